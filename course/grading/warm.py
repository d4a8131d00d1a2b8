"""The grader's side of the fork server: start it once per grading process, ask it for kernels.

:class:`ForkServer` starts ``course.grading.zygote`` in the bubblewrap sandbox with the
module's data files, waits until it has done the imports every notebook needs, checks
that it can make a learner's namespaces (a probe), and then starts one fresh kernel per
learner on request (:meth:`ForkServer.spawn`). Each kernel gets a *box*: a new folder
holding a copy of that learner's files and the connection file and sockets; the box is
deleted when the kernel ends, before the next learner's box is made.

:func:`server_for` keeps one fork server per data set in this process and says, in one
sentence, why there is none (bubblewrap cannot keep a capability here, the imports start
threads, the probe failed), in which case grading starts kernels the ordinary way.
``COURSE_FORK_SERVER=0`` turns it off; ``COURSE_FORK_SERVER_TIMEOUT`` is how many seconds
it may take to start (default 120).
"""

from __future__ import annotations

import atexit
import itertools
import json
import os
import queue
import resource
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

from . import sandbox, zygote
from .plugins.kernel import limits, set_limits

SCRATCH_BASE = "/var/tmp" if os.path.isdir("/var/tmp") else None
SCRATCH_PREFIX = "course-forkserver-"
START_TIMEOUT = 120.0  # seconds for the imports and the probe on a busy machine


def remove_abandoned() -> None:
    """Delete the folders of fork servers whose grading process was killed before it could
    tidy up (the folder's name holds that process's id)."""
    base = Path(SCRATCH_BASE or tempfile.gettempdir())
    for folder in base.glob(f"{SCRATCH_PREFIX}*-*"):
        pid = folder.name[len(SCRATCH_PREFIX) :].split("-", 1)[0]
        try:
            mine = folder.lstat().st_uid == os.geteuid()
        except OSError:
            continue
        if pid.isdigit() and mine and not Path(f"/proc/{pid}").exists():
            shutil.rmtree(folder, ignore_errors=True)


def start_timeout() -> float:
    """Seconds the fork server may take to start (``COURSE_FORK_SERVER_TIMEOUT``)."""
    return float(os.environ.get("COURSE_FORK_SERVER_TIMEOUT", START_TIMEOUT))


class ForkServerUnavailable(RuntimeError):
    """The fork server could not be started; the message says why, in one sentence."""


class ForkServer:
    """One running fork server and the kernels it has started."""

    def __init__(self, data: dict[str, Path]) -> None:
        self.data = dict(data)
        remove_abandoned()
        # Not under /tmp: each kernel gets a fresh /tmp, which would hide its own box.
        prefix = f"{SCRATCH_PREFIX}{os.getpid()}-"
        self.scratch = Path(tempfile.mkdtemp(prefix=prefix, dir=SCRATCH_BASE))
        self.boxes = self.scratch / "boxes"
        self.boxes.mkdir(mode=0o700)
        self._ids = itertools.count(1)
        self._answers: dict[object, queue.Queue[dict]] = {}
        self._exits: dict[int, int] = {}
        self._exited = threading.Condition()
        self._lock = threading.Lock()
        self.preload_seconds = 0.0
        ours, theirs = socket.socketpair()
        self._sock = ours
        self.log = self.scratch / "fork-server.log"
        jail = sandbox.Jail(
            files={},
            data=self.data,
            ipc=self.boxes,
            data_root=zygote.DATA,
            user_namespaces=True,
            die_with_parent=False,
        )
        program = [
            sys.executable,
            "-I",
            "-m",
            "course.grading.zygote",
            "--control",
            str(theirs.fileno()),
            "--work",
            sandbox.WORK,
        ]
        with self.log.open("wb") as log:
            self.proc = subprocess.Popen(
                sandbox.command(jail, program, {}),
                cwd=self.scratch,
                pass_fds=[theirs.fileno()],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=log,
                start_new_session=True,
            )
        theirs.close()
        # The server itself lives long: it gets every cap but CPU time, which each kernel
        # gets afresh when it is forked (zygote.child).
        set_limits([cap for cap in limits() if cap[0] != resource.RLIMIT_CPU], self.proc.pid)
        self._ready: queue.Queue[dict] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()
        try:
            ready = self._ready.get(timeout=start_timeout())
        except queue.Empty:
            self.stop()
            raise ForkServerUnavailable("the fork server did not start in time") from None
        if not ready.get("ready"):
            self.stop()
            raise ForkServerUnavailable(f"the fork server could not start ({self._stderr()})")
        if ready.get("threads", 1) != 1:
            self.stop()
            raise ForkServerUnavailable(
                "importing the course's libraries started threads, so forking is not safe"
            )
        self.preload_seconds = float(ready.get("preload_seconds", 0.0))
        box = self.new_box()
        probe = self._ask({"op": "probe", "box": str(box)}, key="probe")
        self.forget(box)
        if probe.get("probe") != "ok":
            why = f"{probe.get('probe', 'the probe failed')} ({self._stderr()})"
            self.stop()
            raise ForkServerUnavailable(why)

    # --- talking to the server --------------------------------------------------------

    def _read(self) -> None:
        buffer = b""
        while True:
            try:
                chunk = self._sock.recv(65536)
            except OSError:
                chunk = b""
            if not chunk:
                break
            buffer += chunk
            while b"\n" in buffer:
                line, buffer = buffer.split(b"\n", 1)
                self._route(json.loads(line))
        self._ready.put({"ready": False})
        with self._exited:
            self._exits.setdefault(-1, -1)  # the server itself ended
            self._exited.notify_all()
        for waiting in list(self._answers.values()):
            waiting.put({"error": "the fork server stopped"})

    def _route(self, message: dict) -> None:
        if "ready" in message:
            self._ready.put(message)
        elif "exit" in message:
            with self._exited:
                self._exits[int(message["exit"])] = int(message["status"])
                self._exited.notify_all()
        else:
            key = message.get("id", "probe" if "probe" in message else None)
            waiting = self._answers.get(key)
            if waiting is not None:
                waiting.put(message)

    def _ask(self, request: dict, key: object, timeout: float = START_TIMEOUT) -> dict:
        waiting: queue.Queue[dict] = queue.Queue()
        self._answers[key] = waiting
        try:
            with self._lock:
                self._sock.sendall(json.dumps(request).encode() + b"\n")
            return waiting.get(timeout=timeout)
        except (OSError, queue.Empty):
            return {"error": "the fork server did not answer"}
        finally:
            self._answers.pop(key, None)

    def _stderr(self) -> str:
        """The last line the fork server wrote to its log."""
        try:
            lines = self.log.read_text(encoding="utf-8", errors="replace").strip().splitlines()
        except OSError:
            lines = []
        return lines[-1][:300] if lines else "no reason given"

    # --- kernels ------------------------------------------------------------------------

    def alive(self) -> bool:
        return self.proc.poll() is None and -1 not in self._exits

    def new_box(self) -> Path:
        """A new, empty box: ``files/`` for the learner's files, ``ipc/`` for the sockets."""
        box = self.boxes / f"k{next(self._ids)}"
        (box / "files").mkdir(parents=True, mode=0o700)
        (box / "ipc").mkdir(mode=0o700)
        return box

    def spawn(self, box: Path, files: list[str], connection_file: str) -> int:
        """Start a fresh kernel for the learner whose files are in ``box``; return its id."""
        request_id = next(self._ids)
        answer = self._ask(
            {
                "op": "spawn",
                "id": request_id,
                "box": str(box),
                "files": files,
                "data": sorted(self.data),
                "connection_file": connection_file,
                "limits": limits(),
            },
            key=request_id,
        )
        if "pid" not in answer:
            raise ForkServerUnavailable(str(answer.get("error", "no kernel was started")))
        return int(answer["pid"])

    def status(self, pid: int) -> int | None:
        """A kernel's exit status, or ``None`` while it runs."""
        with self._exited:
            if pid in self._exits:
                return self._exits[pid]
            return -1 if -1 in self._exits else None

    def wait(self, pid: int, timeout: float | None = None) -> int | None:
        with self._exited:
            self._exited.wait_for(lambda: self.status(pid) is not None, timeout=timeout)
        return self.status(pid)

    def signal(self, pid: int, signum: int) -> None:
        with self._lock:
            try:
                message = {"op": "kill", "pid": pid, "signal": int(signum)}
                self._sock.sendall(json.dumps(message).encode() + b"\n")
            except OSError:
                pass

    def forget(self, box: Path) -> None:
        """Delete a finished kernel's box."""
        if box.parent == self.boxes:
            shutil.rmtree(box, ignore_errors=True)

    def stop(self) -> None:
        try:
            self._sock.close()
        except OSError:
            pass
        if self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            pass
        shutil.rmtree(self.scratch, ignore_errors=True)


_servers: dict[tuple, ForkServer] = {}
_problems: dict[tuple, str] = {}
_guard = threading.Lock()


def wanted(trust: bool) -> bool:
    """Whether grading should try the fork server: only for isolated grading (``trust`` is
    grading without the sandbox), on Linux, unless ``COURSE_FORK_SERVER=0`` says no."""
    return (
        not trust
        and os.environ.get("COURSE_FORK_SERVER", "1") != "0"
        and sys.platform.startswith("linux")
    )


def server_for(data: dict[str, Path]) -> tuple[ForkServer | None, str]:
    """This process's fork server for a module's data files, or ``None`` and why not."""
    key = tuple(sorted((rel, str(path)) for rel, path in data.items()))
    with _guard:
        if key in _problems:
            return None, _problems[key]
        server = _servers.get(key)
        if server is not None and server.alive():
            return server, ""
        if server is not None:
            server.stop()
        try:
            server = _servers[key] = ForkServer(data)
        except (ForkServerUnavailable, OSError) as exc:
            _servers.pop(key, None)
            _problems[key] = str(exc)
            return None, _problems[key]
        return server, ""


def server_of(box: Path) -> ForkServer | None:
    """The fork server that made ``box``."""
    for server in _servers.values():
        if Path(box).parent == server.boxes:
            return server
    return None


@atexit.register
def _stop_all() -> None:
    for server in list(_servers.values()):
        server.stop()
    _servers.clear()

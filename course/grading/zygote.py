"""The fork server inside the grading sandbox: import once, fork a fresh kernel per learner.

Starting a grading kernel costs about two seconds, nearly all of it importing ipykernel,
pandas, altair and the course helpers, the same for every learner. This process runs in
the bubblewrap sandbox (``course.grading.sandbox``) with an empty work folder, does those
imports once, and then, for each learner, forks a child that:

* moves into new mount, PID, IPC, UTS, network and cgroup namespaces of its own, so it
  shares none with the fork server or with any other learner;
* gets a fresh proc, fresh tmpfs work folder, ``/tmp`` and ``/dev/shm``, the module's data
  files read-only and a copy of that learner's own files; every other mount becomes
  read-only, so nothing it writes outlives it (see :data:`WRITABLE`);
* gives up its last capability for good and runs ipykernel on the connection file the
  grader wrote.

The fork server never runs learner code: it only imports and forks. It talks to the
grader over one inherited socket (``--control``), one JSON object per line:

* ``{"op": "probe"}``: fork a child that builds the namespaces and exits, answer
  ``{"probe": "ok"}`` or ``{"probe": "<why not>"}``;
* ``{"op": "spawn", "id": n, "box": ..., "files": [...], "connection_file": ...}``:
  answer ``{"id": n, "pid": p}``;
* ``{"op": "kill", "pid": p, "signal": s}``;
* and, unasked, ``{"exit": p, "status": code}`` when a child ends.

The grader side is ``course.grading.warm``.
"""

from __future__ import annotations

import argparse
import json
import os
import selectors
import shutil
import signal
import socket
import sys
import time

from . import linux
from .sandbox import TMP_BYTES, WORK_BYTES

DATA = "/course-data"  # where the fork server sees the module's data files, read-only
SHM_BYTES = 64 * 1024 * 1024
SETUP_FAILED = 70  # exit status of a child whose sandbox could not be made
PRELOAD = (
    "course.grading.capped_session",
    "ipykernel.kernelapp",
    "ipykernel.ipkernel",
    "ipykernel.zmqshell",
    "IPython.core.interactiveshell",
    "IPython.core.history",
    "IPython.core.debugger",
    "ipykernel.debugger",
    "debugpy",
    "sqlite3",
    "pydoc",
    "tornado.ioloop",
    "tornado.queues",
    "numpy",
    "pandas",
    "altair",
    "vl_convert",
    "ipywidgets",
    "anywidget",
    "course.answers",
    "course.capstone",
    "course.charts",
    "course.checks",
    "course.explain",
    "course.planning",
    "course.portfolio",
    "course.reflect",
    "course.submit",
    "course.text",
)
NAMESPACES = (
    linux.CLONE_NEWUSER
    | linux.CLONE_NEWNS
    | linux.CLONE_NEWPID
    | linux.CLONE_NEWIPC
    | linux.CLONE_NEWUTS
    | linux.CLONE_NEWNET
    | linux.CLONE_NEWCGROUP
)
DEVICES = ("/dev/null", "/dev/zero", "/dev/full", "/dev/random", "/dev/urandom", "/dev/tty")


def preload() -> float:
    """Import what every learner's notebook imports; return the seconds it took."""
    import importlib

    started = time.perf_counter()
    for name in PRELOAD:
        try:
            importlib.import_module(name)
        except ImportError:
            pass  # an optional helper missing here is imported (or not) by the notebook
    _warm_charts()
    _warm_word_count()
    return time.perf_counter() - started


def _warm_word_count() -> None:
    """Count words once, so the word pattern (built from a scan of Unicode, about a tenth
    of a second) is ready before forking rather than built again in every kernel."""
    try:
        from course.text import word_count
    except ImportError:
        return
    word_count("ready")


def _warm_charts() -> None:
    """Validate one tiny chart, so altair's schema validator is built once, here.

    Drawing it (vl-convert) is left to each kernel: that starts threads, after which
    forking is not safe.
    """
    try:
        import altair as alt
        import pandas as pd
    except ImportError:
        return
    alt.Chart(pd.DataFrame({"x": [1]})).mark_point().encode(x="x:Q").to_dict()


def threads() -> int:
    """Threads in this process: forking is only safe while there is one."""
    return len(os.listdir("/proc/self/task"))


# --- in the child ---------------------------------------------------------------------


def _tmpfs(target: str, size: int) -> None:
    os.makedirs(target, exist_ok=True)
    linux.mount(
        "tmpfs", target, "tmpfs", linux.MS_NOSUID | linux.MS_NODEV, f"size={size},mode=0755"
    )


def _bind_readonly(source: str, target: str) -> None:
    linux.mount(source, target, None, linux.MS_BIND)
    linux.mount(
        None,
        target,
        None,
        linux.MS_REMOUNT | linux.MS_BIND | linux.MS_RDONLY | linux.MS_NOSUID | linux.MS_NODEV,
    )


def _remount_readonly(point: str, options: set[str]) -> None:
    """Make the mount at ``point`` read-only, keeping the flags it was mounted with (the
    kernel refuses to drop a flag a more privileged namespace set)."""
    flags = linux.MS_REMOUNT | linux.MS_BIND | linux.MS_RDONLY
    linux.mount(None, point, None, flags | linux.kept_flags(options))


def _fresh_proc() -> None:
    """Mount a proc of this PID namespace over the fork server's, covered as bwrap covers it.

    Where the kernel refuses (bubblewrap run by root covers parts of its proc, and a
    covered proc cannot be mounted again), hide the fork server's proc behind an empty,
    read-only folder instead: the learner's kernel then has no ``/proc``.
    """
    flags = linux.MS_NOSUID | linux.MS_NODEV | linux.MS_NOEXEC
    try:
        linux.mount("proc", "/proc", "proc", flags)
    except PermissionError:
        linux.mount("tmpfs", "/proc", "tmpfs", flags | linux.MS_RDONLY, "size=4k,mode=0555")
        return
    for sub in ("/proc/sys", "/proc/sysrq-trigger", "/proc/irq", "/proc/bus"):
        if os.path.exists(sub):
            _bind_readonly(sub, sub)


def writable(work: str, ipc: str) -> set[str]:
    """The only mounts a learner's kernel may write to; every other one is read-only."""
    return {work, "/tmp", "/dev/shm", ipc, "/proc", "/dev/pts", *DEVICES}


def own_user_namespace() -> None:
    """Map this process's user to itself in the new user namespace it has just entered."""
    uid, gid = os.geteuid(), os.getegid()
    for name, text in (("setgroups", "deny"), ("uid_map", f"{uid} {uid} 1")):
        with open(f"/proc/self/{name}", "w", encoding="ascii") as handle:
            handle.write(text)
    with open("/proc/self/gid_map", "w", encoding="ascii") as handle:
        handle.write(f"{gid} {gid} 1")


def no_more_user_namespaces() -> None:
    """Forbid user namespaces inside this one, as bubblewrap's ``--disable-userns`` does;
    only a process with a capability here could raise the limit again, and none will."""
    with open("/proc/sys/user/max_user_namespaces", "w", encoding="ascii") as handle:
        handle.write("0")


def _fresh_tmp(kept: list[tuple[str, set[str]]]) -> None:
    """A fresh ``/tmp``, with the read-only folders bound under the old one put back on top
    (a Python or course checkout that lives under ``/tmp``, as a CI clone may)."""
    handles = {point: os.open(point, os.O_PATH | os.O_NOFOLLOW) for point, _ in kept}
    options = dict(kept)
    _tmpfs("/tmp", TMP_BYTES)
    for point, fd in handles.items():
        if os.path.isdir(f"/proc/self/fd/{fd}"):
            os.makedirs(point, exist_ok=True)
        else:
            os.makedirs(os.path.dirname(point), exist_ok=True)
            open(point, "wb").close()
        linux.mount(f"/proc/self/fd/{fd}", point, None, linux.MS_BIND | linux.MS_REC)
        _remount_readonly(point, options[point])
        os.close(fd)


def _hide_other_boxes(box: str) -> str:
    """Cover the fork server's folder of boxes with an empty tmpfs and put back only this
    learner's socket folder; return its path (the same path the grader uses)."""
    ipc = os.path.join(box, "ipc")
    keep = os.open(ipc, os.O_PATH | os.O_DIRECTORY | os.O_NOFOLLOW)
    boxes = os.path.dirname(box)
    linux.mount("tmpfs", boxes, "tmpfs", linux.MS_NOSUID | linux.MS_NODEV, "size=64k,mode=0700")
    os.makedirs(ipc)
    linux.mount(f"/proc/self/fd/{keep}", ipc, None, linux.MS_BIND)
    os.close(keep)
    return ipc


def enter(work: str, box: str, files: list[str], data: list[str]) -> None:
    """Turn this freshly forked process into one learner's sandbox (see the module docstring).

    Runs as PID 1 of a new PID namespace, in new user and mount namespaces of its own.
    """
    linux.prctl(linux.PR_SET_PDEATHSIG, signal.SIGKILL)
    linux.mount(None, "/", None, linux.MS_REC | linux.MS_PRIVATE)
    inherited = linux.mounts()  # read now: the proc may be hidden below
    no_more_user_namespaces()
    _tmpfs(work, WORK_BYTES)
    for rel in data:
        target = os.path.join(work, rel)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        open(target, "wb").close()
        _bind_readonly(os.path.join(DATA, rel), target)
    for rel in files:
        target = os.path.join(work, rel)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        fd = os.open(os.path.join(box, "files", rel), os.O_RDONLY | os.O_NOFOLLOW)
        with os.fdopen(fd, "rb") as src, open(target, "wb") as dst:
            shutil.copyfileobj(src, dst)
    ipc = _hide_other_boxes(box)
    _fresh_tmp([(point, opts) for point, opts in inherited if point.startswith("/tmp/")])
    _tmpfs("/dev/shm", SHM_BYTES)
    _fresh_proc()
    keep = writable(work, ipc)
    for point, options in inherited:
        if point in keep or point.startswith((work + "/", "/proc/")) or "ro" in options:
            continue
        _remount_readonly(point, options)
    linux.drop_capabilities()
    for folder in ("/tmp/home/.ipython", "/tmp/home/runtime", "/tmp/home/.cache"):
        os.makedirs(folder, exist_ok=True)
    os.chdir(work)


def _quiet_stdio() -> None:
    null = os.open("/dev/null", os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(null, fd)
    os.close(null)


def child(request: dict, work: str) -> None:
    """The forked side of a spawn or a probe; never returns."""
    status = 0
    try:
        signal.set_wakeup_fd(-1)
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        linux.unshare(NAMESPACES)
        own_user_namespace()
        inner = os.fork()  # the first child in the new PID namespace is its PID 1
        if inner:
            _quiet_stdio()
            os.closerange(3, 1 << 16)
            _, code = os.waitpid(inner, 0)
            os._exit(os.waitstatus_to_exitcode(code) & 0xFF)
        box = request.get("box", "")
        enter(work, box, request.get("files", []), request.get("data", []))
        if request.get("op") == "probe":
            os._exit(0 if linux.capabilities() == 0 else SETUP_FAILED)
        from .plugins.kernel import set_limits

        set_limits([(int(which), int(value)) for which, value in request.get("limits", [])])
        os.closerange(3, 1 << 16)
        _quiet_stdio()
        import random

        random.seed()
        sys.argv = ["ipykernel_launcher", "-f", request["connection_file"]]
        from . import capped_session

        capped_session.launch(sys.argv[1:])
    except BaseException as exc:  # noqa: BLE001 (report why, then end this child only)
        status = SETUP_FAILED
        try:
            import traceback

            traceback.print_exc(file=sys.__stderr__)
            sys.__stderr__.write(f"course fork server: child failed: {exc!r}\n")
        except Exception:  # noqa: BLE001
            pass
    os._exit(status)


# --- the server -------------------------------------------------------------------------


class Server:
    """Read requests from the control socket, fork children, report when they end."""

    def __init__(self, control: socket.socket, work: str) -> None:
        self.control, self.work = control, work
        self.children: set[int] = set()
        self.buffer = b""

    def send(self, message: dict) -> None:
        self.control.sendall(json.dumps(message).encode() + b"\n")

    def fork(self, request: dict) -> int:
        pid = os.fork()
        if pid == 0:
            self.control.close()
            child(request, self.work)
        self.children.add(pid)
        return pid

    def probe(self, request: dict) -> str:
        pid = self.fork(request)
        _, code = os.waitpid(pid, 0)
        self.children.discard(pid)
        if os.waitstatus_to_exitcode(code) != 0:
            return "a learner's namespaces could not be made inside the sandbox"
        return "ok"

    def handle(self, request: dict) -> None:
        op = request.get("op")
        if op == "probe":
            self.send({"probe": self.probe(request)})
        elif op == "spawn":
            self.send({"id": request.get("id"), "pid": self.fork(request)})
        elif op == "kill":
            pid = int(request.get("pid", 0))
            if pid in self.children:
                try:
                    os.kill(pid, int(request.get("signal", signal.SIGKILL)))
                except ProcessLookupError:
                    pass

    def reap(self) -> None:
        for pid in list(self.children):
            try:
                done, code = os.waitpid(pid, os.WNOHANG)
            except ChildProcessError:
                done, code = pid, 0
            if done:
                self.children.discard(pid)
                self.send({"exit": pid, "status": os.waitstatus_to_exitcode(code)})

    def serve(self) -> None:
        wake_r, wake_w = os.pipe()
        os.set_blocking(wake_w, False)
        signal.set_wakeup_fd(wake_w)
        signal.signal(signal.SIGCHLD, lambda *_: None)
        events = selectors.DefaultSelector()
        events.register(self.control, selectors.EVENT_READ, "control")
        events.register(wake_r, selectors.EVENT_READ, "child")
        while True:
            for key, _ in events.select(timeout=1.0):
                if key.data == "child":
                    os.read(wake_r, 4096)
                    continue
                chunk = self.control.recv(65536)
                if not chunk:
                    self.stop()
                    return
                self.buffer += chunk
                while b"\n" in self.buffer:
                    line, self.buffer = self.buffer.split(b"\n", 1)
                    self.handle(json.loads(line))
            self.reap()

    def stop(self) -> None:
        for pid in self.children:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass


def main(argv: list[str] | None = None) -> int:
    """``python -I -m course.grading.zygote --control FD --work W`` (inside bwrap)."""
    parser = argparse.ArgumentParser(prog="course-fork-server")
    parser.add_argument("--control", type=int, required=True)
    parser.add_argument("--work", required=True)
    options = parser.parse_args(argv)
    control = socket.socket(fileno=options.control)
    seconds = preload()
    server = Server(control, options.work)
    count = threads()
    server.send({"ready": True, "preload_seconds": round(seconds, 3), "threads": count})
    server.serve()
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""nbgrader's Execute step, with the learner's kernel in a sandbox and its output capped.

``IsolatedExecute`` replaces nbgrader's ``Execute`` in ``Autograde.autograde_preprocessors``.
For each notebook it:

* builds the allow-list jail (``course.grading.sandbox``): a fresh copy of this
  learner's files, the module's data read-only, the sockets; nothing else;
* starts the kernel over IPC sockets (it has no network) through
  ``course.grading.plugins.kernel``, which applies the limits and starts ``bwrap``;
* caps every message (ZeroMQ ``MAXMSGSIZE``), every output and the notebook's
  outputs as a whole before they reach nbgrader, the gradebook or feedback;
* takes the answers each check cell hands over (a display of
  :data:`ANSWERS_MIME`) out of the notebook and keeps them for ``TrustedChecks``;
* when the kernel dies, notes the cell that killed it, leaves the cells below
  unrun and lets grading go on, so marks already earned are kept.

Refuses to run unless isolation works or ``trust_submissions`` is set.
"""

from __future__ import annotations

import asyncio
import json
import shutil
import sys
import tempfile
from pathlib import Path
from queue import Empty
from typing import Any

from jupyter_client.kernelspec import KernelSpec
from jupyter_core.utils import ensure_async, run_sync
from nbclient.exceptions import DeadKernelError
from nbclient.util import run_hook
from nbformat.notebooknode import NotebookNode, from_dict
from nbgrader.preprocessors import Execute
from traitlets import Bool, Integer

from ... import answers as answer_format
from ...checks import ANSWERS_MIME
from .. import capped_session, sandbox
from .place import place
from .provisioner import forked_kernel_spec

MiB = 1024 * 1024
_FALLBACK_NOTED: set[str] = set()  # reasons already logged by this grading process


class IsolationUnavailable(RuntimeError):
    """Learner code cannot be isolated here and the tutor has not chosen to trust it."""


def note(text: str) -> NotebookNode:
    """A stderr-free note in a cell's output (stdout, so nbgrader does not count it as failing)."""
    return from_dict({"output_type": "stream", "name": "stdout", "text": text + "\n"})


def size_of(output: NotebookNode) -> int:
    """Bytes an output takes in the notebook file."""
    return len(json.dumps(output, ensure_ascii=False).encode("utf-8"))


async def kernel_ready(kc: Any, km: Any, timeout: float) -> None:
    """Wait until the kernel answers on its shell channel and its IOPub channel is heard.

    jupyter_client's own wait listens for a fifth of a second of IOPub silence after the
    reply; here the proof that IOPub is connected is the kernel's own "idle" status for
    the request, which arrives at once, so no fixed wait is added to every learner.
    """
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    asked: set[str] = set()  # a reply to any of them will do: early requests wait in a queue
    while loop.time() < deadline:
        asked.add(kc.kernel_info())
        try:
            reply = await kc.get_shell_msg(timeout=1)
        except Empty:
            reply = None
        if reply is not None and reply.get("parent_header", {}).get("msg_id") in asked:
            heard = loop.time() + 1
            while loop.time() < heard:
                try:
                    msg = await kc.get_iopub_msg(timeout=0.5)
                except Empty:
                    break
                if (
                    msg.get("parent_header", {}).get("msg_id") in asked
                    and msg.get("content", {}).get("execution_state") == "idle"
                ):
                    kc._handle_kernel_info_reply(reply)
                    return
        if not await ensure_async(km.is_alive()):
            raise RuntimeError("Kernel died before replying to kernel_info")
    raise RuntimeError(f"Kernel didn't respond in {timeout:.0f} seconds")


class IsolatedExecute(Execute):
    """Run the learner's notebook in the bubblewrap sandbox; see the module docstring."""

    trust_submissions = Bool(
        False, help="Run learners' code without the sandbox (only the limits apply)."
    ).tag(config=True)
    max_output_bytes = Integer(1 * MiB, help="Largest single output kept.").tag(config=True)
    max_notebook_output_bytes = Integer(
        8 * MiB, help="Largest total of all outputs kept for one notebook."
    ).tag(config=True)
    max_message_bytes = Integer(16 * MiB, help="Largest message accepted from a kernel.").tag(
        config=True
    )
    max_submission_bytes = Integer(
        64 * MiB, help="Largest total of a learner's files copied into the sandbox."
    ).tag(config=True)
    fork_server = Bool(
        True,
        help="Fork each learner's kernel from a fork server that has done the imports "
        "(course.grading.zygote); off, or where it cannot run, each kernel starts afresh.",
    ).tag(config=True)

    def preprocess(self, nb: NotebookNode, resources: Any = None, km: Any = None):  # type: ignore[override]
        if not self.trust_submissions:
            why = sandbox.problem()
            if why:
                raise IsolationUnavailable(
                    f"Learners' code cannot be isolated here: {why}. Install it, or pass "
                    "--trust-submissions to grade without isolation."
                )
        self._scratch = Path(tempfile.mkdtemp(prefix="course-grading-"))
        self._used = 0
        self._cut_notice = False
        self._box: Path | None = None
        resources.setdefault("course_answers", {})
        resources["course_dead_cell"] = None
        self.store_widget_state = False
        self.raise_on_iopub_timeout = False
        self.shutdown_kernel = "immediate"  # the kernel is thrown away: nothing to save
        try:
            self._write_jail(resources)
            return super().preprocess(nb, resources, km)
        finally:
            shutil.rmtree(self._scratch, ignore_errors=True)
            if self._box is not None:
                shutil.rmtree(self._box, ignore_errors=True)

    # --- the jail ------------------------------------------------------------------

    def _write_jail(self, resources: dict[str, Any]) -> None:
        where = place(self.config, resources)
        own, source = where.folder, where.source
        data = sandbox.module_data(source)
        files: dict[str, str] = {}
        total = 0
        for path in sorted(own.rglob("*")):
            rel = str(path.relative_to(own))
            if (
                path.is_symlink()
                or not path.is_file()
                or path.suffix == ".ipynb"
                or rel in data
                or ".ipynb_checkpoints" in path.parts
            ):
                continue
            total += path.stat().st_size
            if total > self.max_submission_bytes or len(files) >= 2000:
                self.log.warning(
                    "learner's files over %d bytes; %s and later left out",
                    self.max_submission_bytes,
                    rel,
                )
                break
            files[rel] = str(path)
        self._ipc = self._scratch / "ipc"
        self._ipc.mkdir(mode=0o700)
        (self._scratch / "launch").mkdir(mode=0o700)
        self._box = self._warm_box(files, data)
        self._jail = self._scratch / "jail.json"
        self._jail.write_text(
            json.dumps(
                {
                    "files": files,
                    "data": {k: str(v) for k, v in data.items()},
                    "ipc": str(self._ipc),
                    "cwd": str(own),
                }
            ),
            encoding="utf-8",
        )

    def _warm_box(self, files: dict[str, str], data: dict[str, Path]) -> Path | None:
        """A box from this process's fork server holding a copy of the learner's files, or
        ``None`` (and a note in the log, once) when kernels must be started the ordinary way."""
        from .. import warm

        if not self.fork_server or not warm.wanted(trust=self.trust_submissions):
            return None
        server, why = warm.server_for(data)
        if server is None:
            if why not in _FALLBACK_NOTED:
                _FALLBACK_NOTED.add(why)
                self.log.warning(
                    "COURSE-FALLBACK: grading kernels were started one by one, without the "
                    "fork server (%s)",
                    why,
                )
            return None
        box = server.new_box()
        for rel, path in files.items():
            target = box / "files" / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target, follow_symlinks=False)
        self._ipc = box / "ipc"
        self._files = sorted(files)
        return box

    def create_kernel_manager(self):  # type: ignore[no-untyped-def]
        import zmq
        import zmq.asyncio

        km = super().create_kernel_manager()
        context = zmq.asyncio.Context()
        context.setsockopt(zmq.MAXMSGSIZE, self.max_message_bytes)
        km.context = context
        make_client = km.client
        km.client = lambda **kw: make_client(context=context, **kw)  # type: ignore[method-assign]
        km.transport = "ipc"
        km.ip = str(self._ipc / "k")
        km.connection_file = str(self._ipc / "connection.json")
        launcher = [
            sys.executable,
            "-I",
            "-m",
            "course.grading.plugins.kernel",
            "--jail",
            str(self._jail),
            *(["--trust"] if self.trust_submissions else []),
            "--",
        ]
        kernel = [sys.executable, "-I", "-m", capped_session.__name__, "-f", "{connection_file}"]
        if self._box is not None:
            km._kernel_spec = forked_kernel_spec(self._box, self._files)
            return km
        km._kernel_spec = KernelSpec(
            argv=[*launcher, *kernel],
            language="python",
            display_name="Python 3 (course grading sandbox)",
            interrupt_mode="message",
            env={},
        )
        return km

    async def async_start_new_kernel_client(self):  # type: ignore[no-untyped-def]
        """nbclient's, with :func:`kernel_ready` instead of jupyter_client's fixed waits."""
        assert self.km is not None
        self.kc = self.km.client()
        await ensure_async(self.kc.start_channels())
        try:
            await kernel_ready(self.kc, self.km, self.startup_timeout)
        except Exception:
            await self._async_cleanup_kernel()
            raise
        self.kc.allow_stdin = False
        await run_hook(self.on_notebook_start, notebook=self.nb)
        return self.kc

    async def async_start_new_kernel(self, **kwargs: Any) -> None:
        kwargs["cwd"] = str(self._scratch / "launch")  # an empty folder the course owns
        await super().async_start_new_kernel(**kwargs)

    # nbclient's blocking forms wrap its own coroutines, not a subclass's: wrap these.
    start_new_kernel = run_sync(async_start_new_kernel)
    start_new_kernel_client = run_sync(async_start_new_kernel_client)

    # --- running cells ---------------------------------------------------------------

    def preprocess_cell(self, cell: NotebookNode, resources: dict, index: int):  # type: ignore[override]
        if resources.get("course_dead_cell") is not None:
            if cell.cell_type == "code":
                cell.outputs = []
                cell.execution_count = None
            return cell, resources
        try:
            return super().preprocess_cell(cell, resources, index)
        except DeadKernelError:
            resources["course_dead_cell"] = {"index": index, "id": cell.get("id", "")}
            cell.outputs.append(
                note(
                    "The notebook stopped here: the code in this cell ended Python (for example "
                    "with exit() or os._exit()), so the cells below were not run."
                )
            )
            self.log.warning(
                "COURSE-DEAD-KERNEL: the kernel died in cell %d (%s)", index + 1, cell.get("id", "")
            )
            return cell, resources

    def output(
        self, outs: list[NotebookNode], msg: dict[str, Any], display_id: str | None, cell_index: int
    ) -> NotebookNode | None:
        content = msg.get("content", {})
        if msg.get("msg_type") == "display_data" and ANSWERS_MIME in content.get("data", {}):
            self._take_answers(content["data"][ANSWERS_MIME], cell_index)
            return None
        out = super().output(outs, msg, display_id, cell_index)
        if out is None or not outs or outs[-1] is not out:
            return out
        size = size_of(out)
        if size > self.max_output_bytes:
            outs[-1] = out = note(capped_session.too_large(size, self.max_output_bytes))
            size = size_of(out)
        if self._used + size > self.max_notebook_output_bytes:
            outs.pop()
            if not self._cut_notice:
                self._cut_notice = True
                outs.append(
                    note(
                        f"[Outputs from here on were left out: the notebook's output "
                        f"passed the limit of {self.max_notebook_output_bytes:,} "
                        "bytes.]"
                    )
                )
            return None
        self._used += size
        return out

    def _take_answers(self, bundle: Any, cell_index: int) -> None:
        """Keep one check's answers, as JSON text, for the cell that displayed them."""
        text = json.dumps(bundle, ensure_ascii=False)
        if len(text.encode("utf-8")) > answer_format.MAX_FILE_BYTES:
            text = '{"format": "too-large"}'
        check_id = bundle.get("check") if isinstance(bundle, dict) else None
        self.resources["course_answers"].setdefault(cell_index, {})[str(check_id)] = text

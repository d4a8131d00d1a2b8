"""``course check``: run a module's visible checks on a learner's own notebook.

A copy of the learner's notebook is run top to bottom in a temporary folder that holds copies
of the module's CSV files and the learner's ``reflections/`` folder, so the learner's own files
are never changed. Each locked, autograded test cell (the data checks and the reflection
completeness checks) passes if it ran without an error; otherwise the learner is shown the
check's own message, which says in words what to look at. Only the checks in the learner's
(release) notebook are run: release notebooks hold no solutions or hidden tests, and any
hidden-test block found in a copy is removed before it runs.

Each cell has a time limit (``COURSE_CELL_TIMEOUT`` seconds, default 60, as for grading). A
cell that runs past it is interrupted and reported; if it ignores the interruption, the run
stops there and the checks after it are reported as not run.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import nbformat
from jupyter_client.kernelspec import NoSuchKernel
from nbclient import NotebookClient
from nbclient.exceptions import CellTimeoutError, DeadKernelError

from . import notebooks, progress
from .errors import CourseError
from .notebooks import is_autograded_test
from .paths import match_module
from .reflect import FOLDER

DEFAULT_TIMEOUT = 60
MESSAGE_LENGTH = 400


@dataclass(frozen=True)
class Finding:
    """One check's result, or a note about a cell that was stopped (``check`` false)."""

    label: str
    passed: bool
    message: str = ""
    check: bool = True


@dataclass
class Report:
    """What ``course check`` found for one module, in notebook order."""

    module: str
    findings: list[Finding] = field(default_factory=list)

    @property
    def checks(self) -> list[Finding]:
        """The checks only (not the notes about stopped cells)."""
        return [f for f in self.findings if f.check]

    @property
    def passed(self) -> int:
        """How many checks pass."""
        return sum(f.passed for f in self.checks)

    def lines(self) -> list[str]:
        """The feedback: a line per check (and its message), then the summary line."""
        out = []
        for f in self.findings:
            if f.check and f.passed:
                out.append(f"  passed   {f.label}")
            elif f.check:
                out += [f"  not yet  {f.label}", f"           {f.message}"]
            else:
                out.append(f"  stopped  {f.label}: {f.message}")
        total = len(self.checks)
        problems = [f for f in self.findings if not f.passed]
        if not total:
            out.append("This notebook has no checks to run.")
        elif problems:
            first = problems[0]
            out.append(
                f"{self.passed} of {total} checks pass; next: {first.label}: {first.message}"
            )
        else:
            out.append(
                f"{total} of {total} checks pass; next: nothing, every check passes "
                "(your tutor still reads and marks your reflections, and the final "
                "marking checks your answers more fully)."
            )
        return out


class _Client(NotebookClient):
    """A notebook client that notes which cells ran and which ran past the time limit.

    A cell past the limit is interrupted (as in grading). If it is still running after a
    second time limit, :class:`CellTimeoutError` is raised to stop the whole run.
    """

    def __init__(self, nb: nbformat.NotebookNode, **kw: Any) -> None:
        super().__init__(nb, **kw)
        self.executed: set[int] = set()
        self.timed_out: set[int] = set()
        self.current = -1
        self.abandoned = -1  # the cell that ignored its interruption, if any

    async def async_execute_cell(
        self,
        cell: nbformat.NotebookNode,
        cell_index: int,
        execution_count: int | None = None,
        store_history: bool = True,
    ) -> nbformat.NotebookNode:
        self.current = cell_index
        result = await super().async_execute_cell(cell, cell_index, execution_count, store_history)
        self.executed.add(cell_index)
        return result

    async def _async_handle_timeout(
        self, timeout: int, cell: nbformat.NotebookNode | None = None
    ) -> None | dict[str, Any]:
        if self.current in self.timed_out:  # the interruption did not stop it
            self.abandoned = self.current
            raise CellTimeoutError.error_from_timeout_and_cell(
                "Cell ignored the interruption", timeout, cell
            )
        self.timed_out.add(self.current)
        return await super()._async_handle_timeout(timeout, cell)


def cell_timeout() -> int:
    """Seconds a cell may run: ``COURSE_CELL_TIMEOUT`` or 60."""
    raw = os.environ.get("COURSE_CELL_TIMEOUT", str(DEFAULT_TIMEOUT))
    try:
        value = int(raw)
    except ValueError:
        value = 0
    if value <= 0:
        raise CourseError(
            f"COURSE_CELL_TIMEOUT should be a whole number of seconds above 0, "
            f"not {raw!r}; change it or unset it to use {DEFAULT_TIMEOUT}."
        )
    return value


def module_folder(workspace: Path, name: str) -> Path:
    """The workspace folder of module ``name`` (``m01`` or its full id); clear errors if none."""
    ids = [p.name for p in progress.module_folders(workspace)]
    found = match_module(ids, name)
    if found is None:
        raise CourseError(
            f"There is no module called {name!r} in your workspace {workspace}; "
            f"the modules are: {', '.join(ids)}."
        )
    return workspace / found


def read_notebook(path: Path) -> nbformat.NotebookNode:
    """Read the learner's notebook, or raise a one-sentence error saying what to do."""
    fresh = "or rename it and run `course start` to get a fresh copy beside it"
    if not path.is_file():
        raise CourseError(
            f"Your notebook {path} is missing; run `course start` to copy a "
            "fresh one into your workspace (your other work is kept)."
        )
    try:
        return notebooks.read(path)
    except notebooks.NotebookUnreadable as exc:
        raise CourseError(
            f"Your notebook {path} is not a notebook the course can read "
            f"({exc.reason}), so it cannot be checked; restore it from a backup "
            f"{fresh}."
        ) from exc


def _prepare(nb: nbformat.NotebookNode) -> None:
    """Remove any hidden-test block and every saved output, so only this run is read."""
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.source = notebooks.split_hidden(cell.source)[0]
            cell.outputs = []
            cell.execution_count = None


def _label(cell: nbformat.NotebookNode, index: int) -> str:
    """How a learner recognises a cell: its first comment line, or its position."""
    first = cell.source.strip().splitlines()[0] if cell.source.strip() else ""
    if first.startswith("#") and first.lstrip("# ").strip():
        return first.lstrip("# ").strip()
    keys = [key for _, key, _ in progress.cell_reflection_checks(cell.source)]
    if keys:
        return f"Check: reflection {', '.join(repr(k) for k in keys)} is complete"
    return f"Check in cell {index + 1}" if is_autograded_test(cell) else f"Cell {index + 1}"


def _error(cell: nbformat.NotebookNode) -> tuple[str, str] | None:
    """``(ename, evalue)`` of the first error the cell raised, if any."""
    for out in cell.get("outputs", []):
        if out.get("output_type") == "error":
            return str(out.get("ename", "")), str(out.get("evalue", ""))
    return None


def _short(text: str) -> str:
    """A message on one line, cut to a readable length."""
    text = " ".join(text.split())
    return text if len(text) <= MESSAGE_LENGTH else text[: MESSAGE_LENGTH - 3] + "..."


def findings(
    nb: nbformat.NotebookNode, client: _Client, timeout: int, stopped_at: str = ""
) -> list[Finding]:
    """Each check's result and each stopped cell, in notebook order, from an executed copy."""
    limit = f"it ran for more than {timeout} s and was stopped"
    hint = "look for a loop that never ends."
    found = []
    for index, cell in enumerate(nb.cells):
        check = is_autograded_test(cell)
        if index in client.timed_out:
            how = (
                " (it ignored the interruption, so nothing after it was run)"
                if index == client.abandoned
                else ""
            )
            found.append(Finding(_label(cell, index), False, f"{limit}{how}: {hint}", check))
            continue
        if not check:
            continue
        error = _error(cell)
        if index not in client.executed:
            message = f"it did not run, because {stopped_at or 'the run stopped earlier'}."
        elif error and error[0] == "AssertionError" and error[1].strip():
            message = _short(error[1])
        elif error:
            message = _short(
                f"it stopped with {error[0]}: {error[1]}; run the cells above it "
                "in order and fix the first one that shows an error."
            )
        else:
            found.append(Finding(_label(cell, index), True))
            continue
        found.append(Finding(_label(cell, index), False, message))
    return found


def execute(nb: nbformat.NotebookNode, work: Path, timeout: int) -> tuple[_Client, str]:
    """Run ``nb`` in folder ``work``; return the client and why the run ended early ("" if not)."""
    client = _Client(
        nb,
        timeout=timeout,
        kernel_name="python3",
        allow_errors=True,
        interrupt_on_timeout=True,
        shutdown_kernel="immediate",
        resources={"metadata": {"path": str(work)}},
    )
    try:
        client.execute(stderr=subprocess.DEVNULL)  # the kernel's own log, not the learner's
    except CellTimeoutError:
        return client, "a cell above it ignored the time limit, so the run ended there"
    except (NoSuchKernel, RuntimeError) as exc:  # DeadKernelError is a RuntimeError too
        if isinstance(exc, DeadKernelError) and client.current >= 0:
            where = _label(nb.cells[client.current], client.current)
            return client, f"Python stopped while running {where!r} (perhaps out of memory)"
        raise CourseError(
            f"Python could not be started to run your notebook "
            f"({exc.__class__.__name__}); reinstall the course with `make start` "
            "and try again."
        ) from exc
    return client, ""


def run(workspace: Path, name: str, say: Callable[[str], None] | None = None) -> Report:
    """Check module ``name`` in ``workspace``; record the result for ``course progress``."""
    timeout = cell_timeout()
    folder = module_folder(workspace, name)
    notebook = folder / f"{folder.name}.ipynb"
    original_hash = progress.sha256(notebook)
    nb = read_notebook(notebook)
    _prepare(nb)
    if say:
        say(
            f"Checking {folder.name}: running a copy of your notebook "
            f"(up to {timeout} s a cell; your own files are not changed)..."
        )
    with tempfile.TemporaryDirectory(prefix="course-check-") as tmp:
        work = Path(tmp) / folder.name
        work.mkdir()
        for csv in folder.glob("*.csv"):
            shutil.copy2(csv, work / csv.name)
        if (folder / FOLDER).is_dir():
            shutil.copytree(folder / FOLDER, work / FOLDER)
        shutil.copy2(notebook, work / notebook.name)  # the copy that is run (held in memory)
        client, stopped_at = execute(nb, work, timeout)
    report = Report(folder.name, findings(nb, client, timeout, stopped_at))
    try:
        progress.save_result(folder, report.passed, len(report.checks), original_hash)
    except OSError:  # a read-only folder: the feedback matters more than the record
        pass
    return report

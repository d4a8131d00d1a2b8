"""Autograde a cohort in parallel, safely, and only what changed.

``N`` worker processes (``course.grading.worker``) each load nbgrader once and grade
learners handed to them one at a time. A learner whose grading crashes a worker or runs
past ``student_timeout`` is marked failed with the reason, the worker is replaced, and
the others carry on. Before grading, each submission is checked (is the notebook there,
is it the right module's, is it JSON), so a bad file gets a clear reason instead of a
stack trace. A hash of each submission is kept in ``logs/autograde/<module>/state.json``:
a re-run regrades only new or changed submissions unless ``force`` is set.

The learners are handed to a *pool*: :class:`LocalPool` (the worker processes above) or
``course.grading.cluster.ClusterPool`` (the workers of a Dask cluster). Both run the same
per-learner job (:func:`grade_learner`, then :func:`judge`); everything before and after
(prechecks, state, scores, summary) is the same whichever pool grades.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import queue
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Protocol

from .. import nbg, notebooks
from ..errors import CourseError
from ..paths import resolve_module
from . import gradebook, sandbox
from .worker import PREFIX, log_path

TIMEOUT_ERRORS = {"CellTimeoutError", "TimeoutError"}


@dataclass
class Outcome:
    """What happened to one learner's submission."""

    student: str
    status: str  # "graded", "failed" or "unchanged"
    reason: str = ""
    seconds: float = 0.0
    score: float | None = None
    max_score: float | None = None
    needs_manual: bool = False
    timed_out: bool = False
    warnings: list[str] = field(default_factory=list)
    regraded: bool = False  # its grading worker stopped mid-grade and another graded it


@dataclass
class Summary:
    """The cohort's results, in learner order."""

    module: str
    outcomes: list[Outcome]
    seconds: float

    def with_status(self, status: str) -> list[Outcome]:
        return [o for o in self.outcomes if o.status == status]

    def lines(self) -> list[str]:
        """A short human summary: graded, failed with reasons, timed out, manual grading."""
        graded = self.with_status("graded")
        failed = self.with_status("failed")
        same = self.with_status("unchanged")
        timed = [o for o in self.outcomes if o.timed_out]
        regraded = [o.student for o in self.outcomes if o.regraded]
        manual = [o for o in self.outcomes if o.needs_manual and o.status != "failed"]
        out = [
            f"{self.module}: {len(graded)} graded, {len(same)} unchanged, "
            f"{len(failed)} failed, {len(timed)} with a timed-out cell, {len(manual)} "
            f"still need manual grading ({self.seconds:.1f} s)."
        ]
        out += [f"  failed: {o.student}: {o.reason}" for o in failed]
        out += [
            f"  timed out: {o.student}: a cell ran past the time limit and was stopped"
            for o in timed
        ]
        out += warning_lines(self.outcomes)
        if regraded:
            out.append(
                "  regraded on another worker (a grading worker stopped mid-grade): "
                + ", ".join(regraded)
            )
        if manual:
            out.append(
                "  manual grading (reflections) needed for: " + ", ".join(o.student for o in manual)
            )
        return out


def warning_lines(outcomes: list[Outcome]) -> list[str]:
    """One line per warning; a warning that several learners share is said once, with them."""
    who: dict[str, list[str]] = {}
    for outcome in outcomes:
        for warning in outcome.warnings:
            who.setdefault(warning, []).append(outcome.student)
    lines = []
    for warning, students in who.items():
        if len(students) == 1:
            lines.append(f"  warning: {students[0]}: {warning}")
        else:
            lines.append(f"  warning ({len(students)} learners: {', '.join(students)}): {warning}")
    return lines


def submission_hash(folder: Path) -> str:
    """A hash of every file a learner submitted (names and bytes)."""
    digest = hashlib.sha256()
    for path in sorted(
        p for p in folder.rglob("*") if p.is_file() and ".ipynb_checkpoints" not in p.parts
    ):
        digest.update(str(path.relative_to(folder)).encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def precheck(root: Path, module: str, student: str) -> str | None:
    """Why a submission cannot be graded, in one sentence, or ``None`` if it can."""
    folder = root / "submitted" / student / module
    links = sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_symlink())
    if links:
        return (
            f"the submission holds a link to another file ({links[0]}), which could "
            "reveal files that are not the learner's; ask for the real files"
        )
    expected = [p.name for p in (root / "release" / module).glob("*.ipynb")]
    present = sorted(p.name for p in folder.glob("*.ipynb"))
    for name in expected:
        if name not in present:
            other = f" (it holds {', '.join(present)}, from another module?)" if present else ""
            return f"the submission has no {name}{other}"
        try:
            notebooks.read(folder / name)
        except notebooks.NotebookUnreadable as exc:
            return f"{name} is not a notebook ({exc.reason})"
    return None


def inspect_autograded(root: Path, module: str, student: str) -> tuple[bool, list[str]]:
    """Whether a cell timed out, and warnings (out of memory), from the graded notebook."""
    timed_out, warnings = False, []
    for path in (root / "autograded" / student / module).glob("*.ipynb"):
        try:
            nb = notebooks.read(path)
        except CourseError:
            continue
        for cell in nb.cells:
            for out in cell.get("outputs", []):
                name = out.get("ename", "")
                if name in TIMEOUT_ERRORS or (name == "KeyboardInterrupt"):
                    timed_out = True
                elif name == "MemoryError":
                    warnings.append(f"a cell in {path.name} ran out of memory and was stopped")
    return timed_out, warnings


LOG_MARKERS = (
    "COURSE-RESTORED",
    "COURSE-DEAD-KERNEL",
    "COURSE-REMOVED",
    "COURSE-RECOVERED",
    "COURSE-FALLBACK",
)


def log_warnings(log_file: Path) -> list[str]:
    """Warnings for the tutor from a learner's log: restored checks, a kernel that died,
    files left out of grading, reflections taken from the notebook."""
    if not log_file.is_file():
        return []
    found = []
    for line in log_file.read_text(encoding="utf-8").splitlines():
        for marker in LOG_MARKERS:
            if marker in line:
                found.append(line.split(f"{marker}: ", 1)[-1].strip())
    return found


def failure_reason(log_file: Path) -> str:
    """The most telling line of a failed learner's log: the first exception it names."""
    text = log_file.read_text(encoding="utf-8") if log_file.is_file() else ""
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    for line in lines:
        named = re.match(r"^[\w.]+(Error|Exception|Exit)\b.*:", line)
        if named and "NbGraderException" not in line:
            return f"{line[:300]} (see {log_file.name})"
    errors = [ln for ln in lines if ln.startswith("[ERROR]")]
    return (errors[0] if errors else lines[-1] if lines else "nbgrader gave no reason")[:300]


KERNEL_START_FAILURES = ("Kernel died before replying to kernel_info", "Kernel didn't respond in")


def kernel_failed_to_start(log_file: Path) -> bool:
    """Whether grading failed only because the learner's kernel did not start."""
    text = log_file.read_text(encoding="utf-8") if log_file.is_file() else ""
    return any(marker in text for marker in KERNEL_START_FAILURES)


class Worker:
    """One ``course.grading.worker`` process and the learner it is grading."""

    def __init__(self, root: Path, module: str, trust: bool = False) -> None:
        self.root, self.module = root, module
        env = {**os.environ, "COURSE_TRUST_SUBMISSIONS": "1" if trust else "0"}
        env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "course.grading.worker", str(root), module],
            cwd=root,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            start_new_session=True,
        )
        self.lines: queue.Queue[str | None] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()
        self._answer(timeout=300)  # "ready"

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            if line.startswith(PREFIX):
                self.lines.put(line[len(PREFIX) :])
        self.lines.put(None)

    def _answer(self, timeout: float) -> dict[str, object]:
        try:
            line = self.lines.get(timeout=timeout)
        except queue.Empty as exc:
            raise TimeoutError from exc
        if line is None:
            raise ChildProcessError("the grading process stopped unexpectedly")
        return json.loads(line)

    def grade(self, student: str, timeout: float) -> dict[str, object]:
        assert self.proc.stdin is not None
        self.proc.stdin.write(student + "\n")
        self.proc.stdin.flush()
        return self._answer(timeout)

    def stop(self, kill: bool = False) -> None:
        if kill:
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        elif self.proc.stdin:
            self.proc.stdin.close()
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()


def grade_learner(
    grade: Callable[[str], dict[str, object]], root: Path, module: str, student: str
) -> dict[str, object]:
    """Grade one learner with ``grade``, once more if only the learner's kernel did not start."""
    answer = grade(student)
    if not answer.get("success") and kernel_failed_to_start(log_path(root, module, student)):
        answer = grade(student)  # once more, on a busy machine
    return answer


def judge(root: Path, module: str, student: str, answer: dict[str, object]) -> Outcome:
    """One learner's outcome, from the grading answer and the log and notebook it wrote."""
    logf = log_path(root, module, student)
    seconds = float(answer.get("seconds", 0.0))  # type: ignore[arg-type]
    if not answer.get("success"):
        return Outcome(student, "failed", failure_reason(logf), seconds=seconds)
    timed_out, warnings = inspect_autograded(root, module, student)
    return Outcome(
        student,
        "graded",
        seconds=seconds,
        timed_out=timed_out,
        warnings=log_warnings(logf) + warnings,
    )


Finish = Callable[[Outcome], None]


class Pool(Protocol):
    """A way of running the per-learner job for a cohort."""

    def check(self, root: Path, module: str, trust: bool) -> None:
        """Raise a one-sentence CourseError if this pool cannot grade ``module`` safely."""

    def grade(
        self,
        root: Path,
        module: str,
        students: list[str],
        finish: Finish,
        trust: bool,
        student_timeout: float,
    ) -> None:
        """Grade every learner in ``students``, calling ``finish`` with each outcome."""


class LocalPool:
    """``jobs`` grading processes on this machine (:class:`Worker`), one learner each at once."""

    def __init__(self, jobs: int | None = None) -> None:
        self.jobs = max(1, jobs or os.cpu_count() or 1)

    def check(self, root: Path, module: str, trust: bool) -> None:
        why = None if trust else sandbox.problem()
        if why:
            raise CourseError(
                f"Learners' code cannot be isolated on this machine: {why}. "
                "Grading is stopped so that it cannot run as you; to grade anyway, "
                "only work you trust, add --trust-submissions."
            )

    def grade(
        self,
        root: Path,
        module: str,
        students: list[str],
        finish: Finish,
        trust: bool,
        student_timeout: float,
    ) -> None:
        todo: queue.Queue[str] = queue.Queue()
        for student in students:
            todo.put(student)

        def slot() -> None:
            worker: Worker | None = None
            while True:
                try:
                    student = todo.get_nowait()
                except queue.Empty:
                    break
                regraded = False
                try:
                    for attempt in (1, 2):
                        try:
                            worker = worker or Worker(root, module, trust)
                            grade = functools.partial(worker.grade, timeout=student_timeout)
                            answer = grade_learner(grade, root, module, student)
                            break
                        except (ChildProcessError, OSError):
                            # The grading process itself died (out of memory, killed): once
                            # more, in a new one, and the summary says so.
                            if worker:
                                worker.stop(kill=True)
                            worker = None
                            if attempt == 2:
                                raise
                            regraded = True
                except TimeoutError:
                    worker.stop(kill=True) if worker else None
                    worker = None
                    finish(
                        Outcome(
                            student,
                            "failed",
                            f"grading took longer than {student_timeout:.0f} s and was stopped",
                        )
                    )
                    continue
                except (ChildProcessError, OSError) as exc:
                    if worker:
                        worker.stop(kill=True)
                    worker = None
                    finish(Outcome(student, "failed", f"the grading process failed ({exc})"))
                    continue
                outcome = judge(root, module, student, answer)
                outcome.regraded = regraded
                finish(outcome)
            if worker:
                worker.stop()

        count = min(self.jobs, max(len(students), 1))
        threads = [threading.Thread(target=slot) for _ in range(count)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()


def _scores(root: Path, module: str, students: list[str]) -> dict[str, tuple[float, float, bool]]:
    from nbgrader.api import MissingEntry

    found = {}
    with gradebook.open_gradebook(root) as gb:
        # One query for the whole module (nbgrader's own, as formgrader uses); a learner it
        # leaves out (a submission with no grades yet) is looked up alone.
        for row in gb.submission_dicts(module):
            if row["student"] in students:
                found[row["student"]] = (
                    float(row["score"]),
                    float(row["max_score"]),
                    bool(row["needs_manual_grade"]),
                )
        for student in students:
            if student in found:
                continue
            try:
                sub = gb.find_submission(module, student)
            except MissingEntry:
                continue
            found[student] = (float(sub.score), float(sub.max_score), bool(sub.needs_manual_grade))
    return found


def generation_key(root: Path, module: str, source_hash: str) -> str:
    """What ``generate_assignment`` depends on: the module's source, the configuration and
    which gradebook it writes to."""
    digest = hashlib.sha256(source_hash.encode() + gradebook.url(root).encode())
    for name in ("nbgrader_config.py", "grader_config.py"):
        path = root / name
        digest.update(path.read_bytes() if path.is_file() else b"-")
    return digest.hexdigest()


def assignment_recorded(root: Path, module: str) -> bool:
    """Whether the gradebook already holds the module's notebooks and their graded cells."""
    from nbgrader.api import MissingEntry

    if not gradebook.is_shared(root) and not (root / "gradebook.db").is_file():
        return False
    with gradebook.open_gradebook(root) as gb:
        try:
            assignment = gb.find_assignment(module)
        except MissingEntry:
            return False
        return bool(assignment.notebooks) and float(assignment.max_score or 0) > 0


# Drawing a module's charts in advance runs its whole notebook once (about five seconds); a
# kernel drawing its own chart costs about half a second. Below this many submissions the
# kernels draw their own.
DRAW_AHEAD_FROM = 8


def draw_charts(source: Path) -> None:
    """Draw the module's own charts once for every kernel (``chart_cache``); if that fails,
    say so and grade on, each kernel drawing its own."""
    from . import chart_cache

    try:
        chart_cache.draw(source)
    except Exception as exc:  # noqa: BLE001 (grading goes on without the drawings)
        sys.stderr.write(
            f"The module's charts could not be drawn in advance ({type(exc).__name__}: "
            f"{str(exc)[:200]}), so each learner's kernel draws its own.\n"
        )


ProgressHook = Callable[[Outcome, int, int], None]


class ProgressBar:
    """A one-line progress bar on stderr (a line per learner when not a terminal)."""

    def __init__(self, stream=None) -> None:  # type: ignore[no-untyped-def]
        self.stream = stream or sys.stderr
        self.tty = hasattr(self.stream, "isatty") and self.stream.isatty()

    def __call__(self, outcome: Outcome, done: int, total: int) -> None:
        width = 30
        filled = int(width * done / max(total, 1))
        bar = "#" * filled + "." * (width - filled)
        text = (
            f"[{bar}] {done}/{total} {outcome.student}: {outcome.status} ({outcome.seconds:.1f} s)"
        )
        end = "\r" if self.tty and done < total else "\n"
        self.stream.write(("\r" if self.tty else "") + text.ljust(78) + end)
        self.stream.flush()


def run(
    root: Path,
    module: str,
    jobs: int | None = None,
    force: bool = False,
    student_timeout: float = 1800,
    progress: ProgressHook | None = None,
    trust: bool = False,
    pool: Pool | None = None,
) -> Summary:
    """Autograde every submission of ``module`` with ``pool`` (default: ``jobs`` local
    workers); return the summary.

    Refuses, saying why, where learners' code cannot be isolated, unless ``trust``, and
    before anything is written where the gradebook cannot be reached.
    """
    started = time.perf_counter()
    module = resolve_module(root, module)
    pool = pool or LocalPool(jobs)
    pool.check(root, module, trust)
    students = sorted(p.parent.name for p in (root / "submitted").glob(f"*/{module}") if p.is_dir())
    if not students:
        raise CourseError(
            f"Nothing has been submitted for {module} yet; run `course collect` first."
        )
    gradebook.check(root)
    state_file = root / "logs" / "autograde" / module / "state.json"
    state = json.loads(state_file.read_text(encoding="utf-8")) if state_file.is_file() else {}
    release_hash = submission_hash(root / "source" / module)
    generated = generation_key(root, module, release_hash)
    drawing = None
    if len(students) >= DRAW_AHEAD_FROM:  # done at once when the drawings are up to date
        drawing = threading.Thread(target=draw_charts, args=(root / "source" / module,))
        drawing.start()  # beside generate_assignment, on another core
    if state.get("_generated") != generated or not assignment_recorded(root, module):
        # Record the module's cells and marks in the gradebook (the release is rebuilt
        # identically); skipped when neither the source nor the configuration has changed.
        nbg.run(root, "generate_assignment", module, "--force")

    outcomes: dict[str, Outcome] = {}
    todo: list[str] = []
    hashes = {}
    for student in students:
        hashes[student] = submission_hash(root / "submitted" / student / module)
        before = state.get(student, {})
        if (
            not force
            and before.get("hash") == hashes[student]
            and state.get("_release") == release_hash
            and before.get("status") == "graded"
            and any((root / "autograded" / student / module).glob("*.ipynb"))
        ):
            outcomes[student] = Outcome(student, "unchanged")
            continue
        reason = precheck(root, module, student)
        if reason:
            outcomes[student] = Outcome(student, "failed", reason)
            continue
        todo.append(student)

    if drawing is not None:
        drawing.join()  # the kernels must find the drawings from their first learner
    total = len(todo)
    lock = threading.Lock()

    def finish(outcome: Outcome) -> None:
        with lock:
            outcomes[outcome.student] = outcome
            if progress:
                progress(outcome, len(outcomes) - (len(students) - total), total)

    pool.grade(root, module, todo, finish, trust, student_timeout)

    scores = _scores(root, module, students)
    for student, outcome in outcomes.items():
        if student in scores and outcome.status != "failed":
            outcome.score, outcome.max_score, outcome.needs_manual = scores[student]
    new_state = {"_release": release_hash, "_generated": generated}
    new_state.update(
        {
            s: {
                "hash": hashes[s],
                "status": outcomes[s].status if outcomes[s].status != "unchanged" else "graded",
            }
            for s in students
        }
    )
    state_file.parent.mkdir(parents=True, exist_ok=True)
    state_file.write_text(json.dumps(new_state, indent=2), encoding="utf-8")
    summary = Summary(module, [outcomes[s] for s in students], time.perf_counter() - started)
    (state_file.parent / "summary.json").write_text(
        json.dumps([asdict(o) for o in summary.outcomes], indent=2), encoding="utf-8"
    )
    return summary

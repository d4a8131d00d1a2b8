"""Grade a cohort on the workers of a Dask distributed cluster (``--cluster <address>``).

Each learner is one Dask task. A worker process loads nbgrader once (one API per worker
thread, kept between tasks) and runs the same per-learner job as the local workers
(``cohort.grade_learner``), in the same sandbox, with the same settings as this machine
(``COURSE_DB_URL``, ``COURSE_CELL_TIMEOUT``, trust). Results are judged here, from the
course folder every machine shares, so prechecks, state and the summary are
``cohort.run``'s own.

A worker that dies mid-grade has its learner rescheduled by Dask on another worker; each
attempt logs a start event, so a learner that started twice is reported as regraded.
See ``docs/scale.md`` for what the machines must share.
"""

from __future__ import annotations

import os
import socket
import sys
import threading
import time
import uuid
from pathlib import Path
from types import TracebackType
from typing import Any

from ..errors import CourseError
from . import gradebook, sandbox
from .cohort import Finish, Outcome, grade_learner, judge
from .worker import grade_one, make_api

TOPIC = "course-autograde"  # start events, one per attempt at grading a learner
CONNECT_SECONDS = 10
RETRIES = 1  # a task that raises is run once more, on another worker where one is free
POLL_SECONDS = 0.5
SETTINGS = ("COURSE_DB_URL", "COURSE_CELL_TIMEOUT", "COURSE_ID")


def settings(trust: bool) -> dict[str, str]:
    """This machine's grading settings, which every worker grades with."""
    found = {name: os.environ[name] for name in SETTINGS if os.environ.get(name)}
    found["COURSE_TRUST_SUBMISSIONS"] = "1" if trust else "0"
    return found


def _apply(values: dict[str, str]) -> None:
    """Make a worker process grade with ``values`` (nbgrader's config reads them)."""
    for name in (*SETTINGS, "COURSE_TRUST_SUBMISSIONS"):
        if name in values:
            os.environ[name] = values[name]
        else:
            os.environ.pop(name, None)
    # nbgrader starts helpers (the kernel) by name: find them beside this Python first.
    here = str(Path(sys.executable).parent)
    if os.environ.get("PATH", "").split(os.pathsep)[0] != here:
        os.environ["PATH"] = os.pathsep.join([here, os.environ.get("PATH", "")])


def worker_facts(root: str, module: str, values: dict[str, str]) -> dict[str, Any]:
    """What the coordinator must know about one worker before handing it learners."""
    _apply(values)
    folder = Path(root)
    sees = (folder / "nbgrader_config.py").is_file() and (folder / "source" / module).is_dir()
    try:
        gradebook.check(folder)
        unreachable = ""
    except CourseError as exc:
        unreachable = str(exc)
    trusted = values.get("COURSE_TRUST_SUBMISSIONS") == "1"
    return {
        "host": socket.gethostname(),
        "course": sees,
        "isolation": None if trusted else sandbox.problem(),
        "gradebook": unreachable,
    }


_APIS: dict[tuple[str, tuple[tuple[str, str], ...], int], Any] = {}


def grade_task(
    root: str, module: str, student: str, values: dict[str, str], run_id: str
) -> dict[str, object]:
    """The Dask task for one learner: log the attempt, then grade as a local worker does."""
    from distributed import get_worker

    worker = get_worker()
    worker.log_event(
        TOPIC, {"run": run_id, "student": student, "worker": worker.address, "pid": os.getpid()}
    )
    _apply(values)
    folder = Path(root)
    os.chdir(folder)
    key = (root, tuple(sorted(values.items())), threading.get_ident())
    if key not in _APIS:
        _APIS[key] = make_api(folder)
    api = _APIS[key]
    return grade_learner(lambda s: grade_one(api, folder, module, s), folder, module, student)


def _dask() -> Any:
    try:
        import distributed
    except ImportError as exc:
        raise CourseError(
            "Grading on a cluster needs Dask's distributed package, which is not installed; "
            "install the course with its scale extra: pip install 'system-leadership-lab[scale]'."
        ) from exc
    return distributed


class ClusterPool:
    """The workers of the Dask cluster whose scheduler is at ``address``."""

    def __init__(self, address: str) -> None:
        distributed = _dask()
        from distributed.comm.addressing import parse_address, parse_host_port

        self.address = address
        # Python 3.10's asyncio.TimeoutError, which Dask raises, is not the built-in one.
        self.timeouts = (OSError, TimeoutError, distributed.TimeoutError)
        try:
            scheme, location = parse_address(address)
            if scheme in ("tcp", "tls"):
                parse_host_port(location)
        except ValueError as exc:
            raise CourseError(
                f"{address} is not a Dask scheduler's address ({exc}); write it as tcp://host:8786."
            ) from exc
        try:
            self.client = distributed.Client(address, timeout=CONNECT_SECONDS, set_as_default=False)
        except self.timeouts as exc:
            raise CourseError(
                f"The Dask cluster at {address} did not answer within {CONNECT_SECONDS} s; "
                "check the scheduler's address and port and that it is running "
                "(`dask scheduler`)."
            ) from exc

    def __enter__(self) -> ClusterPool:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.client.close()

    def check(self, root: Path, module: str, trust: bool) -> None:
        """Every worker sees the course folder, can isolate learners and reach the gradebook."""
        try:
            self.client.wait_for_workers(1, timeout=CONNECT_SECONDS)
        except self.timeouts as exc:
            raise CourseError(
                f"The Dask cluster at {self.address} has no workers; start one on each "
                f"grading machine with `dask worker {self.address} --nthreads 1`."
            ) from exc
        try:
            facts = self.client.run(worker_facts, str(root), module, settings(trust))
        except Exception as exc:  # a worker without this course installed, for one
            raise CourseError(
                f"The workers of the Dask cluster at {self.address} could not run the "
                f"course's grading code ({type(exc).__name__}: {exc}); install this course "
                "with its scale extra in the workers' environment."
            ) from exc
        for address, fact in sorted(facts.items()):
            where = f"The worker {address} on {fact['host']}"
            if not fact["course"]:
                raise CourseError(
                    f"{where} cannot see the course folder {root}; put the course folder on "
                    "storage every grading machine shares, at the same path."
                )
            if fact["isolation"]:
                raise CourseError(
                    f"{where} cannot isolate learners' code: {fact['isolation']}. Grading "
                    "is stopped so that it cannot run unisolated; to grade anyway, only "
                    "work you trust, add --trust-submissions."
                )
            if fact["gradebook"]:
                raise CourseError(f"{where} cannot reach the gradebook: {fact['gradebook']}")
        remote = sorted({str(fact["host"]) for fact in facts.values()} - {socket.gethostname()})
        if remote and not gradebook.is_shared(root):
            raise CourseError(
                f"Workers on {', '.join(remote)} are not on this machine, and the SQLite "
                "gradebook is not safe over a network file system; set COURSE_DB_URL to a "
                "PostgreSQL database every machine can reach (see docs/scale.md)."
            )

    def _starts(self, run_id: str) -> dict[str, list[str]]:
        """The workers each learner of this run has started on, in order."""
        found: dict[str, list[str]] = {}
        try:
            events = self.client.get_events(TOPIC)
        except self.timeouts as exc:
            raise CourseError(
                f"The connection to the Dask cluster at {self.address} was lost while "
                "grading; check the scheduler and run the same command again."
            ) from exc
        for _, event in events:
            if isinstance(event, dict) and event.get("run") == run_id:
                found.setdefault(str(event["student"]), []).append(str(event["worker"]))
        return found

    def grade(
        self,
        root: Path,
        module: str,
        students: list[str],
        finish: Finish,
        trust: bool,
        student_timeout: float,
    ) -> None:
        """Submit one task per learner and finish each as its result comes back."""
        run_id = uuid.uuid4().hex
        values = settings(trust)
        pending = {
            self.client.submit(
                grade_task,
                str(root),
                module,
                student,
                values,
                run_id,
                key=f"course-grade-{module}-{student}-{run_id[:8]}",
                retries=RETRIES,
                pure=False,
            ): student
            for student in students
        }
        seen: dict[tuple[str, int], float] = {}  # (learner, attempt) -> when it was seen here
        while pending:
            time.sleep(POLL_SECONDS)
            starts = self._starts(run_id)
            now = time.monotonic()
            for future, student in list(pending.items()):
                attempts = starts.get(student, [])
                if attempts:
                    seen.setdefault((student, len(attempts)), now)
                if future.done():
                    del pending[future]
                    outcome = self._outcome(future, root, module, student)
                    outcome.regraded = len(attempts) > 1
                    finish(outcome)
                elif attempts and now - seen[(student, len(attempts))] > student_timeout:
                    del pending[future]
                    future.cancel()
                    self._restart(attempts[-1])
                    finish(
                        Outcome(
                            student,
                            "failed",
                            f"grading took longer than {student_timeout:.0f} s and was stopped",
                        )
                    )

    def _outcome(self, future: Any, root: Path, module: str, student: str) -> Outcome:
        try:
            answer = future.result()
        except Exception as exc:
            if type(exc).__name__ == "KilledWorker":
                reason = "every worker that graded this learner stopped; see the workers' logs"
            else:
                reason = f"grading failed on the cluster ({type(exc).__name__}: {exc})"
            return Outcome(student, "failed", reason)
        return judge(root, module, student, answer)

    def _restart(self, worker: str) -> None:
        """Stop a worker's runaway grading by restarting the worker (its nanny starts it)."""
        try:
            self.client.restart_workers([worker], timeout=60)
        except Exception:  # a worker without a nanny cannot be restarted; its cells time out
            pass

"""Kernels forked from the fork server: fresh for every learner, isolated, same marks."""

from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path

import nbformat
import pytest

from conftest import M01, REPO, require_isolation
from course.grading import tutor as grading
from course.grading.cohort import Summary
from course.paths import copy_course
from learners import fill, solutions, write_complete_reflections

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("isolation")]

SOURCE_NB = Path(__file__).resolve().parents[1] / "source" / M01 / f"{M01}.ipynb"
RIGHT = solutions(SOURCE_NB)
PLACES = ["left.txt", "/tmp/left.txt", "/dev/shm/left.txt", "/home/left.txt", "/left.txt"]

# Learner "a-leaves" runs this first: it leaves files, a patched builtin, a fake module
# and a changed course helper wherever it can.
LEAVE = f"""
import builtins, subprocess, sys
import course.checks
subprocess.Popen(["sleep", "313"], start_new_session=True)  # left running
for place in {PLACES!r}:
    try:
        open(place, "w").write("left by a")
    except OSError:
        pass
builtins.LEFT_BY_A = True
sys.modules["left_by_a"] = sys
course.checks.LEFT_BY_A = True
"""

# Learner "b-looks", graded next by the same fork server, reports what it can see and do.
LOOK = f"""
import builtins, ctypes, json, os, signal, sys
import course.checks
from course.grading import linux
from ipykernel.kernelapp import IPKernelApp
seen = {{"files": {{p: os.path.exists(p) for p in {PLACES!r}}}}}
seen["builtin"] = hasattr(builtins, "LEFT_BY_A")
seen["module"] = "left_by_a" in sys.modules
seen["helper"] = hasattr(course.checks, "LEFT_BY_A")
libc = ctypes.CDLL(None, use_errno=True)
seen["capabilities"] = linux.capabilities()
seen["new_user_namespace"] = libc.unshare(0x10000000) == 0
seen["new_mount_namespace"] = libc.unshare(0x00020000) == 0
writable = {{}}
for folder in ["/", "/home", "/usr", "/course-data", "/var/tmp", os.getcwd(), "/tmp", "/dev/shm"]:
    try:
        open(os.path.join(folder, ".probe"), "w").close()
        writable[folder] = True
    except OSError:
        writable[folder] = False
seen["writable"] = writable
box = os.path.dirname(os.path.dirname(IPKernelApp.instance().connection_file))
seen["boxes"] = os.listdir(os.path.dirname(box))
seen["own_box"] = os.path.basename(box)
seen["pid"] = os.getpid()
processes = []  # pidfd_open refuses a thread id, so the kernel's own threads are not listed
for pid in range(2, 400):
    try:
        os.close(os.pidfd_open(pid))
        processes.append(pid)
    except OSError:
        pass
seen["other_processes"] = processes
print("PROBE " + json.dumps(seen))
"""

LEARNERS = {"a-leaves": LEAVE, "b-looks": LOOK, "c-plain": None}


def make_cohort(root: Path) -> None:
    """Three right answers; two of the notebooks have one extra cell after the set-up cell."""
    release_nb = root / "release" / M01 / f"{M01}.ipynb"
    for student, extra in LEARNERS.items():
        folder = root / "submitted" / student / M01
        out = fill(release_nb, RIGHT, folder / f"{M01}.ipynb")
        write_complete_reflections(SOURCE_NB, folder)
        if extra:
            nb = nbformat.read(out, as_version=4)
            first = next(i for i, c in enumerate(nb.cells) if c.cell_type == "code")
            nb.cells.insert(first + 1, nbformat.v4.new_code_cell(extra))
            nbformat.write(nb, out)


def cell_scores(root: Path) -> dict[str, dict[str, float]]:
    """Every learner's autograded score, cell by cell, from the gradebook."""
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{root / 'gradebook.db'}") as gb:
        return {
            student: {
                grade.name: float(grade.score)
                for nb in gb.find_submission(M01, student).notebooks
                for grade in nb.grades
            }
            for student in LEARNERS
        }


def probe(root: Path) -> dict:
    """What learner b-looks reported from inside its kernel."""
    nb = nbformat.read(root / "autograded" / "b-looks" / M01 / f"{M01}.ipynb", as_version=4)
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            text = out.get("text", "")
            if text.startswith("PROBE "):
                return json.loads(text[len("PROBE ") :])
    raise AssertionError("the probe cell printed nothing")


@pytest.fixture(scope="module")
def forked(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Summary]:
    """The cohort graded by one worker, so one fork server forks every learner's kernel."""
    require_isolation()
    root = copy_course(REPO, tmp_path_factory.mktemp("forked") / "course")
    make_cohort(root)
    return root, grading.autograde(root, M01, jobs=1)


def test_every_learner_is_graded_through_the_fork_server(forked) -> None:
    """No learner fell back to an ordinary kernel and every one was graded."""
    _root, summary = forked
    assert [o.status for o in summary.outcomes] == ["graded"] * 3
    assert not any("fork server" in line for line in summary.lines())


def test_nothing_a_learner_leaves_is_seen_by_the_next(forked) -> None:
    """Files, builtins, modules and patched helpers of one learner are gone for the next."""
    seen = probe(forked[0])
    assert seen["files"] == dict.fromkeys(PLACES, False)
    assert (seen["builtin"], seen["module"], seen["helper"]) == (False, False, False)


def test_the_kernel_cannot_gain_capabilities_or_make_namespaces(forked) -> None:
    """A forked kernel holds no capability and may make no user or mount namespace."""
    seen = probe(forked[0])
    assert seen["capabilities"] == 0
    assert (seen["new_user_namespace"], seen["new_mount_namespace"]) == (False, False)


def test_only_the_work_folder_and_fresh_temporary_folders_are_writable(forked) -> None:
    """Everything the kernel sees is read-only except its own tmpfs folders."""
    writable = probe(forked[0])["writable"]
    assert {folder for folder, ok in writable.items() if ok} == {
        "/home/learner/work",
        "/tmp",
        "/dev/shm",
    }


def test_the_kernel_sees_no_other_box_and_no_other_process(forked) -> None:
    """Only the learner's own box is listed, and the kernel is alone in its PID namespace."""
    seen = probe(forked[0])
    assert seen["boxes"] == [seen["own_box"]]
    assert (seen["pid"], seen["other_processes"]) == (1, [])


def test_a_process_a_learner_leaves_running_ends_with_its_kernel(forked) -> None:
    """The process learner a-leaves started is gone once grading is over."""
    left = [
        proc
        for proc in Path("/proc").iterdir()
        if proc.name.isdigit() and _cmdline(proc) == b"sleep\x00313\x00"
    ]
    assert left == []


def test_no_fork_server_outlives_the_grading(forked) -> None:
    """When the grading workers end, their fork servers and sandboxes end too (within seconds:
    each notices its control socket close)."""
    deadline = time.monotonic() + 15
    while (left := _fork_servers()) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert left == []


def _fork_servers() -> list[Path]:
    return [
        proc
        for proc in Path("/proc").iterdir()
        if proc.name.isdigit() and b"course.grading.zygote" in _cmdline(proc)
    ]


def test_a_fork_server_that_died_is_replaced_for_the_next_learner() -> None:
    """server_for starts a new fork server when the one it kept has ended."""
    from course.grading import sandbox, warm

    data = sandbox.module_data(REPO / "source" / M01)
    first, why = warm.server_for(data)
    assert first is not None, why
    first.proc.kill()
    first.proc.wait()
    second, why = warm.server_for(data)
    try:
        assert second is not None and second is not first and second.alive(), why
    finally:
        if second is not None:
            second.stop()


def _cmdline(proc: Path) -> bytes:
    try:
        return (proc / "cmdline").read_bytes()
    except OSError:
        return b""


def test_forked_kernels_give_the_same_marks_as_ordinary_kernels(
    forked, tmp_path: Path, monkeypatch
) -> None:
    """Cell by cell, every learner scores exactly what an ordinary sandboxed kernel gives."""
    root, _ = forked
    plain = tmp_path / "course"
    shutil.copytree(root, plain, ignore=shutil.ignore_patterns("autograded", "gradebook.db"))
    shutil.rmtree(plain / "logs", ignore_errors=True)
    monkeypatch.setenv("COURSE_FORK_SERVER", "0")
    grading.autograde(plain, M01, jobs=1)
    assert cell_scores(plain) == cell_scores(root)
    assert cell_scores(root)["a-leaves"] == cell_scores(root)["c-plain"]


def test_a_fork_server_that_cannot_start_falls_back_and_says_so(
    course_copy: Path, monkeypatch
) -> None:
    """Grading goes on with ordinary kernels, and the summary says why, once."""
    make_cohort(course_copy)
    monkeypatch.setenv("COURSE_FORK_SERVER_TIMEOUT", "0.001")
    summary = grading.autograde(course_copy, M01, jobs=1)
    assert [o.status for o in summary.outcomes] == ["graded"] * 3
    notes = [line for line in summary.lines() if "without the fork server" in line]
    assert len(notes) == 1 and "did not start in time" in notes[0]


def test_folders_of_fork_servers_whose_grader_was_killed_are_removed() -> None:
    """A fork server's folder outlives a killed grading process only until the next start."""
    import subprocess
    import sys

    from course.grading import warm

    ended = subprocess.Popen([sys.executable, "-c", "pass"])
    ended.wait()
    base = Path(warm.SCRATCH_BASE or "/tmp")
    dead = base / f"{warm.SCRATCH_PREFIX}{ended.pid}-test"
    alive = base / f"{warm.SCRATCH_PREFIX}{os.getpid()}-test"
    for folder in (dead, alive):
        (folder / "boxes").mkdir(parents=True, exist_ok=True)
    try:
        warm.remove_abandoned()
        assert (dead.exists(), alive.exists()) == (False, True)
    finally:
        shutil.rmtree(alive, ignore_errors=True)
        shutil.rmtree(dead, ignore_errors=True)

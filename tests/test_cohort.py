"""End to end: five learners go through collect, autograde, feedback and export."""

from __future__ import annotations

import base64
import csv
import os
import re
import signal
import threading
import time
from pathlib import Path
from statistics import mean, median

import nbformat
import pytest

from conftest import M01
from course import notebooks, reflect
from course.grading import report
from course.grading import tutor as grading
from learners import M01_WRONG as WRONG
from learners import fill, solutions, write_complete_reflections, zip_folder

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("isolation")]

SOURCE_NB = Path(__file__).resolve().parents[1] / "source" / M01 / f"{M01}.ipynb"
RIGHT = solutions(SOURCE_NB)

_CELLS = nbformat.read(SOURCE_NB, as_version=4).cells
_CHECKS = [c for c in _CELLS if notebooks.is_autograded_test(c)]
FULL = float(sum(notebooks.nbgrader_meta(c)["points"] for c in _CHECKS))  # every automatic mark
REFLECTION_MARKS = float(  # the reflection and self-rating checks
    sum(notebooks.nbgrader_meta(c)["points"] for c in _CHECKS if "reflect.check_" in c.source)
)
MAX_SCORE = float(sum(notebooks.nbgrader_meta(c).get("points", 0) for c in _CELLS))

# learner -> (answers, reflections, expected autograded score out of FULL)
COHORT = {
    "ada": (RIGHT, "complete", FULL),
    "ben": (WRONG, "short", REFLECTION_MARKS - 1),  # one reflection too short
    "cai": ({**RIGHT, "m01-answer-ratio": "1 / 0"}, "complete", FULL - 6),
    "dee": ({**RIGHT, "m01-answer-pct": "while True:\n    pass"}, "complete", FULL - 2),
    "eve": (RIGHT, "missing", FULL - REFLECTION_MARKS),
}
SCORES = [expected for _, _, expected in COHORT.values()]


def make_lms_zip(root: Path, tmp: Path) -> Path:
    """Build an LMS bulk download: one timestamped folder per learner."""
    release_nb = root / "release" / M01 / f"{M01}.ipynb"
    for n, (student, (answers, reflections, _)) in enumerate(sorted(COHORT.items())):
        folder = tmp / "lms" / f"{student}_2026-05-11-09-{30 + n:02d}-00"
        fill(release_nb, answers, folder / f"{M01}.ipynb")
        if reflections != "missing":
            write_complete_reflections(SOURCE_NB, folder)
        if reflections == "short":
            reflect.save("m01_authority_explain", {"kind": "text", "text": "Too short."}, folder)
    junk = {"readme-from-lms.txt": "junk the LMS adds"}
    return zip_folder(tmp / "lms", tmp / "download.zip", junk)


def test_cohort_scores_equal_expected(course_copy: Path, tmp_path: Path, monkeypatch) -> None:
    """Correct, wrong, crashing, looping and reflection-less learners all get the right score."""
    monkeypatch.setenv("COURSE_CELL_TIMEOUT", "8")
    archive = make_lms_zip(course_copy, tmp_path)

    collected = grading.collect_zip(course_copy, "m01", archive)
    assert collected.collected == sorted(COHORT)
    assert any("readme-from-lms.txt" in line for line in collected.skipped)
    stamp = (course_copy / "submitted" / "dee" / M01 / "timestamp.txt").read_text()
    assert stamp.startswith("2026-05-11 09:33:00"), stamp
    assert (
        course_copy / "submitted" / "ada" / M01 / "reflections" / "m01_introduce_role.json"
    ).is_file()

    summary = grading.autograde(course_copy, "m01", jobs=2)
    assert [o.student for o in summary.with_status("graded")] == sorted(COHORT)
    assert [o.student for o in summary.outcomes if o.timed_out] == ["dee"]
    assert all(o.needs_manual for o in summary.outcomes)

    html = grading.feedback(course_copy, "m01")
    assert len(html) == len(COHORT)
    for page in html:
        text = page.read_text(encoding="utf-8")
        assert "BEGIN HIDDEN TESTS" not in text and "_expected" not in text, page
    # A hidden check that failed still says, in words, what it expected.
    ben = next(p for p in html if p.parts[-3] == "ben").read_text(encoding="utf-8")
    assert "is the average of the two leaders' own percentages" in ben
    assert "sequence_matches(" not in ben and "checks.same(" not in ben

    rows = grading.export(course_copy, tmp_path / "grades.csv")
    scores = {row["student_id"]: float(row["score"]) for row in rows}
    assert scores == {student: expected for student, (_, _, expected) in COHORT.items()}
    assert {float(row["max_score"]) for row in rows} == {MAX_SCORE}
    with (tmp_path / "grades.csv").open(newline="") as handle:
        assert len(list(csv.DictReader(handle))) == len(COHORT)

    page = report.write_html(course_copy, rows, tmp_path / "summary.html").read_text()
    image = base64.b64decode(re.search(r'src="data:image/svg\+xml;base64,([^"]+)"', page)[1])
    assert b"<svg" in image and b"Score distribution per module" in image
    # ada, cai and dee completed every reflection; ben wrote too little; eve saved none
    assert (
        f"<td>{M01}</td><td>5</td><td>{MAX_SCORE}</td><td>{round(mean(SCORES), 2)}</td>"
        f"<td>{round(median(SCORES), 2)}</td><td>{min(SCORES)}</td><td>{max(SCORES)}</td>"
        "<td>60.0</td>" in page
    )


def test_a_rerun_skips_generate_assignment_until_the_source_changes(
    course_copy: Path, tmp_path: Path, monkeypatch
) -> None:
    """The gradebook's copy of the module is rebuilt only when its source has changed."""
    from course.grading import cohort

    release_nb = course_copy / "release" / M01 / f"{M01}.ipynb"
    fill(release_nb, RIGHT, course_copy / "submitted" / "ada" / M01 / f"{M01}.ipynb")
    first = grading.autograde(course_copy, "m01")
    calls: list[tuple[str, ...]] = []
    real = cohort.nbg.run

    def recording(root, *args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(args)
        return real(root, *args, **kwargs)

    monkeypatch.setattr(cohort.nbg, "run", recording)
    again = grading.autograde(course_copy, "m01", force=True)
    assert [o.score for o in again.outcomes] == [o.score for o in first.outcomes]
    assert not [c for c in calls if c[0] == "generate_assignment"]
    source = course_copy / "source" / M01 / f"{M01}.ipynb"
    with source.open("a", encoding="utf-8") as handle:
        handle.write("\n")
    grading.autograde(course_copy, "m01", force=True)
    assert [c for c in calls if c[0] == "generate_assignment"]


def test_a_learner_whose_grading_process_dies_is_regraded_and_named(
    course_copy: Path, monkeypatch
) -> None:
    """A killed worker is replaced, its learner graded again and named in the summary."""
    import nbformat

    release_nb = course_copy / "release" / M01 / f"{M01}.ipynb"
    out = fill(release_nb, RIGHT, course_copy / "submitted" / "ada" / M01 / f"{M01}.ipynb")
    write_complete_reflections(SOURCE_NB, out.parent)
    nb = nbformat.read(out, as_version=4)
    nb.cells.insert(0, nbformat.v4.new_code_cell("import time\ntime.sleep(4)"))
    nbformat.write(nb, out)
    killed: list[int] = []

    def processes(marker: bytes) -> list[int]:
        found = []
        for proc in Path("/proc").iterdir():
            try:
                if proc.name.isdigit() and marker in (proc / "cmdline").read_bytes():
                    found.append(int(proc.name))
            except OSError:
                continue
        return found

    def command_line(pid: int) -> bytes:
        try:
            return (Path("/proc") / str(pid) / "cmdline").read_bytes()
        except OSError:
            return b""

    def parent(pid: int) -> int:
        try:
            return int((Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            return 0

    def below(pid: int, ancestor: int) -> bool:
        while pid > 1:
            pid = parent(pid)
            if pid == ancestor:
                return True
        return False

    def kill_the_worker_once() -> None:
        """Kill this test's grading process (not another's on the machine) while a learner's
        kernel (a fork of its fork server, so a third process with that command line below it)
        has been running for half a second."""
        deadline, seen = time.monotonic() + 120, 0
        while time.monotonic() < deadline:
            workers = [
                pid
                for pid in processes(b"course.grading.worker")
                if str(course_copy).encode() in command_line(pid)
            ]
            zygotes = [
                pid
                for pid in processes(b"course.grading.zygote")
                if workers and below(pid, workers[0])
            ]
            seen = seen + 1 if len(zygotes) >= 3 else 0
            if seen >= 3 and workers:
                os.kill(workers[0], signal.SIGKILL)
                killed.append(workers[0])
                return
            time.sleep(0.25)

    killer = threading.Thread(target=kill_the_worker_once)
    killer.start()
    summary = grading.autograde(course_copy, "m01", jobs=1)
    killer.join()
    assert killed, "the test did not find the grading process"
    (outcome,) = summary.outcomes
    assert (outcome.status, outcome.regraded, outcome.score) == ("graded", True, FULL)
    assert any("regraded on another worker" in line and "ada" in line for line in summary.lines())

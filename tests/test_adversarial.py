"""A hostile cohort: each case gets the right score or a clear reason; no other changes."""

from __future__ import annotations

import json
import zipfile
from collections.abc import Callable
from pathlib import Path

import nbformat
import pytest

from conftest import M01, REPO
from course.grading import tutor as grading
from course.grading.plugins import kernel as sandbox
from learners import M01_WRONG, fill, solutions, write_complete_reflections

pytestmark = pytest.mark.slow

SOURCE_NB = REPO / "source" / M01 / f"{M01}.ipynb"
M02 = "m02_influence_from_the_inside_out"
RIGHT = solutions(SOURCE_NB)
FIRST_CHECK = "m01-check-ratio"

REDEFINE = """import course.checks, course.reflect
course.checks.column_matches = lambda *a, **k: None
course.checks.sequence_matches = lambda *a, **k: None
course.checks.answer_exists = lambda *a, **k: None
course.reflect.check_text = lambda *a, **k: None
def column_matches(*a, **k):
    return None
"""
HOG = """def grab():
    hog = []
    while True:
        hog.append(bytearray(50_000_000))
grab()
"""


def snoop(root: Path) -> str:
    """Answer code that fails loudly if it can read other submissions or the gradebook."""
    targets = [root / "gradebook.db", root / "submitted", root / "source",
               Path("../../valid"), Path("../../../submitted"), Path("../../../gradebook.db")]
    return f"""import os
seen = []
for target in {[str(t) for t in targets]!r}:
    try:
        if os.path.isdir(target):
            seen += os.listdir(target)
        elif os.path.getsize(target):
            seen.append(target)
    except OSError:
        pass
assert not seen, f"could read {{seen}}"
""" + RIGHT["m01-answer-ratio"]


def edit_cells(change: Callable[[list], list]) -> Callable[[Path], None]:
    def apply(path: Path) -> None:
        nb = nbformat.read(path, as_version=4)
        nb.cells = change(nb.cells)
        nbformat.write(nb, path)
    return apply


def grade_id(cell) -> str | None:
    return cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")


def tamper(cells: list) -> list:
    for cell in cells:
        if cell.get("metadata", {}).get("nbgrader", {}).get("grade") and cell.cell_type == "code":
            cell.source = "pass  # checks switched off"
    return cells


def detag(cells: list) -> list:
    for cell in cells:
        if grade_id(cell) == FIRST_CHECK:
            del cell.metadata["nbgrader"]
            cell.source = "pass"
    return cells


def duplicate(cells: list) -> list:
    out = []
    for cell in cells:
        out.append(cell)
        if grade_id(cell) == FIRST_CHECK:
            copy = nbformat.from_dict(json.loads(json.dumps(cell)))
            copy.id = "learner-copy"
            out.append(copy)
    return out


# learner -> (answers, how to spoil the notebook, expected score or failure reason)
def cohort(root: Path) -> dict[str, tuple[dict[str, str], object, float | str]]:
    return {
        "valid": (RIGHT, None, 11.0),
        "wrong": (M01_WRONG, None, 3.0),
        "crash": ({**RIGHT, "m01-answer-ratio": "import a_module_that_does_not_exist"},
                  None, 5.0),
        "loop": ({**RIGHT, "m01-answer-pct": "while True:\n    pass"}, None, 9.0),
        "hog": ({**RIGHT, "m01-answer-pct": HOG}, None, 9.0),
        "notjson": (RIGHT, "not json", "is not a notebook (it is not valid JSON)"),
        "othermod": (RIGHT, "m02", f"the submission has no {M01}.ipynb"),
        "tamper": (RIGHT, edit_cells(tamper), 11.0),
        "deleted": (RIGHT, edit_cells(lambda cs: [c for c in cs
                                                  if grade_id(c) != FIRST_CHECK]), 9.0),
        "detagged": (RIGHT, edit_cells(detag), 9.0),
        "duplicated": (RIGHT, edit_cells(duplicate), 9.0),
        "redefine": ({**M01_WRONG, "m01-answer-ratio": REDEFINE + M01_WRONG["m01-answer-ratio"]},
                     None, 3.0),
        # Learner code cannot see other submissions or the gradebook (where Linux allows).
        **({"snoop": ({**RIGHT, "m01-answer-ratio": snoop(root)}, None, 11.0)}
           if sandbox.namespaces_work() else {}),
        "zoé": (RIGHT, None, 11.0),
        "nested": (RIGHT, None, 11.0),
    }


def make_download(root: Path, tmp: Path, learners: dict) -> Path:
    release_nb = root / "release" / M01 / f"{M01}.ipynb"
    lms = tmp / "lms"
    for n, (student, (answers, spoil, _)) in enumerate(sorted(learners.items())):
        folder = lms / f"{student}_2026-05-11-10-{n:02d}-00"
        nb_path = fill(release_nb, answers, folder / f"{M01}.ipynb")
        write_complete_reflections(SOURCE_NB, folder)
        if spoil == "not json":
            nb_path.write_text("{ this is not a notebook", encoding="utf-8")
        elif spoil == "m02":
            nb_path.unlink()
            m02 = root / "release" / M02 / f"{M02}.ipynb"
            (folder / m02.name).write_bytes(m02.read_bytes())
        elif callable(spoil):
            spoil(nb_path)
    nested = next(lms.glob("nested_*"))
    inner = lms / f"{nested.name}.zip"
    with zipfile.ZipFile(inner, "w") as zf:
        for path in sorted(nested.rglob("*")):
            zf.write(path, path.relative_to(nested))
    for path in sorted(nested.rglob("*"), reverse=True):
        path.rmdir() if path.is_dir() else path.unlink()
    nested.rmdir()
    archive = tmp / "download.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for path in sorted(lms.rglob("*")):
            if path.is_file():
                zf.write(path, path.relative_to(lms))
        zf.writestr("readme-from-lms.txt", "junk the LMS adds")
        zf.writestr("__MACOSX/valid/._m01.ipynb", "junk")
        zf.writestr("grades-é.csv", "junk with a non-ASCII name")
    return archive


def test_a_hostile_cohort_gets_the_right_scores_and_reasons(course_copy: Path, tmp_path: Path,
                                                           monkeypatch) -> None:
    monkeypatch.setenv("COURSE_CELL_TIMEOUT", "8")
    monkeypatch.setenv("COURSE_KERNEL_MEMORY_MB", "1024")
    learners = cohort(course_copy)
    archive = make_download(course_copy, tmp_path, learners)

    collected = grading.collect_zip(course_copy, "m01", archive)
    assert collected.collected == sorted(learners)
    skipped = "\n".join(collected.skipped)
    for junk in ("readme-from-lms.txt", "__MACOSX", "grades-é.csv"):
        assert junk in skipped

    summary = grading.autograde(course_copy, "m01", jobs=2)
    outcomes = {o.student: o for o in summary.outcomes}
    rows = grading.export(course_copy, tmp_path / "grades.csv")
    scores = {r["student_id"]: float(r["score"]) for r in rows if r["assignment"] == M01}
    for student, (_, _, expected) in learners.items():
        if isinstance(expected, str):
            assert outcomes[student].status == "failed"
            assert expected in outcomes[student].reason, outcomes[student].reason
        else:
            assert outcomes[student].status == "graded", outcomes[student].reason
            assert scores[student] == expected, student
    assert outcomes["loop"].timed_out and not outcomes["valid"].timed_out
    assert any("ran out of memory" in w for w in outcomes["hog"].warnings)
    for student in ("deleted", "detagged", "duplicated"):
        assert any(FIRST_CHECK in w for w in outcomes[student].warnings), student
    assert not outcomes["valid"].warnings


def test_a_rerun_regrades_only_what_changed(course_copy: Path, tmp_path: Path) -> None:
    learners = {"valid": (RIGHT, None, 11.0), "nested": (RIGHT, None, 11.0),
                "wrong": (M01_WRONG, None, 3.0)}
    grading.collect_zip(course_copy, "m01", make_download(course_copy, tmp_path, learners))
    first = grading.autograde(course_copy, "m01", jobs=2)
    assert [o.status for o in first.outcomes] == ["graded"] * 3
    again = grading.autograde(course_copy, "m01", jobs=2)
    assert [o.status for o in again.outcomes] == ["unchanged"] * 3
    fill(course_copy / "release" / M01 / f"{M01}.ipynb", RIGHT,
         course_copy / "submitted" / "wrong" / M01 / f"{M01}.ipynb")
    third = grading.autograde(course_copy, "m01", jobs=2)
    assert {o.student: o.status for o in third.outcomes} == {
        "nested": "unchanged", "valid": "unchanged", "wrong": "graded"}
    assert third.outcomes[-1].score == 11.0
    forced = grading.autograde(course_copy, "m01", jobs=2, force=True)
    assert [o.status for o in forced.outcomes] == ["graded"] * 3

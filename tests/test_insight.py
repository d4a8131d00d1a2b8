"""Cohort insight from graded notebooks: failures per check, reflection completion and length."""

from __future__ import annotations

import base64
import re
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook, new_output
from test_cohort import COHORT, FULL, make_lms_zip

from conftest import M01, REPO, require_isolation
from course import reflect
from course.grading import insight, report
from course.grading import tutor as grading
from course.paths import copy_course

MODULE = "m01_tiny"
OWN_WORDS = (
    "I asked the ward sister what would help her team and then took the audit figures to the "
    "discharge meeting so the partners could see the delays for themselves before we agreed "
    "a plan together"
)  # 35 words


def check_cell(grade_id: str, source: str, points: float, passed: bool) -> nbformat.NotebookNode:
    cell = new_code_cell(source, id=grade_id)
    cell.metadata["nbgrader"] = {
        "grade": True,
        "solution": False,
        "locked": True,
        "grade_id": grade_id,
        "points": points,
        "schema_version": 3,
    }
    if not passed:
        cell.outputs = [new_output("error", ename="AssertionError", evalue="no", traceback=[])]
    return cell


def graded_learner(root: Path, student: str, passes: tuple[bool, bool, bool], text: str | None):
    """Write one learner's graded notebook (three checks) and, if given, their reflection."""
    folder = root / "autograded" / student / MODULE
    folder.mkdir(parents=True)
    nb = new_notebook(
        cells=[
            new_code_cell("x = 1", id="setup"),
            check_cell("m01-check-a", 'check("m01-a", x)', 2, passes[0]),
            check_cell("m01-check-b", 'check("m01-b", x)', 1, passes[1]),
            check_cell(
                "m01-check-r", 'reflect.check_text("m01_tiny_why", min_words=20)', 1, passes[2]
            ),
        ]
    )
    nbformat.write(nb, folder / f"{MODULE}.ipynb")
    if text is not None:
        record = {"kind": "text", "prompt": "Why did it work?", "text": text, "min_words": 20}
        reflect.save("m01_tiny_why", record, folder)


def cohort(root: Path) -> None:
    """Four graded learners: b is the hardest check; ben and cai did not finish the reflection."""
    graded_learner(root, "ada", (True, False, True), OWN_WORDS)
    graded_learner(root, "ben", (False, False, False), "Too short, sorry.")
    graded_learner(root, "cai", (False, False, False), None)
    graded_learner(root, "dee", (True, True, True), OWN_WORDS.replace("ward sister", "matron"))


def test_failures_per_check_are_counted_hardest_first(tmp_path: Path) -> None:
    """Each check's failing learners are exact and the most-failed check comes first."""
    cohort(tmp_path)
    found = insight.module_insight(tmp_path, MODULE)
    assert found.learners == ["ada", "ben", "cai", "dee"]
    assert [(c.grade_id, c.failed, c.graded) for c in found.checks] == [
        ("m01-check-b", ["ada", "ben", "cai"], 4),
        ("m01-check-a", ["ben", "cai"], 4),
        ("m01-check-r", ["ben", "cai"], 4),
    ]
    assert found.checks[0].failed_pct == 75.0 and found.checks[1].points == 2.0


def test_reflection_completion_and_length_are_exact(tmp_path: Path) -> None:
    """Completion counts passed checks; length is over the answers saved (words 3, 34, 35)."""
    cohort(tmp_path)
    (why,) = insight.module_insight(tmp_path, MODULE).reflections
    assert why.key == "m01_tiny_why" and why.prompt == "Why did it work?"
    assert why.complete == ["ada", "dee"] and why.complete_pct == 50.0
    assert why.words == {"ada": 35, "ben": 3, "dee": 34}
    assert why.length() == (3, 18.5, 34, 34.5, 35)


def test_a_near_copy_in_the_cohort_is_paired_with_links_to_both_answers(tmp_path: Path) -> None:
    """The summary page lists ada and dee's near-identical answers, linking each file."""
    cohort(tmp_path)
    (why,) = insight.module_insight(tmp_path, MODULE).reflections
    assert [(p.first, p.second) for p in why.similar] == [("ada", "dee")]
    rows = [
        {"assignment": MODULE, "student_id": s, "score": "1", "max_score": "4"}
        for s in ("ada", "ben", "cai", "dee")
    ]
    page = report.write_html(tmp_path, rows, tmp_path / "summary" / "cohort.html").read_text()
    links = re.findall(r'<a href="([^"]+)">(\w+)&#x27;s answer to m01_tiny_why</a>', page)
    assert [who for _, who in links] == ["ada", "dee"]
    for href, who in links:
        target = (tmp_path / "summary" / href).resolve()
        assert target == (tmp_path / "autograded" / who / MODULE / "reflections").resolve() / (
            "m01_tiny_why.json"
        )
    assert f"similarity is {insight.similarity.THRESHOLD:g} or more" in page


def test_the_summary_lists_checks_hardest_first_and_describes_the_length_chart(
    tmp_path: Path,
) -> None:
    """The page's check table runs hardest first; the length chart has a title and a text."""
    cohort(tmp_path)
    rows = [{"assignment": MODULE, "student_id": "ada", "score": "1", "max_score": "4"}]
    page = report.write_html(tmp_path, rows, tmp_path / "cohort.html").read_text()
    order = [page.index(f"<code>{g}</code>") for g in ("m01-check-b", "m01-check-a")]
    assert order == sorted(order)
    assert "<td>3 of 4</td><td>75</td>" in page
    assert "m01_tiny_why: 3 answers, from 3 to 35 words, median 34" in page
    images = re.findall(r'src="data:image/svg\+xml;base64,([^"]+)"', page)
    assert any(b"Length of reflections in m01_tiny" in base64.b64decode(i) for i in images)


# --- A real cohort, collected and autograded (the five learners of test_cohort) --------------


@pytest.fixture(scope="module")
def graded_cohort(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """test_cohort's five learners of module 1, collected and autograded once for this file."""
    require_isolation()
    tmp = tmp_path_factory.mktemp("cohort")
    root = copy_course(REPO, tmp / "course")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("COURSE_CELL_TIMEOUT", "8")
        grading.collect_zip(root, "m01", make_lms_zip(root, tmp))
        grading.autograde(root, "m01", jobs=2)
    return root


@pytest.mark.slow
def test_failures_per_check_of_a_graded_cohort_are_exact(graded_cohort: Path) -> None:
    """Each learner's failed checks are the ones their answers break, and cost their marks."""
    found = insight.module_insight(graded_cohort, M01)
    failed = [(c.grade_id, c.failed) for c in found.checks if c.failed]
    assert failed == [
        ("m01-check-ratio", ["ben", "cai"]),  # wrong rounding; dividing by zero
        ("m01-check-pct", ["ben", "dee"]),  # wrong rounding; a loop stopped by the time limit
        ("m01-check-ranked", ["ben", "cai"]),  # wrong tie-break; no ratio column to rank
        ("m01-check-low-ratio", ["ben", "cai"]),  # an average of percentages; no ratio
        ("m01-check-r1b", ["ben", "eve"]),  # the explanation too short; nothing saved
        ("m01-check-board", ["eve"]),
        ("m01-check-r1", ["eve"]),
        ("m01-check-r2", ["eve"]),
        ("m01-check-self-rating", ["eve"]),
    ]
    assert found.learners == sorted(COHORT)
    for student, (_, _, score) in COHORT.items():
        lost = sum(c.points for c in found.checks if student in c.failed)
        assert lost == FULL - score, student
    assert [len(c.failed) for c in found.checks] == sorted(
        (len(c.failed) for c in found.checks), reverse=True
    )

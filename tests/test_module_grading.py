"""Every module through nbgrader: full marks for a complete learner, zero for untouched work."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import REPO
from course import notebooks
from course.grading import tutor as grading
from course.paths import module_ids
from learners import fill, solutions, write_complete_reflections

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("isolation")]


def auto_points(nb_path: Path) -> float:
    """The marks the autograder can give: the points of every locked test cell."""
    nb = notebooks.read(nb_path)
    return float(
        sum(
            notebooks.nbgrader_meta(c).get("points", 0)
            for c in nb.cells
            if notebooks.is_autograded_test(c)
        )
    )


@pytest.mark.parametrize("module", module_ids(REPO))
def test_complete_work_gets_every_automatic_mark_and_untouched_work_none(
    module: str, course_copy: Path, tmp_path: Path
) -> None:
    source_nb = next((REPO / "source" / module).glob("*.ipynb"))
    release_nb = course_copy / "release" / module / source_nb.name
    full = course_copy / "submitted" / "full" / module
    fill(release_nb, solutions(source_nb), full / source_nb.name)
    assert write_complete_reflections(source_nb, full)
    blank = course_copy / "submitted" / "blank" / module
    blank.mkdir(parents=True)
    shutil.copy2(release_nb, blank / source_nb.name)

    report = grading.autograde(course_copy, module)
    assert [o.student for o in report.with_status("graded")] == ["blank", "full"], report.lines()

    rows = grading.export(course_copy, tmp_path / "grades.csv")
    scores = {r["student_id"]: float(r["score"]) for r in rows if r["assignment"] == module}
    expected = auto_points(source_nb)
    assert expected >= 8 + 2, "a module has at least four 2-mark data checks and two reflections"
    assert scores == {"full": expected, "blank": 0.0}

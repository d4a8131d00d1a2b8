"""The module's own charts are drawn once for a cohort; a learner's changed chart is their own."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import nbformat
import pytest

from conftest import M01, REPO, require_isolation
from course import charts
from course.grading import chart_cache, cohort
from course.grading import tutor as grading
from course.paths import copy_course
from learners import fill, solutions, write_complete_reflections

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("isolation")]

SOURCE_NB = REPO / "source" / M01 / f"{M01}.ipynb"
RIGHT = solutions(SOURCE_NB)
MARK = "<!-- drawn once for the cohort -->"  # added to the drawings, to tell them apart
TITLE = "Span of control against span of influence for ten leaders"


def submit(root: Path, student: str, title: str | None = None) -> Path:
    """Hand in right answers; with ``title``, a cell of the learner's own after the course's
    chart draws it again under that title (the course's own cells are restored in grading)."""
    folder = root / "submitted" / student / M01
    out = fill(root / "release" / M01 / f"{M01}.ipynb", RIGHT, folder / f"{M01}.ipynb")
    write_complete_reflections(SOURCE_NB, folder)
    if title:
        nb = nbformat.read(out, as_version=4)
        at = next(i for i, c in enumerate(nb.cells) if c.get("id") == "m01-chart")
        code = f"charts.show_accessible(chart.properties(title={title!r}), 'Mine.', reach)"
        nb.cells.insert(at + 1, nbformat.v4.new_code_cell(code))
        nbformat.write(nb, out)
    return folder


def chart_outputs(root: Path, student: str) -> list[dict]:
    """The drawn charts in a learner's autograded notebook."""
    nb = nbformat.read(root / "autograded" / student / M01 / f"{M01}.ipynb", as_version=4)
    return [
        out
        for cell in nb.cells
        for out in cell.get("outputs", [])
        if "image/svg+xml" in out.get("data", {})
    ]


@pytest.fixture(scope="module")
def graded(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Path]]:
    """Three learners graded after the module's charts were drawn (and marked) once."""
    require_isolation()
    root = copy_course(REPO, tmp_path_factory.mktemp("charts") / "course")
    source = root / "source" / M01
    assert chart_cache.draw(source) >= 1
    drawings = chart_cache.cached(source)
    for path in drawings.values():
        head, _, tail = path.read_text(encoding="utf-8").rpartition("</svg>")
        path.write_text(head + MARK + "</svg>" + tail, encoding="utf-8")
    submit(root, "same")
    submit(root, "changed", title="My own title for the chart")
    planter = submit(root, "planter")
    for rel in drawings:
        (planter / rel).parent.mkdir(parents=True, exist_ok=True)
        (planter / rel).write_text("<svg>planted</svg>", encoding="utf-8")
    summary = grading.autograde(root, M01, jobs=1)
    assert [o.status for o in summary.outcomes] == ["graded"] * 3
    return root, drawings


def test_a_learner_running_the_course_chart_gets_the_drawing_made_once(graded) -> None:
    root, drawings = graded
    (out,) = chart_outputs(root, "same")
    assert MARK in out["data"]["image/svg+xml"]
    assert f"{charts.CACHE}/{out['metadata'][charts.KEY]}.svg" in drawings


def test_a_learner_who_changes_the_chart_gets_their_own_drawing(graded) -> None:
    root, _ = graded
    course_chart, own = chart_outputs(root, "changed")
    assert MARK in course_chart["data"]["image/svg+xml"]
    assert MARK not in own["data"]["image/svg+xml"]
    assert "My own title for the chart" in own["data"]["image/svg+xml"]


def test_a_drawing_a_learner_hands_in_does_not_replace_the_course_drawing(graded) -> None:
    root, _ = graded
    (out,) = chart_outputs(root, "planter")
    assert MARK in out["data"]["image/svg+xml"] and "planted" not in out["data"]["image/svg+xml"]


def test_drawings_of_an_older_source_are_not_used(tmp_path: Path) -> None:
    source = tmp_path / "source" / M01
    shutil.copytree(REPO / "source" / M01, source)
    folder = chart_cache.home(source) / chart_cache.digest(source)
    folder.mkdir(parents=True)
    (folder / f"{'0' * 64}.svg").write_text("<svg/>", encoding="utf-8")
    (folder / chart_cache.DONE).write_text("{}", encoding="utf-8")
    assert list(chart_cache.cached(source)) == [f"{charts.CACHE}/{'0' * 64}.svg"]
    (source / "reach.csv").write_text("changed\n", encoding="utf-8")
    assert chart_cache.cached(source) == {}


def test_the_digest_reads_the_source_again_only_when_a_file_changes(
    tmp_path: Path, monkeypatch
) -> None:
    source = tmp_path / "source" / M01
    shutil.copytree(REPO / "source" / M01, source)
    first = chart_cache.digest(source)
    reads: list[Path] = []
    read_bytes = Path.read_bytes
    monkeypatch.setattr(Path, "read_bytes", lambda p: reads.append(p) or read_bytes(p))
    assert chart_cache.digest(source) == first
    assert reads == []
    data = source / "reach.csv"
    text = data.read_text(encoding="utf-8")
    data.write_text(text.replace("1", "2", 1), encoding="utf-8")  # same size, new content
    os.utime(data, ns=(data.stat().st_atime_ns, data.stat().st_mtime_ns + 1_000_000))
    assert chart_cache.digest(source) != first
    assert data in reads


def test_grading_goes_on_and_says_so_when_the_charts_cannot_be_drawn(
    course_copy: Path, monkeypatch, capsys
) -> None:
    def fail(source: Path, timeout: int = 300) -> int:
        raise RuntimeError("no kernel")

    monkeypatch.setattr(chart_cache, "draw", fail)
    monkeypatch.setattr(cohort, "DRAW_AHEAD_FROM", 1)
    submit(course_copy, "alone")
    summary = grading.autograde(course_copy, M01, jobs=1)
    assert [o.status for o in summary.outcomes] == ["graded"]
    assert "each learner's kernel draws its own" in capsys.readouterr().err
    (out,) = chart_outputs(course_copy, "alone")
    assert TITLE in out["data"]["image/svg+xml"]


class NoGrading:
    """A pool that grades nobody: these tests are about what comes before grading."""

    def check(self, root: Path, module: str, trust: bool) -> None:
        pass

    def grade(self, root, module, students, finish, trust, timeout) -> None:  # type: ignore[no-untyped-def]
        for student in students:
            finish(cohort.Outcome(student, "failed", "not graded in this test"))


def test_a_small_cohort_is_graded_without_drawing_ahead(course_copy: Path, monkeypatch) -> None:
    drawn: list[Path] = []
    monkeypatch.setattr(chart_cache, "draw", lambda source, timeout=300: drawn.append(source))
    for student in ("ada", "ben"):
        submit(course_copy, student)
    cohort.run(course_copy, M01, pool=NoGrading())
    assert drawn == []  # two kernels drawing their own chart cost less than drawing ahead


def test_the_charts_are_drawn_while_the_assignment_is_generated(
    course_copy: Path, monkeypatch
) -> None:
    spans: dict[str, tuple[float, float]] = {}

    def draw(source: Path, timeout: int = 300) -> int:
        started = time.monotonic()
        time.sleep(1)
        spans["draw"] = (started, time.monotonic())
        return 0

    real = cohort.nbg.run

    def run(root, *args, **kwargs):  # type: ignore[no-untyped-def]
        started = time.monotonic()
        try:
            return real(root, *args, **kwargs)
        finally:
            if args[0] == "generate_assignment":
                spans["generate"] = (started, time.monotonic())

    monkeypatch.setattr(chart_cache, "draw", draw)
    monkeypatch.setattr(cohort.nbg, "run", run)
    monkeypatch.setattr(cohort, "DRAW_AHEAD_FROM", 2)
    for student in ("ada", "ben"):
        submit(course_copy, student)
    cohort.run(course_copy, M01, pool=NoGrading())
    (draw_start, draw_end), (gen_start, gen_end) = spans["draw"], spans["generate"]
    assert draw_start < gen_end and gen_start < draw_end  # side by side, not one after the other

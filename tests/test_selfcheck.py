"""``course check``: a learner's own notebook is checked on a copy, with no solutions shown."""

from __future__ import annotations

import hashlib
import re
import time
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook

from conftest import M01, REPO
from course import notebooks, progress, selfcheck
from helpers import one_sentence, run_cli
from learners import fill, solutions, write_complete_reflections

SOURCE_NB = REPO / "source" / M01 / f"{M01}.ipynb"
CheckRun = tuple[int, str, str]  # exit code, stdout, stderr
_NB = nbformat.read(SOURCE_NB, as_version=4)
CHECKS = sum(1 for c in _NB.cells if notebooks.is_autograded_test(c))  # m01's checks
REFLECTIONS = len(progress.reflection_checks(_NB))  # of which reflection checks


def digest(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` (names and bytes), to prove nothing was changed."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != ".progress.json"
    }


def secret_lines() -> list[str]:
    """Every solution and hidden-test line of module 1's source notebook worth searching for."""
    found = []
    for cell in nbformat.read(SOURCE_NB, as_version=4).cells:
        for region in re.findall(
            r"### BEGIN (?:SOLUTION|HIDDEN TESTS)\n(.*?)### END", cell.source, re.S
        ):
            found += [ln.strip() for ln in region.splitlines() if len(ln.strip()) > 20]
    return found


def new_workspace(base: Path) -> Path:
    ws = base / "ws"
    assert run_cli("start", "--workspace", str(ws), "--no-lab")[0] == 0
    return ws


@pytest.fixture(scope="module")
def checked(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, CheckRun, dict]]:
    """Two learners' module 1, each checked once: one complete, one untouched."""
    results = {}
    for learner in ("full", "blank"):
        ws = new_workspace(tmp_path_factory.mktemp(learner))
        folder = ws / M01
        if learner == "full":
            fill(folder / f"{M01}.ipynb", solutions(SOURCE_NB), folder / f"{M01}.ipynb")
            write_complete_reflections(SOURCE_NB, folder)
        before = digest(folder)
        results[learner] = (ws, run_cli("check", "m01", "--workspace", str(ws)), before)
    return results


def test_complete_work_passes_every_check(checked) -> None:
    _, (code, out, _), _ = checked["full"]
    assert code == 0
    assert out.count("  passed   ") == CHECKS and "not yet" not in out
    assert f"{CHECKS} of {CHECKS} checks pass; next: nothing" in out


def test_untouched_work_gets_each_checks_own_message(checked) -> None:
    _, (code, out, _), _ = checked["blank"]
    assert code == 1
    assert out.count("  not yet  ") == CHECKS and "  passed   " not in out
    assert "`reach` has no column called 'influence_ratio' yet" in out
    assert "Nothing is saved yet for the reflection above this check" in out
    summary = out.strip().splitlines()[-1]
    assert summary.startswith(
        f"0 of {CHECKS} checks pass; next: Check task 1 (2 marks): `reach` has no"
    )


@pytest.mark.parametrize("learner", ["full", "blank"])
def test_no_solution_or_hidden_test_is_shown(checked, learner: str) -> None:
    _, (_, out, err), _ = checked[learner]
    for text in (out, err):
        assert "HIDDEN TESTS" not in text and "BEGIN SOLUTION" not in text
        leaked = [ln for ln in secret_lines() if ln in text]
        assert leaked == [], leaked[:3]


@pytest.mark.parametrize("learner", ["full", "blank"])
def test_the_learners_files_are_not_changed(checked, learner: str) -> None:
    ws, _, before = checked[learner]
    assert digest(ws / M01) == before
    assert not list(ws.rglob("*.tmp"))


def test_the_result_is_recorded_for_progress(checked) -> None:
    for learner, passed in (("full", CHECKS), ("blank", 0)):
        ws = checked[learner][0]
        last = progress.load_result(ws / M01)
        assert last is not None and (last.passed, last.total) == (passed, CHECKS)
        code, out, _ = run_cli("progress", "--workspace", str(ws))
        row = next(ln for ln in out.splitlines() if ln.startswith(M01))
        done = f"{REFLECTIONS} of {REFLECTIONS}" if passed else f"0 of {REFLECTIONS}"
        assert f"{passed} of {CHECKS}" in row and row.endswith(done)
        assert code == 0 and "not checked yet" in out  # the other modules


def write_module(ws: Path, name: str, cells: list[tuple[str, bool]]) -> Path:
    """A small module folder ``ws/name`` whose notebook has (source, is a locked test) cells."""
    nb = new_notebook(
        metadata={
            "kernelspec": {"name": "python3", "language": "python", "display_name": "Python 3"}
        }
    )
    for index, (source, test) in enumerate(cells):
        cell = new_code_cell(source)
        if test:
            cell.metadata["nbgrader"] = {
                "grade": True,
                "solution": False,
                "locked": True,
                "grade_id": f"t{index}",
                "points": 1,
            }
        nb.cells.append(cell)
    (ws / name).mkdir(parents=True)
    path = ws / name / f"{name}.ipynb"
    nbformat.write(nb, path)
    return path


def test_an_endless_loop_is_stopped_and_reported(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("COURSE_CELL_TIMEOUT", "2")
    path = write_module(
        tmp_path,
        "m98_loops",
        [
            ("x = 1", False),
            (
                "# Check x\nassert x == 1, 'x should be 1.'\n### BEGIN HIDDEN TESTS\n"
                "assert x == 2, 'SECRET: x is really 2'\n### END HIDDEN TESTS",
                True,
            ),
            ("# Your answer: y\ny = 2\nwhile True:\n    pass", False),
            ("# Check y\nassert y == 2, 'y should be 2.'", True),
            (
                "# Your answer: z\nimport time\nwhile True:\n    try:\n        time.sleep(0.05)\n"
                "    except KeyboardInterrupt:\n        pass",
                False,
            ),
            ("# Check z\nassert True", True),
        ],
    )
    before = path.read_bytes()
    started = time.monotonic()
    code, out, err = run_cli("check", "m98", "--workspace", str(tmp_path))
    assert time.monotonic() - started < 60
    assert code == 1 and "SECRET" not in out + err and "HIDDEN TESTS" not in out + err
    assert "  passed   Check x" in out and "  passed   Check y" in out
    assert "  stopped  Your answer: y: it ran for more than 2 s and was stopped" in out
    assert "  stopped  Your answer: z: it ran for more than 2 s and was stopped (it ignored" in out
    assert "it did not run, because a cell above it ignored the time limit" in out
    assert out.strip().endswith(
        "2 of 3 checks pass; next: Your answer: y: it ran for more than "
        "2 s and was stopped: look for a loop that never ends."
    )
    assert path.read_bytes() == before


def test_an_unknown_module_lists_the_modules(tmp_path: Path) -> None:
    ws = new_workspace(tmp_path)
    code, out, err = run_cli("check", "m99", "--workspace", str(ws))
    line = one_sentence(err)
    assert code == 2 and out == ""
    assert "no module called 'm99'" in line and M01 in line


def test_a_missing_workspace_says_run_start(tmp_path: Path) -> None:
    code, _, err = run_cli("check", "m01", "--workspace", str(tmp_path / "nowhere"))
    assert code == 2 and "There is no workspace at" in one_sentence(err)
    assert "course start" in err


def test_a_missing_notebook_says_how_to_get_it_back(tmp_path: Path) -> None:
    ws = new_workspace(tmp_path)
    (ws / M01 / f"{M01}.ipynb").unlink()
    code, _, err = run_cli("check", "m01", "--workspace", str(ws))
    assert code == 2 and "is missing; run `course start`" in one_sentence(err)
    assert not (ws / M01 / progress.RESULT_FILE).exists()


def test_a_notebook_that_is_not_json_is_refused_and_kept(tmp_path: Path) -> None:
    ws = new_workspace(tmp_path)
    notebook = ws / M01 / f"{M01}.ipynb"
    notebook.write_text("{ not json", encoding="utf-8")
    code, _, err = run_cli("check", "m01", "--workspace", str(ws))
    assert code == 2 and "(it is not valid JSON)" in one_sentence(err)
    assert notebook.read_text(encoding="utf-8") == "{ not json"


def test_a_bad_time_limit_is_named(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("COURSE_CELL_TIMEOUT", "soon")
    code, _, err = run_cli("check", "m01", "--workspace", str(tmp_path))
    assert code == 2 and "COURSE_CELL_TIMEOUT" in one_sentence(err)


def test_labels_say_which_check_without_grade_ids() -> None:
    cell = new_code_cell('import course.reflect\ncourse.reflect.check_text("m01_x", min_words=5)')
    cell.metadata["nbgrader"] = {"grade": True, "solution": False, "grade_id": "g"}
    assert selfcheck._label(cell, 3) == "Check: reflection 'm01_x' is complete"
    assert (
        selfcheck._label(new_code_cell("# Check task 1 (2 marks)\nx"), 0)
        == "Check task 1 (2 marks)"
    )
    assert selfcheck._label(new_code_cell("x = 1"), 4) == "Cell 5"


def test_a_report_with_every_check_passing_says_so() -> None:
    lines = selfcheck.Report("m01", [selfcheck.Finding("Check task 1", True)]).lines()
    assert lines[0] == "  passed   Check task 1"
    assert lines[1].startswith("1 of 1 checks pass; next: nothing")
    assert len(lines) == 2

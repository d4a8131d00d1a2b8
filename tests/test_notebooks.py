"""Every module notebook: solutions pass, the release fails only its graded parts, no leaks."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from conftest import REPO
from course import build, notebooks
from course.notebooks import split_hidden
from course.paths import module_ids
from learners import write_complete_reflections

MODULES = module_ids(REPO)


def notebook_of(folder: Path) -> Path:
    found = sorted(folder.glob("*.ipynb"))
    assert len(found) == 1, f"{folder} should hold exactly one notebook"
    return found[0]


def execute(folder: Path) -> nbformat.NotebookNode:
    """Run a module's notebook top to bottom in its own folder, continuing past errors.

    Hidden tests are left out: they only ever run in the grader (tests/test_module_grading.py).
    """
    path = notebook_of(folder)
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if notebooks.is_autograded_test(cell):
            cell.source = split_hidden(cell.source)[0]
    NotebookClient(
        nb,
        timeout=120,
        kernel_name="python3",
        allow_errors=True,
        resources={"metadata": {"path": str(folder)}},
    ).execute()
    return nb


def errors(nb: nbformat.NotebookNode) -> dict[str, str]:
    """Cell id -> first error message, for every cell that raised."""
    found = {}
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error":
                found[cell.id] = f"{out['ename']}: {out['evalue']}"
                break
    return found


def test_there_are_modules() -> None:
    """The course has at least one module in source/."""
    assert MODULES


@pytest.mark.parametrize("module", MODULES)
def test_source_notebook_is_clean(module: str) -> None:
    """Source notebooks have stable unique ids and no saved outputs."""
    assert notebooks.problems(notebooks.read(notebook_of(REPO / "source" / module))) == []


@pytest.mark.parametrize("module", MODULES)
def test_source_with_solutions_passes_every_check(module: str, tmp_path: Path) -> None:
    """With the solutions and complete reflections, no cell of the source notebook fails."""
    folder = tmp_path / module
    shutil.copytree(REPO / "source" / module, folder)
    assert write_complete_reflections(notebook_of(folder), folder), "module has no reflections"
    assert errors(execute(folder)) == {}


@pytest.mark.parametrize("module", MODULES)
def test_release_fails_exactly_the_graded_parts(module: str, tmp_path: Path) -> None:
    """Run as released, every autograded check fails with a message and nothing else errors."""
    folder = tmp_path / module
    shutil.copytree(REPO / "release" / module, folder)
    nb = execute(folder)
    graded = {c.id for c in nb.cells if notebooks.is_autograded_test(c)}
    failed = errors(nb)
    assert set(failed) == graded
    assert all(msg.startswith("AssertionError: ") and len(msg) > 30 for msg in failed.values())


@pytest.mark.parametrize("module", MODULES)
def test_release_holds_no_solutions_or_hidden_tests(module: str) -> None:
    """No release file contains solution or hidden-test code."""
    solution_lines = set()
    for cell in notebooks.read(notebook_of(REPO / "source" / module)).cells:
        for region in re.findall(
            r"### BEGIN (?:SOLUTION|HIDDEN TESTS)\n(.*?)### END", cell.source, re.S
        ):
            solution_lines.update(ln.strip() for ln in region.splitlines() if ln.strip())
    for path in (REPO / "release" / module).rglob("*"):
        if path.is_file():
            text = path.read_text(encoding="utf-8")
            assert "BEGIN SOLUTION" not in text and "BEGIN HIDDEN TESTS" not in text, path
            leaked = [ln for ln in solution_lines if ln in text]
            assert leaked == [], f"{path} contains solution or hidden-test lines: {leaked[:3]}"


@pytest.mark.parametrize("module", MODULES)
def test_no_reflections_folder_ships_in_source_or_release(module: str) -> None:
    """A reflections folder in source/ would be copied over every learner's answers."""
    assert not (REPO / "source" / module / "reflections").exists()
    assert not (REPO / "release" / module / "reflections").exists()


@pytest.mark.slow
def test_release_is_in_sync_with_source() -> None:
    """Building the release afresh gives exactly the committed release/ folder."""
    assert build.release_out_of_sync(REPO) == []

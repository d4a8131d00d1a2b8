"""course.exercises and the check cells: one short call per check, each exercise used once."""

from __future__ import annotations

import pytest

from conftest import REPO
from course import authoring, exercises, notebooks
from course.grading.plugins.checks import parse
from course.notebooks import split_hidden
from course.paths import module_ids

MODULES = module_ids(REPO)


def check_cells(folder: str, module: str) -> list:
    nb = notebooks.read(next((REPO / folder / module).glob("*.ipynb")))
    return [c for c in nb.cells if notebooks.is_autograded_test(c)]


@pytest.mark.parametrize("module", MODULES)
def test_every_check_cell_is_one_call_the_grader_reads(module: str) -> None:
    for cell in check_cells("source", module):
        call = parse(cell.source)
        if call.kind == "exercise":
            assert exercises.find(call.check_id).call_source() in cell.source, cell.id


@pytest.mark.parametrize("module", MODULES)
def test_every_exercise_of_a_module_is_checked_exactly_once(module: str) -> None:
    used = [
        parse(c.source).check_id
        for c in check_cells("source", module)
        if parse(c.source).kind == "exercise"
    ]
    declared = [e.check_id for e in exercises.of_module(module[:3])]
    assert sorted(used) == sorted(declared)
    assert len(set(used)) == len(used)


@pytest.mark.parametrize("module", MODULES)
def test_released_check_cells_hold_no_code_but_the_call(module: str) -> None:
    for cell in check_cells("release", module):
        code = [ln for ln in cell.source.splitlines() if ln.strip() and not ln.startswith("#")]
        assert len(code) == 1 and "importlib" not in cell.source, cell.id


def test_the_authoring_helper_writes_the_call_from_the_declaration() -> None:
    cell = authoring.exercise_check(
        "m01-check-ratio",
        "m01-ratio",
        2,
        hidden="assert reach is not None",
        title="Check task 1 (2 marks)",
    )
    visible, hidden = split_hidden(cell.source)
    assert visible.splitlines() == ["# Check task 1 (2 marks)", 'check("m01-ratio", reach)']
    assert hidden == "assert reach is not None"
    assert cell.metadata.nbgrader["points"] == 2 and cell.metadata.nbgrader["grade"]


def test_an_unknown_check_id_says_so_in_a_sentence() -> None:
    with pytest.raises(LookupError, match="no check called 'm01-nope'"):
        exercises.find("m01-nope")

"""Each module's stated time and marks come from its cells, and the marks suit a leadership
programme: the tutor's marks carry the most weight, completion marks at most a fifth."""

from __future__ import annotations

from pathlib import Path

import pytest
from nbformat.notebooknode import NotebookNode

from course import authoring, notebooks, workload
from course.paths import module_ids

ROOT = Path(__file__).resolve().parent.parent
MODULES = module_ids(ROOT)


def _load(module: str) -> workload.Load:
    return workload.module_load(notebooks.read(ROOT / "source" / module / f"{module}.ipynb"))


def _small_module() -> NotebookNode:
    """A title, one data task of two answers and one 60-word reflection, built in code."""
    return authoring.notebook(
        [
            authoring.md(
                "t-title",
                "# Module 9: A test\n\n" + "word " * 400 + "\n\n**Time:** about 1 minutes.\n"
                "**Marks:** none.",
            ),
            authoring.md("t-task", "## 1. Data task (1 marks, about 1 minutes)\n\nDo it."),
            authoring.answer("t-a1", "x = None\n### BEGIN SOLUTION\nx = 1\n### END SOLUTION"),
            authoring.check("t-c1", "assert x == 1", 2),
            authoring.answer("t-a2", "y = None\n### BEGIN SOLUTION\ny = 2\n### END SOLUTION"),
            authoring.check("t-c2", "assert y == 2", 2),
            authoring.md("t-refl", "## 2. Reflection (9 marks)"),
            authoring.readonly("t-box", 'reflect.text_reflection("m09_t", "Why?", min_words=60)'),
            authoring.check("t-rc", 'reflect.check_text("m09_t", min_words=60)', 1),
            authoring.task("t-mark", "**Tutor marking (5 marks).** A guide.", 5),
        ]
    )


def test_a_module_load_counts_reading_answers_and_writing_at_the_stated_rates() -> None:
    """400 words read at 200 a minute, two answers and one 60-word reflection give the
    documented minutes, and the marks split by who awards them."""
    load = workload.module_load(_small_module())
    assert load.data_task == 2 * workload.MINUTES_PER_ANSWER + 2 * workload.MINUTES_PER_CHECK
    assert load.writing == workload.MINUTES_TO_START_A_REFLECTION + 60 / 10
    assert 400 / 200 <= load.reading < 400 / 200 + 0.2
    assert (load.answer_marks, load.completion_marks, load.tutor_marks) == (4, 1, 5)


def test_stated_time_and_marks_are_rewritten_from_the_cells() -> None:
    """The title's time and marks lines and each heading's marks are written from the cells,
    so a heading that claims 1 mark for two 2-mark answers is corrected."""
    nb = _small_module()
    for index, source in workload.rewritten(nb).items():
        nb.cells[index].source = source
    title = nb.cells[0].source
    assert "**Marks:** 10 in all: 4 for your data-task answers and 1 for completing" in title
    assert "**Time:** about 30 minutes (" in title
    assert nb.cells[1].source.startswith("## 1. Data task (4 marks; about 15 minutes)")
    assert nb.cells[6].source == (
        "## 2. Reflection (6 marks: 1 for completing, 5 from your tutor; about 10 minutes)"
    )
    assert workload.rewritten(nb) == {}


@pytest.mark.parametrize("module", MODULES)
def test_every_stated_time_and_mark_matches_the_cells(module: str) -> None:
    """`course workload` finds nothing to rewrite: the notebook says what its cells hold."""
    nb = notebooks.read(ROOT / "source" / module / f"{module}.ipynb")
    stale = {i: nb.cells[i].source.splitlines()[0] for i in workload.rewritten(nb)}
    assert stale == {}, "run `course workload --write` and `course build`"


@pytest.mark.parametrize("module", MODULES)
def test_completion_marks_are_at_most_a_fifth_of_a_module(module: str) -> None:
    """Marks for reaching a word count are at most 20% of the module's marks."""
    load = _load(module)
    assert load.completion_marks <= 0.2 * load.marks, (load.completion_marks, load.marks)


@pytest.mark.parametrize("module", [m for m in MODULES if not m.startswith("m00")])
def test_the_tutor_s_marks_carry_the_most_weight(module: str) -> None:
    """The tutor's marks for reflections and interpretations outweigh the data task's
    automatic marks in every module after the practice one."""
    load = _load(module)
    assert load.tutor_marks > load.answer_marks, (load.tutor_marks, load.answer_marks)
    assert load.tutor_marks > load.completion_marks


@pytest.mark.parametrize("module", [m for m in MODULES if m[:3] not in ("m00", "m13")])
def test_every_data_task_ends_with_an_answer_for_the_board(module: str) -> None:
    """The last task of each data task is a written interpretation that the tutor marks."""
    nb = notebooks.read(ROOT / "source" / module / f"{module}.ipynb")
    ids = [cell.get("id") for cell in nb.cells]
    prefix = module[:3]
    board = ids.index(f"{prefix}-board-intro")
    answers = [i for i, cell in enumerate(nb.cells) if notebooks.is_answer(cell)]
    assert answers and board > max(answers), "the board answer must follow the last answer"
    mark = nb.cells[ids.index(f"{prefix}-mark-board")]
    assert notebooks.nbgrader_meta(mark).get("task") and mark.metadata.nbgrader["points"] >= 3

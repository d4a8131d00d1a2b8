"""course.grading.plugins.checks: checks judged outside the kernel, on handed-over answers."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pandas as pd
import pytest
from traitlets.config import Config

from conftest import REPO
from course import answers, authoring, reflect
from course.grading.plugins.checks import CheckFormatError, SealChecks, TrustedChecks, parse

MODULE = "m01_leading_without_authority"
HIDDEN = 'assert list(reach["leader_id"]) == list(data("reach.csv")["leader_id"]), "rows changed"'
# The module's own table: the visible check wants every leader in it.
REACH = pd.read_csv(REPO / "source" / MODULE / "reach.csv")


def right_reach() -> pd.DataFrame:
    reach = REACH.copy()
    reach["influence_ratio"] = (reach["partner_staff"] / reach["direct_staff"]).round(1)
    return reach


@pytest.fixture
def course(tmp_path: Path) -> Path:
    source = tmp_path / "source" / MODULE
    source.mkdir(parents=True)
    REACH.to_csv(source / "reach.csv", index=False)
    (tmp_path / "autograded" / "ada" / MODULE).mkdir(parents=True)
    return tmp_path


def notebook(*cells):
    nb = authoring.notebook(list(cells))
    return nb


def ratio_check(hidden: str = HIDDEN):
    return authoring.exercise_check(
        "m01-check-ratio", "m01-ratio", 2, hidden=hidden, title="Check task 1 (2 marks)"
    )


def judge(course: Path, nb, handed: dict | None = None, dead: int | None = None):
    """Seal, pretend the kernel ran (handing ``handed``), and judge; return the outputs."""
    config = Config()
    config.CourseDirectory.root = str(course)
    resources = {
        "metadata": {"path": str(course / "autograded" / "ada" / MODULE)},
        "nbgrader": {"assignment": MODULE},
    }
    nb, resources = SealChecks(config=config).preprocess(nb, resources)
    resources["course_answers"] = handed or {}
    resources["course_dead_cell"] = None if dead is None else {"index": dead, "id": "x"}
    nb, resources = TrustedChecks(config=config).preprocess(nb, resources)
    return nb


def handed(index: int, reach) -> dict:
    return {index: {"m01-ratio": answers.encode("m01-ratio", ["reach"], [reach])}}


def message(cell) -> str | None:
    out = cell.outputs[0]
    return out.get("evalue") if out.output_type == "error" else None


def test_the_kernel_receives_the_call_and_never_the_hidden_tests(course: Path) -> None:
    nb = notebook(ratio_check())
    config = Config()
    nb, resources = SealChecks(config=config).preprocess(nb, {})
    assert nb.cells[0].source == '# Check task 1 (2 marks)\ncheck("m01-ratio", reach)'
    assert HIDDEN in resources["course_sealed"][0]


def test_right_answers_pass_and_the_notebook_keeps_no_hidden_tests(course: Path) -> None:
    nb = judge(course, notebook(ratio_check()), handed(0, right_reach()))
    assert message(nb.cells[0]) is None
    assert "HIDDEN" not in nb.cells[0].source and "data(" not in nb.cells[0].source


def test_what_the_kernel_printed_in_a_check_cell_is_thrown_away(course: Path) -> None:
    nb = notebook(ratio_check())
    nb.cells[0].outputs = [nbformat.v4.new_output("stream", name="stdout", text="ok")]
    wrong = right_reach()
    wrong.loc[wrong["leader_id"] == "L01", "influence_ratio"] = 1428.57
    out = judge(course, nb, handed(0, wrong)).cells[0]
    assert len(out.outputs) == 1 and "should be 1428.6" in message(out)


def test_a_hidden_test_fails_with_its_own_sentence(course: Path) -> None:
    reordered = right_reach().iloc[::-1]
    assert (
        message(judge(course, notebook(ratio_check()), handed(0, reordered)).cells[0])
        == "rows changed"
    )


def test_answers_handed_from_another_cell_do_not_count(course: Path) -> None:
    nb = notebook(authoring.code("a", "x = 1"), ratio_check())
    out = judge(course, nb, handed(0, right_reach())).cells[1]
    assert "No answer reached this check" in message(out)


def test_an_unreadable_export_scores_zero_with_a_reason(course: Path) -> None:
    out = judge(course, notebook(ratio_check()), {0: {"m01-ratio": "{not json"}}).cells[0]
    assert message(out).startswith(
        "Your answers could not be read by the grader (the answers file could not be read)"
    )


def test_an_answer_of_the_wrong_kind_scores_zero_with_a_reason(course: Path) -> None:
    out = judge(
        course,
        notebook(ratio_check()),
        {0: {"m01-ratio": answers.encode("m01-ratio", ["reach"], [print])}},
    ).cells[0]
    assert message(out) == (
        "`reach` should be a table (a pandas DataFrame), but it is a builtin_function_or_method."
    )


def test_a_missing_data_file_scores_zero_with_a_reason(course: Path) -> None:
    nb = notebook(ratio_check('data("missing.csv")'))
    out = judge(course, nb, handed(0, right_reach())).cells[0]
    assert "the module has no data file called 'missing.csv'" in message(out)


def test_a_check_cell_naming_no_answers_is_not_marked(course: Path) -> None:
    nb = notebook(authoring.check("m01-check-ratio", 'check("m01-ratio")', 2))
    out = judge(course, nb, {0: {"m01-ratio": "{}"}}).cells[0]
    assert "names other answers than its task" in message(out)


@pytest.mark.parametrize(
    "source",
    [
        "x = 1",
        "check(reach)",
        "import os\ncheck('m01-ratio', reach)",
        "check('m01-ratio', reach.copy())",
        "os.system('ls')",
    ],
)
def test_anything_but_one_known_call_is_refused(source: str) -> None:
    with pytest.raises(CheckFormatError):
        parse(source)


def test_checks_below_a_dead_kernel_say_where_it_stopped(course: Path) -> None:
    nb = notebook(authoring.code("a", "x = 1"), ratio_check())
    out = judge(course, nb, {}, dead=0).cells[1]
    assert message(out) == (
        "Not checked: the notebook stopped in cell 1 before this check ran, so it scores 0."
    )


def test_reflection_checks_read_the_submitted_files(course: Path) -> None:
    folder = course / "autograded" / "ada" / MODULE
    cells = [
        authoring.check("c1", 'reflect.check_text("m01_role", min_words=3)', 1),
        authoring.check("c2", 'reflect.check_text("m01_other", min_words=3)', 1),
        authoring.check("c3", 'reflect.check_text("m01_bad", min_words=3)', 1),
    ]
    reflect.save("m01_role", {"kind": "text", "text": "one two three"}, folder)
    (folder / "reflections" / "m01_bad.json").write_text("{broken")
    (folder / "reflections" / "m01_other.json").symlink_to(folder / "reflections" / "m01_role.json")
    out = judge(course, notebook(*cells)).cells
    assert message(out[0]) is None
    assert "is not a plain file" in message(out[1])
    assert "cannot be read" in message(out[2])


def test_an_answer_too_large_to_hand_over_says_so(course: Path) -> None:
    refused = answers.refusal(
        "m01-ratio", "`reach` has 300000 rows and 4 columns, far more than any task needs."
    )
    out = judge(course, notebook(ratio_check()), {0: {"m01-ratio": refused}}).cells[0]
    assert message(out) == (
        "Your answers could not be read by the grader (`reach` has 300000 "
        "rows and 4 columns, far more than any task needs), so this check "
        "scores 0."
    )

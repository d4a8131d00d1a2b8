"""course.explain: short errors in plain English, built from real exceptions."""

from __future__ import annotations

import itertools
import linecache
from pathlib import Path
from typing import Any

import nbformat
import pandas as pd
import pytest
from nbclient import NotebookClient

from course import explain
from course.checks import check

_cells = itertools.count(1)


def raised(code: str, namespace: dict[str, Any]) -> BaseException:
    """The exception ``code`` raises when run in ``namespace``, as if it were a notebook cell."""
    filename = f"<cell-{next(_cells)}>"
    linecache.cache[filename] = (len(code), None, code.splitlines(True), filename)
    try:
        exec(compile(code, filename, "exec"), namespace)  # noqa: S102 (the tests' own code)
    except BaseException as exc:  # noqa: BLE001 (any error is what is being tested)
        return exc
    raise AssertionError(f"{code!r} did not raise")


def learner() -> dict[str, Any]:
    """A learner's namespace after a module's set-up cell: pandas, check and one table."""
    reach = pd.DataFrame(
        {
            "leader_id": ["L01", "L02"],
            "direct_staff": [70, 42],
            "partner_staff": [100000, 41940],
        }
    )
    return {"pd": pd, "check": check, "reach": reach}


def shown(code: str, namespace: dict[str, Any] | None = None) -> list[str]:
    """The lines explain shows for the error ``code`` raises."""
    namespace = learner() if namespace is None else namespace
    return explain.message(raised(code, namespace), namespace)


def test_a_missing_column_names_the_table_its_columns_and_the_closest() -> None:
    lines = shown('reach["ratio"] = reach["partner_staf"] / reach["direct_staff"]')
    assert lines[0] == "KeyError: 'partner_staf'"
    assert "`reach` has no column called 'partner_staf'. Did you mean 'partner_staff'?" in lines[2]
    assert lines[3] == "Its columns are: leader_id, direct_staff, partner_staff."


def test_a_missing_column_in_a_list_of_columns_is_named() -> None:
    lines = shown('reach[["leader_id", "Direct_staff"]]')
    assert "no column called 'Direct_staff'. Did you mean 'direct_staff'?" in lines[2]


def test_a_column_used_without_its_table_says_to_write_table_brackets() -> None:
    lines = shown("ratio = partner_staff / 2")
    assert lines[0] == "NameError: name 'partner_staff' is not defined"
    assert "it is a column of the table `reach`" in lines[2]
    assert 'write reach["partner_staff"]' in lines[2]
    assert "has not been run" not in " ".join(lines)


def test_a_misspelt_column_used_without_its_table_is_matched_to_the_column() -> None:
    assert 'write reach["direct_staff"]' in shown("x = direct_staf + 1")[2]


def test_a_misspelt_name_suggests_the_closest_defined_name() -> None:
    namespace = learner() | {"reach_ranked": pd.DataFrame()}
    line = shown("x = reach_rankd", namespace)[2]
    assert "Did you mean `reach_ranked`?" in line


def test_a_name_nobody_set_says_a_cell_above_may_not_have_been_run() -> None:
    text = " ".join(shown("x = core_finish"))
    assert "If a cell above sets it, that cell has not been run" in text
    assert "check the spelling" in text


def test_a_name_error_before_the_set_up_cell_says_to_run_it() -> None:
    assert "the set-up cell at the top of the notebook has not been run" in shown("reach", {})[2]


def test_a_missing_bracket_gives_the_line_and_a_bracket_hint() -> None:
    lines = shown('x = round(reach["direct_staff"].sum(), 1\ny = 2')
    assert lines[0].startswith("SyntaxError: ")
    assert lines[1].startswith("Python could not read line 1 of this cell: x = round(")
    assert "Check the brackets" in lines[2]


def test_a_missing_quotation_mark_gives_a_quotes_hint() -> None:
    assert "Check the quotation marks" in shown('x = reach["direct_staff]')[2]


def test_a_missing_colon_gives_a_colon_hint() -> None:
    assert "must end with a colon" in shown("for x in [1, 2]\n    print(x)")[2]


def test_an_indentation_error_says_to_delete_the_spaces() -> None:
    lines = shown("x = 1\n    y = 2")
    assert lines[0] == "IndentationError: unexpected indent"
    assert "line 2" in lines[1] and "delete them" in lines[2]


def test_text_and_numbers_together_are_explained() -> None:
    lines = shown('x = "15" + reach["direct_staff"].sum()')
    assert lines[0].startswith("TypeError: ")
    assert "You are mixing text and numbers" in lines[2]


def test_a_list_used_as_a_column_is_explained() -> None:
    namespace = learner() | {"high": ["L01", "L02"]}
    line = shown("high.sort_values()", namespace)[2]
    assert "`high` is a plain Python list, and a list has no .sort_values" in line


def test_a_column_used_as_a_list_is_explained() -> None:
    line = shown('ids = reach["leader_id"]\nids.append("L03")')[2]
    assert "`ids` is a column of a table (a pandas Series), not a plain list" in line
    assert "list(...)" in line


def test_a_column_where_one_true_or_false_is_needed_is_explained() -> None:
    line = shown('if reach["direct_staff"] > 50:\n    x = 1')[2]
    assert "You used a whole column" in line and "&" in line


def test_an_answer_still_none_is_named() -> None:
    namespace = learner() | {"reach_ranked": None}
    lines = shown('top = reach_ranked.sort_values("leader_id")', namespace)
    assert lines[0] == "AttributeError: 'NoneType' object has no attribute 'sort_values'"
    assert "`reach_ranked` is still None, which means it has no answer yet" in lines[2]


def test_a_division_by_zero_is_explained() -> None:
    assert "You divided by zero" in shown("share = 5 / len([])")[2]


def test_a_failed_check_shows_only_its_message() -> None:
    lines = shown('check("m01-ratio", reach)')
    assert lines == [
        "AssertionError: `reach` has no column called 'influence_ratio' yet: add it in the "
        "task's answer cell and run that cell."
    ]


def test_an_unknown_error_keeps_its_name_message_and_line() -> None:
    lines = shown('import json\njson.loads("{")')
    assert lines[0].startswith("JSONDecodeError: Expecting property name")
    assert lines[1] == 'In line 2 of this cell: json.loads("{")'
    assert len(lines) == 3


@pytest.mark.parametrize(
    "code",
    ['reach["x"]', "y = nothing", "x = (1", '"1" + 1', "None.x", "1 / 0", "[].round()"],
)
def test_the_name_and_message_of_the_error_always_come_first(code: str) -> None:
    namespace = learner()
    exc = raised(code, namespace)
    first = explain.message(exc, namespace)[0]
    expected = exc.msg if isinstance(exc, SyntaxError) else str(exc)
    assert first == f"{type(exc).__name__}: {expected}"


def test_plain_errors_does_nothing_outside_ipython() -> None:
    assert explain._shell() is None
    explain.plain_errors()  # no error, nothing to switch


class FakeShell:
    """Records what plain_errors asks of IPython."""

    def __init__(self) -> None:
        self.handlers: list[tuple[tuple[type, ...], Any]] = []

    def set_custom_exc(self, exceptions: tuple[type, ...], handler: Any) -> None:
        self.handlers.append((exceptions, handler))


def test_plain_errors_installs_a_handler_in_a_learners_kernel(monkeypatch) -> None:
    shell = FakeShell()
    monkeypatch.delenv(explain.GRADING, raising=False)
    monkeypatch.setattr(explain, "_shell", lambda: shell)
    explain.plain_errors()
    assert shell.handlers == [((Exception,), explain._show)]


def test_plain_errors_leaves_the_grading_kernel_alone(monkeypatch) -> None:
    shell = FakeShell()
    monkeypatch.setenv(explain.GRADING, "1")
    monkeypatch.setattr(explain, "_shell", lambda: shell)
    explain.plain_errors()
    assert shell.handlers == []


def test_in_a_real_kernel_errors_are_short_and_explained(tmp_path: Path) -> None:
    cells = [
        "import pandas as pd\nfrom course import explain\nfrom course.checks import check\n"
        "explain.plain_errors()\n"
        'reach = pd.DataFrame({"leader_id": ["L01"], "direct_staff": [70], '
        '"partner_staff": [100000]})',
        'reach["influence_ratio"] = (reach["partner_staf"] / reach["direct_staff"]).round(1)',
        "ratio = partner_staff / direct_staff",
        'check("m01-ratio", reach)',
    ]
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(c) for c in cells]
    NotebookClient(
        nb,
        timeout=120,
        kernel_name="python3",
        allow_errors=True,
        resources={"metadata": {"path": str(tmp_path)}},
    ).execute()
    errors = [next(o for o in cell.outputs if o.output_type == "error") for cell in nb.cells[1:]]
    key, name, checked = errors
    assert (key.ename, key.evalue) == ("KeyError", "'partner_staf'")
    assert len(key.traceback) < 8
    assert "`reach` has no column called 'partner_staf'. Did you mean 'partner_staff'?" in (
        "\n".join(key.traceback)
    )
    assert name.ename == "NameError" and len(name.traceback) < 8
    assert 'write reach["partner_staff"]' in "\n".join(name.traceback)
    assert checked.ename == "AssertionError" and len(checked.traceback) == 1
    assert checked.traceback[0].startswith("AssertionError: `reach` has no column called")

"""Answer checks for the data tasks, with messages that say what to fix.

``check(check_id, *answers)`` is what a notebook's check cell calls. In a learner's
own JupyterLab it runs the exercise's visible tests (``course.exercises``) on the
answers, after passing them through the same JSON form the grader reads, and says
what to fix. During autograding it only displays that JSON for the grader, which
runs the visible and hidden tests in a process the learner's code never touched:
nothing a learner redefines here can change a mark.

The helpers below are what exercises and hidden tests use to compare answers.
"""

from __future__ import annotations

import json
import math
import numbers
import os
import re
from collections.abc import Callable, Collection, Sequence
from typing import Any

from . import answers as _answers
from . import exercises as _exercises

GRADING = "COURSE_GRADING"  # set only in a grading kernel
ANSWERS_MIME = "application/vnd.course.answers+json"
PASSED = "Passed: this check found nothing to fix."

TOLERANCE = 1e-9  # only absorbs floating-point noise; an unrounded answer still fails


def check(check_id: str, *answers: Any) -> None:
    """Check the answers to one task and say what to fix; hand them to the grader when grading."""
    try:
        exercise = _exercises.find(check_id)
    except LookupError as exc:
        raise AssertionError(str(exc)) from None
    if len(answers) != len(exercise.answers):
        raise AssertionError(
            f"This check cell was changed: keep it as it was released, `{exercise.call_source()}`."
        )
    grading = bool(os.environ.get(GRADING))
    try:
        text = _answers.encode(check_id, list(exercise.answers), list(answers))
    except _answers.AnswerError as exc:
        if not grading:
            raise AssertionError(str(exc)) from None
        text = _answers.refusal(check_id, str(exc))
    if grading:
        from IPython.display import display

        display({ANSWERS_MIME: json.loads(text)}, raw=True)
        return
    stale = stale_message(exercise.answers, _last_run())
    if stale:
        raise AssertionError(stale)
    try:
        _exercises.run(check_id, _answers.decode(text, check_id, len(answers)))
    except AssertionError:
        raise
    except Exception as exc:  # an answer of the wrong shape: say so, as the grader does
        raise AssertionError(
            f"Your answer could not be checked ({type(exc).__name__}: {str(exc)[:200]}); "
            "look again at what the task asks for."
        ) from None
    print(PASSED)


def _last_run() -> Any:
    """IPython's record of the cell run before this check, or None outside IPython."""
    try:
        from IPython import get_ipython
    except ImportError:
        return None
    shell = get_ipython()
    return getattr(shell, "last_execution_result", None)


def _assigns(source: str, name: str) -> bool:
    """Whether ``source`` gives ``name`` (or a column or part of it) a value."""
    target = rf"(?m)(^|[;\s]){re.escape(name)}\s*(\.\w+)?(\[[^\n]*\])?\s*[-+*/]?=(?!=)"
    return re.search(target, source) is not None


def stale_message(names: tuple[str, ...] | list[str], last_run: Any) -> str | None:
    """A sentence if the cell run last stopped with an error while setting one of ``names``.

    Such a cell may have stopped before it replaced an earlier attempt, so the check
    would judge that old answer, not the one on the screen.
    """
    if last_run is None:
        return None
    error = getattr(last_run, "error_in_exec", None) or getattr(last_run, "error_before_exec", None)
    if error is None or isinstance(error, AssertionError):
        return None
    source = str(getattr(getattr(last_run, "info", None), "raw_cell", "") or "")
    name = next((n for n in names if _assigns(source, n)), None)
    if name is None:
        return None
    return (
        f"The cell you ran just before this check stopped with {type(error).__name__} "
        f"before it finished, so `{name}` may still hold an earlier attempt. Fix the error "
        "shown under that cell, run it again, then run this check."
    )


def kind_name(value: Any) -> str:
    """A plain name for what ``value`` is, for messages."""
    if isinstance(value, _answers.Unsupported):
        return value.type_name
    return type(value).__name__


def given(value: Any, name: str) -> Any:
    """Fail with a message saying to set ``name`` unless it holds an answer."""
    if value is None:
        raise AssertionError(
            f"`{name}` has no answer yet: set it in the task's answer cell and run that cell."
        )
    return value


def is_list(value: Any, name: str) -> None:
    """Fail unless ``value`` is a list."""
    if not isinstance(value, list):
        raise AssertionError(
            f"`{name}` should be a list, not a {kind_name(value)}: wrap your answer in list(...)."
        )


def is_number(value: Any, name: str, how: str) -> None:
    """Fail unless ``name`` holds one number (not True or False); ``how`` says how to get it."""
    given(value, name)
    if not isinstance(value, numbers.Real) or isinstance(value, bool):
        raise AssertionError(f"{name} should be a single number, not a {kind_name(value)}: {how}.")


def after(task: str, name: str, earlier: Callable[[], None]) -> None:
    """Run an earlier task's check first, so that a mistake there is named there."""
    try:
        earlier()
    except AssertionError as exc:
        raise AssertionError(f"{name} comes from task {task}, so fix that first: {exc}") from None


def same(a: Any, b: Any) -> bool:
    """Equal, allowing only floating-point noise between numbers."""
    if isinstance(a, float) or isinstance(b, float):
        try:
            return math.isclose(float(a), float(b), rel_tol=0, abs_tol=TOLERANCE)
        except (TypeError, ValueError):
            return False
    return bool(a == b)


def has_column(table: Any, column: str, table_name: str = "reach") -> None:
    """Fail unless ``table`` is a DataFrame with ``column``."""
    columns = getattr(table, "columns", None)
    if columns is None:
        raise AssertionError(
            f"`{table_name}` should be a table (a pandas DataFrame), "
            f"but it is a {kind_name(table)}."
        )
    if column not in columns:
        raise AssertionError(
            f"`{table_name}` has no column called '{column}' yet: add it in "
            "the task's answer cell and run that cell."
        )


def value_at(table: Any, key: str, value: Any, column: str) -> Any:
    """``table[column]`` in the row whose ``key`` is ``value``: the known value a check shows."""
    return table.loc[table[key] == value, column].iloc[0]


def column_matches(
    table: Any,
    key: str,
    column: str,
    expected: dict[Any, Any],
    what: str,
    table_name: str = "reach",
) -> None:
    """Fail unless ``table[column]`` equals ``expected`` (keyed by ``table[key]``) for every row."""
    has_column(table, column, table_name)
    actual = dict(zip(table[key], table[column], strict=True))
    if set(actual) != set(expected):
        raise AssertionError(
            f"`{table_name}` should have one row for each of "
            f"{len(expected)} {key}s; do not add or drop rows."
        )
    wrong = [k for k in expected if not same(actual[k], expected[k])]
    if wrong:
        k = wrong[0]
        raise AssertionError(
            f"'{column}' is wrong for {len(wrong)} row(s); for example {key} {k} has "
            f"{actual[k]}. Check that you {what}."
        )


def sequence_matches(actual: Any, expected: list[Any], name: str, what: str) -> None:
    """Fail unless ``actual`` lists the same items as ``expected`` in the same order."""
    items = list(actual)
    if len(items) != len(expected):
        raise AssertionError(
            f"`{name}` has {len(items)} items but should have {len(expected)}; "
            f"check that you {what}."
        )
    if sorted(map(str, items)) != sorted(map(str, expected)):
        raise AssertionError(f"`{name}` does not hold the right items; check that you {what}.")
    first = (
        next(i for i, (a, b) in enumerate(zip(items, expected, strict=True)) if a != b)
        if items != expected
        else None
    )
    if first is not None:
        raise AssertionError(
            f"`{name}` has the right items in the wrong order (position "
            f"{first + 1} is {items[first]!r}); check that you {what}."
        )


def has_columns(table: Any, columns: Sequence[str], table_name: str) -> None:
    """Fail unless ``table`` is a DataFrame with every one of ``columns`` (spelt exactly)."""
    if getattr(table, "columns", None) is None:
        raise AssertionError(
            f"`{table_name}` should be a table (a pandas DataFrame), "
            f"but it is a {kind_name(table)}."
        )
    missing = [c for c in columns if c not in table.columns]
    if missing:
        raise AssertionError(
            f"`{table_name}` has no column called '{missing[0]}': the task says which columns "
            "it should have, and their names must be spelt exactly (capitals included)."
        )


def _places(places: int) -> str:
    if places == 0:
        return "a whole number"
    return f"{places} decimal place{'s' if places > 1 else ''}"


def _is_rounded(value: Any, places: int) -> bool:
    number = float(value)
    return abs(number - round(number, places)) <= 1e-9 * max(1.0, abs(number))


def _numbers(values: Any) -> list[Any]:
    """The values of a column, list or single number, as a list."""
    if isinstance(values, (str, bytes)) or not hasattr(values, "__iter__"):
        return [values]
    return list(values.values() if isinstance(values, dict) else values)


def no_gaps(values: Any, what: str, hint: str = "") -> None:
    """Fail if any value is missing (None or NaN): a gap usually means rows did not line up."""
    gaps = [v for v in _numbers(values) if v is None or (isinstance(v, float) and math.isnan(v))]
    if gaps:
        raise AssertionError(
            f"{what} has {len(gaps)} empty value(s) (None or nan), so it is not finished"
            + (f": {hint}" if hint else ".")
        )


def are_numbers(values: Any, what: str) -> None:
    """Fail unless every value is a number; None is left to ``no_gaps`` (True/False is not one)."""
    import numbers

    wrong = [
        v
        for v in _numbers(values)
        if v is not None and (isinstance(v, bool) or not isinstance(v, numbers.Real))
    ]
    if wrong:
        kind = "text" if isinstance(wrong[0], str) else f"a {kind_name(wrong[0])}"
        raise AssertionError(
            f"{what} should hold numbers, but it holds {wrong[0]!r}, which is {kind}: check "
            "that you worked it out from columns that hold numbers."
        )


def rounded(values: Any, places: int, what: str) -> None:
    """Fail unless every value (a column, list or one number) is rounded to ``places`` places.

    Tasks ask for rounding so that answers can be compared exactly.
    """
    are_numbers(values, what)
    numbers = [float(v) for v in _numbers(values) if v is not None]
    bad = [v for v in numbers if not math.isnan(v) and not _is_rounded(v, places)]
    if bad:
        how = ".round()" if places == 0 else f".round({places})"
        raise AssertionError(
            f"{what} should be rounded to {_places(places)}, but {len(bad)} value(s) are not: "
            f"use {how} on a column, or round(..., {places}) on a single number, as the last step."
        )


def one_row_each(table: Any, key: str, expected: Collection[Any], table_name: str) -> None:
    """Fail unless ``table`` has exactly one row for each of ``expected`` in column ``key``.

    For tables that keep every row of the data, or have one row per group: the keys come
    from the data, so naming a missing or extra one gives no answer away.
    """
    has_column(table, key, table_name)
    keys = list(table[key])
    wanted = set(expected)
    extra = [k for k in keys if k not in wanted]
    if extra:
        raise AssertionError(
            f"`{table_name}` has a row for {key} {extra[0]!r}, which should not be there: it "
            f"should have one row for each of the {len(wanted)} {key} values, and no others."
        )
    missing = [k for k in sorted(wanted, key=str) if k not in set(keys)]
    if missing:
        raise AssertionError(
            f"`{table_name}` has no row for {key} {missing[0]!r}: it should have one row for "
            f"each of the {len(wanted)} {key} values; do not drop rows."
        )
    if len(keys) != len(set(keys)):
        twice = next(k for k in keys if keys.count(k) > 1)
        raise AssertionError(
            f"`{table_name}` has more than one row for {key} {twice!r}: it should have exactly "
            "one row for each."
        )


def _before(a: Any, b: Any, ascending: bool) -> bool:
    """Whether ``a`` may come before ``b`` in a sort that is ``ascending`` (or descending)."""
    return bool(a <= b) if ascending else bool(a >= b)


def in_order(
    table: Any, order: Sequence[tuple[str, bool]], table_name: str, what: str, label: str = ""
) -> None:
    """Fail unless the rows of ``table`` are sorted by ``order``: (column, ascending) pairs.

    The first pair is the sort; later pairs break ties. The check uses the answer's own
    columns, so it says whether the order is right without knowing the right values.
    """
    has_columns(table, [c for c, _ in order] + ([label] if label else []), table_name)
    rows = list(zip(*(list(table[c]) for c, _ in order), strict=True))
    names = list(table[label]) if label else [None] * len(rows)
    for position, (a, b) in enumerate(zip(rows, rows[1:], strict=False)):
        for level, ((column, ascending), x, y) in enumerate(zip(order, a, b, strict=True)):
            if same(x, y):
                continue
            if _before(x, y, ascending):
                break
            pair = (
                f" ({names[position + 1]} should come before {names[position]})"
                if label
                else f" (row {position + 2} should come before row {position + 1})"
            )
            if level == 0:
                raise AssertionError(
                    f"`{table_name}` is not in order of {column}{pair}. Check that you {what}."
                )
            raise AssertionError(
                f"`{table_name}` puts rows with the same {order[0][0]} in the wrong "
                f"order{pair}: break ties by {column}. Check that you {what}."
            )


def picked(items: Any, expected: list[Any], name: str, rule: str, order: str) -> None:
    """Fail unless ``items`` are exactly ``expected``, in the same order.

    ``expected`` is worked out from the learner's own earlier answer (the table the list
    is picked from), so the messages name what to fix without giving answers away.
    """
    items = list(items)
    extra = [i for i in items if i not in expected]
    if extra:
        raise AssertionError(f"`{name}` holds {extra[0]!r}, which it should not: keep only {rule}.")
    if len(items) != len(set(map(str, items))):
        raise AssertionError(f"`{name}` holds the same item more than once: list each only once.")
    missing = [e for e in expected if e not in items]
    if missing:
        raise AssertionError(
            f"`{name}` leaves out {len(missing)} item(s) it should hold: keep every one of {rule}."
        )
    if items != expected:
        raise AssertionError(f"`{name}` has the right items in the wrong order: {order}.")

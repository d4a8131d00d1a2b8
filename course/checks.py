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
import os
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
    _exercises.run(check_id, _answers.decode(text, check_id, len(answers)))
    print(PASSED)


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

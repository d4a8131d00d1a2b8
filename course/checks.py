"""Answer checks for the data tasks, with messages that say what to fix.

Test cells import this module afresh (``importlib.reload``), so a learner who
redefines these names in their own cells does not change what is checked.
"""

from __future__ import annotations

import math
from typing import Any

TOLERANCE = 1e-9  # only absorbs floating-point noise; an unrounded answer still fails


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, float) or isinstance(b, float):
        try:
            return math.isclose(float(a), float(b), rel_tol=0, abs_tol=TOLERANCE)
        except (TypeError, ValueError):
            return False
    return bool(a == b)


def answer_exists(name: str, namespace: dict[str, Any]) -> Any:
    """Return the learner's answer called ``name`` or fail with a message saying to define it."""
    if name not in namespace or namespace[name] is None:
        raise AssertionError(f"`{name}` has no answer yet: set it in the task's answer cell "
                             "and run that cell.")
    return namespace[name]


def has_column(table: Any, column: str, table_name: str = "reach") -> None:
    """Fail unless ``table`` is a DataFrame with ``column``."""
    columns = getattr(table, "columns", None)
    if columns is None:
        raise AssertionError(f"`{table_name}` should be a table (a pandas DataFrame), "
                             f"but it is a {type(table).__name__}.")
    if column not in columns:
        raise AssertionError(f"`{table_name}` has no column called '{column}' yet: add it in "
                             "the task's answer cell and run that cell.")


def column_matches(table: Any, key: str, column: str, expected: dict[Any, Any],
                   what: str, table_name: str = "reach") -> None:
    """Fail unless ``table[column]`` equals ``expected`` (keyed by ``table[key]``) for every row."""
    has_column(table, column, table_name)
    actual = dict(zip(table[key], table[column], strict=True))
    if set(actual) != set(expected):
        raise AssertionError(f"`{table_name}` should have one row for each of "
                             f"{len(expected)} {key}s; do not add or drop rows.")
    wrong = [k for k in expected if not _same(actual[k], expected[k])]
    if wrong:
        k = wrong[0]
        raise AssertionError(
            f"'{column}' is wrong for {len(wrong)} row(s); for example {key} {k} has "
            f"{actual[k]}. Check that you {what}.")


def sequence_matches(actual: Any, expected: list[Any], name: str, what: str) -> None:
    """Fail unless ``actual`` lists the same items as ``expected`` in the same order."""
    items = list(actual)
    if len(items) != len(expected):
        raise AssertionError(f"`{name}` has {len(items)} items but should have {len(expected)}; "
                             f"check that you {what}.")
    if sorted(map(str, items)) != sorted(map(str, expected)):
        raise AssertionError(f"`{name}` does not hold the right items; check that you {what}.")
    first = next(i for i, (a, b) in enumerate(zip(items, expected, strict=True)) if a != b) \
        if items != expected else None
    if first is not None:
        raise AssertionError(f"`{name}` has the right items in the wrong order (position "
                             f"{first + 1} is {items[first]!r}); check that you {what}.")

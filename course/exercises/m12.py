"""Module 12, speaking up: visible tests of the five data tasks."""

from __future__ import annotations

import math
import numbers
from typing import Any

import pandas as pd

from .. import checks
from . import exercise

TRUSTS = ["T1", "T2", "T3", "T4", "T5", "T6"]
WARNED = ["T1", "T3", "T4", "T5", "T6"]  # ever below 60: T2 never is
IN_SPECIAL_MEASURES = ["T1", "T4", "T5", "T6"]  # ever below 40: T2 and T3 never are
# The month_index of the months in which these trusts were at exactly 60.0 or 40.0, which is
# not below the line (not answers).
AT_60 = {"T1": 10, "T2": 21}
AT_40 = {"T5": 28}
LONGEST_LOST = "T5"  # the trust where most months were lost
LONGEST_MONTHS = 24


def _by_trust(value: Any, name: str, example: str) -> dict[str, Any]:
    """``value`` as {trust_id: value}, or a message saying it should be a Series by trust."""
    checks.given(value, name)
    assert isinstance(value, pd.Series), (
        f"`{name}` should be a pandas Series with one value per trust, such as {example}, not a "
        f'{checks.kind_name(value)}: end with .groupby("trust_id")[...] and a summary, as in '
        "the worked example."
    )
    strays = [t for t in value.index if t not in TRUSTS]
    assert not strays, (
        f"`{name}` has an entry labelled {strays[0]!r}, but its labels should be trust ids, T1 "
        'to T6: group by "trust_id".'
    )
    assert value.index.is_unique, f'`{name}` has a trust more than once: group by "trust_id".'
    return dict(value.items())


def _is_gap(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def _month_indexes(found: dict[str, Any], name: str) -> None:
    """Fail unless every value is a month_index (a whole number from 1 to 36)."""
    wrong = [
        t
        for t, v in found.items()
        if isinstance(v, bool) or not isinstance(v, numbers.Real) or _is_gap(v) or v != int(v)
    ]
    assert not wrong, (
        f"`{name}` gives {wrong[0]} the value {found[wrong[0]]!r}: each value should be a "
        "month_index, a whole number from 1 to 36. Take the minimum of the month_index column, "
        "not of month, so that task 3 can subtract."
    )


def _earlier(task: str, test: Any, *answers: Any) -> None:
    """Run an earlier task's check, saying to fix that task first if it fails."""
    try:
        test(*answers)
    except AssertionError as exc:
        raise AssertionError(f"This answer uses {task}, so fix it first: {exc}") from None


@exercise("m12-warning")
def warning(first_warning: Any) -> None:
    found = _by_trust(first_warning, "first_warning", "T1 11, T3 15, ...")
    _month_indexes(found, "first_warning")
    assert "T2" not in found, (
        "first_warning has an entry for T2, but T2 is never below 60: keep only the rows below "
        "the warning line before you group, so that T2 does not appear."
    )
    at_60 = [t for t, month in AT_60.items() if found.get(t) == month]
    assert not at_60, (
        f"first_warning gives {at_60[0]} month {AT_60[at_60[0]]}, when {at_60[0]}'s "
        "performance_index was exactly 60.0, which is not below 60: use < WARNING_BELOW, not <=."
    )
    assert found.get("T5") == 7, (
        f"first_warning should give T5 month 7 (October 2012), not {found.get('T5')!r}: filter the "
        "rows with performance_index below 60, then take the smallest month_index per trust."
    )
    assert sorted(found) == WARNED, (
        f"first_warning should have one value for each trust that is ever below 60 ({WARNED}), "
        f"but it has {sorted(found)}: filter the whole table, then group by trust_id."
    )


@exercise("m12-sm")
def sm(first_sm: Any) -> None:
    found = _by_trust(first_sm, "first_sm", "T1 29, T4 25, ...")
    _month_indexes(found, "first_sm")
    assert "T3" not in found, (
        "first_sm has an entry for T3, but T3 is never below 40: keep only the rows below the "
        "special-measures line before you group, so that T3 does not appear."
    )
    at_40 = [t for t, month in AT_40.items() if found.get(t) == month]
    assert not at_40, (
        f"first_sm gives {at_40[0]} month {AT_40[at_40[0]]}, when {at_40[0]}'s performance_index "
        "was exactly 40.0, which is not below 40: use < SPECIAL_MEASURES_BELOW, not <=."
    )
    assert found.get("T5") == 31, (
        f"first_sm should give T5 month 31 (October 2014), not {found.get('T5')!r}: filter the "
        "rows with performance_index below 40, then take the smallest month_index per trust."
    )
    assert sorted(found) == IN_SPECIAL_MEASURES, (
        f"first_sm should have one value for each trust that is ever below 40 "
        f"({IN_SPECIAL_MEASURES}), but it has {sorted(found)}: filter the whole table, then "
        "group by trust_id."
    )


@exercise("m12-lost")
def lost(months_lost: Any, first_warning: Any, first_sm: Any) -> None:
    found = _by_trust(months_lost, "months_lost", "T1 18.0, T3 NaN, ...")
    assert found.get("T5") == LONGEST_MONTHS, (
        f"months_lost should give T5 {LONGEST_MONTHS} months, not {found.get('T5')!r}: subtract "
        "first_warning from first_sm (the later month minus the earlier one)."
    )
    negative = [t for t, v in found.items() if not _is_gap(v) and v < 0]
    assert not negative, (
        f"months_lost gives {negative[0]} {found[negative[0]]!r}, a negative number of months: "
        "subtract the other way round, first_sm - first_warning."
    )
    zero_for_none = [t for t in ("T2", "T3") if t in found and not _is_gap(found[t])]
    assert not zero_for_none, (
        f"months_lost gives {zero_for_none[0]} {found[zero_for_none[0]]!r}, but "
        f"{zero_for_none[0]} never reached special measures, so there is no gap to count: "
        "subtract the two Series as they are, and let pandas leave NaN where a trust is missing."
    )
    _earlier("first_warning (task 1)", warning, first_warning)
    _earlier("first_sm (task 2)", sm, first_sm)
    for trust in IN_SPECIAL_MEASURES:
        expected = first_sm[trust] - first_warning[trust]
        assert checks.same(found.get(trust), expected), (
            f"months_lost gives {trust} {found.get(trust)!r}, which does not follow from your "
            f"first_warning and first_sm ({first_sm[trust]} - {first_warning[trust]} = "
            f"{expected}): write months_lost = first_sm - first_warning."
        )


@exercise("m12-rate")
def rate(answer_rate_before_warning: Any) -> None:
    found = _by_trust(answer_rate_before_warning, "answer_rate_before_warning", "T1 55.7, ...")
    checks.no_gaps(
        list(found.values()),
        "answer_rate_before_warning",
        "keep only the rows where six_months_to_warning is True, then add up each column by trust",
    )
    checks.rounded(list(found.values()), 1, "answer_rate_before_warning")
    assert all(0 <= v <= 100 for v in found.values()), (
        "Each value of answer_rate_before_warning should be a percentage between 0 and 100: "
        "divide the concerns answered by the concerns raised, then multiply by 100."
    )
    assert "T2" not in found, (
        "answer_rate_before_warning has an entry for T2, but T2 never had a warning, so it has "
        "no six months before one: keep only the rows where six_months_to_warning is True."
    )
    assert checks.same(found.get("T5"), 53.3), (
        f"answer_rate_before_warning should give T5 53.3, not {found.get('T5')!r}: keep the rows "
        "where six_months_to_warning is True, add up concerns_answered_30d and concerns_raised by "
        "trust, and round 100 * answered / raised to 1 decimal place."
    )
    assert sorted(found) == WARNED, (
        f"answer_rate_before_warning should have one value for each trust with a warning "
        f"({WARNED}), but it has {sorted(found)}."
    )


@exercise("m12-late")
def late(late_trusts: Any) -> None:
    found = _by_trust(late_trusts, "late_trusts", "T5 24.0, ...")
    short = [t for t, v in found.items() if _is_gap(v) or v < 12]
    assert not short, (
        f"late_trusts holds {short[0]} with {found[short[0]]!r} months lost: keep only the trusts "
        "whose months_lost is 12 or more (months_lost >= 12)."
    )
    assert list(found)[:1] == [LONGEST_LOST] and checks.same(found[LONGEST_LOST], LONGEST_MONTHS), (
        f"late_trusts should start with {LONGEST_LOST} and its {LONGEST_MONTHS} months lost: sort "
        "with sort_values(ascending=False), so the longest comes first."
    )
    values = list(found.values())
    assert all(a >= b for a, b in zip(values, values[1:], strict=False)), (
        "late_trusts is not in order from the most months lost to the fewest: use "
        "sort_values(ascending=False)."
    )

"""Module 12, speaking up: visible tests of the five data tasks."""

from __future__ import annotations

import numbers
from typing import Any

from .. import checks
from . import exercise

TRUSTS = ["T1", "T2", "T3", "T4", "T5", "T6"]
# The months in which these trusts were at exactly 60.0, which is not below 60 (not answers).
AT_60 = {"T1": "2013-01", "T2": "2013-12"}
LONGEST_LOST = "T5"  # the trust where most months were lost


def _month_number(month: str) -> int:
    year, mon = month.split("-")
    return int(year) * 12 + int(mon)


def _earlier(task: str, test: Any, *answers: Any) -> None:
    """Run an earlier task's check, saying to fix that task first if it fails."""
    try:
        test(*answers)
    except AssertionError as exc:
        raise AssertionError(f"This answer uses {task}, so fix it first: {exc}") from None


@exercise("m12-warning")
def warning(first_warning_month: Any) -> None:
    warn = checks.given(first_warning_month, "first_warning_month")
    assert isinstance(warn, dict), (
        f"first_warning_month should be a dictionary, such as {{'T1': '2013-02', ...}}, not a "
        f"{checks.kind_name(warn)}."
    )
    assert sorted(warn) == TRUSTS, (
        f"first_warning_month should have one entry for each trust, T1 to T6, including any that "
        f"are never below 60, but its keys are {sorted(warn)}."
    )
    no_month = [t for t, v in warn.items() if v is not None and not isinstance(v, str)]
    assert not no_month, (
        f"first_warning_month[{no_month[0]!r}] is {warn[no_month[0]]!r}: each value should be a "
        "month label such as '2013-02', or None (not NaN) for a trust that is never below 60."
    )
    assert warn["T5"] == "2012-10", (
        f"first_warning_month['T5'] should be '2012-10', not {warn['T5']!r}: take the earliest "
        "month in which T5's performance_index is below 60."
    )
    at_60 = [t for t, month in AT_60.items() if warn[t] == month]
    assert not at_60, (
        f"first_warning_month[{at_60[0]!r}] is a month when {at_60[0]}'s performance_index was "
        "exactly 60.0, which is not below 60: use < 60, not <= 60."
    )


@exercise("m12-sm")
def sm(first_sm_month: Any) -> None:
    sm = checks.given(first_sm_month, "first_sm_month")
    assert isinstance(sm, dict), (
        f"first_sm_month should be a dictionary, such as {{'T1': '2014-08', ...}}, not a "
        f"{checks.kind_name(sm)}."
    )
    assert sorted(sm) == TRUSTS, (
        f"first_sm_month should have one entry for each trust, T1 to T6, including any that are "
        f"never below 40, but its keys are {sorted(sm)}."
    )
    no_sm_month = [t for t, v in sm.items() if v is not None and not isinstance(v, str)]
    assert not no_sm_month, (
        f"first_sm_month[{no_sm_month[0]!r}] is {sm[no_sm_month[0]]!r}: each value should be a "
        "month label such as '2014-08', or None (not NaN) for a trust that is never below 40."
    )
    assert sm["T5"] == "2014-10", (
        f"first_sm_month['T5'] should be '2014-10', not {sm['T5']!r}: take the earliest month in "
        "which T5's performance_index is below 40 (40.0 itself does not count)."
    )


@exercise("m12-lost")
def lost(months_lost: Any, first_warning_month: Any, first_sm_month: Any) -> None:
    lost = checks.given(months_lost, "months_lost")
    assert isinstance(lost, dict), (
        f"months_lost should be a dictionary, such as {{'T1': 18, ...}}, not a "
        f"{checks.kind_name(lost)}."
    )
    assert sorted(lost) == TRUSTS, (
        f"months_lost should have one entry for each trust, T1 to T6, but its keys are "
        f"{sorted(lost)}."
    )
    not_whole = [
        t
        for t, v in lost.items()
        if v is not None and not (isinstance(v, numbers.Integral) and not isinstance(v, bool))
    ]
    assert not not_whole, (
        f"months_lost[{not_whole[0]!r}] is {lost[not_whole[0]]!r}: each value should be a whole "
        "number of months, or None (not NaN) when either month is None."
    )
    assert lost["T5"] == 24, (
        f"months_lost['T5'] should be 24, not {lost['T5']!r}: subtract month_number of T5's first "
        "warning month from month_number of its first special-measures month."
    )
    _earlier("first_warning_month (task 1)", warning, first_warning_month)
    _earlier("first_sm_month (task 2)", sm, first_sm_month)
    for trust in TRUSTS:
        start, end = first_warning_month[trust], first_sm_month[trust]
        expected = (
            None if start is None or end is None else _month_number(end) - _month_number(start)
        )
        assert lost[trust] == expected, (
            f"months_lost[{trust!r}] does not follow from your first_warning_month and "
            "first_sm_month: subtract month_number(first warning month) from "
            "month_number(first special-measures month), and use None when either is None."
        )


@exercise("m12-rate")
def rate(response_rate_pre_warning: Any, first_warning_month: Any) -> None:
    rates = checks.given(response_rate_pre_warning, "response_rate_pre_warning")
    assert isinstance(rates, dict), (
        f"response_rate_pre_warning should be a dictionary, such as {{'T1': 55.7, ...}}, not a "
        f"{checks.kind_name(rates)}."
    )
    assert sorted(rates) == TRUSTS, (
        f"response_rate_pre_warning should have one entry for each trust, T1 to T6, but its keys "
        f"are {sorted(rates)}."
    )
    not_rate = [
        t
        for t, v in rates.items()
        if v is not None and not (isinstance(v, numbers.Real) and v == v)
    ]
    assert not not_rate, (
        f"response_rate_pre_warning[{not_rate[0]!r}] is {rates[not_rate[0]]!r}: each value should "
        "be a percentage such as 55.7, or None (not NaN) for a trust with no warning month."
    )
    t5_rate = rates["T5"]
    assert t5_rate is not None and abs(t5_rate - 53.3) < 1e-9, (
        f"response_rate_pre_warning['T5'] should be 53.3, not {t5_rate}: use T5's six months up "
        "to and including 2012-10 (2012-05 to 2012-10) and round 100 * answered / raised to 1 "
        "decimal place."
    )
    checks.rounded([v for v in rates.values() if v is not None], 1, "response_rate_pre_warning")
    assert all(v is None or 0 <= v <= 100 for v in rates.values()), (
        "Each value of response_rate_pre_warning should be a percentage between 0 and 100: "
        "divide answered by raised, then multiply by 100."
    )
    _earlier("first_warning_month (task 1)", warning, first_warning_month)
    wrong = [t for t in TRUSTS if (rates[t] is None) != (first_warning_month[t] is None)]
    assert not wrong, (
        f"response_rate_pre_warning[{wrong[0]!r}] should be None exactly when that trust has no "
        "first warning month (and a number when it has one)."
    )


@exercise("m12-late")
def late(late_intervention_trusts: Any, months_lost: Any) -> None:
    late = checks.given(late_intervention_trusts, "late_intervention_trusts")
    assert isinstance(late, list), (
        f"late_intervention_trusts should be a list, not a {checks.kind_name(late)}: wrap your "
        "answer in list(...) or use sorted(...)."
    )
    assert "T4" not in late, (
        "T4 went from warning to special measures in a few months, so it should not be in "
        "late_intervention_trusts: keep only trusts with months_lost of 12 or more."
    )
    try:
        checks.given(months_lost, "months_lost")
        assert isinstance(months_lost, dict) and sorted(months_lost) == TRUSTS, (
            "months_lost should be a dictionary with one entry for each trust, T1 to T6."
        )
    except AssertionError as exc:
        raise AssertionError(
            f"This answer uses months_lost (task 3), so fix it first: {exc}"
        ) from None
    counted = {t: m for t, m in months_lost.items() if m is not None}
    checks.picked(
        late,
        sorted((t for t in counted if counted[t] >= 12), key=lambda t: (-counted[t], t)),
        "late_intervention_trusts",
        "the trusts whose months_lost is 12 or more (12 itself included, None left out)",
        "put the longest months_lost first, and break ties by trust_id (lowest first)",
    )
    assert late[:1] == [LONGEST_LOST], (
        "late_intervention_trusts should start with the trust that lost the most months: make "
        "sure task 3 passes, then sort with the largest months_lost first."
    )

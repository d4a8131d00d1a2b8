"""Module 11, honest conflict and trust: visible tests of the five data tasks."""

from __future__ import annotations

import numbers
from typing import Any

from .. import checks
from . import exercise

ORGS = [
    "Acute trust",
    "CCG",
    "Community trust",
    "County council",
    "GP federation",
    "Mental health trust",
]
# Answers that come from mistakes the tasks warn about (they are not the right answers):
MEAN_OF_SIX_RATES = (72.6, 72.8)  # averaging the six rates, unrounded or rounded
OVERALL_WITH_UNTESTED = 58.3  # dividing by every commitment, untested ones too
BRIEFING_WITH_UNTESTED = {False: 33.3, True: 75.0}
ACUTE_NOT_TESTED = 4  # the acute trust's commitments not yet tested
BRIEFED_RATE = 90.0  # consistency rate of commitments whose team was briefed
OVERALL_RATE = 74.5  # consistent as a share of every tested commitment


def _rates_match(table: Any, key: str, table_name: str) -> None:
    """Fail unless consistency_rate is 100 * consistent / (consistent + contradicts) on each row."""
    checks.has_columns(table, ["consistent", "contradicts", "consistency_rate"], table_name)
    for column in ("consistent", "contradicts"):
        checks.rounded(table[column], 0, f"The {column} column")
    checks.rounded(table["consistency_rate"], 1, "The consistency_rate column")
    wrong = [
        k
        for k, kept, broken, rate in zip(
            table[key],
            table["consistent"],
            table["contradicts"],
            table["consistency_rate"],
            strict=True,
        )
        if not checks.same(float(rate), round(100 * kept / (kept + broken), 1))
    ]
    assert not wrong, (
        f"consistency_rate for {wrong[0]} is not 100 * consistent / (consistent + contradicts) "
        "rounded to 1 decimal place: leave not_tested out of the sum."
    )


@exercise("m11-rate")
def rate(consistency_by_org: Any) -> None:
    checks.given(consistency_by_org, "consistency_by_org")
    for column in ("org", "consistent", "contradicts", "consistency_rate"):
        checks.has_column(consistency_by_org, column, "consistency_by_org")
    council_rate = consistency_by_org.loc[
        consistency_by_org["org"] == "County council", "consistency_rate"
    ]
    assert len(council_rate) == 1 and abs(council_rate.iloc[0] - 87.5) < 1e-9, (
        "consistency_rate for the County council should be 87.5: leave out not_tested rows, use "
        "100 * consistent / (consistent + contradicts), and round to 1 decimal place, with one "
        "row per organisation."
    )
    checks.one_row_each(consistency_by_org, "org", ORGS, "consistency_by_org")
    _rates_match(consistency_by_org, "org", "consistency_by_org")


@exercise("m11-below")
def below(orgs_below_75: Any, consistency_by_org: Any) -> None:
    checks.given(orgs_below_75, "orgs_below_75")
    assert isinstance(orgs_below_75, list), (
        f"orgs_below_75 should be a list, not a {checks.kind_name(orgs_below_75)}: wrap your "
        "answer in list(...)."
    )
    assert "Community trust" not in orgs_below_75, (
        "The Community trust's rate is exactly 75.0, which is not below 75: use < 75, not <= 75."
    )
    try:
        rate(consistency_by_org)
    except AssertionError as exc:
        raise AssertionError(
            f"orgs_below_75 comes from consistency_by_org, so fix task 1 first: {exc}"
        ) from None
    rates = dict(
        zip(consistency_by_org["org"], consistency_by_org["consistency_rate"], strict=True)
    )
    checks.picked(
        orgs_below_75,
        sorted((o for o in rates if rates[o] < 75), key=lambda o: (rates[o], o)),
        "orgs_below_75",
        "the organisations whose consistency_rate is below 75",
        "put the lowest consistency_rate first, and organisations with the same rate in "
        "alphabetical order of org",
    )


@exercise("m11-overall")
def overall(overall_rate: Any) -> None:
    checks.given(overall_rate, "overall_rate")
    assert isinstance(overall_rate, numbers.Real) and not isinstance(overall_rate, bool), (
        f"overall_rate should be a single number, not a {checks.kind_name(overall_rate)}: divide "
        "two totals and round the result."
    )
    assert 0 <= overall_rate <= 100, (
        f"overall_rate should be a percentage between 0 and 100, not {overall_rate}: multiply the "
        "fraction by 100."
    )
    assert abs(overall_rate * 10 - round(overall_rate * 10)) < 1e-6, (
        f"overall_rate should be rounded to 1 decimal place, not {overall_rate}: use round(..., 1)."
    )
    assert not any(checks.same(float(overall_rate), m) for m in MEAN_OF_SIX_RATES), (
        "overall_rate looks like the average of the six organisations' rates: add up consistent "
        "and contradicts across all organisations first, then divide."
    )
    assert not checks.same(float(overall_rate), OVERALL_WITH_UNTESTED), (
        "overall_rate divides by every commitment: leave out the not_tested ones, and divide by "
        "consistent + contradicts."
    )
    assert checks.same(float(overall_rate), OVERALL_RATE), (
        f"overall_rate is {overall_rate}, which is not right: divide the consistent commitments "
        "by every tested one (consistent or contradicts) across all organisations, times 100."
    )


@exercise("m11-untested")
def untested(not_tested_by_org: Any) -> None:
    checks.given(not_tested_by_org, "not_tested_by_org")
    checks.has_column(not_tested_by_org, "org", "not_tested_by_org")
    checks.has_column(not_tested_by_org, "not_tested", "not_tested_by_org")
    assert len(not_tested_by_org) == 6, (
        f"not_tested_by_org should have one row for each of the 6 organisations, not "
        f"{len(not_tested_by_org)}: keep organisations with 0 untested commitments."
    )
    acute = not_tested_by_org.loc[not_tested_by_org["org"] == "Acute trust", "not_tested"]
    assert len(acute) == 1 and acute.iloc[0] == ACUTE_NOT_TESTED, (
        "not_tested for the acute trust is not right: count, for each organisation, the "
        "commitments whose contract_round_action is 'not_tested'."
    )


@exercise("m11-briefing")
def briefing(rate_by_briefing: Any) -> None:
    checks.given(rate_by_briefing, "rate_by_briefing")
    checks.has_column(rate_by_briefing, "briefed_contract_team", "rate_by_briefing")
    checks.has_column(rate_by_briefing, "consistency_rate", "rate_by_briefing")
    assert len(rate_by_briefing) == 2, (
        f"rate_by_briefing should have 2 rows (briefed_contract_team False and True), not "
        f"{len(rate_by_briefing)}: group the tested commitments by briefed_contract_team."
    )
    checks.one_row_each(
        rate_by_briefing, "briefed_contract_team", [False, True], "rate_by_briefing"
    )
    values = list(rate_by_briefing["consistency_rate"])
    checks.rounded(values, 1, "The consistency_rate column")
    assert all(0 <= v <= 100 for v in values) and max(values) > 1, (
        "consistency_rate should hold percentages between 0 and 100: multiply the share by 100."
    )
    with_untested = [
        k
        for k, v in zip(rate_by_briefing["briefed_contract_team"], values, strict=True)
        if checks.same(float(v), BRIEFING_WITH_UNTESTED[bool(k)])
    ]
    assert not with_untested, (
        "rate_by_briefing counts the not_tested commitments too: keep only the tested rows "
        "before you take the share that are consistent."
    )
    is_briefed = rate_by_briefing["briefed_contract_team"].astype(bool)
    briefed = rate_by_briefing.loc[is_briefed, "consistency_rate"]
    assert checks.same(float(briefed.iloc[0]), BRIEFED_RATE), (
        f"consistency_rate for briefed teams is {briefed.iloc[0]}, which is not right: on the "
        "tested rows, take the percentage that are consistent for each value of "
        "briefed_contract_team."
    )

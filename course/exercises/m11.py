"""Module 11, honest conflict and trust: visible tests of the five data tasks."""

from __future__ import annotations

import numbers
from typing import Any

from .. import checks
from . import exercise


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


@exercise("m11-below")
def below(orgs_below_75: Any) -> None:
    checks.given(orgs_below_75, "orgs_below_75")
    assert isinstance(orgs_below_75, list), (
        f"orgs_below_75 should be a list, not a {checks.kind_name(orgs_below_75)}: wrap your "
        "answer in list(...)."
    )
    assert "Community trust" not in orgs_below_75, (
        "The Community trust's rate is exactly 75.0, which is not below 75: use < 75, not <= 75."
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


@exercise("m11-untested")
def untested(not_tested_by_org: Any) -> None:
    checks.given(not_tested_by_org, "not_tested_by_org")
    checks.has_column(not_tested_by_org, "org", "not_tested_by_org")
    checks.has_column(not_tested_by_org, "not_tested", "not_tested_by_org")
    assert len(not_tested_by_org) == 6, (
        f"not_tested_by_org should have one row for each of the 6 organisations, not "
        f"{len(not_tested_by_org)}: keep organisations with 0 untested commitments."
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

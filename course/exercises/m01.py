"""Module 1, leading without authority: visible tests of the four data tasks."""

from __future__ import annotations

from typing import Any

from .. import checks
from . import exercise

LEADERS = [f"L{n:02d}" for n in range(1, 11)]  # the leader_ids of reach.csv
COLUMNS = [
    "leader_id",
    "organisation",
    "direct_staff",
    "partner_orgs",
    "partner_staff",
    "population_served",
    "changes_planned",
    "changes_need_partners",
]
RANK_ORDER = [("influence_ratio", False), ("leader_id", True)]
RANKING = (
    "sort by influence_ratio (highest first) and break ties by leader_id (lowest first): give "
    "sort_values both columns, and a matching list for ascending"
)


def _l01(reach: Any, column: str) -> Any:
    return reach.loc[reach["leader_id"] == "L01", column].iloc[0]


@exercise("m01-ratio")
def ratio(reach: Any) -> None:
    checks.has_column(reach, "influence_ratio")
    checks.one_row_each(reach, "leader_id", LEADERS, "reach")
    l01 = _l01(reach, "influence_ratio")
    assert checks.same(l01, 1428.6), (
        f"influence_ratio for L01 should be 1428.6, not {l01}: divide partner_staff by "
        "direct_staff and round to 1 decimal place."
    )
    checks.rounded(reach["influence_ratio"], 1, "The influence_ratio column")


@exercise("m01-pct")
def pct(reach: Any) -> None:
    checks.has_column(reach, "pct_need_partners")
    checks.one_row_each(reach, "leader_id", LEADERS, "reach")
    l01 = _l01(reach, "pct_need_partners")
    assert checks.same(l01, 92.9), (
        f"pct_need_partners for L01 should be 92.9 (13 of its 14 changes), not {l01}: use "
        "100 * changes_need_partners / changes_planned, rounded to 1 decimal place."
    )
    checks.rounded(reach["pct_need_partners"], 1, "The pct_need_partners column")
    assert reach["pct_need_partners"].between(0, 100).all(), (
        "Every pct_need_partners should be a percentage between 0 and 100: divide "
        "changes_need_partners by changes_planned, then multiply by 100."
    )


@exercise("m01-ranked")
def ranked(reach_ranked: Any) -> None:
    checks.given(reach_ranked, "reach_ranked")
    checks.has_columns(reach_ranked, [*COLUMNS, "influence_ratio"], "reach_ranked")
    checks.one_row_each(reach_ranked, "leader_id", LEADERS, "reach_ranked")
    assert list(reach_ranked["leader_id"])[:2] == ["L01", "L02"], (
        "reach_ranked should start with L01 then L02: sort by influence_ratio, highest first."
    )
    checks.in_order(reach_ranked, RANK_ORDER, "reach_ranked", RANKING, label="leader_id")


LOW_RATIO_PCT = 63.0  # L04 and L08: 17 of their 27 changes need a partner's decision
LOW_RATIO_MEAN = 61.65  # the mean of their two percentages (68.8 and 54.5): a mistake
LOW_RATIO_NOT = 37.0  # the changes they can make alone: a mistake


@exercise("m01-low-ratio")
def low_ratio(low_ratio_partner_pct: Any) -> None:
    checks.given(low_ratio_partner_pct, "low_ratio_partner_pct")
    pct = low_ratio_partner_pct
    assert not isinstance(pct, (list, tuple, dict)) and not hasattr(pct, "index"), (
        f"low_ratio_partner_pct should be a single number, not a {checks.kind_name(pct)}: "
        "add up each column with .sum() before you divide."
    )
    checks.are_numbers(pct, "low_ratio_partner_pct")
    checks.rounded(pct, 1, "low_ratio_partner_pct")
    assert not 0 < pct < 1, (
        f"low_ratio_partner_pct is {pct}, which looks like a fraction: multiply by 100."
    )
    assert abs(float(pct) - LOW_RATIO_MEAN) > 0.1, (
        "low_ratio_partner_pct is the average of the two leaders' own percentages: add up "
        "their changes_need_partners and their changes_planned first, then divide one total "
        "by the other."
    )
    assert not checks.same(float(pct), LOW_RATIO_NOT), (
        "low_ratio_partner_pct counts the changes these leaders can make without a partner: "
        "divide the changes that need partners by all their planned changes."
    )
    assert checks.same(float(pct), LOW_RATIO_PCT), (
        f"low_ratio_partner_pct is {pct}, which is not right: keep the leaders whose "
        "influence_ratio is below 1, add up their changes_need_partners and their "
        "changes_planned, divide, multiply by 100 and round to 1 decimal place."
    )

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
    checks.has_column(reach, "pct_indirect")
    checks.one_row_each(reach, "leader_id", LEADERS, "reach")
    l01 = _l01(reach, "pct_indirect")
    assert checks.same(l01, 99.93), (
        f"pct_indirect for L01 should be 99.93, not {l01}: use 100 * partner_staff / "
        "(partner_staff + direct_staff), rounded to 2 decimal places."
    )
    checks.rounded(reach["pct_indirect"], 2, "The pct_indirect column")
    assert reach["pct_indirect"].between(0, 100).all(), (
        "Every pct_indirect should be a percentage between 0 and 100: divide partner_staff by "
        "the sum of partner_staff and direct_staff, then multiply by 100."
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


@exercise("m01-high")
def high(high_influence_leaders: Any, reach_ranked: Any) -> None:
    checks.given(high_influence_leaders, "high_influence_leaders")
    checks.is_list(high_influence_leaders, "high_influence_leaders")
    assert "L04" not in high_influence_leaders, (
        "The acute trust (L04) manages more people than it influences, so it should not be "
        "in high_influence_leaders."
    )
    checks.given(reach_ranked, "reach_ranked")
    checks.has_columns(reach_ranked, ["leader_id", "influence_ratio"], "reach_ranked")
    ratios = dict(zip(reach_ranked["leader_id"], reach_ranked["influence_ratio"], strict=True))
    checks.picked(
        high_influence_leaders,
        sorted((r for r in ratios if ratios[r] >= 10), key=lambda r: (-ratios[r], r)),
        "high_influence_leaders",
        "the leader_ids whose influence_ratio is 10 or more (10 itself included)",
        "list them highest influence_ratio first, and leaders with the same ratio by leader_id "
        "(lowest first): the order of reach_ranked, once its check passes",
    )
    assert high_influence_leaders[:2] == ["L01", "L02"], (
        "high_influence_leaders should start with L01 and L02, the two leaders with the highest "
        "influence_ratio: keep the order of reach_ranked."
    )

"""Module 1, leading without authority: visible tests of the four data tasks."""

from __future__ import annotations

from typing import Any

from .. import checks
from . import exercise


def _l01(reach: Any, column: str) -> Any:
    return reach.loc[reach["leader_id"] == "L01", column].iloc[0]


@exercise("m01-ratio")
def ratio(reach: Any) -> None:
    checks.has_column(reach, "influence_ratio")
    l01 = _l01(reach, "influence_ratio")
    assert checks.same(l01, 1428.6), (
        f"influence_ratio for L01 should be 1428.6, not {l01}: divide partner_staff by "
        "direct_staff and round to 1 decimal place."
    )


@exercise("m01-pct")
def pct(reach: Any) -> None:
    checks.has_column(reach, "pct_indirect")
    l01 = _l01(reach, "pct_indirect")
    assert checks.same(l01, 99.93), (
        f"pct_indirect for L01 should be 99.93, not {l01}: use 100 * partner_staff / "
        "(partner_staff + direct_staff), rounded to 2 decimal places."
    )


@exercise("m01-ranked")
def ranked(reach_ranked: Any) -> None:
    checks.given(reach_ranked, "reach_ranked")
    checks.has_column(reach_ranked, "leader_id", "reach_ranked")
    assert list(reach_ranked["leader_id"])[:2] == ["L01", "L02"], (
        "reach_ranked should start with L01 then L02: sort by influence_ratio, highest first."
    )


@exercise("m01-high")
def high(high_influence_leaders: Any) -> None:
    checks.given(high_influence_leaders, "high_influence_leaders")
    checks.is_list(high_influence_leaders, "high_influence_leaders")
    assert "L04" not in high_influence_leaders, (
        "The acute trust (L04) manages more people than it influences, so it should not be "
        "in high_influence_leaders."
    )

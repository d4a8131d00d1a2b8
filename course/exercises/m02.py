"""Module 2, influence from the inside out: visible tests of the four data tasks."""

from __future__ import annotations

from typing import Any

from .. import checks
from . import exercise

YOUR_IDEAS = 8  # ideas_log.csv rows whose originator is 'you'


@exercise("m02-seeded")
def seeded(seeded_share: Any) -> None:
    checks.given(seeded_share, "seeded_share")
    share = seeded_share
    assert isinstance(share, (int, float)), (
        f"seeded_share should be a single number, not a {checks.kind_name(share)}: count the "
        "seeded ideas and divide by the adopted ideas."
    )
    assert 0 <= share <= 100, (
        f"seeded_share should be a percentage between 0 and 100, not {share}: multiply the "
        "fraction by 100."
    )
    assert abs(share - round(share, 2)) < 1e-9, (
        f"seeded_share is {share}: round it to 2 decimal places."
    )


@exercise("m02-lag")
def lag(median_lag_by_route: Any) -> None:
    checks.given(median_lag_by_route, "median_lag_by_route")
    lags = median_lag_by_route
    assert isinstance(lags, dict), (
        f"median_lag_by_route should be a dictionary, not a {checks.kind_name(lags)}: write it "
        "as {'seeded': ..., 'self': ...}."
    )
    assert sorted(lags) == ["seeded", "self"], (
        f"median_lag_by_route should have exactly the keys 'seeded' and 'self', not {sorted(lags)}."
    )


@exercise("m02-rate")
def rate(adoption_by_originator: Any) -> None:
    checks.given(adoption_by_originator, "adoption_by_originator")
    rates = adoption_by_originator
    checks.has_column(rates, "originator", "adoption_by_originator")
    checks.has_column(rates, "adoption_rate", "adoption_by_originator")
    assert len(rates) == 6, (
        f"adoption_by_originator should have 6 rows, one per originator, not {len(rates)}: "
        "group by originator."
    )


@exercise("m02-brownie")
def brownie(brownie_points: Any) -> None:
    checks.given(brownie_points, "brownie_points")
    points = brownie_points
    assert isinstance(points, int) and not isinstance(points, bool), (
        f"brownie_points should be a whole number, not a {checks.kind_name(points)}: wrap your "
        "count in int(...)."
    )
    assert 0 <= points <= YOUR_IDEAS, (
        f"brownie_points is {points}, but you only raised {YOUR_IDEAS} ideas: count only ideas "
        "whose originator is 'you'."
    )

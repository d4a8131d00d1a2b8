"""Module 2, influence from the inside out: visible tests of the four data tasks."""

from __future__ import annotations

from typing import Any

from .. import checks
from . import exercise

YOUR_IDEAS = 8  # ideas_log.csv rows whose originator is 'you'
YOUR_ADOPTED = 6  # of those, the ones the board adopted
SEEDED_OF_ALL_IDEAS = 25.0  # seeded ideas as a share of all 40 ideas: a mistake, not the answer
ORIGINATORS = ["council_director", "gp_lead", "nurse_lead", "patient_rep", "trust_director", "you"]
BROWNIE_POINTS = 5  # your adopted ideas that someone else championed
SEEDED_SHARE = 45.45  # seeded ideas as a percentage of the adopted ideas
SELF_MEDIAN_LAG = 1.0  # median meetings to adoption of the self-championed ideas
YOUR_ADOPTION_RATE = 0.75  # 6 of your 8 ideas adopted


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
    assert not 0 < share < 1, (
        f"seeded_share is {share}, which looks like a fraction: multiply it by 100 to make a "
        "percentage."
    )
    assert not checks.same(float(share), SEEDED_OF_ALL_IDEAS), (
        "seeded_share divides by every idea raised: divide by the number of adopted ideas only."
    )
    assert checks.same(float(share), SEEDED_SHARE), (
        f"seeded_share is {share}, which is not right: count the adopted ideas whose "
        "champion_at_adoption is not their originator, divide by the number of adopted ideas, "
        "multiply by 100 and round to 2 decimal places."
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
    checks.are_numbers(lags, "median_lag_by_route")
    checks.no_gaps(lags, "median_lag_by_route", "take each median over the adopted ideas only.")
    assert all(v >= 0 for v in lags.values()), (
        "A lag cannot be negative: subtract meeting_first_raised from meeting_adopted, not the "
        "other way round."
    )
    assert checks.same(float(lags["self"]), SELF_MEDIAN_LAG), (
        f"median_lag_by_route['self'] is {lags['self']}, which is not right: take the median of "
        "meeting_adopted - meeting_first_raised over the adopted ideas whose champion is their "
        "originator."
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
    checks.has_columns(rates, ["ideas_raised", "ideas_adopted"], "adoption_by_originator")
    checks.one_row_each(rates, "originator", ORIGINATORS, "adoption_by_originator")
    checks.rounded(rates["adoption_rate"], 3, "The adoption_rate column")
    assert rates["adoption_rate"].between(0, 1).all(), (
        "adoption_rate should be a share between 0 and 1 (ideas_adopted / ideas_raised), not a "
        "percentage."
    )
    checks.in_order(
        rates,
        [("adoption_rate", False), ("originator", True)],
        "adoption_by_originator",
        "sort by adoption_rate (highest first) and break ties by originator, in alphabetical order",
        label="originator",
    )
    yours = rates.loc[rates["originator"] == "you", "adoption_rate"]
    assert checks.same(float(yours.iloc[0]), YOUR_ADOPTION_RATE), (
        f"adoption_rate for 'you' is {yours.iloc[0]}, which is not right: divide ideas_adopted "
        "by ideas_raised for each originator and round to 3 decimal places."
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
    assert points != YOUR_IDEAS, (
        "brownie_points counts every idea you raised: count only those the board adopted and "
        "that someone other than you championed."
    )
    assert points != YOUR_ADOPTED, (
        "brownie_points counts every adopted idea of yours: count only those whose "
        "champion_at_adoption is someone other than 'you'."
    )
    assert points == BROWNIE_POINTS, (
        f"brownie_points is {points}, which is not right: count your ideas (originator 'you') "
        "that were adopted and whose champion_at_adoption is someone other than 'you'."
    )

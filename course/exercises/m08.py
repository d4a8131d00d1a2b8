"""Module 8, money and incentives: visible tests of the six data tasks."""

from __future__ import annotations

import numbers
from typing import Any

from .. import checks
from . import exercise

LINES = ["P1", "P2", "P3", "P4", "P5", "P6"]  # the line_ids of pooled_budget.csv
PARTNERS = ["CCG", "Council"]
HOSPITALS = [f"H{n:02d}" for n in range(1, 9)]  # the hospital_ids of referrals.csv
ROUNDING = 0.0015  # £m: rounded shares of a rounded total may differ by a rounding step
CCG_RULE_A = 1.204  # the CCG's share of the pool's variance under Rule A
COUNCIL_RULE_B = 3.775  # the variance on the council's own lines


def _partner_column(partners: Any, pool: Any, column: str) -> dict[str, float]:
    """``partners[column]`` by partner, after the checks both rule tasks share."""
    checks.has_column(partners, column, "partners")
    checks.has_column(pool, "variance_gbp_m", "pool")
    checks.one_row_each(partners, "partner", PARTNERS, "partners")
    checks.rounded(partners[column], 3, f"The {column} column")
    return dict(zip(partners["partner"], partners[column], strict=True))


@exercise("m08-variance")
def variance(pool: Any) -> None:
    checks.has_column(pool, "variance_gbp_m", "pool")
    checks.one_row_each(pool, "line_id", LINES, "pool")
    p1 = checks.value_at(pool, "line_id", "P1", "variance_gbp_m")
    assert checks.same(p1, -1.825), (
        f"variance_gbp_m for P1 should be -1.825, not {p1}: use (actual_activity - "
        "planned_activity) * unit_cost_gbp / 1e6 and round to 3 decimal places."
    )
    checks.rounded(pool["variance_gbp_m"], 3, "The variance_gbp_m column")


@exercise("m08-rule-a")
def rule_a(partners: Any, pool: Any) -> None:
    checks.has_column(partners, "rule_a_gbp_m", "partners")
    checks.has_column(pool, "variance_gbp_m", "pool")
    shared_a = round(float(partners["rule_a_gbp_m"].sum()), 3)
    whole_pool = round(float(pool["variance_gbp_m"].sum()), 3)
    assert abs(shared_a - whole_pool) < ROUNDING, (
        f"Your Rule A positions add up to {shared_a}, but the whole pool's variance is "
        f"{whole_pool}: under Rule A the partners share the whole pool's variance between them, "
        "in proportion to contribution_gbp_m."
    )
    positions = _partner_column(partners, pool, "rule_a_gbp_m")
    checks.has_column(partners, "contribution_gbp_m", "partners")
    paid = dict(zip(partners["partner"], partners["contribution_gbp_m"], strict=True))
    for partner, position in positions.items():
        share = whole_pool * float(paid[partner]) / float(sum(paid.values()))
        assert abs(float(position) - share) < ROUNDING, (
            f"rule_a_gbp_m for {partner} is not its share of the whole pool's variance: "
            "multiply the total of variance_gbp_m by the partner's contribution_gbp_m and divide "
            "by the total contribution."
        )
    assert checks.same(float(positions["CCG"]), CCG_RULE_A), (
        f"rule_a_gbp_m for the CCG is {positions['CCG']}, which is not right: make sure task 1 "
        "passes, then share the pool's total variance in proportion to contribution_gbp_m."
    )


@exercise("m08-rule-b")
def rule_b(partners: Any, pool: Any) -> None:
    checks.has_column(partners, "rule_b_gbp_m", "partners")
    checks.has_column(pool, "variance_gbp_m", "pool")
    shared_b = round(float(partners["rule_b_gbp_m"].sum()), 3)
    all_lines = round(float(pool["variance_gbp_m"].sum()), 3)
    assert abs(shared_b - all_lines) < ROUNDING, (
        f"Your Rule B positions add up to {shared_b}, but the six lines' variances add up to "
        f"{all_lines}: give each partner the sum of variance_gbp_m over the lines it hosts."
    )
    positions = _partner_column(partners, pool, "rule_b_gbp_m")
    checks.has_column(pool, "partner", "pool")
    for partner, position in positions.items():
        own = float(pool.loc[pool["partner"] == partner, "variance_gbp_m"].sum())
        assert abs(float(position) - own) < ROUNDING, (
            f"rule_b_gbp_m for {partner} is not the total variance of the lines it hosts: add "
            "up variance_gbp_m over that partner's rows of pool."
        )
    assert checks.same(float(positions["Council"]), COUNCIL_RULE_B), (
        f"rule_b_gbp_m for the council is {positions['Council']}, which is not right: make sure "
        "task 1 passes, then add up variance_gbp_m over the lines the council hosts."
    )


@exercise("m08-moved")
def moved(money_moved_gbp_m: Any, partners: Any) -> None:
    checks.given(money_moved_gbp_m, "money_moved_gbp_m")
    assert isinstance(money_moved_gbp_m, numbers.Real) and not isinstance(
        money_moved_gbp_m, bool
    ), (
        "money_moved_gbp_m should be a single number, not a "
        f"{checks.kind_name(money_moved_gbp_m)}: pick the council's row and subtract its "
        "rule_a_gbp_m from its rule_b_gbp_m."
    )
    assert money_moved_gbp_m > 0, (
        f"money_moved_gbp_m is {money_moved_gbp_m}, but the council overspent on its own lines, "
        "so its Rule B position is higher than its Rule A position: subtract Rule A from Rule B."
    )
    checks.rounded(money_moved_gbp_m, 3, "money_moved_gbp_m")
    checks.has_columns(partners, ["partner", "rule_a_gbp_m", "rule_b_gbp_m"], "partners")
    council = partners.loc[partners["partner"] == "Council"]
    assert len(council) == 1, "partners should have one row for the Council: fix tasks 2 and 3."
    moved_by_rule = float(council["rule_b_gbp_m"].iloc[0]) - float(council["rule_a_gbp_m"].iloc[0])
    assert abs(float(money_moved_gbp_m) - moved_by_rule) < ROUNDING, (
        "money_moved_gbp_m should be the council's rule_b_gbp_m minus its rule_a_gbp_m (the "
        "council, not the CCG), rounded to 3 decimal places."
    )


@exercise("m08-income")
def income(referrals: Any) -> None:
    checks.has_column(referrals, "income_gbp", "referrals")
    checks.one_row_each(referrals, "hospital_id", HOSPITALS, "referrals")
    h02 = checks.value_at(referrals, "hospital_id", "H02", "income_gbp")
    assert checks.same(h02, 46941609), (
        f"income_gbp for H02 should be 46941609, not {h02}: pay the baseline at full tariff and "
        "the patients above it at tariff * MARGINAL_RATE, then round to whole pounds."
    )
    checks.rounded(referrals["income_gbp"], 0, "The income_gbp column")
    below = referrals[referrals["actual_activity"] <= referrals["baseline_activity"]]
    full = [
        h
        for h, actual, tariff, paid in zip(
            below["hospital_id"],
            below["actual_activity"],
            below["tariff_gbp"],
            below["income_gbp"],
            strict=True,
        )
        if not checks.same(float(paid), float(actual * tariff))
    ]
    assert not full, (
        f"income_gbp for {full[0]} is wrong: a hospital at or below its baseline is paid the "
        "full tariff for every patient it treats, so use min(actual, baseline) for the "
        "full-tariff patients and max(0, actual - baseline) for the rest."
    )


@exercise("m08-shortfall")
def shortfall(referrals: Any) -> None:
    checks.has_column(referrals, "shortfall_gbp", "referrals")
    checks.one_row_each(referrals, "hospital_id", HOSPITALS, "referrals")
    assert (referrals["shortfall_gbp"] >= 0).all(), (
        "Some shortfall_gbp values are negative: subtract income_gbp from actual_activity * "
        "tariff_gbp (full-tariff income minus actual income), not the other way round."
    )
    h06 = checks.value_at(referrals, "hospital_id", "H06", "shortfall_gbp")
    assert h06 == 0, (
        f"shortfall_gbp for H06 should be 0, not {h06}: H06 treated exactly its baseline, so it "
        "was paid the full tariff for everyone."
    )
    checks.rounded(referrals["shortfall_gbp"], 0, "The shortfall_gbp column")
    checks.has_column(referrals, "income_gbp", "referrals")
    wrong = [
        h
        for h, actual, tariff, paid, gap in zip(
            referrals["hospital_id"],
            referrals["actual_activity"],
            referrals["tariff_gbp"],
            referrals["income_gbp"],
            referrals["shortfall_gbp"],
            strict=True,
        )
        if abs(float(gap) - (float(actual * tariff) - float(paid))) > 0.5
    ]
    assert not wrong, (
        f"shortfall_gbp for {wrong[0]} is not actual_activity * tariff_gbp minus income_gbp: "
        "work it out on every row from your income_gbp column."
    )

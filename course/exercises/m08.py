"""Module 8, money and incentives: visible tests of the six data tasks."""

from __future__ import annotations

import numbers
from typing import Any

from .. import checks
from . import exercise


def _row(table: Any, key: str, value: str, column: str) -> Any:
    return table.loc[table[key] == value, column].iloc[0]


@exercise("m08-variance")
def variance(pool: Any) -> None:
    checks.has_column(pool, "variance_gbp_m", "pool")
    p1 = _row(pool, "line_id", "P1", "variance_gbp_m")
    assert checks.same(p1, -1.825), (
        f"variance_gbp_m for P1 should be -1.825, not {p1}: use (actual_activity - "
        "planned_activity) * unit_cost_gbp / 1e6 and round to 3 decimal places."
    )


@exercise("m08-rule-a")
def rule_a(partners: Any, pool: Any) -> None:
    checks.has_column(partners, "rule_a_gbp_m", "partners")
    checks.has_column(pool, "variance_gbp_m", "pool")
    shared_a = round(float(partners["rule_a_gbp_m"].sum()), 3)
    whole_pool = round(float(pool["variance_gbp_m"].sum()), 3)
    assert abs(shared_a - whole_pool) < 0.0015, (
        f"Your Rule A positions add up to {shared_a}, but the whole pool's variance is "
        f"{whole_pool}: under Rule A the partners share the whole pool's variance between them, "
        "in proportion to contribution_gbp_m."
    )


@exercise("m08-rule-b")
def rule_b(partners: Any, pool: Any) -> None:
    checks.has_column(partners, "rule_b_gbp_m", "partners")
    checks.has_column(pool, "variance_gbp_m", "pool")
    shared_b = round(float(partners["rule_b_gbp_m"].sum()), 3)
    all_lines = round(float(pool["variance_gbp_m"].sum()), 3)
    assert abs(shared_b - all_lines) < 0.0015, (
        f"Your Rule B positions add up to {shared_b}, but the six lines' variances add up to "
        f"{all_lines}: give each partner the sum of variance_gbp_m over the lines it hosts."
    )


@exercise("m08-moved")
def moved(money_moved_gbp_m: Any) -> None:
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


@exercise("m08-income")
def income(referrals: Any) -> None:
    checks.has_column(referrals, "income_gbp", "referrals")
    h02 = _row(referrals, "hospital_id", "H02", "income_gbp")
    assert checks.same(h02, 46941609), (
        f"income_gbp for H02 should be 46941609, not {h02}: pay the baseline at full tariff and "
        "the patients above it at tariff * MARGINAL_RATE, then round to whole pounds."
    )


@exercise("m08-shortfall")
def shortfall(referrals: Any) -> None:
    checks.has_column(referrals, "shortfall_gbp", "referrals")
    assert (referrals["shortfall_gbp"] >= 0).all(), (
        "Some shortfall_gbp values are negative: subtract income_gbp from actual_activity * "
        "tariff_gbp (full-tariff income minus actual income), not the other way round."
    )
    h06 = _row(referrals, "hospital_id", "H06", "shortfall_gbp")
    assert h06 == 0, (
        f"shortfall_gbp for H06 should be 0, not {h06}: H06 treated exactly its baseline, so it "
        "was paid the full tariff for everyone."
    )

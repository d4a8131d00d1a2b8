"""Module 9, competition and altruism: visible tests of the six data tasks."""

from __future__ import annotations

from typing import Any

from .. import checks
from . import exercise

TRUSTS = [f"T{n:02d}" for n in range(1, 11)]  # the trust_ids of contract_defence.csv
NURSE_YEAR_GBP = 50_000  # the notebook's figure for a community nurse for a year


@exercise("m09-expected")
def expected(contracts: Any) -> None:
    checks.has_column(contracts, "expected_contribution_gbp", "contracts")
    checks.one_row_each(contracts, "trust_id", TRUSTS, "contracts")
    t07 = checks.value_at(contracts, "trust_id", "T07", "expected_contribution_gbp")
    assert checks.same(t07, 195000), (
        f"expected_contribution_gbp for T07 should be 195000, not {t07}: multiply "
        "contribution_gbp by keep_chance_pct and divide by 100."
    )
    checks.rounded(
        contracts["expected_contribution_gbp"], 0, "The expected_contribution_gbp column"
    )


@exercise("m09-net")
def net(contracts: Any) -> None:
    checks.has_column(contracts, "expected_net_gbp", "contracts")
    checks.one_row_each(contracts, "trust_id", TRUSTS, "contracts")
    t09 = checks.value_at(contracts, "trust_id", "T09", "expected_net_gbp")
    assert checks.same(t09, 11500), (
        f"expected_net_gbp for T09 should be 11500, not {t09}: from expected_contribution_gbp, "
        "subtract defence_spend_gbp and tender_admin_cost_gbp."
    )
    checks.rounded(contracts["expected_net_gbp"], 0, "The expected_net_gbp column")


@exercise("m09-worth")
def worth(worth_defending: Any, contracts: Any) -> None:
    checks.given(worth_defending, "worth_defending")
    checks.is_list(worth_defending, "worth_defending")
    assert worth_defending[:1] == ["T02"], (
        "worth_defending should start with T02, the defence with the highest expected net "
        "value: keep the rows whose expected_net_gbp is above 0 and sort them highest first."
    )
    checks.after("2", "worth_defending", lambda: net(contracts))
    nets = dict(zip(contracts["trust_id"], contracts["expected_net_gbp"], strict=True))
    checks.picked(
        worth_defending,
        sorted((t for t in nets if nets[t] > 0), key=lambda t: -nets[t]),
        "worth_defending",
        "the trust_ids whose expected_net_gbp is above 0",
        "put the highest expected_net_gbp first (sort with ascending=False)",
    )


@exercise("m09-even")
def even(contracts: Any) -> None:
    checks.has_column(contracts, "break_even_chance_pct", "contracts")
    checks.one_row_each(contracts, "trust_id", TRUSTS, "contracts")
    t08 = checks.value_at(contracts, "trust_id", "T08", "break_even_chance_pct")
    assert checks.same(t08, 79.9), (
        f"break_even_chance_pct for T08 should be 79.9, not {t08}: add defence_spend_gbp and "
        "tender_admin_cost_gbp, divide by contribution_gbp, multiply by 100 and round to 1 "
        "decimal place."
    )
    checks.rounded(contracts["break_even_chance_pct"], 1, "The break_even_chance_pct column")


@exercise("m09-loss")
def loss(expected_loss_gbp: Any, contracts: Any) -> None:
    checks.is_number(
        expected_loss_gbp,
        "expected_loss_gbp",
        "add up the expected_net_gbp of the losing rows with .sum()",
    )
    assert expected_loss_gbp > 0, (
        f"expected_loss_gbp is {expected_loss_gbp}, but it should be positive: the negative "
        "expected net values add up to a negative number, so put a minus sign in front."
    )
    checks.rounded(expected_loss_gbp, 0, "expected_loss_gbp")
    checks.after("2", "expected_loss_gbp", lambda: net(contracts))
    losing = contracts.loc[contracts["expected_net_gbp"] < 0, "expected_net_gbp"]
    assert checks.same(float(expected_loss_gbp), -float(losing.sum())), (
        "expected_loss_gbp should be the total of expected_net_gbp over the defences that do not "
        "pay (expected_net_gbp below 0) only, made positive."
    )


@exercise("m09-nurses")
def nurses(nurse_years: Any, expected_loss_gbp: Any, contracts: Any) -> None:
    checks.is_number(nurse_years, "nurse_years", f"divide expected_loss_gbp by {NURSE_YEAR_GBP}")
    checks.rounded(nurse_years, 1, "nurse_years")
    checks.after("5", "nurse_years", lambda: loss(expected_loss_gbp, contracts))
    assert checks.same(float(nurse_years), round(expected_loss_gbp / NURSE_YEAR_GBP, 1)), (
        f"nurse_years should be expected_loss_gbp divided by NURSE_YEAR_GBP ({NURSE_YEAR_GBP}), "
        "rounded to 1 decimal place."
    )

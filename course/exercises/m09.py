"""Module 9, competition and altruism: visible tests of the five data tasks."""

from __future__ import annotations

import numbers
from typing import Any

from .. import checks
from . import exercise

TRUSTS = [f"T{n:02d}" for n in range(1, 11)]  # the trust_ids of contract_defence.csv
COLUMNS = [
    "trust_id",
    "service",
    "provider_type",
    "contract_value_gbp_per_year",
    "contract_years",
    "contribution_margin_pct",
    "defence_spend_gbp",
    "tender_admin_cost_gbp",
    "net_value",
]
LOSING = 6  # contracts whose net_value is below 0


def _trust(contracts: Any, trust_id: str, column: str) -> Any:
    return contracts.loc[contracts["trust_id"] == trust_id, column].iloc[0]


@exercise("m09-net")
def net(contracts: Any) -> None:
    checks.has_column(contracts, "net_value", "contracts")
    checks.one_row_each(contracts, "trust_id", TRUSTS, "contracts")
    t07_net = _trust(contracts, "T07", "net_value")
    assert checks.same(t07_net, 508000), (
        f"net_value for T07 should be 508000, not {t07_net}: multiply value, years and margin, "
        "divide by 100, then subtract defence_spend_gbp and tender_admin_cost_gbp."
    )
    checks.rounded(contracts["net_value"], 0, "The net_value column")


@exercise("m09-losing")
def losing(losing_defences: Any) -> None:
    checks.given(losing_defences, "losing_defences")
    checks.has_column(losing_defences, "trust_id", "losing_defences")
    assert list(losing_defences["trust_id"])[:1] == ["T01"], (
        "losing_defences should start with T01, the report's trust, which lost the most: keep "
        "rows with net_value below 0 and sort by net_value, most negative first."
    )
    checks.has_columns(losing_defences, COLUMNS, "losing_defences")
    assert (losing_defences["net_value"] < 0).all(), (
        "losing_defences holds a row whose net_value is not below 0: keep only the rows with "
        "net_value < 0."
    )
    assert len(set(losing_defences["trust_id"])) == len(losing_defences), (
        "losing_defences holds a contract more than once: filter the contracts table once."
    )
    assert len(losing_defences) == LOSING, (
        "losing_defences leaves out some contracts whose net_value is below 0: filter the whole "
        "contracts table."
    )
    checks.in_order(
        losing_defences,
        [("net_value", True), ("trust_id", True)],
        "losing_defences",
        "sort by net_value (most negative first) and break ties by trust_id (lowest first)",
        label="trust_id",
    )


@exercise("m09-even")
def even(contracts: Any) -> None:
    checks.has_column(contracts, "break_even_margin_pct", "contracts")
    checks.one_row_each(contracts, "trust_id", TRUSTS, "contracts")
    t08_even = _trust(contracts, "T08", "break_even_margin_pct")
    assert checks.same(t08_even, 14.7), (
        f"break_even_margin_pct for T08 should be 14.7, not {t08_even}: divide all the defence "
        "spending by the income over the contract's life, multiply by 100 and round to 1 decimal "
        "place."
    )
    checks.rounded(contracts["break_even_margin_pct"], 1, "The break_even_margin_pct column")


@exercise("m09-destroyed")
def destroyed(value_destroyed_gbp: Any, losing_defences: Any) -> None:
    checks.given(value_destroyed_gbp, "value_destroyed_gbp")
    assert isinstance(value_destroyed_gbp, numbers.Real) and not isinstance(
        value_destroyed_gbp, bool
    ), (
        "value_destroyed_gbp should be a single number, not a "
        f"{checks.kind_name(value_destroyed_gbp)}: add up the net_value column of the losing "
        "rows with .sum()."
    )
    assert value_destroyed_gbp > 0, (
        f"value_destroyed_gbp is {value_destroyed_gbp}, but it should be positive: the negative "
        "net values add up to a negative number, so put a minus sign in front of the total."
    )
    checks.rounded(value_destroyed_gbp, 0, "value_destroyed_gbp")
    try:
        losing(losing_defences)
    except AssertionError as exc:
        raise AssertionError(
            f"value_destroyed_gbp adds up losing_defences, so fix task 2 first: {exc}"
        ) from None
    assert checks.same(float(value_destroyed_gbp), -float(losing_defences["net_value"].sum())), (
        "value_destroyed_gbp should be the total of net_value over the losing defences only "
        "(the rows of losing_defences), made positive."
    )


@exercise("m09-unrecoverable")
def unrecoverable(unrecoverable_defences: Any, contracts: Any) -> None:
    checks.given(unrecoverable_defences, "unrecoverable_defences")
    assert isinstance(unrecoverable_defences, list), (
        "unrecoverable_defences should be a list, not a "
        f"{checks.kind_name(unrecoverable_defences)}: wrap your answer in list(...)."
    )
    assert unrecoverable_defences[:1] == ["T01"], (
        "unrecoverable_defences should start with T01, whose defence cost about twice the "
        "contract's income: sort by break_even_margin_pct, highest first."
    )
    try:
        even(contracts)
    except AssertionError as exc:
        raise AssertionError(
            f"unrecoverable_defences comes from break_even_margin_pct, so fix task 3 first: {exc}"
        ) from None
    margins = dict(zip(contracts["trust_id"], contracts["break_even_margin_pct"], strict=True))
    at_100 = [t for t in unrecoverable_defences if checks.same(float(margins.get(t, 0)), 100.0)]
    assert not at_100, (
        f"{at_100[0]} has a break-even margin of exactly 100, which is not above 100: use > 100."
    )
    checks.picked(
        unrecoverable_defences,
        sorted((t for t in margins if margins[t] > 100), key=lambda t: (-margins[t], t)),
        "unrecoverable_defences",
        "the trust_ids whose break_even_margin_pct is above 100",
        "put the highest break_even_margin_pct first, and break ties by trust_id (lowest first)",
    )

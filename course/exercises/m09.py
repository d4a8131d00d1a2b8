"""Module 9, competition and altruism: visible tests of the five data tasks."""

from __future__ import annotations

import numbers
from typing import Any

from .. import checks
from . import exercise


def _trust(contracts: Any, trust_id: str, column: str) -> Any:
    return contracts.loc[contracts["trust_id"] == trust_id, column].iloc[0]


@exercise("m09-net")
def net(contracts: Any) -> None:
    checks.has_column(contracts, "net_value", "contracts")
    t07_net = _trust(contracts, "T07", "net_value")
    assert checks.same(t07_net, 508000), (
        f"net_value for T07 should be 508000, not {t07_net}: multiply value, years and margin, "
        "divide by 100, then subtract defence_spend_gbp and tender_admin_cost_gbp."
    )


@exercise("m09-losing")
def losing(losing_defences: Any) -> None:
    checks.given(losing_defences, "losing_defences")
    checks.has_column(losing_defences, "trust_id", "losing_defences")
    assert list(losing_defences["trust_id"])[:1] == ["T01"], (
        "losing_defences should start with T01, the report's trust, which lost the most: keep "
        "rows with net_value below 0 and sort by net_value, most negative first."
    )


@exercise("m09-even")
def even(contracts: Any) -> None:
    checks.has_column(contracts, "break_even_margin_pct", "contracts")
    t08_even = _trust(contracts, "T08", "break_even_margin_pct")
    assert checks.same(t08_even, 14.7), (
        f"break_even_margin_pct for T08 should be 14.7, not {t08_even}: divide all the defence "
        "spending by the income over the contract's life, multiply by 100 and round to 1 decimal "
        "place."
    )


@exercise("m09-destroyed")
def destroyed(value_destroyed_gbp: Any) -> None:
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


@exercise("m09-unrecoverable")
def unrecoverable(unrecoverable_defences: Any) -> None:
    checks.given(unrecoverable_defences, "unrecoverable_defences")
    assert isinstance(unrecoverable_defences, list), (
        "unrecoverable_defences should be a list, not a "
        f"{checks.kind_name(unrecoverable_defences)}: wrap your answer in list(...)."
    )
    assert unrecoverable_defences[:1] == ["T01"], (
        "unrecoverable_defences should start with T01, whose defence cost about twice the "
        "contract's income: sort by break_even_margin_pct, highest first."
    )

"""Module 13, development plan: visible tests of the four data tasks."""

from __future__ import annotations

from typing import Any

from .. import checks
from . import exercise


@exercise("m13-means")
def means(module_means: Any) -> None:
    checks.given(module_means, "module_means")
    checks.has_column(module_means, "mean_rating", "module_means")
    checks.has_column(module_means, "module", "module_means")
    m01 = module_means.loc[module_means["module"] == "m01", "mean_rating"]
    assert len(m01) == 1 and abs(m01.iloc[0] - 2.67) < 1e-9, (
        f"mean_rating for m01 should be 2.67, not {list(m01)}: take the mean of rating for each "
        "module, leaving out 0s, and round to 2 decimal places."
    )


@exercise("m13-weakest")
def weakest(weakest_items: Any) -> None:
    checks.given(weakest_items, "weakest_items")
    assert isinstance(weakest_items, list), (
        f"weakest_items should be a list, not a {checks.kind_name(weakest_items)}: wrap your "
        "answer in list(...)."
    )
    assert len(weakest_items) == 3, (
        f"weakest_items should hold 3 item ids, not {len(weakest_items)}: use .head(3)."
    )
    assert "m07_assurance" not in weakest_items, (
        "m07_assurance was not rated at the end of the course (its rating is 0), so leave it out "
        "before sorting."
    )


@exercise("m13-below")
def below(modules_below_3: Any) -> None:
    checks.given(modules_below_3, "modules_below_3")
    assert isinstance(modules_below_3, list), (
        f"modules_below_3 should be a list, not a {checks.kind_name(modules_below_3)}: wrap your "
        "answer in list(...)."
    )
    assert "m05" not in modules_below_3, (
        "m05 has a mean of exactly 3.0, which is not below 3: use < 3, not <= 3."
    )
    assert "m07" not in modules_below_3, (
        "m07 has a mean of 3.0 once its 0 (not rated) is left out: build modules_below_3 from "
        "module_means after fixing task 1."
    )


@exercise("m13-changes")
def changes(rating_changes: Any) -> None:
    checks.given(rating_changes, "rating_changes")
    checks.has_column(rating_changes, "change", "rating_changes")
    checks.has_column(rating_changes, "item", "rating_changes")
    assert "m09_control" not in set(rating_changes["item"]), (
        "m09_control was not rated at the start (rating_before is 0), so it has no change: keep "
        "only rows rated both times."
    )
    chaos = rating_changes.loc[rating_changes["item"] == "m01_chaos", "change"]
    assert len(chaos) == 1 and chaos.iloc[0] == -1, (
        f"change for m01_chaos should be -1, not {list(chaos)}: subtract rating_before from rating."
    )

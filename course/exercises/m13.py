"""Module 13, development plan: visible tests of the four data tasks."""

from __future__ import annotations

from typing import Any

from .. import checks
from . import exercise

MODULES = [f"m{n:02d}" for n in range(1, 13)]
NOT_RATED_BOTH_TIMES = {"m07_assurance", "m09_control", "m12_speak"}  # a 0 in either rating
RATED_BOTH_TIMES = 33  # the other items of sample_ratings.csv
M07_WITH_ITS_0 = 2.0  # m07's mean if its 0 is counted as a rating: a mistake, not the answer
WEAKEST_ITEM = "m10_power"  # Priya's lowest final rating, ties by module


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
    checks.one_row_each(module_means, "module", MODULES, "module_means")
    m07 = module_means.loc[module_means["module"] == "m07", "mean_rating"].iloc[0]
    assert not checks.same(float(m07), M07_WITH_ITS_0), (
        "mean_rating for m07 counts its 0 as a rating: leave out the ratings of 0 before you "
        "take the means."
    )
    checks.rounded(module_means["mean_rating"], 2, "The mean_rating column")
    checks.in_order(
        module_means, [("module", True)], "module_means", "sort the rows from m01 to m12", "module"
    )


@exercise("m13-weakest")
def weakest(weakest_items: Any, priya: Any) -> None:
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
    checks.has_columns(priya, ["module", "item", "rating"], "priya")
    rated = sorted(
        (r, m, i)
        for r, m, i in zip(priya["rating"], priya["module"], priya["item"], strict=True)
        if r > 0
    )
    checks.picked(
        weakest_items,
        [i for _, _, i in rated[:3]],
        "weakest_items",
        "the three items with the lowest rating (leaving out 0s); where ratings tie, the "
        "first by module and then by item",
        "put the lowest rating first; where ratings tie, order by module and then by item",
    )
    assert weakest_items[:1] == [WEAKEST_ITEM], (
        "weakest_items does not start with Priya's lowest rating: leave out the 0s, then sort "
        "by rating, module and item."
    )


@exercise("m13-below")
def below(modules_below_3: Any, module_means: Any) -> None:
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
    try:
        means(module_means)
    except AssertionError as exc:
        raise AssertionError(
            f"modules_below_3 comes from module_means, so fix task 1 first: {exc}"
        ) from None
    values = dict(zip(module_means["module"], module_means["mean_rating"], strict=True))
    checks.picked(
        modules_below_3,
        sorted((m for m in values if values[m] < 3), key=lambda m: (values[m], m)),
        "modules_below_3",
        "the modules whose mean_rating is below 3 (3.0 itself is not below)",
        "put the lowest mean_rating first; where two modules have the same mean, put the lower "
        "module id first",
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
    items = list(rating_changes["item"])
    left_in = sorted(NOT_RATED_BOTH_TIMES & set(items))
    assert not left_in, (
        f"{left_in[0]} has a 0 in rating or rating_before, so it was not rated both times: "
        "leave out every row with a 0 in either column."
    )
    assert len(items) == len(set(items)), (
        "rating_changes holds an item more than once: filter priya once."
    )
    assert len(items) == RATED_BOTH_TIMES, (
        "rating_changes leaves out some items that were rated both times: keep every row "
        "with no 0 in rating or rating_before."
    )
    checks.rounded(rating_changes["change"], 0, "The change column")
    if {"rating", "rating_before"} <= set(rating_changes.columns):
        wrong = [
            i
            for i, before, after, change in zip(
                items,
                rating_changes["rating_before"],
                rating_changes["rating"],
                rating_changes["change"],
                strict=True,
            )
            if change != after - before
        ]
        assert not wrong, (
            f"change for {wrong[0]} is not rating - rating_before: subtract the earlier rating "
            "from the later one on every row."
        )

"""Module 3, making the case: visible tests of the five data tasks."""

from __future__ import annotations

import numbers
from typing import Any

from .. import checks
from . import exercise

PRACTICES = [f"P{n:02d}" for n in range(1, 36)]  # the practice_ids of af_practices.csv
CCGS = ["CCG A", "CCG B", "CCG C"]
UCLP_POPULATION = 6_000_000
AVOIDABLE_STROKES = 700
AVERTED_PER_100K = 4.62  # strokes averted a year per 100,000 registered patients
CCG_A_PROJECTED = 9.3  # CCG A's projected strokes averted, from the right rate
PCT_OF_AVOIDABLE = 39.6  # share of the 700 avoidable strokes a year


def _p01(af: Any, column: str) -> Any:
    return af.loc[af["practice_id"] == "P01", column].iloc[0]


@exercise("m03-newly")
def newly(af: Any) -> None:
    checks.has_column(af, "newly_anticoagulated", "af")
    checks.one_row_each(af, "practice_id", PRACTICES, "af")
    p01 = _p01(af, "newly_anticoagulated")
    assert p01 == 34, (
        f"newly_anticoagulated for P01 should be 34, not {p01}: subtract anticoag_before from "
        "anticoag_after."
    )
    checks.rounded(af["newly_anticoagulated"], 0, "The newly_anticoagulated column")


@exercise("m03-total")
def total(af: Any, total_strokes_averted: Any) -> None:
    checks.has_column(af, "strokes_averted", "af")
    checks.one_row_each(af, "practice_id", PRACTICES, "af")
    p01 = _p01(af, "strokes_averted")
    assert abs(p01 - 34 * 0.05 * 0.67) < 1e-9, (
        f"strokes_averted for P01 should be 34 x 0.05 x 0.67, not {p01}: multiply "
        "newly_anticoagulated by RISK_UNTREATED and RRR, without rounding."
    )
    total = checks.given(total_strokes_averted, "total_strokes_averted")
    assert isinstance(total, numbers.Real), (
        f"total_strokes_averted should be a single number, not a {checks.kind_name(total)}: "
        "add up the column with .sum()."
    )
    assert round(float(total), 2) == float(total), (
        "total_strokes_averted should be rounded to 2 decimal places: use round(..., 2) on the "
        "total."
    )
    assert checks.same(float(total), round(float(af["strokes_averted"].sum()), 2)), (
        "total_strokes_averted should be the sum of the strokes_averted column over all 35 "
        "practices, rounded to 2 decimal places only at the end."
    )


@exercise("m03-rate")
def rate(averted_per_100k: Any) -> None:
    rate = checks.given(averted_per_100k, "averted_per_100k")
    assert isinstance(rate, numbers.Real), (
        f"averted_per_100k should be a single number, not a {checks.kind_name(rate)}."
    )
    assert 0 < rate < 100, (
        f"averted_per_100k is {rate}, which is not a rate per 100,000 patients: multiply the "
        "total by 100,000 and divide by the sum of list_size."
    )
    assert round(float(rate), 2) == float(rate), (
        "averted_per_100k should be rounded to 2 decimal places: use round(..., 2)."
    )
    assert checks.same(float(rate), AVERTED_PER_100K), (
        f"averted_per_100k is {rate}, which is not right: multiply the total of strokes_averted "
        "by 100,000, divide by the total of list_size (both over every practice) and round to 2 "
        "decimal places."
    )


@exercise("m03-ccg")
def ccg(ccg_lists: Any, averted_per_100k: Any) -> None:
    checks.has_column(ccg_lists, "projected_strokes_averted", "ccg_lists")
    assert len(ccg_lists) == 3, (
        f"ccg_lists should still have 3 rows, not {len(ccg_lists)}: add a column, do not add or "
        "drop rows."
    )
    checks.one_row_each(ccg_lists, "ccg", CCGS, "ccg_lists")
    unrounded = [
        v for v in ccg_lists["projected_strokes_averted"] if round(float(v), 1) != float(v)
    ]
    assert not unrounded, (
        "projected_strokes_averted should be rounded to 1 decimal place: use .round(1)."
    )
    rate = checks.given(averted_per_100k, "averted_per_100k")
    checks.has_column(ccg_lists, "total_list_size", "ccg_lists")
    off = [
        c
        for c, size, value in zip(
            ccg_lists["ccg"],
            ccg_lists["total_list_size"],
            ccg_lists["projected_strokes_averted"],
            strict=True,
        )
        if not checks.same(float(value), round(float(rate) * float(size) / 100_000, 1))
    ]
    assert not off, (
        f"projected_strokes_averted for {off[0]} does not follow from your averted_per_100k: "
        "multiply averted_per_100k (as it is, already rounded) by total_list_size, divide by "
        "100,000, and round to 1 decimal place."
    )
    ccg_a = ccg_lists.loc[ccg_lists["ccg"] == "CCG A", "projected_strokes_averted"]
    assert checks.same(float(ccg_a.iloc[0]), CCG_A_PROJECTED), (
        f"projected_strokes_averted for CCG A is {ccg_a.iloc[0]}, which is not right yet: make "
        "sure task 3 passes, then use averted_per_100k * total_list_size / 100,000."
    )


@exercise("m03-pct")
def pct(pct_of_avoidable: Any, averted_per_100k: Any) -> None:
    pct = checks.given(pct_of_avoidable, "pct_of_avoidable")
    assert isinstance(pct, numbers.Real), (
        f"pct_of_avoidable should be a single number, not a {checks.kind_name(pct)}."
    )
    assert 0 < pct < 100, (
        f"pct_of_avoidable is {pct}, which is not a percentage of the 700 avoidable strokes: "
        "check that you multiply by 100 once and divide by AVOIDABLE_STROKES."
    )
    assert round(float(pct), 1) == float(pct), (
        "pct_of_avoidable should be rounded to 1 decimal place: use round(..., 1)."
    )
    rate = checks.given(averted_per_100k, "averted_per_100k")
    expected = round(100 * (float(rate) * UCLP_POPULATION / 100_000) / AVOIDABLE_STROKES, 1)
    assert checks.same(float(pct), expected), (
        "pct_of_avoidable does not follow from your averted_per_100k: scale averted_per_100k "
        "(as it is) up to UCLP_POPULATION, divide by AVOIDABLE_STROKES, multiply by 100 and "
        "round to 1 decimal place."
    )
    assert checks.same(float(pct), PCT_OF_AVOIDABLE), (
        f"pct_of_avoidable is {pct}, which is not right: make sure task 3 passes, then scale "
        "averted_per_100k to the 6 million people and divide by the 700 avoidable strokes."
    )

"""Module 3, making the case: visible tests of the five data tasks."""

from __future__ import annotations

import numbers
from typing import Any

from .. import checks
from . import exercise


def _p01(af: Any, column: str) -> Any:
    return af.loc[af["practice_id"] == "P01", column].iloc[0]


@exercise("m03-newly")
def newly(af: Any) -> None:
    checks.has_column(af, "newly_anticoagulated", "af")
    p01 = _p01(af, "newly_anticoagulated")
    assert p01 == 34, (
        f"newly_anticoagulated for P01 should be 34, not {p01}: subtract anticoag_before from "
        "anticoag_after."
    )


@exercise("m03-total")
def total(af: Any, total_strokes_averted: Any) -> None:
    checks.has_column(af, "strokes_averted", "af")
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


@exercise("m03-ccg")
def ccg(ccg_lists: Any) -> None:
    checks.has_column(ccg_lists, "projected_strokes_averted", "ccg_lists")
    assert len(ccg_lists) == 3, (
        f"ccg_lists should still have 3 rows, not {len(ccg_lists)}: add a column, do not add or "
        "drop rows."
    )
    unrounded = [
        v for v in ccg_lists["projected_strokes_averted"] if round(float(v), 1) != float(v)
    ]
    assert not unrounded, (
        "projected_strokes_averted should be rounded to 1 decimal place: use .round(1)."
    )


@exercise("m03-pct")
def pct(pct_of_avoidable: Any) -> None:
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

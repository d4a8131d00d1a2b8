"""Module 10, politics and place: visible tests of the five data tasks."""

from __future__ import annotations

from typing import Any

from .. import checks
from . import exercise

PATIENTS = [f"P{n:03d}" for n in range(1, 501)]  # the patient_ids of patients.csv
AREAS = ["City", "Coast", "Moorland", "North suburbs", "Peninsula", "River towns"]
WITHIN_BELOW_10 = 57.2  # the share with extra_miles below 10, leaving out 10.0 itself: a mistake
LINE_UP = "keep home_area as the index of area_summary, so that the rows line up."
AREA_ROWS = (
    "area_summary should have one row per home area, with home_area as its index (as "
    "groupby gives) or as a column called 'home_area'."
)
PCT_WITHIN_10 = 58.6  # patients with 10 extra miles or fewer


def _patient(patients: Any, patient_id: str) -> Any:
    return patients.loc[patients["patient_id"] == patient_id, "extra_miles"].iloc[0]


def _by_area(area_summary: Any) -> Any:
    """``area_summary`` with home_area as a column, whether it was the index or a column."""
    table = area_summary if "home_area" in area_summary.columns else area_summary.reset_index()
    assert "home_area" in table.columns, AREA_ROWS
    return table


def _area(table: Any, area: str, column: str) -> Any:
    return table.loc[table["home_area"] == area, column].iloc[0]


def _area_column(area_summary: Any, column: str) -> Any:
    """``area_summary`` with home_area as a column, after the checks its tasks share."""
    table = _by_area(area_summary)
    checks.one_row_each(table, "home_area", AREAS, "area_summary")
    checks.no_gaps(table[column], f"The {column} column", LINE_UP)
    checks.rounded(table[column], 1, f"The {column} column")
    return table


@exercise("m10-extra")
def extra(patients: Any) -> None:
    checks.has_column(patients, "extra_miles", "patients")
    checks.one_row_each(patients, "patient_id", PATIENTS, "patients")
    p001 = _patient(patients, "P001")
    p002 = _patient(patients, "P002")
    assert abs(p001 - 22.1) < 1e-9, (
        f"extra_miles for P001 should be 22.1, not {p001}: subtract miles_to_local_site from "
        "miles_to_specialist_centre and round to 1 decimal place."
    )
    assert abs(p002) < 1e-9, (
        f"extra_miles for P002 should be 0.0, not {p002}: where the specialist centre is nearer "
        "than the local hospital, use 0 instead of the negative difference."
    )
    assert (patients["extra_miles"] >= 0).all(), (
        "Some extra_miles are negative: use 0 wherever the difference is negative, for example "
        "with .clip(lower=0)."
    )
    checks.rounded(patients["extra_miles"], 1, "The extra_miles column")


@exercise("m10-within")
def within(pct_within_10: Any) -> None:
    checks.given(pct_within_10, "pct_within_10")
    assert isinstance(pct_within_10, (int, float)) and not isinstance(pct_within_10, bool), (
        f"pct_within_10 should be a single number, not a {checks.kind_name(pct_within_10)}: "
        "take the mean of a True/False column, times 100."
    )
    assert 1 < pct_within_10 <= 100, (
        f"pct_within_10 should be a percentage between 0 and 100, but it is {pct_within_10}: "
        "did you forget to multiply the share by 100?"
    )
    checks.rounded(pct_within_10, 1, "pct_within_10")
    assert not checks.same(float(pct_within_10), WITHIN_BELOW_10), (
        "pct_within_10 leaves out the patients with exactly 10.0 extra miles: 10.0 itself counts "
        "as within, so use <= 10."
    )
    assert checks.same(float(pct_within_10), PCT_WITHIN_10), (
        f"pct_within_10 is {pct_within_10}, which is not right: take the percentage of all "
        "patients whose extra_miles is 10 or less (10 itself included), rounded to 1 place."
    )


@exercise("m10-median")
def median(area_summary: Any) -> None:
    checks.given(area_summary, "area_summary")
    checks.has_column(area_summary, "median_extra_miles", "area_summary")
    table = _by_area(area_summary)
    moorland = _area(table, "Moorland", "median_extra_miles")
    assert abs(moorland - 19.6) < 1e-9, (
        f"median_extra_miles for Moorland should be 19.6, not {moorland}: take the median (not "
        "the mean) of extra_miles for each home area, and round to 1 decimal place."
    )
    _area_column(area_summary, "median_extra_miles")


@exercise("m10-over")
def over(area_summary: Any) -> None:
    checks.given(area_summary, "area_summary")
    checks.has_column(area_summary, "pct_over_10", "area_summary")
    table = _by_area(area_summary)
    suburbs = _area(table, "North suburbs", "pct_over_10")
    assert abs(suburbs - 10.3) < 1e-9, (
        f"pct_over_10 for North suburbs should be 10.3, not {suburbs}: count the area's patients "
        "with extra_miles more than 10, as a percentage of the area's patients, rounded to 1 "
        "decimal place (if you see nan, keep home_area as the index of area_summary so the rows "
        "line up)."
    )
    table = _area_column(area_summary, "pct_over_10")
    assert table["pct_over_10"].between(0, 100).all() and table["pct_over_10"].max() > 1, (
        "pct_over_10 should hold percentages between 0 and 100: multiply the share by 100."
    )


@exercise("m10-priority")
def priority(priority_areas: Any, area_summary: Any) -> None:
    checks.given(priority_areas, "priority_areas")
    assert isinstance(priority_areas, list), (
        f"priority_areas should be a list, not a {checks.kind_name(priority_areas)}: wrap your "
        "answer in sorted(...) or list(...)."
    )
    assert all(isinstance(a, str) for a in priority_areas), (
        "priority_areas should hold the names of home areas as strings, such as 'City'."
    )
    assert "City" not in priority_areas, (
        "City should not be in priority_areas: most City patients live nearer the specialist "
        "centre, so few face more than 10 extra miles."
    )
    try:
        over(area_summary)
    except AssertionError as exc:
        raise AssertionError(
            f"priority_areas comes from pct_over_10, so fix task 4 first: {exc}"
        ) from None
    table = _by_area(area_summary)
    shares = dict(zip(table["home_area"], table["pct_over_10"], strict=True))
    checks.picked(
        priority_areas,
        sorted(a for a in shares if shares[a] > 50),
        "priority_areas",
        "the home areas whose pct_over_10 is more than 50",
        "sort them in alphabetical order, for example with sorted(...)",
    )

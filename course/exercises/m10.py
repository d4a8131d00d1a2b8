"""Module 10, politics and place: visible tests of the five data tasks."""

from __future__ import annotations

from typing import Any

from .. import checks
from . import exercise

AREA_ROWS = (
    "area_summary should have one row per home area, with home_area as its index (as "
    "groupby gives) or as a column called 'home_area'."
)


def _patient(patients: Any, patient_id: str) -> Any:
    return patients.loc[patients["patient_id"] == patient_id, "extra_miles"].iloc[0]


def _by_area(area_summary: Any) -> Any:
    """``area_summary`` with home_area as a column, whether it was the index or a column."""
    table = area_summary if "home_area" in area_summary.columns else area_summary.reset_index()
    assert "home_area" in table.columns, AREA_ROWS
    return table


def _area(table: Any, area: str, column: str) -> Any:
    return table.loc[table["home_area"] == area, column].iloc[0]


@exercise("m10-extra")
def extra(patients: Any) -> None:
    checks.has_column(patients, "extra_miles", "patients")
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


@exercise("m10-priority")
def priority(priority_areas: Any) -> None:
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

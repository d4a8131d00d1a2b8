"""Module 0, start here: visible tests of the five data tasks."""

from __future__ import annotations

import numbers
from typing import Any

import pandas as pd

from .. import checks
from . import exercise

TOTAL_BOOKED = 130  # the sum of the booked column of practice_clinics.csv


@exercise("m00-total")
def total(total_attended: Any) -> None:
    checks.given(total_attended, "total_attended")
    assert isinstance(total_attended, numbers.Integral), (
        f"total_attended should be a whole number, not a {checks.kind_name(total_attended)}: "
        "add up the attended column with .sum()."
    )
    assert total_attended != TOTAL_BOOKED, (
        "total_attended is the total of the booked column: add up the attended column instead."
    )


@exercise("m00-pct")
def pct(overall_attendance_pct: Any) -> None:
    checks.given(overall_attendance_pct, "overall_attendance_pct")
    value = overall_attendance_pct
    assert isinstance(value, numbers.Real), (
        f"overall_attendance_pct should be a number, not a {checks.kind_name(value)}."
    )
    assert 1 < value <= 100, (
        f"overall_attendance_pct is {value}: a percentage of the booked appointments must be "
        "between 1 and 100. Did you multiply by 100?"
    )
    assert abs(value * 10 - round(value * 10)) < 1e-6, (
        f"overall_attendance_pct is {value}: round it to 1 decimal place with round(..., 1)."
    )


@exercise("m00-busy")
def busy(busy_sessions: Any) -> None:
    checks.given(busy_sessions, "busy_sessions")
    checks.has_column(busy_sessions, "booked", "busy_sessions")
    assert (busy_sessions["booked"] >= 15).all(), (
        "Every row of busy_sessions should have 15 or more appointments booked: check the "
        "condition inside the square brackets."
    )


@exercise("m00-ranked")
def ranked(sessions_ranked: Any) -> None:
    checks.given(sessions_ranked, "sessions_ranked")
    checks.has_column(sessions_ranked, "attended", "sessions_ranked")
    assert len(sessions_ranked) == 10, (
        f"sessions_ranked has {len(sessions_ranked)} rows but should keep all 10 sessions: "
        "sort the whole clinics table."
    )
    assert sessions_ranked["attended"].iloc[0] == sessions_ranked["attended"].max(), (
        "sessions_ranked should start with the session where most people attended: sort by "
        "attended with ascending=False."
    )


@exercise("m00-sites")
def sites(sessions_per_site: Any) -> None:
    checks.given(sessions_per_site, "sessions_per_site")
    assert isinstance(sessions_per_site, (pd.Series, dict)), (
        "sessions_per_site should be the counts from value_counts(), not a "
        f"{checks.kind_name(sessions_per_site)}: pick the site column first, then count."
    )
    site_counts = dict(sessions_per_site.items())
    assert sum(site_counts.values()) == 10, (
        f"The counts in sessions_per_site add up to {sum(site_counts.values())}, but there are "
        "10 sessions: count the site column of the whole clinics table."
    )

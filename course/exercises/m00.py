"""Module 0, start here: visible tests of the five data tasks."""

from __future__ import annotations

import numbers
from typing import Any

import pandas as pd

from .. import checks
from . import exercise

TOTAL_BOOKED = 130  # the sum of the booked column of practice_clinics.csv
SESSIONS = [f"S{n:02d}" for n in range(1, 11)]  # the session_ids, in the order of the file
COLUMNS = ["session_id", "clinic", "site", "day", "booked", "attended"]
SITES = {"Hilltop Surgery", "Community Hospital", "Riverside Health Centre"}
BUSY_SESSIONS = 5  # sessions with 15 or more booked
# The mean of the ten sessions' own percentages, rounded: a mistake the task warns about.
MEAN_OF_SESSION_PCTS = (84.5, 84.6)  # with each session's percentage unrounded, or rounded
MOST_ATTENDED = "S06"  # the session where most people came
OVERALL_ATTENDANCE_PCT = 83.8  # 100 x 109 / 130, rounded to 1 place
TOTAL_ATTENDED = 109  # the sum of the attended column of practice_clinics.csv


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
    assert total_attended != len(SESSIONS), (
        "total_attended is the number of sessions, not the number of people who came: add up "
        "the attended column with .sum() (not .count() or len)."
    )
    assert 0 < total_attended < TOTAL_BOOKED, (
        f"total_attended is {total_attended}, but it must be more than 0 and fewer than the "
        f"{TOTAL_BOOKED} appointments booked: add up the attended column of the whole table."
    )
    assert total_attended == TOTAL_ATTENDED, (
        f"total_attended is {total_attended}, which is not the total of the attended column: "
        "add up every value in the attended column of the whole clinics table with .sum()."
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
    assert not any(checks.same(float(value), m) for m in MEAN_OF_SESSION_PCTS), (
        "overall_attendance_pct looks like the average of the ten sessions' own percentages: "
        "divide the total attended by the total booked instead, then multiply by 100."
    )
    assert checks.same(float(value), OVERALL_ATTENDANCE_PCT), (
        f"overall_attendance_pct is {value}, which is not right: divide total_attended by "
        "total_booked, multiply by 100 and round to 1 decimal place."
    )


@exercise("m00-busy")
def busy(busy_sessions: Any) -> None:
    checks.given(busy_sessions, "busy_sessions")
    checks.has_columns(busy_sessions, COLUMNS, "busy_sessions")
    assert (busy_sessions["booked"] >= 15).all(), (
        "Every row of busy_sessions should have 15 or more appointments booked: check the "
        "condition inside the square brackets."
    )
    ids = list(busy_sessions["session_id"])
    assert len(ids) == len(set(ids)), (
        "busy_sessions has a session more than once: filter the clinics table once."
    )
    assert (busy_sessions["booked"] == 15).any(), (
        "busy_sessions leaves out the sessions with exactly 15 booked: use >= 15, so that 15 "
        "itself is kept."
    )
    assert len(ids) >= BUSY_SESSIONS, (
        "busy_sessions leaves out some sessions with 15 or more booked: filter the whole clinics "
        "table, with clinics[clinics['booked'] >= 15]."
    )
    assert ids == sorted(ids, key=SESSIONS.index), (
        "busy_sessions is not in the order of the file: keep the rows in the order they come "
        "in, and do not sort them."
    )


@exercise("m00-ranked")
def ranked(sessions_ranked: Any) -> None:
    checks.given(sessions_ranked, "sessions_ranked")
    checks.has_columns(sessions_ranked, COLUMNS, "sessions_ranked")
    assert len(sessions_ranked) == 10, (
        f"sessions_ranked has {len(sessions_ranked)} rows but should keep all 10 sessions: "
        "sort the whole clinics table."
    )
    checks.one_row_each(sessions_ranked, "session_id", SESSIONS, "sessions_ranked")
    assert sessions_ranked["attended"].iloc[0] == sessions_ranked["attended"].max(), (
        "sessions_ranked should start with the session where most people attended: sort by "
        "attended with ascending=False."
    )
    checks.in_order(
        sessions_ranked,
        [("attended", False), ("session_id", True)],
        "sessions_ranked",
        "sort by attended (highest first) and break ties by session_id (lowest first), as in "
        "worked example 4",
        label="session_id",
    )
    assert list(sessions_ranked["session_id"])[:1] == [MOST_ATTENDED], (
        "sessions_ranked does not start with the session where most people came: sort the "
        "whole clinics table by attended, highest first."
    )


@exercise("m00-sites")
def sites(sessions_per_site: Any) -> None:
    checks.given(sessions_per_site, "sessions_per_site")
    assert isinstance(sessions_per_site, (pd.Series, dict)), (
        "sessions_per_site should be the counts from value_counts(), not a "
        f"{checks.kind_name(sessions_per_site)}: pick the site column first, then count."
    )
    site_counts = dict(sessions_per_site.items())
    assert set(site_counts) == SITES, (
        "sessions_per_site should have one count for each of the three sites: count the site "
        "column (not clinic or day)."
    )
    assert sum(site_counts.values()) == 10, (
        f"The counts in sessions_per_site add up to {sum(site_counts.values())}, but there are "
        "10 sessions: count the site column of the whole clinics table."
    )

"""Module 5, staying the course: visible tests of the four data tasks."""

from __future__ import annotations

import numbers
from typing import Any

from .. import checks
from . import exercise

COMPLETED = [  # the row_ids of programmes.csv whose status is 'completed'
    "R01",
    "R02",
    "R03",
    "R04",
    "R05",
    "R07",
    "R08",
    "R10",
    "R13",
    "R14",
    "R18",
    "R19",
    "R20",
]
COLUMNS = [
    "row_id",
    "programme",
    "site",
    "site_order",
    "planned_months",
    "actual_months",
    "goal_changed",
    "method_changed",
    "status",
]
BOTH_SITES_DONE = 5  # programmes whose first and second sites are both completed
# Answers that come from two mistakes the task warns about (they are not the right answers):
WITH_RUNNING_SITES = {"abandon_pct_goal_changed": 60.0, "abandon_pct_method_only": 14.3}
METHOD_CHANGED_AT_ALL = 28.6  # counts a site that changed both goal and method twice
GOAL_CHANGED_ABANDONED = 75.0  # finished sites that changed their goal


@exercise("m05-overrun")
def overrun(completed_sites: Any) -> None:
    checks.given(completed_sites, "completed_sites")
    checks.has_column(completed_sites, "overrun_pct", "completed_sites")
    checks.has_columns(completed_sites, COLUMNS, "completed_sites")
    assert (completed_sites["status"] == "completed").all(), (
        "completed_sites holds rows whose status is not 'completed': keep only the completed rows."
    )
    assert len(completed_sites) == 13, (
        f"completed_sites should have 13 rows, one for each completed site, not "
        f"{len(completed_sites)}: keep only rows whose status is 'completed'."
    )
    checks.one_row_each(completed_sites, "row_id", COMPLETED, "completed_sites")
    r02 = completed_sites.loc[completed_sites["row_id"] == "R02", "overrun_pct"]
    assert len(r02) == 1 and checks.same(r02.iloc[0], 150.0), (
        "overrun_pct for R02 should be 150.0: use 100 * (actual_months - planned_months) / "
        "planned_months, rounded to 1 decimal place."
    )
    checks.rounded(completed_sites["overrun_pct"], 1, "The overrun_pct column")


@exercise("m05-speedup")
def speedup(speedup_by_programme: Any) -> None:
    checks.given(speedup_by_programme, "speedup_by_programme")
    assert isinstance(speedup_by_programme, dict), (
        f"speedup_by_programme should be a dictionary, not a "
        f"{checks.kind_name(speedup_by_programme)}: finish with .to_dict()."
    )
    assert "UCLPartners spread programme" in speedup_by_programme, (
        "speedup_by_programme should include 'UCLPartners spread programme', whose first and "
        "second sites are both completed."
    )
    checks.are_numbers(speedup_by_programme, "speedup_by_programme")
    checks.no_gaps(
        speedup_by_programme,
        "speedup_by_programme",
        "leave out programmes whose first or second site is not completed (drop the rows with "
        "a blank before you divide).",
    )
    assert checks.same(speedup_by_programme["UCLPartners spread programme"], 5.0), (
        "The UCLPartners speed-up should be 5.0 (30 months / 6 months): divide the first site's "
        "actual_months by the second site's."
    )
    checks.rounded(speedup_by_programme, 2, "speedup_by_programme")
    assert len(speedup_by_programme) <= BOTH_SITES_DONE, (
        "speedup_by_programme includes a programme it should not: keep only programmes whose "
        "first and second sites are both completed."
    )
    assert len(speedup_by_programme) == BOTH_SITES_DONE, (
        "speedup_by_programme leaves out a programme whose first and second sites are both "
        "completed: work from every completed row of programmes."
    )


@exercise("m05-abandon")
def abandon(abandon_pct_goal_changed: Any, abandon_pct_method_only: Any) -> None:
    checks.given(abandon_pct_goal_changed, "abandon_pct_goal_changed")
    checks.given(abandon_pct_method_only, "abandon_pct_method_only")
    for name, value in [
        ("abandon_pct_goal_changed", abandon_pct_goal_changed),
        ("abandon_pct_method_only", abandon_pct_method_only),
    ]:
        assert isinstance(value, numbers.Real), (
            f"{name} should be a single number, not a {checks.kind_name(value)}: take the mean "
            "or divide two counts."
        )
        assert 0 <= value <= 100, (
            f"{name} should be a percentage between 0 and 100, not {value}: multiply the share "
            "by 100."
        )
        assert not 0 < value < 1, (
            f"{name} is {value}, which looks like a fraction: multiply it by 100 to make a "
            "percentage."
        )
        checks.rounded(value, 1, name)
        assert not checks.same(float(value), WITH_RUNNING_SITES[name]), (
            f"{name} counts running sites too: keep only the finished sites (status "
            "'completed' or 'abandoned') before you work out the percentage."
        )
    assert not checks.same(float(abandon_pct_method_only), METHOD_CHANGED_AT_ALL), (
        "abandon_pct_method_only includes sites that changed their goal as well: keep only "
        "sites where method_changed is True and goal_changed is False."
    )
    assert checks.same(float(abandon_pct_goal_changed), GOAL_CHANGED_ABANDONED), (
        f"abandon_pct_goal_changed is {abandon_pct_goal_changed}, which is not right: of the "
        "finished sites whose goal_changed is True, take the percentage that were abandoned."
    )


@exercise("m05-median")
def median(median_overrun_pct: Any, completed_sites: Any) -> None:
    checks.given(median_overrun_pct, "median_overrun_pct")
    assert isinstance(median_overrun_pct, numbers.Real), (
        f"median_overrun_pct should be a single number, not a "
        f"{checks.kind_name(median_overrun_pct)}: use .median() on the overrun_pct column."
    )
    checks.rounded(median_overrun_pct, 1, "median_overrun_pct")
    try:
        overrun(completed_sites)
    except AssertionError as exc:
        raise AssertionError(
            f"median_overrun_pct comes from completed_sites, so fix task 1 first: {exc}"
        ) from None
    middle = round(float(completed_sites["overrun_pct"].median()), 1)
    assert checks.same(float(median_overrun_pct), middle), (
        "median_overrun_pct should be the median (the middle value, not the mean) of the "
        "overrun_pct column of completed_sites, rounded to 1 decimal place."
    )

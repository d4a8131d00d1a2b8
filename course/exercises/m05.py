"""Module 5, staying the course: visible tests of the four data tasks."""

from __future__ import annotations

import numbers
from typing import Any

from .. import checks
from . import exercise


@exercise("m05-overrun")
def overrun(completed_sites: Any) -> None:
    checks.given(completed_sites, "completed_sites")
    checks.has_column(completed_sites, "overrun_pct", "completed_sites")
    assert len(completed_sites) == 13, (
        f"completed_sites should have 13 rows, one for each completed site, not "
        f"{len(completed_sites)}: keep only rows whose status is 'completed'."
    )
    r02 = completed_sites.loc[completed_sites["row_id"] == "R02", "overrun_pct"]
    assert len(r02) == 1 and checks.same(r02.iloc[0], 150.0), (
        "overrun_pct for R02 should be 150.0: use 100 * (actual_months - planned_months) / "
        "planned_months, rounded to 1 decimal place."
    )


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
    assert checks.same(speedup_by_programme["UCLPartners spread programme"], 5.0), (
        "The UCLPartners speed-up should be 5.0 (30 months / 6 months): divide the first site's "
        "actual_months by the second site's."
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


@exercise("m05-median")
def median(median_overrun_pct: Any) -> None:
    checks.given(median_overrun_pct, "median_overrun_pct")
    assert isinstance(median_overrun_pct, numbers.Real), (
        f"median_overrun_pct should be a single number, not a "
        f"{checks.kind_name(median_overrun_pct)}: use .median() on the overrun_pct column."
    )

"""Module 7, system architecture: visible tests of the six data tasks."""

from __future__ import annotations

from typing import Any

import pandas as pd

from .. import checks
from . import exercise

CORE_STEPS = [f"A{n:02d}" for n in range(1, 17) if n != 15]  # every step but judicial review
CORE_WEEKS = 130  # Carnall's figure, which the task text gives
JR_WEEKS = 149  # the minimum length with judicial review included
CORE_PATH = ["A01", "A03", "A05", "A06", "A07", "A08", "A09", "A11", "A13", "A16"]
CCG_WEEKS = 83  # the commissioners' weeks on the critical path, as the generator built it


@exercise("m07-core")
def core(core_steps: Any) -> None:
    checks.given(core_steps, "core_steps")
    checks.has_columns(core_steps, ["step_id", "optional", "duration_weeks"], "core_steps")
    ids = list(core_steps["step_id"])
    assert "A15" not in ids, (
        "core_steps still holds A15, judicial review: keep the rows where optional is False, "
        'with ~ in front of steps["optional"].'
    )
    assert ids == CORE_STEPS, (
        f"core_steps has {len(ids)} rows, but it should hold the 15 steps that are not optional "
        "(every step but A15), in the order of the file: keep the rows with "
        'steps[~steps["optional"]] and do not sort them.'
    )


@exercise("m07-weeks")
def weeks(core_weeks: Any, core_years: Any) -> None:
    checks.is_number(
        core_weeks, "core_weeks", "take the largest value in the finish_week column with .max()"
    )
    checks.is_number(core_years, "core_years", "divide core_weeks by 52 and round it")
    assert core_weeks != JR_WEEKS, (
        f"core_weeks is {JR_WEEKS}, the length with judicial review: work out the finish weeks "
        "of core_steps, not of steps."
    )
    assert core_weeks == CORE_WEEKS, (
        f"core_weeks should be 130 (two and a half years), not {core_weeks}: take the largest "
        "value in the finish_week column of planning.earliest_finish(core_steps), with .max()."
    )
    checks.rounded(core_years, 2, "core_years")
    assert checks.same(float(core_years), 2.5), (
        f"core_years should be core_weeks divided by 52, rounded to 2 decimal places, not "
        f"{core_years}."
    )


@exercise("m07-jr-weeks")
def judicial_review_weeks(jr_weeks: Any, jr_extra_weeks: Any) -> None:
    checks.is_number(
        jr_weeks, "jr_weeks", "take the largest value in the finish_week column with .max()"
    )
    checks.is_number(jr_extra_weeks, "jr_extra_weeks", "subtract core_weeks from jr_weeks")
    assert jr_weeks > CORE_WEEKS, (
        f"jr_weeks is {jr_weeks}, but with judicial review the change must take longer than "
        "130 weeks: work out the finish weeks of steps (all 16 rows), not of core_steps."
    )
    assert jr_weeks == JR_WEEKS, (
        f"jr_weeks is {jr_weeks}, which is not right: take the largest finish_week of "
        "planning.earliest_finish(steps), with all 16 steps."
    )
    assert jr_extra_weeks != JR_WEEKS, (
        "jr_extra_weeks should be the extra time only: jr_weeks minus core_weeks."
    )
    assert jr_extra_weeks == 19, (
        f"jr_extra_weeks should be jr_weeks minus core_weeks, 149 - 130, not {jr_extra_weeks}."
    )


@exercise("m07-path")
def path(on_path: Any) -> None:
    checks.given(on_path, "on_path")
    checks.has_columns(on_path, ["step_id", "body", "duration_weeks"], "on_path")
    ids = list(on_path["step_id"])
    assert "A15" not in ids, (
        "on_path holds A15, judicial review: find the critical path of core_steps, not of steps."
    )
    assert ids[:1] == ["A01"] and ids[-1:] == ["A16"], (
        "on_path should run from A01 (the case for change) to A16 (the go-ahead), in the order "
        "of the file: keep the rows of core_steps whose step_id is in core_path, with .isin()."
    )
    assert ids == CORE_PATH, (
        f"on_path has {len(ids)} rows, but it should hold the 10 steps of the critical path: "
        "set core_path = planning.critical_path(core_steps), then keep the rows of core_steps "
        "whose step_id .isin(core_path)."
    )


@exercise("m07-by-body")
def by_body(weeks_by_body: Any) -> None:
    checks.given(weeks_by_body, "weeks_by_body")
    assert isinstance(weeks_by_body, pd.Series), (
        "weeks_by_body should be the result of a groupby, one number for each body, not a "
        f"{checks.kind_name(weeks_by_body)}: "
        'on_path.groupby("body")["duration_weeks"].sum().'
    )
    totals = {str(body): weeks for body, weeks in weeks_by_body.items()}
    assert "CCG" in totals, (
        "weeks_by_body should have one number for each body, with the bodies as its labels: "
        'group on_path by "body".'
    )
    assert sum(totals.values()) == CORE_WEEKS, (
        f"The weeks in weeks_by_body add up to {sum(totals.values())}, but the critical path "
        "is 130 weeks long: group on_path (the steps on the path), not every step, and add up "
        "duration_weeks with .sum()."
    )
    assert checks.same(totals["CCG"], CCG_WEEKS), (
        f"weeks_by_body for CCG should be {CCG_WEEKS}, not {totals['CCG']}: add up "
        "duration_weeks with .sum()."
    )


@exercise("m07-largest")
def largest(largest_body: Any, largest_share_pct: Any, weeks_by_body: Any) -> None:
    checks.given(largest_body, "largest_body")
    checks.is_number(
        largest_share_pct,
        "largest_share_pct",
        "divide the largest value in weeks_by_body by core_weeks, times 100",
    )
    checks.after("5", "largest_body", lambda: by_body(weeks_by_body))
    assert largest_body == "CCG", (
        f"largest_body should be the body with the most weeks on the path, not {largest_body!r}: "
        "use weeks_by_body.idxmax(), which gives the label of the largest value."
    )
    checks.rounded(largest_share_pct, 1, "largest_share_pct")
    assert checks.same(float(largest_share_pct), 63.8), (
        f"largest_share_pct should be 100 times the largest value in weeks_by_body divided by "
        f"core_weeks (130), rounded to 1 decimal place, not {largest_share_pct}."
    )

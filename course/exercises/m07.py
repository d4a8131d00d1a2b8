"""Module 7, system architecture: visible tests of the six data tasks."""

from __future__ import annotations

from typing import Any

from .. import checks
from . import exercise


@exercise("m07-finish")
def finish(core_finish: Any) -> None:
    checks.given(core_finish, "core_finish")
    assert isinstance(core_finish, dict), (
        f"core_finish should be a dictionary, not a {checks.kind_name(core_finish)}: build it as "
        "{step_id: earliest finish}."
    )
    assert "A15" not in core_finish, (
        "core_finish includes A15 (judicial review): leave out the optional step."
    )
    assert core_finish.get("A01") == 26, (
        "core_finish['A01'] should be 26, the duration of a step with no predecessors, not "
        f"{core_finish.get('A01')}."
    )


@exercise("m07-weeks")
def weeks(core_weeks: Any, core_years: Any) -> None:
    checks.given(core_weeks, "core_weeks")
    checks.given(core_years, "core_years")
    assert core_weeks == 130, (
        f"core_weeks should be 130 (two and a half years), not {core_weeks}: take the largest "
        "value in core_finish."
    )


@exercise("m07-path")
def path(core_critical_path: Any) -> None:
    checks.given(core_critical_path, "core_critical_path")
    assert isinstance(core_critical_path, list), (
        "core_critical_path should be a list, not a "
        f"{checks.kind_name(core_critical_path)}: wrap your answer in list(...)."
    )
    assert core_critical_path[:1] == ["A01"] and core_critical_path[-1:] == ["A16"], (
        "core_critical_path should start with A01 (the first step) and end with A16 (the "
        "go-ahead): list it in time order."
    )
    assert "A15" not in core_critical_path, (
        "core_critical_path includes A15, judicial review: leave out the optional step."
    )


@exercise("m07-jr-weeks")
def judicial_review_weeks(jr_weeks: Any, jr_delay_years: Any) -> None:
    checks.given(jr_weeks, "jr_weeks")
    checks.given(jr_delay_years, "jr_delay_years")
    assert jr_weeks > 130, (
        f"jr_weeks is {jr_weeks}, but with judicial review the change must take longer than "
        "130 weeks: include all 16 steps."
    )


@exercise("m07-jr-path")
def judicial_review_path(jr_critical_path: Any) -> None:
    checks.given(jr_critical_path, "jr_critical_path")
    assert isinstance(jr_critical_path, list), (
        "jr_critical_path should be a list, not a "
        f"{checks.kind_name(jr_critical_path)}: wrap your answer in list(...)."
    )
    assert "A15" in jr_critical_path, (
        "jr_critical_path should include A15: with judicial review in the data, the longest "
        "chain runs through the court."
    )


@exercise("m07-by-body")
def by_body(critical_path_by_body: Any) -> None:
    checks.given(critical_path_by_body, "critical_path_by_body")
    assert isinstance(critical_path_by_body, dict), (
        "critical_path_by_body should be a dictionary, not a "
        f"{checks.kind_name(critical_path_by_body)}: map each body to (number_of_steps, "
        "total_weeks)."
    )
    assert all(len(v) == 2 for v in critical_path_by_body.values()), (
        "Each value in critical_path_by_body should be a pair: (number_of_steps, total_weeks)."
    )
    assert sum(v[1] for v in critical_path_by_body.values()) == 130, (
        "The total_weeks in critical_path_by_body should add up to 130, the length of the "
        "critical path: count only steps on core_critical_path."
    )

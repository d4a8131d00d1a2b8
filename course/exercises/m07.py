"""Module 7, system architecture: visible tests of the six data tasks."""

from __future__ import annotations

import numbers
from typing import Any

from .. import checks
from . import exercise

CORE_STEPS = [f"A{n:02d}" for n in range(1, 17) if n != 15]  # every step but judicial review
CORE_WEEKS = 130  # Carnall's figure, which the task text gives
JR_WEEKS = 149  # the minimum length with judicial review included


def _waits_for(steps: Any, keep: set[str] | None = None) -> dict[str, list[str]]:
    """Each step's predecessors in ``steps``, leaving out any not in ``keep``."""
    checks.has_columns(steps, ["step_id", "predecessors", "duration_weeks"], "steps")
    found = {}
    for step, before in zip(steps["step_id"], steps["predecessors"], strict=True):
        if keep is None or step in keep:
            ids = [p for p in str(before or "").split(";") if p]
            found[step] = [p for p in ids if keep is None or p in keep]
    return found


def _finishes(steps: Any) -> dict[str, int]:
    """The earliest finish of every step in ``steps`` (the data table), in weeks."""
    before = _waits_for(steps)
    done: dict[str, int] = {}
    for step, weeks in zip(steps["step_id"], steps["duration_weeks"], strict=True):
        done[step] = int(weeks) + max((done[p] for p in before[step] if p in done), default=0)
    return done


def _traces_back(path: list[Any], name: str, before: dict[str, list[str]], done: Any) -> None:
    """Fail unless ``path`` steps back from the last step to the latest-finishing predecessor."""
    unknown = [s for s in path if s not in before]
    assert not unknown, f"{name} holds {unknown[0]!r}, which is not one of the steps it should use."
    assert len(path) == len(set(path)), f"{name} holds a step more than once."
    for earlier, later in zip(path, path[1:], strict=False):
        assert earlier in before[later], (
            f"In {name}, {later} does not wait for {earlier}: after each step, the path should "
            "step back to one of the steps it waits for (its predecessors), and list them in "
            "time order."
        )
        latest = max(sorted(before[later]), key=lambda s: done[s])
        assert earlier == latest, (
            f"In {name}, the step before {later} should be the predecessor of {later} that "
            "finishes latest (if two finish together, the lower step_id)."
        )
    assert not before[path[0]], (
        f"{name} should go back to a step with no predecessors: keep stepping back until "
        "there are none."
    )


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
    missing = [s for s in CORE_STEPS if s not in core_finish]
    assert not missing, (
        f"core_finish has no entry for {missing[0]}: it should have one for each of the 15 "
        "non-optional steps."
    )
    assert len(core_finish) == len(CORE_STEPS), (
        "core_finish should have one entry for each of the 15 non-optional steps, and no others."
    )
    assert core_finish.get("A01") == 26, (
        "core_finish['A01'] should be 26, the duration of a step with no predecessors, not "
        f"{core_finish.get('A01')}."
    )
    checks.rounded(core_finish, 0, "core_finish")
    assert core_finish["A16"] <= CORE_WEEKS, (
        "core_finish['A16'] is too late: A16 lists A15 (judicial review) as a predecessor, so "
        "skip A15 when you split A16's predecessors, as it is not one of the steps you kept."
    )


@exercise("m07-weeks")
def weeks(core_weeks: Any, core_years: Any) -> None:
    checks.given(core_weeks, "core_weeks")
    checks.given(core_years, "core_years")
    assert core_weeks == CORE_WEEKS, (
        f"core_weeks should be 130 (two and a half years), not {core_weeks}: take the largest "
        "value in core_finish."
    )
    assert isinstance(core_years, numbers.Real), (
        f"core_years should be a single number, not a {checks.kind_name(core_years)}."
    )
    checks.rounded(core_years, 2, "core_years")
    assert checks.same(float(core_years), round(core_weeks / 52, 2)), (
        "core_years should be core_weeks divided by 52, rounded to 2 decimal places."
    )


@exercise("m07-path")
def path(core_critical_path: Any, core_finish: Any, steps: Any) -> None:
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
    try:
        finish(core_finish)
    except AssertionError as exc:
        raise AssertionError(
            f"core_critical_path is traced back through core_finish, so fix task 1 first: {exc}"
        ) from None
    before = _waits_for(steps, set(CORE_STEPS))
    _traces_back(core_critical_path, "core_critical_path", before, core_finish)


@exercise("m07-jr-weeks")
def judicial_review_weeks(jr_weeks: Any, jr_delay_years: Any) -> None:
    checks.given(jr_weeks, "jr_weeks")
    checks.given(jr_delay_years, "jr_delay_years")
    assert jr_weeks > CORE_WEEKS, (
        f"jr_weeks is {jr_weeks}, but with judicial review the change must take longer than "
        "130 weeks: include all 16 steps."
    )
    checks.rounded(jr_weeks, 0, "jr_weeks")
    assert isinstance(jr_delay_years, numbers.Real), (
        f"jr_delay_years should be a single number, not a {checks.kind_name(jr_delay_years)}."
    )
    checks.rounded(jr_delay_years, 2, "jr_delay_years")
    assert checks.same(float(jr_delay_years), round((jr_weeks - CORE_WEEKS) / 52, 2)), (
        "jr_delay_years should be the extra time only, (jr_weeks - core_weeks) / 52, rounded to "
        "2 decimal places."
    )
    assert jr_weeks == JR_WEEKS, (
        f"jr_weeks is {jr_weeks}, which is not right: work out the earliest finish of every "
        "step, judicial review (A15) included, and take the largest."
    )


@exercise("m07-jr-path")
def judicial_review_path(jr_critical_path: Any, steps: Any) -> None:
    checks.given(jr_critical_path, "jr_critical_path")
    assert isinstance(jr_critical_path, list), (
        "jr_critical_path should be a list, not a "
        f"{checks.kind_name(jr_critical_path)}: wrap your answer in list(...)."
    )
    assert "A15" in jr_critical_path, (
        "jr_critical_path should include A15: with judicial review in the data, the longest "
        "chain runs through the court."
    )
    assert jr_critical_path[:1] == ["A01"] and jr_critical_path[-1:] == ["A16"], (
        "jr_critical_path should start with A01 (the first step) and end with A16 (the "
        "go-ahead): list it in time order."
    )
    _traces_back(jr_critical_path, "jr_critical_path", _waits_for(steps), _finishes(steps))


@exercise("m07-by-body")
def by_body(
    critical_path_by_body: Any, core_critical_path: Any, core_finish: Any, steps: Any
) -> None:
    checks.given(critical_path_by_body, "critical_path_by_body")
    assert isinstance(critical_path_by_body, dict), (
        "critical_path_by_body should be a dictionary, not a "
        f"{checks.kind_name(critical_path_by_body)}: map each body to (number_of_steps, "
        "total_weeks)."
    )
    assert all(
        isinstance(v, (list, tuple)) and len(v) == 2 for v in critical_path_by_body.values()
    ), "Each value in critical_path_by_body should be a pair: (number_of_steps, total_weeks)."
    assert sum(v[1] for v in critical_path_by_body.values()) == CORE_WEEKS, (
        "The total_weeks in critical_path_by_body should add up to 130, the length of the "
        "critical path: count only steps on core_critical_path."
    )
    try:
        path(core_critical_path, core_finish, steps)
    except AssertionError as exc:
        raise AssertionError(
            f"critical_path_by_body uses core_critical_path, so fix task 3 first: {exc}"
        ) from None
    checks.has_column(steps, "body", "steps")
    expected: dict[str, tuple[int, int]] = {}
    for step, body, weeks in zip(
        steps["step_id"], steps["body"], steps["duration_weeks"], strict=True
    ):
        if step in core_critical_path:
            count, total = expected.get(body, (0, 0))
            expected[body] = (count + 1, total + int(weeks))
    extra = [b for b in critical_path_by_body if b not in expected]
    assert not extra, (
        f"critical_path_by_body has an entry for {extra[0]!r}, which has no step on "
        "core_critical_path: leave out bodies with no steps on the path."
    )
    assert len(critical_path_by_body) == len(expected), (
        "critical_path_by_body leaves out a body with a step on core_critical_path: include "
        "every body that runs at least one of its steps."
    )
    wrong = [b for b in expected if tuple(int(x) for x in critical_path_by_body[b]) != expected[b]]
    assert not wrong, (
        f"critical_path_by_body is wrong for {wrong[0]!r}: count its steps on "
        "core_critical_path and add up their duration_weeks."
    )

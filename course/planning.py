"""The critical path of a list of steps: module 7's helper, called from the notebook.

``from course import planning`` gives two functions for a table of steps with the columns
``step_id``, ``duration_weeks`` and ``predecessors`` (the step_ids that must finish first,
separated by ``;``, blank if none), each step listed after its predecessors:

- ``planning.earliest_finish(steps)``: the table with a ``finish_week`` column, the earliest
  week each step can finish (its duration added to the latest finish among its predecessors);
- ``planning.critical_path(steps)``: the step_ids of the chain that sets the whole length,
  first step first.

A predecessor that is not in the table (a step left out, such as an optional one) is ignored,
so keeping fewer rows gives the timetable without them. Where two predecessors finish in the
same week, the path goes back through the lower step_id.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

COLUMNS = ("step_id", "duration_weeks", "predecessors")


def _waits_for(steps: pd.DataFrame) -> dict[str, list[str]]:
    """Each step's predecessors that are in ``steps``, after checking the table's shape."""
    if not isinstance(steps, pd.DataFrame):
        raise TypeError(f"planning needs a table of steps, not a {type(steps).__name__}.")
    missing = [c for c in COLUMNS if c not in steps.columns]
    if missing:
        raise KeyError(f"The table of steps has no {missing[0]!r} column.")
    ids = [str(s) for s in steps["step_id"]]
    known = set(ids)
    found: dict[str, list[str]] = {}
    for step, before in zip(ids, steps["predecessors"], strict=True):
        text = before if isinstance(before, str) else ""
        found[step] = [p for p in text.split(";") if p in known]
        late = [p for p in found[step] if p not in found]
        if late:
            raise ValueError(f"{step} is listed before {late[0]}, which it waits for.")
    return found


def _finishes(steps: pd.DataFrame) -> dict[str, int]:
    before = _waits_for(steps)
    done: dict[str, int] = {}
    for step, weeks in zip(before, steps["duration_weeks"], strict=True):
        done[step] = int(weeks) + max((done[p] for p in before[step]), default=0)
    return done


def earliest_finish(steps: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``steps`` with a ``finish_week`` column: the earliest week each step can finish.

    A step can start when the last of its predecessors in ``steps`` has finished (or in week 0
    if it has none), and finishes ``duration_weeks`` later.
    """
    done = _finishes(steps)
    return steps.assign(finish_week=[done[str(s)] for s in steps["step_id"]])


def critical_path(steps: pd.DataFrame) -> list[str]:
    """The step_ids on the critical path of ``steps``, first step first.

    Start from the step that finishes last, step back each time to the predecessor that
    finishes latest (the one it was waiting for), and stop at a step with no predecessors.
    """
    before = _waits_for(steps)
    done = _finishes(steps)
    if not done:
        return []
    path = [_latest(list(done), done)]
    while before[path[0]]:
        path.insert(0, _latest(before[path[0]], done))
    return path


def _latest(ids: list[str], done: dict[str, Any]) -> str:
    """The id in ``ids`` that finishes last; the lower id where two finish together."""
    return max(sorted(ids), key=lambda s: done[s])

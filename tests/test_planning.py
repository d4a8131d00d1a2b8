"""course.planning: the earliest finish of each step and the critical path that module 7 uses."""

from __future__ import annotations

import pandas as pd
import pytest

from conftest import REPO
from course import planning

# The notebook's worked example: moving a stroke rehabilitation ward.
WARD = pd.DataFrame(
    {
        "step_id": ["W1", "W2", "W3", "W4", "W5"],
        "duration_weeks": [4, 6, 10, 3, 2],
        "predecessors": ["", "W1", "W1", "W2", "W3;W4"],
    }
)


def module_steps() -> pd.DataFrame:
    path = REPO / "source" / "m07_system_architecture" / "assurance_steps.csv"
    return pd.read_csv(path, keep_default_na=False)


def test_each_step_finishes_its_duration_after_its_latest_predecessor() -> None:
    finished = planning.earliest_finish(WARD)
    assert list(finished["finish_week"]) == [4, 10, 14, 13, 16]
    assert list(finished.columns) == [*WARD.columns, "finish_week"]
    assert "finish_week" not in WARD.columns  # the learner's table is left as it was


def test_the_critical_path_steps_back_to_the_latest_predecessor() -> None:
    assert planning.critical_path(WARD) == ["W1", "W3", "W5"]


def test_a_shorter_step_can_move_the_critical_path() -> None:
    quicker = WARD.assign(duration_weeks=[4, 6, 8, 3, 2])
    assert planning.earliest_finish(quicker)["finish_week"].max() == 15
    assert planning.critical_path(quicker) == ["W1", "W2", "W4", "W5"]


def test_a_step_left_out_is_ignored_where_others_wait_for_it() -> None:
    without_w4 = WARD[WARD["step_id"] != "W4"]
    assert list(planning.earliest_finish(without_w4)["finish_week"]) == [4, 10, 14, 16]
    assert planning.critical_path(without_w4) == ["W1", "W3", "W5"]


def test_a_tie_goes_back_through_the_lower_step_id() -> None:
    tied = WARD.assign(duration_weeks=[4, 6, 9, 3, 2])  # W3 and W4 both finish in week 13
    assert planning.critical_path(tied) == ["W1", "W3", "W5"]
    assert planning.critical_path(tied.iloc[[0, 2, 1, 3, 4]]) == ["W1", "W3", "W5"]


def test_a_blank_read_as_nan_counts_as_no_predecessors() -> None:
    with_nan = WARD.assign(predecessors=[float("nan"), "W1", "W1", "W2", "W3;W4"])
    assert planning.earliest_finish(with_nan)["finish_week"].iloc[0] == 4


def test_the_module_data_give_carnalls_two_and_a_half_years_without_judicial_review() -> None:
    steps = module_steps()
    core = steps[~steps["optional"]]
    assert planning.earliest_finish(core)["finish_week"].max() == 130
    assert planning.earliest_finish(steps)["finish_week"].max() == 149
    assert planning.critical_path(core) == [
        *("A01", "A03", "A05", "A06", "A07", "A08", "A09", "A11", "A13", "A16")
    ]
    assert planning.critical_path(steps)[-3:] == ["A12", "A15", "A16"]


def test_a_step_listed_before_its_predecessor_is_refused_in_a_sentence() -> None:
    with pytest.raises(ValueError, match="W2 is listed before W4, which it waits for"):
        planning.earliest_finish(WARD.assign(predecessors=["", "W4", "W1", "W2", "W3"]))


def test_a_table_without_the_columns_is_refused_in_a_sentence() -> None:
    with pytest.raises(KeyError, match="no 'predecessors' column"):
        planning.critical_path(WARD.drop(columns="predecessors"))
    with pytest.raises(TypeError, match="needs a table of steps, not a list"):
        planning.earliest_finish(["W1"])  # type: ignore[arg-type]

"""course.lab: JupyterLab is told to save widget state in notebooks, keeping other settings."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from course import lab
from course.errors import CourseError

PLUGIN = "@jupyter-widgets/jupyterlab-manager:plugin"


def test_the_setting_is_written_into_the_overrides_file(tmp_path: Path) -> None:
    path = lab.apply(tmp_path)
    assert json.loads(path.read_text()) == {PLUGIN: {"saveState": True}}
    assert path == tmp_path / "share" / "jupyter" / "lab" / "settings" / "overrides.json"


def test_other_settings_in_the_overrides_file_are_kept(tmp_path: Path) -> None:
    path = lab.overrides_path(tmp_path)
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps({"x:plugin": {"a": 1}, PLUGIN: {"other": 2}}))
    lab.apply(tmp_path)
    assert json.loads(path.read_text()) == {
        "x:plugin": {"a": 1},
        PLUGIN: {"other": 2, "saveState": True},
    }


def test_an_unreadable_overrides_file_gets_one_sentence_and_is_left_alone(tmp_path: Path) -> None:
    path = lab.overrides_path(tmp_path)
    path.parent.mkdir(parents=True)
    path.write_text("{not json")
    with pytest.raises(CourseError, match="cannot be read"):
        lab.apply(tmp_path)
    assert path.read_text() == "{not json"

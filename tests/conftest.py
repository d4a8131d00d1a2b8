"""Shared fixtures: a throw-away copy of the course, and simulated learners' work."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
M01 = "m01_leading_without_authority"


@pytest.fixture
def course_copy(tmp_path: Path) -> Path:
    """A copy of the course folder (config, source, release, data) to grade in."""
    root = tmp_path / "course"
    root.mkdir()
    for name in ("nbgrader_config.py", "grader_config.py"):
        shutil.copy2(REPO / name, root / name)
    for name in ("source", "release", "data"):
        shutil.copytree(REPO / name, root / name)
    return root

"""Shared fixtures: a throw-away copy of the course, and simulated learners' work."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from course.paths import copy_course

REPO = Path(__file__).resolve().parents[1]
M01 = "m01_leading_without_authority"


@pytest.fixture
def course_copy(tmp_path: Path) -> Path:
    """A copy of the course folder (config, source, release, data) to grade in."""
    return copy_course(REPO, tmp_path / "course")


@pytest.fixture
def isolation() -> None:
    """Grading needs the bubblewrap sandbox: skip without it, except in CI, where it must run."""
    from course.grading import sandbox

    why = sandbox.problem()
    if why and os.environ.get("CI"):
        pytest.fail(f"Learners' code cannot be isolated in CI: {why}", pytrace=False)
    if why:
        pytest.skip(f"no isolation here ({why}); run scripts/install-sandbox.sh")

"""Shared fixtures: a throw-away copy of the course, and simulated learners' work."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from course import reflect

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


def write_complete_reflections(folder: Path) -> None:
    """Save complete answers for every module 1 reflection into ``folder/reflections``."""
    words = " ".join(["I rely on persuasion and evidence when I work with partners."] * 12)
    reflect.save("m01_authority_ratings", {
        "kind": "ratings", "prompt": "p",
        "items": {k: k for k in ("own_team", "other_team", "money", "pathway", "patients")},
        "ratings": {"own_team": 2, "other_team": 4, "money": 3, "pathway": 5, "patients": 4},
    }, folder)
    reflect.save("m01_authority_explain", {"kind": "text", "prompt": "p", "text": words}, folder)
    reflect.save("m01_introduce_role", {"kind": "text", "prompt": "p", "text": words}, folder)

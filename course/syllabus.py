"""The syllabus: which module and heading teaches each content id of the report.

Content ids follow the course's content map: skills ``S01``-``S50``, barriers
``B01``-``B36``, the King's Fund factors ``F1``-``F6``, the six Devon principles
``DV1``-``DV6``, the case studies ``CS1``-``CS4`` and Cater's drivers ``D1``-``D10``.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from .errors import CourseError

SYLLABUS = Path(__file__).with_name("syllabus.yml")


def content_ids() -> list[str]:
    """Every content id the course must teach, in map order."""
    return (
        [f"S{n:02d}" for n in range(1, 51)]
        + [f"B{n:02d}" for n in range(1, 37)]
        + [f"F{n}" for n in range(1, 7)]
        + [f"DV{n}" for n in range(1, 7)]
        + [f"CS{n}" for n in range(1, 5)]
        + [f"D{n}" for n in range(1, 11)]
    )


def load(path: Path = SYLLABUS) -> dict[str, dict[str, str]]:
    """Module id -> {content id: heading text}."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise CourseError(
            f"{path} cannot be read ({exc.__class__.__name__}); restore it from git."
        ) from exc
    return {
        str(module): {str(k): str(v) for k, v in (ids or {}).items()} for module, ids in raw.items()
    }


def headings(markdown: str) -> list[str]:
    """The text of every Markdown heading, without its #s."""
    return [m[1].strip() for m in re.finditer(r"^#{1,6}\s+(.+?)\s*#*\s*$", markdown, re.M)]

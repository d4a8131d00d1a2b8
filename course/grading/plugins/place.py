"""Where a notebook being graded lives: one lookup for every plug-in."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Place:
    """The course root, the module id and the learner's folder of one graded notebook."""

    root: Path
    module: str
    folder: Path

    @property
    def source(self) -> Path:
        """The course's own copy of the module (solutions, hidden tests and data)."""
        return self.root / "source" / self.module


def place(config: Any, resources: dict[str, Any]) -> Place:
    """Read the place from nbgrader's resources and ``CourseDirectory.root``."""
    folder = Path(resources["metadata"]["path"]).resolve()
    module = resources.get("nbgrader", {}).get("assignment") or folder.name
    root = Path(config.CourseDirectory.get("root") or folder.parents[2])
    return Place(root, module, folder)

"""Read notebooks safely and inspect their nbgrader cells."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import nbformat
from nbformat.notebooknode import NotebookNode

from .errors import CourseError


class NotebookUnreadable(CourseError):
    """A file that is not a notebook; ``reason`` says why in a few words."""

    def __init__(self, path: Path, reason: str) -> None:
        self.path, self.reason = path, reason
        super().__init__(
            f"{path} is not a valid notebook ({reason}); restore it from a "
            "backup or download it again."
        )


def read(path: Path) -> NotebookNode:
    """The package's one notebook reader: a notebook, or NotebookUnreadable saying why not."""
    if not path.is_file():
        raise CourseError(f"{path} does not exist; check the module name and folder.")
    try:
        data = json.loads(path.read_bytes().decode("utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        raise NotebookUnreadable(path, "it is not valid JSON") from exc
    if not isinstance(data, dict) or "cells" not in data:
        raise NotebookUnreadable(path, "it has no cells")
    try:
        return nbformat.reads(json.dumps(data), as_version=4)
    except Exception as exc:  # nbformat raises several kinds for damaged files
        raise NotebookUnreadable(path, f"it is damaged: {exc.__class__.__name__}") from exc


# A hidden-test block, as nbgrader marks it: from a line holding the BEGIN marker to a line
# holding the END marker.
HIDDEN_TESTS = re.compile(
    r"^[^\n]*### BEGIN HIDDEN TESTS[^\n]*\n(.*?)"
    r"^[^\n]*### END HIDDEN TESTS[^\n]*(?:\n|\Z)",
    re.M | re.S,
)


def split_hidden(source: str) -> tuple[str, str]:
    """``(the cell without its hidden tests, the hidden test code)``."""
    hidden = "\n".join(m.group(1).strip("\n") for m in HIDDEN_TESTS.finditer(source))
    return HIDDEN_TESTS.sub("", source).rstrip() + "\n", hidden


def nbgrader_meta(cell: NotebookNode) -> dict[str, Any]:
    """The cell's nbgrader metadata (empty if it has none)."""
    return dict(cell.get("metadata", {}).get("nbgrader", {}))


def is_autograded_test(cell: NotebookNode) -> bool:
    """True for a locked test cell that nbgrader scores automatically."""
    meta = nbgrader_meta(cell)
    return bool(meta.get("grade")) and not meta.get("solution") and cell.cell_type == "code"


def is_answer(cell: NotebookNode) -> bool:
    """True for a cell the learner writes in."""
    return bool(nbgrader_meta(cell).get("solution"))


def problems(nb: NotebookNode) -> list[str]:
    """List what is wrong with a source notebook: outputs saved, missing or repeated ids."""
    found: list[str] = []
    seen_ids: set[str] = set()
    seen_grade_ids: set[str] = set()
    for index, cell in enumerate(nb.cells, start=1):
        cell_id = cell.get("id")
        if not cell_id:
            found.append(f"cell {index} has no id")
        elif cell_id in seen_ids:
            found.append(f"cell {index} repeats the id {cell_id!r}")
        seen_ids.add(cell_id or "")
        if cell.cell_type == "code" and (cell.get("outputs") or cell.get("execution_count")):
            found.append(f"cell {index} ({cell_id}) has saved outputs")
        grade_id = nbgrader_meta(cell).get("grade_id")
        if grade_id:
            if grade_id in seen_grade_ids:
                found.append(f"cell {index} repeats the grade id {grade_id!r}")
            seen_grade_ids.add(grade_id)
    return found

"""What a learner wrote for one question, as the tutor reads it, and a fingerprint of it.

Reflections come from the submission's ``reflections/<key>.json`` files (as the grader reads
them), or, where a file is missing, from the copy the reflection box keeps in the notebook.
Answer cells come from the submitted notebook. The fingerprint is a hash of exactly the text
shown, so a resubmission that changes what the tutor marked changes it, and nothing else does.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ... import notebooks
from ...reflections import carried, kinds
from ...reflections.store import FOLDER
from .questions import Question


@dataclass(frozen=True)
class Part:
    """One reflection or answer cell of an answer: a heading and the lines under it."""

    heading: str
    lines: tuple[str, ...]

    def as_dict(self) -> dict[str, object]:
        return {"heading": self.heading, "lines": list(self.lines)}


def submitted_learners(root: Path, module: str) -> list[str]:
    """The learners with a submission of ``module`` in ``submitted/``."""
    base = root / "submitted"
    return sorted(p.parent.name for p in base.glob(f"*/{module}") if p.is_dir())


def _record(path: Path) -> dict[str, Any] | None:
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return None
    return record if isinstance(record, dict) else None


def read(root: Path, module: str, question: Question, learner: str) -> list[Part]:
    """The parts of ``learner``'s answer to ``question``, in the order the notebook has them."""
    folder = root / "submitted" / learner / module
    nb: Any = None
    try:
        nb = notebooks.read(folder / f"{question.notebook}.ipynb")
    except Exception:  # a damaged or missing notebook: its reflection files still count
        nb = None
    boxes = carried.in_notebook(nb) if nb is not None else {}
    cells = {
        str(notebooks.nbgrader_meta(c).get("grade_id")): c.source
        for c in (nb.cells if nb is not None else [])
        if notebooks.nbgrader_meta(c).get("solution")
    }
    parts = []
    for covered in question.covers:
        if covered.startswith("key:"):
            key = covered[4:]
            path = folder / FOLDER / f"{key}.json"
            record = _record(path) if path.is_file() else boxes.get(key)
            if record is None:
                parts.append(Part(f"Reflection {key}", ("(not answered)",)))
                continue
            kind = kinds.of(record)
            parts.append(Part(kind.title(record), tuple(kind.show(record))))
        elif covered in cells:
            parts.append(Part(f"Answer cell {covered}", (cells[covered],)))
    return parts


def fingerprint(parts: list[Part]) -> str:
    """A hash of the answer as shown; it changes exactly when what the tutor marks changes."""
    text = json.dumps([p.as_dict() for p in parts], sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]

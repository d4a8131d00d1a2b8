"""Which cells of a module are marked by hand, with their marking guide and maximum marks.

A markable question is a cell nbgrader marks manually: a ``task`` cell (the course's tutor
marking cells, whose text is the marking guide) or an answer cell that carries points. They
are found by their nbgrader metadata, never by position, so cells added to a notebook do not
move them. What each one marks (the reflections and answer cells above it) is worked out the
way a resubmission's re-marking works it out, in ``lms.remark.marked_inputs``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ... import notebooks
from ...errors import CourseError
from ...paths import resolve_module
from ..lms.remark import marked_inputs
from . import rubric

BOLD = re.compile(r"^\s*\*\*(.+?)\*\*")


@dataclass(frozen=True)
class Question:
    """One manually marked cell: where it is, what it marks and how."""

    grade_id: str
    notebook: str  # the notebook's name without .ipynb, as nbgrader names it
    title: str
    guide: str  # the marking guide, as the module's author wrote it (markdown)
    max_score: float
    covers: tuple[str, ...]  # answer cell ids and ``key:<reflection key>``, in order
    rubric: tuple[rubric.Item, ...]

    def as_dict(self) -> dict[str, object]:
        return {
            "id": self.grade_id,
            "notebook": self.notebook,
            "title": self.title,
            "guide": self.guide,
            "max_score": self.max_score,
            "rubric": [item.as_dict() for item in self.rubric],
        }


def _title(guide: str, grade_id: str) -> str:
    """The guide's bold opening words (``Tutor marking, reflection 2 (6 marks).``), or its id."""
    found = BOLD.match(guide)
    return found.group(1).strip().rstrip(".") if found else grade_id


def release_notebooks(root: Path, module: str) -> list[Path]:
    return sorted((root / "release" / module).glob("*.ipynb"))


def markable(root: Path, module: str) -> list[Question]:
    """Every manually marked cell of ``module``'s release notebooks, in notebook order."""
    module = resolve_module(root, module)
    prefix = module.split("_", 1)[0] + "_"
    found: list[Question] = []
    for path in release_notebooks(root, module):
        nb = notebooks.read(path)
        covers = marked_inputs(path, prefix)
        for cell in nb.cells:
            meta = notebooks.nbgrader_meta(cell)
            grade_id = str(meta.get("grade_id", ""))
            manual_answer = meta.get("solution") and meta.get("grade")
            if not grade_id or not (meta.get("task") or manual_answer):
                continue
            guide = cell.source if meta.get("task") else ""
            found.append(
                Question(
                    grade_id=grade_id,
                    notebook=path.stem,
                    title=_title(guide, grade_id),
                    guide=guide,
                    max_score=float(meta.get("points", 0) or 0),
                    covers=tuple(sorted(covers.get(grade_id, {grade_id}))),
                    rubric=tuple(rubric.parse(guide)),
                )
            )
    return found


def find(root: Path, module: str, grade_id: str) -> Question:
    """The markable question ``grade_id`` of ``module``, or one sentence naming the others."""
    questions = markable(root, module)
    for question in questions:
        if question.grade_id == grade_id:
            return question
    known = ", ".join(q.grade_id for q in questions) or "none"
    raise CourseError(
        f"{module} has no question marked by hand called {grade_id!r}; its questions are: {known}."
    )

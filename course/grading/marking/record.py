"""Write a mark into nbgrader's gradebook, where formgrader, feedback and export read it.

The score goes to the cell's ``Grade.manual_score`` and the comment to its
``Comment.manual_comment``, exactly as formgrader's own save does (which also clears
``needs_manual_grade``), so every part of nbgrader sees one mark.
"""

from __future__ import annotations

from pathlib import Path

from ...errors import CourseError
from .. import gradebook
from .questions import Question


def write(
    root: Path, module: str, question: Question, learner: str, score: float, comment: str
) -> None:
    """Give ``learner``'s ``question`` the score and comment; one sentence if not graded yet."""
    from nbgrader.api import MissingEntry

    if not 0 <= score <= question.max_score:
        raise CourseError(
            f"A mark for {question.title} is between 0 and {question.max_score:g}; "
            f"{score:g} was not saved."
        )
    with gradebook.open_gradebook(root) as gb:
        try:
            grade = gb.find_grade(question.grade_id, question.notebook, module, learner)
        except MissingEntry as exc:
            raise CourseError(
                f"The gradebook has no autograded submission for this answer yet, so the mark "
                f"was not saved; run `course autograde {module.split('_', 1)[0]}` first."
            ) from exc
        grade.manual_score = float(score)
        grade.needs_manual_grade = False
        try:
            gb.find_comment(
                question.grade_id, question.notebook, module, learner
            ).manual_comment = comment.strip() or None
        except MissingEntry:
            pass  # an answer cell with points but no comment row: the score is what counts
        gb.db.commit()


def read(root: Path, module: str, question: Question, learner: str) -> float | None:
    """The manual score the gradebook holds for ``learner``'s ``question`` (None if unmarked)."""
    from nbgrader.api import MissingEntry

    with gradebook.open_gradebook(root) as gb:
        try:
            grade = gb.find_grade(question.grade_id, question.notebook, module, learner)
        except MissingEntry:
            return None
        return grade.manual_score

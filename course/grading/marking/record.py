"""Write a mark into nbgrader's gradebook, where formgrader, feedback and export read it.

The score goes to the cell's ``Grade.manual_score`` and the comment to its
``Comment.manual_comment``, exactly as formgrader's own save does (which also clears
``needs_manual_grade``), so every part of nbgrader sees one mark. Opening nbgrader's
gradebook takes a good part of a second, so the marking page keeps one open and starts a
fresh transaction for every save.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ...errors import CourseError
from .. import gradebook
from .questions import Question

if TYPE_CHECKING:
    from nbgrader.api import Gradebook


_NOT_GRADED = (
    "The gradebook has no autograded submission for this answer yet, so the mark was not "
    "saved; run `course autograde {}` first."
)


class Recorder:
    """The gradebook of the course in ``root``, opened on first use and kept."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._gb: Gradebook | None = None

    def _gradebook(self) -> Gradebook:
        if self._gb is None:
            from nbgrader.api import Gradebook

            gradebook.check(self.root)
            self._gb = Gradebook(gradebook.url(self.root))
        return self._gb

    def write(
        self, module: str, question: Question, learner: str, score: float, comment: str
    ) -> None:
        """Give ``learner``'s ``question`` the score and comment; one sentence if not graded yet."""
        from nbgrader.api import MissingEntry

        if not 0 <= score <= question.max_score:
            raise CourseError(
                f"A mark for {question.title} is between 0 and {question.max_score:g}; "
                f"{score:g} was not saved."
            )
        if not gradebook.is_shared(self.root) and not (self.root / "gradebook.db").is_file():
            raise CourseError(_NOT_GRADED.format(module.split("_", 1)[0]))
        gb = self._gradebook()
        gb.db.rollback()  # see what formgrader or another marker saved since
        try:
            grade = gb.find_grade(question.grade_id, question.notebook, module, learner)
        except MissingEntry as exc:
            raise CourseError(_NOT_GRADED.format(module.split("_", 1)[0])) from exc
        try:
            grade.manual_score = float(score)
            grade.needs_manual_grade = False
            try:
                gb.find_comment(
                    question.grade_id, question.notebook, module, learner
                ).manual_comment = comment.strip() or None
            except MissingEntry:
                pass  # an answer cell with points but no comment row: the score is what counts
            gb.db.commit()
        except Exception:
            gb.db.rollback()
            raise

    def close(self) -> None:
        if self._gb is not None:
            self._gb.close()
            self._gb = None

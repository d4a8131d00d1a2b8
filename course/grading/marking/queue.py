"""One marker's work on a module: the questions, each question's queue, saving, differences.

The queue of a question is every learner with a submission, in this marker's shuffled order,
each answer either still to mark, marked, or changed since it was marked (a resubmission:
back in the queue, with the old mark kept and the page saying so). The marker resumes at
the first answer not marked. Learners are only ever named to the page by pseudonym.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from ...errors import CourseError
from ...paths import resolve_module
from . import answers, order, record
from .questions import Question, markable
from .store import FIRST, SECOND, Mark, Store

TO_MARK, MARKED, CHANGED = "to mark", "marked", "changed"
DEFAULT_MARGIN = 1.0


@dataclass
class Marking:
    """The marking of ``module`` by ``marker``, as first or (blind) second marker."""

    root: Path
    module: str
    marker: str
    second: bool = False
    margin: float = DEFAULT_MARGIN
    store: Store = field(init=False)
    recorder: record.Recorder = field(init=False)
    _answers: dict[tuple[str, str], tuple[tuple[float, ...], list[answers.Part]]] = field(
        init=False, default_factory=dict
    )

    def __post_init__(self) -> None:
        self.root = Path(self.root).resolve()
        self.module = resolve_module(self.root, self.module)
        if not self.marker.strip():
            raise CourseError("Give your name as the marker: --marker NAME.")
        self.store = Store.open(self.root)
        self.recorder = record.Recorder(self.root)
        self._secret = self.store.secret()
        self._questions = {q.grade_id: q for q in markable(self.root, self.module)}

    @property
    def role(self) -> str:
        return SECOND if self.second else FIRST

    # --- reading ---------------------------------------------------------------------------

    def question(self, grade_id: str) -> Question:
        if grade_id not in self._questions:
            known = ", ".join(self._questions) or "none"
            raise CourseError(
                f"{self.module} has no question marked by hand called {grade_id!r}; "
                f"its questions are: {known}."
            )
        return self._questions[grade_id]

    def learners(self) -> dict[str, str]:
        """Pseudonym -> learner, for everyone with a submission of the module."""
        return {
            order.pseudonym(self._secret, self.module, learner): learner
            for learner in answers.submitted_learners(self.root, self.module)
        }

    def _stamp(self, learner: str) -> tuple[float, ...]:
        folder = self.root / "submitted" / learner / self.module
        return tuple(
            os.stat(p).st_mtime_ns
            for p in sorted(folder.rglob("*"))
            if p.is_file() and p.suffix in (".ipynb", ".json")
        )

    def parts(self, question: Question, learner: str) -> list[answers.Part]:
        """The learner's answer, read again only when their submission's files change."""
        stamp = self._stamp(learner)
        cached = self._answers.get((question.grade_id, learner))
        if cached and cached[0] == stamp:
            return cached[1]
        parts = answers.read(self.root, self.module, question, learner)
        self._answers[(question.grade_id, learner)] = (stamp, parts)
        return parts

    def _status(self, question: Question, learner: str, mark: Mark | None) -> str:
        if mark is None:
            return TO_MARK
        if mark.answer != answers.fingerprint(self.parts(question, learner)):
            return CHANGED
        return MARKED

    def ordered(self, question: Question) -> list[tuple[str, str]]:
        """(pseudonym, learner) in this marker's order for ``question``."""
        by_learner = {learner: name for name, learner in self.learners().items()}
        seed = (self.module, question.grade_id, self.marker, self.role)
        return [(by_learner[x], x) for x in order.shuffled(by_learner, self._secret, *seed)]

    def questions(self) -> list[dict[str, object]]:
        """Every markable question with how far this marker has gone through it."""
        out = []
        for question in self._questions.values():
            marks = self.store.marks(self.module, question.grade_id, self.role)
            statuses = [
                self._status(question, learner, marks.get((learner, self.role)))
                for _, learner in self.ordered(question)
            ]
            out.append(
                {
                    **question.as_dict(),
                    "answers": len(statuses),
                    "marked": statuses.count(MARKED),
                    "changed": statuses.count(CHANGED),
                }
            )
        return out

    def queue(self, grade_id: str) -> dict[str, object]:
        """The question, its answers in order with their status, and where to resume."""
        question = self.question(grade_id)
        self.store.set_place(self.module, self.marker, self.role, grade_id)
        marks = self.store.marks(self.module, grade_id, self.role)
        items = [
            {
                "pseudonym": name,
                "status": self._status(question, learner, marks.get((learner, self.role))),
            }
            for name, learner in self.ordered(question)
        ]
        resume = next((i for i, item in enumerate(items) if item["status"] != MARKED), None)
        return {
            "module": self.module,
            "question": question.as_dict(),
            "items": items,
            "resume": resume,
            "bank": self.store.bank(self.module, grade_id),
            "marker": self.marker,
            "role": self.role,
            "margin": self.margin,
        }

    def answer(self, grade_id: str, pseudonym: str) -> dict[str, object]:
        """One answer and this marker's own mark of it (a second marker never sees the first's)."""
        question = self.question(grade_id)
        learner = self._learner(pseudonym)
        parts = self.parts(question, learner)
        mark = self.store.mark(self.module, grade_id, learner, self.role)
        status = self._status(question, learner, mark)
        note = ""
        if status == CHANGED and mark is not None:
            note = (
                f"This answer changed after it was marked ({mark.score:g} by {mark.marker}, "
                "kept below): a resubmission put it back in the queue; check the mark and save."
            )
        return {
            "pseudonym": pseudonym,
            "parts": [p.as_dict() for p in parts],
            "status": status,
            "note": note,
            "mark": _mark_view(mark),
        }

    def _learner(self, pseudonym: str) -> str:
        found = self.learners().get(pseudonym)
        if found is None:
            raise CourseError(f"There is no answer called {pseudonym!r} in {self.module}.")
        return found

    # --- saving ----------------------------------------------------------------------------

    def save(
        self,
        grade_id: str,
        pseudonym: str,
        score: float,
        rubric: list[int],
        comment: str,
        version: int,
    ) -> dict[str, object]:
        """Save this marker's mark; the first marker's goes into nbgrader's gradebook too."""
        question = self.question(grade_id)
        learner = self._learner(pseudonym)
        if not 0 <= score <= question.max_score:
            raise CourseError(
                f"A mark for {question.title} is between 0 and {question.max_score:g}; "
                f"{score:g} was not saved."
            )
        bad = [i for i in rubric if not 0 <= i < len(question.rubric)]
        if bad:
            raise CourseError(f"Rubric item {bad[0] + 1} does not exist; the mark was not saved.")

        def into_gradebook() -> None:
            self.recorder.write(self.module, question, learner, score, comment)

        mark = self.store.save(
            self.module,
            grade_id,
            learner,
            self.role,
            marker=self.marker,
            score=score,
            rubric=rubric,
            comment=comment.strip(),
            answer=answers.fingerprint(self.parts(question, learner)),
            version=version,
            then=into_gradebook if self.role == FIRST else None,
        )
        self.store.remember(self.module, grade_id, comment)
        return {"mark": _mark_view(mark), "bank": self.store.bank(self.module, grade_id)}

    # --- two markers -----------------------------------------------------------------------

    def differences(self, grade_id: str, margin: float | None = None) -> list[dict[str, object]]:
        """Answers both markers marked whose scores differ by more than ``margin``, widest first."""
        question = self.question(grade_id)
        margin = self.margin if margin is None else margin
        marks = self.store.marks(self.module, grade_id)
        names = {learner: name for name, learner in self.learners().items()}
        found = []
        for (learner, role), first in marks.items():
            second = marks.get((learner, SECOND))
            if role != FIRST or second is None or learner not in names:
                continue
            gap = abs(first.score - second.score)
            if gap > margin:
                found.append(
                    {
                        "pseudonym": names[learner],
                        "question": question.grade_id,
                        "first": first.score,
                        "first_marker": first.marker,
                        "second": second.score,
                        "second_marker": second.marker,
                        "difference": gap,
                    }
                )
        return sorted(found, key=lambda d: (-float(d["difference"]), str(d["pseudonym"])))

    def difference_lines(self, margin: float | None = None) -> list[str]:
        """The differences of every question, as sentences for the terminal."""
        margin = self.margin if margin is None else margin
        lines = []
        for grade_id in self._questions:
            for d in self.differences(grade_id, margin):
                lines.append(
                    f"{grade_id} {d['pseudonym']}: {d['first_marker']} gave {d['first']:g}, "
                    f"{d['second_marker']} gave {d['second']:g} (a difference of "
                    f"{d['difference']:g})"
                )
        head = (
            f"{self.module}: {len(lines)} answer(s) where the two markers differ by more "
            f"than {margin:g}"
        )
        return [head + (":" if lines else "."), *("  " + line for line in lines)]


def _mark_view(mark: Mark | None) -> dict[str, object] | None:
    if mark is None:
        return None
    return {
        "score": mark.score,
        "rubric": list(mark.rubric),
        "comment": mark.comment,
        "marker": mark.marker,
        "version": mark.version,
        "saved_at": mark.saved_at,
    }

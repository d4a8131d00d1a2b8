"""Which learners' feedback (and LMS grades) may go out now, and why the others wait.

A learner's feedback is released when their manual marking is complete (no answer in
nbgrader's gradebook still needs grading by hand), or when the tutor says so (``force``, or
the learner is named), and never before their deadline: the module's, or the later one an
extension in ``deadlines.yml`` gives them. Deadlines are not overridden by ``force``: work
can still be handed in until then.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from ..errors import CourseError
from . import deadlines, gradebook


@dataclass
class Decision:
    """Who may have their feedback now, who waits and why, for one module."""

    module: str
    released: list[str] = field(default_factory=list)
    held: dict[str, str] = field(default_factory=dict)  # learner -> reason
    notes: list[str] = field(default_factory=list)


def _still_to_mark(submission) -> list[str]:  # type: ignore[no-untyped-def]
    """The graded cells of a submission that still need marking by hand."""
    return sorted(
        grade.name
        for notebook in submission.notebooks
        for grade in notebook.grades
        if grade.needs_manual_grade
    )


def graded_learners(root: Path, module: str) -> list[str]:
    """Learners with an autograded notebook of ``module`` (feedback needs one)."""
    return sorted(
        p.parent.name
        for p in (root / "autograded").glob(f"*/{module}")
        if p.is_dir() and any(p.glob("*.ipynb"))
    )


def decide(
    root: Path,
    module: str,
    force: bool = False,
    learners: list[str] | None = None,
    now: datetime | None = None,
) -> Decision:
    """Apply the release rules to every graded learner of ``module`` (see the module doc).

    ``learners`` names the only learners to consider, released whatever their marking; a
    name that is not a graded learner of the module is refused in one sentence.
    """
    from nbgrader.api import MissingEntry

    now = now or datetime.now(timezone.utc).replace(tzinfo=None)
    graded = graded_learners(root, module)
    if learners:
        unknown = sorted(set(learners) - set(graded))
        if unknown:
            raise CourseError(
                f"{', '.join(unknown)} {'has' if len(unknown) == 1 else 'have'} no graded "
                f"work in {module}; name learners that `course autograde` has graded."
            )
    deadline = deadlines.for_module(root, module)
    decision = Decision(module)
    chosen = sorted(set(learners)) if learners else graded
    with gradebook.open_gradebook(root) as gb:
        for learner in chosen:
            if deadline and not deadline.passed_for(learner, now):
                own = learner in deadline.extensions
                decision.held[learner] = (
                    f"{'their extension runs' if own else 'the deadline is'} until "
                    f"{deadlines.uk_time(deadline.due_for(learner))}"
                )
                continue
            try:
                submission = gb.find_submission(module, learner)
            except MissingEntry:
                decision.held[learner] = "nbgrader's gradebook has no graded submission"
                continue
            todo = _still_to_mark(submission)
            if todo and not (force or learners):
                decision.held[learner] = (
                    f"manual marking is not finished ({len(todo)} answer(s) to mark: "
                    f"{', '.join(todo)})"
                )
                continue
            if todo:
                decision.notes.append(
                    f"{learner}: released before manual marking is finished, as asked "
                    f"({len(todo)} answer(s) unmarked)"
                )
            decision.released.append(learner)
    if deadline:
        running = [
            learner
            for learner in sorted(deadline.extensions)
            if not deadline.passed_for(learner, now) and learner not in decision.released
        ]
        if running and decision.released:
            decision.notes.append(
                "extensions are still running for "
                + ", ".join(running)
                + ": feedback released now could reach them before they hand in"
            )
    return decision

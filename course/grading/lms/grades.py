"""Grades in the CSV an LMS's own grade import reads (docs/grades.md says where each
column comes from).

* **Moodle**: the assignment's offline grading worksheet ("Upload grading worksheet" on
  the assignment's grading page). The importer (``assignfeedback_offline_grade_importer``
  in mod/assign/feedback/offline/importgradeslib.php) finds its columns by their English
  headers, ``Identifier`` (``Participant <participant id>``), ``Grade`` and ``Last
  modified (grade)``, and refuses a sheet without all three; ``Feedback comments`` is read
  when feedback comments are on; the others are there because Moodle's own worksheet has
  them (mod/assign/gradingtable.php) and are not read. One module per sheet.
* **Canvas**: the Gradebook's "Import" (lib/gradebook_importer.rb): ``Student``, ``ID``,
  ``SIS User ID``, ``SIS Login ID``, ``Section``, then one column per assignment named
  ``<name> (<assignment id>)`` (or the assignment's exact name), and a ``Points Possible``
  row. A learner is found by ``ID`` (the Canvas user id), then the SIS ids, then the name;
  a blank grade changes nothing.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from .identity import Identity

MOODLE_COLUMNS = (
    "Identifier",
    "Full name",
    "Email address",
    "Status",
    "Grade",
    "Maximum grade",
    "Grade can be changed",
    "Last modified (submission)",
    "Last modified (grade)",
    "Feedback comments",
)
CANVAS_COLUMNS = ("Student", "ID", "SIS User ID", "SIS Login ID", "Section")


@dataclass
class Grade:
    """One learner's grade for one module, from nbgrader's gradebook."""

    learner: str
    module: str
    score: float | None  # after any late penalty; None when not handed in
    max_score: float
    submitted_at: datetime | None = None  # naive UTC
    penalty: float = 0.0
    comments: list[str] = field(default_factory=list)


@dataclass
class Sheet:
    """What was written and who was left out, and why."""

    path: Path
    rows: int = 0
    left_out: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _mark(value: float) -> str:
    return f"{value:.2f}"


def _iso(when: datetime) -> str:
    """A UTC time with its offset, which PHP's strtotime reads exactly."""
    return when.replace(tzinfo=timezone.utc, microsecond=0).isoformat()


def _comments(grade: Grade) -> str:
    parts = list(grade.comments)
    if grade.penalty:
        parts.append(f"Late submission: {_mark(grade.penalty)} mark(s) taken off.")
    return "\n".join(parts)


def _write(path: Path, rows: list[list[str]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".part")
    with partial.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)
    partial.replace(path)


def moodle(
    path: Path,
    grades: list[Grade],
    people: dict[str, Identity],
    held: dict[str, str],
    now: datetime | None = None,
) -> Sheet:
    """Write one module's Moodle grading worksheet; a held learner's row is left out (a
    blank would wipe feedback comments already in Moodle)."""
    now = now or datetime.now(timezone.utc).replace(tzinfo=None)
    sheet = Sheet(path)
    rows = [list(MOODLE_COLUMNS)]
    for grade in sorted(grades, key=lambda g: g.learner):
        who = people[grade.learner]
        pid = who.moodle_participant or (who.lms_user_id if who.lms_user_id.isdigit() else "")
        if grade.learner in held:
            sheet.left_out.append(f"{grade.learner}: held back, {held[grade.learner]}")
            continue
        if not pid:
            sheet.left_out.append(
                f"{grade.learner}: no Moodle participant id for this assignment (collect "
                "from a Moodle download, or give it as lms_user_id in the roster)"
            )
            continue
        handed_in = grade.score is not None
        rows.append(
            [
                f"Participant {pid}",
                who.full_name or grade.learner,
                who.email,
                "Submitted for grading" if handed_in else "No submission",
                _mark(grade.score if handed_in else 0.0),  # type: ignore[arg-type]
                _mark(grade.max_score),
                "Yes",
                _iso(grade.submitted_at) if grade.submitted_at else "",
                _iso(now),
                _comments(grade),
            ]
        )
    sheet.rows = len(rows) - 1
    _write(path, rows)
    return sheet


def canvas(
    path: Path,
    grades: list[Grade],
    people: dict[str, Identity],
    held: dict[tuple[str, str], str],
    columns: dict[str, str],
) -> Sheet:
    """Write a Canvas Gradebook import: one row per learner, one column per module
    (``columns``: module -> header); a held grade is blank, which Canvas leaves alone."""
    sheet = Sheet(path)
    modules = sorted({g.module for g in grades})
    by = {(g.learner, g.module): g for g in grades}
    maxima = {g.module: g.max_score for g in grades}
    rows = [
        [*CANVAS_COLUMNS, *(columns[m] for m in modules)],
        ["Points Possible", "", "", "", "", *(_mark(maxima[m]) for m in modules)],
    ]
    for learner in sorted({g.learner for g in grades}):
        who = people[learner]
        uid = who.canvas_user if who.canvas_user.isdigit() else ""
        uid = uid or (who.lms_user_id if who.lms_user_id.isdigit() else "")
        if not uid:
            sheet.notes.append(
                f"{learner}: no Canvas user id, so Canvas will match them by name "
                f"({who.sortable_name or learner!r}) or not at all"
            )
        cells = []
        for module in modules:
            grade = by.get((learner, module))
            if (learner, module) in held:
                sheet.left_out.append(f"{learner} ({module}): held back, {held[(learner, module)]}")
                cells.append("")
            elif grade is None or grade.score is None:
                cells.append("")
            else:
                cells.append(_mark(grade.score))
        rows.append([who.sortable_name or learner, uid, "", "", "", *cells])
    sheet.rows = len(rows) - 2
    _write(path, rows)
    return sheet


def from_gradebook(root: Path, modules: list[str]) -> list[Grade]:
    """Every handed-in submission's grade for ``modules``, late penalty taken off, with the
    tutor's comments (formgrader's, by answer) for Moodle's feedback comments column."""
    from nbgrader.api import MissingEntry

    from .. import gradebook

    found = []
    with gradebook.open_gradebook(root) as gb:
        for module in modules:
            try:
                assignment = gb.find_assignment(module)
            except MissingEntry:
                continue
            for submission in assignment.submissions:
                if submission.timestamp is None and not submission.notebooks:
                    continue  # a row made only to hold an extension: nothing handed in
                penalty = float(submission.late_submission_penalty or 0)
                comments = [
                    f"{comment.name}: {comment.manual_comment.strip()}"
                    for notebook in submission.notebooks
                    for comment in notebook.comments
                    if (comment.manual_comment or "").strip()
                ]
                found.append(
                    Grade(
                        submission.student.id,
                        module,
                        max(0.0, float(submission.score) - penalty),
                        float(assignment.max_score),
                        submission.timestamp,
                        penalty,
                        comments,
                    )
                )
    return found

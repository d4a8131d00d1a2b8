"""Tutor workflow over nbgrader: collect, autograde, feedback and export."""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

from .. import nbg
from ..errors import CourseError
from ..paths import resolve_module
from . import cohort as parallel
from . import deadlines, gradebook, release
from .cohort import ProgressHook, Summary
from .lms import feedbackzip, grades, identity
from .lms.collect import CollectReport
from .lms.collect import collect as lms_collect

__all__ = [
    "CollectReport",
    "ExportReport",
    "FeedbackReport",
    "autograde",
    "collect_zip",
    "export",
    "export_for",
    "feedback",
    "release_feedback",
]
FORMATS = ("csv", "moodle", "canvas")


def collect_zip(root: Path, module: str, zip_path: Path) -> CollectReport:
    """Collect an LMS bulk download into ``submitted/`` (course/grading/lms, docs/collect.md)."""
    return lms_collect(root, module, zip_path)


def autograde(
    root: Path,
    module: str,
    jobs: int | None = None,
    force: bool = False,
    progress: ProgressHook | None = None,
    trust: bool = False,
    cluster: str | None = None,
) -> Summary:
    """Autograde every submitted copy of ``module`` in parallel; one learner never stops the rest.

    Only new or changed submissions are graded again unless ``force`` is set. Learners'
    code runs isolated (docs/isolation.md); ``trust`` grades without isolation.
    ``cluster`` (a Dask scheduler's address) grades on that cluster's workers instead of
    ``jobs`` processes here (docs/scale.md).
    """
    force = _deadlines_changed(root, module) or force
    if not cluster:
        return parallel.run(root, module, jobs=jobs, force=force, progress=progress, trust=trust)
    from .cluster import ClusterPool

    with ClusterPool(cluster) as pool:
        return parallel.run(root, module, force=force, progress=progress, trust=trust, pool=pool)


def _deadlines_changed(root: Path, module: str) -> bool:
    """Write deadlines.yml's deadline and extensions into the gradebook; whether they changed
    since the last grading, so that every late penalty is worked out again."""
    module = resolve_module(root, module)
    mark = root / "logs" / "autograde" / module / "deadlines.sha256"
    stated = (root / deadlines.FILE).is_file()
    if not any((root / "submitted").glob(f"*/{module}")) or not (stated or mark.is_file()):
        return False  # nothing to grade (autograde says so), or no deadlines, now or before
    gradebook.check(root)
    if stated:
        deadlines.read(root)  # a bad line stops here, before anything is written
        if not parallel.assignment_recorded(root, module):
            # Extensions live on submissions, which nbgrader wants made after the module's
            # notebooks are recorded.
            nbg.run(root, "generate_assignment", module, "--force")
    deadline = deadlines.apply(root, module)
    now = deadline.digest() if deadline else "none"
    before = mark.read_text(encoding="utf-8").strip() if mark.is_file() else "none"
    mark.parent.mkdir(parents=True, exist_ok=True)
    mark.write_text(now + "\n", encoding="utf-8")
    return now != before


def feedback(root: Path, module: str) -> list[Path]:
    """Write HTML feedback for every graded learner whose deadline has passed, marked or not
    (the tutor asked); hidden tests are never shown. :func:`release_feedback` applies the
    release rules and says who waits."""
    return release_feedback(root, module, force=True).files


@dataclass
class FeedbackReport:
    """Who got feedback, who was held back and why, and the zip for the LMS if asked."""

    module: str
    files: list[Path] = field(default_factory=list)
    released: list[str] = field(default_factory=list)
    held: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    zip_path: Path | None = None
    lms: str = ""
    in_zip: dict[str, str] = field(default_factory=dict)  # learner -> name in the zip

    def lines(self) -> list[str]:
        out = [
            f"{self.module}: feedback written for {len(self.released)} learner(s)"
            + (f": {', '.join(self.released)}" if self.released else "")
            + f"; {len(self.held)} held back."
        ]
        out += [f"  held back: {who}: {why}" for who, why in sorted(self.held.items())]
        out += [f"  note: {line}" for line in self.notes]
        if self.zip_path:
            out.append(
                f"Packed {len(self.in_zip)} feedback file(s) for "
                f"{self.lms.capitalize() if self.lms else 'the course'} in {self.zip_path}"
            )
        return out


def release_feedback(
    root: Path,
    module: str,
    force: bool = False,
    learners: list[str] | None = None,
    zip_to: Path | None = None,
    lms: str | None = None,
) -> FeedbackReport:
    """Write feedback for the learners whose feedback may go out (course/grading/release.py),
    and, with ``zip_to``, pack it named for ``lms``'s feedback upload (or the LMS the work
    was collected from)."""
    module = resolve_module(root, module)
    gradebook.check(root)
    if lms and lms not in feedbackzip.LMSES:
        raise CourseError(
            f"{lms!r} is not an LMS the course knows; give moodle, canvas or blackboard."
        )
    graded = release.graded_learners(root, module)
    decision = release.decide(root, module, force=force, learners=learners)
    report = FeedbackReport(module, held=dict(decision.held), notes=list(decision.notes))
    if decision.released:
        others = sorted(set(graded) - set(decision.released))
        args = ["generate_feedback", module, "--force"]
        if others:
            args.append(f"--CourseDirectory.student_id_exclude={','.join(others)}")
        nbg.run(root, *args)
    for learner in decision.released:
        pages = sorted((root / "feedback" / learner / module).glob("*.html"))
        if pages:
            report.released.append(learner)
            report.files += pages
        else:
            report.held[learner] = "nbgrader wrote no feedback page (see its log)"
    if zip_to is not None:
        people = identity.identities(root, module, report.released)
        report.lms = lms or identity.lms_of(people)
        chosen: dict[str, Path] = {}
        for learner in report.released:
            name, why = feedbackzip.name_in_zip(people[learner], module, report.lms)
            if name is None:
                report.notes.append(f"{learner}: not in the zip: {why}")
                continue
            page = sorted((root / "feedback" / learner / module).glob("*.html"))[0]
            chosen[name] = page
            report.in_zip[learner] = name
        report.zip_path = feedbackzip.pack(chosen, zip_to)
    return report


@dataclass
class ExportReport:
    """What ``course export`` wrote and whose grades it left out, and why."""

    format: str
    path: Path
    rows: int = 0
    left_out: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        what = {"moodle": "a Moodle grading worksheet", "canvas": "a Canvas Gradebook import"}
        out = [
            f"Exported {self.rows} "
            + ("grade(s)" if self.format == "csv" else "learner(s)")
            + f" to {self.path}"
            + (f" ({what[self.format]})" if self.format in what else "")
        ]
        out += [f"  left out: {line}" for line in self.left_out]
        out += [f"  note: {line}" for line in self.notes]
        return out


def export_for(
    root: Path,
    fmt: str,
    out: Path,
    module: str | None = None,
    assignment_id: str | None = None,
) -> ExportReport:
    """Export grades as ``fmt`` (csv, moodle or canvas) for the LMS's own grade import.

    Moodle's worksheet is for one assignment, so ``module`` is needed; Canvas takes every
    module (or ``module``), and ``assignment_id`` ties the column to that Canvas assignment.
    A learner whose feedback is held back (course/grading/release.py) has no grade in the
    LMS file, and the report says why.
    """
    if fmt not in FORMATS:
        raise CourseError(f"{fmt!r} is not an export format; give csv, moodle or canvas.")
    if assignment_id is not None and not (module and fmt == "canvas"):
        raise CourseError("--assignment-id names one Canvas assignment; give --module too.")
    modules = [resolve_module(root, module)] if module else None
    if fmt == "csv":
        if modules:
            raise CourseError("The csv export holds every module; leave out --module.")
        rows = export(root, out)
        return ExportReport(fmt, out.resolve(), len(rows))
    if fmt == "moodle" and not modules:
        raise CourseError(
            "A Moodle grading worksheet is for one assignment; give --module, such as --module m01."
        )
    gradebook.check(root)
    if modules is None:
        with gradebook.open_gradebook(root) as gb:
            modules = sorted(a.name for a in gb.assignments)
    found = grades.from_gradebook(root, modules)
    if not found:
        raise CourseError(
            f"The gradebook holds no graded work for {', '.join(modules) or 'any module'}; "
            "run `course autograde` first."
        )
    held = {}
    for name in modules:
        for learner, why in release.decide(root, name).held.items():
            held[(learner, name)] = why
    people = {}
    for name in modules:
        learners = sorted({g.learner for g in found if g.module == name})
        people.update(identity.identities(root, name, learners))
    out = out.resolve()
    if fmt == "moodle":
        sheet = grades.moodle(out, found, people, {who: why for (who, _), why in held.items()})
    else:
        columns = {m: m if assignment_id is None else f"{m} ({assignment_id})" for m in modules}
        sheet = grades.canvas(out, found, people, held, columns)
    return ExportReport(fmt, out, sheet.rows, sheet.left_out, sheet.notes)


def export(root: Path, out: Path) -> list[dict[str, str]]:
    """Export every grade to ``out`` as CSV and return the rows."""
    out = out.resolve()
    gradebook.check(root)
    out.parent.mkdir(parents=True, exist_ok=True)
    nbg.run(root, "export", f"--to={out}")
    with out.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))

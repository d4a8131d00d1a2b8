"""Tutor workflow over nbgrader: collect, autograde, feedback and export."""

from __future__ import annotations

import csv
import shutil
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from .. import nbg
from ..errors import CourseError
from ..paths import resolve_module
from . import cohort as parallel
from .cohort import ProgressHook, Summary


@dataclass
class CollectReport:
    """Learners whose work was collected, and files that were not, with the reason."""

    collected: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


def _check_zip(zip_path: Path) -> None:
    if not zip_path.is_file():
        raise CourseError(f"{zip_path} does not exist; give the path of the LMS download.")
    if not zipfile.is_zipfile(zip_path):
        raise CourseError(
            f"{zip_path} is not a zip file; download the submissions again as a single zip."
        )
    try:
        with zipfile.ZipFile(zip_path) as archive:
            bad = archive.testzip()
    except (zipfile.BadZipFile, OSError) as exc:
        raise CourseError(f"{zip_path} is damaged ({exc}); download it again.") from exc
    if bad:
        raise CourseError(
            f"{zip_path} is damaged (the file {bad} inside it is corrupt); download it again."
        )


def collect_zip(root: Path, module: str, zip_path: Path) -> CollectReport:
    """Collect an LMS bulk download into ``submitted/`` with ``nbgrader zip_collect``."""
    module = resolve_module(root, module)
    zip_path = zip_path.resolve()
    _check_zip(zip_path)
    archive_dir = root / "downloaded" / module / "archive"
    archive_dir.mkdir(parents=True, exist_ok=True)
    shutil.copy2(zip_path, archive_dir / zip_path.name)
    result = nbg.run(root, "zip_collect", module, "--force")
    report = CollectReport()
    for line in result.output.splitlines():
        if "Skipped " in line:
            report.skipped.append(line.split("Skipped ", 1)[1].strip())
    submitted = root / "submitted"
    if submitted.is_dir():
        report.collected = sorted(p.name for p in submitted.iterdir() if (p / module).is_dir())
    return report


def autograde(
    root: Path,
    module: str,
    jobs: int | None = None,
    force: bool = False,
    progress: ProgressHook | None = None,
    trust: bool = False,
) -> Summary:
    """Autograde every submitted copy of ``module`` in parallel; one learner never stops the rest.

    Only new or changed submissions are graded again unless ``force`` is set. Learners'
    code runs isolated (docs/isolation.md); ``trust`` grades without isolation.
    """
    return parallel.run(root, module, jobs=jobs, force=force, progress=progress, trust=trust)


def feedback(root: Path, module: str) -> list[Path]:
    """Write HTML feedback for every graded learner; hidden tests are never shown."""
    module = resolve_module(root, module)
    nbg.run(root, "generate_feedback", module, "--force")
    return sorted((root / "feedback").glob(f"*/{module}/*.html"))


def export(root: Path, out: Path) -> list[dict[str, str]]:
    """Export every grade to ``out`` as CSV and return the rows."""
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    nbg.run(root, "export", f"--to={out}")
    with out.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))

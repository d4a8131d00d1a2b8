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
from . import gradebook
from .cohort import ProgressHook, Summary


@dataclass
class CollectReport:
    """Learners whose work was collected, and files that were not, with the reason."""

    collected: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    # learners who handed in no reflections folder -> reflections their notebook carries
    carried: dict[str, int] = field(default_factory=dict)

    def lines(self) -> list[str]:
        out = [f"Collected {len(self.collected)} learner(s): {', '.join(self.collected)}"]
        out += [f"  not collected: {line}" for line in self.skipped]
        out += [
            f"  {learner}: no reflections folder was handed in; the notebook carries {n} "
            "reflection(s), which autograde uses"
            for learner, n in sorted(self.carried.items())
        ]
        return out


def carried_reflections(folder: Path, notebook: Path) -> int | None:
    """How many reflections ``notebook`` carries, if ``folder`` has no reflection files."""
    from ..notebooks import read
    from ..reflections import carried, store

    if any((folder / store.FOLDER).glob("*.json")):
        return None
    try:
        return len(carried.in_notebook(read(notebook)))
    except CourseError:
        return None


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
    for learner in report.collected:
        folder = submitted / learner / module
        count = carried_reflections(folder, folder / f"{module}.ipynb")
        if count is not None:
            report.carried[learner] = count
    return report


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
    if not cluster:
        return parallel.run(root, module, jobs=jobs, force=force, progress=progress, trust=trust)
    from .cluster import ClusterPool

    with ClusterPool(cluster) as pool:
        return parallel.run(root, module, force=force, progress=progress, trust=trust, pool=pool)


def feedback(root: Path, module: str) -> list[Path]:
    """Write HTML feedback for every graded learner; hidden tests are never shown."""
    module = resolve_module(root, module)
    gradebook.check(root)
    nbg.run(root, "generate_feedback", module, "--force")
    return sorted((root / "feedback").glob(f"*/{module}/*.html"))


def export(root: Path, out: Path) -> list[dict[str, str]]:
    """Export every grade to ``out`` as CSV and return the rows."""
    out = out.resolve()
    gradebook.check(root)
    out.parent.mkdir(parents=True, exist_ok=True)
    nbg.run(root, "export", f"--to={out}")
    with out.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))

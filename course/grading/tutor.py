"""Tutor workflow over nbgrader: collect, autograde, feedback and export."""

from __future__ import annotations

import csv
from pathlib import Path

from .. import nbg
from ..paths import resolve_module
from . import cohort as parallel
from . import gradebook
from .cohort import ProgressHook, Summary
from .lms.collect import CollectReport
from .lms.collect import collect as lms_collect

__all__ = ["CollectReport", "autograde", "collect_zip", "export", "feedback"]


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

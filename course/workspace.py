"""A learner's personal workspace: a copy of release/ that is never overwritten."""

from __future__ import annotations

import shutil
from pathlib import Path

from .errors import CourseError

EXTRA_FILES = ("GLOSSARY.md",)


def prepare(root: Path, workspace: Path) -> list[Path]:
    """Copy release/ (and the glossary) into ``workspace``, adding only files that are missing.

    A learner's existing notebooks and reflections are never replaced. Returns the
    files copied this time.
    """
    release = root / "release"
    if not release.is_dir():
        raise CourseError(f"{release} is missing; run `course build` in the course folder first.")
    if workspace.exists() and not workspace.is_dir():
        raise CourseError(
            f"{workspace} is a file, not a folder; choose another workspace with --workspace."
        )
    if not workspace.parent.is_dir():
        raise CourseError(
            f"The folder {workspace.parent} that should hold your workspace does "
            "not exist; create it or choose another place with --workspace."
        )
    workspace.mkdir(exist_ok=True)
    copied: list[Path] = []
    sources = [p for p in release.rglob("*") if p.is_file() and ".ipynb_checkpoints" not in p.parts]
    pairs = [(p, workspace / p.relative_to(release)) for p in sources]
    pairs += [(root / name, workspace / name) for name in EXTRA_FILES if (root / name).is_file()]
    for src, dest in sorted(pairs):
        if dest.exists():
            continue
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(src, dest)
        copied.append(dest)
    return copied


def lab_command(workspace: Path) -> list[str]:
    """The command that opens JupyterLab on the workspace."""
    import os
    import sys

    cmd = [sys.executable, "-m", "jupyter", "lab", f"--ServerApp.root_dir={workspace}"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        cmd.append("--allow-root")  # containers and CI machines often run as root
    return cmd

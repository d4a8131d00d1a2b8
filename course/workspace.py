"""A learner's personal workspace: a copy of release/ that is never overwritten."""

from __future__ import annotations

import shutil
from pathlib import Path

from .errors import CourseError

# Course files the notebooks refer to by a path relative to their module folder
# (``../GLOSSARY.md``, ``../data/README.md``), copied to the same place in the workspace.
# Only the data dictionary comes from data/: each module folder already holds its own CSVs.
EXTRA_FILES = ("GLOSSARY.md", "data/README.md")


def prepare(root: Path, workspace: Path) -> list[Path]:
    """Add to ``workspace`` whatever it lacks of release/, the glossary and the data dictionary.

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
        try:
            dest.parent.mkdir(parents=True, exist_ok=True)
        except (FileExistsError, NotADirectoryError):
            blocking = next(p for p in dest.parents if p.exists() and not p.is_dir())
            raise CourseError(
                f"{blocking.relative_to(workspace)} in your workspace is a file where the course "
                "needs a folder; rename it and run `course start` again."
            ) from None
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

"""Build the learner release from the source notebooks, and check the two are in sync."""

from __future__ import annotations

import filecmp
import shutil
import tempfile
from pathlib import Path

from . import data, nbg, notebooks
from .errors import CourseError
from .paths import module_ids, resolve_module

COURSE_FILES = ("nbgrader_config.py", "grader_config.py")


def check_source(root: Path, module: str) -> None:
    """Fail with a clear message if a module's source folder is not ready to release."""
    folder = root / "source" / module
    if (folder / "reflections").exists():
        raise CourseError(
            f"source/{module} has a reflections folder; delete it, or every "
            "graded submission would receive its files."
        )
    nbs = sorted(folder.glob("*.ipynb"))
    if not nbs:
        raise CourseError(f"source/{module} has no notebook; add one or remove the folder.")
    for path in nbs:
        issues = notebooks.problems(notebooks.read(path))
        if issues:
            raise CourseError(
                f"{path.relative_to(root)} is not clean ({'; '.join(issues)}); "
                "clear outputs and fix the cell ids, then build again."
            )


def build(root: Path, modules: list[str] | None = None) -> list[str]:
    """Write the data, then run ``nbgrader generate_assignment`` for each module."""
    data.write_all(root)
    chosen = [resolve_module(root, m) for m in modules] if modules else module_ids(root)
    for module in chosen:
        check_source(root, module)
        nbg.run(root, "generate_assignment", module, "--force", "--no-db")
    return chosen


def differences(left: Path, right: Path) -> list[str]:
    """Relative paths that differ between two folders (missing on one side or changed)."""
    found: list[str] = []
    cmp = filecmp.dircmp(left, right, ignore=[".ipynb_checkpoints", "__pycache__"])

    def walk(c: filecmp.dircmp[str], prefix: str) -> None:
        found.extend(prefix + n for n in c.left_only + c.right_only + c.funny_files)
        _, mismatch, errors = filecmp.cmpfiles(c.left, c.right, c.common_files, shallow=False)
        found.extend(prefix + n for n in mismatch + errors)
        for name, sub in c.subdirs.items():
            walk(sub, f"{prefix}{name}/")

    walk(cmp, "")
    return sorted(found)


def release_out_of_sync(root: Path) -> list[str]:
    """Build the release afresh in a temporary copy and list files that differ from release/."""
    with tempfile.TemporaryDirectory(prefix="course-build-") as tmp:
        copy = Path(tmp)
        for name in COURSE_FILES:
            shutil.copy2(root / name, copy / name)
        shutil.copytree(
            root / "source",
            copy / "source",
            ignore=shutil.ignore_patterns(".ipynb_checkpoints", "reflections"),
        )
        (copy / "release").mkdir()
        for module in module_ids(copy):
            nbg.run(copy, "generate_assignment", module, "--force", "--no-db")
        if not (root / "release").is_dir():
            return ["release/ (missing)"]
        return differences(copy / "release", root / "release")

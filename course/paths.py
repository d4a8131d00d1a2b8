"""Where things live: the course folder, its modules and a learner's workspace."""

from __future__ import annotations

import os
from pathlib import Path

from .errors import CourseError

PACKAGE_DIR = Path(__file__).resolve().parent
REPO_DIR = PACKAGE_DIR.parent


def course_dir(path: str | os.PathLike[str] | None = None) -> Path:
    """Return the course folder (the one holding ``nbgrader_config.py``).

    ``path`` wins, then ``COURSE_DIR``, then the folder this package was installed from.
    """
    chosen = Path(path or os.environ.get("COURSE_DIR") or REPO_DIR).resolve()
    if not (chosen / "nbgrader_config.py").is_file():
        raise CourseError(
            f"{chosen} is not a course folder (it has no nbgrader_config.py); "
            "run the command from a clone of the course or pass --course-dir."
        )
    return chosen


def module_ids(root: Path, folder: str = "source") -> list[str]:
    """List the module ids (folder names) under ``root/folder``, in course order."""
    base = root / folder
    if not base.is_dir():
        return []
    return sorted(p.name for p in base.iterdir() if p.is_dir() and not p.name.startswith("."))


def match_module(ids: list[str], name: str) -> str | None:
    """The id in ``ids`` that ``name`` means (the id itself, or ``m01`` for ``m01_...``)."""
    if name in ids:
        return name
    matches = [m for m in ids if m.startswith(name + "_")]
    return matches[0] if len(matches) == 1 else None


def resolve_module(root: Path, name: str, folder: str = "source") -> str:
    """Turn ``m01`` or ``m01_leading_without_authority`` into the full module id."""
    ids = module_ids(root, folder)
    found = match_module(ids, name)
    if found:
        return found
    known = ", ".join(ids) or "none"
    raise CourseError(f"There is no module called {name!r}; the modules are: {known}.")


def default_workspace() -> Path:
    """The learner's workspace: ``COURSE_WORKSPACE`` or ``workspace/`` beside the course."""
    return Path(os.environ.get("COURSE_WORKSPACE") or REPO_DIR / "workspace").resolve()


# What a copy of the course needs to grade: nbgrader's settings and the module folders.
GRADING_FILES = ("nbgrader_config.py", "grader_config.py")
GRADING_FOLDERS = ("source", "release", "data")


def copy_course(root: Path, dest: Path) -> Path:
    """Copy the course in ``root`` to a new folder ``dest`` to grade in; return ``dest``."""
    import shutil

    dest.mkdir(parents=True, exist_ok=True)
    for name in GRADING_FILES:
        shutil.copy2(root / name, dest / name)
    for name in GRADING_FOLDERS:
        shutil.copytree(root / name, dest / name)
    return dest


def seeds_dir() -> Path:
    """The seed documents the course teaches from: ``COURSE_SEEDS``, else ``../shared/seeds``.

    They are not part of the repository, so this may name a folder that does not exist.
    """
    return Path(os.environ.get("COURSE_SEEDS") or REPO_DIR.parent / "shared" / "seeds").resolve()

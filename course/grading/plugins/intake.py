"""Only the notebook, its reflections and the course's data files stay in ``autograded/``.

nbgrader copies everything a learner submitted into ``autograded/<learner>/<module>/``,
and that folder is later opened by the tutor (formgrader, JupyterLab) and copied into
``feedback/``. A ``.py`` file left there would run as the tutor: Python imports from
a kernel's working folder (a planted ``ipykernel_launcher.py`` runs when the tutor
opens the notebook). ``KeepOnlyCourseFiles`` runs first in the sanitize step and
removes every file that is not on the allow-list: the module's notebooks,
the learner's ``reflections/<key>.json`` files, nbgrader's ``timestamp.txt``, and files
of the module's ``source/`` folder (the data, which nbgrader has just put back from the
course's own copy).
"""

from __future__ import annotations

from pathlib import Path

from nbconvert.preprocessors import Preprocessor
from nbformat.notebooknode import NotebookNode
from traitlets import Bool

from ...reflect import FOLDER, KEY_PATTERN
from .place import place


def allowed(rel: Path, source_files: set[str]) -> bool:
    """Whether a file at ``rel`` (inside the learner's module folder) may stay."""
    parts = rel.parts
    if len(parts) == 1 and (
        rel.suffix == ".ipynb" or rel.name in source_files or rel.name == "timestamp.txt"
    ):
        return True
    if str(rel) in source_files:
        return True
    return (
        len(parts) == 2
        and parts[0] == FOLDER
        and rel.suffix == ".json"
        and bool(KEY_PATTERN.match(rel.stem.split(".unreadable-")[0]))
    )


def keep_only_course_files(folder: Path, source: Path) -> list[str]:
    """Remove what is not on the allow-list from ``folder``; return what was removed."""
    source_files = {str(p.relative_to(source)) for p in source.rglob("*") if p.is_file()}
    removed = []
    for path in sorted(folder.rglob("*"), key=lambda p: len(p.parts), reverse=True):
        rel = path.relative_to(folder)
        if path.is_symlink() or (path.is_file() and not allowed(rel, source_files)):
            path.unlink()
            removed.append(str(rel))
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()
        elif not path.is_dir() and not path.is_file():  # sockets, pipes, devices
            path.unlink()
            removed.append(str(rel))
    return removed


class KeepOnlyCourseFiles(Preprocessor):
    """Prune a learner's graded folder to the allow-list before anything runs."""

    enabled = Bool(True).tag(config=True)

    def preprocess(self, nb: NotebookNode, resources: dict):  # type: ignore[override]
        where = place(self.config, resources)
        folder = where.folder
        if folder.parent.parent.name == "submitted":  # sanitizing: the copy is in autograded/
            folder = where.root / "autograded" / folder.parent.name / folder.name
        if folder.is_dir():
            for rel in keep_only_course_files(folder, where.source):
                self.log.warning(
                    "COURSE-REMOVED: %s is not part of a submission and was left out of grading",
                    rel,
                )
        return nb, resources

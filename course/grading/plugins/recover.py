"""Reflections a learner handed in only inside the notebook are written back before grading.

A learner who uploads just the ``.ipynb`` (the LMS takes one file; File > Download gives one)
still carries each reflection in the notebook's saved widget state
(``course.reflections.carried``). ``RecoverReflections`` runs in the sanitize step, right after
``KeepOnlyCourseFiles``, and writes back every reflection the module checks whose file in
``autograded/`` is missing, unreadable or older, so the completeness checks and the tutor see
it. Each one is logged for the autograde summary (``COURSE-RECOVERED``). Nothing in
``submitted/`` is changed.
"""

from __future__ import annotations

from nbconvert.preprocessors import Preprocessor
from nbformat.notebooknode import NotebookNode
from traitlets import Bool

from ... import notebooks
from ...errors import CourseError
from ...progress import reflection_checks
from ...reflections import carried
from .place import place


class RecoverReflections(Preprocessor):
    """Put back reflections carried in the notebook where the reflections folder lacks them."""

    enabled = Bool(True).tag(config=True)

    def preprocess(self, nb: NotebookNode, resources: dict):  # type: ignore[override]
        where = place(self.config, resources)
        folder = where.root / "autograded" / where.folder.parent.name / where.folder.name
        name = f"{resources['metadata'].get('name', where.module)}.ipynb"
        try:
            checked = reflection_checks(notebooks.read(where.source / name))
        except CourseError:
            return nb, resources
        keys = {key for _, key, _ in checked}
        for problem in carried.problems(nb, keys):
            self.log.warning("COURSE-RECOVERED: the notebook %s", problem)
        if folder.is_dir():
            for found in carried.restore(nb, folder, keys):
                self.log.warning(
                    "COURSE-RECOVERED: reflection %s was taken from the notebook's saved "
                    "widget state (the reflections folder had %s)",
                    found.key,
                    found.reason,
                )
        return nb, resources

"""Marking by question: every learner's answer to one manually marked cell, one after another.

``questions`` finds the cells a tutor marks by hand, ``rubric`` turns a marking guide into
rubric items, ``order`` gives each marker a stable shuffled order and each learner a
pseudonym, ``answers`` reads what a learner wrote, ``store`` keeps the marking state,
``record`` writes marks into nbgrader's gradebook, ``queue`` puts these together for the
page, and ``server`` serves the page from Jupyter Server (docs/marking.md).
"""


def _jupyter_server_extension_points() -> list[dict[str, object]]:
    """Jupyter Server's hook: the marking page's extension app."""
    from .server import MarkingApp

    return [{"module": "course.grading.marking.server", "app": MarkingApp}]

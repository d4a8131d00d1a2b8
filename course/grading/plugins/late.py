"""The late penalty of ``deadlines.yml``, as nbgrader's late-submission plugin.

``grader_config.py`` names this class in ``AssignLatePenalties.plugin_class``; nbgrader
calls it while grading a learner whose ``SubmittedAssignment`` is late (its timestamp after
the assignment's ``duedate`` plus the learner's ``extension``, both written by
``course.grading.deadlines.apply``). The preprocessor that makes the plugin is its parent
and knows the module being graded, so a module can have its own penalty.
"""

from __future__ import annotations

from pathlib import Path

from nbgrader.plugins import LateSubmissionPlugin
from traitlets import Unicode

from .. import deadlines


class DeadlinePenalty(LateSubmissionPlugin):
    """Take the penalty ``deadlines.yml`` states for the module from a late notebook."""

    deadlines_file = Unicode("", help="The course's deadlines.yml (set in grader_config.py).").tag(
        config=True
    )

    def late_submission_penalty(
        self, student_id: str, score: float, total_seconds_late: float
    ) -> float | None:
        module = str(getattr(self.parent, "assignment_id", "") or "")
        path = Path(self.deadlines_file)
        found = deadlines.load(path)  # checked by `course autograde` before grading began
        rule = found.get(module) or found.get(module.split("_", 1)[0])
        penalty = rule.penalty if rule else found.penalty
        taken = penalty.of(float(score or 0), total_seconds_late)
        self.log.warning(
            "%s is %.0f s late: %s, so %.2f mark(s) are taken off",
            student_id,
            total_seconds_late,
            penalty.describe(),
            taken,
        )
        return taken or None

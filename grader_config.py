"""nbgrader configuration for System Leadership Lab.

nbgrader only reads ``nbgrader_config.py``, which loads this file. It is executed
several times per command, so it only sets values: no side effects.

Two settings can be changed without editing the file:

* ``COURSE_CELL_TIMEOUT`` - seconds a single cell may run during autograding
  (default 60). A learner's infinite loop is stopped after this time and the
  rest of the notebook is still graded.
* ``COURSE_ID`` - the course id used by the nbgrader exchange on a shared hub.
* ``COURSE_DB_URL`` - the gradebook, when several graders or machines share one
  PostgreSQL database (default: nbgrader's ``gradebook.db`` in the course folder; see
  ``course/grading/gradebook.py`` and ``docs/scale.md``).

Learners' code runs in a bubblewrap sandbox that sees only that learner's files and
the module's data (``course/grading/plugins/execute.py``), and every check is judged
outside it (``course/grading/plugins/checks.py``): see ``docs/isolation.md``.
``COURSE_TRUST_SUBMISSIONS=1`` (``course autograde --trust-submissions``) grades
without the sandbox where bubblewrap cannot run.
"""

import os

from nbconvert.preprocessors import ClearMetadataPreprocessor, CSSHTMLHeaderPreprocessor
from nbgrader.preprocessors import (
    AssignLatePenalties,
    ClearHiddenTests,
    ClearOutput,
    DeduplicateIds,
    GetGrades,
    IgnorePattern,
    LimitOutput,
    OverwriteCells,
    OverwriteKernelspec,
    SaveAutoGrades,
)

from course.grading.gradebook import configured as configured_db_url
from course.grading.plugins.checks import SealChecks, TrustedChecks
from course.grading.plugins.execute import IsolatedExecute
from course.grading.plugins.feedback import FEEDBACK_TEMPLATE_DIRS, HideHiddenTestTracebacks
from course.grading.plugins.intake import KeepOnlyCourseFiles
from course.grading.plugins.integrity import NOTICE, RecordGradedCells, ZeroRestoredChecks
from course.grading.plugins.metadata import CheckCellMetadataOnce
from course.grading.plugins.recover import RecoverReflections

c = get_config()  # noqa: F821 (provided by traitlets when nbgrader loads the file)

c.CourseDirectory.course_id = os.environ.get("COURSE_ID", "system-leadership-lab")
c.CourseDirectory.root = os.path.dirname(os.path.abspath(__file__))
if configured_db_url():  # a shared PostgreSQL gradebook; otherwise nbgrader's SQLite file
    c.CourseDirectory.db_url = configured_db_url()
# Files nbgrader never copies. A learner's reflections/ folder must travel from
# submitted/ to autograded/, so it is not listed; `course build` refuses a
# source folder that has one.
c.CourseDirectory.ignore = [".ipynb_checkpoints", "*.pyc", "__pycache__", "feedback"]

# Release notebooks: the answer cell keeps a named placeholder, so the notebook
# runs top to bottom and only the checks fail.
c.ClearSolutions.code_stub = {"python": "# YOUR CODE HERE"}
c.ClearSolutions.text_stub = "YOUR ANSWER HERE"

# Autograding: each cell gets a time limit; deleted, duplicated or de-tagged
# graded cells are put back and score 0 (with a warning) instead of being
# silently ungraded.
c.Execute.timeout = int(os.environ.get("COURSE_CELL_TIMEOUT", "60"))
c.Execute.interrupt_on_timeout = True
c.OverwriteCells.add_missing_cells = True
c.OverwriteCells.missing_cell_notification = NOTICE
c.Autograde.sanitize_preprocessors = [
    KeepOnlyCourseFiles,
    RecoverReflections,
    ClearOutput,
    RecordGradedCells,
    DeduplicateIds,
    OverwriteKernelspec,
    OverwriteCells,
    ZeroRestoredChecks,
    CheckCellMetadataOnce,  # nbgrader's, its schema checked once (plugins/metadata.py)
]

# nbconvert validates the whole notebook after each of the steps above and below; once,
# after the last, gives the same verdict (and nbgrader validates it again when writing).
c.Exporter.optimistic_validation = True

# Learners' code runs in the sandbox; checks are judged outside it (docs/isolation.md).
c.IsolatedExecute.timeout = c.Execute.timeout
c.IsolatedExecute.interrupt_on_timeout = True
c.IsolatedExecute.trust_submissions = os.environ.get("COURSE_TRUST_SUBMISSIONS") == "1"
c.Autograde.autograde_preprocessors = [
    SealChecks,
    IsolatedExecute,
    TrustedChecks,
    IgnorePattern,
    ClearMetadataPreprocessor,
    LimitOutput,
    SaveAutoGrades,
    AssignLatePenalties,
    CheckCellMetadataOnce,  # nbgrader's, its schema checked once (plugins/metadata.py)
]

# Late work: the deadline and extensions of deadlines.yml are written into the gradebook
# before grading (course/grading/deadlines.py); this plugin takes off the stated penalty.
c.AssignLatePenalties.plugin_class = "course.grading.plugins.late.DeadlinePenalty"
c.DeadlinePenalty.deadlines_file = os.path.join(c.CourseDirectory.root, "deadlines.yml")

# Feedback must never show hidden tests.
c.GenerateFeedback.preprocessors = [
    GetGrades,
    ClearHiddenTests,
    HideHiddenTestTracebacks,
    CSSHTMLHeaderPreprocessor,
]
# The feedback page is nbgrader's, with the course's own head: nothing loaded from the
# internet, and WCAG 2.1 AA contrast for links and scores (plugins/templates/course_feedback).
# Set for GenerateFeedback's exporter only: formgrader draws submissions with an HTMLExporter
# too, and with this template it would lose its marking boxes.
c.GenerateFeedback.HTMLExporter.template_name = "course_feedback"
c.GenerateFeedback.HTMLExporter.template_file = "feedback.html.j2"
c.GenerateFeedback.HTMLExporter.extra_template_basedirs = FEEDBACK_TEMPLATE_DIRS
c.CSSHTMLHeaderPreprocessor.style = "a11y-high-contrast-light"  # from accessible-pygments

# An LMS bulk download is collected by the course (`course collect --zip`,
# course/grading/lms, docs/collect.md), not by nbgrader's zip_collect.

# Collecting from the hub's exchange: a learner's symbolic link is copied as a link, never
# followed (course/grading/plugins/exchange.py), and grading then refuses that submission.
c.ExchangeFactory.collect = "course.grading.plugins.exchange.LinkSafeCollect"

"""nbgrader configuration for System Leadership Lab.

nbgrader only reads ``nbgrader_config.py``, which loads this file. It is executed
several times per command, so it only sets values: no side effects.

Two settings can be changed without editing the file:

* ``COURSE_CELL_TIMEOUT`` - seconds a single cell may run during autograding
  (default 60). A learner's infinite loop is stopped after this time and the
  rest of the notebook is still graded.
* ``COURSE_ID`` - the course id used by the nbgrader exchange on a shared hub.
"""

import os

from nbconvert.preprocessors import CSSHTMLHeaderPreprocessor
from nbgrader.preprocessors import ClearHiddenTests, GetGrades

from course.feedback import HideHiddenTestTracebacks

c = get_config()  # noqa: F821 (provided by traitlets when nbgrader loads the file)

c.CourseDirectory.course_id = os.environ.get("COURSE_ID", "system-leadership-lab")
c.CourseDirectory.root = os.path.dirname(os.path.abspath(__file__))
# Files nbgrader never copies. A learner's reflections/ folder must travel from
# submitted/ to autograded/, so it is not listed; `course build` refuses a
# source folder that has one.
c.CourseDirectory.ignore = [".ipynb_checkpoints", "*.pyc", "__pycache__", "feedback"]

# Release notebooks: the answer cell keeps a named placeholder, so the notebook
# runs top to bottom and only the checks fail.
c.ClearSolutions.code_stub = {"python": "# YOUR CODE HERE"}
c.ClearSolutions.text_stub = "YOUR ANSWER HERE"

# Autograding: each cell gets a time limit; deleted or de-tagged graded cells
# are put back (and score 0) instead of being silently ungraded.
c.Execute.timeout = int(os.environ.get("COURSE_CELL_TIMEOUT", "60"))
c.Execute.interrupt_on_timeout = True
c.OverwriteCells.add_missing_cells = True

# Feedback must never show hidden tests.
c.GenerateFeedback.preprocessors = [
    GetGrades,
    ClearHiddenTests,
    HideHiddenTestTracebacks,
    CSSHTMLHeaderPreprocessor,
]

# Collecting an LMS bulk download: one folder per learner, named
# ``<student_id>`` or ``<student_id>_<YYYY-MM-DD-HH-MM-SS>``, holding the
# notebook and its ``reflections/`` folder.
c.ZipCollectApp.collector_plugin = "course.collect.LmsCollector"
c.FileNameCollectorPlugin.valid_ext = [".ipynb", ".json", ".csv"]

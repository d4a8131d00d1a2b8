"""The tutor's side: collecting, autograding a cohort, feedback and the cohort summary.

``plugins/`` holds what nbgrader loads by name from ``grader_config.py``: the LMS
collector, the preprocessors and the isolated grading kernel.
"""

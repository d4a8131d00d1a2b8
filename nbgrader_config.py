"""nbgrader reads only this file; the course configuration lives in grader_config.py."""

load_subconfig("grader_config.py")  # noqa: F821 (provided by traitlets when nbgrader loads the file)

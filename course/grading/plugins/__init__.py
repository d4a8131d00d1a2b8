"""What nbgrader loads by name from ``grader_config.py``: collector, preprocessors, kernel."""

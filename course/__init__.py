"""System Leadership Lab: tools for learners (reflections, charts, checks) and tutors (grading)."""

__version__ = "0.1.0"

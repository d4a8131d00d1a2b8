"""Reflections: the kinds (``kinds``), their files (``store``), the box learners type in
(``box``) and the copies a notebook carries in its saved widget state (``carried``).

Notebooks use them through ``course.reflect``, whose import path they rely on.
"""

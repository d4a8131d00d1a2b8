"""Collect an LMS bulk download into nbgrader's ``submitted/`` folder (docs/collect.md).

One module per job: ``zipsafe`` reads a zip without trusting it, ``entry`` holds what a
layout found, ``folders``, ``moodle``, ``canvas`` and ``blackboard`` each recognise one
documented layout, ``layouts`` runs them, ``roster`` maps what a layout names to a learner
id, ``notebooks`` matches a renamed notebook by its content, ``submission`` builds one
learner's folder, ``archive`` keeps every download and what was collected, ``remark`` flags
manual marks whose answer changed, and ``collect`` puts it together.
"""

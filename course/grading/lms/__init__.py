"""Collect an LMS bulk download into nbgrader's ``submitted/`` folder (docs/collect.md).

One module per job: ``zipsafe`` reads a zip without trusting it, ``entry`` holds what a
layout found, ``folders``, ``moodle``, ``canvas`` and ``blackboard`` each recognise one
documented layout, ``layouts`` runs them, ``roster`` maps what a layout names to a learner
id, ``notebooks`` matches a renamed notebook by its content, ``submission`` builds one
learner's folder, ``archive`` keeps every download and what was collected, ``remark`` flags
manual marks whose answer changed, and ``collect`` puts it together. Going back out,
``identity`` says who a learner is in the LMS, ``grades`` writes the LMS's grade import and
``feedbackzip`` names feedback for its upload (docs/grades.md).
"""

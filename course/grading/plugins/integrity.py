"""Graded cells a learner deleted, duplicated or stripped of their tags score 0, with a warning.

nbgrader puts a missing graded cell back (``OverwriteCells.add_missing_cells``) and
runs it, so a learner who deletes a check would still be marked on it, and one
who deletes a failing check might gain. These two preprocessors make the rule
plain instead: a check that was not in the submission exactly once, with its
tags, is restored and scores 0, and the log says so.

* ``RecordGradedCells`` (before nbgrader's ``DeduplicateIds``) notes which graded
  cell ids appear more than once.
* ``ZeroRestoredChecks`` (after ``OverwriteCells``) turns every restored or
  duplicated check into one that fails with a message in words.
"""

from __future__ import annotations

from collections import Counter

from nbconvert.preprocessors import Preprocessor
from nbformat.notebooknode import NotebookNode
from traitlets import Bool

MARKER = "COURSE-RESTORED"
NOTICE = (
    f"{MARKER}: this check (id:{{cell_id}}) was missing from the submitted notebook "
    "or had lost its grading tags, so it was put back and scores 0.\n\n"
)
RESULT = (
    "This check was deleted, copied or changed in your notebook, so it was put back "
    "and scores 0. Keep the check cells as they were released."
)


def is_restored(source: str) -> bool:
    """Whether a check cell is the one ``ZeroRestoredChecks`` wrote for a restored check."""
    return MARKER in source.split("\n", 1)[0]


def _grade_id(cell: NotebookNode) -> str | None:
    meta = cell.get("metadata", {}).get("nbgrader", {})
    if meta.get("grade") and not meta.get("solution"):
        return meta.get("grade_id")
    return None


class RecordGradedCells(Preprocessor):
    """Note which graded test cells appear more than once, and untag the extra copies.

    Only the first copy of any nbgrader cell keeps its tags (nbgrader's own
    ``DeduplicateIds`` leaves tags that later steps cannot read).
    """

    enabled = Bool(True).tag(config=True)

    def preprocess(self, nb: NotebookNode, resources: dict):  # type: ignore[override]
        counts = Counter(gid for c in nb.cells if (gid := _grade_id(c)))
        resources["course_duplicated_checks"] = sorted(g for g, n in counts.items() if n > 1)
        seen: set[str] = set()
        for cell in nb.cells:
            gid = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
            if gid is None:
                continue
            if gid in seen:
                del cell.metadata["nbgrader"]
            seen.add(gid)
        return nb, resources


class ZeroRestoredChecks(Preprocessor):
    """Make restored or duplicated checks fail, so they score 0, and log a warning."""

    enabled = Bool(True).tag(config=True)

    def preprocess(self, nb: NotebookNode, resources: dict):  # type: ignore[override]
        duplicated = set(resources.get("course_duplicated_checks", []))
        for cell in nb.cells:
            gid = _grade_id(cell)
            if cell.cell_type != "code" or gid is None:
                continue
            restored = is_restored(cell.source)
            if restored or gid in duplicated:
                how = "deleted or de-tagged" if restored else "duplicated"
                self.log.warning(
                    "%s: check %s was %s in the submission; restored and scored 0", MARKER, gid, how
                )
                cell.source = (
                    f"# {MARKER}: check {gid} was {how} in the submitted notebook.\n"
                    f"raise AssertionError({RESULT!r})"
                )
                duplicated.discard(gid)  # only the first (kept) copy is graded
        return nb, resources

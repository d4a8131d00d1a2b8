"""Simulated learners: a release notebook with answer cells filled in."""

from __future__ import annotations

from pathlib import Path

import nbformat

from course.notebooks import nbgrader_meta


def solutions(source_nb: Path) -> dict[str, str]:
    """The solution code of every answer cell in a source notebook, by grade id."""
    nb = nbformat.read(source_nb, as_version=4)
    found = {}
    for cell in nb.cells:
        meta = nbgrader_meta(cell)
        if meta.get("solution"):
            lines = [ln for ln in cell.source.splitlines()
                     if "### BEGIN SOLUTION" not in ln and "### END SOLUTION" not in ln]
            found[meta["grade_id"]] = "\n".join(lines)
    return found


def fill(release_nb: Path, answers: dict[str, str], out: Path) -> Path:
    """Write a copy of ``release_nb`` whose answer cells hold ``answers`` (by grade id)."""
    nb = nbformat.read(release_nb, as_version=4)
    for cell in nb.cells:
        grade_id = nbgrader_meta(cell).get("grade_id")
        if grade_id in answers:
            cell.source = answers[grade_id]
    out.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, out)
    return out

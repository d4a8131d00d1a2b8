"""Cell builders for writing module notebooks with nbgrader metadata and stable cell ids.

Authors may write notebooks in JupyterLab with nbgrader's "Create Assignment"
toolbar; these builders do the same from Python and give every cell a stable,
readable id.
"""

from __future__ import annotations

from textwrap import dedent

import nbformat
from nbformat.notebooknode import NotebookNode

SCHEMA_VERSION = 3


def _meta(
    grade_id: str,
    *,
    grade: bool = False,
    solution: bool = False,
    locked: bool = False,
    task: bool = False,
    points: float | None = None,
) -> dict[str, object]:
    meta: dict[str, object] = {
        "grade": grade,
        "grade_id": grade_id,
        "locked": locked,
        "schema_version": SCHEMA_VERSION,
        "solution": solution,
        "task": task,
    }
    if points is not None:
        meta["points"] = points
    return {"nbgrader": meta}


def _clean(text: str) -> str:
    return dedent(text).strip("\n")


def md(cell_id: str, text: str) -> NotebookNode:
    """A Markdown cell of narrative."""
    cell = nbformat.v4.new_markdown_cell(_clean(text))
    cell.id = cell_id
    return cell


def code(cell_id: str, source: str) -> NotebookNode:
    """An ordinary code cell (a worked example the learner may change)."""
    cell = nbformat.v4.new_code_cell(_clean(source))
    cell.id = cell_id
    return cell


def readonly(cell_id: str, source: str) -> NotebookNode:
    """A locked code cell (set-up, reflection widgets, tutor views)."""
    cell = code(cell_id, source)
    cell.metadata.update(_meta(cell_id, locked=True))
    return cell


def answer(cell_id: str, source: str) -> NotebookNode:
    """An answer cell: the part between BEGIN/END SOLUTION is removed in the release."""
    cell = code(cell_id, source)
    cell.metadata.update(_meta(cell_id, solution=True))
    return cell


def check(cell_id: str, source: str, points: float) -> NotebookNode:
    """A locked, autograded test cell worth ``points``."""
    cell = code(cell_id, source)
    cell.metadata.update(_meta(cell_id, grade=True, locked=True, points=points))
    return cell


def exercise_check(
    cell_id: str, check_id: str, points: float, hidden: str = "", title: str = ""
) -> NotebookNode:
    """A check cell for a data task: ``title`` as a comment, then the exercise's one call.

    The call is generated from the exercise's declaration in ``course.exercises``, so
    the names it hands to the grader are always the ones its visible test takes.
    ``hidden`` is code run only by the grader, with the answers bound to those names
    and ``checks``, ``data``, ``data_path`` and ``pd`` available.
    """
    from .exercises import find

    lines = [f"# {title}"] if title else []
    lines.append(find(check_id).call_source())
    if hidden:
        lines += ["### BEGIN HIDDEN TESTS", _clean(hidden), "### END HIDDEN TESTS"]
    return check(cell_id, "\n".join(lines), points)


def task(cell_id: str, text: str, points: float) -> NotebookNode:
    """A manually graded task (Markdown) that the tutor scores in formgrader."""
    cell = md(cell_id, text)
    cell.metadata.update(_meta(cell_id, task=True, locked=True, points=points))
    return cell


def notebook(cells: list[NotebookNode]) -> NotebookNode:
    """A notebook with the Python 3 kernel and the given cells."""
    nb = nbformat.v4.new_notebook()
    nb.cells = cells
    nb.metadata["kernelspec"] = {
        "display_name": "Python 3 (ipykernel)",
        "language": "python",
        "name": "python3",
    }
    nb.metadata["language_info"] = {"name": "python"}
    return nb

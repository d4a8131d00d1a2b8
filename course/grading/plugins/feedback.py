"""Feedback that never shows hidden tests.

nbgrader's ``ClearHiddenTests`` removes hidden test source from the feedback,
but a failed check's traceback still prints the lines that failed. This
preprocessor keeps only the error's name and message (written in words by the
course) for every autograded test cell.
"""

from __future__ import annotations

from pathlib import Path

import nbgrader
from nbconvert.preprocessors import Preprocessor
from nbformat.notebooknode import NotebookNode
from traitlets import Bool

from ...notebooks import is_autograded_test

# Where nbconvert finds the course's feedback template, then nbgrader's, which it extends.
FEEDBACK_TEMPLATE_DIRS = [
    str(Path(__file__).resolve().parent / "templates"),
    str(
        Path(nbgrader.__file__).resolve().parent / "server_extensions" / "formgrader" / "templates"
    ),
]


def short_error(output: NotebookNode) -> NotebookNode:
    """Replace an error output's traceback by a single line: its name and message."""
    message = f"{output.get('ename', 'Error')}: {output.get('evalue', '')}".rstrip(": ")
    output["traceback"] = [message]
    return output


class HideHiddenTestTracebacks(Preprocessor):
    """Cut tracebacks of autograded test cells down to the check's message."""

    enabled = Bool(True).tag(config=True)

    def preprocess_cell(self, cell: NotebookNode, resources: dict, index: int):  # type: ignore[override]
        if is_autograded_test(cell):
            for output in cell.get("outputs", []):
                if output.get("output_type") == "error":
                    short_error(output)
        return cell, resources

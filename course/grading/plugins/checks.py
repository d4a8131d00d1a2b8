"""Checks judged outside the learner's kernel: what nbgrader scores is decided here.

Two preprocessors around ``IsolatedExecute`` in ``Autograde.autograde_preprocessors``:

* ``SealChecks`` (before execution) takes each check cell's trusted source (put back
  from the gradebook by nbgrader's ``OverwriteCells``), keeps it in memory, and leaves
  only the call (``check("m01-ratio", reach)``) for the kernel. Hidden tests never
  reach the learner's kernel, so no hook, ``In`` or traceback can show them, and the
  graded notebook written to ``autograded/`` does not hold them either.
* ``TrustedChecks`` (after execution) throws away whatever the kernel printed in each
  check cell and writes the result of judging it here instead: the exercise's visible
  test (``course.exercises``) and the cell's hidden tests, run in this process on the
  answers the check call handed over as JSON, with the module's data read from the
  course's own ``source/`` copy; reflection checks read the submitted reflection files.
  nbgrader's ``SaveAutoGrades`` then scores those outputs as usual.

Any problem (no answers, an unreadable export, a wrong type, a damaged reflection)
scores 0 for that check with one sentence, and the rest of the notebook is graded.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from nbconvert.preprocessors import Preprocessor
from nbformat.notebooknode import NotebookNode, from_dict
from traitlets import Bool

from ... import answers as answer_format
from ... import checks, exercises, reflect
from ...notebooks import is_autograded_test, split_hidden
from ...progress import KINDS, cell_reflection_checks
from .integrity import RESULT, is_restored
from .place import place

DATA_NAME = re.compile(r"^[\w.-]+$")
MAX_REFLECTION_BYTES = 2 * 1024 * 1024


class CheckFormatError(ValueError):
    """A check cell that is not the one call the grader reads."""


@dataclass
class CheckCall:
    """What one check cell asks for, read from its trusted source."""

    kind: str  # "exercise", or a reflection kind of course.progress.KINDS
    check_id: str = ""  # the exercise's id, or the reflection's key
    names: list[str] = field(default_factory=list)
    detail: dict[str, Any] = field(default_factory=dict)  # a reflection check's arguments
    hidden: str = ""


def parse(source: str) -> CheckCall:
    """Read a check cell: comments and one call, ``check(id, names...)`` or ``reflect.check_*``."""
    visible, hidden = split_hidden(source)
    try:
        body = ast.parse(visible).body
    except SyntaxError as exc:
        raise CheckFormatError("the check cell is not valid Python") from exc
    if (
        len(body) != 1
        or not isinstance(body[0], ast.Expr)
        or not isinstance(body[0].value, ast.Call)
    ):
        raise CheckFormatError("the check cell should hold exactly one call")
    call = body[0].value
    func = call.func
    if isinstance(func, ast.Name) and func.id == "check":
        if not call.args or not isinstance(call.args[0], ast.Constant) or call.keywords:
            raise CheckFormatError("the check call should name its check id first")
        names = [a.id for a in call.args[1:] if isinstance(a, ast.Name)]
        if len(names) != len(call.args) - 1:
            raise CheckFormatError("the check call should name its answers by their names")
        return CheckCall("exercise", str(call.args[0].value), names, hidden=hidden)
    if (
        isinstance(func, ast.Attribute)
        and isinstance(func.value, ast.Name)
        and func.value.id == "reflect"
        and func.attr.removeprefix("check_") in KINDS
    ):
        found = cell_reflection_checks(visible)
        if len(found) != 1:
            raise CheckFormatError("a reflection check takes only plain values")
        kind, key, detail = found[0]
        return CheckCall(kind, key, detail=detail, hidden=hidden)
    raise CheckFormatError("the check cell calls something the grader does not know")


def failed(message: str) -> NotebookNode:
    """The error output nbgrader scores as 0, holding only the check's sentence."""
    return from_dict(
        {
            "output_type": "error",
            "ename": "AssertionError",
            "evalue": message,
            "traceback": [f"AssertionError: {message}"],
        }
    )


def passed() -> NotebookNode:
    """The output nbgrader scores as full marks: the sentence a learner sees at home too."""
    return from_dict({"output_type": "stream", "name": "stdout", "text": checks.PASSED + "\n"})


class SealChecks(Preprocessor):
    """Keep each check cell's trusted source in memory; leave only the call in the notebook."""

    enabled = Bool(True).tag(config=True)

    def preprocess(self, nb: NotebookNode, resources: dict):  # type: ignore[override]
        sealed = resources.setdefault("course_sealed", {})
        for index, cell in enumerate(nb.cells):
            if is_autograded_test(cell):
                sealed[index] = cell.source
                cell.source = split_hidden(cell.source)[0].rstrip("\n")
        return nb, resources


class TrustedChecks(Preprocessor):
    """Judge every check cell here, on the answers handed over, and write its result."""

    enabled = Bool(True).tag(config=True)

    def preprocess(self, nb: NotebookNode, resources: dict):  # type: ignore[override]
        where = place(self.config, resources)
        self.source_dir, self.folder = where.source, where.folder
        dead = resources.get("course_dead_cell")
        sealed = resources.get("course_sealed", {})
        handed = resources.get("course_answers", {})
        for index, cell in enumerate(nb.cells):
            if not is_autograded_test(cell):
                continue
            trusted = sealed.get(index, cell.source)
            message = self.judge(trusted, handed.get(index, {}), cell)
            if message and dead is not None and index > dead["index"] and not is_restored(trusted):
                message = (
                    f"Not checked: the notebook stopped in cell {dead['index'] + 1} "
                    "before this check ran, so it scores 0."
                )
            cell.outputs = [passed()] if message is None else [failed(message)]
            self.log.info(
                "check %s: %s",
                cell.metadata.nbgrader.get("grade_id"),
                "passed" if message is None else "failed",
            )
        return nb, resources

    def judge(self, source: str, handed: dict[str, str], cell: NotebookNode) -> str | None:
        """``None`` if the check passes, else the one sentence the learner sees."""
        if is_restored(source):
            return RESULT
        try:
            call = parse(source)
        except CheckFormatError as exc:
            return f"This check could not be marked ({exc}), so it scores 0; tell your tutor."
        if call.kind == "exercise":
            return self._exercise(call, handed, cell)
        return self._reflection(call)

    def _exercise(self, call: CheckCall, handed: dict[str, str], cell: NotebookNode) -> str | None:
        try:
            exercise = exercises.find(call.check_id)
        except LookupError as exc:
            return str(exc)
        if list(exercise.answers) != call.names:
            return (
                "This check could not be marked (it names other answers than its task), "
                "so it scores 0; tell your tutor."
            )
        if call.check_id not in handed:
            return self._nothing_handed(cell)
        try:
            values = answer_format.decode(handed[call.check_id], call.check_id, len(call.names))
        except answer_format.AnswerError as exc:
            return f"Your answers could not be read by the grader ({exc}), so this check scores 0."
        namespace = dict(zip(call.names, values, strict=True))
        try:
            exercise.test(*values)
            if call.hidden:
                exec(
                    compile(call.hidden, "<hidden tests>", "exec"),  # noqa: S102 (trusted code from source/)
                    {**namespace, **self._helpers()},
                )
        except AssertionError as exc:
            return str(exc) or "This check failed."
        except Exception as exc:  # an answer of the wrong shape
            return (
                f"Your answer could not be checked ({type(exc).__name__}: "
                f"{str(exc)[:200]}); look again at what the task asks for."
            )
        return None

    @staticmethod
    def _nothing_handed(cell: NotebookNode) -> str:
        error = next(
            (
                o.get("ename", "")
                for o in cell.get("outputs", [])
                if o.get("output_type") == "error"
            ),
            "",
        )
        error = error if re.fullmatch(r"\w{1,40}", str(error)) else ""
        if error == "NameError":
            return (
                "No answer reached this check, so it scores 0: a name it checks is not "
                "defined. Run the task's answer cell (and the cells above it) first."
            )
        if error:
            return (
                f"No answer reached this check, so it scores 0: the check stopped with "
                f"{error}. Make sure the cells above run without errors."
            )
        return (
            "No answer reached this check, so it scores 0: the check cell did not hand its "
            "answers to the grader. Keep the check cells as they were released."
        )

    def _reflection(self, call: CheckCall) -> str | None:
        key = call.check_id
        if not reflect.KEY_PATTERN.match(key):
            return "This check could not be marked (it names no reflection), so it scores 0."
        path = reflect.reflection_path(key, self.folder)
        if path.is_symlink() or (path.is_file() and path.stat().st_size > MAX_REFLECTION_BYTES):
            return (
                f"The saved reflection {reflect.FOLDER}/{path.name} is not a plain file of "
                "a reflection (or is far too large), so it scores 0."
            )
        try:
            getattr(reflect, f"check_{call.kind}")(key, base=self.folder, **call.detail)
        except AssertionError as exc:
            return str(exc)
        except reflect.ReflectionFileError as exc:
            return f"{exc}"
        except Exception as exc:
            return f"This reflection could not be checked ({type(exc).__name__}), so it scores 0."
        return None

    def _helpers(self) -> dict[str, Any]:
        """What hidden tests may use besides the answers: the checks and the course's data."""
        import pandas as pd

        def data_path(name: str) -> Path:
            """Where one of the module's data files is, in the course's own copy."""
            if not DATA_NAME.match(name) or not (self.source_dir / name).is_file():
                raise ValueError(f"the module has no data file called {name!r}")
            return self.source_dir / name

        def data(name: str, **read_csv: Any) -> Any:
            """One of the module's data files as a table, from the course's own copy."""
            return pd.read_csv(data_path(name), **read_csv)

        return {
            "checks": checks,
            "data": data,
            "data_path": data_path,
            "pd": pd,
            "__name__": "hidden_tests",
        }

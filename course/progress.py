"""A learner's progress: checks passed and reflections completed, module by module.

Two numbers per module folder of a workspace (``<workspace>/<module>/<module>.ipynb``):

* **checks passed**, from the last ``course check`` run, which records its result in
  ``<workspace>/<module>/.progress.json`` (see :func:`save_result`); "not checked yet" before;
* **reflections complete**, worked out afresh from the learner's ``reflections/`` folder
  against the reflection checks (``check_text``, ``check_ratings``, ``check_stages``,
  ``check_table``) declared in the module's notebook, using :mod:`course.reflect`'s checks.

Nothing here changes a notebook or a reflection. :func:`widget` shows the same table in a
notebook; :func:`table_lines` prints it for the ``course progress`` command.
"""

from __future__ import annotations

import ast
import hashlib
import html
import inspect
import json
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import nbformat

from . import html_table as tables
from . import notebooks, reflect
from .errors import CourseError
from .notebooks import is_autograded_test
from .portfolio import MODULE_FOLDER
from .reflections import kinds

RESULT_FILE = ".progress.json"
KINDS = tuple(kinds.KINDS)
HEADERS = ("Module", "Checks passed", "Reflections complete")
NOT_CHECKED = "not checked yet"


@dataclass(frozen=True)
class LastCheck:
    """What the last ``course check`` of a module found."""

    passed: int
    total: int
    checked_at: str
    notebook_sha256: str


@dataclass(frozen=True)
class ModuleProgress:
    """One row of the progress table, as text ready to show."""

    module: str
    checks: str
    reflections: str


def sha256(path: Path) -> str:
    """The SHA-256 of a file's bytes ("" if it cannot be read)."""
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return ""


def save_result(folder: Path, passed: int, total: int, notebook_sha256: str) -> Path:
    """Record a ``course check`` result in ``folder/.progress.json`` (atomically)."""
    return reflect.write_json(
        folder / RESULT_FILE,
        {
            "passed": passed,
            "total": total,
            "notebook_sha256": notebook_sha256,
            "checked_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        },
    )


def load_result(folder: Path) -> LastCheck | None:
    """The last recorded ``course check`` result, or ``None`` (never run, or unreadable)."""
    try:
        record = json.loads((folder / RESULT_FILE).read_text(encoding="utf-8"))
        return LastCheck(
            int(record["passed"]),
            int(record["total"]),
            str(record.get("checked_at", "")),
            str(record.get("notebook_sha256", "")),
        )
    except (OSError, ValueError, TypeError, KeyError):
        return None


def check_arguments(kind: str) -> list[str]:
    """The names of a ``reflect.check_<kind>`` call's arguments after the key, in order."""
    names = list(inspect.signature(getattr(reflect, f"check_{kind}")).parameters)
    return [n for n in names[1:] if n != "base"]


def _literal_call(call: ast.Call, kind: str) -> tuple[str, dict[str, Any]] | None:
    """``(key, other arguments by name)`` of a reflection check call, if all are literals."""
    try:
        args = [ast.literal_eval(a) for a in call.args]
        kwargs = {k.arg: ast.literal_eval(k.value) for k in call.keywords if k.arg}
    except ValueError:
        return None
    if not args or not isinstance(args[0], str):
        return None
    kwargs.update(zip(check_arguments(kind), args[1:], strict=False))
    return args[0], kwargs


def cell_reflection_checks(source: str) -> list[tuple[str, str, dict[str, Any]]]:
    """The reflection checks called in one cell's code: (kind, key, other arguments)."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return []
    found = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        kind = node.func.attr.removeprefix("check_")
        if node.func.attr.startswith("check_") and kind in KINDS:
            parsed = _literal_call(node, kind)
            if parsed:
                found.append((kind, parsed[0], parsed[1]))
    return found


def reflection_checks(nb: nbformat.NotebookNode) -> list[tuple[str, str, dict[str, Any]]]:
    """Every reflection check in the notebook's locked test cells: (kind, key, arguments)."""
    return [
        found
        for cell in nb.cells
        if is_autograded_test(cell)
        for found in cell_reflection_checks(cell.source)
    ]


def reflection_done(kind: str, key: str, detail: dict[str, Any], folder: Path) -> bool:
    """Whether one declared reflection check passes on the learner's module folder."""
    check = getattr(reflect, f"check_{kind}")
    try:
        check(key, base=folder, **detail)
    except (AssertionError, CourseError, TypeError, ValueError):
        return False
    return True


def module_folders(workspace: Path) -> list[Path]:
    """The module folders of a workspace, in course order; a clear error if there are none."""
    if not workspace.is_dir():
        raise CourseError(
            f"There is no workspace at {workspace}; run `course start` to make "
            "one, or pass --workspace with the folder that holds your modules."
        )
    folders = sorted(p for p in workspace.iterdir() if p.is_dir() and MODULE_FOLDER.match(p.name))
    if not folders:
        raise CourseError(
            f"{workspace} holds no course modules; run `course start` to copy "
            "them there, or pass --workspace with the folder that holds them."
        )
    return folders


def _checks_text(folder: Path, notebook: Path) -> str:
    """ "4 of 7" from the last ``course check`` (noting later changes), or "not checked yet"."""
    last = load_result(folder)
    if last is None:
        return NOT_CHECKED
    text = f"{last.passed} of {last.total}"
    if last.notebook_sha256 and last.notebook_sha256 != sha256(notebook):
        text += " (notebook changed since)"
    return text


def _reflections_text(folder: Path, notebook: Path) -> str:
    """ "2 of 3" reflection checks that pass now, or why they cannot be counted."""
    if not notebook.is_file():
        return "notebook missing"
    try:
        nb = notebooks.read(notebook)
    except CourseError:
        return "notebook unreadable"
    declared = reflection_checks(nb)
    if not declared:
        return "none in this module"
    done = sum(reflection_done(kind, key, detail, folder) for kind, key, detail in declared)
    return f"{done} of {len(declared)}"


def rows(workspace: Path) -> list[ModuleProgress]:
    """One :class:`ModuleProgress` per module folder of ``workspace``."""
    found = []
    for folder in module_folders(workspace):
        notebook = folder / f"{folder.name}.ipynb"
        found.append(
            ModuleProgress(
                folder.name, _checks_text(folder, notebook), _reflections_text(folder, notebook)
            )
        )
    return found


def table_lines(table: list[ModuleProgress]) -> list[str]:
    """The progress table as aligned plain-text lines, with a header."""
    cells = [HEADERS, *[(r.module, r.checks, r.reflections) for r in table]]
    widths = [max(len(row[i]) for row in cells) for i in range(len(HEADERS))]
    return [
        "  ".join(text.ljust(w) for text, w in zip(row, widths, strict=True)).rstrip()
        for row in cells
    ]


def html_table(table: list[ModuleProgress], workspace: Path) -> str:
    """The progress table as accessible HTML: a caption, column and row headers."""
    esc = html.escape
    caption = (
        f"Your progress in {esc(str(workspace))}: checks passed at your last "
        "<code>course check</code>, and reflections complete now"
    )
    rows = [[esc(r.module), esc(r.checks), esc(r.reflections)] for r in table]
    return tables.html_table(caption, [esc(h) for h in HEADERS], rows, row_headers=True)


def widget(workspace: Path | str | None = None) -> Any:
    """An ipywidgets HTML table of progress; the workspace defaults to ``Path.cwd().parent``.

    From a module's notebook the current folder is the module's folder, so its parent is the
    workspace. A problem (no workspace, no modules) is shown as a one-sentence alert.
    """
    import ipywidgets as widgets

    where = Path(workspace).resolve() if workspace is not None else Path.cwd().parent
    try:
        value = html_table(rows(where), where)
    except CourseError as exc:
        value = f"<p role='alert'>{html.escape(str(exc))}</p>"
    return widgets.HTML(value=value)

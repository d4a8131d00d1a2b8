"""Flag manual marks whose answer a resubmission changed, so they are marked again.

Each marked cell (a check or a tutor's task) is taken to mark the answer cells and
reflections named in the cells since the previous marked cell: ``m01-mark-r2`` marks what
``reflect.show("m01_introduce_role")`` above it shows. When a learner's new submission
changes any of those (a reflection edited, added or deleted, or an answer cell's code) and
the tutor had already given that cell a mark by hand, the grade is flagged
``needs_manual_grade`` in nbgrader's gradebook (the old mark is kept, for the tutor to
confirm or change) and the collect report says which.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from ...reflections import carried, kinds
from ...reflections.store import FOLDER

LITERAL = re.compile(r"""["']([a-z0-9][a-z0-9_-]*)["']""")


def _cells(nb: Any) -> list[dict[str, Any]]:
    return [c for c in nb.get("cells", []) if isinstance(c, dict)] if isinstance(nb, dict) else []


def _meta(cell: dict[str, Any]) -> dict[str, Any]:
    meta = cell.get("metadata", {}).get("nbgrader", {})
    return meta if isinstance(meta, dict) else {}


def _source(cell: dict[str, Any]) -> str:
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else str(src)


def marked_inputs(release_nb: Path, prefix: str) -> dict[str, set[str]]:
    """Marked cell id -> the answer cell ids and reflection keys (``key:<k>``) it marks."""
    nb = json.loads(release_nb.read_text(encoding="utf-8"))
    found: dict[str, set[str]] = {}
    pending: set[str] = set()
    for cell in _cells(nb):
        meta = _meta(cell)
        if meta.get("solution") and meta.get("grade_id"):
            pending.add(str(meta["grade_id"]))
        pending |= {f"key:{k}" for k in LITERAL.findall(_source(cell)) if k.startswith(prefix)}
        if (meta.get("grade") or meta.get("task")) and meta.get("grade_id"):
            found[str(meta["grade_id"])] = pending
            pending = set()
    return found


def _answers(files: dict[str, bytes], notebook: str) -> dict[str, str]:
    """Answer cell id -> source, and ``key:<k>`` -> the reflection, for one submission."""
    out: dict[str, str] = {}
    nb: Any = {}
    if notebook in files:
        try:
            nb = json.loads(files[notebook].decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            nb = {}
    for cell in _cells(nb):
        meta = _meta(cell)
        if meta.get("solution") and meta.get("grade_id"):
            out[str(meta["grade_id"])] = _source(cell)
    reflections = {
        f"key:{key}": record for key, record in (carried.in_notebook(nb) if nb else {}).items()
    }
    for path, data in files.items():
        if path.startswith(f"{FOLDER}/") and path.endswith(".json"):
            try:
                reflections[f"key:{Path(path).stem}"] = json.loads(data.decode("utf-8"))
            except (UnicodeDecodeError, ValueError):
                reflections[f"key:{Path(path).stem}"] = {"unreadable": data.hex()}
    for key, record in reflections.items():
        out[key] = json.dumps(_answer(record), sort_keys=True, ensure_ascii=False)
    return out


def _answer(record: Any) -> Any:
    """What the learner answered in a reflection record (its kind's answer field)."""
    kind = kinds.KINDS.get(str(record.get("kind"))) if isinstance(record, dict) else None
    if kind is None:
        return record
    try:
        return kind.answer(record)
    except (TypeError, ValueError, AttributeError):
        return record


def changed(old: dict[str, bytes], new: dict[str, bytes], notebook: str) -> set[str]:
    """The answer cells and reflections (``key:<k>``) that differ between two submissions."""
    before, after = _answers(old, notebook), _answers(new, notebook)
    return {k for k in before.keys() | after.keys() if before.get(k) != after.get(k)}


def read_folder(base: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(base)): p.read_bytes()
        for p in sorted(base.rglob("*"))
        if p.is_file() and not p.is_symlink()
    }


def flag(root: Path, module: str, learner: str, differences: set[str]) -> list[str]:
    """Flag the learner's hand-given marks that cover ``differences``; say which, in words."""
    if not differences or not (root / "gradebook.db").is_file():
        return []
    from nbgrader.api import Gradebook, MissingEntry

    prefix = module.split("_", 1)[0] + "_"
    lines = []
    with Gradebook(f"sqlite:///{root / 'gradebook.db'}") as gb:
        for release_nb in sorted((root / "release" / module).glob("*.ipynb")):
            inputs = marked_inputs(release_nb, prefix)
            for grade_id, covers in inputs.items():
                touched = covers & differences
                if not touched:
                    continue
                try:
                    grade = gb.find_grade(grade_id, release_nb.stem, module, learner)
                except MissingEntry:
                    continue
                if grade.manual_score is None:
                    continue
                grade.needs_manual_grade = True
                what = ", ".join(
                    f"reflection {t[4:]}" if t.startswith("key:") else f"answer {t}"
                    for t in sorted(touched)
                )
                lines.append(
                    f"{learner}: {what} changed since {grade_id} was marked by hand "
                    f"({grade.manual_score:g} of {grade.max_score:g}); it is listed for manual "
                    "grading again, with the old mark kept"
                )
        gb.db.commit()
    return lines

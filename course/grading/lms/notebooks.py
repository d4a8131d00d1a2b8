"""Which module a notebook is, from its content, whatever the LMS or the learner named it.

An LMS renames a second upload (Canvas: ``m01-1.ipynb``; a browser: ``m01 (1).ipynb``) and
learners upload ``Copy of m01.ipynb``. A notebook made from a release keeps nbgrader's cell
ids (``grade_id``) and, for the cells learners cannot edit, the checksum nbgrader stored: the
share of a module's ids and unchanged locked cells that a notebook carries says whose it is.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

MATCH = 0.5  # the share of a module's cells a notebook must carry to be that module's


@dataclass(frozen=True)
class Print:
    """A module's cell ids and the checksums of its locked cells."""

    ids: frozenset[str]
    locked: tuple[tuple[str, str], ...]  # (grade_id, checksum)


def _cells(nb: Any) -> list[dict[str, Any]]:
    cells = nb.get("cells", []) if isinstance(nb, dict) else []
    return [c for c in cells if isinstance(c, dict)]


def _meta(cell: dict[str, Any]) -> dict[str, Any]:
    meta = cell.get("metadata", {})
    found = meta.get("nbgrader", {}) if isinstance(meta, dict) else {}
    return found if isinstance(found, dict) else {}


@lru_cache(maxsize=64)
def module_print(path: Path, mtime: float) -> Print:
    """The print of a release notebook (cached while the file is unchanged)."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    ids, locked = set(), []
    for cell in _cells(nb):
        meta = _meta(cell)
        if meta.get("grade_id"):
            ids.add(str(meta["grade_id"]))
            if meta.get("locked") and meta.get("checksum"):
                locked.append((str(meta["grade_id"]), str(meta["checksum"])))
    return Print(frozenset(ids), tuple(locked))


def score(nb: Any, module: Print) -> float:
    """The share of ``module``'s cell ids and unchanged locked cells that ``nb`` carries."""
    from nbgrader.utils import compute_checksum

    cells = {str(_meta(c).get("grade_id")): c for c in _cells(nb) if _meta(c).get("grade_id")}
    same = 0
    for grade_id, checksum in module.locked:
        cell = cells.get(grade_id)
        try:
            same += bool(cell) and compute_checksum(cell) == checksum
        except (KeyError, AttributeError, TypeError):
            continue
    total = len(module.ids) + len(module.locked)
    return (len(module.ids & cells.keys()) + same) / total if total else 0.0


def release_prints(root: Path) -> dict[str, Print]:
    """``module/notebook name`` -> print, for every release notebook of the course."""
    found = {}
    for path in sorted((root / "release").glob("*/*.ipynb")):
        found[f"{path.parent.name}/{path.name}"] = module_print(path, path.stat().st_mtime)
    return found


def identify(data: bytes, prints: dict[str, Print]) -> tuple[str, float] | None:
    """The release notebook (``module/name``) ``data`` was made from and the share it carries."""
    import nbformat

    try:
        nb = nbformat.reads(data.decode("utf-8"), as_version=4)
    except Exception:  # noqa: BLE001 (any damage means: not a notebook we can match)
        return None
    best = max(((score(nb, p), name) for name, p in prints.items()), default=(0.0, ""))
    return (best[1], best[0]) if best[0] >= MATCH else None

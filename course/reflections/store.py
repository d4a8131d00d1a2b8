"""Reflection files: ``reflections/<key>.json`` beside the notebook, written atomically.

A widget's value lives in the Jupyter kernel, not in the saved notebook, so each reflection is
written to a small JSON file on every confirmed change (a temporary file, then ``os.replace``)
and read back when its box is drawn again. A file that cannot be read is never overwritten: it
is kept as ``<key>.unreadable-N.json`` and the box says so until the learner deals with it.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from ..errors import CourseError

FOLDER = "reflections"
KEY_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
# Here rather than in ``box`` so that reading a notebook's carried reflections (grading,
# ``course submit``) does not import the widget libraries.
FORMAT = "course-reflection/1"  # marks the box's state in a notebook's saved widget state
MAX_RECORD_BYTES = 1_500_000  # under the grader's 2 MB limit for a reflection file


class ReflectionFileError(CourseError):
    """A reflections file exists but cannot be read."""


def reflection_path(key: str, base: Path | None = None) -> Path:
    """Where reflection ``key`` is saved: ``reflections/<key>.json`` beside the notebook."""
    if not KEY_PATTERN.match(key):
        raise CourseError(
            f"{key!r} is not a valid reflection key; use lower-case letters, digits, '_' and '-'."
        )
    return (base or Path.cwd()) / FOLDER / f"{key}.json"


def write_json(path: Path, record: Any) -> Path:
    """Write ``record`` to ``path`` atomically: a temporary file beside it, then a rename."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(record, handle, ensure_ascii=False, indent=2)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def now() -> str:
    return datetime.now(timezone.utc).isoformat()


def save_stamped(key: str, record: dict[str, Any], base: Path | None = None) -> dict[str, Any]:
    """Write ``record`` for ``key`` atomically, stamped with the time; return what was written."""
    path = reflection_path(key, base)
    path.parent.mkdir(parents=True, exist_ok=True)
    stamped = {**record, "key": key, "saved_at": now()}
    write_json(path, stamped)
    return stamped


def save(key: str, record: dict[str, Any], base: Path | None = None) -> Path:
    """Write ``record`` for ``key`` atomically, stamped with the time; return the file's path."""
    save_stamped(key, record, base)
    return reflection_path(key, base)


MAX_SNAPSHOTS = 60  # per record: the first is always kept, then the latest ones


def snapshots(record: dict[str, Any], field: str) -> list[dict[str, Any]]:
    """The dated snapshots of ``record``'s answer under ``field``, oldest first.

    A record saved before snapshots were kept (no ``history``) reads as one snapshot: its
    answer at its ``saved_at``. Damaged entries (no time, no answer) are left out.
    """
    history = record.get("history")
    if not isinstance(history, list):
        if record.get("saved_at") and field in record:
            return [{"saved_at": str(record["saved_at"]), field: record[field]}]
        return []
    return [
        {"saved_at": str(s["saved_at"]), field: s[field]}
        for s in history
        if isinstance(s, dict) and s.get("saved_at") and field in s
    ]


def with_snapshot(
    previous: dict[str, Any], record: dict[str, Any], field: str, stamp: str
) -> list[dict[str, Any]]:
    """``previous``'s snapshots with ``record``'s answer added at ``stamp``.

    One snapshot is kept per day: a later save on the same day replaces that day's snapshot,
    so moving a slider several times leaves one dated entry. Beyond ``MAX_SNAPSHOTS`` the
    oldest but one go, so the first snapshot (where the learner started) is always kept.
    """
    history = snapshots(previous, field)
    snap = {"saved_at": stamp, field: record.get(field)}
    if history and history[-1]["saved_at"][:10] == stamp[:10]:
        history[-1] = snap
    else:
        history.append(snap)
    if len(history) > MAX_SNAPSHOTS:
        history = [history[0], *history[-(MAX_SNAPSHOTS - 1) :]]
    return history


def save_snapshot(
    key: str, record: dict[str, Any], field: str, base: Path | None = None
) -> dict[str, Any]:
    """Like :func:`save_stamped`, keeping a dated snapshot of the answer in ``history``.

    The previous snapshots are read from the saved file; an unreadable file contributes none
    (the box has already kept it aside as ``<key>.unreadable-N.json``).
    """
    try:
        previous = load(key, base) or {}
    except ReflectionFileError:
        previous = {}
    stamp = now()
    path = reflection_path(key, base)
    path.parent.mkdir(parents=True, exist_ok=True)
    stamped = {
        **record,
        "key": key,
        "saved_at": stamp,
        "history": with_snapshot(previous, record, field, stamp),
    }
    write_json(path, stamped)
    return stamped


def load(key: str, base: Path | None = None) -> dict[str, Any] | None:
    """Read the saved record for ``key``; ``None`` if nothing is saved yet."""
    path = reflection_path(key, base)
    if not path.exists():
        return None
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        raise ReflectionFileError(
            f"The saved reflection {FOLDER}/{path.name} cannot be read ({exc.__class__.__name__}); "
            "run the reflection cell again to keep a copy of it and start a fresh answer."
        ) from exc
    if not isinstance(record, dict):
        raise ReflectionFileError(
            f"The saved reflection {FOLDER}/{path.name} does not hold a reflection; "
            "run the reflection cell again to keep a copy of it and start a fresh answer."
        )
    return record


def set_aside(key: str, base: Path | None = None) -> Path:
    """Rename an unreadable file to a free ``<key>.unreadable-N.json`` name and return it."""
    path = reflection_path(key, base)
    n = 1
    while (kept := path.with_name(f"{key}.unreadable-{n}.json")).exists():
        n += 1
    os.replace(path, kept)
    return kept


def kept_aside(key: str, base: Path | None = None) -> list[Path]:
    """The unreadable copies of ``key`` kept so far, oldest first."""
    folder = reflection_path(key, base).parent
    return sorted(folder.glob(f"{key}.unreadable-*.json")) if folder.is_dir() else []


def aside_note(kept: list[Path]) -> str:
    """What the box says while unreadable copies are kept: where they are and what to do."""
    if not kept:
        return ""
    names = ", ".join(f"{FOLDER}/{p.name}" for p in kept)
    return (
        f"An earlier copy of this reflection could not be read, so it was kept as {names} and "
        "nothing in it was deleted. Open that file in JupyterLab (File Browser, reflections "
        "folder) to copy any text you want back into this box, then delete the file to remove "
        "this note."
    )


def load_for_box(key: str, base: Path | None) -> tuple[dict[str, Any], str]:
    """The record a box starts from, and the note to show; an unreadable file is set aside."""
    try:
        record = load(key, base) or {}
    except ReflectionFileError:
        set_aside(key, base)
        record = {}
    return record, aside_note(kept_aside(key, base))

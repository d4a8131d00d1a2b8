"""Reflections a notebook file carries in its saved widget state, and putting them back.

With JupyterLab's "save widget state" setting on (``course start`` turns it on), every save of
a notebook stores each reflection box's state (the kind's settings and the last confirmed
answer) in the notebook's metadata. So a learner who uploads only the ``.ipynb`` still hands in
their reflections: grading writes them back to ``reflections/<key>.json`` when that file is
missing, unreadable or older. Nothing is deleted: a file that is replaced is kept as
``<key>.replaced-N.json``.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from . import kinds, store
from .store import FORMAT, MAX_RECORD_BYTES

WIDGET_STATE = "application/vnd.jupyter.widget-state+json"


@dataclass(frozen=True)
class Recovered:
    """One reflection written back from the notebook, and why."""

    key: str
    reason: str  # "no file", "an unreadable file", "an older file"


def _when(stamp: Any) -> datetime | None:
    try:
        return datetime.fromisoformat(str(stamp))
    except ValueError:
        return None


def in_notebook(nb: Any) -> dict[str, dict[str, Any]]:
    """Key -> the newest saved record among the notebook's reflection boxes.

    Anything damaged (not a box of this course, an unknown kind, a bad key, no save time, too
    large) is left out: the notebook's cells and the reflection files are what count then.
    """
    widgets = nb.get("metadata", {}).get("widgets", {})
    state = widgets.get(WIDGET_STATE, {}) if isinstance(widgets, dict) else {}
    models = state.get("state", {}) if isinstance(state, dict) else {}
    found: dict[str, dict[str, Any]] = {}
    for model in models.values() if isinstance(models, dict) else []:
        s = model.get("state") if isinstance(model, dict) else None
        if not isinstance(s, dict) or s.get("format") != FORMAT:
            continue
        key, kind = s.get("key"), kinds.KINDS.get(str(s.get("kind")))
        when = _when(s.get("saved_at"))
        settings = s.get("settings") if isinstance(s.get("settings"), dict) else {}
        if not (isinstance(key, str) and store.KEY_PATTERN.match(key) and kind and when):
            continue
        record = {
            "kind": kind.name,
            "prompt": str(s.get("prompt", "")),
            **settings,
            kind.answer_field: kind.answer({kind.answer_field: s.get("answer")}),
            "key": key,
            "saved_at": when.isoformat(),
        }
        if len(json.dumps(record, ensure_ascii=False).encode("utf-8")) > MAX_RECORD_BYTES:
            continue
        if key not in found or when > _when(found[key]["saved_at"]):
            found[key] = record
    return found


def problems(nb: Any, keys: set[str]) -> list[str]:
    """What a tutor should know about the notebook's carried reflections, one sentence each."""
    widgets = nb.get("metadata", {}).get("widgets")
    if widgets is None:
        return []
    state = widgets.get(WIDGET_STATE) if isinstance(widgets, dict) else None
    if not isinstance(state, dict) or not isinstance(state.get("state"), dict):
        return ["its saved widget state is damaged, so only the reflections folder was used"]
    other = sorted(set(in_notebook(nb)) - keys)
    if other:
        return [
            f"it carries reflections of another module ({', '.join(other)}), which were left out"
        ]
    return []


def _keep(path: Path) -> None:
    n = 1
    while (kept := path.with_name(f"{path.stem}.replaced-{n}.json")).exists():
        n += 1
    os.replace(path, kept)


def restore(nb: Any, folder: Path, keys: set[str] | None = None) -> list[Recovered]:
    """Write the notebook's reflections into ``folder/reflections`` where they are newer.

    ``keys`` limits this to the reflections the module checks (others are another module's).
    """
    written = []
    for key, record in sorted(in_notebook(nb).items()):
        if keys is not None and key not in keys:
            continue
        path = store.reflection_path(key, folder)
        if path.is_symlink():
            continue
        try:
            current = store.load(key, folder)
            reason = "no file" if current is None else "an older file"
        except store.ReflectionFileError:
            current, reason = None, "an unreadable file"
        if current is not None:
            then = _when(current.get("saved_at"))
            if then is not None and then.tzinfo and then >= _when(record["saved_at"]):
                continue
        field = kinds.KINDS[record["kind"]].answer_field
        if kinds.KINDS[record["kind"]].keeps_history:  # the box's state has no snapshots
            history = store.with_snapshot(current or {}, record, field, record["saved_at"])
            record = {**record, "history": history}
        if path.exists():
            _keep(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        store.write_json(path, record)
        written.append(Recovered(key, reason))
    return written

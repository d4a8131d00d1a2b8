"""The reflection box: one anywidget for every kind, saving only what the kernel confirms.

The front end (``box.js``) sends each change as a ``save`` message; the kernel writes
``reflections/<key>.json`` and answers by setting ``saved_seq`` with the new status, so the line
under the box describes a save that happened. The widget's state (the kind's settings and the
saved answer) is what JupyterLab stores in the notebook when widget state is saved, which lets a
notebook file on its own carry its reflections (``carried.py`` reads them back).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import anywidget
import traitlets

from . import kinds, store
from .store import FORMAT, MAX_RECORD_BYTES


class ReflectionBox(anywidget.AnyWidget):
    """A reflection of any kind in ``kinds.KINDS``, saved beside the notebook as it changes."""

    _esm = Path(__file__).with_name("box.js")
    _css = Path(__file__).with_name("box.css")

    format = traitlets.Unicode(FORMAT).tag(sync=True)
    key = traitlets.Unicode().tag(sync=True)
    kind = traitlets.Unicode().tag(sync=True)
    prompt = traitlets.Unicode().tag(sync=True)
    settings = traitlets.Dict().tag(sync=True)
    answer = traitlets.Any().tag(sync=True)
    saved_seq = traitlets.Float(0).tag(sync=True)
    saved_at = traitlets.Unicode("").tag(sync=True)
    status = traitlets.Unicode("").tag(sync=True)
    warnings = traitlets.List(traitlets.Unicode()).tag(sync=True)
    note = traitlets.Unicode("").tag(sync=True)
    error = traitlets.Unicode("").tag(sync=True)

    def __init__(
        self, key: str, kind: str, prompt: str, settings: dict[str, Any], base: Path | None
    ) -> None:
        store.reflection_path(key, base)  # refuses a bad key with one sentence
        record, note = store.load_for_box(key, base)
        self._base = base
        self._kind = kinds.KINDS[kind]
        super().__init__(
            key=key,
            kind=kind,
            prompt=prompt,
            settings=settings,
            answer=self._kind.answer(record),
            saved_at=str(record.get("saved_at", "")) if record else "",
            note=note,
        )
        self._describe({**self._record(self.answer), **record} if record else {})
        self.on_msg(self._on_message)

    def _record(self, answer: Any) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "prompt": self.prompt,
            **self.settings,
            self._kind.answer_field: answer,
        }

    def _describe(self, record: dict[str, Any]) -> None:
        """Status and privacy warnings for ``record`` (empty: nothing saved yet)."""
        from ..text import privacy_warnings

        shown = record or self._record(self._kind.answer({}))
        self.status = self._kind.progress(shown)
        self.warnings = [w for t in self._kind.texts(shown) for w in privacy_warnings(t)][:5]

    def _on_message(self, _widget: Any, content: dict[str, Any], _buffers: Any) -> None:
        if not isinstance(content, dict):
            return
        if content.get("type") == "hello":
            self.send({"type": "hello"})
        elif content.get("type") == "save":
            self._save(content.get("answer"), content.get("seq"))

    def _save(self, answer: Any, seq: Any) -> None:
        answer = self._kind.answer({self._kind.answer_field: answer})
        record = self._record(answer)
        with self.hold_sync():
            if len(json.dumps(record, ensure_ascii=False).encode("utf-8")) > MAX_RECORD_BYTES:
                self.error = (
                    "Not saved: this reflection is too long to save (more than about "
                    "250,000 words). Shorten it; what was saved before is kept."
                )
            else:
                if self._kind.keeps_history:
                    saved = store.save_snapshot(
                        self.key, record, self._kind.answer_field, self._base
                    )
                else:
                    saved = store.save_stamped(self.key, record, self._base)
                self.error = ""
                self.answer = answer
                self.saved_at = saved["saved_at"]
                self._describe(record)
            self.saved_seq = float(seq) if isinstance(seq, int | float) else self.saved_seq + 1

"""Reflection widgets that save every change to ``reflections/<key>.json``.

A widget's value lives in the Jupyter kernel, not in the saved notebook, so each
reflection is written to a small JSON file beside the notebook on every change
(atomically: a temporary file, then ``os.replace``) and read back when the
widget is built again. The file travels with the notebook when it is submitted;
locked test cells check it for completeness and show it to the tutor.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from .errors import CourseError

FOLDER = "reflections"
NOT_RATED = 0
KEY_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_-]*$")


class ReflectionFileError(CourseError):
    """A reflections file exists but cannot be read."""


def reflection_path(key: str, base: Path | None = None) -> Path:
    """Where reflection ``key`` is saved: ``reflections/<key>.json`` beside the notebook."""
    if not KEY_PATTERN.match(key):
        raise CourseError(
            f"{key!r} is not a valid reflection key; use lower-case letters, digits, '_' and '-'."
        )
    return (base or Path.cwd()) / FOLDER / f"{key}.json"


def word_count(text: str) -> int:
    """Count the words in ``text`` (runs of letters or digits)."""
    return len(re.findall(r"[^\W_]+(?:['’-][^\W_]+)*", text))


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


def save(key: str, record: dict[str, Any], base: Path | None = None) -> Path:
    """Write ``record`` for ``key`` atomically and return the file's path."""
    path = reflection_path(key, base)
    path.parent.mkdir(parents=True, exist_ok=True)
    return write_json(
        path, {**record, "key": key, "saved_at": datetime.now(timezone.utc).isoformat()}
    )


def load(key: str, base: Path | None = None) -> dict[str, Any] | None:
    """Read the saved record for ``key``; ``None`` if nothing is saved yet."""
    path = reflection_path(key, base)
    if not path.exists():
        return None
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
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


def _load_for_widget(key: str, base: Path | None) -> tuple[dict[str, Any], str]:
    """Load a record for a widget; an unreadable file is kept aside, never overwritten."""
    try:
        return load(key, base) or {}, ""
    except ReflectionFileError:
        kept = set_aside(key, base)
        return {}, (
            f"Your earlier file for this reflection could not be read, so it was kept "
            f"as {FOLDER}/{kept.name} and this box starts empty."
        )


def text_reflection(key: str, prompt: str, min_words: int = 50, base: Path | None = None) -> Any:
    """A labelled text box with a live word count that saves on every change."""
    import ipywidgets as widgets

    record, warning = _load_for_widget(key, base)
    box = widgets.Textarea(
        value=str(record.get("text", "")),
        placeholder="Type your reflection here. It is saved as you type.",
        description="Your reflection",
        style={"description_width": "initial"},
        layout=widgets.Layout(width="100%", height="12em"),
    )
    status = widgets.HTML()

    def show_status(text: str, saved: bool) -> None:
        words = word_count(text)
        need = "enough words" if words >= min_words else f"at least {min_words} needed"
        where = f"saved to {FOLDER}/{key}.json" if saved else "not saved yet"
        status.value = f"<b>{words} words</b> ({need}); {where}."

    def on_change(change: dict[str, Any]) -> None:
        save(
            key,
            {"kind": "text", "prompt": prompt, "min_words": min_words, "text": change["new"]},
            base,
        )
        show_status(change["new"], saved=True)

    box.observe(on_change, names="value")
    show_status(box.value, saved=bool(record))
    parts = [widgets.HTML(f"<p><b>Reflection:</b> {prompt}</p>"), box, status]
    if warning:
        parts.insert(1, widgets.HTML(f"<p role='alert'><b>Note:</b> {warning}</p>"))
    return widgets.VBox(parts)


def rating_reflection(
    key: str, prompt: str, items: dict[str, str], low: str, high: str, base: Path | None = None
) -> Any:
    """A set of labelled 1-to-5 sliders (0 = not rated yet) that save on every change."""
    import ipywidgets as widgets

    record, warning = _load_for_widget(key, base)
    saved = record.get("ratings", {}) if isinstance(record.get("ratings"), dict) else {}
    options = [("not rated", NOT_RATED)] + [(str(n), n) for n in range(1, 6)]
    sliders = {
        item: widgets.SelectionSlider(
            options=options,
            value=saved.get(item, NOT_RATED) if saved.get(item) in range(6) else NOT_RATED,
            description=label,
            style={"description_width": "40%"},
            layout=widgets.Layout(width="95%"),
        )
        for item, label in items.items()
    }
    status = widgets.HTML()

    def current() -> dict[str, int]:
        return {item: int(slider.value) for item, slider in sliders.items()}

    def show_status(is_saved: bool) -> None:
        missing = sum(1 for v in current().values() if v == NOT_RATED)
        left = "all rated" if not missing else f"{missing} still to rate"
        where = f"saved to {FOLDER}/{key}.json" if is_saved else "not saved yet"
        status.value = f"<b>{left}</b>; {where}."

    def on_change(_: dict[str, Any]) -> None:
        save(
            key,
            {
                "kind": "ratings",
                "prompt": prompt,
                "items": items,
                "low": low,
                "high": high,
                "ratings": current(),
            },
            base,
        )
        show_status(True)

    for slider in sliders.values():
        slider.observe(on_change, names="value")
    show_status(bool(record))
    scale = f"<p>Scale: 1 = {low}; 5 = {high}. Leave none at 'not rated'.</p>"
    parts = [widgets.HTML(f"<p><b>Self-rating:</b> {prompt}</p>{scale}"), *sliders.values(), status]
    if warning:
        parts.insert(1, widgets.HTML(f"<p role='alert'><b>Note:</b> {warning}</p>"))
    return widgets.VBox(parts)


def staged_reflection(
    key: str, prompt: str, stages: dict[str, str], min_words: int = 20, base: Path | None = None
) -> Any:
    """One labelled text box per stage (for example Gibbs' six stages), saved on every change."""
    import ipywidgets as widgets

    record, warning = _load_for_widget(key, base)
    saved = record.get("answers", {}) if isinstance(record.get("answers"), dict) else {}
    boxes = {
        stage: widgets.Textarea(
            value=str(saved.get(stage, "")),
            description=label,
            placeholder=f"{label}: at least {min_words} words",
            style={"description_width": "initial"},
            layout=widgets.Layout(width="100%", height="6em"),
        )
        for stage, label in stages.items()
    }
    status = widgets.HTML()

    def show_status(is_saved: bool) -> None:
        short = [stages[s] for s, box in boxes.items() if word_count(box.value) < min_words]
        left = "every stage long enough" if not short else f"still short: {', '.join(short)}"
        where = f"saved to {FOLDER}/{key}.json" if is_saved else "not saved yet"
        status.value = f"<b>{left}</b> (at least {min_words} words each); {where}."

    def on_change(_: dict[str, Any]) -> None:
        save(
            key,
            {
                "kind": "stages",
                "prompt": prompt,
                "stages": stages,
                "min_words": min_words,
                "answers": {s: box.value for s, box in boxes.items()},
            },
            base,
        )
        show_status(True)

    for box in boxes.values():
        box.observe(on_change, names="value")
    show_status(bool(record))
    parts = [widgets.HTML(f"<p><b>Reflection:</b> {prompt}</p>"), *boxes.values(), status]
    if warning:
        parts.insert(1, widgets.HTML(f"<p role='alert'><b>Note:</b> {warning}</p>"))
    return widgets.VBox(parts)


def table_reflection(
    key: str, prompt: str, columns: list[str], rows: int = 4, base: Path | None = None
) -> Any:
    """A small table of labelled text cells (for example a stakeholder map), saved on change."""
    import ipywidgets as widgets

    record, warning = _load_for_widget(key, base)
    saved = record.get("rows", []) if isinstance(record.get("rows"), list) else []
    cells: list[list[Any]] = []
    for r in range(rows):
        old = saved[r] if r < len(saved) and isinstance(saved[r], list) else []
        cells.append(
            [
                widgets.Text(
                    value=str(old[c]) if c < len(old) else "",
                    placeholder=col,
                    description=f"Row {r + 1}: {col}",
                    style={"description_width": "initial"},
                    layout=widgets.Layout(width=f"{96 // len(columns)}%"),
                )
                for c, col in enumerate(columns)
            ]
        )
    status = widgets.HTML()

    def current() -> list[list[str]]:
        return [[w.value for w in row] for row in cells]

    def show_status(is_saved: bool) -> None:
        full = sum(1 for row in current() if all(v.strip() for v in row))
        where = f"saved to {FOLDER}/{key}.json" if is_saved else "not saved yet"
        status.value = f"<b>{full} complete row(s)</b> of {rows}; {where}."

    def on_change(_: dict[str, Any]) -> None:
        save(key, {"kind": "table", "prompt": prompt, "columns": columns, "rows": current()}, base)
        show_status(True)

    for row in cells:
        for w in row:
            w.observe(on_change, names="value")
    show_status(bool(record))
    parts = [
        widgets.HTML(f"<p><b>Reflection:</b> {prompt}</p>"),
        *[widgets.HBox(row) for row in cells],
        status,
    ]
    if warning:
        parts.insert(1, widgets.HTML(f"<p role='alert'><b>Note:</b> {warning}</p>"))
    return widgets.VBox(parts)


def check_text(key: str, min_words: int, base: Path | None = None) -> None:
    """Fail with a clear message unless reflection ``key`` has at least ``min_words`` words.

    Returns nothing: a number shown by a test cell would count as partial credit.
    """
    record = load(key, base)
    if record is None:
        raise AssertionError(
            f"No saved reflection '{key}' was found: write it in the reflection box above "
            f"(it saves itself to {FOLDER}/{key}.json) and submit that folder with the notebook."
        )
    words = word_count(str(record.get("text", "")))
    if words < min_words:
        raise AssertionError(f"Reflection '{key}' has {words} words; write at least {min_words}.")


def check_ratings(key: str, items: list[str] | dict[str, str], base: Path | None = None) -> None:
    """Fail with a clear message unless every item of rating reflection ``key`` is rated 1-5."""
    record = load(key, base)
    if record is None:
        raise AssertionError(
            f"No saved self-rating '{key}' was found: move every slider above "
            f"(they save themselves to {FOLDER}/{key}.json)."
        )
    ratings = record.get("ratings") if isinstance(record.get("ratings"), dict) else {}
    unrated = [item for item in items if ratings.get(item) not in (1, 2, 3, 4, 5)]
    if unrated:
        raise AssertionError(
            f"Self-rating '{key}' is not finished: rate {', '.join(unrated)} from 1 to 5."
        )


def check_stages(
    key: str, stages: list[str] | dict[str, str], min_words: int, base: Path | None = None
) -> None:
    """Fail with a clear message unless every stage of ``key`` has ``min_words`` words."""
    record = load(key, base)
    if record is None:
        raise AssertionError(
            f"No saved reflection '{key}' was found: write each stage in the "
            f"boxes above (they save themselves to {FOLDER}/{key}.json)."
        )
    answers = record.get("answers") if isinstance(record.get("answers"), dict) else {}
    short = [s for s in stages if word_count(str(answers.get(s, ""))) < min_words]
    if short:
        raise AssertionError(
            f"Reflection '{key}' is not finished: write at least {min_words} "
            f"words for {', '.join(short)}."
        )


def check_table(key: str, min_rows: int, base: Path | None = None) -> None:
    """Fail with a clear message unless table ``key`` has ``min_rows`` fully filled rows."""
    record = load(key, base)
    if record is None:
        raise AssertionError(
            f"No saved table '{key}' was found: fill in the table above "
            f"(it saves itself to {FOLDER}/{key}.json)."
        )
    rows = record.get("rows") if isinstance(record.get("rows"), list) else []
    full = sum(
        1 for row in rows if isinstance(row, list) and row and all(str(v).strip() for v in row)
    )
    if full < min_rows:
        raise AssertionError(
            f"Table '{key}' has {full} complete row(s); fill every column of "
            f"at least {min_rows} rows."
        )


def show(key: str, base: Path | None = None) -> None:
    """Print a saved reflection as plain text, so a tutor sees it in the notebook."""
    try:
        record = load(key, base)
    except ReflectionFileError as exc:
        print(exc)
        return
    if record is None:
        print(f"No saved reflection '{key}' yet.")
        return
    print(f"Reflection '{key}' (saved {record.get('saved_at', 'at an unknown time')})")
    print(f"Prompt: {record.get('prompt', '')}")
    print()
    kind = record.get("kind")
    if kind == "ratings":
        labels = record.get("items", {})
        for item, value in (record.get("ratings") or {}).items():
            shown = value if value in (1, 2, 3, 4, 5) else "not rated"
            print(f"- {labels.get(item, item)}: {shown}")
    elif kind == "stages":
        labels = record.get("stages", {})
        for stage, text in (record.get("answers") or {}).items():
            print(f"{labels.get(stage, stage)}:\n{text}\n")
    elif kind == "table":
        print(" | ".join(record.get("columns", [])))
        for row in record.get("rows") or []:
            if any(str(v).strip() for v in row):
                print(" | ".join(str(v) for v in row))
    else:
        text = str(record.get("text", ""))
        print(text)
        print()
        print(f"({word_count(text)} words)")

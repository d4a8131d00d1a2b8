"""Reflection boxes and their completeness checks, as the module notebooks call them.

``from course import reflect`` is the import path every module notebook relies on. Each box
saves every confirmed change to ``reflections/<key>.json`` beside the notebook
(``course.reflections.store``); each kind (text, ratings, stages, table) is described once,
in ``course.reflections.kinds``; the box itself is ``course.reflections.box``.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

from .reflections import kinds
from .reflections.store import (
    FOLDER,
    KEY_PATTERN,
    ReflectionFileError,
    load,
    reflection_path,
    save,
    set_aside,
    write_json,
)
from .text import word_count

NOT_RATED = kinds.NOT_RATED

__all__ = [
    "FOLDER",
    "KEY_PATTERN",
    "NOT_RATED",
    "ReflectionFileError",
    "check_ratings",
    "check_self_rating",
    "check_stages",
    "check_table",
    "check_text",
    "load",
    "rating_reflection",
    "reflection_path",
    "save",
    "self_rating",
    "set_aside",
    "show",
    "shown",
    "staged_reflection",
    "table_reflection",
    "text_reflection",
    "word_count",
    "write_json",
]


def _box(key: str, kind: str, prompt: str, settings: dict[str, Any], base: Path | None) -> Any:
    from .reflections.box import ReflectionBox

    return ReflectionBox(key, kind, prompt, settings, base)


def text_reflection(key: str, prompt: str, min_words: int = 50, base: Path | None = None) -> Any:
    """A labelled text box with a live word count, saved as the learner types."""
    return _box(key, "text", prompt, {"min_words": min_words}, base)


def rating_reflection(
    key: str, prompt: str, items: dict[str, str], low: str, high: str, base: Path | None = None
) -> Any:
    """A 1-to-5 rating (or "not rated") for each labelled item, saved on every change."""
    return _box(key, "ratings", prompt, {"items": items, "low": low, "high": high}, base)


def self_rating(module: str, base: Path | None = None) -> Any:
    """The module's self-rating (``reflections/self_ratings.py``), saved with dated snapshots."""
    from .reflections import self_ratings

    return _box(
        self_ratings.key(module),
        "self_rating",
        self_ratings.PROMPT,
        self_ratings.settings(module),
        base,
    )


def staged_reflection(
    key: str, prompt: str, stages: dict[str, str], min_words: int = 20, base: Path | None = None
) -> Any:
    """One labelled text box per stage (for example Gibbs' six stages), saved on every change."""
    return _box(key, "stages", prompt, {"stages": stages, "min_words": min_words}, base)


def table_reflection(
    key: str, prompt: str, columns: list[str], rows: int = 4, base: Path | None = None
) -> Any:
    """A small table of labelled text cells (for example a stakeholder map), saved on change."""
    return _box(key, "table", prompt, {"columns": columns, "n_rows": rows}, base)


def _check(kind: str, key: str, base: Path | None, **detail: Any) -> None:
    """Fail with the kind's message unless reflection ``key`` is complete.

    Returns nothing: a number shown by a test cell would count as partial credit.
    """
    record = load(key, base)
    noun = kinds.KINDS[kind].noun
    if record is None:
        raise AssertionError(
            f"Nothing is saved yet for the {noun} above this check: fill it in (it saves "
            f"itself as you type, into the {FOLDER} folder) and submit that folder with the "
            "notebook, or use `course submit`."
        )
    problem = kinds.KINDS[kind].problem(record, **detail)
    if problem:
        raise AssertionError(problem)


def check_text(key: str, min_words: int, base: Path | None = None) -> None:
    """Fail with a clear message unless reflection ``key`` has at least ``min_words`` words."""
    _check("text", key, base, min_words=min_words)


def check_ratings(key: str, items: list[str] | dict[str, str], base: Path | None = None) -> None:
    """Fail with a clear message unless every item of rating reflection ``key`` is rated 1-5."""
    _check("ratings", key, base, items=items)


def check_self_rating(
    key: str, items: list[str] | dict[str, str], base: Path | None = None
) -> None:
    """Fail with a clear message unless every item of self-rating ``key`` is rated 1-5."""
    _check("self_rating", key, base, items=items)


def check_stages(
    key: str, stages: list[str] | dict[str, str], min_words: int, base: Path | None = None
) -> None:
    """Fail with a clear message unless every stage of ``key`` has ``min_words`` words."""
    _check("stages", key, base, stages=stages, min_words=min_words)


def check_table(key: str, min_rows: int, base: Path | None = None) -> None:
    """Fail with a clear message unless table ``key`` has ``min_rows`` fully filled rows."""
    _check("table", key, base, min_rows=min_rows)


def show(key: str, base: Path | None = None) -> None:
    """Show a saved reflection to the tutor, wrapped at the page width, and as plain text.

    In a notebook (JupyterLab, formgrader, the feedback page) the output is HTML with the
    learner's text escaped, so it wraps and nothing in it can run; plain text is the fallback.
    """
    plain, rich = shown(key, base)
    from IPython.core.interactiveshell import InteractiveShell

    if InteractiveShell.initialized():
        from IPython.display import display

        display({"text/plain": plain, "text/html": rich}, raw=True)
    else:
        print(plain)


def shown(key: str, base: Path | None = None) -> tuple[str, str]:
    """What ``show`` displays for reflection ``key``: (plain text, HTML)."""
    try:
        record = load(key, base)
    except ReflectionFileError as exc:
        return str(exc), f"<p>{html.escape(str(exc))}</p>"
    if record is None:
        note = "Nothing is saved yet for this reflection."
        return note, f"<p>{note}</p>"
    kind = kinds.of(record)
    heading = f"{kind.title(record)} (saved {record.get('saved_at', 'at an unknown time')})"
    lines = [heading, "", *kind.show(record)]
    parts = [f'<p style="{kinds.WRAP}"><strong>{html.escape(heading)}</strong></p>']
    parts.append(kind.show_html(record))
    found = kind.privacy(record)
    if found:
        warning = f"Privacy check: this may hold {', '.join(found)}."
        lines += ["", warning]
        parts.append(f"<p><strong>{html.escape(warning)}</strong></p>")
    return "\n".join(lines), '<div class="course-reflection">' + "".join(parts) + "</div>"

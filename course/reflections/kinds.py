"""The one registry of reflection kinds: what each saves, how it is checked, counted and shown.

A saved record (``reflections/<key>.json``) holds the kind's settings (prompt, labels, minimum
words) and the learner's answer under the kind's ``answer_field``. Everything that reads
records (the reflection box, the completeness checks, ``course progress``, the capstone's
portfolio, the tutor's view and the cohort summary) asks the kind here, so each rule lives in
one place. Messages use the labels the learner sees on screen, never internal keys.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Any

from ..text import privacy_kinds, word_count
from .store import snapshots

NOT_RATED = 0

# The tutor's view wraps at the width of the page in JupyterLab, formgrader and the feedback
# page, whatever their own styles for outputs (which keep printed text on one line).
WRAP = "white-space: pre-wrap; overflow-wrap: anywhere; max-width: 100%; margin: 0.25em 0;"


def _labels(record: dict[str, Any], field: str, ids: list[str] | dict[str, str]) -> dict[str, str]:
    """Item or stage id -> the label shown on screen (the check's own labels win)."""
    saved = record.get(field) if isinstance(record.get(field), dict) else {}
    given = ids if isinstance(ids, dict) else {}
    return {i: str(given.get(i) or saved.get(i) or i) for i in ids}


def _quoted(labels: list[str]) -> str:
    return ", ".join(f"“{label}”" for label in labels)


@dataclass(frozen=True)
class Kind:
    """A kind of reflection; subclasses say how their answers are read."""

    name: str
    noun: str  # what the learner calls it: "reflection", "self-rating", "table"
    answer_field: str  # where the answer sits in a saved record
    widget_function: str  # the ``course.reflect`` function that draws its box
    keeps_history: bool = False  # each save also keeps a dated snapshot (``store.snapshots``)

    def answer(self, record: dict[str, Any]) -> Any:
        """The learner's answer in ``record``, of the right shape (empty if damaged)."""
        raise NotImplementedError

    def texts(self, record: dict[str, Any]) -> list[str]:
        """The written parts of the answer (for word counts and the privacy guard)."""
        return []

    def words(self, record: dict[str, Any]) -> int:
        return sum(word_count(t) for t in self.texts(record))

    def problem(self, record: dict[str, Any], **detail: Any) -> str | None:
        """Why the saved answer is not complete yet, in the learner's terms; None if it is."""
        raise NotImplementedError

    def progress(self, record: dict[str, Any]) -> str:
        """A short status for the box: how far the answer is from complete."""
        raise NotImplementedError

    def show(self, record: dict[str, Any]) -> list[str]:
        """The answer as plain lines for the tutor."""
        return self.texts(record)

    def show_html(self, record: dict[str, Any]) -> str:
        """The answer as HTML for the tutor: the learner's text escaped, wrapped at the page."""
        text = html.escape("\n".join(self.show(record)))
        return f'<div class="course-reflection-answer" style="{WRAP}">{text}</div>'

    def privacy(self, record: dict[str, Any]) -> list[str]:
        """The kinds of identifying detail the written parts seem to hold."""
        found: list[str] = []
        for text in self.texts(record):
            found += [k for k in privacy_kinds(text) if k not in found]
        return found

    def title(self, record: dict[str, Any]) -> str:
        prompt = str(record.get("prompt", "")).strip()
        return f"{self.noun.capitalize()} “{prompt}”" if prompt else f"This {self.noun}"


class TextKind(Kind):
    def answer(self, record: dict[str, Any]) -> str:
        return str(record.get("text", "") or "")

    def texts(self, record: dict[str, Any]) -> list[str]:
        return [self.answer(record)]

    def problem(self, record: dict[str, Any], min_words: int = 0, **_: Any) -> str | None:
        words = self.words(record)
        if words < min_words:
            return f"{self.title(record)} has {words} words; write at least {min_words}."
        return None

    def progress(self, record: dict[str, Any]) -> str:
        words, need = self.words(record), int(record.get("min_words", 0) or 0)
        enough = "enough words" if words >= need else f"at least {need} needed"
        return f"{words} words ({enough})"

    def show(self, record: dict[str, Any]) -> list[str]:
        return [self.answer(record), "", f"({self.words(record)} words)"]


class RatingsKind(Kind):
    def answer(self, record: dict[str, Any]) -> dict[str, int]:
        ratings = record.get("ratings")
        if not isinstance(ratings, dict):
            return {}
        return {str(k): v for k, v in ratings.items() if isinstance(v, int) and 0 <= v <= 5}

    def problem(
        self, record: dict[str, Any], items: list[str] | dict[str, str] = (), **_: Any
    ) -> str | None:
        ratings = self.answer(record)
        unrated = [i for i in items if ratings.get(i, NOT_RATED) == NOT_RATED]
        if unrated:
            labels = _labels(record, "items", items if isinstance(items, dict) else list(items))
            return (
                f"{self.title(record)} is not finished: rate "
                f"{_quoted([labels[i] for i in unrated])} from 1 to 5."
            )
        return None

    def progress(self, record: dict[str, Any]) -> str:
        items = record.get("items") if isinstance(record.get("items"), dict) else {}
        ratings = self.answer(record)
        missing = sum(1 for i in items if ratings.get(i, NOT_RATED) == NOT_RATED)
        return "all rated" if not missing else f"{missing} still to rate"

    def show(self, record: dict[str, Any]) -> list[str]:
        labels = record.get("items") if isinstance(record.get("items"), dict) else {}
        ratings = self.answer(record)
        return [
            f"- {labels.get(i, i)}: {v if v in (1, 2, 3, 4, 5) else 'not rated'}"
            for i, v in ratings.items()
        ]


class SelfRatingKind(RatingsKind):
    """The course's own self-rating (``reflections/self_ratings.py``), with dated snapshots.

    Kept apart from ``ratings`` (polls, a partnership's ratings, scales that run either way),
    which the capstone does not count as self-ratings.
    """

    def show(self, record: dict[str, Any]) -> list[str]:
        labels = record.get("items") if isinstance(record.get("items"), dict) else {}
        dims = record.get("dimensions") if isinstance(record.get("dimensions"), dict) else {}
        lines = []
        for i, v in self.answer(record).items():
            dim = f" [{dims[i]}]" if dims.get(i) else ""
            lines.append(f"- {labels.get(i, i)}{dim}: {v if v in (1, 2, 3, 4, 5) else 'not rated'}")
        earlier = snapshots(record, self.answer_field)[:-1]
        if earlier:
            lines.append("Earlier snapshots:")
            for snap in earlier:
                given = self.answer({self.answer_field: snap[self.answer_field]})
                values = ", ".join(f"{labels.get(i, i)} {v}" for i, v in given.items() if v)
                lines.append(f"- {snap['saved_at'][:10]}: {values or 'nothing rated'}")
        return lines


class StagesKind(Kind):
    def answer(self, record: dict[str, Any]) -> dict[str, str]:
        answers = record.get("answers")
        return {str(k): str(v) for k, v in answers.items()} if isinstance(answers, dict) else {}

    def texts(self, record: dict[str, Any]) -> list[str]:
        return list(self.answer(record).values())

    def problem(
        self,
        record: dict[str, Any],
        stages: list[str] | dict[str, str] = (),
        min_words: int = 0,
        **_: Any,
    ) -> str | None:
        answers = self.answer(record)
        short = [s for s in stages if word_count(answers.get(s, "")) < min_words]
        if short:
            labels = _labels(record, "stages", stages if isinstance(stages, dict) else list(stages))
            return (
                f"{self.title(record)} is not finished: write at least {min_words} words for "
                f"{_quoted([labels[s] for s in short])}."
            )
        return None

    def progress(self, record: dict[str, Any]) -> str:
        stages = record.get("stages") if isinstance(record.get("stages"), dict) else {}
        need = int(record.get("min_words", 0) or 0)
        answers = self.answer(record)
        short = [stages[s] for s in stages if word_count(answers.get(s, "")) < need]
        left = "every part long enough" if not short else f"still short: {', '.join(short)}"
        return f"{left} (at least {need} words each)"

    def show(self, record: dict[str, Any]) -> list[str]:
        labels = record.get("stages") if isinstance(record.get("stages"), dict) else {}
        return [f"{labels.get(s, s)}:\n{text}\n" for s, text in self.answer(record).items()]


class TableKind(Kind):
    def answer(self, record: dict[str, Any]) -> list[list[str]]:
        rows = record.get("rows")
        if not isinstance(rows, list):
            return []
        return [[str(v) for v in row] for row in rows if isinstance(row, list)]

    def texts(self, record: dict[str, Any]) -> list[str]:
        return [v for row in self.answer(record) for v in row]

    def full_rows(self, record: dict[str, Any]) -> int:
        return sum(1 for row in self.answer(record) if row and all(v.strip() for v in row))

    def problem(self, record: dict[str, Any], min_rows: int = 0, **_: Any) -> str | None:
        full = self.full_rows(record)
        if full < min_rows:
            return (
                f"{self.title(record)} has {full} complete row(s); fill every column of at "
                f"least {min_rows} rows."
            )
        return None

    def progress(self, record: dict[str, Any]) -> str:
        rows = len(self.answer(record)) or int(record.get("n_rows", 0) or 0)
        return f"{self.full_rows(record)} complete row(s) of {rows}"

    def show(self, record: dict[str, Any]) -> list[str]:
        lines = [" | ".join(str(c) for c in record.get("columns", []) or [])]
        return lines + [
            " | ".join(row) for row in self.answer(record) if any(v.strip() for v in row)
        ]

    def show_html(self, record: dict[str, Any]) -> str:
        """The table as a table, each cell's text escaped and wrapped within the page."""
        columns = [str(c) for c in record.get("columns", []) or []]
        cell = f"border: 1px solid #767676; padding: 0.2em 0.4em; vertical-align: top; {WRAP}"
        head = "".join(f'<th scope="col" style="{cell}">{html.escape(c)}</th>' for c in columns)
        rows = "".join(
            "<tr>" + "".join(f'<td style="{cell}">{html.escape(v)}</td>' for v in row) + "</tr>"
            for row in self.answer(record)
            if any(v.strip() for v in row)
        )
        return (
            '<table class="course-reflection-answer" style="border-collapse: collapse; '
            f'table-layout: fixed; width: 100%;"><thead><tr>{head}</tr></thead>'
            f"<tbody>{rows}</tbody></table>"
        )


KINDS: dict[str, Kind] = {
    kind.name: kind
    for kind in (
        TextKind("text", "reflection", "text", "text_reflection"),
        RatingsKind("ratings", "self-rating", "ratings", "rating_reflection"),
        SelfRatingKind("self_rating", "self-rating", "ratings", "self_rating", True),
        StagesKind("stages", "reflection", "answers", "staged_reflection"),
        TableKind("table", "table", "rows", "table_reflection"),
    )
}
RATED = ("ratings", "self_rating")  # the kinds whose answers are numbers, not writing
WRITTEN = tuple(name for name in KINDS if name not in RATED)


def of(record: dict[str, Any]) -> Kind:
    """The kind of a saved record (old records without one are text)."""
    return KINDS.get(str(record.get("kind") or "text"), KINDS["text"])

"""Which learners' reflections are suspiciously alike: a near-copy, lightly edited.

Two answers are compared as the words each learner wrote, lower-cased, with every word of the
prompt and of the box's own labels (stages, columns, items) taken out first, so that answers
which only repeat the question do not look alike. Answers shorter than ``MIN_WORDS`` words
after that are not compared: short answers resemble each other by chance.

The measure is RapidFuzz's normalised Indel similarity (1 minus the number of characters
that must be inserted or deleted to turn one text into the other, divided by their combined
length; the same ratio as the standard library's ``difflib.SequenceMatcher.ratio``, computed
exactly and much faster). A pair at or above ``THRESHOLD`` is flagged for a tutor to read;
the flag is a prompt to look, never a finding of misconduct (docs/summary.md).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

THRESHOLD = 0.8  # normalised Indel similarity from 0 (nothing shared) to 1 (the same text)
MIN_WORDS = 25  # words left after the prompt's words are removed

_WORD = re.compile(r"\w+(?:['’-]\w+)*")


def words(text: str) -> list[str]:
    """The words of ``text``, lower-cased, punctuation and spacing ignored."""
    return [w.casefold() for w in _WORD.findall(text)]


def template_words(record: dict[str, Any]) -> set[str]:
    """Every word the learner was given rather than wrote: the prompt and the box's labels."""
    given = [str(record.get("prompt", ""))]
    for field in ("stages", "items"):
        labels = record.get(field)
        if isinstance(labels, dict):
            given += [str(k) for k in labels] + [str(v) for v in labels.values()]
    columns = record.get("columns")
    if isinstance(columns, list):
        given += [str(c) for c in columns]
    return {w for text in given for w in words(text)}


def comparable(text: str, template: set[str]) -> list[str]:
    """The learner's own words of ``text``: the words of the prompt and labels removed."""
    return [w for w in words(text) if w not in template]


def similarity(first: str, second: str) -> float:
    """Normalised Indel similarity of two texts, from 0 to 1."""
    from rapidfuzz.distance import Indel

    return float(Indel.normalized_similarity(first, second))


@dataclass(frozen=True)
class Pair:
    """Two learners whose answers to one reflection are at or above the threshold."""

    first: str
    second: str
    score: float  # normalised Indel similarity, 0 to 1


def similar_pairs(
    answers: dict[str, list[str]],
    threshold: float = THRESHOLD,
    min_words: int = MIN_WORDS,
) -> list[Pair]:
    """Pairs of learners whose answers (learner -> their own words) are alike, most alike first.

    Answers with fewer than ``min_words`` words are left out.
    """
    from rapidfuzz import process
    from rapidfuzz.distance import Indel

    learners = sorted(s for s, w in answers.items() if len(w) >= min_words)
    texts = [" ".join(answers[s]) for s in learners]
    if len(texts) < 2:
        return []
    scores = process.cdist(
        texts, texts, scorer=Indel.normalized_similarity, score_cutoff=threshold, workers=1
    )
    pairs = [
        Pair(learners[i], learners[j], round(float(scores[i][j]), 3))
        for i in range(len(learners))
        for j in range(i + 1, len(learners))
        if scores[i][j] >= threshold
    ]
    return sorted(pairs, key=lambda p: (-p.score, p.first, p.second))

"""Which learners' reflections are suspiciously alike: a near-copy, lightly edited.

Two answers are compared as the words each learner wrote, lower-cased, with every word of the
prompt and of the box's own labels (stages, columns, items) taken out first, so that answers
which only repeat the question do not look alike. Answers shorter than ``MIN_WORDS`` words
after that are not compared: short answers resemble each other by chance.

The measure is RapidFuzz's normalised Indel similarity over the sequence of words: 1 minus
the number of words that must be inserted or deleted to turn one answer into the other,
divided by their combined length (the ratio the standard library's
``difflib.SequenceMatcher.ratio`` approximates, computed exactly and much faster). Counting
words rather than characters keeps answers that merely share common words far apart (about
0.2 for two answers written separately to one prompt) and a copy with a few words changed
close (about 0.9). A pair at or above ``THRESHOLD`` is flagged for a tutor to read; the flag
is a prompt to look, never a finding of misconduct (docs/summary.md).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

THRESHOLD = 0.7  # normalised Indel similarity from 0 (nothing shared) to 1 (the same words)
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


def similarity(first: list[str], second: list[str]) -> float:
    """Normalised Indel similarity of two answers' words, from 0 to 1."""
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
    import numpy
    from rapidfuzz import process
    from rapidfuzz.distance import Indel

    learners = sorted(s for s, w in answers.items() if len(w) >= min_words)
    if len(learners) < 2:
        return []
    numbers: dict[str, int] = {}  # each distinct word as a number: compared much faster
    coded = [[numbers.setdefault(w, len(numbers)) for w in answers[s]] for s in learners]
    scores = process.cdist(
        coded, coded, scorer=Indel.normalized_similarity, score_cutoff=threshold, workers=1
    )
    upper = numpy.triu(scores >= threshold, k=1)  # each pair once, never a learner with itself
    pairs = [
        Pair(learners[i], learners[j], round(float(scores[i][j]), 3))
        for i, j in numpy.argwhere(upper)
    ]
    return sorted(pairs, key=lambda p: (-p.score, p.first, p.second))

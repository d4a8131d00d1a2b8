"""A stable shuffled order per marker, and a pseudonym per learner, from one course secret.

Marking answers in the same order every time (say, alphabetical) lets early answers set the
standard for later ones; each marker gets their own shuffle instead. The shuffle is seeded
(a keyed hash of the module, question and marker), so a reload gives the same order and a
learner who submits late slots in without moving anyone else. Pseudonyms are keyed hashes
too: stable, short, and meaningless without the secret in the marking store.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable

ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I to misread
PSEUDONYM_LENGTH = 6


def _digest(secret: str, *parts: str) -> bytes:
    return hmac.new(secret.encode(), "\x1f".join(parts).encode(), hashlib.sha256).digest()


def shuffled(learners: Iterable[str], secret: str, *seed: str) -> list[str]:
    """``learners`` in the order this seed (module, question, marker) gives them."""
    return sorted(set(learners), key=lambda learner: _digest(secret, "order", *seed, learner))


def pseudonym(secret: str, module: str, learner: str) -> str:
    """A stable six-character name for a learner in a module, such as ``K7QF2M``."""
    value = int.from_bytes(_digest(secret, "pseudonym", module, learner)[:8], "big")
    chars = []
    for _ in range(PSEUDONYM_LENGTH):
        value, index = divmod(value, len(ALPHABET))
        chars.append(ALPHABET[index])
    return "".join(chars)

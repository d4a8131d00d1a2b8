"""Rubric items read from a marking guide: ``2 marks: takes a clear position ...``.

The course's guides give each part of the marks as ``N mark(s): what earns them``, in a
sentence or a bulleted list. Each becomes a rubric item the tutor can tick; the ticked items'
marks are the suggested score, which the tutor can still change.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

ITEM = re.compile(
    r"(?:^|(?<=[\s.;:(]))(\d+(?:\.\d+)?)\s+marks?\s*:\s*(.+?)"
    r"(?=\s*(?:[-*]\s+)?\d+(?:\.\d+)?\s+marks?\s*:|\Z)",
    re.S | re.I,
)
HEADING = re.compile(r"^\s*\*\*.+?\*\*")


@dataclass(frozen=True)
class Item:
    """One part of the marks: how many, and for what."""

    points: float
    text: str

    def as_dict(self) -> dict[str, object]:
        return {"points": self.points, "text": self.text}


def parse(guide: str) -> list[Item]:
    """The rubric items in ``guide``, in order (none when it names no ``N marks:`` parts)."""
    body = HEADING.sub("", guide or "", count=1)
    items = []
    for points, text in ITEM.findall(body):
        clean = " ".join(text.replace("\n-", " ").split()).strip(" -*")
        if clean:
            items.append(Item(float(points), clean))
    return items

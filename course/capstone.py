"""The capstone's record of its evidence: what the development plan draws on, kept for the tutor.

The tutor grades module 13 from its own folder, where the other modules' reflection files are
not. So the capstone keeps a plain summary of what it read (the latest self-ratings by
leadership dimension, the change over time, the opening lines of each earlier reflection and
the modules it could not read) as ``reflections/m13_evidence.json`` in module 13's own folder,
which is handed in with it and shown by ``reflect.show("m13_evidence")``. Nothing is written
anywhere else.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from . import reflect

if TYPE_CHECKING:
    import pandas as pd

KEY = "m13_evidence"
PROMPT = "The evidence this development plan draws on, read from the learner's other modules"


def evidence_text(
    latest: pd.DataFrame, change: pd.DataFrame, openings: pd.DataFrame, problems: list[str]
) -> str:
    """The summary as plain lines: ratings by dimension, changes, openings, what was missing."""
    lines = ["Latest self-ratings (1 = not yet, 5 = confidently), by leadership dimension:"]
    for dimension, group in latest.sort_values(["dimension", "module"]).groupby("dimension"):
        rated = "; ".join(f"{r.module} {r.label}: {r.rating}" for r in group.itertuples())
        lines.append(f"- {dimension}: {rated}")
    if not change.empty:
        lines += ["", "Change between the first and latest rating:"]
        lines += [
            f"- {r.module} {r.label}: {r.first_rating} ({r.first_date}) to "
            f"{r.latest_rating} ({r.latest_date}), {r.change:+d}"
            for r in change.itertuples()
        ]
    if not openings.empty:
        lines += ["", "Opening lines of the earlier reflections:"]
        lines += [f"- {r.module}, {r.title}: {r.opening}" for r in openings.itertuples()]
    if problems:
        lines += ["", "Could not be read:"] + [f"- {p}" for p in problems]
    return "\n".join(lines)


def keep_evidence(
    latest: pd.DataFrame,
    change: pd.DataFrame,
    openings: pd.DataFrame,
    problems: list[str],
    base: Path | None = None,
) -> bool:
    """Save the summary in this module's folder when anything was read; True if saved.

    With nothing read (the module opened on its own, or graded away from the learner's
    other modules) the summary saved before is kept rather than replaced by an empty one.
    """
    if latest.empty and openings.empty:
        return False
    text = evidence_text(latest, change, openings, problems)
    try:
        reflect.save(KEY, {"kind": "text", "prompt": PROMPT, "text": text}, base)
    except OSError:
        return False
    return True

"""Start-here data: ten made-up clinic sessions for a first practice with pandas."""

from __future__ import annotations

import math
import random

from ..data import Column, Dataset

CLINICS = (
    "Diabetes review",
    "Falls prevention",
    "Memory assessment",
    "Heart failure",
    "Leg ulcer care",
)
SITES = ("Riverside Health Centre", "Hilltop Surgery", "Community Hospital")
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")


def _near_half(booked: int, attended: int) -> bool:
    """True if 100 * attended / booked, to 1 decimal place, sits close to a .x5 boundary."""
    tenths = 1000 * attended / booked
    return abs(tenths - math.floor(tenths) - 0.5) < 0.02


def _clinic_rows(rng: random.Random) -> list[dict[str, object]]:
    """Ten synthetic sessions with a booked count of exactly 15 and a tie in attendance."""
    sites = [SITES[0]] * 4 + [SITES[1]] * 3 + [SITES[2]] * 3
    rng.shuffle(sites)
    while True:
        rows: list[dict[str, object]] = []
        for n, site in enumerate(sites, start=1):
            booked = rng.randint(8, 20)
            rows.append(
                dict(
                    session_id=f"S{n:02d}",
                    clinic=rng.choice(CLINICS),
                    site=site,
                    day=rng.choice(DAYS),
                    booked=booked,
                    attended=booked - rng.randint(0, 4),
                )
            )
        # S04 is booked exactly 15: the filter task says "15 or more", so it must be kept.
        rows[3]["booked"] = 15
        rows[3]["attended"] = min(int(rows[3]["attended"]), 15)
        # S08 attends as many people as S03, so sorting by attended needs a tie-break.
        rows[7]["attended"] = rows[2]["attended"]
        rows[7]["booked"] = max(int(rows[7]["booked"]), int(rows[7]["attended"]))
        attended = [int(r["attended"]) for r in rows]
        booked_total = sum(int(r["booked"]) for r in rows)
        unique_top = attended.count(max(attended)) == 1
        if unique_top and not _near_half(booked_total, sum(attended)):
            return rows


DATASETS: tuple[Dataset, ...] = (
    Dataset(
        filename="practice_clinics.csv",
        module="m00_start_here",
        title="Practice data: ten clinic sessions",
        description=(
            "Ten made-up outpatient and community clinic sessions, used to practise reading, "
            "filtering, sorting and counting a table before the course modules begin."
        ),
        columns=(
            Column("session_id", "str", "Identifier of the clinic session (S01 to S10)."),
            Column(
                "clinic",
                "str",
                "The kind of clinic held in the session.",
                "synthetic (made-up names)",
            ),
            Column("site", "str", "Where the session was held (three made-up sites).", "synthetic"),
            Column("day", "str", "Day of the week of the session.", "synthetic"),
            Column("booked", "int", "Appointments booked for the session.", "synthetic"),
            Column("attended", "int", "People who came to their appointment.", "synthetic"),
        ),
        make_rows=_clinic_rows,
        notes=(
            "S04 is booked for exactly 15 appointments (a test of '15 or more').",
            "S08 has the same attended count as S03 (a tie-break test).",
        ),
    ),
)

"""Module 4 data: days at home against the four-hour A&E target for 300 frail older people."""

from __future__ import annotations

import math
import random

from ..data import Column, Dataset

# (provider, patients, mean hospital bed days, mean care-home or respite days,
#  mean A&E attendances, share of attendances seen within four hours)
PROVIDERS = (
    ("A", 112, 27, 18, 2.6, 0.953),
    ("B", 97, 10, 6, 1.9, 0.884),
    ("C", 91, 37, 25, 2.6, 0.884),
)
HOME_THRESHOLD = 300  # "at least 300 days at home": synthetic threshold used by the task


def _count(rng: random.Random, mean: float, cap: int) -> int:
    """A skewed, non-negative whole number with the given mean (geometric-like), at most cap."""
    if mean <= 0:
        return 0
    value = int(rng.expovariate(1 / mean))
    return min(value, cap)


def _seen_total(attendances: int, share: float) -> int | None:
    """A count of attendances seen in four hours whose percentage rounds like ``share`` does."""
    target = round(100 * share, 1)
    for seen in sorted(range(attendances + 1), key=lambda s: abs(s - share * attendances)):
        pct = 100 * seen / attendances
        if round(pct, 1) == target:
            return seen
    return None


def _patients(
    rng: random.Random,
    provider: str,
    n: int,
    bed_mean: float,
    care_mean: float,
    ae_mean: float,
    share: float,
) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    for _ in range(n):
        alive = 365 if rng.random() > 0.09 else rng.randint(40, 364)
        beds = _count(rng, bed_mean, alive // 2)
        care = _count(rng, care_mean, (alive - beds) // 2)
        attendances = min(_count(rng, ae_mean, 12), 12)
        rows.append(
            dict(
                provider=provider,
                days_alive_in_year=alive,
                hospital_bed_days=beds,
                care_home_or_respite_days=care,
                ae_attendances=attendances,
                ae_seen_within_4h=0,
            )
        )
    # Make the provider's four-hour percentage round to the planned figure: add an
    # attendance to a random patient until a whole number of "seen" attendances does.
    while (seen := _seen_total(sum(int(r["ae_attendances"]) for r in rows), share)) is None:
        row = rows[rng.randrange(n)]
        row["ae_attendances"] = int(row["ae_attendances"]) + 1
    # Share the seen attendances out one at a time to patients who still have an unseen one.
    for _ in range(seen):
        open_rows = [r for r in rows if int(r["ae_seen_within_4h"]) < int(r["ae_attendances"])]
        row = open_rows[rng.randrange(len(open_rows))]
        row["ae_seen_within_4h"] = int(row["ae_seen_within_4h"]) + 1
    return rows


def _off_boundary(value: float, places: int) -> bool:
    """True unless ``value`` sits (nearly) on a half-way point at ``places`` decimals."""
    scaled = abs(value) * 10**places
    return abs(scaled - math.floor(scaled) - 0.5) > 1e-6


def _summary(rows: list[dict[str, object]]) -> dict[str, dict[str, float]]:
    """The task's answers, computed with plain Python exactly as the hidden tests do."""
    out: dict[str, dict[str, float]] = {}
    for provider in sorted({str(r["provider"]) for r in rows}):
        mine = [r for r in rows if r["provider"] == provider]
        home = [
            int(r["days_alive_in_year"])
            - int(r["hospital_bed_days"])
            - int(r["care_home_or_respite_days"])
            for r in mine
        ]
        att = sum(int(r["ae_attendances"]) for r in mine)
        seen = sum(int(r["ae_seen_within_4h"]) for r in mine)
        raw = {
            "four_hour_pct": 100 * seen / att,
            "mean_days_at_home": sum(home) / len(home),
            "pct_300_plus": 100 * sum(h >= HOME_THRESHOLD for h in home) / len(home),
        }
        for name, value in raw.items():
            assert _off_boundary(value, 1), f"{provider} {name} {value} is on a rounding boundary"
        out[provider] = {name: round(value, 1) for name, value in raw.items()}
    return out


def _ranks(summary: dict[str, dict[str, float]], measure: str) -> dict[str, int]:
    """Rank 1 = highest; ties broken alphabetically by provider."""
    order = sorted(summary, key=lambda p: (-summary[p][measure], p))
    return {p: i + 1 for i, p in enumerate(order)}


def _frail_rows(rng: random.Random) -> list[dict[str, object]]:
    """300 synthetic patients; the provider best on the four-hour target is not best at home."""
    rows: list[dict[str, object]] = []
    for provider, n, bed_mean, care_mean, ae_mean, share in PROVIDERS:
        rows.extend(_patients(rng, provider, n, bed_mean, care_mean, ae_mean, share))
    rng.shuffle(rows)
    for number, row in enumerate(rows, start=1):
        row["patient_id"] = f"P{number:03d}"
        home = (
            int(row["days_alive_in_year"])
            - int(row["hospital_bed_days"])
            - int(row["care_home_or_respite_days"])
        )
        assert 0 <= home <= int(row["days_alive_in_year"]) <= 365
        assert 0 <= int(row["ae_seen_within_4h"]) <= int(row["ae_attendances"])

    summary = _summary(rows)
    four_hour = _ranks(summary, "four_hour_pct")
    at_home = _ranks(summary, "mean_days_at_home")
    best_four_hour = min(four_hour, key=four_hour.__getitem__)
    best_at_home = min(at_home, key=at_home.__getitem__)
    # The property the module teaches: the best on the organisation's target is not the
    # best on the outcome patients asked for.
    assert best_four_hour != best_at_home, (best_four_hour, best_at_home)
    assert best_four_hour == "A" and best_at_home == "B", summary
    # B and C tie on the four-hour percentage (to 1 decimal place), so the alphabetical
    # tie-break decides their ranks, and the tie-break changes the task 6 answer.
    assert summary["B"]["four_hour_pct"] == summary["C"]["four_hour_pct"], summary
    assert sorted(p for p in summary if four_hour[p] != at_home[p]) == ["A", "B"], summary
    return rows


DATASETS: tuple[Dataset, ...] = (
    Dataset(
        filename="frail_cohort.csv",
        module="m04_patients_and_outcomes",
        title="Days at home and the four-hour A&E target",
        description=(
            "One year for 300 frail older people living in their own homes, grouped by the "
            "acute trust (A, B or C) whose A&E and wards they mainly used: days alive, days in "
            "hospital, days in a care home or respite bed, and A&E attendances with how many "
            "were seen within four hours. Built so that the trust best on the four-hour target "
            "is not the best on days at home (Fish, 003:641-649)."
        ),
        columns=(
            Column("patient_id", "str", "Identifier of the patient (P001 to P300)."),
            Column(
                "provider",
                "str",
                "The acute trust the patient mainly used: A, B or C (112, 97 and 91 patients).",
                "synthetic; West Hertfordshire, where Fish started, had one acute provider "
                "(003:643)",
            ),
            Column(
                "days_alive_in_year",
                "int",
                "Days of the year the patient was alive (365 unless they died; about one "
                "in eleven did).",
            ),
            Column("hospital_bed_days", "int", "Days spent in a hospital bed during the year."),
            Column(
                "care_home_or_respite_days",
                "int",
                "Days spent in a short-stay care home, respite or step-down bed.",
            ),
            Column("ae_attendances", "int", "Visits to A&E during the year."),
            Column(
                "ae_seen_within_4h",
                "int",
                "Of those visits, how many ended (admitted, transferred or sent home) "
                "within four hours.",
                "synthetic; the four-hour 'trolley wait' target is named by Fish (003:649); "
                "trust A is set to about 95%, B and C to about 88%",
            ),
        ),
        make_rows=_frail_rows,
        notes=(
            "Days at home = days_alive_in_year - hospital_bed_days - care_home_or_respite_days, "
            "the measure frail older people asked for in West Hertfordshire: 'how many days "
            "did I spend at home?' (003:641).",
            "The generator asserts that trust A is best on the four-hour percentage while "
            "trust B is best on mean days at home, and that B and C tie on the four-hour "
            "percentage to 1 decimal place (a tie-break test). No answer of the task lies on "
            "a rounding half-way point.",
        ),
    ),
)

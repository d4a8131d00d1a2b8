"""Module 10 data: who travels further when a service moves to a specialist centre?"""

from __future__ import annotations

import math
import random

from ..data import Column, Dataset

THRESHOLD_TENTHS = 100  # Vaughan's "extra 10 miles" (003:198, 003:1023), in tenths of a mile

# (home area, patients, patients more than 10 extra miles, patients exactly 10.0 extra miles,
#  extra miles for the rest (tenths, inclusive), extra miles over 10 (tenths, inclusive),
#  miles to the local hospital (tenths, inclusive)).
# Every area has an odd number of patients that is not a multiple of 5, so each median is one
# middle value (exact to 1 decimal place) and no area percentage sits on a rounding boundary or
# at exactly 50%. River towns has three patients at exactly 10.0 extra miles: counting them as
# "more than 10" would lift it from 48.4% to 51.6% and wrongly make it a priority area.
AREAS = (
    ("City", 101, 0, 0, (-60, 30), (0, 0), (5, 50)),
    ("North suburbs", 87, 9, 1, (10, 99), (101, 130), (10, 70)),
    ("River towns", 93, 45, 3, (30, 99), (101, 190), (5, 60)),
    ("Peninsula", 79, 49, 1, (40, 99), (101, 220), (10, 80)),
    ("Moorland", 77, 66, 0, (50, 99), (101, 320), (30, 180)),
    ("Coast", 63, 38, 2, (40, 99), (101, 260), (10, 100)),
)
NEAREST_SITE_TENTHS = 5  # nobody lives closer than half a mile to a hospital in this data


def _area_rows(
    rng: random.Random,
    area: str,
    n: int,
    n_over: int,
    n_exact: int,
    under: tuple[int, int],
    over: tuple[int, int],
    local: tuple[int, int],
) -> list[dict[str, object]]:
    """One area's patients, built from planned extra miles (in tenths) so every count is exact."""
    extras = (
        [rng.randint(*over) for _ in range(n_over)]
        + [THRESHOLD_TENTHS] * n_exact
        + [rng.randint(*under) for _ in range(n - n_over - n_exact)]
    )
    rows: list[dict[str, object]] = []
    for extra in extras:
        # A negative extra means the specialist centre is nearer than the local hospital.
        low = max(local[0], NEAREST_SITE_TENTHS - extra)
        local_tenths = rng.randint(low, max(local[1], low + 20))
        rows.append(dict(home_area=area, local=local_tenths, centre=local_tenths + extra))
    return rows


def _off_boundary(value: float, places: int) -> bool:
    """True unless ``value`` sits (nearly) on a half-way point at ``places`` decimals."""
    scaled = abs(value) * 10**places
    return abs(scaled - math.floor(scaled) - 0.5) > 1e-6


def _check(rows: list[dict[str, object]]) -> None:
    """The task's percentages are exact to 1 decimal place, as the notebook promises."""
    extra = [max(0, int(r["centre"]) - int(r["local"])) for r in rows]
    within = 100 * sum(e <= THRESHOLD_TENTHS for e in extra) / len(extra)
    assert _off_boundary(within, 1), f"pct_within_10 {within} is on a rounding boundary"
    for area, n, *_ in AREAS:
        mine = [e for e, r in zip(extra, rows, strict=True) if r["home_area"] == area]
        assert len(mine) == n and n % 2 == 1
        pct = 100 * sum(e > THRESHOLD_TENTHS for e in mine) / n
        assert _off_boundary(pct, 1) and pct != 50, f"{area} pct_over_10 {pct} is ambiguous"


def _patient_rows(rng: random.Random) -> list[dict[str, object]]:
    """500 patients in six areas, shuffled, then numbered P001 to P500."""
    rows: list[dict[str, object]] = []
    for area, n, n_over, n_exact, under, over, local in AREAS:
        rows += _area_rows(rng, area, n, n_over, n_exact, under, over, local)
    _check(rows)
    rng.shuffle(rows)
    return [
        dict(
            patient_id=f"P{i:03d}",
            home_area=r["home_area"],
            miles_to_local_site=f"{int(r['local']) / 10:.1f}",
            miles_to_specialist_centre=f"{int(r['centre']) / 10:.1f}",
        )
        for i, r in enumerate(rows, start=1)
    ]


DATASETS: tuple[Dataset, ...] = (
    Dataset(
        filename="patients.csv",
        module="m10_politics_and_place",
        title="Who travels further?",
        description=(
            "500 patients of a specialist service that a clinical network proposes to move "
            "from local hospitals to one specialist centre in the city: where each patient "
            "lives and how far they would travel to each site. The areas, patients and "
            "distances are made up."
        ),
        columns=(
            Column("patient_id", "str", "Identifier of the patient (P001 to P500)."),
            Column(
                "home_area",
                "str",
                "The area the patient lives in: City, North suburbs, River towns, Peninsula, "
                "Moorland or Coast (made-up areas).",
            ),
            Column(
                "miles_to_local_site",
                "float",
                "Road miles from home to the patient's local hospital, to 1 decimal place.",
            ),
            Column(
                "miles_to_specialist_centre",
                "float",
                "Road miles from home to the proposed specialist centre, to 1 decimal place.",
                "synthetic; the task's 10-mile threshold is Vaughan's view that patients "
                "'don't mind travelling the extra 10 miles' for the best treatment "
                "(003:198, 003:1023)",
            ),
        ),
        make_rows=_patient_rows,
        notes=(
            "Every home area has an odd number of patients (101, 87, 93, 79, 77 and 63), none a "
            "multiple of 5, so each area's median extra miles is a single middle value and no "
            "area's percentage is exactly 50% or on a rounding boundary.",
            "Some City patients live nearer the specialist centre than their local hospital; "
            "their extra miles are 0.",
            "Seven patients (three in River towns) live exactly 10.0 extra miles away, to test "
            "that 'within 10 miles' includes 10 and 'more than 10 miles' does not.",
        ),
    ),
)

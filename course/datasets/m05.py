"""Module 5 data: how long does change really take?"""

from __future__ import annotations

import random
from collections.abc import Callable

from ..data import Column, Dataset

# (row_id, programme, site, site_order, planned range, actual range or None,
#  goal_changed, method_changed, status). A fixed number is a (n, n) range.
# For abandoned rows, actual_months is how long the work ran before it stopped.
_PLAN: tuple[
    tuple[str, str, str, int, tuple[int, int], tuple[int, int] | None, bool, bool, str], ...
] = (
    # NIHR: a three-year transition that took four or five years (003:582).
    (
        "R01",
        "NIHR research funding transition",
        "England",
        1,
        (36, 36),
        (54, 54),
        False,
        True,
        "completed",
    ),
    # UCLPartners: two to three years in one area, six months in another (003:334, 003:633).
    (
        "R02",
        "UCLPartners spread programme",
        "First area",
        1,
        (12, 18),
        (30, 30),
        False,
        True,
        "completed",
    ),
    (
        "R03",
        "UCLPartners spread programme",
        "Second area",
        2,
        (9, 15),
        (6, 6),
        False,
        False,
        "completed",
    ),
    (
        "R04",
        "Virtual ward for frail older people",
        "North locality",
        1,
        (9, 12),
        (18, 24),
        False,
        True,
        "completed",
    ),
    (
        "R05",
        "Virtual ward for frail older people",
        "East locality",
        2,
        (6, 9),
        (7, 10),
        False,
        False,
        "completed",
    ),
    (
        "R06",
        "Virtual ward for frail older people",
        "South locality",
        3,
        (6, 9),
        None,
        False,
        False,
        "running",
    ),
    ("R07", "Shared care record", "Borough A", 1, (12, 18), (20, 28), False, False, "completed"),
    ("R08", "Shared care record", "Borough B", 2, (9, 12), (14, 20), False, True, "completed"),
    ("R09", "Shared care record", "Borough C", 3, (9, 12), (5, 10), True, False, "abandoned"),
    ("R10", "Discharge to assess", "Main hospital", 1, (6, 9), (10, 14), False, False, "completed"),
    ("R11", "Discharge to assess", "Second hospital", 2, (6, 9), None, False, True, "running"),
    (
        "R12",
        "Discharge to assess",
        "Community hospital",
        3,
        (6, 9),
        (3, 6),
        False,
        True,
        "abandoned",
    ),
    (
        "R13",
        "Diabetes foot care",
        "City practices",
        1,
        (12, 15),
        (20, 26),
        True,
        False,
        "completed",
    ),
    (
        "R14",
        "Diabetes foot care",
        "County practices",
        2,
        (9, 12),
        (8, 12),
        False,
        False,
        "completed",
    ),
    (
        "R15",
        "Falls prevention pathway",
        "East locality",
        1,
        (12, 18),
        (8, 14),
        True,
        False,
        "abandoned",
    ),
    ("R16", "Falls prevention pathway", "West locality", 2, (12, 18), None, True, False, "running"),
    (
        "R17",
        "Care home in-reach team",
        "Whole county",
        1,
        (12, 12),
        (9, 15),
        True,
        True,
        "abandoned",
    ),
    (
        "R18",
        "Mental health crisis cafe",
        "Town centre",
        1,
        (6, 9),
        (7, 12),
        False,
        False,
        "completed",
    ),
    (
        "R19",
        "Community respiratory service",
        "North locality",
        1,
        (9, 12),
        (14, 20),
        False,
        True,
        "completed",
    ),
    (
        "R20",
        "Community respiratory service",
        "South locality",
        2,
        (6, 9),
        (6, 9),
        False,
        False,
        "completed",
    ),
)


def _far_from_half(numerator: int, denominator: int) -> bool:
    """True unless numerator / denominator sits within 0.02 of a rounding boundary (.5)."""
    fraction = (numerator % denominator) / denominator
    return abs(fraction - 0.5) > 0.02


def _draw(rng: random.Random, span: tuple[int, int], ok: Callable[[int], bool]) -> int:
    """Draw an int in ``span`` (inclusive) until ``ok`` accepts it; deterministic for a seed."""
    lo, hi = span
    candidates = [n for n in range(lo, hi + 1) if ok(n)]
    if not candidates:
        raise ValueError(f"no value in {span} avoids a rounding boundary")
    return rng.choice(candidates)


def _overrun_ok(planned: int, actual: int) -> bool:
    """True unless the overrun (1 dp), 1000 * (actual - planned) / planned, is near a .5."""
    return _far_from_half(1000 * (actual - planned), planned)


def _programme_rows(rng: random.Random) -> list[dict[str, object]]:
    """Twenty programme sites: three calibrated to the report, seventeen synthetic."""
    rows: list[dict[str, object]] = []
    first_actual: dict[str, int] = {}
    for row_id, programme, site, order, planned_span, actual_span, goal, method, status in _PLAN:
        actual: int | None = None
        if actual_span is None:
            planned = rng.randint(*planned_span)
        else:
            # Python's round() and pandas' .round() agree only away from .5 boundaries,
            # so the planned months are drawn from the values that keep the overrun clear.
            actual = rng.randint(*actual_span)
            planned = _draw(rng, planned_span, lambda p, a=actual: _overrun_ok(p, a))
            first = first_actual.get(programme)
            if status == "completed" and order == 2 and first is not None:
                # The speed-up (2 dp), first-site months / second-site months, likewise.
                actual = _draw(
                    rng,
                    actual_span,
                    lambda a, f=first, p=planned: _far_from_half(100 * f, a) and _overrun_ok(p, a),
                )
            if status == "completed" and order == 1:
                first_actual[programme] = actual
        rows.append(
            dict(
                row_id=row_id,
                programme=programme,
                site=site,
                site_order=order,
                planned_months=planned,
                actual_months="" if actual is None else actual,
                goal_changed=goal,
                method_changed=method,
                status=status,
            )
        )
    return rows


DATASETS: tuple[Dataset, ...] = (
    Dataset(
        filename="programmes.csv",
        module="m05_staying_the_course",
        title="How long does change really take?",
        description=(
            "Twenty change programmes, one row per site: how long each was planned to take, "
            "how long it took (or ran before it was stopped), whether its goal or its method "
            "was changed on the way, and how it ended."
        ),
        columns=(
            Column("row_id", "str", "Identifier of the programme site (R01 to R20)."),
            Column(
                "programme",
                "str",
                "The change programme.",
                "NIHR transition (003:582) and UCLPartners programme (003:334, 003:633) "
                "from the report; the other eight programmes synthetic",
            ),
            Column("site", "str", "The area or organisation where the programme ran.", "synthetic"),
            Column(
                "site_order",
                "int",
                "Order in which the programme reached this site; 1 = the first site.",
            ),
            Column(
                "planned_months",
                "int",
                "Months the work was planned to take at this site.",
                "NIHR 36, a 'three-year transition' (003:582); others synthetic",
            ),
            Column(
                "actual_months",
                "int or blank",
                "Months it took to complete, or ran before it was abandoned; blank while "
                "still running.",
                "NIHR 54, within 'four or five years' (003:582); UCLPartners first area 30, "
                "'two to three years', and second area 6, 'six months' (003:334, 003:633); "
                "others synthetic",
            ),
            Column(
                "goal_changed",
                "bool",
                "True if the programme's objective was changed.",
                "NIHR False and UCLPartners first area False, 'we didn't change the goal' "
                "(003:633); others synthetic",
            ),
            Column(
                "method_changed",
                "bool",
                "True if the way of doing the work was changed.",
                "NIHR True, consultation 'changed some of it' (003:582); UCLPartners first "
                "area True, 'we changed the methodology' (003:633); others synthetic",
            ),
            Column(
                "status",
                "str",
                "completed, abandoned or running.",
                "NIHR and UCLPartners completed (003:582, 003:633); others synthetic",
            ),
        ),
        make_rows=_programme_rows,
        notes=(
            "Thirteen rows are completed (an odd number, so the median overrun is one value); "
            "four are abandoned and three still running.",
            "Planned and actual months are drawn so that no overrun (1 dp), speed-up (2 dp) or "
            "abandonment rate (1 dp) sits on a .5 rounding boundary.",
            "R17 changed both goal and method: it belongs to the goal-changed group only.",
        ),
    ),
)

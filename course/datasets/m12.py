"""Module 12 data: the lost intervention window (six trusts over 36 months)."""

from __future__ import annotations

import random

from ..data import Column, Dataset

# 36 months, April 2012 to March 2015: the three NHS financial years before the report
# was published in May 2015 (003:12).
FIRST_YEAR, FIRST_MONTH, N_MONTHS = 2012, 4, 36
WARNING_BELOW = 60.0  # synthetic threshold: "warning" when the index is below 60
SPECIAL_MEASURES_BELOW = 40.0  # synthetic threshold: "special measures" when below 40

# The fixed design of the six trusts:
# (trust_id, trust_type, anchors of the index trend as {month number: level},
#  month number of the first warning or None, of the first special-measures month or None,
#  months pinned to an exact value, answered share of concerns as {month number: share}).
# Month numbers count from 0 (2012-04). The pinned values sit exactly on a threshold, so a
# learner who writes <= instead of < finds a warning too early (T1) or where there is
# none (T2), or special measures too early (T5).
TRUSTS: tuple[
    tuple[str, str, dict[int, float], int | None, int | None, dict[int, float], dict[int, float]],
    ...,
] = (
    # A slow slide: 18 months from warning to special measures.
    (
        "T1",
        "Acute trust",
        {0: 74, 6: 70, 10: 58.5, 20: 50, 27: 42.5, 28: 38, 35: 35},
        10,
        28,
        {9: 60.0},
        {0: 0.86, 2: 0.86, 10: 0.45, 28: 0.40, 35: 0.55},
    ),
    # Steady: never reaches a warning, though it touches 60.0 once.
    (
        "T2",
        "Community trust",
        {0: 72, 12: 68, 20: 63, 28: 70, 35: 74},
        None,
        None,
        {20: 60.0},
        {0: 0.88, 35: 0.90},
    ),
    # A dip caught early: help arrived, the trust recovered, no special measures.
    (
        "T3",
        "Mental health trust",
        {0: 70, 10: 66, 13: 62.5, 14: 57, 18: 51, 24: 60, 30: 66, 35: 69},
        14,
        None,
        {},
        {0: 0.82, 14: 0.78, 35: 0.86},
    ),
    # A fast collapse: three months from warning to special measures.
    (
        "T4",
        "Acute trust",
        {0: 71, 18: 66, 20: 62.5, 21: 55, 23: 44, 24: 36, 35: 38},
        21,
        24,
        {},
        {0: 0.84, 17: 0.82, 21: 0.62, 24: 0.50, 35: 0.60},
    ),
    # The longest slide: two years just above the line before special measures.
    (
        "T5",
        "Acute trust (district general hospital)",
        {0: 66, 5: 62.5, 6: 57.5, 12: 52, 20: 47, 27: 43, 29: 42.5, 30: 38, 35: 33},
        6,
        30,
        {27: 40.0},
        {0: 0.70, 6: 0.42, 30: 0.35, 35: 0.45},
    ),
    # A slide the same length as T1's (18 months): two trusts tie on months lost.
    (
        "T6",
        "Acute trust",
        {0: 69, 8: 66, 11: 62.5, 12: 57.5, 18: 55, 24: 48, 29: 43, 30: 38, 35: 36},
        12,
        30,
        {},
        {0: 0.84, 3: 0.84, 12: 0.50, 30: 0.42, 35: 0.50},
    ),
)


def month_label(n: int) -> str:
    """The 'YYYY-MM' label of month number ``n`` (0 = 2012-04)."""
    total = FIRST_YEAR * 12 + FIRST_MONTH - 1 + n
    return f"{total // 12}-{total % 12 + 1:02d}"


def _interpolate(anchors: dict[int, float], n: int) -> float:
    """Piecewise-linear value of ``anchors`` at month ``n``."""
    points = sorted(anchors.items())
    for (m0, v0), (m1, v1) in zip(points, points[1:], strict=False):
        if m0 <= n <= m1:
            return v0 + (v1 - v0) * (n - m0) / (m1 - m0)
    return points[-1][1]


def _allowed(value: float, n: int, warn: int | None, sm: int | None) -> bool:
    """True if ``value`` in month ``n`` keeps the designed first-warning and first-SM months."""
    if warn is None or n < warn:
        return value > WARNING_BELOW
    if n == warn and value >= WARNING_BELOW:
        return False
    if sm is None or n < sm:
        return value > SPECIAL_MEASURES_BELOW
    if n == sm:
        return value < SPECIAL_MEASURES_BELOW
    return 0 < value < 100


def _index_series(
    rng: random.Random,
    anchors: dict[int, float],
    warn: int | None,
    sm: int | None,
    pinned: dict[int, float],
) -> list[float]:
    """One trust's monthly index: the trend plus noise, redrawn where it breaks the design."""
    series = []
    for n in range(N_MONTHS):
        if n in pinned:
            series.append(pinned[n])
            continue
        trend = _interpolate(anchors, n)
        for _ in range(1000):
            value = round(trend + rng.uniform(-2.0, 2.0), 1)
            if _allowed(value, n, warn, sm):
                break
        else:
            raise ValueError(f"month {n}: no value near {trend} fits the design")
        series.append(value)
    return series


def _far_from_half(numerator: int, denominator: int) -> bool:
    """True unless 1000 * numerator / denominator sits within 0.02 of a .5 (a 1 dp boundary)."""
    fraction = (1000 * numerator % denominator) / denominator
    return abs(fraction - 0.5) > 0.02


def _concerns(
    rng: random.Random, trend: list[float], shares: dict[int, float], warn: int | None
) -> tuple[list[int], list[int]]:
    """Concerns raised and answered within 30 days, month by month.

    More concerns are raised as performance falls; the answered share follows the design.
    Redrawn until the response rate over the six months up to the first warning is clear
    of a rounding boundary, so Python's round() and pandas' .round() agree.
    """
    base = rng.randint(7, 11)
    for _ in range(1000):
        raised, answered = [], []
        for n in range(N_MONTHS):
            r = max(1, round(base + 0.3 * max(0.0, 70 - trend[n])) + rng.randint(-2, 2))
            share = min(1.0, max(0.0, _interpolate(shares, n) + rng.uniform(-0.06, 0.06)))
            raised.append(r)
            answered.append(min(r, round(r * share)))
        if warn is None:
            return raised, answered
        window = range(warn - 5, warn + 1)
        if _far_from_half(sum(answered[n] for n in window), sum(raised[n] for n in window)):
            return raised, answered
    raise ValueError("no draw of concerns keeps the response rate clear of a .5")


def _trust_rows(rng: random.Random) -> list[dict[str, object]]:
    """216 rows: six trusts, 36 months each, in trust then month order."""
    rows: list[dict[str, object]] = []
    for trust_id, trust_type, anchors, warn, sm, pinned, shares in TRUSTS:
        index = _index_series(rng, anchors, warn, sm, pinned)
        trend = [_interpolate(anchors, n) for n in range(N_MONTHS)]
        raised, answered = _concerns(rng, trend, shares, warn)
        for n in range(N_MONTHS):
            rows.append(
                dict(
                    trust_id=trust_id,
                    trust_type=trust_type,
                    month=month_label(n),
                    month_index=n + 1,
                    performance_index=index[n],
                    concerns_raised=raised[n],
                    concerns_answered_30d=answered[n],
                    six_months_to_warning=warn is not None and warn - 5 <= n <= warn,
                )
            )
    return rows


DATASETS: tuple[Dataset, ...] = (
    Dataset(
        filename="trust_monthly.csv",
        module="m12_speaking_up",
        title="The lost intervention window",
        description=(
            "Six made-up provider trusts over 36 months (April 2012 to March 2015): a monthly "
            "performance index, and how many concerns staff raised and how many were answered "
            "within 30 days. A warning is when the index is below 60 and special measures when "
            "it is below 40; both thresholds are invented for the course."
        ),
        columns=(
            Column("trust_id", "str", "Identifier of the trust (T1 to T6)."),
            Column("trust_type", "str", "The kind of provider trust."),
            Column(
                "month",
                "str",
                "The month, as YYYY-MM (2012-04 to 2015-03).",
                "synthetic; the 36 months end just before the report was published in "
                "May 2015 (003:12)",
            ),
            Column(
                "month_index",
                "int",
                "The month as a whole number, 1 (April 2012) to 36 (March 2015), so that months "
                "can be subtracted to count the months between them.",
                "synthetic; counts the months of the `month` column",
            ),
            Column(
                "performance_index",
                "float",
                "An invented composite score from 0 (worst) to 100 (best), 1 decimal place. "
                "Below 60 is a warning; below 40 is special measures (synthetic thresholds).",
                "synthetic; the shape (trusts seen sliding for years before anyone "
                "intervenes at 'rock bottom') follows Moore (003:847, also 003:344)",
            ),
            Column(
                "concerns_raised",
                "int",
                "Concerns about safety or care raised by staff in the month (at least 1).",
                "synthetic; the idea of an early route for concerns follows Holt (003:729)",
            ),
            Column(
                "concerns_answered_30d",
                "int",
                "Of those concerns, how many got a response within 30 days.",
                "synthetic; the answered share is set by design for each trust, and falls "
                "before the first warning in T1, T4, T5 and T6 (see the notes)",
            ),
            Column(
                "six_months_to_warning",
                "bool",
                "True in the six months up to and including the trust's first warning month "
                "(its first month with performance_index below 60); False in every other month, "
                "and in every month of a trust that is never below 60.",
                "synthetic; derived from performance_index and the warning threshold",
            ),
        ),
        make_rows=_trust_rows,
        notes=(
            "By design, T1 and T6 each take 18 months from first warning to first "
            "special-measures month; T2 never reaches a warning and T3 never reaches special "
            "measures, so they have no first month to find.",
            "Three values sit exactly on a threshold (T1 2013-01 and T2 2013-12 at 60.0, "
            "T5 2014-07 at 40.0), so 'below' must be strict.",
            "The fall in the answered share of concerns before a warning is planted: the design "
            "lowers T1's, T4's, T5's and T6's share in the months before their first warning, "
            "and keeps T2's and T3's high, so the data cannot show whether real trusts behave "
            "this way.",
            "Every first warning comes at least six months into the data, and concerns are "
            "redrawn so that no response rate over the six months up to a first warning sits "
            "on a .5 rounding boundary at 1 decimal place.",
        ),
    ),
)

"""Module 8 data: sharing a pooled budget, and the marginal-rate income gap."""

from __future__ import annotations

import random
from fractions import Fraction
from math import gcd

from ..data import Column, Dataset

POOL_TOTAL_TENTHS = 2380  # £238.0m, Salford's pooled adult health and care budget (001:97)

# line_id, service line, hosting partner, contribution (tenths of £m), unit cost (£),
# lowest and highest change in activity against plan (per cent).
_LINES = (
    ("P1", "Emergency hospital admissions (adults)", "CCG", 860, 2500, (-3.5, -1.5)),
    ("P2", "Community nursing visits", "CCG", 240, 50, (1.0, 3.0)),
    ("P3", "Intermediate care bed-days", "CCG", 120, 250, (-1.0, 2.0)),
    ("P4", "Care home weeks", "Council", 625, 625, (2.0, 4.0)),
    ("P5", "Home care hours", "Council", 400, 20, (1.0, 3.0)),
    ("P6", "Reablement packages", "Council", 135, 2000, (2.0, 6.0)),
)


def _near_half(value: Fraction, places: int) -> bool:
    """True if ``value`` is within a hair of a rounding boundary at ``places`` decimals."""
    scaled = value * 10**places
    frac = scaled - (scaled.numerator // scaled.denominator)
    return abs(frac - Fraction(1, 2)) < Fraction(1, 100)


def _pool_rows(rng: random.Random) -> list[dict[str, object]]:
    """Six service lines whose budgets add up to £238m; actual activity is synthetic."""
    assert sum(line[3] for line in _LINES) == POOL_TOTAL_TENTHS
    while True:
        rows: list[dict[str, object]] = []
        variance = {"CCG": 0, "Council": 0}  # in pounds
        for line_id, service, partner, tenths, unit_cost, (lo, hi) in _LINES:
            planned, rest = divmod(tenths * 100_000, unit_cost)
            assert rest == 0, line_id
            # Activity moves in steps that keep each variance a whole number of £1,000s,
            # so every variance and each partner's Rule B position are exact at 3 dp.
            step = 1000 // gcd(unit_cost, 1000)
            diff = step * rng.randint(
                int(planned * lo / 100 / step), int(planned * hi / 100 / step)
            )
            variance[partner] += diff * unit_cost
            rows.append(
                dict(
                    line_id=line_id,
                    service_line=service,
                    partner=partner,
                    contribution_gbp_m=tenths / 10,
                    planned_activity=planned,
                    actual_activity=planned + diff,
                    unit_cost_gbp=unit_cost,
                )
            )
        total = variance["CCG"] + variance["Council"]
        if not (variance["CCG"] < 0 < variance["Council"] and total > 0):
            continue
        contrib = {p: sum(t for _, _, q, t, _, _ in _LINES if q == p) for p in variance}
        shares = {
            p: Fraction(total, 10**6) * Fraction(contrib[p], POOL_TOTAL_TENTHS) for p in variance
        }
        rounded = [round(s, 3) for s in shares.values()]
        if any(_near_half(s, 3) for s in shares.values()):
            continue
        if sum(rounded) != Fraction(total, 10**6):
            continue  # Rule A's rounded shares must add up to the pool's variance
        return rows


# hospital_id, description, baseline range, change against baseline (per cent; None = exact)
_HOSPITALS = (
    ("H01", "Large acute trust A", (30_000, 40_000), (-6, -2)),
    ("H02", "Large acute trust B (popular with GPs)", (24_000, 32_000), None),
    ("H03", "Large acute trust C", (26_000, 36_000), (3, 8)),
    ("H04", "Smaller trust D", (6_000, 12_000), (-8, -3)),
    ("H05", "Smaller trust E", (5_000, 10_000), (4, 10)),
    ("H06", "Smaller trust F", (6_000, 11_000), (0, 0)),
    ("H07", "Smaller trust G", (5_000, 9_000), (-5, -1)),
    ("H08", "Smaller trust H", (7_000, 12_000), (8, 14)),
)


def _referral_rows(rng: random.Random) -> list[dict[str, object]]:
    """Eight trusts in one city, as in Moore's Birmingham: three large acute, five smaller."""
    rows: list[dict[str, object]] = []
    for hospital_id, name, (lo, hi), change in _HOSPITALS:
        baseline = rng.randrange(lo, hi, 20)
        if change is None:
            actual = baseline * 115 // 100  # exactly 15% above baseline
        else:
            actual = baseline + round(baseline * rng.uniform(*change) / 100)
        rows.append(
            dict(
                hospital_id=hospital_id,
                hospital=name,
                baseline_activity=baseline,
                actual_activity=actual,
                tariff_gbp=rng.randrange(1200, 3210, 10),
            )
        )
    rng.shuffle(rows)
    return rows


DATASETS: tuple[Dataset, ...] = (
    Dataset(
        filename="pooled_budget.csv",
        module="m08_money_and_incentives",
        title="A pooled budget the size of Salford's",
        description=(
            "Six service lines in a £238m pooled adult health and care budget run by a CCG "
            "and a council: who hosts each line, its budget, and planned against actual "
            "activity. Only the £238m total is real; the split is invented."
        ),
        columns=(
            Column("line_id", "str", "Identifier of the service line (P1 to P6)."),
            Column("service_line", "str", "The service the line pays for."),
            Column(
                "partner",
                "str",
                "The partner (CCG or Council) that hosts the line and put in its budget.",
            ),
            Column(
                "contribution_gbp_m",
                "float",
                "The line's budget in the pool, in £ million (planned activity times unit cost).",
                "the six lines add up to £238m, Salford's joint adult health and care "
                "budget (001:97); the split between lines is synthetic",
            ),
            Column("planned_activity", "int", "Units of activity the budget was set for."),
            Column("actual_activity", "int", "Units of activity actually delivered in the year."),
            Column("unit_cost_gbp", "int", "Cost of one unit of activity, in £."),
        ),
        make_rows=_pool_rows,
        notes=(
            "CCG lines underspend in total and Council lines overspend, so the two "
            "risk-sharing rules give the partners very different positions.",
            "Every line's variance is a whole number of £1,000s, and Rule A's rounded shares "
            "add up to the pool's total variance, so answers rounded to 3 dp are exact.",
        ),
    ),
    Dataset(
        filename="referrals.csv",
        module="m08_money_and_incentives",
        title="Hospital activity against baseline under a marginal rate",
        description=(
            "Eight hospital trusts in one city: the activity each was commissioned for "
            "(baseline), the activity it actually did, and the full price per unit (tariff). "
            "Activity above baseline is paid at a marginal rate of 30% of tariff "
            "(synthetic: the report gives no rate, 003:823)."
        ),
        columns=(
            Column("hospital_id", "str", "Identifier of the hospital (H01 to H08)."),
            Column(
                "hospital",
                "str",
                "The kind of hospital.",
                "three large acute trusts and five smaller trusts, as Moore "
                "describes Birmingham (003:823); names synthetic",
            ),
            Column(
                "baseline_activity",
                "int",
                "Patients the hospital was commissioned to treat at full tariff.",
            ),
            Column("actual_activity", "int", "Patients it actually treated in the year."),
            Column("tariff_gbp", "int", "Full price paid per patient, in £ (a multiple of 10)."),
        ),
        make_rows=_referral_rows,
        notes=(
            "H02 is exactly 15% above baseline (the content map's B15 scenario); H06 is "
            "exactly at baseline, so it gains nothing and loses nothing.",
            "Tariffs are multiples of £10, so 30% of any tariff is a whole number of pounds.",
        ),
    ),
)

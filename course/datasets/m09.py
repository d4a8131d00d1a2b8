"""Module 9 data: is the contract worth defending?"""

from __future__ import annotations

import random
from fractions import Fraction

from ..data import Column, Dataset

# trust_id, service, provider type, yearly value range (£100,000s), contract years,
# contribution margin range (%), consultancy range (£1,000s), bid-cost range (£1,000s).
# T01 is fixed from the report (003:276, 003:813); T08 is made to tie with T05 on net
# value, and T09 is exactly twice T03, so the two tie on break-even margin.
_SYNTHETIC = (
    (
        "T02",
        "Diabetic eye screening",
        "Acute foundation trust",
        (8, 16),
        (3, 5),
        (6, 12),
        (0, 40),
        (40, 120),
    ),
    (
        "T03",
        "Community dermatology",
        "Small community foundation trust",
        (3, 5),
        (1, 1),
        (5, 9),
        (300, 420),
        (20, 40),
    ),
    (
        "T04",
        "Sexual health service",
        "Community trust",
        (15, 25),
        (3, 5),
        (5, 10),
        (40, 180),
        (30, 90),
    ),
    (
        "T05",
        "Musculoskeletal physiotherapy",
        "Acute foundation trust",
        (6, 10),
        (2, 2),
        (4, 8),
        (150, 300),
        (20, 50),
    ),
    (
        "T06",
        "Wheelchair service",
        "Small acute foundation trust",
        (4, 7),
        (1, 2),
        (6, 10),
        (250, 500),
        (20, 50),
    ),
    (
        "T07",
        "Adult hearing service",
        "Acute foundation trust",
        (10, 18),
        (4, 5),
        (8, 14),
        (0, 60),
        (30, 80),
    ),
    (
        "T08",
        "Community podiatry",
        "Small community foundation trust",
        (5, 9),
        (2, 3),
        (5, 9),
        None,
        (20, 60),
    ),
    (
        "T10",
        "Stop smoking service",
        "Mental health foundation trust",
        (3, 6),
        (3, 3),
        (6, 12),
        (0, 30),
        (15, 40),
    ),
)


def _int(row: dict[str, object], key: str) -> int:
    """One whole-number field of a row."""
    value = row[key]
    assert isinstance(value, int), key
    return value


def _net(row: dict[str, object]) -> Fraction:
    """Contribution over the contract's life, less everything spent defending it (£)."""
    income = _int(row, "contract_value_gbp_per_year") * _int(row, "contract_years")
    return (
        Fraction(income * _int(row, "contribution_margin_pct"), 100)
        - _int(row, "defence_spend_gbp")
        - _int(row, "tender_admin_cost_gbp")
    )


def _break_even(row: dict[str, object]) -> Fraction:
    """The margin (%) at which the contract's contribution would just pay for its defence."""
    spend = _int(row, "defence_spend_gbp") + _int(row, "tender_admin_cost_gbp")
    income = _int(row, "contract_value_gbp_per_year") * _int(row, "contract_years")
    return Fraction(100 * spend, income)


def _near_half(value: Fraction, places: int) -> bool:
    """True if ``value`` is within a hair of a rounding boundary at ``places`` decimals."""
    scaled = value * 10**places
    frac = scaled - (scaled.numerator // scaled.denominator)
    return abs(frac - Fraction(1, 2)) < Fraction(1, 100)


def _draw(rng: random.Random) -> list[dict[str, object]]:
    """One candidate set of ten contracts (T08's consultancy is set from T05's net value)."""
    rows: list[dict[str, object]] = [
        # Moore: a trust "in danger of losing a £1 million contract" spent "the better part
        # of £2 million on management consultancy" to keep it (003:813; also 003:276).
        dict(
            trust_id="T01",
            service="Some of its services (the report's example)",
            provider_type="Foundation trust",
            contract_value_gbp_per_year=1_000_000,
            contract_years=1,
            contribution_margin_pct=rng.randint(6, 12),
            defence_spend_gbp=2_000_000,
            tender_admin_cost_gbp=1000 * rng.randint(20, 60),
        ),
    ]
    by_id: dict[str, dict[str, object]] = {}
    for trust_id, service, kind, value, years, margin, consult, bids in _SYNTHETIC:
        row: dict[str, object] = dict(
            trust_id=trust_id,
            service=service,
            provider_type=kind,
            contract_value_gbp_per_year=100_000 * rng.randint(*value),
            contract_years=rng.randint(*years),
            contribution_margin_pct=rng.randint(*margin),
            # consultancy in steps of £5,000 (T08's is set below)
            defence_spend_gbp=(
                5000 * rng.randint(consult[0] // 5, consult[1] // 5) if consult else 0
            ),
            tender_admin_cost_gbp=1000 * rng.randint(*bids),
        )
        rows.append(row)
        by_id[trust_id] = row
    # T08 ties with T05 on net value: its consultancy spend is whatever makes that so.
    t05, t08 = by_id["T05"], by_id["T08"]
    t08["defence_spend_gbp"] = int(_net({**t08, "defence_spend_gbp": 0}) - _net(t05))
    # T09 is exactly twice T03 in value and in spending, so its break-even margin ties.
    t03 = by_id["T03"]
    rows.append(
        dict(
            trust_id="T09",
            service="Community dermatology (a second area)",
            provider_type="Community foundation trust",
            contract_value_gbp_per_year=2 * _int(t03, "contract_value_gbp_per_year"),
            contract_years=_int(t03, "contract_years"),
            contribution_margin_pct=rng.randint(5, 9),
            defence_spend_gbp=2 * _int(t03, "defence_spend_gbp"),
            tender_admin_cost_gbp=2 * _int(t03, "tender_admin_cost_gbp"),
        )
    )
    return rows


def _acceptable(rows: list[dict[str, object]]) -> bool:
    """The properties the data task relies on (see the notes in the data dictionary)."""
    nets = {str(r["trust_id"]): _net(r) for r in rows}
    evens = {str(r["trust_id"]): _break_even(r) for r in rows}
    negative = [t for t, n in nets.items() if n < 0]
    if any(n == 0 or n.denominator != 1 for n in nets.values()):
        return False
    if not 5 <= len(negative) <= 7 or "T05" not in negative:
        return False
    t08 = next(r for r in rows if r["trust_id"] == "T08")
    if not 20_000 <= _int(t08, "defence_spend_gbp") <= 400_000:
        return False
    if any(_near_half(e, 1) for e in evens.values()):
        return False
    if any(abs(e - 100) < 1 for e in evens.values()):
        return False  # nobody sits on the 100% line
    beyond = [t for t, e in evens.items() if e > 100]
    if not {"T01", "T03", "T09"} <= set(beyond) or len(beyond) > 5:
        return False
    # The break-even ties must be the only ones after rounding, and T03/T09 must tie.
    rounded = [round(e, 1) for e in evens.values()]
    return len(set(rounded)) == len(rounded) - 1 and round(evens["T03"], 1) == round(
        evens["T09"], 1
    )


def _contract_rows(rng: random.Random) -> list[dict[str, object]]:
    """Ten provider contracts up for retender; T01 is the report's £1m contract."""
    while True:
        rows = _draw(rng)
        if _acceptable(rows):
            break
    # Shuffle, then fix where each tied pair sits in the file, so that pandas' default
    # sort_values, without a tie-break, puts the pair in the wrong order (checked with
    # pandas 3.1 and numpy 2.4; an unstable sort's order of ties is not guaranteed).
    rng.shuffle(rows)
    ids = [r["trust_id"] for r in rows]
    for first, second in (("T05", "T08"), ("T09", "T03")):
        i, j = ids.index(first), ids.index(second)
        if i > j:
            rows[i], rows[j] = rows[j], rows[i]
            ids[i], ids[j] = ids[j], ids[i]
    return rows


DATASETS: tuple[Dataset, ...] = (
    Dataset(
        filename="contract_defence.csv",
        module="m09_competition_and_altruism",
        title="Is the contract worth defending?",
        description=(
            "Ten NHS providers, each at risk of losing a service contract when it is put out "
            "to tender: what the contract is worth, the share of its income left after the "
            "costs that come and go with it, and what the provider spent to keep it."
        ),
        columns=(
            Column("trust_id", "str", "Identifier of the provider (T01 to T10)."),
            Column(
                "service",
                "str",
                "The service the contract pays for.",
                "T01: 'some of its services' (003:813); others synthetic",
            ),
            Column(
                "provider_type",
                "str",
                "The kind of NHS provider.",
                "T01: a foundation trust (003:813); others synthetic",
            ),
            Column(
                "contract_value_gbp_per_year",
                "int",
                "Income from the contract each year, in £.",
                "T01: £1,000,000, 'a £1 million contract' (003:813; also 003:276); "
                "others synthetic",
            ),
            Column(
                "contract_years",
                "int",
                "Length of the contract being tendered, in years.",
                "T01: 1 year, assumed (the report gives no length); others synthetic",
            ),
            Column(
                "contribution_margin_pct",
                "int",
                "Percentage of the contract's income left after the costs that would go "
                "if the contract went (staff, supplies), so the part that pays towards "
                "the provider's fixed costs.",
            ),
            Column(
                "defence_spend_gbp",
                "int",
                "Spent on management consultancy to keep the contract, in £.",
                "T01: £2,000,000, 'the better part of £2 million on management "
                "consultancy' (003:813); others synthetic",
            ),
            Column(
                "tender_admin_cost_gbp",
                "int",
                "The provider's own cost of bidding (staff time writing the bid, legal "
                "and finance advice), in £.",
                "synthetic; Moore's 'huge complicated bids' (003:815) motivates it",
            ),
        ),
        make_rows=_contract_rows,
        notes=(
            "Every net value (contribution over the contract's life less defence spend and "
            "bid costs) is a whole number of pounds, and none is zero.",
            "T05 and T08 have exactly the same net value, and T03 and T09 (twice T03 in "
            "every amount) the same break-even margin: tie-break tests. In the file, T05 "
            "comes before T08 and T09 before T03, so that pandas' default sort without a "
            "tie-break gets both pairs in the wrong order.",
            "No break-even margin lies within 0.01 of a rounding boundary at 1 decimal "
            "place, and none is within 1 of 100%.",
        ),
    ),
)

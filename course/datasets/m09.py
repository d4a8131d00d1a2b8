"""Module 9 data: is the contract worth defending, given the chance of keeping it?"""

from __future__ import annotations

import random
from fractions import Fraction

from ..data import Column, Dataset

# The rule that makes every chance of keeping a contract (written out in the data dictionary):
# a starting chance drawn in steps of 5 points, then one point for each whole £20,000 of
# consultancy, up to 15 points.
START_CHANCE = (35, 70)
POUNDS_PER_POINT = 20_000
MOST_POINTS = 15
NURSE_YEAR_GBP = 50_000  # the course's round figure for a community nurse for a year

# trust_id, service, provider type, yearly value range (£100,000s), contract years,
# contribution margin range (%), consultancy range (£1,000s), bid-cost range (£1,000s).
# T01 is fixed from the report (003:276, 003:813).
_SYNTHETIC = (
    (
        "T02",
        "Diabetic eye screening",
        "Acute foundation trust",
        (8, 14),
        (3, 5),
        (6, 10),
        (0, 40),
        (40, 100),
    ),
    (
        "T03",
        "Community dermatology",
        "Small community foundation trust",
        (3, 5),
        (1, 1),
        (5, 9),
        (250, 400),
        (20, 40),
    ),
    (
        "T04",
        "Sexual health service",
        "Community trust",
        (12, 20),
        (3, 4),
        (5, 8),
        (150, 300),
        (30, 90),
    ),
    (
        "T05",
        "Musculoskeletal physiotherapy",
        "Acute foundation trust",
        (6, 10),
        (2, 3),
        (5, 8),
        (100, 200),
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
        (10, 16),
        (3, 5),
        (7, 12),
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
        (60, 160),
        (20, 60),
    ),
    (
        "T09",
        "Community dermatology (a second area)",
        "Community foundation trust",
        (6, 10),
        (2, 3),
        (5, 9),
        (100, 250),
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


def keep_chance(start: int, consultancy_gbp: int) -> int:
    """The chance (%) of keeping the contract if defended: the rule in the data dictionary."""
    return start + min(MOST_POINTS, consultancy_gbp // POUNDS_PER_POINT)


def contribution(row: dict[str, object]) -> int:
    """What the contract would contribute over its life if kept (£)."""
    income = _int(row, "contract_value_gbp_per_year") * _int(row, "contract_years")
    return income * _int(row, "contribution_margin_pct") // 100


def spent(row: dict[str, object]) -> int:
    """Everything spent defending the contract: consultancy and the provider's own bid (£)."""
    return _int(row, "defence_spend_gbp") + _int(row, "tender_admin_cost_gbp")


def expected_net(row: dict[str, object]) -> Fraction:
    """Chance x contribution, less everything spent defending the contract (£)."""
    return Fraction(_int(row, "keep_chance_pct") * contribution(row), 100) - spent(row)


def break_even(row: dict[str, object]) -> Fraction:
    """The chance (%) of keeping the contract at which defending it would just pay."""
    return Fraction(100 * spent(row), contribution(row))


def _near_half(value: Fraction, places: int) -> bool:
    """True if ``value`` is within a hair of a rounding boundary at ``places`` decimals."""
    scaled = value * 10**places
    frac = scaled - (scaled.numerator // scaled.denominator)
    return abs(frac - Fraction(1, 2)) < Fraction(1, 100)


def _row(rng: random.Random, **fields: object) -> dict[str, object]:
    """A contract with its chance of being kept made by the rule."""
    start = 5 * rng.randint(START_CHANCE[0] // 5, START_CHANCE[1] // 5)
    return {**fields, "keep_chance_pct": keep_chance(start, int(fields["defence_spend_gbp"]))}  # type: ignore[call-overload]


def _draw(rng: random.Random) -> list[dict[str, object]]:
    """One candidate set of ten contracts."""
    rows = [
        # Moore: a trust "in danger of losing a £1 million contract" spent "the better part
        # of £2 million on management consultancy" to keep it (003:813; also 003:276).
        _row(
            rng,
            trust_id="T01",
            service="Some of its services (the report's example)",
            provider_type="Foundation trust",
            contract_value_gbp_per_year=1_000_000,
            contract_years=1,
            contribution_margin_pct=rng.randint(6, 12),
            defence_spend_gbp=2_000_000,
            tender_admin_cost_gbp=1000 * rng.randint(20, 60),
        )
    ]
    for trust_id, service, kind, value, years, margin, consult, bids in _SYNTHETIC:
        rows.append(
            _row(
                rng,
                trust_id=trust_id,
                service=service,
                provider_type=kind,
                contract_value_gbp_per_year=100_000 * rng.randint(*value),
                contract_years=rng.randint(*years),
                contribution_margin_pct=rng.randint(*margin),
                # consultancy in steps of £5,000
                defence_spend_gbp=5000 * rng.randint(consult[0] // 5, consult[1] // 5),
                tender_admin_cost_gbp=1000 * rng.randint(*bids),
            )
        )
    return rows


def _acceptable(rows: list[dict[str, object]]) -> bool:
    """The properties the data task relies on (see the notes in the data dictionary)."""
    nets = {str(r["trust_id"]): expected_net(r) for r in rows}
    evens = {str(r["trust_id"]): break_even(r) for r in rows}
    chances = {str(r["trust_id"]): _int(r, "keep_chance_pct") for r in rows}
    if any(n == 0 or n.denominator != 1 for n in nets.values()):
        return False
    if len(set(nets.values())) != len(nets):
        return False  # no ties in expected net value
    paying = [t for t, n in nets.items() if n > 0]
    if not 4 <= len(paying) <= 5 or "T01" in paying:
        return False
    # Defences that would pay if the contract were certain to be kept, but not at its chance:
    # the chance of winning changes the answer for them.
    weighed = [t for t in nets if chances[t] < evens[t] < 100]
    if not 2 <= len(weighed) <= 3:
        return False
    never = [t for t, e in evens.items() if e > 100]
    if not 2 <= len(never) <= 3 or "T01" not in never:
        return False
    # Close calls, but nobody within 3 points of their break-even chance or of 100%.
    if any(abs(evens[t] - chances[t]) < 3 or abs(evens[t] - 100) < 3 for t in nets):
        return False
    if not any(abs(evens[t] - chances[t]) < 12 for t in nets):
        return False
    if any(_near_half(e, 1) for e in evens.values()):
        return False
    loss = -sum(n for n in nets.values() if n < 0)
    return not _near_half(Fraction(loss, NURSE_YEAR_GBP), 1)


def _contract_rows(rng: random.Random) -> list[dict[str, object]]:
    """Ten provider contracts up for retender; T01 is the report's £1m contract."""
    while True:
        rows = _draw(rng)
        if _acceptable(rows):
            break
    rng.shuffle(rows)
    return rows


DATASETS: tuple[Dataset, ...] = (
    Dataset(
        filename="contract_defence.csv",
        module="m09_competition_and_altruism",
        title="Is the contract worth defending?",
        description=(
            "Ten NHS providers, each at risk of losing a service contract when it is put out "
            "to tender: what the contract is worth, the share of its income left after the "
            "costs that come and go with it, what the provider spent to keep it, and its "
            "chance of keeping it. Every chance is made up by one rule, given below."
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
            Column(
                "keep_chance_pct",
                "int",
                "Chance (%) that the provider keeps the contract if it defends it; if it "
                "does not bid, it loses the contract.",
                "synthetic for every row, T01 too (the report gives no chance): a starting "
                f"chance of {START_CHANCE[0]}% to {START_CHANCE[1]}% in steps of 5, drawn at "
                f"random, plus 1 point for each whole £{POUNDS_PER_POINT:,} of consultancy, "
                f"up to {MOST_POINTS} points",
            ),
        ),
        make_rows=_contract_rows,
        notes=(
            "Planted by the generator: the chance of keeping a contract rises with "
            f"consultancy by 1 point for each £{POUNDS_PER_POINT:,}, but never by more than "
            f"{MOST_POINTS} points, and nothing else about a contract affects it. The ranges "
            "were chosen so that heavy consultancy on small or short contracts does not pay "
            "and modest bids on large, long contracts do.",
            "Every expected net value (chance x contribution, less consultancy and bid "
            "costs) is a whole number of pounds; none is zero and no two are equal. "
            "Between 4 and 5 defences pay in expectation; 2 or 3 would pay if the contract "
            "were certain to be kept but do not at their chance; 2 or 3 (T01 among them) "
            "could not pay even then.",
            "No break-even chance lies within 3 points of the provider's own chance or of "
            "100%, or within 0.01 of a rounding boundary at 1 decimal place; the expected "
            f"cost of the losing defences, in years of a £{NURSE_YEAR_GBP:,} nurse, is not "
            "near a rounding boundary either.",
        ),
    ),
)

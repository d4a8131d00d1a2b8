"""Module 1 data: span of control against span of influence."""

from __future__ import annotations

import random

from ..data import Column, Dataset


def _reach_rows(rng: random.Random) -> list[dict[str, object]]:
    """Ten leaders: three calibrated to the report, seven synthetic."""
    rows: list[dict[str, object]] = [
        # UCLPartners: 70 staff, 30+ partner organisations, 100,000+ partner staff,
        # about 6 million people (003:138, 003:621, 003:627).
        dict(
            leader_id="L01",
            organisation="Academic health science partnership (UCLPartners)",
            direct_staff=70,
            partner_orgs=30,
            partner_staff=100_000,
            population_served=6_000_000,
        ),
        # Strategic clinical network: a team of about 30 plus 12 sessional clinicians (003:1005).
        dict(
            leader_id="L02",
            organisation="Strategic clinical network",
            direct_staff=42,
            partner_orgs=rng.randint(20, 30),
            partner_staff=rng.randrange(40_000, 60_000, 10),
            population_served=rng.randrange(2_000_000, 2_600_000, 1000),
        ),
        # Turning Point: about 3,800 employees (003:408).
        dict(
            leader_id="L03",
            organisation="Health and social care charity (Turning Point)",
            direct_staff=3800,
            partner_orgs=rng.randint(60, 120),
            partner_staff=rng.randrange(8_000, 15_000, 10),
            population_served=rng.randrange(200_000, 400_000, 1000),
        ),
    ]
    synthetic = [
        ("L04", "Acute hospital trust", (5000, 8000), (3, 8), (300, 900)),
        ("L05", "County council adult social care", (1200, 2000), (10, 25), (6000, 12000)),
        ("L06", "Clinical commissioning group", (60, 120), (30, 60), (2000, 4000)),
        ("L07", "GP federation", (20, 40), (15, 30), (300, 600)),
        ("L08", "Community health trust", (2000, 3500), (5, 15), (400, 1200)),
        ("L09", "Public health team", (25, 50), (20, 40), (1500, 3000)),
    ]
    for leader_id, organisation, staff, orgs, partners in synthetic:
        rows.append(
            dict(
                leader_id=leader_id,
                organisation=organisation,
                direct_staff=rng.randint(*staff),
                partner_orgs=rng.randint(*orgs),
                partner_staff=rng.randint(*partners),
                population_served=rng.randrange(150_000, 1_500_000, 1000),
            )
        )
    # L10 is twice the size of L07 in every way, so the two tie on influence_ratio:
    # the sorting task must break the tie by leader_id.
    l07 = rows[6]
    rows.append(
        dict(
            leader_id="L10",
            organisation="Integrated falls-prevention programme",
            direct_staff=2 * int(l07["direct_staff"]),
            partner_orgs=rng.randint(4, 8),
            partner_staff=2 * int(l07["partner_staff"]),
            population_served=rng.randrange(150_000, 500_000, 1000),
        )
    )
    rng.shuffle(rows)
    return rows


DATASETS: tuple[Dataset, ...] = (
    Dataset(
        filename="reach.csv",
        module="m01_leading_without_authority",
        title="Span of control and span of influence",
        description=(
            "Ten leaders: how many staff report to them, and how many people work in the "
            "partner organisations they need to influence."
        ),
        columns=(
            Column("leader_id", "str", "Identifier of the leader (L01 to L10)."),
            Column("organisation", "str", "The kind of organisation the leader works for."),
            Column(
                "direct_staff",
                "int",
                "Staff the leader manages directly (span of control).",
                "UCLPartners 70 (003:621); clinical network 42, a team of about 30 plus "
                "12 sessional clinicians (003:1005); Turning Point 3,800 (003:408); "
                "others synthetic",
            ),
            Column(
                "partner_orgs",
                "int",
                "Partner organisations the leader works across.",
                "UCLPartners 30, 'more than 30 organisations' (003:138); others synthetic",
            ),
            Column(
                "partner_staff",
                "int",
                "Staff in those partner organisations (span of influence).",
                "UCLPartners 100,000, 'more than 100,000 people' (003:621); others synthetic",
            ),
            Column(
                "population_served",
                "int",
                "People living in the area the leader covers.",
                "UCLPartners 6,000,000 (content map M1, after 003:138); others synthetic",
            ),
        ),
        make_rows=_reach_rows,
        notes=(
            "L10 is exactly twice L07 in staff and partner staff, so their influence "
            "ratios tie (a tie-break test).",
        ),
    ),
)

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
    # The changes on each leader's plan are drawn last, so the columns above keep their values.
    for row in rows:
        row.update(_changes(rng, int(row["direct_staff"])))
    return rows


BIG_TEAM = 1000  # direct staff from which a leader counts as running a large organisation


def _changes(rng: random.Random, direct_staff: int) -> dict[str, int]:
    """The planted rule: every leader needs partners' decisions for most of their changes.

    Each plan has 8 to 16 changes. A leader who manages ``BIG_TEAM`` staff or more can make
    some of them alone, but needs a partner organisation to decide for more than half and at
    most three quarters of them; every other leader needs partners for at least four fifths.
    """
    planned = rng.randint(8, 16)
    if direct_staff >= BIG_TEAM:
        need = rng.randint(planned // 2 + 1, 3 * planned // 4)
    else:
        need = rng.randint(-(-4 * planned // 5), planned)
    return dict(changes_planned=planned, changes_need_partners=need)


DATASETS: tuple[Dataset, ...] = (
    Dataset(
        filename="reach.csv",
        module="m01_leading_without_authority",
        title="Span of control and span of influence",
        description=(
            "Ten leaders: how many staff report to them, how many people work in the "
            "partner organisations they need to influence, and how many of the changes on "
            "their plan need a partner's decision."
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
            Column(
                "changes_planned",
                "int",
                "Changes on the leader's plan for the year (a new pathway, a service moved, a "
                "shared record and so on).",
                "synthetic for every leader: 8 to 16, drawn at random",
            ),
            Column(
                "changes_need_partners",
                "int",
                "How many of those changes need a decision by a partner organisation: its "
                "board, budget, staff or contract.",
                "synthetic for every leader, by a planted rule: more than half and at most "
                "three quarters of the changes for leaders who manage 1,000 staff or more, "
                "four fifths or more for the rest",
            ),
        ),
        make_rows=_reach_rows,
        notes=(
            "L10 is exactly twice L07 in staff and partner staff, so their influence "
            "ratios tie (a tie-break test).",
            "The planted pattern: whatever the size of a leader's own team, most of the changes "
            "on the plan need a decision by a partner organisation. No real plan was counted; "
            "module 1 says so and asks what real data would test it.",
        ),
    ),
)

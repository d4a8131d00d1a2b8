"""Module 6 data: leadership posts (vacancies, tenure, turnover) and partnership health."""

from __future__ import annotations

import random
from datetime import date

from ..data import Column, Dataset

# Tenure is measured to 2015-05-01, the month the report was published (003:12).
CCG_START = date(2013, 4, 1)  # CCGs took over from PCTs on 1 April 2013
ROLES = ("CEO", "FD", "Chair")

# The fixed design of the 20 organisations: (org_id, org_type, unstable, vacant posts).
# "Unstable" means the chief executive post changed hands two or more times in five years:
# 1 of 4 councils against 8 of 16 NHS bodies, because local government "changes less than
# the NHS" (Killian, 003:793). Vacant posts: 3 of 20 CEO posts (15%), 2 of 20 FD posts
# (10%, exactly Moore's figure, so "more than 10%" must be strict) and 4 of 20 chairs (20%,
# "hugely difficult to get good chairs", 003:851). Every vacant CEO post is an unstable one.
# The layout is fixed so that posts.csv and partnership.csv, which get separate seeded
# generators, describe the same organisations; the generators draw the values.
ORGS: tuple[tuple[str, str, bool, tuple[str, ...]], ...] = (
    ("O01", "acute", True, ("CEO",)),
    ("O02", "acute", False, ("Chair",)),
    ("O03", "acute", True, ()),
    ("O04", "acute", False, ()),
    ("O05", "acute", True, ()),
    ("O06", "community", True, ()),
    ("O07", "community", False, ("Chair",)),
    ("O08", "community", False, ("FD",)),
    ("O09", "mental_health", True, ("CEO",)),
    ("O10", "mental_health", False, ("Chair",)),
    ("O11", "mental_health", True, ()),
    ("O12", "CCG", False, ()),
    ("O13", "CCG", True, ("CEO", "Chair")),
    ("O14", "CCG", False, ()),
    ("O15", "CCG", True, ()),
    ("O16", "CCG", False, ()),
    ("O17", "council", False, ()),
    ("O18", "council", True, ()),
    ("O19", "council", False, ("FD",)),
    ("O20", "council", False, ()),
)


def _day(rng: random.Random, first: date, last: date) -> date:
    """A date drawn uniformly from ``first`` to ``last`` inclusive."""
    return date.fromordinal(rng.randint(first.toordinal(), last.toordinal()))


def _start(rng: random.Random, org_type: str, changes: int) -> date:
    """A start date consistent with the number of changes of post-holder in five years."""
    if org_type == "CCG":
        # Every CCG post changed hands at least once: when CCGs replaced PCTs in April 2013.
        if changes <= 1:
            return CCG_START
        return _day(rng, date(2013, 10, 1), date(2015, 2, 28))
    if changes == 0:
        return _day(rng, date(2002, 1, 1), date(2010, 3, 31))
    if changes == 1:
        return _day(rng, date(2010, 6, 1), date(2014, 6, 30))
    return _day(rng, date(2012, 9, 1), date(2015, 2, 28))


def _changes(rng: random.Random, org_type: str, unstable: bool, role: str, vacant: bool) -> int:
    """Changes of post-holder in the five years to May 2015."""
    floor = 1 if org_type == "CCG" or vacant else 0
    if role == "CEO":
        if unstable:
            return rng.choice((2, 2, 3, 3, 4))
        return 1 if org_type == "CCG" else rng.choice((0, 0, 1))
    if unstable:
        return max(floor, rng.choice((0, 1, 1, 2, 3)))
    return max(floor, rng.choice((0, 0, 1, 1, 2)))


def _posts_rows(rng: random.Random) -> list[dict[str, object]]:
    """Three posts (CEO, FD, Chair) for each of the 20 organisations."""
    rows: list[dict[str, object]] = []
    for org_id, org_type, unstable, vacant in ORGS:
        for role in ROLES:
            changes = _changes(rng, org_type, unstable, role, role in vacant)
            filled = role not in vacant
            start = _start(rng, org_type, changes).isoformat() if filled else ""
            rows.append(
                dict(
                    org_id=org_id,
                    org_type=org_type,
                    role=role,
                    filled=filled,
                    start_date=start,
                    changes_5y=changes,
                )
            )
    return rows


def _partnership_rows(rng: random.Random) -> list[dict[str, object]]:
    """One partnership score per organisation, lower on average where the CEO post is unstable."""
    return [
        dict(
            org_id=org_id,
            partnership_score=rng.randint(38, 66) if unstable else rng.randint(58, 84),
        )
        for org_id, _, unstable, _ in ORGS
    ]


DATASETS: tuple[Dataset, ...] = (
    Dataset(
        filename="posts.csv",
        module="m06_growing_system_leaders",
        title="Leadership posts: vacancies, tenure and turnover",
        description=(
            "The chief executive, finance director and chair posts of 20 health and care "
            "organisations in one made-up area on 1 May 2015 (the month the report was "
            "published, 003:12): whether each post is filled, when the current holder "
            "started, and how often the post changed hands in the five years before."
        ),
        columns=(
            Column("org_id", "str", "Identifier of the organisation (O01 to O20)."),
            Column(
                "org_type",
                "str",
                "acute, community or mental_health (NHS trusts), CCG (clinical "
                "commissioning group, NHS) or council (local authority).",
            ),
            Column(
                "role",
                "str",
                "CEO (chief executive; a CCG's accountable officer), FD (finance "
                "director) or Chair (the board's chair; a CCG's GP chair; a council's "
                "elected leader).",
            ),
            Column(
                "filled",
                "bool",
                "True if someone holds the post, False if it is vacant.",
                "3 of 20 CEO and 2 of 20 FD posts vacant, set around Moore's '10 per cent "
                "vacancies for chief executives and finance directors' (003:851); 4 of 20 "
                "chairs vacant, after 'hugely difficult to get good chairs' (003:851); "
                "which organisations: synthetic",
            ),
            Column(
                "start_date",
                "date (YYYY-MM-DD)",
                "When the current post-holder started; blank if the post is vacant. "
                "CCG posts start no earlier than 2013-04-01, when CCGs replaced PCTs.",
                "synthetic",
            ),
            Column(
                "changes_5y",
                "int",
                "Times the post changed hands from 2010-05-01 to 2015-05-01. Every CCG "
                "post counts at least one change: the move from the PCT in April 2013.",
                "synthetic; councils change less than NHS bodies, after Killian (003:765, 003:793)",
            ),
        ),
        make_rows=_posts_rows,
        notes=(
            "Reference date for tenure: 2015-05-01; tenure in years is "
            "(2015-05-01 - start_date) in days / 365.25.",
            "An organisation's chief executive post is 'unstable' when its changes_5y is 2 or "
            "more: 9 of the 20 (1 of 4 councils, 8 of 16 NHS bodies). Every vacant CEO post "
            "is in an unstable organisation.",
        ),
    ),
    Dataset(
        filename="partnership.csv",
        module="m06_growing_system_leaders",
        title="Partnership health",
        description=(
            "For each organisation in posts.csv, a score for how well it works with its "
            "partners, from a made-up survey of partner organisations."
        ),
        columns=(
            Column("org_id", "str", "Identifier of the organisation, as in posts.csv."),
            Column(
                "partnership_score",
                "int",
                "Partners' average rating of the organisation as a partner, 0 (poor) to "
                "100 (excellent).",
                "synthetic; drawn lower for organisations with an unstable chief "
                "executive post, after 'people come and go so frequently' (003:765) and "
                "The King's Fund on slower progress 'where leaders have moved on "
                "frequently' (001:57)",
            ),
        ),
        make_rows=_partnership_rows,
    ),
)

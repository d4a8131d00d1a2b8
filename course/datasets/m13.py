"""Module 13 (capstone) data: a fictional learner's saved self-ratings across the course."""

from __future__ import annotations

import random

from ..data import Column, Dataset

MODULE = "m13_development_plan"

# (module, title, base, items). The titles are those of modules 1 to 12; each item is a
# capability that module teaches, worded so that a high rating is good (1 = "not yet",
# 5 = "confidently", the scale of every module's self-rating). "base" is the fictional
# learner's general level in that module:
# she is strong on patients and relationships and weak on money, politics and conflict.
MODULES: tuple[tuple[str, str, int, tuple[tuple[str, str], ...]], ...] = (
    (
        "m01",
        "Leading without authority",
        3,
        (
            (
                "m01_influence",
                "Getting change across organisations through influence, not authority",
            ),
            ("m01_enabler", "Describing my role as an enabler without overclaiming it"),
            ("m01_chaos", "Staying steady when the work is non-linear and messy"),
        ),
    ),
    (
        "m02",
        "Influence from the inside out",
        4,
        (
            ("m02_credit", "Giving credit and ownership away to partners"),
            ("m02_shoes", "Framing a proposal from a partner's pressures"),
            ("m02_style", "Adapting my style and timing to each person"),
        ),
    ),
    (
        "m03",
        "Making the case and building the coalition",
        3,
        (
            ("m03_coalition", "Building a coalition of the willing"),
            ("m03_evidence", "Making an evidence-based case with emotional force"),
            ("m03_process", "Running a fair, open decision process"),
        ),
    ),
    (
        "m04",
        "Patients, carers and population outcomes",
        4,
        (
            ("m04_coproduce", "Involving patients and carers as co-designers"),
            ("m04_population", "Framing change around a population's outcomes"),
            ("m04_genuine", "Engaging genuinely rather than going through the motions"),
        ),
    ),
    (
        "m05",
        "Staying the course",
        3,
        (
            ("m05_purpose", "Holding a constant purpose while changing methods"),
            ("m05_momentum", "Keeping momentum without waiting for the slowest"),
            ("m05_focus", "Protecting focus against mission creep"),
        ),
    ),
    (
        "m06",
        "Growing system leaders",
        3,
        (
            ("m06_failure", "Reviewing a failure honestly and learning from it"),
            ("m06_peers", "Learning from peers through buddying or peer review"),
            ("m06_core", "Building a stable core that will outlast me"),
        ),
    ),
    (
        "m07",
        "System architecture",
        3,
        (
            ("m07_roles", "Clarifying roles between bodies"),
            ("m07_data", "Using data to frame the right debate"),
            ("m07_assurance", "Finding a way through assurance and approval steps"),
        ),
    ),
    (
        "m08",
        "Money, incentives and shared resources",
        2,
        (
            ("m08_mechanics", "Designing joint investment and benefit sharing"),
            ("m08_cofund", "Getting partners to co-own and co-fund a change"),
            ("m08_align", "Aligning my organisation's interests with the system's"),
        ),
    ),
    (
        "m09",
        "Competition, independence and altruism",
        3,
        (
            ("m09_help", "Asking how I can help, beyond my formal remit"),
            ("m09_control", "Giving control away when a partner would do it better"),
            ("m09_right", "Doing the right thing for patients despite the system"),
        ),
    ),
    (
        "m10",
        "Politics, place and public communication",
        2,
        (
            ("m10_power", "Reading and mapping political power"),
            ("m10_timing", "Judging when to push, compromise or wait"),
            ("m10_audiences", "Explaining change to the public, media and councillors"),
        ),
    ),
    (
        "m11",
        "Honest conflict, trust and partnership behaviour",
        2,
        (
            ("m11_surface", "Raising conflict in the room, not behind people's backs"),
            ("m11_trust", "Building trust through consistent behaviour"),
            ("m11_principles", "Agreeing partnership principles and keeping to them"),
        ),
    ),
    (
        "m12",
        "Speaking up, blame and early intervention",
        3,
        (
            ("m12_values", "Putting my values into words and acting on them"),
            ("m12_network", "Having a support network for raising a concern"),
            ("m12_speak", "Speaking up about a serious concern"),
        ),
    ),
)

# Fixed edge cases, applied after the seeded draw so that every learner meets them:
# item -> (rating_before, rating), where 0 means "not rated". The seeded draw never gives a
# final rating below 2, so the only 1s are the two fixed here.
FIXED: dict[str, tuple[int, int]] = {
    "m07_assurance": (2, 0),  # skipped at the end of the course: m07's mean uses two items
    "m09_control": (0, 3),  # skipped at the start: no change can be worked out
    "m12_speak": (0, 2),  # skipped at the start
    "m10_power": (2, 1),  # the two lowest ratings (1) are in m10 and m11, and the
    "m11_surface": (1, 1),  # third-lowest (2) is shared by many items: a tie-break test
    "m01_chaos": (3, 2),  # a rating that fell: learning more can lower a self-rating
    "m06_failure": (4, 3),  # another fall
    "m05_purpose": (2, 3),  # m05 is 3, 3 and 3: a mean of exactly 3.00 is not below 3
    "m05_momentum": (2, 3),
    "m05_focus": (1, 3),
}


def _clip(value: int, low: int = 1) -> int:
    return max(low, min(5, value))


def _rows(rng: random.Random) -> list[dict[str, object]]:
    """36 self-ratings (12 modules x 3 items), at the start and the end, in shuffled order."""
    rows: list[dict[str, object]] = []
    for module, title, base, items in MODULES:
        for item, label in items:
            rating = _clip(base + rng.choice((0, 0, 1, 1, -1)), low=2)
            before = _clip(rating - rng.choice((0, 1, 1, 2)))
            before, rating = FIXED.get(item, (before, rating))
            rows.append(
                dict(
                    module=module,
                    module_title=title,
                    item=item,
                    label=label,
                    rating_before=before,
                    rating=rating,
                )
            )
    rng.shuffle(rows)  # file order is no help: every order must come from a stated sort
    return rows


DATASETS: tuple[Dataset, ...] = (
    Dataset(
        filename="sample_ratings.csv",
        module=MODULE,
        title="A fictional learner's self-ratings across the course",
        description=(
            "Priya, a fictional learner, rated herself on three capabilities from each of "
            "modules 1 to 12, once when she started the course and again at the end. Every "
            "value is synthetic: she is not based on any real person."
        ),
        columns=(
            Column("module", "str", "The module the capability comes from (m01 to m12)."),
            Column("module_title", "str", "The title of that module."),
            Column("item", "str", "Identifier of the capability (unique in the file)."),
            Column("label", "str", "The capability as worded on the rating slider."),
            Column(
                "rating_before",
                "int",
                "Self-rating when she started the course: 1 = not yet, "
                "5 = confidently, 0 = not rated.",
            ),
            Column(
                "rating",
                "int",
                "Self-rating at the end of the course, on the same scale (0 = not rated).",
            ),
        ),
        make_rows=_rows,
        notes=(
            "Ten items have fixed values (FIXED in course/datasets/m13.py) so that every "
            "learner meets the same edge cases: three 0s (not rated), two items tied on the "
            "lowest rating and many on the next, ratings that fell, and a module (m05) whose "
            "mean is exactly 3.00. Rows are shuffled.",
        ),
    ),
)

"""The course's self-rating items: the same short rating, saved by every module m01 to m12.

Each module asks three items on one scale (1 = not yet, 5 = confidently), each tagged with the
dimension of the NHS Healthcare Leadership Model it touches (``course.leadership_model``). The
items live here, in one place, so that the module notebooks call ``reflect.self_rating("m04")``
and the capstone (m13) reads every module's answers the same way. The items are those of the
capstone's worked example (Priya's ``sample_ratings.csv``), so that example matches what the
course really saves.

Changing an item's id makes older saved answers to it "an item this version no longer asks":
the capstone then says so and leaves that answer out, and the file is left as it is.
"""

from __future__ import annotations

from dataclasses import dataclass

from .. import leadership_model

LOW = "Not yet"
HIGH = "Confidently"
PROMPT = "How confidently do you do each of these in your work now?"


@dataclass(frozen=True)
class Item:
    """One self-rating item: what the learner rates and the model dimension it touches."""

    label: str
    dimension: str  # a slug of leadership_model.DIMENSIONS


TITLES: dict[str, str] = {
    "m01": "Leading without authority",
    "m02": "Influence from the inside out",
    "m03": "Making the case and building the coalition",
    "m04": "Patients, carers and population outcomes",
    "m05": "Staying the course",
    "m06": "Growing system leaders",
    "m07": "System architecture",
    "m08": "Money, incentives and shared resources",
    "m09": "Competition, independence and altruism",
    "m10": "Politics, place and public communication",
    "m11": "Honest conflict, trust and partnership behaviour",
    "m12": "Speaking up, blame and early intervention",
}

ITEMS: dict[str, dict[str, Item]] = {
    "m01": {
        "influence": Item(
            "Getting change across organisations through influence, not authority",
            "influencing_for_results",
        ),
        "enabler": Item(
            "Describing my role as an enabler without overclaiming it", "engaging_the_team"
        ),
        "chaos": Item("Staying steady when the work is non-linear and messy", "leading_with_care"),
    },
    "m02": {
        "shoes": Item("Framing a proposal from a partner's pressures", "connecting_our_service"),
        "style": Item("Adapting my style and timing to each person", "influencing_for_results"),
        "credit": Item("Giving credit and ownership away to partners", "engaging_the_team"),
    },
    "m03": {
        "evidence": Item(
            "Making an evidence-based case with emotional force", "evaluating_information"
        ),
        "coalition": Item("Building a coalition of the willing", "influencing_for_results"),
        "process": Item("Running a fair, open decision process", "inspiring_shared_purpose"),
    },
    "m04": {
        "population": Item("Framing change around a population's outcomes", "sharing_the_vision"),
        "coproduce": Item("Involving patients and carers as co-designers", "engaging_the_team"),
        "genuine": Item(
            "Engaging genuinely rather than going through the motions", "leading_with_care"
        ),
    },
    "m05": {
        "purpose": Item(
            "Holding a constant purpose while changing methods", "inspiring_shared_purpose"
        ),
        "focus": Item("Protecting focus against mission creep", "holding_to_account"),
        "momentum": Item("Keeping momentum without waiting for the slowest", "holding_to_account"),
    },
    "m06": {
        "failure": Item(
            "Reviewing a failure honestly and learning from it", "developing_capability"
        ),
        "peers": Item(
            "Learning from peers through buddying or peer review", "developing_capability"
        ),
        "core": Item("Building a stable core that will outlast me", "developing_capability"),
    },
    "m07": {
        "roles": Item("Clarifying roles between bodies", "connecting_our_service"),
        "assurance": Item(
            "Finding a way through assurance and approval steps", "connecting_our_service"
        ),
        "data": Item("Using data to frame the right debate", "evaluating_information"),
    },
    "m08": {
        "align": Item(
            "Aligning my organisation's interests with the system's", "connecting_our_service"
        ),
        "mechanics": Item(
            "Designing joint investment and benefit sharing", "evaluating_information"
        ),
        "cofund": Item(
            "Getting partners to co-own and co-fund a change", "influencing_for_results"
        ),
    },
    "m09": {
        "help": Item("Asking how I can help, beyond my formal remit", "inspiring_shared_purpose"),
        "right": Item(
            "Doing the right thing for patients despite the system", "inspiring_shared_purpose"
        ),
        "control": Item(
            "Giving control away when a partner would do it better", "engaging_the_team"
        ),
    },
    "m10": {
        "power": Item("Reading and mapping political power", "connecting_our_service"),
        "timing": Item("Judging when to push, compromise or wait", "influencing_for_results"),
        "audiences": Item(
            "Explaining change to the public, media and councillors", "sharing_the_vision"
        ),
    },
    "m11": {
        "surface": Item(
            "Raising conflict in the room, not behind people's backs", "engaging_the_team"
        ),
        "trust": Item("Building trust through consistent behaviour", "leading_with_care"),
        "principles": Item(
            "Agreeing partnership principles and keeping to them", "holding_to_account"
        ),
    },
    "m12": {
        "speak": Item("Speaking up about a serious concern", "inspiring_shared_purpose"),
        "values": Item(
            "Putting my values into words and acting on them", "inspiring_shared_purpose"
        ),
        "network": Item("Having a support network for raising a concern", "leading_with_care"),
    },
}

MODULES = tuple(ITEMS)


def key(module: str) -> str:
    """The reflection key a module's self-rating is saved under: ``m04_self_rating``."""
    return f"{module}_self_rating"


def items(module: str) -> dict[str, Item]:
    """The module's items; a clear error for a module that has no self-rating."""
    if module not in ITEMS:
        from ..errors import CourseError

        raise CourseError(
            f"{module!r} has no self-rating; the modules that do are {MODULES[0]} to {MODULES[-1]}."
        )
    return ITEMS[module]


def settings(module: str) -> dict[str, object]:
    """What the box saves beside the ratings: module, labels, dimensions and the scale."""
    found = items(module)
    return {
        "module": module,
        "items": {i: item.label for i, item in found.items()},
        "dimensions": {i: leadership_model.name(item.dimension) for i, item in found.items()},
        "low": LOW,
        "high": HIGH,
    }

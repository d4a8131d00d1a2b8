"""Module 2 data: whose idea was it? The ideas log of a partnership board."""

from __future__ import annotations

import random

from ..data import Column, Dataset

MEETINGS = 18  # the board meets monthly; the log covers 18 meetings

# Ideas each member of the board raised, in the words of the minutes (synthetic).
# "you" is the learner's persona: the board's programme lead.
IDEAS: dict[str, list[str]] = {
    "you": [
        "Shared discharge checklist across wards",
        "Single point of access for community referrals",
        "Joint winter plan with one set of numbers",
        "Monthly review of every delay over 7 days",
        "Pooled budget for short-term care packages",
        "Single assessment shared by NHS and council",
        "Joint training day for ward and council staff",
        "Expected date of discharge set on admission",
    ],
    "trust_director": [
        "Discharge lounge open until 8pm",
        "Frailty assessment within an hour of arrival",
        "Medicines to take home ready the day before discharge",
        "Transport booked at the decision to discharge",
        "Escalation call between chief executives",
        "Care navigators based on wards",
        "Daily board round with social workers",
        "Weekend social work cover on wards",
        "Virtual ward for frail older people",
    ],
    "council_director": [
        "Trusted assessor for care home discharges",
        "Housing officer on the hospital team",
        "Equipment delivered within 24 hours",
        "Telecare offered before discharge",
        "Shared care record access for council staff",
        "Hospital social work team based on site",
        "Joint reablement and therapy team",
    ],
    "gp_lead": [
        "Falls risk screening at over-75 health checks",
        "Named GP visiting rota for care homes",
        "Practice registers of frail patients",
        "Step-up beds to avoid admission",
        "Medicines review by community pharmacist",
        "Discharge-to-assess beds in the community",
    ],
    "nurse_lead": [
        "Community nurses in-reach to A&E",
        "Community therapy seven days a week",
        "Electronic referral to reablement",
        "Night sitting service for the first week home",
        "Falls response by paramedic and therapist",
        "Home-from-hospital volunteer phone calls",
    ],
    "patient_rep": [
        "Patient-held discharge plan",
        "Carers' phone line after discharge",
        "A patient story at the start of each board",
        "Voluntary sector settling-in visits",
    ],
}

# (ideas adopted, of which championed at adoption by someone else) for each originator.
# The counts are fixed so that the answers have no rounding ties on a .5 boundary,
# gp_lead and patient_rep tie on adoption rate (3/6 and 2/4), and "you" has
# 5 "brownie points" (Davies, 003:590).
OUTCOMES: dict[str, tuple[int, int]] = {
    "you": (6, 5),
    "trust_director": (3, 0),
    "council_director": (4, 1),
    "gp_lead": (3, 1),
    "nurse_lead": (4, 2),
    "patient_rep": (2, 1),
}

SEEDED_LAG = (2, 5)  # meetings; after Vaughan's "about three months" of seeding (003:1011)
SELF_LAG = (0, 2)  # meetings; ideas pushed by their own originator are decided quickly


def _ideas_rows(rng: random.Random) -> list[dict[str, object]]:
    """Forty ideas raised at a monthly partnership board, with who championed each one."""
    others = [name for name in IDEAS if name != "you"]
    rows: list[dict[str, object]] = []
    for originator, titles in IDEAS.items():
        titles = list(titles)
        rng.shuffle(titles)
        adopted, seeded = OUTCOMES[originator]
        for n, title in enumerate(titles):
            row: dict[str, object] = dict(idea=title, originator=originator)
            if n < adopted:
                is_seeded = n < seeded
                lag = rng.randint(*(SEEDED_LAG if is_seeded else SELF_LAG))
                raised = rng.randint(1, MEETINGS - lag)
                champion = (
                    rng.choice([o for o in others if o != originator]) if is_seeded else originator
                )
                row.update(
                    meeting_first_raised=raised,
                    adopted=True,
                    meeting_adopted=raised + lag,
                    champion_at_adoption=champion,
                )
            else:
                row.update(
                    meeting_first_raised=rng.randint(1, MEETINGS),
                    adopted=False,
                    meeting_adopted="",
                    champion_at_adoption="",
                )
            row["_order"] = rng.random()
            rows.append(row)
    # Number the ideas in the order the minutes first record them.
    rows.sort(key=lambda r: (int(r["meeting_first_raised"]), float(r["_order"])))  # type: ignore[arg-type]
    for number, row in enumerate(rows, start=1):
        del row["_order"]
        row["idea_id"] = f"I{number:02d}"
    return rows


DATASETS: tuple[Dataset, ...] = (
    Dataset(
        filename="ideas_log.csv",
        module="m02_influence_from_the_inside_out",
        title="Whose idea was it? A partnership board's ideas log",
        description=(
            "Forty ideas raised over 18 monthly meetings of an integrated discharge partnership "
            "board: who first raised each idea, whether and when the board adopted it, and who "
            "championed it at the meeting that adopted it. Entirely synthetic; the persona "
            "`you` is the board's programme lead."
        ),
        columns=(
            Column(
                "idea_id",
                "str",
                "Identifier of the idea (I01 to I40), numbered in the order "
                "the minutes first record them.",
            ),
            Column("idea", "str", "The idea, as the minutes summarise it."),
            Column(
                "originator",
                "str",
                "Board member who first raised the idea: you, trust_director, "
                "council_director, gp_lead, nurse_lead or patient_rep.",
                "synthetic; `you` is the learner's persona",
            ),
            Column(
                "meeting_first_raised",
                "int",
                "Number of the monthly meeting (1 to 18) at which the idea was first raised.",
            ),
            Column("adopted", "bool", "True if the board adopted the idea by meeting 18."),
            Column(
                "meeting_adopted",
                "int, blank if not adopted",
                "Number of the meeting that adopted the idea.",
                "synthetic; ideas championed by someone other than their originator take "
                "2 to 5 meetings, after Vaughan's 'about three months' of seeding (003:1011); "
                "others 0 to 2",
            ),
            Column(
                "champion_at_adoption",
                "str, blank if not adopted",
                "Board member who proposed the idea at the meeting that adopted it. When it "
                "is not the originator, the idea was 'seeded'.",
                "synthetic; 'a brownie point every time somebody comes back to me with my "
                "idea' (Davies, 003:590)",
            ),
        ),
        make_rows=_ideas_rows,
        notes=(
            "Adopted and seeded counts per originator are fixed in the generator: you 6 of 8 "
            "adopted (5 seeded), trust_director 3 of 9 (0), council_director 4 of 7 (1), "
            "gp_lead 3 of 6 (1), nurse_lead 4 of 6 (2), patient_rep 2 of 4 (1).",
            "gp_lead and patient_rep tie on adoption rate (0.5), a tie-break test.",
        ),
    ),
)

"""Module 11 data: does what a partnership board agrees survive the contract round?"""

from __future__ import annotations

import random

from ..data import Column, Dataset

# Monthly meetings of a made-up partnership board, April to December 2015 (no August
# meeting). The contract round for 2016/17 runs from January to March 2016, the first of the
# two "test" years for implementation that Sawtell names (003:977).
BOARD_DATES = (
    "2015-04-16",
    "2015-05-21",
    "2015-06-18",
    "2015-07-16",
    "2015-09-17",
    "2015-10-15",
    "2015-11-19",
    "2015-12-17",
)

# The fixed design, per organisation: how many tested commitments were kept (consistent) or
# broken (contradicts), split by whether the board member briefed the organisation's contracting
# team afterwards, and how many were not tested in the round, split the same way:
# (briefed kept, briefed broken, unbriefed kept, unbriefed broken, briefed untested,
#  unbriefed untested). The design gives exact, tie-testing answers:
# - consistency rates: Acute trust 4/6 and CCG 6/9 tie at 66.7 (tie-break by org);
#   Community trust 6/8 is exactly 75.0, so "below 75" must be strict; GP federation 50.0;
#   County council 87.5; Mental health trust 90.0;
# - overall 35/47 = 74.5, not the unweighted mean of the rates (72.6) nor 35/60 (58.3);
# - not tested: the Mental health trust has none, so a count must keep a row with 0;
# - briefed 27/30 = 90.0 against unbriefed 8/17 = 47.1.
# No rate lies on a rounding boundary at 1 decimal place.
DESIGN: dict[str, tuple[int, int, int, int, int, int]] = {
    "Acute trust": (3, 1, 1, 1, 2, 2),
    "CCG": (5, 1, 1, 2, 1, 0),
    "Community trust": (5, 0, 1, 2, 1, 1),
    "County council": (6, 0, 1, 1, 1, 1),
    "GP federation": (2, 1, 1, 2, 1, 3),
    "Mental health trust": (6, 0, 3, 1, 0, 0),
}

# Ten commitments per organisation, each of which a contract negotiation could keep or break.
COMMITMENTS: dict[str, tuple[str, ...]] = {
    "Acute trust": (
        "Move diabetes follow-up clinics into the community",
        "Share daily discharge lists with council social care",
        "Fund two frailty nurses in the joint community team",
        "Accept falls-service referrals without a GP letter",
        "Keep the joint stroke rehabilitation pathway",
        "Release outpatient slots for a GP-led skin clinic",
        "Put the discharge team's costs into the pooled budget",
        "Stop charging for follow-ups the new pathway removes",
        "Second a consultant geriatrician to the frailty service",
        "Not bid for the community nursing contract",
    ),
    "CCG": (
        "Fund the community falls service for three years",
        "Pay for the frailty pathway on outcomes, not activity",
        "Not tender the community nursing contract this year",
        "Move the diabetes budget into the joint pathway",
        "Co-fund a shared care record with the council",
        "Pay the GP federation for care-home ward rounds",
        "Keep mental health spending at the agreed share",
        "Commission reablement jointly with the council",
        "Share the risk on emergency admissions with the acute trust",
        "Use one set of pathway measures in every contract",
    ),
    "Community trust": (
        "Staff a seven-day rapid response team",
        "Take hospital discharges before noon",
        "Share caseload data with GP practices",
        "Align district nurses to groups of GP practices",
        "Accept the shared frailty assessment without repeating it",
        "Run falls clinics in GP surgeries",
        "Join the single point of access",
        "Not bid against the GP federation for care-home support",
        "Release therapists to the reablement team",
        "Report pathway outcomes, not numbers of contacts",
    ),
    "County council": (
        "Keep reablement hours at the agreed level",
        "Pool the home-care budget for hospital discharges",
        "Accept trusted assessments for care-home admissions",
        "Share social care records with the joint team",
        "Fund a social worker in the hospital discharge team",
        "Protect carers' support in the savings round",
        "Buy home care on outcomes in the pathway area",
        "Co-fund the falls prevention programme",
        "Involve housing officers in discharge planning",
        "Keep the joint commissioning post",
    ),
    "GP federation": (
        "Run weekly ward rounds in every care home",
        "Use the shared frailty register",
        "Accept the community trust's falls referrals",
        "Share practice frailty data with partners",
        "Offer extended-hours appointments on the pathway",
        "Not bid for the community nursing contract",
        "Name a pathway lead in each group of practices",
        "Take part in the joint clinical audit",
        "Refer through the single point of access",
        "Release GP time to the frailty board",
    ),
    "Mental health trust": (
        "Put liaison psychiatry into the frailty team",
        "Share dementia diagnosis data",
        "Accept referrals straight from the joint team",
        "Second a nurse to the single point of access",
        "Keep the memory clinic in the community",
        "Run joint training with council staff",
        "Co-fund crisis beds for older people",
        "Report waiting times for the pathway",
        "Use the shared care plan",
        "Offer in-reach support to care homes",
    ),
}


def _commitment_rows(rng: random.Random) -> list[dict[str, object]]:
    """Sixty commitments, ten per organisation, with outcomes fixed by DESIGN."""
    rows: list[dict[str, object]] = []
    for org, (bk, bb, uk, ub, bn, un) in DESIGN.items():
        outcomes = (
            [(True, "consistent")] * bk
            + [(True, "contradicts")] * bb
            + [(False, "consistent")] * uk
            + [(False, "contradicts")] * ub
            + [(True, "not_tested")] * bn
            + [(False, "not_tested")] * un
        )
        texts = list(COMMITMENTS[org])
        assert len(outcomes) == len(texts) == 10, org
        rng.shuffle(outcomes)
        for text, (briefed, action) in zip(texts, outcomes, strict=True):
            rows.append(
                dict(
                    org=org,
                    commitment=text,
                    agreed_at_board=rng.choice(BOARD_DATES),
                    briefed_contract_team=briefed,
                    contract_round_action=action,
                )
            )
    # Number the commitments in the order they were agreed; within a meeting, by a shuffle.
    rng.shuffle(rows)
    rows.sort(key=lambda r: str(r["agreed_at_board"]))
    return [dict(commitment_id=f"C{i:02d}", **row) for i, row in enumerate(rows, start=1)]


DATASETS: tuple[Dataset, ...] = (
    Dataset(
        filename="commitments.csv",
        module="m11_honest_conflict_and_trust",
        title="Partnership commitments and the contract round",
        description=(
            "Sixty commitments that six organisations made at a made-up partnership board "
            "between April and December 2015, and what each organisation then did in the "
            "contract negotiations for 2016/17 (January to March 2016). Built to test "
            "Sawtell's 'partnership shafting': agreeing principles in one room and tossing "
            "them out in a contract negotiation in another (003:965-969). All values are "
            "synthetic."
        ),
        columns=(
            Column(
                "commitment_id",
                "str",
                "Identifier of the commitment (C01 to C60), numbered in the order agreed.",
            ),
            Column(
                "org",
                "str",
                "The organisation that made the commitment: Acute trust, CCG, Community "
                "trust, County council, GP federation or Mental health trust.",
            ),
            Column("commitment", "str", "What the organisation agreed to do, in a few words."),
            Column(
                "agreed_at_board",
                "date (YYYY-MM-DD)",
                "The date of the partnership board meeting where the commitment was "
                "agreed (monthly, April to December 2015, no August meeting).",
            ),
            Column(
                "briefed_contract_team",
                "bool",
                "True if the organisation's board member briefed its own contracting team "
                "on the commitment before the contract round; False if not.",
                "synthetic; after the Devon principle 'Cascade the message, and tell your "
                "teams' (001:129)",
            ),
            Column(
                "contract_round_action",
                "str",
                "What the organisation did in the contract round: consistent (kept to the "
                "commitment), contradicts (took a position that broke it) or not_tested "
                "(the round did not touch it, so nobody knows yet).",
                "synthetic; after Sawtell (003:965-969) and Vaughan, 'what they say in one "
                "room together and what they say outside can be different' (003:1021)",
            ),
        ),
        make_rows=_commitment_rows,
        notes=(
            "Tested commitments (consistent or contradicts) by organisation: Acute trust 4 "
            "and 2, CCG 6 and 3 (both 66.7%, a tie), Community trust 6 and 2 (exactly 75%), "
            "County council 7 and 1, GP federation 3 and 3, Mental health trust 9 and 1. "
            "The Mental health trust has no not_tested commitments.",
        ),
    ),
)

"""Module 3 data: atrial fibrillation case-finding, and choosing eight stroke units."""

from __future__ import annotations

import random

from ..data import Column, Dataset

MODULE = "m03_making_the_case"

# Practices in each wave of the Camden-style programme (35 in all, as in 003:631).
WAVES = (("wave 1", 8), ("wave 2", 15), ("not yet", 12))
# Share of a practice's AF register newly put on anticoagulation, by wave (synthetic).
GAIN = {"wave 1": (0.12, 0.20), "wave 2": (0.05, 0.11), "not yet": (0.0, 0.025)}


def _af_rows(rng: random.Random) -> list[dict[str, object]]:
    """35 practices: the willing first wave gains most, practices not yet joined barely move."""
    joined = [wave for wave, count in WAVES for _ in range(count)]
    rng.shuffle(joined)
    rows: list[dict[str, object]] = []
    for number, wave in enumerate(joined, start=1):
        list_size = rng.randrange(2500, 14_000, 10)
        af_registered = round(list_size * rng.uniform(0.012, 0.022))
        before = round(af_registered * rng.uniform(0.50, 0.64))
        gain = round(af_registered * rng.uniform(*GAIN[wave]))
        after = min(before + gain, af_registered)
        rows.append(
            dict(
                practice_id=f"P{number:02d}",
                joined=wave,
                list_size=list_size,
                af_registered=af_registered,
                anticoag_before=before,
                anticoag_after=after,
            )
        )
    return rows


def _ccg_rows(rng: random.Random) -> list[dict[str, object]]:
    """Three roll-out CCGs (003:631 says three more CCGs); names and list sizes synthetic."""
    return [
        dict(ccg=name, total_list_size=rng.randrange(180_000, 420_000, 10))
        for name in ("CCG A", "CCG B", "CCG C")
    ]


def _site_rows(rng: random.Random) -> list[dict[str, object]]:
    """12 candidate stroke units; eight are chosen (003:462-468), and a teaching hospital is 9th."""
    scores = [(rng.randint(55, 95), rng.randint(40, 95)) for _ in range(12)]
    weighted = [0.6 * q + 0.4 * a for q, a in scores]
    order = sorted(range(12), key=lambda i: -weighted[i])
    kinds = ["District general hospital"] * 12
    for rank in (0, 3, 8):  # two teaching hospitals chosen, one (ranked 9th) not
        kinds[order[rank]] = "Teaching hospital"
    rows = [
        dict(site_id=f"H{i + 1:02d}", hospital_type=kinds[i], quality_score=q, access_score=a)
        for i, (q, a) in enumerate(scores)
    ]
    return rows


DATASETS: tuple[Dataset, ...] = (
    Dataset(
        filename="af_practices.csv",
        module=MODULE,
        title="Atrial fibrillation case-finding in 35 GP practices",
        description=(
            "35 GP practices in one borough, modelled on the Camden atrial fibrillation work "
            "of UCLPartners: how many patients each practice has, how many are on its atrial "
            "fibrillation register, and how many of those were on anticoagulation before and "
            "after the case-finding programme."
        ),
        columns=(
            Column("practice_id", "str", "Identifier of the practice (P01 to P35)."),
            Column(
                "joined",
                "str",
                "When the practice joined: 'wave 1' (the interested practices that started "
                "it), 'wave 2' (recruited later by their peers) or 'not yet'.",
                "35 practices, starting with the GPs interested in atrial fibrillation "
                "(003:631); the waves and their sizes are synthetic",
            ),
            Column("list_size", "int", "Patients registered with the practice."),
            Column(
                "af_registered",
                "int",
                "Patients on the practice's atrial fibrillation register (1.2% to 2.2% of "
                "the list).",
            ),
            Column(
                "anticoag_before",
                "int",
                "Patients on the register taking anticoagulation before the programme.",
            ),
            Column(
                "anticoag_after",
                "int",
                "Patients on the register taking anticoagulation after the programme.",
            ),
        ),
        make_rows=_af_rows,
        notes=(
            "Parameters used with this file in the module: anticoagulation cuts the risk of "
            "stroke by 67% (003:631); about 700 avoidable strokes a year across the 6 million "
            "people UCLPartners serves (003:627). The untreated stroke risk of 5% a year is a "
            "synthetic round figure, not from the report.",
        ),
    ),
    Dataset(
        filename="ccg_lists.csv",
        module=MODULE,
        title="Three roll-out CCGs",
        description="The three clinical commissioning groups the atrial fibrillation work "
        "is spreading to, with the number of patients registered in each.",
        columns=(
            Column(
                "ccg",
                "str",
                "The clinical commissioning group (CCG A to CCG C).",
                "roll-out to 'another three CCGs in north central London' (003:631); "
                "names synthetic",
            ),
            Column("total_list_size", "int", "Patients registered with all the CCG's practices."),
        ),
        make_rows=_ccg_rows,
    ),
    Dataset(
        filename="stroke_sites.csv",
        module=MODULE,
        title="Choosing eight stroke units from twelve candidates",
        description=(
            "Twelve candidate hospitals for a hyperacute stroke unit, scored on quality and on "
            "access. The module's worked example picks the eight with the highest weighted "
            "score, as in the London stroke reconfiguration."
        ),
        columns=(
            Column("site_id", "str", "Identifier of the candidate hospital (H01 to H12)."),
            Column(
                "hospital_type",
                "str",
                "Teaching hospital or district general hospital.",
                "a teaching hospital that 'doesn't get one' (003:468); which sites are "
                "teaching hospitals is synthetic",
            ),
            Column("quality_score", "int", "Quality of stroke care, scored 0 to 100."),
            Column(
                "access_score",
                "int",
                "Access: share of the population within reach in time, scored 0 to 100.",
                "the criteria balance quality and access (003:468); scores synthetic",
            ),
        ),
        make_rows=_site_rows,
        notes=(
            "Eight units are chosen, not nine (003:462). The weights (60% quality, 40% "
            "access) are synthetic; ties are broken by site_id.",
        ),
    ),
)

"""Module 7 data: the critical path through the assurance steps for a service change."""

from __future__ import annotations

import random

from ..data import Column, Dataset

CORE_WEEKS = 130  # "two and a half years", without judicial review (003:510)


def _earliest_finish(rows: list[dict[str, object]], include_optional: bool) -> dict[str, int]:
    """Earliest finish of every kept step; rows are listed with predecessors first."""
    kept = [r for r in rows if include_optional or not r["optional"]]
    ids = {str(r["step_id"]) for r in kept}
    finish: dict[str, int] = {}
    for r in kept:
        before = [p for p in str(r["predecessors"]).split(";") if p in ids]
        finish[str(r["step_id"])] = int(r["duration_weeks"]) + max(
            (finish[p] for p in before), default=0
        )
    return finish


def _unique_critical_path(rows: list[dict[str, object]], include_optional: bool) -> list[str]:
    """The critical path, checking that no tie could make it ambiguous."""
    finish = _earliest_finish(rows, include_optional)
    by_id = {str(r["step_id"]): r for r in rows}
    ends = sorted(finish.values(), reverse=True)
    assert ends[0] > ends[1], "the last step must finish strictly after every other step"
    path = [max(finish, key=finish.__getitem__)]
    while True:
        before = [p for p in str(by_id[path[0]]["predecessors"]).split(";") if p in finish]
        if not before:
            return path
        times = sorted((finish[p] for p in before), reverse=True)
        assert len(times) == 1 or times[0] > times[1], f"tie before {path[0]}"
        path.insert(0, max(before, key=finish.__getitem__))


def _assurance_rows(rng: random.Random) -> list[dict[str, object]]:
    """Sixteen steps: the eight processes Carnall names (003:506) plus synthetic local steps.

    Durations of steps on the critical paths are fixed so that the non-optional critical
    path is exactly 130 weeks; the four steps with slack get seeded durations that stay
    strictly inside their slack, so the critical paths are unique.
    """

    def row(
        step_id: str, name: str, body: str, weeks: int, before: str, optional: bool = False
    ) -> dict[str, object]:
        return dict(
            step_id=step_id,
            step_name=name,
            body=body,
            duration_weeks=weeks,
            predecessors=before,
            optional=optional,
        )

    rows = [
        row("A01", "Case for change agreed by the CCGs", "CCG", 26, ""),
        row(
            "A02",
            "Clinical senate review of the clinical model",
            "Clinical senate",
            rng.randint(8, 13),
            "A01",
        ),
        row("A03", "Options appraisal and travel-time modelling", "CCG", 20, "A01"),
        row("A04", "Inequalities impact assessment", "CCG", rng.randint(6, 10), "A03"),
        row("A05", "NHS England assurance checkpoint", "NHS England", 12, "A02;A03"),
        row("A06", "Pre-consultation business case", "CCG", 10, "A04;A05"),
        row("A07", "Finance and Investment Group review", "Finance and Investment Group", 8, "A06"),
        row("A08", "Statutory public consultation", "CCG", 13, "A07"),
        row("A09", "Consultation analysis and decision-making business case", "CCG", 12, "A08"),
        row(
            "A10", "Council health scrutiny committee review", "Council", rng.randint(6, 10), "A08"
        ),
        row("A11", "Joint committee of CCGs makes the decision", "CCG", 2, "A09;A10"),
        row("A12", "Independent Reconfiguration Panel review", "IRP", 12, "A10;A11"),
        row("A13", "TDA process: NHS trust business case approval", "TDA", 23, "A11"),
        row(
            "A14", "Monitor process: foundation trust review", "Monitor", rng.randint(14, 20), "A11"
        ),
        row("A15", "Judicial review", "Court", 30, "A12", optional=True),
        row(
            "A16",
            "Go-ahead: contracts varied and implementation begins",
            "Providers",
            4,
            "A12;A13;A14;A15",
        ),
    ]
    core = _earliest_finish(rows, include_optional=False)
    assert max(core.values()) == CORE_WEEKS, max(core.values())
    _unique_critical_path(rows, include_optional=False)
    _unique_critical_path(rows, include_optional=True)
    return rows


DATASETS: tuple[Dataset, ...] = (
    Dataset(
        filename="assurance_steps.csv",
        module="m07_system_architecture",
        title="Assurance steps for a significant service change",
        description=(
            "Sixteen steps that a significant NHS service change must go through before it "
            "can start, with how long each takes and which steps must finish first. The "
            "non-optional steps are calibrated so that the critical path is exactly 130 weeks, "
            "Ruth Carnall's minimum of two and a half years without judicial review."
        ),
        columns=(
            Column(
                "step_id",
                "str",
                "Identifier of the step (A01 to A16), listed so that every "
                "step comes after its predecessors.",
            ),
            Column(
                "step_name",
                "str",
                "What happens in the step.",
                "eight of the steps are the processes Carnall names: statutory consultation, "
                "inequalities impact assessment, NHS England assurance, the Finance and "
                "Investment Group, the Independent Reconfiguration Panel, judicial review, "
                "the TDA process and the Monitor process (003:506); the other steps are "
                "synthetic",
            ),
            Column(
                "body",
                "str",
                "The organisation that runs or owns the step.",
                "synthetic: the CCGs are given six of the ten steps on the critical path, among "
                "them the longest, so that they own 83 of its 130 weeks (a planted pattern)",
            ),
            Column(
                "duration_weeks",
                "int",
                "How long the step takes, in weeks.",
                "synthetic, calibrated so that the longest chain of non-optional steps is "
                "130 weeks, 'two and a half years' (003:510)",
            ),
            Column(
                "predecessors",
                "str",
                "The step_ids that must finish before this step "
                "can start, separated by ';' (blank if none).",
                "synthetic",
            ),
            Column(
                "optional",
                "bool",
                "True only for judicial review, which Carnall's estimate assumed did not happen.",
                "'assuming you were not subject to judicial review' (003:510)",
            ),
        ),
        make_rows=_assurance_rows,
        notes=(
            "Steps A02, A04, A10 and A14 have seeded durations that stay inside their "
            "slack, so the critical path is unique with and without judicial review.",
            "Who owns the weeks on the critical path is planted, not measured: the durations "
            "on the path are fixed by hand and most of them are given to the CCGs, so the "
            "commissioners own most of the path. Dated records of real reconfigurations "
            "would test it.",
        ),
    ),
)

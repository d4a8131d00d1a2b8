"""Module 6, growing system leaders: visible tests of the six data tasks."""

from __future__ import annotations

from typing import Any

from .. import checks
from . import exercise


@exercise("m06-vacancy")
def vacancy(vacancy_by_role: Any) -> None:
    checks.given(vacancy_by_role, "vacancy_by_role")
    checks.has_column(vacancy_by_role, "role", "vacancy_by_role")
    checks.has_column(vacancy_by_role, "vacancy_pct", "vacancy_by_role")
    chair = vacancy_by_role.loc[vacancy_by_role["role"] == "Chair", "vacancy_pct"]
    assert len(chair) == 1 and checks.same(chair.iloc[0], 20.0), (
        "vacancy_pct for Chair should be 20.0: take 100 times the share of Chair posts whose "
        "filled is False, rounded to 1 decimal place, with one row per role."
    )


@exercise("m06-benchmark")
def benchmark(roles_above_benchmark: Any) -> None:
    checks.given(roles_above_benchmark, "roles_above_benchmark")
    assert isinstance(roles_above_benchmark, list), (
        f"roles_above_benchmark should be a list, not a {checks.kind_name(roles_above_benchmark)}: "
        "wrap your answer in list(...)."
    )
    assert all(r in ("CEO", "FD", "Chair") for r in roles_above_benchmark), (
        "roles_above_benchmark should hold role names only: 'CEO', 'FD' or 'Chair'."
    )


@exercise("m06-tenure")
def tenure(ceo_tenure_by_type: Any) -> None:
    checks.given(ceo_tenure_by_type, "ceo_tenure_by_type")
    checks.has_column(ceo_tenure_by_type, "org_type", "ceo_tenure_by_type")
    checks.has_column(ceo_tenure_by_type, "median_tenure_years", "ceo_tenure_by_type")
    ccg = ceo_tenure_by_type.loc[ceo_tenure_by_type["org_type"] == "CCG", "median_tenure_years"]
    assert len(ccg) == 1 and checks.same(ccg.iloc[0], 2.08), (
        "median_tenure_years for CCG should be 2.08: use filled CEO posts only, days to "
        "2015-05-01 divided by 365.25, then the median rounded to 2 decimal places."
    )


@exercise("m06-stability")
def stability(stability: Any) -> None:
    checks.given(stability, "stability")
    checks.has_column(stability, "unstable", "stability")
    checks.has_column(stability, "partnership_score", "stability")
    assert len(stability) == 20, (
        f"stability should have one row for each of the 20 organisations, not {len(stability)}: "
        "keep only the CEO rows of posts before merging."
    )
    o18 = stability.loc[stability["org_id"] == "O18", "unstable"]
    assert len(o18) == 1 and bool(o18.iloc[0]) is True, (
        "O18 should be unstable: set unstable to True when ceo_changes_5y is 2 or more."
    )


@exercise("m06-score")
def score(score_by_stability: Any) -> None:
    checks.given(score_by_stability, "score_by_stability")
    checks.has_column(score_by_stability, "unstable", "score_by_stability")
    checks.has_column(score_by_stability, "mean_score", "score_by_stability")
    assert len(score_by_stability) == 2, (
        f"score_by_stability should have 2 rows (unstable False and True), not "
        f"{len(score_by_stability)}: group your stability table by unstable."
    )


@exercise("m06-sector")
def sector(unstable_by_sector: Any) -> None:
    checks.given(unstable_by_sector, "unstable_by_sector")
    checks.has_column(unstable_by_sector, "sector", "unstable_by_sector")
    checks.has_column(unstable_by_sector, "unstable_pct", "unstable_by_sector")
    assert sorted(unstable_by_sector["sector"]) == ["NHS", "council"], (
        "unstable_by_sector should have exactly two rows, with sector 'council' and 'NHS': label "
        "every org_type other than council as NHS."
    )

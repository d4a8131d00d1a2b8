"""Module 6, growing system leaders: visible tests of the six data tasks."""

from __future__ import annotations

from typing import Any

import numpy as np

from .. import checks
from . import exercise

ROLES = ["CEO", "Chair", "FD"]
ORG_TYPES = ["CCG", "acute", "community", "council", "mental_health"]
ORGS = [f"O{n:02d}" for n in range(1, 21)]  # the org_ids of posts.csv and partnership.csv
STABILITY_COLUMNS = ["org_id", "org_type", "ceo_changes_5y", "partnership_score", "unstable"]


def _percentages(values: Any, what: str) -> None:
    """Fail unless ``values`` are percentages rounded to 1 place (not fractions)."""
    checks.no_gaps(values, what)
    checks.rounded(values, 1, what)
    assert all(0 <= v <= 100 for v in values) and max(values) > 1, (
        f"{what} should hold percentages between 0 and 100: multiply the share by 100."
    )


def _from_stability(stability_table: Any, task: str) -> Any:
    """``stability`` after task 4's checks, or a message saying to fix task 4 first."""
    try:
        stability(stability_table)
    except AssertionError as exc:
        raise AssertionError(
            f"{task} uses your stability table, so fix task 4 first: {exc}"
        ) from None
    return stability_table


def _group_means(table: Any, key: Any, column: str) -> dict[Any, float]:
    """The mean of ``column`` for each value of ``key`` (a column name or a list of labels)."""
    keys = list(table[key]) if isinstance(key, str) else list(key)
    groups: dict[Any, list[float]] = {}
    for k, v in zip(keys, table[column], strict=True):
        groups.setdefault(k, []).append(float(v))
    return {k: sum(v) / len(v) for k, v in groups.items()}


@exercise("m06-vacancy")
def vacancy(vacancy_by_role: Any) -> None:
    checks.given(vacancy_by_role, "vacancy_by_role")
    checks.has_column(vacancy_by_role, "role", "vacancy_by_role")
    checks.has_column(vacancy_by_role, "vacancy_pct", "vacancy_by_role")
    checks.one_row_each(vacancy_by_role, "role", ROLES, "vacancy_by_role")
    chair = vacancy_by_role.loc[vacancy_by_role["role"] == "Chair", "vacancy_pct"]
    assert len(chair) == 1 and checks.same(chair.iloc[0], 20.0), (
        "vacancy_pct for Chair should be 20.0: take 100 times the share of Chair posts whose "
        "filled is False, rounded to 1 decimal place, with one row per role."
    )
    _percentages(list(vacancy_by_role["vacancy_pct"]), "The vacancy_pct column")


@exercise("m06-benchmark")
def benchmark(roles_above_benchmark: Any, vacancy_by_role: Any) -> None:
    checks.given(roles_above_benchmark, "roles_above_benchmark")
    assert isinstance(roles_above_benchmark, list), (
        f"roles_above_benchmark should be a list, not a {checks.kind_name(roles_above_benchmark)}: "
        "wrap your answer in list(...)."
    )
    assert all(r in ("CEO", "FD", "Chair") for r in roles_above_benchmark), (
        "roles_above_benchmark should hold role names only: 'CEO', 'FD' or 'Chair'."
    )
    try:
        vacancy(vacancy_by_role)
    except AssertionError as exc:
        raise AssertionError(
            f"roles_above_benchmark comes from vacancy_by_role, so fix task 1 first: {exc}"
        ) from None
    rates = dict(zip(vacancy_by_role["role"], vacancy_by_role["vacancy_pct"], strict=True))
    exactly_ten = [r for r in roles_above_benchmark if checks.same(float(rates[r]), 10.0)]
    assert not exactly_ten, (
        f"{exactly_ten[0]} has a vacancy rate of exactly 10.0, which is not more than 10: use "
        "> 10, not >= 10."
    )
    checks.picked(
        roles_above_benchmark,
        sorted((r for r in rates if rates[r] > 10), key=lambda r: (-rates[r], r)),
        "roles_above_benchmark",
        "the roles whose vacancy_pct is more than 10",
        "put the highest vacancy_pct first, and roles with the same rate in alphabetical order",
    )


@exercise("m06-tenure")
def tenure(ceo_tenure_by_type: Any) -> None:
    checks.given(ceo_tenure_by_type, "ceo_tenure_by_type")
    checks.has_column(ceo_tenure_by_type, "org_type", "ceo_tenure_by_type")
    checks.has_column(ceo_tenure_by_type, "median_tenure_years", "ceo_tenure_by_type")
    checks.one_row_each(ceo_tenure_by_type, "org_type", ORG_TYPES, "ceo_tenure_by_type")
    checks.no_gaps(
        ceo_tenure_by_type["median_tenure_years"],
        "The median_tenure_years column",
        "use only the filled CEO posts, which all have a start_date.",
    )
    ccg = ceo_tenure_by_type.loc[ceo_tenure_by_type["org_type"] == "CCG", "median_tenure_years"]
    assert len(ccg) == 1 and checks.same(ccg.iloc[0], 2.08), (
        "median_tenure_years for CCG should be 2.08: use filled CEO posts only, days to "
        "2015-05-01 divided by 365.25, then the median rounded to 2 decimal places."
    )
    checks.rounded(ceo_tenure_by_type["median_tenure_years"], 2, "The median_tenure_years column")


@exercise("m06-stability")
def stability(stability: Any) -> None:
    checks.given(stability, "stability")
    checks.has_column(stability, "unstable", "stability")
    checks.has_column(stability, "partnership_score", "stability")
    checks.has_columns(stability, STABILITY_COLUMNS, "stability")
    assert len(stability) == 20, (
        f"stability should have one row for each of the 20 organisations, not {len(stability)}: "
        "keep only the CEO rows of posts before merging."
    )
    checks.one_row_each(stability, "org_id", ORGS, "stability")
    assert all(isinstance(v, (bool, np.bool_)) for v in stability["unstable"]), (
        "unstable should be True or False for every organisation: compare ceo_changes_5y with 2."
    )
    o18 = stability.loc[stability["org_id"] == "O18", "unstable"]
    assert len(o18) == 1 and bool(o18.iloc[0]) is True, (
        "O18 should be unstable: set unstable to True when ceo_changes_5y is 2 or more."
    )
    wrong = [
        o
        for o, changes, flag in zip(
            stability["org_id"], stability["ceo_changes_5y"], stability["unstable"], strict=True
        )
        if bool(flag) != bool(changes >= 2)
    ]
    assert not wrong, (
        f"unstable is wrong for {len(wrong)} organisation(s), such as {wrong[0]}: it should be "
        "True when ceo_changes_5y is 2 or more (2 itself included), otherwise False."
    )


@exercise("m06-score")
def score(score_by_stability: Any, stability: Any) -> None:
    checks.given(score_by_stability, "score_by_stability")
    checks.has_column(score_by_stability, "unstable", "score_by_stability")
    checks.has_column(score_by_stability, "mean_score", "score_by_stability")
    assert len(score_by_stability) == 2, (
        f"score_by_stability should have 2 rows (unstable False and True), not "
        f"{len(score_by_stability)}: group your stability table by unstable."
    )
    checks.one_row_each(score_by_stability, "unstable", [False, True], "score_by_stability")
    checks.rounded(score_by_stability["mean_score"], 1, "The mean_score column")
    means = _group_means(_from_stability(stability, "Task 5"), "unstable", "partnership_score")
    wrong = [
        k
        for k, v in zip(
            score_by_stability["unstable"], score_by_stability["mean_score"], strict=True
        )
        if not checks.same(float(v), round(means[bool(k)], 1))
    ]
    assert not wrong, (
        f"mean_score for unstable {wrong[0]} is not the mean partnership_score of that group in "
        "your stability table: group stability by unstable, take the mean and round to 1 "
        "decimal place."
    )


@exercise("m06-sector")
def sector(unstable_by_sector: Any, stability: Any) -> None:
    checks.given(unstable_by_sector, "unstable_by_sector")
    checks.has_column(unstable_by_sector, "sector", "unstable_by_sector")
    checks.has_column(unstable_by_sector, "unstable_pct", "unstable_by_sector")
    assert sorted(unstable_by_sector["sector"]) == ["NHS", "council"], (
        "unstable_by_sector should have exactly two rows, with sector 'council' and 'NHS': label "
        "every org_type other than council as NHS."
    )
    _percentages(list(unstable_by_sector["unstable_pct"]), "The unstable_pct column")
    table = _from_stability(stability, "Task 6")
    sectors = ["council" if t == "council" else "NHS" for t in table["org_type"]]
    flags = table.assign(unstable_share=[100 * float(bool(v)) for v in table["unstable"]])
    shares = _group_means(flags, sectors, "unstable_share")
    wrong = [
        s
        for s, v in zip(
            unstable_by_sector["sector"], unstable_by_sector["unstable_pct"], strict=True
        )
        if not checks.same(float(v), round(shares[s], 1))
    ]
    assert not wrong, (
        f"unstable_pct for {wrong[0]} is not the percentage of that sector's organisations "
        "marked unstable in your stability table: take 100 times the mean of unstable in each "
        "sector and round to 1 decimal place."
    )

"""Module 4, patients and outcomes: visible tests of the six data tasks."""

from __future__ import annotations

from typing import Any

from .. import checks
from . import exercise

PATIENTS = [f"P{n:03d}" for n in range(1, 301)]  # the patient_ids of frail_cohort.csv
PROVIDERS = ["A", "B", "C"]
LINE_UP = "keep provider as the index of provider_summary, so that the rows line up."
PROVIDER_ROWS = (
    "provider_summary should have one row per provider, with provider as its index "
    "(as groupby gives) or as a column called 'provider'."
)


def _by_provider(summary: Any) -> Any:
    """``provider_summary`` with provider as a column, failing if it has none."""
    table = summary if "provider" in summary.columns else summary.reset_index()
    assert "provider" in table.columns, PROVIDER_ROWS
    return table


def _of(table: Any, provider: str, column: str) -> Any:
    return table.loc[table["provider"] == provider, column].iloc[0]


def _summary_column(summary: Any, column: str, places: int, percentage: bool = False) -> Any:
    """``provider_summary`` with provider as a column, after the checks its tasks share."""
    checks.given(summary, "provider_summary")
    checks.has_column(summary, column, "provider_summary")
    table = _by_provider(summary)
    checks.one_row_each(table, "provider", PROVIDERS, "provider_summary")
    checks.no_gaps(table[column], f"The {column} column", LINE_UP)
    checks.rounded(table[column], places, f"The {column} column")
    if percentage:
        assert table[column].between(0, 100).all() and table[column].max() > 1, (
            f"{column} should be a percentage between 0 and 100: multiply the share by 100."
        )
    return table


def _rank_matches(table: Any, rank: str, value: str, best: str) -> None:
    """Fail unless ``rank`` ranks ``value`` with 1 for the highest, ties in alphabetical order."""
    ranks = list(table[rank])
    checks.are_numbers(ranks, f"The {rank} column")
    assert sorted(ranks) == list(range(1, len(ranks) + 1)), (
        f"{rank} should give each trust a different whole-number rank, 1 to {len(ranks)}: use "
        'method="first" so that tied values still get different ranks.'
    )
    values = dict(zip(table["provider"], table[value], strict=True))
    order = sorted(values, key=lambda p: (-values[p], p))
    given = dict(zip(table["provider"], ranks, strict=True))
    wrong = [p for p in order if given[p] != order.index(p) + 1]
    if not wrong:
        return
    tied = [p for p in wrong if sum(checks.same(values[p], v) for v in values.values()) > 1]
    assert not tied, (
        f"Two trusts have the same {value}: the one that comes first in the alphabet should get "
        f"the better (smaller) {rank}. Rank the rows in alphabetical order of provider with "
        'method="first".'
    )
    raise AssertionError(
        f"{rank} should be 1 for the trust with the {best} {value}, 2 for the next and so on: "
        "rank with ascending=False."
    )


@exercise("m04-home")
def home(cohort: Any) -> None:
    checks.has_column(cohort, "days_at_home", "cohort")
    checks.one_row_each(cohort, "patient_id", PATIENTS, "cohort")
    p001_home = cohort.loc[cohort["patient_id"] == "P001", "days_at_home"].iloc[0]
    assert p001_home == 220, (
        f"days_at_home for P001 should be 220, not {p001_home}: subtract hospital_bed_days and "
        "care_home_or_respite_days from days_alive_in_year."
    )
    checks.rounded(cohort["days_at_home"], 0, "The days_at_home column")


@exercise("m04-fourhour")
def fourhour(provider_summary: Any) -> None:
    checks.given(provider_summary, "provider_summary")
    checks.has_column(provider_summary, "four_hour_pct", "provider_summary")
    a_pct = _of(_by_provider(provider_summary), "A", "four_hour_pct")
    assert checks.same(a_pct, 95.3), (
        f"four_hour_pct for trust A should be 95.3, not {a_pct}: add up ae_seen_within_4h and "
        "ae_attendances for each trust first, then take 100 * seen / attendances and round to "
        "1 decimal place."
    )
    _summary_column(provider_summary, "four_hour_pct", 1, percentage=True)


@exercise("m04-meanhome")
def meanhome(provider_summary: Any) -> None:
    checks.given(provider_summary, "provider_summary")
    checks.has_column(provider_summary, "mean_days_at_home", "provider_summary")
    b_home = _of(_by_provider(provider_summary), "B", "mean_days_at_home")
    assert checks.same(b_home, 317.7), (
        f"mean_days_at_home for trust B should be 317.7, not {b_home}: take the mean of "
        "days_at_home for each trust and round to 1 decimal place (if you see nan, keep "
        "provider as the index of provider_summary so the rows line up)."
    )
    _summary_column(provider_summary, "mean_days_at_home", 1)


@exercise("m04-pct300")
def pct300(provider_summary: Any) -> None:
    checks.given(provider_summary, "provider_summary")
    checks.has_column(provider_summary, "pct_300_plus", "provider_summary")
    c_pct = _of(_by_provider(provider_summary), "C", "pct_300_plus")
    assert checks.same(c_pct, 61.5), (
        f"pct_300_plus for trust C should be 61.5, not {c_pct}: count patients with days_at_home "
        "of 300 or more, as a percentage of the trust's patients, rounded to 1 decimal place."
    )
    _summary_column(provider_summary, "pct_300_plus", 1, percentage=True)


@exercise("m04-ranks")
def ranks(provider_summary: Any) -> None:
    checks.given(provider_summary, "provider_summary")
    checks.has_column(provider_summary, "four_hour_rank", "provider_summary")
    table = _by_provider(provider_summary)
    checks.has_column(provider_summary, "home_rank", "provider_summary")
    a_rank = _of(table, "A", "four_hour_rank")
    assert a_rank == 1, (
        f"four_hour_rank for trust A should be 1 (it has the highest four_hour_pct), not {a_rank}: "
        "rank with ascending=False so the highest value gets rank 1."
    )
    checks.has_columns(table, ["four_hour_pct", "mean_days_at_home"], "provider_summary")
    checks.one_row_each(table, "provider", PROVIDERS, "provider_summary")
    _rank_matches(table, "four_hour_rank", "four_hour_pct", "highest")
    _rank_matches(table, "home_rank", "mean_days_at_home", "most")


@exercise("m04-disagree")
def disagree(
    best_on_four_hour: Any,
    best_on_days_at_home: Any,
    providers_ranked_differently: Any,
    provider_summary: Any,
) -> None:
    checks.given(best_on_four_hour, "best_on_four_hour")
    checks.given(best_on_days_at_home, "best_on_days_at_home")
    checks.given(providers_ranked_differently, "providers_ranked_differently")
    assert isinstance(providers_ranked_differently, list), (
        f"providers_ranked_differently should be a list, not a "
        f"{checks.kind_name(providers_ranked_differently)}: wrap your answer in sorted(...) or "
        "list(...)."
    )
    assert best_on_four_hour != best_on_days_at_home, (
        f"Both answers say trust {best_on_four_hour}, but in this data set the trust best on the "
        "four-hour target is not the one best on days at home: check your ranks from task 5."
    )
    try:
        ranks(provider_summary)
    except AssertionError as exc:
        raise AssertionError(
            f"These answers use the ranks of task 5, so fix it first: {exc}"
        ) from None
    table = _by_provider(provider_summary)
    for name, value, rank in [
        ("best_on_four_hour", best_on_four_hour, "four_hour_rank"),
        ("best_on_days_at_home", best_on_days_at_home, "home_rank"),
    ]:
        best = table.loc[table[rank] == 1, "provider"].iloc[0]
        assert isinstance(value, str), (
            f'{name} should be a provider\'s name as text, such as "A", not a '
            f"{checks.kind_name(value)}."
        )
        assert value == best, (
            f"{name} should be the provider whose {rank} is 1 in provider_summary: pick that "
            "row's provider, for example with .idxmin() on the rank column."
        )
    differ = sorted(
        p
        for p, a, b in zip(
            table["provider"], table["four_hour_rank"], table["home_rank"], strict=True
        )
        if a != b
    )
    checks.picked(
        providers_ranked_differently,
        differ,
        "providers_ranked_differently",
        "the providers whose four_hour_rank and home_rank differ",
        "list them in alphabetical order, for example with sorted(...)",
    )

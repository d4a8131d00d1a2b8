"""Module 4, patients and outcomes: visible tests of the six data tasks."""

from __future__ import annotations

from typing import Any

from .. import checks
from . import exercise

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


@exercise("m04-home")
def home(cohort: Any) -> None:
    checks.has_column(cohort, "days_at_home", "cohort")
    p001_home = cohort.loc[cohort["patient_id"] == "P001", "days_at_home"].iloc[0]
    assert p001_home == 220, (
        f"days_at_home for P001 should be 220, not {p001_home}: subtract hospital_bed_days and "
        "care_home_or_respite_days from days_alive_in_year."
    )


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


@exercise("m04-pct300")
def pct300(provider_summary: Any) -> None:
    checks.given(provider_summary, "provider_summary")
    checks.has_column(provider_summary, "pct_300_plus", "provider_summary")
    c_pct = _of(_by_provider(provider_summary), "C", "pct_300_plus")
    assert checks.same(c_pct, 61.5), (
        f"pct_300_plus for trust C should be 61.5, not {c_pct}: count patients with days_at_home "
        "of 300 or more, as a percentage of the trust's patients, rounded to 1 decimal place."
    )


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


@exercise("m04-disagree")
def disagree(
    best_on_four_hour: Any, best_on_days_at_home: Any, providers_ranked_differently: Any
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

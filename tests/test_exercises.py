"""course.exercises and the check cells: one short call per check, each exercise used once.

The visible checks are also run on every module's solutions (they must pass) and on named wrong
answers (each must fail visibly, as it fails the hidden tests), in this process: no kernel.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from IPython.display import display

from conftest import M01, REPO
from course import answers, authoring, checks, exercises, notebooks
from course.grading.plugins.checks import parse
from course.notebooks import split_hidden
from course.paths import module_ids
from learners import solutions

MODULES = module_ids(REPO)


def check_cells(folder: str, module: str) -> list:
    nb = notebooks.read(next((REPO / folder / module).glob("*.ipynb")))
    return [c for c in nb.cells if notebooks.is_autograded_test(c)]


@pytest.mark.parametrize("module", MODULES)
def test_every_check_cell_is_one_call_the_grader_reads(module: str) -> None:
    for cell in check_cells("source", module):
        call = parse(cell.source)
        if call.kind == "exercise":
            assert exercises.find(call.check_id).call_source() in cell.source, cell.id


@pytest.mark.parametrize("module", MODULES)
def test_every_exercise_of_a_module_is_checked_exactly_once(module: str) -> None:
    used = [
        parse(c.source).check_id
        for c in check_cells("source", module)
        if parse(c.source).kind == "exercise"
    ]
    declared = [e.check_id for e in exercises.of_module(module[:3])]
    assert sorted(used) == sorted(declared)
    assert len(set(used)) == len(used)


@pytest.mark.parametrize("module", MODULES)
def test_released_check_cells_hold_no_code_but_the_call(module: str) -> None:
    for cell in check_cells("release", module):
        code = [ln for ln in cell.source.splitlines() if ln.strip() and not ln.startswith("#")]
        assert len(code) == 1 and "importlib" not in cell.source, cell.id


def test_the_authoring_helper_writes_the_call_from_the_declaration() -> None:
    cell = authoring.exercise_check(
        "m01-check-ratio",
        "m01-ratio",
        2,
        hidden="assert reach is not None",
        title="Check task 1 (2 marks)",
    )
    visible, hidden = split_hidden(cell.source)
    assert visible.splitlines() == ["# Check task 1 (2 marks)", 'check("m01-ratio", reach)']
    assert hidden == "assert reach is not None"
    assert cell.metadata.nbgrader["points"] == 2 and cell.metadata.nbgrader["grade"]


def test_an_unknown_check_id_says_so_in_a_sentence() -> None:
    with pytest.raises(LookupError, match="no check called 'm01-nope'"):
        exercises.find("m01-nope")


# Named wrong answers: (what is wrong, answer cell, its code, the check that must fail).
WRONG: dict[str, list[tuple[str, str, str, str]]] = {
    "m00": [
        (
            "counts the sessions instead of adding up attended",
            "m00-answer-total",
            "total_attended = int(clinics['attended'].count())",
            "m00-total",
        ),
        (
            "averages the sessions' own percentages",
            "m00-answer-pct",
            (
                "overall_attendance_pct = round((100 * clinics['attended'] "
                "/ clinics['booked']).mean(), 1)"
            ),
            "m00-pct",
        ),
        (
            "leaves out 15 itself (> instead of >=)",
            "m00-answer-busy",
            "busy_sessions = clinics[clinics['booked'] > 15]",
            "m00-busy",
        ),
        (
            "sorts the rows instead of keeping the file's order",
            "m00-answer-busy",
            (
                "busy_sessions = clinics[clinics['booked'] >= 15]."
                "sort_values('booked', ascending=False)"
            ),
            "m00-busy",
        ),
        (
            "sorted without the tie-break",
            "m00-answer-ranked",
            ("sessions_ranked = clinics.sort_values('attended', ascending=False)"),
            "m00-ranked",
        ),
        (
            "counts the clinic column, not the site column",
            "m00-answer-sites",
            "sessions_per_site = clinics['clinic'].value_counts()",
            "m00-sites",
        ),
    ],
    "m01": [
        (
            "sorted without the tie-break",
            "m01-answer-ranked",
            ('reach_ranked = reach.sort_values("influence_ratio", ascending=False)'),
            "m01-ranked",
        ),
        (
            "breaks ties the wrong way round",
            "m01-answer-ranked",
            (
                'reach_ranked = reach.sort_values(["influence_ratio",'
                ' "leader_id"], ascending=[False, False])'
            ),
            "m01-ranked",
        ),
        (
            "not rounded",
            "m01-answer-pct",
            (
                'reach["pct_need_partners"] = 100 * reach["changes_need_partners"]'
                ' / reach["changes_planned"]'
            ),
            "m01-pct",
        ),
        (
            "the share of people, not of changes",
            "m01-answer-pct",
            (
                'reach["pct_need_partners"] = (100 * reach["partner_staff"]'
                ' / (reach["partner_staff"] + reach["direct_staff"])).round(1)'
            ),
            "m01-pct",
        ),
        (
            "averages the two leaders' percentages instead of pooling their changes",
            "m01-answer-low-ratio",
            (
                "low_ratio_partner_pct = round(reach.loc[reach["
                '"influence_ratio"] < 1, "pct_need_partners"].mean(), 1)'
            ),
            "m01-low-ratio",
        ),
        (
            "counts the changes the leaders can make alone",
            "m01-answer-low-ratio",
            (
                '_low = reach["influence_ratio"] < 1\nlow_ratio_partner_pct = round(100 * '
                '(1 - reach.loc[_low, "changes_need_partners"].sum() '
                '/ reach.loc[_low, "changes_planned"].sum()), 1)'
            ),
            "m01-low-ratio",
        ),
        (
            "keeps the leaders who influence more than they manage",
            "m01-answer-low-ratio",
            (
                '_high = reach["influence_ratio"] >= 1\nlow_ratio_partner_pct = round(100 * '
                'reach.loc[_high, "changes_need_partners"].sum() '
                '/ reach.loc[_high, "changes_planned"].sum(), 1)'
            ),
            "m01-low-ratio",
        ),
    ],
    "m02": [
        (
            "a fraction, not a percentage",
            "m02-answer-seeded",
            (
                '_adopted = ideas[ideas["adopted"]]\nseeded_share '
                '= round((_adopted["champion_at_adoption"] != _adopted['
                '"originator"]).mean(), 2)'
            ),
            "m02-seeded",
        ),
        (
            "divides by every idea, not only the adopted ones",
            "m02-answer-seeded",
            (
                'seeded_share = round(100 * (ideas["adopted"] & ('
                'ideas["champion_at_adoption"] != ideas["originator"])).'
                "mean(), 2)"
            ),
            "m02-seeded",
        ),
        (
            "breaks ties the wrong way round",
            "m02-answer-rate",
            (
                'adoption_by_originator = ideas.groupby("originator").'
                'agg(ideas_raised=("idea_id", "count"), ideas_adopted=('
                '"adopted", "sum")).reset_index()\nadoption_by_originator['
                '"adoption_rate"] = (adoption_by_originator["ideas_adopted"] '
                '/ adoption_by_originator["ideas_raised"]).round('
                "3)\nadoption_by_originator = adoption_by_originator."
                'sort_values(["adoption_rate", "originator"], ascending=['
                "False, False])"
            ),
            "m02-rate",
        ),
        (
            "not sorted",
            "m02-answer-rate",
            (
                'adoption_by_originator = ideas.groupby("originator").'
                'agg(ideas_raised=("idea_id", "count"), ideas_adopted=('
                '"adopted", "sum")).reset_index()\nadoption_by_originator['
                '"adoption_rate"] = (adoption_by_originator["ideas_adopted"] '
                '/ adoption_by_originator["ideas_raised"]).round('
                "3)"
            ),
            "m02-rate",
        ),
        (
            "counts every adopted idea of yours",
            "m02-answer-brownie",
            ('brownie_points = int(((ideas["originator"] == "you") & ideas["adopted"]).sum())'),
            "m02-brownie",
        ),
    ],
    "m03": [
        (
            "rounds each practice before adding up",
            "m03-answer-total",
            (
                'total_strokes_averted = None\naf["strokes_averted"] '
                '= af["newly_anticoagulated"] * RISK_UNTREATED * '
                'RRR\ntotal_strokes_averted = round(af["strokes_averted"].'
                "round(1).sum(), 2)"
            ),
            "m03-total",
        ),
        (
            "forgets to multiply by 100",
            "m03-answer-pct",
            (
                "pct_of_avoidable = round((averted_per_100k * UCLP_POPULATION "
                "/ 100_000) / AVOIDABLE_STROKES, 1)"
            ),
            "m03-pct",
        ),
    ],
    "m04": [
        (
            "tied trusts share a rank (2.5)",
            "m04-answer-ranks",
            (
                'provider_summary["four_hour_rank"] = provider_summary['
                '"four_hour_pct"].rank(ascending=False)\nprovider_summary['
                '"home_rank"] = provider_summary["mean_days_at_home"].'
                'rank(ascending=False, method="first").astype(int)'
            ),
            "m04-ranks",
        ),
        (
            "breaks the tie against the alphabet",
            "m04-answer-ranks",
            (
                'provider_summary["four_hour_rank"] = provider_summary['
                '"four_hour_pct"].iloc[::-1].rank(ascending=False,'
                ' method="first").astype(int)\nprovider_summary["home_rank"] '
                '= provider_summary["mean_days_at_home"].rank(ascending=False,'
                ' method="first").astype(int)'
            ),
            "m04-ranks",
        ),
        (
            "task 5's tie-break is wrong, so task 6 inherits it",
            "m04-answer-ranks",
            (
                'provider_summary["four_hour_rank"] = provider_summary['
                '"four_hour_pct"].iloc[::-1].rank(ascending=False,'
                ' method="first").astype(int)\nprovider_summary["home_rank"] '
                '= provider_summary["mean_days_at_home"].rank(ascending=False,'
                ' method="first").astype(int)'
            ),
            "m04-disagree",
        ),
        (
            "not in alphabetical order",
            "m04-answer-disagree",
            (
                'best_on_four_hour = provider_summary["four_hour_rank"].'
                "idxmin()\nbest_on_days_at_home = provider_summary["
                '"home_rank"].idxmin()\nproviders_ranked_differently '
                '= list(provider_summary.index[provider_summary["four_hour_rank"] '
                '!= provider_summary["home_rank"]])[::-1]'
            ),
            "m04-disagree",
        ),
    ],
    "m05": [
        (
            "keeps the abandoned sites",
            "m05-answer-overrun",
            (
                'completed_sites = programmes[programmes["status"] '
                '!= "running"].copy()\ncompleted_sites["overrun_pct"] '
                '= (100 * (completed_sites["actual_months"] - completed_sites['
                '"planned_months"]) / completed_sites["planned_months"]).'
                "round(1)"
            ),
            "m05-overrun",
        ),
        (
            "keeps programmes whose second site is not completed",
            "m05-answer-speedup",
            (
                'done = programmes[programmes["status"] == "completed"]\nmonths '
                '= done.pivot(index="programme", columns="site_order",'
                ' values="actual_months")\nspeedup_by_programme = '
                "(months[1] / months[2]).round(2).to_dict()"
            ),
            "m05-speedup",
        ),
        (
            "counts running sites",
            "m05-answer-abandon",
            (
                'goal_group = programmes[programmes["goal_changed"]]\nmethod_group '
                '= programmes[programmes["method_changed"] & ~programmes['
                '"goal_changed"]]\nabandon_pct_goal_changed = round('
                '100 * (goal_group["status"] == "abandoned").mean('
                "), 1)\nabandon_pct_method_only = round(100 * (method_group["
                '"status"] == "abandoned").mean(), 1)'
            ),
            "m05-abandon",
        ),
        (
            "counts sites that changed their goal as well",
            "m05-answer-abandon",
            (
                'finished = programmes[programmes["status"].isin('
                '["completed", "abandoned"])]\ngoal_group = finished['
                'finished["goal_changed"]]\nmethod_group = finished['
                'finished["method_changed"]]\nabandon_pct_goal_changed '
                '= round(100 * (goal_group["status"] == "abandoned").'
                "mean(), 1)\nabandon_pct_method_only = round(100 * "
                '(method_group["status"] == "abandoned").mean(), '
                "1)"
            ),
            "m05-abandon",
        ),
        (
            "the mean, not the median",
            "m05-answer-median",
            ('median_overrun_pct = round(completed_sites["overrun_pct"].mean(), 1)'),
            "m05-median",
        ),
    ],
    "m06": [
        (
            "keeps 10.0 itself (>= instead of >)",
            "m06-answer-benchmark",
            (
                'above = vacancy_by_role[vacancy_by_role["vacancy_pct"] '
                ">= 10]\nroles_above_benchmark = list(above.sort_values("
                '["vacancy_pct", "role"], ascending=[False, True])['
                '"role"])'
            ),
            "m06-benchmark",
        ),
        (
            "not sorted by vacancy rate",
            "m06-answer-benchmark",
            (
                "roles_above_benchmark = list(vacancy_by_role.loc["
                'vacancy_by_role["vacancy_pct"] > 10, "role"])'
            ),
            "m06-benchmark",
        ),
        (
            "2 changes not counted as unstable (> instead of >=)",
            "m06-answer-stability",
            (
                'ceo_posts = posts.loc[posts["role"] == "CEO", ["org_id",'
                ' "org_type", "changes_5y"]]\nstability = ceo_posts.'
                'rename(columns={"changes_5y": "ceo_changes_5y"}).'
                'merge(partnership, on="org_id")\nstability["unstable"] '
                '= stability["ceo_changes_5y"] > 2'
            ),
            "m06-stability",
        ),
        (
            "the median, not the mean",
            "m06-answer-score",
            (
                'score_by_stability = stability.groupby("unstable")['
                '"partnership_score"].median().round(1).reset_index('
                'name="mean_score")'
            ),
            "m06-score",
        ),
        (
            "works from every post, not the stability table",
            "m06-answer-sector",
            (
                'p = posts.assign(sector=posts["org_type"].where('
                'posts["org_type"] == "council", "NHS"), unstable=posts['
                '"changes_5y"] >= 2)\nunstable_by_sector = (100 * '
                'p[p["role"] != "CEO"].groupby("sector")["unstable"].'
                'mean()).round(1).reset_index(name="unstable_pct")'
            ),
            "m06-sector",
        ),
    ],
    "m07": [
        (
            "keeps only judicial review (no ~)",
            "m07-answer-core",
            'core_steps = steps[steps["optional"]]',
            "m07-core",
        ),
        (
            "the length with judicial review",
            "m07-answer-weeks",
            (
                "core_finish = planning.earliest_finish(steps)\n"
                'core_weeks = core_finish["finish_week"].max()\n'
                "core_years = round(core_weeks / 52, 2)"
            ),
            "m07-weeks",
        ),
        (
            "the whole length, not the extra time",
            "m07-answer-jr-weeks",
            (
                "jr_finish = planning.earliest_finish(steps)\n"
                'jr_weeks = jr_finish["finish_week"].max()\n'
                "jr_extra_weeks = jr_weeks"
            ),
            "m07-jr-weeks",
        ),
        (
            "the path with judicial review",
            "m07-answer-path",
            'on_path = steps[steps["step_id"].isin(planning.critical_path(steps))]',
            "m07-path",
        ),
        (
            "counts every step, not only those on the path",
            "m07-answer-by-body",
            'weeks_by_body = core_steps.groupby("body")["duration_weeks"].sum()',
            "m07-by-body",
        ),
        (
            "the largest number, not its label",
            "m07-answer-largest",
            (
                "largest_body = weeks_by_body.max()\n"
                "largest_share_pct = round(100 * weeks_by_body.max() / core_weeks, 1)"
            ),
            "m07-largest",
        ),
    ],
    "m08": [
        (
            "splits the variance equally, not by contribution",
            "m08-answer-rule-a",
            ('partners["rule_a_gbp_m"] = (pool["variance_gbp_m"].sum() / 2).round(3)'),
            "m08-rule-a",
        ),
        (
            "gives each partner the other's lines",
            "m08-answer-rule-b",
            (
                'hosted = pool.groupby("partner")["variance_gbp_m"].'
                'sum()\npartners["rule_b_gbp_m"] = list(hosted.round('
                "3))[::-1]"
            ),
            "m08-rule-b",
        ),
        (
            "pays hospitals below baseline less than the full tariff",
            "m08-answer-income",
            (
                'referrals["income_gbp"] = (referrals["baseline_activity"] '
                '* referrals["tariff_gbp"] + (referrals["actual_activity"] '
                '- referrals["baseline_activity"]) * referrals["tariff_gbp"] '
                "* MARGINAL_RATE).round().astype(int)"
            ),
            "m08-income",
        ),
        (
            "works the shortfall out from the baseline",
            "m08-answer-shortfall",
            (
                'referrals["shortfall_gbp"] = ((referrals["actual_activity"] '
                '- referrals["baseline_activity"]).clip(lower=0) '
                '* referrals["tariff_gbp"]).round().astype(int)'
            ),
            "m08-shortfall",
        ),
    ],
    "m09": [
        (
            "weighs the income, not the contribution, by the chance",
            "m09-answer-expected",
            (
                'contracts["expected_contribution_gbp"] = (contracts["keep_chance_pct"] / 100 '
                '* contracts["contract_value_gbp_per_year"] * contracts["contract_years"])'
                ".round().astype(int)"
            ),
            "m09-expected",
        ),
        (
            "leaves out the bid costs",
            "m09-answer-net",
            (
                'contracts["expected_net_gbp"] = contracts["expected_contribution_gbp"] '
                '- contracts["defence_spend_gbp"]'
            ),
            "m09-net",
        ),
        (
            "ignores the chance of losing the tender",
            "m09-answer-worth",
            (
                'paying = contracts[contracts["contribution_gbp"] - contracts["defence_spend_gbp"] '
                '- contracts["tender_admin_cost_gbp"] > 0]\nworth_defending = list(paying.'
                'sort_values("expected_net_gbp", ascending=False)["trust_id"])'
            ),
            "m09-worth",
        ),
        (
            "lowest first",
            "m09-answer-worth",
            (
                'paying = contracts[contracts["expected_net_gbp"] > 0]\nworth_defending = '
                'list(paying.sort_values("expected_net_gbp")["trust_id"])'
            ),
            "m09-worth",
        ),
        (
            "divides by the expected contribution, not the contribution",
            "m09-answer-even",
            (
                'defence_total = contracts["defence_spend_gbp"] + contracts['
                '"tender_admin_cost_gbp"]\ncontracts["break_even_chance_pct"] = '
                "(100 * defence_total / contracts["
                '"expected_contribution_gbp"]).round(1)'
            ),
            "m09-even",
        ),
        (
            "adds up every defence, the paying ones too",
            "m09-answer-loss",
            'expected_loss_gbp = int(-contracts["expected_net_gbp"].sum())',
            "m09-loss",
        ),
        (
            "not rounded",
            "m09-answer-nurses",
            "nurse_years = expected_loss_gbp / NURSE_YEAR_GBP",
            "m09-nurses",
        ),
    ],
    "m10": [
        (
            "leaves out 10.0 itself (< instead of <=)",
            "m10-answer-within",
            ('pct_within_10 = round(100 * (patients["extra_miles"] < 10).mean(), 1)'),
            "m10-within",
        ),
        (
            "not in alphabetical order",
            "m10-answer-priority",
            ('priority_areas = list(area_summary.index[area_summary["pct_over_10"] > 50])[::-1]'),
            "m10-priority",
        ),
        (
            "keeps areas at 50% or below",
            "m10-answer-priority",
            ('priority_areas = sorted(area_summary.index[area_summary["pct_over_10"] > 40])'),
            "m10-priority",
        ),
    ],
    "m11": [
        (
            "breaks ties the wrong way round",
            "m11-answer-below",
            (
                'below = consistency_by_org[consistency_by_org["consistency_rate"] '
                '< 75]\norgs_below_75 = list(below.sort_values(["consistency_rate",'
                ' "org"], ascending=[True, False])["org"])'
            ),
            "m11-below",
        ),
        (
            "not sorted",
            "m11-answer-below",
            (
                "orgs_below_75 = list(consistency_by_org.loc[consistency_by_org["
                '"consistency_rate"] < 75, "org"])'
            ),
            "m11-below",
        ),
        (
            "averages the six rates",
            "m11-answer-overall",
            ('overall_rate = round(consistency_by_org["consistency_rate"].mean(), 1)'),
            "m11-overall",
        ),
        (
            "counts the untested commitments",
            "m11-answer-briefing",
            (
                'kept = commitments["contract_round_action"] == "consistent"\nrate_b'
                'y_briefing = (100 * kept.groupby(commitments["briefed_contract_tea'
                'm"]).mean()).round(1).reset_index(name="consistency_rate")'
            ),
            "m11-briefing",
        ),
    ],
    "m12": [
        (
            "counts 60.0 as a warning (<= instead of <)",
            "m12-answer-warning",
            (
                'below = trust_monthly[trust_monthly["performance_index"] <= WARNING_BELOW]\n'
                'first_warning = below.groupby("trust_id")["month_index"].min()'
            ),
            "m12-warning",
        ),
        (
            "takes the month label, not the month_index",
            "m12-answer-sm",
            (
                "below = trust_monthly[trust_monthly"
                '["performance_index"] < SPECIAL_MEASURES_BELOW]\n'
                'first_sm = below.groupby("trust_id")["month"].min()'
            ),
            "m12-sm",
        ),
        (
            "0 instead of NaN for a trust that never reached special measures",
            "m12-answer-lost",
            "months_lost = (first_sm - first_warning).fillna(0)",
            "m12-lost",
        ),
        (
            "subtracts the wrong way round",
            "m12-answer-lost",
            "months_lost = first_warning - first_sm",
            "m12-lost",
        ),
        (
            "not in order of months lost",
            "m12-answer-late",
            "late_trusts = months_lost[months_lost >= 12].sort_values()",
            "m12-late",
        ),
    ],
    "m13": [
        (
            "counts ratings of 0",
            "m13-answer-means",
            (
                'module_means = priya.groupby("module", as_index=False)['
                '"rating"].mean().rename(columns={"rating": "mean_rating"})\nmodule_'
                'means["mean_rating"] = module_means["mean_rating"].'
                "round(2)"
            ),
            "m13-means",
        ),
        (
            "sorted by mean, not by module",
            "m13-answer-means",
            (
                'rated_now = priya[priya["rating"] > 0]\nmodule_means '
                '= rated_now.groupby("module", as_index=False)["rating"].'
                'mean().rename(columns={"rating": "mean_rating"})\nmodule_means['
                '"mean_rating"] = module_means["mean_rating"].round('
                '2)\nmodule_means = module_means.sort_values("mean_rating")'
            ),
            "m13-means",
        ),
        (
            "breaks ties by module the wrong way round",
            "m13-answer-weakest",
            (
                'weakest_items = list(priya[priya["rating"] > 0].'
                'sort_values(["rating", "module"], ascending=[True,'
                ' False]).head(3)["item"])'
            ),
            "m13-weakest",
        ),
        (
            "breaks ties the wrong way round",
            "m13-answer-below",
            (
                "modules_below_3 = list(module_means[module_means["
                '"mean_rating"] < 3].sort_values(["mean_rating", '
                '"module"], ascending=[True, False])["module"])'
            ),
            "m13-below",
        ),
        (
            "keeps items not rated at the start",
            "m13-answer-changes",
            (
                'rating_changes = priya[priya["rating"] > 0].copy('
                ')\nrating_changes["change"] = rating_changes["rating"] '
                '- rating_changes["rating_before"]'
            ),
            "m13-changes",
        ),
    ],
}


# Answer cells whose table may still be None in the release, so their template cannot make a
# fresh copy: the check looks for a failed answer cell instead (course.checks.stale_message).
STALE_CHECKED = {"provider_summary", "area_summary", "stability"}
ASSIGNS_COLUMN = re.compile(r"^(\w+)\[[^\]]+\]\s*=[^=]", re.M)


def source_notebook(module: str) -> Path:
    return REPO / "source" / module / f"{module}.ipynb"


def data_helpers(module: str) -> dict[str, Any]:
    """What the grader gives hidden tests besides the answers."""

    def data_path(name: str) -> Path:
        return REPO / "source" / module / name

    def data(name: str, **read_csv: Any) -> Any:
        return pd.read_csv(data_path(name), **read_csv)

    return {"checks": checks, "pd": pd, "data": data, "data_path": data_path}


@contextlib.contextmanager
def in_folder(folder: Path) -> Iterator[None]:
    """Work in ``folder`` (where a notebook reads its CSV files) for a while."""
    before = Path.cwd()
    os.chdir(folder)
    try:
        yield
    finally:
        os.chdir(before)


def answers_at_checks(
    module: str, folder: Path, replace: dict[str, str] | None = None, until: str = ""
) -> dict[str, tuple[list[Any], str]]:
    """Run a source notebook's code in this process with its solutions (or ``replace``d answer
    cells), and return each exercise's answers as the grader would read them, with its hidden
    tests. Stops after the check ``until``, if given.
    """
    nb = notebooks.read(source_notebook(module))
    code = {**solutions(source_notebook(module)), **(replace or {})}
    namespace: dict[str, Any] = {"display": display}
    found = {}
    with in_folder(folder), contextlib.redirect_stdout(io.StringIO()):
        for cell in nb.cells:
            if cell.cell_type != "code":
                continue
            if notebooks.is_autograded_test(cell):
                call = parse(cell.source)
                if call.kind == "exercise":
                    values = [namespace.get(n) for n in call.names]
                    text = answers.encode(call.check_id, call.names, values)
                    found[call.check_id] = (
                        answers.decode(text, call.check_id, len(values)),
                        call.hidden,
                    )
                    if call.check_id == until:
                        break
                continue
            grade_id = notebooks.nbgrader_meta(cell).get("grade_id", cell.id)
            exec(compile(code.get(grade_id, cell.source), grade_id, "exec"), namespace)  # noqa: S102
    return found


def visible_message(check_id: str, values: list[Any]) -> str | None:
    """The visible check's message, or None if it passes."""
    try:
        exercises.run(check_id, values)
    except AssertionError as exc:
        return str(exc)
    return None


def hidden_message(module: str, check_id: str, values: list[Any], hidden: str) -> str | None:
    """The hidden tests' message, or None if they pass."""
    names = exercises.find(check_id).answers
    try:
        exec(hidden, {**dict(zip(names, values, strict=True)), **data_helpers(module)})  # noqa: S102
    except AssertionError as exc:
        return str(exc)
    return None


@pytest.fixture
def module_folder(tmp_path: Path, request: pytest.FixtureRequest) -> Path:
    module = request.node.callspec.params["module"]
    shutil.copytree(REPO / "source" / module, tmp_path / module)
    return tmp_path / module


@pytest.mark.parametrize("module", MODULES)
def test_the_solutions_pass_every_visible_and_hidden_check(module: str, module_folder) -> None:
    found = answers_at_checks(module, module_folder)
    assert sorted(found) == sorted(e.check_id for e in exercises.of_module(module[:3]))
    for check_id, (values, hidden) in found.items():
        assert visible_message(check_id, values) is None, check_id
        assert hidden_message(module, check_id, values, hidden) is None, check_id


WRONG_CASES = [
    pytest.param(module, *case, id=f"{module[:3]}: {case[0]}")
    for module in MODULES
    for case in WRONG.get(module[:3], [])
]


@pytest.mark.parametrize(("module", "wrong", "answer_cell", "code", "check_id"), WRONG_CASES)
def test_a_named_wrong_answer_fails_its_visible_check(
    module: str, wrong: str, answer_cell: str, code: str, check_id: str, module_folder
) -> None:
    values, hidden = answers_at_checks(module, module_folder, {answer_cell: code}, check_id)[
        check_id
    ]
    assert hidden_message(module, check_id, values, hidden), f"not wrong after all: {wrong}"
    message = visible_message(check_id, values)
    assert message and len(message) > 30, f"the visible check passes an answer that {wrong}"


def test_every_module_has_named_wrong_answers() -> None:
    assert sorted(WRONG) == sorted(m[:3] for m in MODULES)


def test_m01_without_the_tie_break_is_named_as_a_tie_break_problem(tmp_path: Path) -> None:
    shutil.copytree(REPO / "source" / M01, tmp_path / M01)
    code = 'reach_ranked = reach.sort_values("influence_ratio", ascending=False)'
    found = answers_at_checks(M01, tmp_path / M01, {"m01-answer-ranked": code})
    ranked = visible_message("m01-ranked", found["m01-ranked"][0])
    assert ranked and "wrong order (L07 should come before L10): break ties by leader_id" in ranked
    assert visible_message("m01-low-ratio", found["m01-low-ratio"][0]) is None  # not its order


@pytest.mark.parametrize("module", MODULES)
def test_answer_templates_start_from_a_fresh_copy_of_a_shared_table(module: str) -> None:
    """An answer cell that adds a column to a table made before it must not keep a stale one."""
    for cell in notebooks.read(source_notebook(module)).cells:
        if not notebooks.is_answer(cell):
            continue
        region = re.search(r"### BEGIN SOLUTION(.*?)### END SOLUTION", cell.source, re.S)
        solution = region[1] if region else ""
        template = cell.source.replace(solution, "")
        for table in set(ASSIGNS_COLUMN.findall(solution)):
            made_here = re.search(rf"^{table}\s*=", solution, re.M)
            fresh = re.search(
                rf"^{table} = (pd\.read_csv\(|{table}\.drop\(columns=)", template, re.M
            )
            assert made_here or fresh or table in STALE_CHECKED, (cell.id, table)


class LastRun:
    """What IPython records of the cell run before a check."""

    def __init__(self, source: str, error: BaseException | None) -> None:
        self.info = type("Info", (), {"raw_cell": source})()
        self.error_in_exec = error
        self.error_before_exec = None


def test_a_check_after_a_failed_answer_cell_says_the_answer_may_be_stale(monkeypatch) -> None:
    failed = LastRun('reach["influence_ratio"] = reach["partner_staf"] / 2', KeyError("x"))
    monkeypatch.setattr(checks, "_last_run", lambda: failed)
    reach = pd.DataFrame({"leader_id": ["L01"], "influence_ratio": [1428.6]})
    with pytest.raises(AssertionError, match="stopped with KeyError before it finished, so "):
        checks.check("m01-ratio", reach)


def test_a_failed_check_cell_before_is_not_taken_for_a_stale_answer() -> None:
    before = LastRun('check("m01-ratio", reach)', AssertionError("not yet"))
    assert checks.stale_message(("reach",), before) is None


def test_a_failed_cell_that_does_not_set_the_answer_is_ignored() -> None:
    other = LastRun("print(reach[0])", KeyError(0))
    assert checks.stale_message(("reach",), other) is None


def test_a_syntax_error_in_the_answer_cell_counts_as_stale() -> None:
    broken = LastRun('reach_ranked = reach.sort_values("x"', None)
    broken.error_before_exec = SyntaxError("'(' was never closed")
    assert "stopped with SyntaxError" in str(checks.stale_message(("reach_ranked",), broken))


def test_an_answer_of_the_wrong_shape_gets_a_sentence_not_a_traceback() -> None:
    text_numbers = pd.DataFrame({c: ["15"] for c in ("session_id", "clinic", "site", "day")})
    busy = text_numbers.assign(booked=["15"], attended=["12"])
    with pytest.raises(AssertionError, match="Your answer could not be checked .TypeError"):
        checks.check("m00-busy", busy)

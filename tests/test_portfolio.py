"""course.portfolio: gathering a learner's saved reflections across modules for the capstone."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from course import portfolio, reflect

M01 = "m01_leading_without_authority"
M02 = "m02_influence_from_the_inside_out"


def save_ratings(workspace: Path, module: str, key: str, ratings: dict[str, int]) -> None:
    """Save a self-rating record the way course.reflect.rating_reflection does."""
    reflect.save(
        key,
        {
            "kind": "ratings",
            "prompt": "How well?",
            "items": {item: f"Label of {item}" for item in ratings},
            "low": "I find this hard",
            "high": "I do this well",
            "ratings": ratings,
        },
        workspace / module,
    )


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """Two modules of self-ratings (one item not rated), a text and a table reflection."""
    save_ratings(
        tmp_path, M01, "m01_authority_ratings", {"own_team": 2, "other_team": 4, "money": 0}
    )
    save_ratings(tmp_path, M02, "m02_ego_habits", {"credit": 2, "listening": 5, "style": 3})
    reflect.save(
        "m01_introduce_role",
        {
            "kind": "text",
            "prompt": "Where do you stand?",
            "text": "I would call myself an enabler.",
        },
        tmp_path / M01,
    )
    reflect.save(
        "m02_stakeholders",
        {
            "kind": "table",
            "prompt": "Map them",
            "columns": ["Who", "Why"],
            "rows": [["Council lead", "owns reablement"], ["", ""]],
        },
        tmp_path / M02,
    )
    return tmp_path


def test_gather_reads_every_module_in_order(workspace: Path) -> None:
    """Entries come back sorted by module folder and key, with their kind and record."""
    entries = portfolio.gather(workspace)
    assert [(e.module, e.key, e.kind) for e in entries] == [
        (M01, "m01_authority_ratings", "ratings"),
        (M01, "m01_introduce_role", "text"),
        (M02, "m02_ego_habits", "ratings"),
        (M02, "m02_stakeholders", "table"),
    ]
    assert entries[1].record["text"] == "I would call myself an enabler."
    assert portfolio.problems(entries) == []


def test_ratings_frame_has_one_row_per_rated_item(workspace: Path) -> None:
    """Ratings from both modules are listed, and an item left at 0 (not rated) is dropped."""
    frame = portfolio.ratings_frame(portfolio.gather(workspace))
    assert list(frame.columns)[:5] == ["module", "key", "item", "label", "rating"]
    assert list(zip(frame["module"], frame["item"], frame["rating"], strict=True)) == [
        (M01, "own_team", 2),
        (M01, "other_team", 4),
        (M02, "credit", 2),
        (M02, "listening", 5),
        (M02, "style", 3),
    ]
    assert frame.loc[0, "label"] == "Label of own_team"
    assert frame.loc[0, "low"] == "I find this hard"
    assert frame["rating"].dtype == "int64"


def test_module_summary_gives_mean_to_two_places_and_count(workspace: Path) -> None:
    """Means are per module, rounded to 2 dp, with the number of ratings behind each."""
    summary = portfolio.module_summary(portfolio.ratings_frame(portfolio.gather(workspace)))
    assert summary.to_dict("records") == [
        {"module": M01, "mean_rating": 3.0, "n_ratings": 2},
        {"module": M02, "mean_rating": 3.33, "n_ratings": 3},
    ]


def test_module_summary_leaves_out_zeros_in_any_table() -> None:
    """A plain table with a 0 (not rated) is summarised without it."""
    table = pd.DataFrame({"module": ["m01", "m01", "m01", "m02"], "rating": [0, 2, 3, 5]})
    assert portfolio.module_summary(table).to_dict("records") == [
        {"module": "m01", "mean_rating": 2.5, "n_ratings": 2},
        {"module": "m02", "mean_rating": 5.0, "n_ratings": 1},
    ]


def test_weakest_breaks_ties_by_module_then_key_then_item(workspace: Path) -> None:
    """Two items rated 2 are ordered by module; the next lowest (3) comes third."""
    frame = portfolio.ratings_frame(portfolio.gather(workspace))
    lowest = portfolio.weakest(frame, 3)
    assert list(zip(lowest["module"], lowest["item"], strict=True)) == [
        (M01, "own_team"),
        (M02, "credit"),
        (M02, "style"),
    ]
    table = pd.DataFrame(
        {"module": ["m02", "m01", "m01"], "item": ["b", "z", "a"], "rating": [1, 1, 1]}
    )
    assert list(portfolio.weakest(table, 2)["item"]) == ["a", "z"]


def test_a_corrupt_file_is_reported_not_raised_and_left_alone(workspace: Path) -> None:
    """A broken JSON file becomes one entry with a problem sentence; its bytes are unchanged."""
    broken = workspace / M02 / "reflections" / "m02_credit_gibbs.json"
    broken.write_bytes(b"{not json")
    entries = portfolio.gather(workspace)
    bad = [e for e in entries if e.problem]
    assert [(e.key, e.kind) for e in bad] == [("m02_credit_gibbs", "unreadable")]
    (message,) = portfolio.problems(entries)
    assert "m02_credit_gibbs.json cannot be read" in message and message.endswith(".")
    assert broken.read_bytes() == b"{not json"
    assert len(portfolio.ratings_frame(entries)) == 5  # the other files still count


def test_a_file_holding_a_list_is_reported(workspace: Path) -> None:
    """Valid JSON that is not a reflection record is reported, not read as one."""
    (workspace / M01 / "reflections" / "m01_odd.json").write_text("[1, 2]", encoding="utf-8")
    assert any(
        "m01_odd.json does not hold a reflection" in p
        for p in portfolio.problems(portfolio.gather(workspace))
    )


def test_set_aside_and_temporary_files_are_skipped(workspace: Path) -> None:
    """Files kept as <key>.unreadable-N.json and half-written temporary files are ignored."""
    folder = workspace / M01 / "reflections"
    (folder / "m01_authority_explain.unreadable-1.json").write_text("{old", encoding="utf-8")
    (folder / ".m01_authority_explain.abc123.tmp").write_text("{half", encoding="utf-8")
    (folder / ".m01_hidden.json").write_text("{half", encoding="utf-8")
    entries = portfolio.gather(workspace)
    assert "m01_authority_explain" not in {e.key for e in entries}
    assert all(not e.key.startswith(".") for e in entries)
    assert portfolio.problems(entries) == []


def test_an_empty_workspace_gives_empty_tables(tmp_path: Path) -> None:
    """No modules (or a missing folder) gives no entries and empty tables with their columns."""
    assert portfolio.gather(tmp_path) == []
    assert portfolio.gather(tmp_path / "missing") == []
    frame = portfolio.ratings_frame([])
    assert frame.empty and list(frame.columns) == portfolio.RATING_COLUMNS
    summary = portfolio.module_summary(frame)
    assert summary.empty and list(summary.columns) == portfolio.SUMMARY_COLUMNS
    assert portfolio.weakest(frame, 3).empty
    assert portfolio.reflection_index([]).empty


def test_folders_that_are_not_modules_are_ignored(workspace: Path) -> None:
    """Only mNN_... folders are read, so notes or other folders in a workspace do not count."""
    reflect.save("m01_x", {"kind": "text", "text": "stray"}, workspace / "notes")
    assert "notes" not in {e.module for e in portfolio.gather(workspace)}


def test_reflection_index_lists_written_work_with_word_counts(workspace: Path) -> None:
    """Text and table reflections are listed with their prompt and words; ratings are not."""
    index = portfolio.reflection_index(portfolio.gather(workspace))
    assert index.to_dict("records") == [
        {
            "module": M01,
            "key": "m01_introduce_role",
            "kind": "text",
            "title": "Where do you stand?",
            "words": 6,
        },
        {
            "module": M02,
            "key": "m02_stakeholders",
            "kind": "table",
            "title": "Map them",
            "words": 4,
        },
    ]


def test_nonsense_ratings_are_dropped() -> None:
    """Ratings that are true/false, out of range or not numbers never reach the table."""
    entry = portfolio.Entry(
        "m01_a", "m01_k", "ratings", {"ratings": {"a": True, "b": 7, "c": "3", "d": 3.0, "e": None}}
    )
    frame = portfolio.ratings_frame([entry])
    assert list(zip(frame["item"], frame["rating"], strict=True)) == [("d", 3)]

"""The self-rating every module m01-m12 saves: its items, its check and its dated snapshots."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from course import leadership_model, portfolio, reflect
from course.reflections import kinds, self_ratings, store

KEY = "m04_self_rating"


def at(monkeypatch: pytest.MonkeyPatch, stamp: str) -> None:
    """Make every save from now on happen at ``stamp``."""
    monkeypatch.setattr(store, "now", lambda: stamp)


def box_save(tmp_path: Path, ratings: dict[str, int]) -> dict:
    """Save ``ratings`` through m04's self-rating box, as a click in the browser does."""
    box = reflect.self_rating("m04", base=tmp_path)
    box._save(ratings, 1)
    return json.loads(store.reflection_path(KEY, tmp_path).read_text(encoding="utf-8"))


def test_every_module_asks_two_or_three_items_each_tagged_with_a_model_dimension() -> None:
    """m01-m12 each have 2-3 items, every one tagged with one of the nine named dimensions."""
    assert self_ratings.MODULES == tuple(f"m{n:02d}" for n in range(1, 13))
    for module in self_ratings.MODULES:
        items = self_ratings.items(module)
        assert 2 <= len(items) <= 3, module
        assert all(i.dimension in leadership_model.DIMENSIONS for i in items.values()), module
    used = {i.dimension for m in self_ratings.MODULES for i in self_ratings.items(m).values()}
    assert len(leadership_model.DIMENSIONS) == 9 and used == set(leadership_model.DIMENSIONS)


def test_items_are_those_of_the_capstones_worked_example() -> None:
    """Priya's sample ratings in m13 use exactly the items the modules really save."""
    import pandas as pd

    from conftest import REPO

    sample = pd.read_csv(REPO / "source" / "m13_development_plan" / "sample_ratings.csv")
    saved = {
        f"{m}_{i}": item.label
        for m in self_ratings.MODULES
        for i, item in self_ratings.items(m).items()
    }
    assert dict(zip(sample["item"], sample["label"], strict=True)) == saved


def test_a_save_keeps_a_dated_snapshot(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Saving through the box writes the latest ratings and a snapshot with the save's time."""
    at(monkeypatch, "2026-10-05T09:30:00+00:00")
    record = box_save(tmp_path, {"population": 2, "coproduce": 3, "genuine": 1})
    assert record["kind"] == "self_rating" and record["module"] == "m04"
    assert record["dimensions"]["population"] == "Sharing the vision"
    assert record["history"] == [
        {
            "saved_at": "2026-10-05T09:30:00+00:00",
            "ratings": {"population": 2, "coproduce": 3, "genuine": 1},
        }
    ]


def test_saves_on_one_day_keep_one_snapshot_and_a_later_day_adds_one(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Moving a slider twice in a day leaves that day's last answer; the next day adds one."""
    at(monkeypatch, "2026-10-05T09:30:00+00:00")
    box_save(tmp_path, {"population": 2, "coproduce": 0, "genuine": 0})
    at(monkeypatch, "2026-10-05T09:31:00+00:00")
    box_save(tmp_path, {"population": 3, "coproduce": 0, "genuine": 0})
    at(monkeypatch, "2027-03-01T10:00:00+00:00")
    record = box_save(tmp_path, {"population": 4, "coproduce": 2, "genuine": 0})
    assert [(s["saved_at"][:10], s["ratings"]["population"]) for s in record["history"]] == [
        ("2026-10-05", 3),
        ("2027-03-01", 4),
    ]


def test_snapshots_are_bounded_and_the_first_is_always_kept() -> None:
    """Past the limit the oldest but one goes, so where the learner started stays."""
    record: dict = {}
    for day in range(store.MAX_SNAPSHOTS + 5):
        stamp = f"2026-{1 + day // 28:02d}-{1 + day % 28:02d}T00:00:00+00:00"
        answer = {"ratings": {"a": 1 + day % 5}}
        record = {
            **answer,
            "saved_at": stamp,
            "history": store.with_snapshot(record, answer, "ratings", stamp),
        }
    history = store.snapshots(record, "ratings")
    assert len(history) == store.MAX_SNAPSHOTS
    assert history[0]["saved_at"].startswith("2026-01-01")
    assert history[-1]["saved_at"] == record["saved_at"]


def test_a_record_saved_before_snapshots_reads_as_one_snapshot() -> None:
    """An older file with no history is read as its ratings at its save time."""
    old = {
        "kind": "self_rating",
        "ratings": {"population": 3},
        "saved_at": "2026-09-01T08:00:00+00:00",
    }
    assert store.snapshots(old, "ratings") == [
        {"saved_at": "2026-09-01T08:00:00+00:00", "ratings": {"population": 3}}
    ]


def test_the_next_save_after_an_older_record_keeps_its_answer_as_the_first_snapshot(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Saving over a record without history keeps the old answer, dated, before the new one."""
    path = store.reflection_path(KEY, tmp_path)
    path.parent.mkdir(parents=True)
    path.write_text(
        json.dumps(
            {
                "kind": "self_rating",
                "ratings": {"population": 1},
                "saved_at": "2026-09-01T08:00:00+00:00",
            }
        ),
        encoding="utf-8",
    )
    at(monkeypatch, "2026-12-01T08:00:00+00:00")
    record = box_save(tmp_path, {"population": 4, "coproduce": 4, "genuine": 4})
    assert [s["ratings"].get("population") for s in record["history"]] == [1, 4]


def test_check_self_rating_names_the_items_still_to_rate(tmp_path: Path) -> None:
    """The completeness check fails with the unrated item's label, and passes once all are rated."""
    box_save(tmp_path, {"population": 2, "coproduce": 0, "genuine": 5})
    items = list(self_ratings.items("m04"))
    with pytest.raises(AssertionError, match="Involving patients and carers as co-designers"):
        reflect.check_self_rating(KEY, items, base=tmp_path)
    box_save(tmp_path, {"population": 2, "coproduce": 1, "genuine": 5})
    reflect.check_self_rating(KEY, items, base=tmp_path)


def test_self_ratings_are_not_polls_or_writing(tmp_path: Path) -> None:
    """The old ratings table (polls) and the list of written reflections both leave them out."""
    box_save(
        tmp_path / "m04_patients_and_outcomes", {"population": 2, "coproduce": 1, "genuine": 5}
    )
    entries = portfolio.gather(tmp_path)
    assert [e.kind for e in entries] == ["self_rating"]
    assert portfolio.ratings_frame(entries).empty and portfolio.reflection_index(entries).empty
    assert "self_rating" not in kinds.WRITTEN


def test_tutor_view_shows_dimensions_and_earlier_snapshots(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """reflect.show prints each item with its dimension, then the earlier dated snapshots."""
    at(monkeypatch, "2026-10-05T09:30:00+00:00")
    box_save(tmp_path, {"population": 2, "coproduce": 3, "genuine": 1})
    at(monkeypatch, "2027-03-01T10:00:00+00:00")
    box_save(tmp_path, {"population": 4, "coproduce": 3, "genuine": 2})
    reflect.show(KEY, base=tmp_path)
    out = capsys.readouterr().out
    assert "- Framing change around a population's outcomes [Sharing the vision]: 4" in out
    assert "- 2026-10-05: Framing change around a population's outcomes 2" in out


def test_a_self_rating_written_back_from_a_notebook_keeps_the_files_snapshots(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Grading's write-back from the notebook's widget state adds to the history, never drops it."""
    from course.reflections import carried
    from course.reflections.store import FORMAT

    at(monkeypatch, "2026-10-05T09:30:00+00:00")
    box_save(tmp_path, {"population": 2, "coproduce": 2, "genuine": 2})
    state = {
        "format": FORMAT,
        "key": KEY,
        "kind": "self_rating",
        "prompt": self_ratings.PROMPT,
        "settings": self_ratings.settings("m04"),
        "answer": {"population": 5, "coproduce": 4, "genuine": 3},
        "saved_at": "2027-03-01T10:00:00+00:00",
    }
    nb = {"metadata": {"widgets": {carried.WIDGET_STATE: {"state": {"model": {"state": state}}}}}}
    assert [r.key for r in carried.restore(nb, tmp_path)] == [KEY]
    record = reflect.load(KEY, tmp_path)
    assert [s["ratings"]["population"] for s in record["history"]] == [2, 5]

"""course.reflections.carried: a notebook's saved widget state puts reflections back safely."""

from __future__ import annotations

import json
from pathlib import Path

import nbformat

from course import reflect
from course.reflections import carried
from course.reflections.box import FORMAT


def notebook_with(*states: dict) -> nbformat.NotebookNode:
    """A notebook whose saved widget state holds one model per state given."""
    nb = nbformat.v4.new_notebook()
    models = {
        f"model{n}": {"model_name": "AnyModel", "model_module": "anywidget", "state": s}
        for n, s in enumerate(states)
    }
    nb.metadata["widgets"] = {carried.WIDGET_STATE: {"state": models, "version_major": 2}}
    return nb


def text_state(key: str, text: str, saved_at: str) -> dict:
    return {
        "format": FORMAT,
        "key": key,
        "kind": "text",
        "prompt": "Why?",
        "settings": {"min_words": 5},
        "answer": text,
        "saved_at": saved_at,
    }


LATER = "2026-05-11T10:00:00+00:00"
EARLIER = "2026-05-11T09:00:00+00:00"


def test_reflections_are_read_from_the_saved_widget_state() -> None:
    found = carried.in_notebook(notebook_with(text_state("m01_x", "In the notebook.", LATER)))
    assert found["m01_x"]["text"] == "In the notebook."
    assert found["m01_x"]["kind"] == "text" and found["m01_x"]["min_words"] == 5


def test_the_newest_of_two_boxes_with_one_key_wins() -> None:
    nb = notebook_with(text_state("m01_x", "old", EARLIER), text_state("m01_x", "new", LATER))
    assert carried.in_notebook(nb)["m01_x"]["text"] == "new"


def test_a_missing_file_is_written_from_the_notebook(tmp_path: Path) -> None:
    nb = notebook_with(text_state("m01_x", "From the notebook.", LATER))
    assert carried.restore(nb, tmp_path) == [carried.Recovered("m01_x", "no file")]
    assert reflect.load("m01_x", tmp_path)["text"] == "From the notebook."


def test_an_older_file_is_replaced_and_kept_aside(tmp_path: Path) -> None:
    path = reflect.reflection_path("m01_x", tmp_path)
    path.parent.mkdir()
    path.write_text(json.dumps({"kind": "text", "text": "older", "saved_at": EARLIER}))
    nb = notebook_with(text_state("m01_x", "newer", LATER))
    assert carried.restore(nb, tmp_path) == [carried.Recovered("m01_x", "an older file")]
    assert reflect.load("m01_x", tmp_path)["text"] == "newer"
    assert json.loads((path.parent / "m01_x.replaced-1.json").read_text())["text"] == "older"


def test_a_newer_file_wins_over_the_notebook(tmp_path: Path) -> None:
    reflect.save("m01_x", {"kind": "text", "text": "typed today"}, tmp_path)
    nb = notebook_with(text_state("m01_x", "from May", EARLIER))
    assert carried.restore(nb, tmp_path) == []
    assert reflect.load("m01_x", tmp_path)["text"] == "typed today"


def test_an_unreadable_file_is_kept_and_the_notebook_copy_used(tmp_path: Path) -> None:
    path = reflect.reflection_path("m01_x", tmp_path)
    path.parent.mkdir()
    path.write_text("{broken")
    nb = notebook_with(text_state("m01_x", "safe copy", LATER))
    assert carried.restore(nb, tmp_path) == [carried.Recovered("m01_x", "an unreadable file")]
    assert (path.parent / "m01_x.replaced-1.json").read_text() == "{broken"


def test_another_modules_reflections_are_left_out(tmp_path: Path) -> None:
    nb = notebook_with(text_state("m02_y", "m02's text", LATER))
    assert carried.restore(nb, tmp_path, keys={"m01_x"}) == []
    assert not (tmp_path / "reflections").exists()


def test_damaged_widget_state_is_ignored(tmp_path: Path) -> None:
    nb = notebook_with(
        {"format": "something else", "key": "m01_x"},
        {**text_state("../escape", "x", LATER)},
        {**text_state("m01_x", "x", LATER), "kind": "poem"},
        {**text_state("m01_x", "x", "yesterday")},
        "not a dict",  # type: ignore[arg-type]
    )
    nb.metadata["widgets"][carried.WIDGET_STATE]["state"]["junk"] = 7
    assert carried.in_notebook(nb) == {}
    nb.metadata["widgets"] = "corrupt"
    assert carried.in_notebook(nb) == {} and carried.restore(nb, tmp_path) == []


def test_a_tutor_is_told_of_damaged_state_or_another_modules_reflections() -> None:
    other = notebook_with(text_state("m02_y", "m02's text", LATER))
    assert carried.problems(other, {"m01_x"}) == [
        "it carries reflections of another module (m02_y), which were left out"
    ]
    damaged = nbformat.v4.new_notebook()
    damaged.metadata["widgets"] = {carried.WIDGET_STATE: "corrupt"}
    assert "damaged" in carried.problems(damaged, {"m01_x"})[0]
    assert carried.problems(nbformat.v4.new_notebook(), {"m01_x"}) == []

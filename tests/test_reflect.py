"""course.reflect: saving, loading, corrupt files and completeness checks."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from course import reflect
from course.errors import CourseError


def test_save_then_load_round_trips_the_record(tmp_path: Path) -> None:
    reflect.save("m01_x", {"kind": "text", "text": "Hello there"}, tmp_path)
    record = reflect.load("m01_x", tmp_path)
    assert record is not None
    assert record["text"] == "Hello there"
    assert record["key"] == "m01_x"
    assert "saved_at" in record


def test_save_writes_json_beside_the_notebook(tmp_path: Path) -> None:
    path = reflect.save("m01_x", {"text": "café ✓"}, tmp_path)
    assert path == tmp_path / "reflections" / "m01_x.json"
    assert json.loads(path.read_text(encoding="utf-8"))["text"] == "café ✓"


def test_save_leaves_no_temporary_files(tmp_path: Path) -> None:
    for n in range(5):
        reflect.save("m01_x", {"text": f"draft {n}"}, tmp_path)
    assert sorted(p.name for p in (tmp_path / "reflections").iterdir()) == ["m01_x.json"]


def test_a_failed_write_keeps_the_previous_save(tmp_path: Path) -> None:
    reflect.save("m01_x", {"text": "first version"}, tmp_path)
    with pytest.raises(TypeError):
        reflect.save("m01_x", {"text": object()}, tmp_path)  # not JSON-serialisable
    assert reflect.load("m01_x", tmp_path)["text"] == "first version"
    assert sorted(p.name for p in (tmp_path / "reflections").iterdir()) == ["m01_x.json"]


def test_load_of_a_missing_reflection_is_none(tmp_path: Path) -> None:
    assert reflect.load("m01_nothing", tmp_path) is None


@pytest.mark.parametrize("content", [b"{not json", b"\xff\xfe\x00", b"[1, 2, 3]"])
def test_a_corrupt_file_gives_one_clear_sentence(tmp_path: Path, content: bytes) -> None:
    folder = tmp_path / "reflections"
    folder.mkdir()
    (folder / "m01_x.json").write_bytes(content)
    with pytest.raises(reflect.ReflectionFileError, match="cannot be read|does not hold"):
        reflect.load("m01_x", tmp_path)


def test_a_corrupt_file_is_set_aside_not_overwritten(tmp_path: Path) -> None:
    folder = tmp_path / "reflections"
    folder.mkdir()
    (folder / "m01_x.json").write_text("{broken", encoding="utf-8")
    (folder / "m01_x.unreadable-1.json").write_text("older", encoding="utf-8")
    kept = reflect.set_aside("m01_x", tmp_path)
    assert kept.name == "m01_x.unreadable-2.json"
    assert kept.read_text(encoding="utf-8") == "{broken"
    assert (folder / "m01_x.unreadable-1.json").read_text(encoding="utf-8") == "older"
    assert not (folder / "m01_x.json").exists()


def test_the_box_keeps_a_corrupt_file_and_says_how_to_recover_it(tmp_path: Path) -> None:
    folder = tmp_path / "reflections"
    folder.mkdir()
    (folder / "m01_x.json").write_text("{broken", encoding="utf-8")
    box = reflect.text_reflection("m01_x", "Prompt?", min_words=5, base=tmp_path)
    assert (folder / "m01_x.unreadable-1.json").read_text(encoding="utf-8") == "{broken"
    assert box.answer == "" and "reflections/m01_x.unreadable-1.json" in box.note
    assert "copy any text you want back" in box.note


def test_the_note_stays_until_the_kept_copy_is_dealt_with(tmp_path: Path) -> None:
    folder = tmp_path / "reflections"
    folder.mkdir()
    (folder / "m01_x.json").write_text("{broken", encoding="utf-8")
    reflect.text_reflection("m01_x", "Prompt?", base=tmp_path)
    assert "unreadable-1" in reflect.text_reflection("m01_x", "Prompt?", base=tmp_path).note
    (folder / "m01_x.unreadable-1.json").unlink()
    assert reflect.text_reflection("m01_x", "Prompt?", base=tmp_path).note == ""


def test_a_box_drawn_again_starts_from_the_saved_text(tmp_path: Path) -> None:
    reflect.save("m01_x", {"kind": "text", "text": "one two three"}, tmp_path)
    again = reflect.text_reflection("m01_x", "Prompt?", min_words=5, base=tmp_path)
    assert again.answer == "one two three"
    assert again.status == "3 words (at least 5 needed)" and again.saved_at


@pytest.mark.parametrize("key", ["../escape", "Upper", "", "a/b"])
def test_keys_cannot_leave_the_reflections_folder(tmp_path: Path, key: str) -> None:
    with pytest.raises(CourseError):
        reflect.reflection_path(key, tmp_path)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("", 0),
        ("one", 1),
        ("health and care", 3),
        ("don't stop—now", 3),
        ("A&E, GP; 111", 4),
    ],
)
def test_word_count_counts_words_not_punctuation(text: str, words: int) -> None:
    assert reflect.word_count(text) == words


def test_check_text_passes_only_with_enough_words(tmp_path: Path) -> None:
    with pytest.raises(AssertionError, match="Nothing is saved yet for the reflection"):
        reflect.check_text("m01_x", 3, tmp_path)
    reflect.save("m01_x", {"text": "two words"}, tmp_path)
    with pytest.raises(AssertionError, match="has 2 words; write at least 3"):
        reflect.check_text("m01_x", 3, tmp_path)
    reflect.save("m01_x", {"text": "now three words"}, tmp_path)
    assert reflect.check_text("m01_x", 3, tmp_path) is None


def test_check_ratings_needs_every_item_rated(tmp_path: Path) -> None:
    reflect.save("m01_r", {"ratings": {"a": 3, "b": reflect.NOT_RATED}}, tmp_path)
    with pytest.raises(AssertionError, match="rate “b” from 1 to 5"):
        reflect.check_ratings("m01_r", ["a", "b"], tmp_path)
    reflect.save("m01_r", {"ratings": {"a": 3, "b": 5}}, tmp_path)
    assert reflect.check_ratings("m01_r", ["a", "b"], tmp_path) is None


def test_check_stages_names_the_short_stages(tmp_path: Path) -> None:
    reflect.save("m01_s", {"answers": {"what": "one two", "so": "a b c"}}, tmp_path)
    with pytest.raises(AssertionError, match=r"for “what”\.$"):
        reflect.check_stages("m01_s", ["what", "so"], 3, tmp_path)


def test_check_messages_use_the_labels_the_learner_sees(tmp_path: Path) -> None:
    items = {"money": "Getting money or staff for a new idea", "own": "My own team"}
    reflect.save(
        "m01_r",
        {"kind": "ratings", "prompt": "How?", "items": items, "ratings": {"own": 2}},
        tmp_path,
    )
    with pytest.raises(AssertionError) as failed:
        reflect.check_ratings("m01_r", ["own", "money"], tmp_path)
    assert str(failed.value) == (
        "Self-rating “How?” is not finished: rate “Getting money or staff for a new idea” "
        "from 1 to 5."
    )
    assert "m01_r" not in str(failed.value)


def test_check_table_counts_only_complete_rows(tmp_path: Path) -> None:
    reflect.save("m01_t", {"rows": [["a", "b"], ["c", ""], ["d", "e"]]}, tmp_path)
    with pytest.raises(AssertionError, match="has 2 complete row"):
        reflect.check_table("m01_t", 3, tmp_path)
    assert reflect.check_table("m01_t", 2, tmp_path) is None


def test_show_prints_the_saved_text_for_the_tutor(tmp_path: Path, capsys) -> None:
    reflect.save("m01_x", {"kind": "text", "prompt": "Why?", "text": "Because."}, tmp_path)
    reflect.show("m01_x", tmp_path)
    out = capsys.readouterr().out
    assert "Because." in out and "Why?" in out


def test_show_reports_a_corrupt_file_instead_of_failing(tmp_path: Path, capsys) -> None:
    (tmp_path / "reflections").mkdir()
    (tmp_path / "reflections" / "m01_x.json").write_text("{", encoding="utf-8")
    reflect.show("m01_x", tmp_path)
    assert "cannot be read" in capsys.readouterr().out


def test_reflections_default_to_the_working_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    reflect.save("m01_x", {"text": "here"}, None)
    assert (tmp_path / "reflections" / "m01_x.json").is_file()
    assert os.path.samefile(reflect.reflection_path("m01_x").parent, tmp_path / "reflections")


TYPED = "<script>window.ran = 1</script> & <b>"
EVERY_KIND = {
    "text": {"text": TYPED},
    "ratings": {"items": {"own": TYPED}, "ratings": {"own": 2}},
    "stages": {"stages": {"feel": "Feelings"}, "answers": {"feel": TYPED}},
    "table": {"columns": ["Partner", TYPED], "rows": [[TYPED, "b"]]},
}


@pytest.mark.parametrize("kind", sorted(EVERY_KIND))
def test_the_tutor_view_of_every_kind_is_escaped_and_wraps(kind: str, tmp_path: Path) -> None:
    """Markup a learner typed is shown as text, in a box that wraps at the page width."""
    reflect.save("m01_x", {"kind": kind, "prompt": "Why?", **EVERY_KIND[kind]}, tmp_path)
    plain, rich = reflect.shown("m01_x", tmp_path)
    assert TYPED in plain
    assert "<script>" not in rich and "&lt;script&gt;window.ran = 1&lt;/script&gt; &amp;" in rich
    assert "white-space: pre-wrap" in rich and "overflow-wrap: anywhere" in rich


def test_show_in_a_notebook_displays_html_with_a_plain_text_fallback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """In a kernel, show gives formgrader and the feedback page HTML, and plain text beside it."""
    import IPython.display
    from IPython.core.interactiveshell import InteractiveShell

    reflect.save("m01_x", {"kind": "text", "prompt": "Why?", "text": "Because."}, tmp_path)
    shown: list[tuple[object, dict[str, object]]] = []
    monkeypatch.setattr(InteractiveShell, "initialized", classmethod(lambda cls: True))
    monkeypatch.setattr(IPython.display, "display", lambda obj, **kw: shown.append((obj, kw)))
    reflect.show("m01_x", tmp_path)
    ((bundle, options),) = shown
    assert options == {"raw": True}
    assert "Because." in bundle["text/plain"] and "Because." in bundle["text/html"]  # type: ignore[index]

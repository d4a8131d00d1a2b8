"""course.reflections.box: a save happens only when the kernel confirms it, and says so."""

from __future__ import annotations

from pathlib import Path

from course import reflect
from course.reflections import box as box_module


def save(widget, answer, seq: float = 1.0) -> None:
    """What the front end sends when the learner pauses typing."""
    widget._on_message(widget, {"type": "save", "seq": seq, "answer": answer}, None)


def test_a_save_message_writes_the_file_then_confirms_it(tmp_path: Path) -> None:
    box = reflect.text_reflection("m01_x", "Why?", min_words=3, base=tmp_path)
    assert box.saved_seq == 0 and box.saved_at == ""
    save(box, "one two three four", seq=42.0)
    assert reflect.load("m01_x", tmp_path)["text"] == "one two three four"
    assert box.saved_seq == 42.0 and box.saved_at
    assert box.status == "4 words (enough words)"


def test_a_hello_is_answered_so_the_box_knows_a_kernel_is_there(tmp_path: Path) -> None:
    box = reflect.text_reflection("m01_x", "Why?", base=tmp_path)
    sent = []
    box.send = sent.append
    box._on_message(box, {"type": "hello"}, None)
    assert sent == [{"type": "hello"}]


def test_an_answer_too_long_to_save_is_refused_and_the_old_save_kept(tmp_path: Path) -> None:
    box = reflect.text_reflection("m01_x", "Why?", base=tmp_path)
    save(box, "kept text", seq=1.0)
    save(box, "word " * 400_000, seq=2.0)
    assert reflect.load("m01_x", tmp_path)["text"] == "kept text"
    assert box.error.startswith("Not saved: this reflection is too long")
    assert box.saved_seq == 2.0  # confirmed, so the front end shows the refusal


def test_a_reflection_of_200000_words_is_saved(tmp_path: Path) -> None:
    box = reflect.text_reflection("m01_x", "Why?", base=tmp_path)
    save(box, "care " * 200_000)
    assert box.error == "" and box.status.startswith("200000 words")


def test_ratings_from_the_front_end_keep_only_ratings_of_0_to_5(tmp_path: Path) -> None:
    box = reflect.rating_reflection("m01_r", "How?", {"a": "A", "b": "B"}, "low", "high", tmp_path)
    save(box, {"a": 4, "b": 9, "c": 1})
    assert reflect.load("m01_r", tmp_path)["ratings"] == {"a": 4, "c": 1}
    assert box.status == "1 still to rate"


def test_a_malformed_answer_is_saved_as_empty_not_as_garbage(tmp_path: Path) -> None:
    box = reflect.staged_reflection("m01_s", "Gibbs", {"what": "What happened"}, 2, tmp_path)
    save(box, ["not", "a", "dict"])
    assert reflect.load("m01_s", tmp_path)["answers"] == {}


def test_the_privacy_guard_warns_about_a_valid_nhs_number_only(tmp_path: Path) -> None:
    box = reflect.text_reflection("m01_x", "Why?", base=tmp_path)
    save(box, "The code 9434765918 came up.")
    assert box.warnings == []
    save(box, "Mrs B, NHS number 943 476 5919, went home.", seq=2.0)
    assert len(box.warnings) == 1 and "NHS number" in box.warnings[0]


def test_the_box_state_is_marked_as_a_course_reflection(tmp_path: Path) -> None:
    box = reflect.table_reflection("m01_t", "Map", ["Partner", "Interest"], rows=3, base=tmp_path)
    state = box.get_state()
    assert state["format"] == box_module.FORMAT
    assert state["settings"] == {"columns": ["Partner", "Interest"], "n_rows": 3}

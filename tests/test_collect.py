"""course.collect: learner folders in an LMS download."""

from __future__ import annotations

from pathlib import Path

import pytest

from course.grading.plugins.collect import parse_student_folder, relative_parts


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("ada", ("ada", None)),
        ("ada_2026-03-01-09-33-00", ("ada", "2026-03-01 09:33:00")),
        ("ada_2026-03-01_09-33-07", ("ada", "2026-03-01 09:33:07")),
        ("ada_2026-03-01T09:33:07", ("ada", "2026-03-01 09:33:07")),
        ("a.lovelace@nhs.net", ("a.lovelace@nhs.net", None)),
        ("s1234-5", ("s1234-5", None)),
        ("zoé_2026-03-01-09-33-00", ("zoé", "2026-03-01 09:33:00")),
        ("mary_jones", ("mary_jones", None)),
    ],
)
def test_learner_folders_give_id_and_time_with_minutes(
    name: str, expected: tuple[str, str | None]
) -> None:
    assert parse_student_folder(name) == expected


@pytest.mark.parametrize("name", ["", "_ada", "ada smith", "__MACOSX", ".DS_Store", "ada/x"])
def test_other_names_are_not_learner_folders(name: str) -> None:
    assert parse_student_folder(name) is None


def test_relative_parts_drops_a_single_wrapper_folder(tmp_path: Path) -> None:
    extracted = tmp_path / "extracted"
    (extracted / "wrapper" / "ada").mkdir(parents=True)
    nb = extracted / "wrapper" / "ada" / "m01.ipynb"
    nb.write_text("{}")
    assert relative_parts(str(nb)) == ["ada", "m01.ipynb"]


def test_relative_parts_keeps_learner_folders_without_a_wrapper(tmp_path: Path) -> None:
    extracted = tmp_path / "extracted"
    for who in ("ada", "ben"):
        (extracted / who / "reflections").mkdir(parents=True)
    file = extracted / "ada" / "reflections" / "m01_x.json"
    file.write_text("{}")
    assert relative_parts(str(file)) == ["ada", "reflections", "m01_x.json"]


def test_relative_parts_of_a_file_outside_extracted_is_none(tmp_path: Path) -> None:
    assert relative_parts(str(tmp_path / "elsewhere" / "x.ipynb")) is None

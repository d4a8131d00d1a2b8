"""course collect: learner folder names and wrapper folders in an LMS download."""

from __future__ import annotations

from datetime import datetime

import pytest

from course.grading.lms.folders import parse_student_folder
from course.grading.lms.layouts import strip_wrappers
from course.grading.lms.zipsafe import Member

WHEN = datetime(2026, 5, 11, 10, 0)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("ada", ("ada", None)),
        ("ada_2026-03-01-09-33-00", ("ada", datetime(2026, 3, 1, 9, 33))),
        ("ada_2026-03-01_09-33-07", ("ada", datetime(2026, 3, 1, 9, 33, 7))),
        ("ada_2026-03-01T09:33:07", ("ada", datetime(2026, 3, 1, 9, 33, 7))),
        ("a.lovelace@nhs.net", ("a.lovelace@nhs.net", None)),
        ("s1234-5", ("s1234-5", None)),
        ("zoé_2026-03-01-09-33-00", ("zoé", datetime(2026, 3, 1, 9, 33))),
        ("mary_jones", ("mary_jones", None)),
        # these were bugs: a time zone or milliseconds made a new learner, a space was skipped
        ("ada_2026-05-11T10:00:00+01:00", ("ada", datetime(2026, 5, 11, 9, 0))),
        ("ada_2026-05-11T10:00:00Z", ("ada", datetime(2026, 5, 11, 10, 0))),
        ("ada_2026-05-11T10:00:00-0230", ("ada", datetime(2026, 5, 11, 12, 30))),
        ("ada_2026-05-11-10-00-00-123", ("ada", datetime(2026, 5, 11, 10, 0, 0, 123000))),
        ("ada_2026-05-11T10:00:00.5", ("ada", datetime(2026, 5, 11, 10, 0, 0, 500000))),
        ("Ada Lovelace", ("Ada Lovelace", None)),
    ],
)
def test_learner_folders_give_id_and_time_in_utc(
    name: str, expected: tuple[str, datetime | None]
) -> None:
    """A learner folder's name gives the learner and the submission time, in UTC."""
    assert parse_student_folder(name) == expected


@pytest.mark.parametrize("name", ["", "_ada", "__MACOSX", ".DS_Store", "ada, smith"])
def test_other_names_are_not_learner_folders(name: str) -> None:
    """Names that cannot be a learner id are not taken for one."""
    assert parse_student_folder(name) is None


def member(path: str) -> Member:
    return Member(tuple(path.split("/")), 1, WHEN, lambda: b"")


def test_a_single_wrapper_folder_is_removed() -> None:
    """One folder around every learner's folder is not a learner."""
    items, wrappers = strip_wrappers([member("wrapper/ada/m01.ipynb"), member("wrapper/ben/x")])
    assert wrappers == ["wrapper"]
    assert [m.path for m in items] == ["ada/m01.ipynb", "ben/x"]


def test_two_nested_wrapper_folders_are_removed() -> None:
    """A wrapper inside a wrapper (an unzipped and zipped-again download) is removed too."""
    items, wrappers = strip_wrappers([member("a/b/ada/m01.ipynb"), member("a/b/ben/m01.ipynb")])
    assert wrappers == ["a", "b"] and [m.parts[0] for m in items] == ["ada", "ben"]


def test_one_learners_folder_is_not_a_wrapper() -> None:
    """A download with a single learner keeps that learner's folder."""
    items, wrappers = strip_wrappers([member("ada/m01.ipynb"), member("ada/reflections/k.json")])
    assert wrappers == [] and items[0].path == "ada/m01.ipynb"


def test_learner_folders_without_a_wrapper_are_kept() -> None:
    """Several top-level folders are learners, not wrappers."""
    items, wrappers = strip_wrappers([member("ada/reflections/x.json"), member("ben/m01.ipynb")])
    assert wrappers == [] and [m.path for m in items] == ["ada/reflections/x.json", "ben/m01.ipynb"]

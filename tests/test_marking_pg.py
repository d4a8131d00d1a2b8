"""The marking store in a real PostgreSQL gradebook (``COURSE_DB_URL``) that markers share.

``tests/pg.py`` starts the server; the cohort's gradebook is created there by nbgrader, and
the marking tables sit beside nbgrader's in the same database.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from test_marking import two_markers_save_at_once

import pg
from conftest import M01
from course.grading import gradebook
from course.grading.marking.queue import Marking
from learners import hand_in_and_enter

R2 = "m01-mark-r2"


@pytest.fixture(scope="module")
def postgres() -> Iterator[pg.Server]:
    with pg.server() as server:
        yield server


def test_marks_go_into_the_postgres_gradebook_and_its_marking_tables(
    course_copy: Path, monkeypatch: pytest.MonkeyPatch, postgres: pg.Server
) -> None:
    """With COURSE_DB_URL set, no marking.db is written; marks and state live in PostgreSQL."""
    from nbgrader.api import Gradebook

    monkeypatch.setenv(gradebook.ENV, postgres.new_database("marked"))
    hand_in_and_enter(course_copy, M01, {"ada": {}, "ben": {}})
    marking = Marking(course_copy, "m01", "Ann")
    name = marking.queue(R2)["items"][0]["pseudonym"]
    marking.save(R2, name, 5, [0, 1], "Good reasons.", 0)
    assert not (course_copy / "marking.db").exists()
    tables = postgres.tables("marked")
    assert {"marking_mark", "marking_comment", "marking_place", "marking_setting"} <= set(tables)
    assert "grade" in tables
    with Gradebook(gradebook.url(course_copy)) as gb:
        grade = gb.find_grade(R2, M01, M01, marking.learners()[name])
        assert (grade.manual_score, grade.needs_manual_grade) == (5.0, False)
    again = Marking(course_copy, "m01", "Ann")  # another machine: same order, same place
    assert again.queue(R2)["items"] == marking.queue(R2)["items"]
    assert again.queue(R2)["resume"] == 1


def test_two_markers_saving_at_once_in_postgres_lose_no_mark(postgres: pg.Server) -> None:
    """Two saves from one version at the same moment: one is kept, the other told which."""
    two_markers_save_at_once(postgres.new_database("race"))

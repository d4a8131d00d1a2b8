"""The marking store in a real PostgreSQL gradebook (``COURSE_DB_URL``) that markers share.

``tests/pg.py`` starts the server; the cohort's gradebook is created there by nbgrader, and
the marking tables sit beside nbgrader's in the same database.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

import pg
from conftest import M01
from course.grading import gradebook
from course.grading.marking.queue import Marking
from course.grading.marking.store import FIRST, Conflict, Store
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
    url = postgres.new_database("race")
    Store(url)
    for start in (0, 1):
        ready = threading.Barrier(2)
        results: dict[str, object] = {}
        threads = [
            threading.Thread(target=race, args=(ready, results, Store(url), start, marker))
            for marker in ("ann", "bob")
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        refused = [r for r in results.values() if isinstance(r, Conflict)]
        kept = [r for r in results.values() if not isinstance(r, Conflict)]
        assert len(refused) == 1 and len(kept) == 1, results
        assert refused[0].current == kept[0] == Store(url).mark("m01", R2, "ada", FIRST)


def race(
    ready: threading.Barrier, results: dict[str, object], store: Store, start: int, marker: str
) -> None:
    """Save from version ``start`` as soon as the other marker is ready too."""
    ready.wait()
    try:
        results[marker] = store.save(
            "m01",
            R2,
            "ada",
            FIRST,
            marker=marker,
            score=3,
            rubric=[],
            comment="",
            answer="abc",
            version=start,
        )
    except Conflict as exc:
        results[marker] = exc
    finally:
        store.close()

"""The gradebook's URL is set in one place, and a gradebook that cannot be reached is one
sentence before anything is written."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

import pg
from conftest import M01
from course import nbg
from course.grading import gradebook
from helpers import one_sentence, run_cli
from learners import fill


@pytest.fixture
def held_port() -> Iterator[int]:
    """A local port that is bound but never listens, so every connection is refused."""
    with socket.socket() as held:
        held.bind(("127.0.0.1", 0))
        yield int(held.getsockname()[1])


def hand_in(root: Path) -> Path:
    """One learner's untouched module 1 in ``submitted/``."""
    return fill(
        root / "release" / M01 / f"{M01}.ipynb",
        {},
        root / "submitted" / "ada" / M01 / f"{M01}.ipynb",
    )


def assert_nothing_written(root: Path) -> None:
    assert not (root / "gradebook.db").exists()
    assert not (root / "logs" / "autograde").exists()
    assert not (root / "autograded").exists()


def test_course_db_url_is_the_gradebook_nbgrader_is_configured_with(
    course_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """nbgrader's db_url is COURSE_DB_URL when set (psycopg as the driver), its own SQLite
    file in the course folder when not, and the course reads the same one."""
    monkeypatch.setenv(gradebook.ENV, "postgresql://grader:secret@db.example:5432/gradebook")
    url = "postgresql+psycopg://grader:secret@db.example:5432/gradebook"
    assert nbg.load_config(course_copy).CourseDirectory.db_url == url
    assert gradebook.url(course_copy) == url
    monkeypatch.delenv(gradebook.ENV)
    assert "db_url" not in nbg.load_config(course_copy).CourseDirectory
    assert gradebook.url(course_copy) == f"sqlite:///{course_copy.resolve() / 'gradebook.db'}"


@pytest.mark.usefixtures("isolation")
def test_a_postgres_server_that_is_down_stops_autograde_in_one_sentence_before_writing(
    course_copy: Path, monkeypatch: pytest.MonkeyPatch, held_port: int
) -> None:
    """Autograde names the server that does not answer and writes nothing."""
    monkeypatch.setenv(gradebook.ENV, f"postgresql://grader:pw@127.0.0.1:{held_port}/gradebook")
    hand_in(course_copy)
    code, _, err = run_cli("--course-dir", str(course_copy), "autograde", "m01")
    line = one_sentence(err)
    assert code == 2 and f"PostgreSQL server at 127.0.0.1:{held_port}" in line
    assert "is not answering" in line
    assert_nothing_written(course_copy)


def test_export_with_the_gradebook_down_is_one_sentence(
    course_copy: Path, monkeypatch: pytest.MonkeyPatch, held_port: int, tmp_path: Path
) -> None:
    """Export checks the gradebook before nbgrader runs, so a down server is one sentence."""
    monkeypatch.setenv(gradebook.ENV, f"postgresql://grader:pw@127.0.0.1:{held_port}/gradebook")
    out = tmp_path / "grades.csv"
    code, _, err = run_cli("--course-dir", str(course_copy), "export", "--to", str(out))
    assert code == 2 and "is not answering" in one_sentence(err)
    assert not out.exists()


def test_a_url_that_is_not_a_database_is_one_sentence_with_the_form_to_use(
    course_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A COURSE_DB_URL that is not a URL says how to write one."""
    monkeypatch.setenv(gradebook.ENV, "the gradebook server")
    code, _, err = run_cli("--course-dir", str(course_copy), "export")
    assert code == 2 and "postgresql+psycopg://user:password@host" in one_sentence(err)


@pytest.mark.slow
@pytest.mark.usefixtures("isolation")
def test_a_refused_password_stops_autograde_in_one_sentence_and_writes_no_table(
    course_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A real PostgreSQL server that refuses the password: one sentence, an empty database."""
    with pg.server() as server:
        server.new_database("refused")
        monkeypatch.setenv(gradebook.ENV, server.url("refused", password="not-the-password"))
        hand_in(course_copy)
        code, _, err = run_cli("--course-dir", str(course_copy), "autograde", "m01")
        assert code == 2 and "refused the user name or password" in one_sentence(err)
        assert server.tables("refused") == []
    assert_nothing_written(course_copy)

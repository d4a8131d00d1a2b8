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


@pytest.fixture
def shared_engines(monkeypatch) -> Iterator[None]:
    """``share_engines`` for one test: nbgrader's own classes are put back afterwards."""
    import sys

    import nbgrader.converters.autograde  # noqa: F401 (its gradebook is shared too)
    import nbgrader.preprocessors  # noqa: F401

    for name, module in list(sys.modules.items()):
        if name.startswith("nbgrader.") and hasattr(module, "Gradebook"):
            monkeypatch.setattr(module, "Gradebook", module.Gradebook)
    monkeypatch.setattr(gradebook, "_ENGINES", {})
    gradebook.share_engines()
    with gradebook.alembic_on_path():  # a new gradebook.db is made by running alembic
        yield


def test_a_grading_process_builds_the_gradebook_engine_once_per_database(
    tmp_path: Path, shared_engines
) -> None:
    from nbgrader.converters import autograde
    from nbgrader.preprocessors import saveautogrades
    from sqlalchemy import event

    url = f"sqlite:///{tmp_path / 'gradebook.db'}"
    with autograde.Gradebook(url, "course") as first:
        engine = first.engine
    statements: list[str] = []
    event.listen(engine, "before_cursor_execute", lambda *args: statements.append(args[2]))
    with saveautogrades.Gradebook(url, "course") as second:
        assert second.engine is engine
    assert len(statements) <= 2  # the course is looked up; no table is listed or made


def test_what_a_shared_gradebook_writes_is_in_the_database(tmp_path: Path, shared_engines) -> None:
    import nbgrader.api

    url = f"sqlite:///{tmp_path / 'gradebook.db'}"
    for _ in range(2):
        with nbgrader.api.Gradebook(url, "course") as gb:
            gb.update_or_create_student(f"learner{len(gb.students)}")
    stock = next(c for c in type(gb).__mro__[1:] if c.__name__ == "Gradebook")
    with stock(url, "course") as fresh:
        assert sorted(s.id for s in fresh.students) == ["learner0", "learner1"]

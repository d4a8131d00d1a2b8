"""Grading on a real local Dask cluster (two worker processes) into a real PostgreSQL gradebook."""

from __future__ import annotations

import logging
import os
import signal
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import psutil
import pytest
from distributed import Client, LocalCluster

import pg
from conftest import M01, REPO
from course.grading import cluster, gradebook
from course.grading import tutor as grading
from course.paths import copy_course
from helpers import one_sentence, run_cli
from learners import M01_WRONG, fill, solutions, write_complete_reflections

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("isolation")]

SOURCE_NB = REPO / "source" / M01 / f"{M01}.ipynb"
RIGHT = solutions(SOURCE_NB)
# learner -> (answers, whether reflections were saved): four different scores
COHORT = {
    "ada": (RIGHT, True),
    "ben": (M01_WRONG, True),
    "cai": ({**RIGHT, "m01-answer-ratio": "1 / 0"}, True),
    "dee": (RIGHT, False),
}


def make_cohort(root: Path, learners: dict[str, tuple[dict[str, str], bool]]) -> Path:
    """Hand in each learner's module 1 in ``root``'s ``submitted/``, as collect would."""
    release_nb = root / "release" / M01 / f"{M01}.ipynb"
    for student, (answers, reflections) in learners.items():
        folder = root / "submitted" / student / M01
        fill(release_nb, answers, folder / f"{M01}.ipynb")
        if reflections:
            write_complete_reflections(SOURCE_NB, folder)
    return root


def cell_scores(root: Path) -> dict[str, dict[str, tuple[float, float, bool]]]:
    """Every learner's score, auto score and manual flag per graded cell, from the gradebook."""
    with gradebook.open_gradebook(root) as gb:
        return {
            sub.student.id: {
                grade.name: (
                    float(grade.score),
                    float(grade.auto_score or 0),
                    grade.needs_manual_grade,
                )
                for notebook in sub.notebooks
                for grade in notebook.grades
            }
            for sub in gb.assignment_submissions(M01)
        }


@pytest.fixture(scope="module")
def postgres() -> Iterator[pg.Server]:
    with pg.server() as server:
        yield server


@pytest.fixture(scope="module")
def dask_cluster() -> Iterator[str]:
    """A local cluster of two single-threaded worker processes; yields the scheduler address."""
    with LocalCluster(
        n_workers=2,
        processes=True,
        threads_per_worker=1,
        host="127.0.0.1",
        scheduler_port=0,
        dashboard_address="127.0.0.1:0",  # None would still serve its HTTP routes on 8787
        silence_logs=logging.ERROR,
    ) as local:
        yield local.scheduler_address


def test_the_cluster_into_postgres_scores_every_cell_as_one_machine_into_sqlite(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, postgres: pg.Server, dask_cluster: str
) -> None:
    """The same cohort graded on two cluster workers into PostgreSQL and by `course autograde
    --jobs 2` into SQLite gets exactly the same score in every cell."""
    monkeypatch.delenv(gradebook.ENV, raising=False)
    alone = make_cohort(copy_course(REPO, tmp_path / "alone"), COHORT)
    code, out, _ = run_cli("--course-dir", str(alone), "autograde", "m01", "--jobs", "2", "--quiet")
    assert code == 0 and "4 graded" in out, out
    expected = cell_scores(alone)

    monkeypatch.setenv(gradebook.ENV, postgres.new_database("cohort"))
    shared = make_cohort(copy_course(REPO, tmp_path / "shared"), COHORT)
    code, out, _ = run_cli(
        "--course-dir", str(shared), "autograde", "m01", "--cluster", dask_cluster, "--quiet"
    )
    assert code == 0 and "4 graded" in out and "0 failed" in out, out
    assert not (shared / "gradebook.db").exists()
    assert "grade" in postgres.tables("cohort")
    assert cell_scores(shared) == expected
    with Client(dask_cluster, set_as_default=False) as client:
        starts = [e for _, e in client.get_events(cluster.TOPIC) if e["student"] in COHORT]
    assert len({e["worker"] for e in starts}) == 2, "both workers should have graded"
    totals = {s: sum(score for score, _, _ in cells.values()) for s, cells in expected.items()}
    assert len(set(totals.values())) == len(COHORT), totals


def kill_when_grading(address: str, student: str, killed: list[str]) -> threading.Thread:
    """Kill the worker process grading ``student`` once its learner's kernel is running."""

    def watch() -> None:
        with Client(address, set_as_default=False) as client:
            deadline = time.monotonic() + 180
            while time.monotonic() < deadline and not killed:
                for _, event in client.get_events(cluster.TOPIC):
                    if event.get("student") != student:
                        continue
                    worker = psutil.Process(int(event["pid"]))
                    if any("bwrap" in p.name() for p in worker.children(recursive=True)):
                        os.kill(worker.pid, signal.SIGKILL)
                        killed.append(str(event["worker"]))
                time.sleep(0.2)

    thread = threading.Thread(target=watch, daemon=True)
    thread.start()
    return thread


def test_a_worker_killed_mid_grade_has_its_learner_regraded_elsewhere_and_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, postgres: pg.Server, dask_cluster: str
) -> None:
    """The learner whose worker is killed while grading is graded again on another worker,
    scores as its classmate with the same answers does, and the summary names it."""
    monkeypatch.setenv(gradebook.ENV, postgres.new_database("killed"))
    root = make_cohort(
        copy_course(REPO, tmp_path / "course"), {"kay": (RIGHT, True), "lee": (RIGHT, True)}
    )
    killed: list[str] = []
    watcher = kill_when_grading(dask_cluster, "lee", killed)
    summary = grading.autograde(root, "m01", cluster=dask_cluster)
    watcher.join(timeout=5)
    assert killed, "the worker grading lee was never seen running its kernel"
    assert [o.student for o in summary.with_status("graded")] == ["kay", "lee"]
    assert [o.student for o in summary.outcomes if o.regraded] == ["lee"]
    assert any(
        line.startswith("  regraded on another worker") and "lee" in line
        for line in summary.lines()
    )
    kay, lee = summary.outcomes
    assert lee.score == kay.score and lee.max_score == kay.max_score


def test_a_cluster_address_that_does_not_answer_is_one_sentence_within_fifteen_seconds(
    course_copy: Path,
) -> None:
    """A scheduler address where nothing answers stops autograde with one sentence, quickly."""
    with socket.socket() as held:  # bound, never listening: connections are refused
        held.bind(("127.0.0.1", 0))
        address = f"tcp://127.0.0.1:{held.getsockname()[1]}"
        started = time.monotonic()
        code, _, err = run_cli(
            "--course-dir", str(course_copy), "autograde", "m01", "--cluster", address
        )
    assert time.monotonic() - started < 15
    assert code == 2 and f"The Dask cluster at {address} did not answer" in one_sentence(err)
    assert not (course_copy / "logs" / "autograde").exists()


def test_an_address_without_a_port_is_refused_in_one_sentence(course_copy: Path) -> None:
    """An address that names no port is refused at once, with the form it should take."""
    code, _, err = run_cli(
        "--course-dir", str(course_copy), "autograde", "m01", "--cluster", "scheduler"
    )
    assert code == 2 and "tcp://host:8786" in one_sentence(err)

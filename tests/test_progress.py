"""``course progress`` and its widget: checks passed and reflections completed, per module."""

from __future__ import annotations

import json
from pathlib import Path

import ipywidgets
import nbformat
import pytest

from conftest import M01, REPO
from course import progress
from course.paths import module_ids
from helpers import run_cli
from learners import reflection_checks, write_complete_reflections

SOURCE_NB = REPO / "source" / M01 / f"{M01}.ipynb"


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    """A fresh workspace made by ``course start``."""
    target = tmp_path / "ws"
    assert run_cli("start", "--workspace", str(target), "--no-lab")[0] == 0
    return target


def row(workspace: Path, module: str = M01) -> progress.ModuleProgress:
    return next(r for r in progress.rows(workspace) if r.module == module)


@pytest.mark.parametrize("module", module_ids(REPO, "release"))
def test_declared_checks_match_the_simulated_learners_reading(module: str) -> None:
    path = REPO / "release" / module / f"{module}.ipynb"
    found = progress.reflection_checks(nbformat.read(path, as_version=4))
    assert found and found == reflection_checks(path)


N_M01 = len(reflection_checks(SOURCE_NB))  # m01's reflections and its self-rating


def test_a_fresh_workspace_has_nothing_checked_or_written(ws: Path) -> None:
    table = progress.rows(ws)
    assert [r.module for r in table] == module_ids(REPO, "release")
    assert all(r.checks == "not checked yet" for r in table)
    assert row(ws).reflections == f"0 of {N_M01}"


def test_reflections_are_counted_from_the_learners_files(ws: Path) -> None:
    folder = ws / M01
    write_complete_reflections(SOURCE_NB, folder)
    assert row(ws).reflections == f"{N_M01} of {N_M01}"
    (folder / "reflections" / "m01_introduce_role.json").unlink()
    assert row(ws).reflections == f"{N_M01 - 1} of {N_M01}"
    damaged = folder / "reflections" / "m01_authority_explain.json"
    damaged.write_text("{ half a file", encoding="utf-8")
    assert row(ws).reflections == f"{N_M01 - 2} of {N_M01}"
    assert damaged.read_text(encoding="utf-8") == "{ half a file"  # never repaired or moved


def test_a_missing_or_damaged_notebook_is_named(ws: Path) -> None:
    notebook = ws / M01 / f"{M01}.ipynb"
    notebook.write_text("not a notebook", encoding="utf-8")
    assert row(ws).reflections == "notebook unreadable"
    notebook.unlink()
    assert row(ws).reflections == "notebook missing"


def test_the_last_check_is_read_and_later_edits_are_flagged(ws: Path) -> None:
    folder = ws / M01
    notebook = folder / f"{M01}.ipynb"
    progress.save_result(folder, 4, 7, progress.sha256(notebook))
    assert row(ws).checks == "4 of 7"
    notebook.write_bytes(notebook.read_bytes() + b"\n")
    assert row(ws).checks == "4 of 7 (notebook changed since)"
    (folder / progress.RESULT_FILE).write_text("[1, 2", encoding="utf-8")
    assert row(ws).checks == "not checked yet"
    (folder / progress.RESULT_FILE).write_text(json.dumps({"passed": 1}), encoding="utf-8")
    assert progress.load_result(folder) is None


def test_the_command_prints_an_aligned_table(ws: Path) -> None:
    code, out, err = run_cli("progress", "--workspace", str(ws))
    lines = out.splitlines()
    assert code == 0 and err == ""
    assert lines[0] == f"Your progress in {ws}:"
    assert lines[1].split() == ["Module", "Checks", "passed", "Reflections", "complete"]
    assert [ln.split()[0] for ln in lines[2:-1]] == module_ids(REPO, "release")
    assert any(ln.startswith(M01) and "not checked yet" in ln for ln in lines[2:-1])
    starts = {ln.index("not checked yet") for ln in lines[2:-1]}
    assert starts == {lines[1].index("Checks passed")}, "the column is aligned"
    assert lines[-1] == "Run `course check <module>` to update the checks passed."


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (False, "There is no workspace at"),
        (True, "holds no course modules"),
    ],
)
def test_a_workspace_that_is_not_one_is_named(tmp_path: Path, make: bool, message: str) -> None:
    target = tmp_path / "empty"
    if make:
        target.mkdir()
    code, out, err = run_cli("progress", "--workspace", str(target))
    lines = err.strip().splitlines()
    assert code == 2 and out == "" and len(lines) == 1
    assert lines[0].startswith("course: ") and message in lines[0] and lines[0].endswith(".")


def test_the_widget_is_an_accessible_table(ws: Path, monkeypatch) -> None:
    write_complete_reflections(SOURCE_NB, ws / M01)
    monkeypatch.chdir(ws / M01)  # as from the module's own notebook
    shown = progress.widget()
    assert isinstance(shown, ipywidgets.HTML)
    html = shown.value
    assert "<caption>" in html and html.count('<th scope="col">') == 3
    assert f'<th scope="row">{M01}</th><td>not checked yet</td><td>{N_M01} of {N_M01}</td>' in html
    assert html.count('<th scope="row">') == len(module_ids(REPO, "release"))
    assert progress.widget(ws).value == html


def test_the_widget_explains_a_missing_workspace(tmp_path: Path) -> None:
    html = progress.widget(tmp_path / "nowhere").value
    assert "role='alert'" in html and "There is no workspace at" in html

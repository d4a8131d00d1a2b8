"""course submit: the visible checks first, then one zip of the notebook and its reflections."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from conftest import M01, REPO
from helpers import one_sentence, run_cli
from learners import write_complete_reflections

SOURCE_NB = REPO / "source" / M01 / f"{M01}.ipynb"


@pytest.fixture(scope="module")
def submitted(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int, str]:
    """A fresh workspace with module 1's reflections written, submitted once."""
    ws = tmp_path_factory.mktemp("submit") / "ws"
    assert run_cli("start", "--workspace", str(ws), "--no-lab")[0] == 0
    keys = write_complete_reflections(SOURCE_NB, ws / M01)
    code, out, _ = run_cli("submit", "m01", "--workspace", str(ws))
    return ws, code, out + "\n" + "\n".join(keys)


def test_the_zip_holds_the_notebook_and_every_reflection(submitted) -> None:
    ws, code, out = submitted
    assert code == 0
    (zip_path,) = (ws / "submissions").glob(f"{M01}-*.zip")
    names = zipfile.ZipFile(zip_path).namelist()
    keys = out.split("\n")[-len(list((ws / M01 / "reflections").glob("*.json"))) :]
    assert f"{M01}/{M01}.ipynb" in names
    assert sorted(n for n in names if "/reflections/" in n) == sorted(
        f"{M01}/reflections/{k}.json" for k in keys
    )


def test_the_learner_is_told_the_checks_and_where_the_zip_is(submitted) -> None:
    ws, _, out = submitted
    assert "Your submission is ready: " + str(ws / "submissions") in out
    assert "Upload that one file to your LMS." in out
    assert "check(s) above do not pass yet" in out  # the data tasks are not done
    assert "Task 1" in out or "task 1" in out.lower()


def test_the_workspace_is_not_changed_but_for_the_zip(submitted) -> None:
    ws, _, _ = submitted
    assert sorted(p.name for p in (ws / "submissions").iterdir())[0].endswith(".zip")
    assert not list(ws.rglob("*.zip.part"))


def test_an_unknown_module_gets_one_sentence(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    assert run_cli("start", "--workspace", str(ws), "--no-lab")[0] == 0
    code, _, err = run_cli("submit", "m99", "--workspace", str(ws))
    assert code == 2 and "There is no module called 'm99'" in one_sentence(err)
    assert not (ws / "submissions").exists()


def test_the_hand_in_button_submits_the_module_its_notebook_is_in(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from course import submit

    ws = tmp_path / "ws"
    assert run_cli("start", "--workspace", str(ws), "--no-lab")[0] == 0
    monkeypatch.chdir(ws / M01)
    box = submit.button()
    assert not (ws / "submissions").exists(), "drawing the button submits nothing"
    box.children[0].click()
    assert len(list((ws / "submissions").glob(f"{M01}-*.zip"))) == 1

"""course.cli: each mistake a user can make gets one clear sentence and exit code 2."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from conftest import M01
from helpers import one_sentence, run_cli


def test_start_copies_the_release_and_keeps_existing_work(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    code, out, _ = run_cli("start", "--workspace", str(ws), "--no-lab")
    assert code == 0 and "new file(s) copied" in out
    notebook = next((ws / M01).glob("*.ipynb"))
    notebook.write_text("my answers", encoding="utf-8")
    (ws / M01 / "reflections").mkdir()
    (ws / M01 / "reflections" / "m01_x.json").write_text("{}", encoding="utf-8")
    code, out, _ = run_cli("start", "--workspace", str(ws), "--no-lab")
    assert code == 0 and "(0 new file(s) copied" in out
    assert notebook.read_text(encoding="utf-8") == "my answers"
    assert (ws / "GLOSSARY.md").is_file()
    assert (ws / M01 / "reflections" / "m01_x.json").is_file()


def test_start_restores_only_a_deleted_notebook(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    run_cli("start", "--workspace", str(ws), "--no-lab")
    notebook = next((ws / M01).glob("*.ipynb"))
    notebook.unlink()
    code, out, _ = run_cli("start", "--workspace", str(ws), "--no-lab")
    assert code == 0 and "(1 new file(s) copied" in out and notebook.is_file()


def test_start_in_a_missing_parent_folder_says_what_to_do(tmp_path: Path) -> None:
    code, _, err = run_cli("start", "--workspace", str(tmp_path / "no" / "ws"), "--no-lab")
    assert code == 2
    assert "does not exist" in one_sentence(err)
    assert not (tmp_path / "no").exists()


def test_start_on_a_file_says_choose_another(tmp_path: Path) -> None:
    target = tmp_path / "ws"
    target.write_text("keep me", encoding="utf-8")
    code, _, err = run_cli("start", "--workspace", str(target), "--no-lab")
    assert code == 2 and "is a file" in one_sentence(err)
    assert target.read_text(encoding="utf-8") == "keep me"


def test_an_unknown_module_lists_the_modules(course_copy: Path) -> None:
    code, _, err = run_cli("--course-dir", str(course_copy), "build", "m99")
    assert code == 2
    line = one_sentence(err)
    assert "no module called 'm99'" in line and M01 in line


def test_a_folder_that_is_not_the_course_is_named(tmp_path: Path) -> None:
    code, _, err = run_cli("--course-dir", str(tmp_path), "build", "--check")
    assert code == 2 and "is not a course folder" in one_sentence(err)


def test_a_source_notebook_that_is_not_json_is_refused_and_kept(course_copy: Path) -> None:
    notebook = next((course_copy / "source" / M01).glob("*.ipynb"))
    notebook.write_text("{ this is not json", encoding="utf-8")
    release_before = sorted((course_copy / "release" / M01).rglob("*"))
    code, _, err = run_cli("--course-dir", str(course_copy), "build", "m01")
    assert code == 2 and "is not a valid notebook" in one_sentence(err)
    assert notebook.read_text(encoding="utf-8") == "{ this is not json"
    assert sorted((course_copy / "release" / M01).rglob("*")) == release_before


@pytest.mark.slow
def test_build_check_reports_a_release_edited_by_hand(course_copy: Path) -> None:
    for other in [*(course_copy / "source").iterdir(), *(course_copy / "release").iterdir()]:
        if other.is_dir() and other.name != M01:  # one module is enough, and quicker to build
            shutil.rmtree(other)
    notebook = next((course_copy / "release" / M01).glob("*.ipynb"))
    notebook.write_text(
        notebook.read_text(encoding="utf-8").replace("Module 1", "Module one"), encoding="utf-8"
    )
    code, _, err = run_cli("--course-dir", str(course_copy), "build", "--check")
    assert code == 1 and "out of sync" in err and M01 in err


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "does not exist"),
        (b"this is not a zip", "is not a zip file"),
        (b"PK\x03\x04broken", "is not a zip file|is damaged"),
    ],
)
def test_a_bad_zip_is_refused_in_one_sentence(
    course_copy: Path, tmp_path: Path, content: bytes | None, message: str
) -> None:
    zip_path = tmp_path / "download.zip"
    if content is not None:
        zip_path.write_bytes(content)
    code, _, err = run_cli(
        "--course-dir", str(course_copy), "collect", "m01", "--zip", str(zip_path)
    )
    assert code == 2
    assert re.search(message, one_sentence(err))
    assert not (course_copy / "submitted").exists()


def test_autograde_with_nothing_submitted_says_collect_first(course_copy: Path) -> None:
    code, _, err = run_cli("--course-dir", str(course_copy), "autograde", "m01")
    assert code == 2 and "collect" in one_sentence(err)


def test_collect_without_a_source_says_zip_or_exchange(course_copy: Path) -> None:
    code, _, err = run_cli("--course-dir", str(course_copy), "collect", "m01")
    assert code == 2 and "--zip" in one_sentence(err) and "--exchange" in err

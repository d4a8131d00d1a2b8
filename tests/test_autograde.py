"""course.autograde: the checks and bookkeeping around nbgrader, without running it."""

from __future__ import annotations

from pathlib import Path

from course.grading import cohort as autograde


def course_with(tmp_path: Path, files: dict[str, str]) -> Path:
    (tmp_path / "release" / "m01").mkdir(parents=True)
    (tmp_path / "release" / "m01" / "m01.ipynb").write_text("{}")
    for name, text in files.items():
        path = tmp_path / "submitted" / "ada" / "m01" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return tmp_path


NOTEBOOK = '{"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}'


def test_a_good_submission_passes_the_precheck(tmp_path: Path) -> None:
    root = course_with(tmp_path, {"m01.ipynb": NOTEBOOK})
    assert autograde.precheck(root, "m01", "ada") is None


def test_a_notebook_that_is_not_json_gets_a_reason(tmp_path: Path) -> None:
    root = course_with(tmp_path, {"m01.ipynb": "{ nope"})
    assert autograde.precheck(root, "m01", "ada") == (
        "m01.ipynb is not a notebook (it is not valid JSON)"
    )


def test_a_notebook_from_another_module_is_named(tmp_path: Path) -> None:
    root = course_with(tmp_path, {"m02.ipynb": NOTEBOOK})
    assert autograde.precheck(root, "m01", "ada") == (
        "the submission has no m01.ipynb (it holds m02.ipynb, from another module?)"
    )


def test_the_submission_hash_changes_with_any_file(tmp_path: Path) -> None:
    root = course_with(tmp_path, {"m01.ipynb": "{}", "reflections/x.json": "{}"})
    folder = root / "submitted" / "ada" / "m01"
    before = autograde.submission_hash(folder)
    assert autograde.submission_hash(folder) == before
    (folder / "reflections" / "x.json").write_text('{"text": "more"}')
    assert autograde.submission_hash(folder) != before


def test_a_kernel_that_did_not_start_is_recognised(tmp_path: Path) -> None:
    log = tmp_path / "ada.log"
    log.write_text("RuntimeError: Kernel died before replying to kernel_info\n")
    assert autograde.kernel_failed_to_start(log)
    log.write_text("AssertionError: wrong\n")
    assert not autograde.kernel_failed_to_start(log)
    assert not autograde.kernel_failed_to_start(tmp_path / "missing.log")


def test_the_failure_reason_is_the_first_named_exception(tmp_path: Path) -> None:
    log = tmp_path / "ada.log"
    log.write_text(
        "[INFO] start\nTraceback\nKeyError: 'grade_id'\n"
        "nbgrader.converters.base.NbGraderException: Please see above\n"
    )
    assert autograde.failure_reason(log) == "KeyError: 'grade_id' (see ada.log)"


def test_the_summary_names_failures_timeouts_and_manual_grading() -> None:
    summary = autograde.Summary(
        "m01",
        [
            autograde.Outcome("ada", "graded", needs_manual=True),
            autograde.Outcome("ben", "failed", "m01.ipynb is not a notebook"),
            autograde.Outcome("cai", "graded", timed_out=True, warnings=["check x restored"]),
        ],
        12.0,
    )
    lines = summary.lines()
    assert lines[0].startswith("m01: 2 graded, 0 unchanged, 1 failed, 1 with a timed-out cell")
    assert "  failed: ben: m01.ipynb is not a notebook" in lines
    assert any(line.startswith("  timed out: cai") for line in lines)
    assert "  warning: cai: check x restored" in lines
    assert lines[-1] == "  manual grading (reflections) needed for: ada"


def test_the_generation_key_changes_with_the_source_or_the_configuration(tmp_path: Path) -> None:
    """generate_assignment is skipped only while the source and configuration are the same."""
    (tmp_path / "grader_config.py").write_text("c = 1\n")
    before = autograde.generation_key(tmp_path, "m01", "source-hash")
    assert autograde.generation_key(tmp_path, "m01", "source-hash") == before
    assert autograde.generation_key(tmp_path, "m01", "other-source") != before
    (tmp_path / "grader_config.py").write_text("c = 2\n")
    assert autograde.generation_key(tmp_path, "m01", "source-hash") != before


def test_a_warning_several_learners_share_is_said_once() -> None:
    """The fork-server fallback (or any shared warning) is one line naming the learners."""
    shared = "grading kernels were started one by one"
    outcomes = [
        autograde.Outcome("ada", "graded", warnings=[shared]),
        autograde.Outcome("ben", "graded", warnings=[shared, "check x restored"]),
    ]
    assert autograde.warning_lines(outcomes) == [
        f"  warning (2 learners: ada, ben): {shared}",
        "  warning: ben: check x restored",
    ]

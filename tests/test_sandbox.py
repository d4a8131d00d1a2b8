"""course.sandbox: limits and the private view of the course for a learner's kernel."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from course.grading.plugins import kernel as sandbox


def test_a_kernel_in_an_autograded_folder_knows_its_course_and_learner(tmp_path: Path) -> None:
    (tmp_path / "nbgrader_config.py").write_text("")
    own = tmp_path / "autograded" / "ada" / "m01"
    assert sandbox.grading_place(own) == (tmp_path, "ada", "m01")


def test_a_kernel_elsewhere_is_not_sandboxed(tmp_path: Path) -> None:
    assert sandbox.grading_place(tmp_path / "workspace" / "m01") is None
    assert sandbox.grading_place(tmp_path / "autograded" / "ada" / "m01") is None  # no config


def test_the_script_hides_submissions_sources_and_the_gradebook(tmp_path: Path) -> None:
    for name in ("submitted", "autograded", "source", "feedback"):
        (tmp_path / name).mkdir()
    (tmp_path / "gradebook.db").write_text("")
    script = sandbox.isolation_script(tmp_path, tmp_path / "autograded" / "a" / "m",
                                      Path("/tmp/stage"), ["python", "-m", "ipykernel"])
    for name in ("submitted", "autograded", "source", "feedback"):
        assert f"course-hidden {tmp_path / name}" in script
    assert f"mount --bind /dev/null {tmp_path / 'gradebook.db'}" in script
    assert script.splitlines()[-1].startswith("exec unshare --user --mount -- python")


def test_limits_apply_to_the_process_and_a_memory_hog_fails() -> None:
    code = ("from course.grading.plugins import kernel as sandbox; import os; "
            "os.environ['COURSE_KERNEL_MEMORY_MB']='200'; "
            "sandbox.apply_limits()\n"
            "try:\n    x = bytearray(400 * 1024 * 1024)\nexcept MemoryError:\n    print('stopped')")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "stopped"


@pytest.mark.skipif(not sandbox.namespaces_work(), reason="this machine has no user namespaces")
def test_hidden_folders_are_empty_inside_the_sandbox(tmp_path: Path) -> None:
    (tmp_path / "nbgrader_config.py").write_text("")
    (tmp_path / "submitted" / "ben").mkdir(parents=True)
    (tmp_path / "submitted" / "ben" / "answers.txt").write_text("secret")
    own = tmp_path / "autograded" / "ada" / "m01"
    own.mkdir(parents=True)
    (own / "mine.txt").write_text("mine")
    stage = tmp_path.parent / f"{tmp_path.name}-stage"
    stage.mkdir()
    probe = [sys.executable, "-c",
             f"import os; print(sorted(os.listdir({str(tmp_path / 'submitted')!r})), "
             "open('mine.txt').read())"]
    script = sandbox.isolation_script(tmp_path, own, stage, probe)
    out = subprocess.run(["unshare", "--user", "--map-root-user", "--mount", "sh", "-c", script],
                         capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[] mine"

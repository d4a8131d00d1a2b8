"""course.grading.plugins.exchange: a learner's link in the exchange is never followed."""

from __future__ import annotations

from pathlib import Path

from nbgrader.coursedir import CourseDirectory

from course.grading.plugins.exchange import LinkSafeCollect


def test_a_link_in_a_submission_is_copied_as_a_link_not_its_target(tmp_path: Path) -> None:
    secret = tmp_path / "tutor-only.txt"
    secret.write_text("the tutor's secret")
    submission = tmp_path / "inbound" / "ada+m01+2026"
    (submission / "reflections").mkdir(parents=True)
    (submission / "m01.ipynb").write_text("{}")
    (submission / "reflections" / "m01_x.json").symlink_to(secret)
    dest = tmp_path / "submitted" / "ada" / "m01"
    LinkSafeCollect(coursedir=CourseDirectory()).do_copy(str(submission), str(dest))
    copied = dest / "reflections" / "m01_x.json"
    assert copied.is_symlink() and (dest / "m01.ipynb").read_text() == "{}"


def test_a_submission_without_links_is_copied_as_nbgrader_does(tmp_path: Path) -> None:
    submission = tmp_path / "inbound" / "ben+m01+2026"
    submission.mkdir(parents=True)
    (submission / "m01.ipynb").write_text("{}")
    dest = tmp_path / "submitted" / "ben" / "m01"
    LinkSafeCollect(coursedir=CourseDirectory()).do_copy(str(submission), str(dest))
    assert (dest / "m01.ipynb").read_text() == "{}" and not (dest / "m01.ipynb").is_symlink()

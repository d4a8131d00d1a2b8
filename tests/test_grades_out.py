"""Grades and feedback out to the LMS, released under the tutor's control (docs/grades.md).

A cohort of three is collected, graded by real nbgrader runs with a deadline in UK summer
time, one late learner and one with an extension; then exports and feedback are checked
against each LMS's documented import format and the release rules.
"""

from __future__ import annotations

import csv
import zipfile
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from nbgrader.api import Gradebook

from conftest import M01, REPO, require_isolation
from course import notebooks, workload
from course.grading import deadlines, tutor
from course.grading.lms import feedbackzip, grades, identity, roster
from course.paths import copy_course
from helpers import one_sentence, run_cli
from learners import fill, solutions, write_complete_reflections, zip_folder

SOURCE_NB = REPO / "source" / M01 / f"{M01}.ipynb"
RIGHT = solutions(SOURCE_NB)
ROSTER = (
    "id,first_name,last_name,email,lms_user_id\n"
    "ada,Ada,Lovelace,ada@nhs.net,101\n"
    "ben,Ben,Okafor,ben@nhs.net,102\n"
    "cai,Cai,Jones,cai@nhs.net,103\n"
)
# 10:00 UK time on 11 May is 09:00 UTC (BST): ada hands in before, ben half an hour after,
# cai after too but with an extension that has not ended.
DEADLINES = """\
late_penalty:
  percent_per_day: 10
  zero_after_days: 5
modules:
  m01:
    due: 2026-05-11 10:00
    extensions:
      cai: 2099-01-01 12:00
"""
HANDED_IN = {
    "ada": "2026-05-11-08-30-00",
    "ben": "2026-05-11-09-30-00",
    "cai": "2026-05-11-09-45-00",
}


def _cli(root: Path, *argv: str) -> tuple[int, str, str]:
    return run_cli("--course-dir", str(root), *argv)


@pytest.fixture(scope="module")
def cohort(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The course with three graded learners, before any manual marking."""
    require_isolation()
    tmp = tmp_path_factory.mktemp("grades-out")
    root = copy_course(REPO, tmp / "course")
    (tmp / "roster.csv").write_text(ROSTER, encoding="utf-8")
    roster.import_csv(root, tmp / "roster.csv")
    (root / deadlines.FILE).write_text(DEADLINES, encoding="utf-8")
    download = tmp / "download"
    for learner, stamp in HANDED_IN.items():
        folder = download / f"{learner}_{stamp}"
        fill(root / "release" / M01 / f"{M01}.ipynb", RIGHT, folder / f"{M01}.ipynb")
        write_complete_reflections(SOURCE_NB, folder)
    archive = zip_folder(download, tmp / "download.zip")
    assert tutor.collect_zip(root, "m01", archive).collected == sorted(HANDED_IN)
    summary = tutor.autograde(root, "m01", jobs=2)
    assert [o.student for o in summary.with_status("graded")] == sorted(HANDED_IN)
    yield root


def mark_by_hand(root: Path, learner: str, comment: str = "") -> None:
    """Give every answer of ``learner`` that needs manual marking full marks, as formgrader
    does (the manual score set and the flag cleared), with a comment on the first."""
    with Gradebook(f"sqlite:///{root / 'gradebook.db'}") as gb:
        submission = gb.find_submission(M01, learner)
        for notebook in submission.notebooks:
            for grade in notebook.grades:
                if grade.needs_manual_grade:
                    grade.manual_score = grade.max_score
                    grade.needs_manual_grade = False
            if comment:
                first = next(c for c in notebook.comments if c.name.startswith("m01"))
                first.manual_comment = comment
        gb.db.commit()


@pytest.mark.slow
def test_the_deadline_and_extension_reach_nbgrader_in_utc(cohort: Path) -> None:
    """10:00 UK summer time is nbgrader's 09:00 UTC duedate, and cai's extension is stored
    on their SubmittedAssignment."""
    with Gradebook(f"sqlite:///{cohort / 'gradebook.db'}") as gb:
        assert gb.find_assignment(M01).duedate == datetime(2026, 5, 11, 9, 0)
        cai = gb.find_submission(M01, "cai")
        assert cai.duedate == datetime(2099, 1, 1, 12, 0)  # GMT in January: UTC as written
        assert gb.find_submission(M01, "ada").extension is None
        assert cai.total_seconds_late == 0


@pytest.mark.slow
def test_the_late_penalty_is_taken_by_the_plugin(cohort: Path) -> None:
    """ben, half an hour late, loses 10% of his score; ada (on time) and cai (extension)
    lose nothing; nbgrader's own export agrees."""
    with Gradebook(f"sqlite:///{cohort / 'gradebook.db'}") as gb:
        penalties = {
            s: gb.find_submission(M01, s).late_submission_penalty for s in sorted(HANDED_IN)
        }
        ben_raw = gb.find_submission(M01, "ben").score
    assert ben_raw > 0
    assert penalties == {"ada": 0.0, "ben": pytest.approx(round(ben_raw * 0.1, 2)), "cai": 0.0}
    rows = {r["student_id"]: r for r in tutor.export(cohort, cohort / "grades.csv")}
    assert float(rows["ben"]["score"]) == pytest.approx(ben_raw - penalties["ben"])


@pytest.mark.slow
def test_course_deadlines_shows_the_deadline_penalty_and_extensions(cohort: Path) -> None:
    """The deadline and extension are shown in UK time with the zone."""
    code, out, _ = _cli(cohort, "deadlines", "m01")
    assert code == 0
    assert f"{M01}: due Monday 11 May 2026, 10:00 BST (UK time)." in out
    assert "10% of the marks scored per day or part of a day late" in out
    assert "extension: cai until Thursday 1 January 2099, 12:00 GMT." in out


@pytest.mark.slow
def test_feedback_is_held_for_unfinished_marking_and_a_running_extension(cohort: Path) -> None:
    """Only ada, marked by hand, gets feedback: ben waits for marking, cai for the end of
    their extension, and the report says so."""
    mark_by_hand(cohort, "ada", "A thoughtful answer.")
    code, out, _ = _cli(cohort, "feedback", "m01")
    assert code == 0, out
    assert f"{M01}: feedback written for 1 learner(s): ada; 2 held back." in out
    to_mark = sum(
        1 for c in notebooks.read(SOURCE_NB).cells if notebooks.nbgrader_meta(c).get("task")
    )
    assert f"held back: ben: manual marking is not finished ({to_mark} answer(s) to mark: " in out
    assert "held back: cai: their extension runs until Thursday 1 January 2099" in out
    assert "extensions are still running for cai" in out
    assert sorted(p.name for p in (cohort / "feedback").iterdir()) == ["ada"]


@pytest.mark.slow
def test_naming_a_learner_releases_their_feedback_before_marking_is_done(cohort: Path) -> None:
    """``--learner ben`` writes ben's feedback though his marking is unfinished, and says so."""
    code, out, _ = _cli(cohort, "feedback", "m01", "--learner", "ben")
    assert code == 0 and "feedback written for 1 learner(s): ben; 0 held back." in out
    assert "ben: released before manual marking is finished, as asked" in out
    assert any((cohort / "feedback" / "ben" / M01).glob("*.html"))
    code, _, err = _cli(cohort, "feedback", "m01", "--learner", "zed")
    assert code == 2 and "zed has no graded work in" in one_sentence(err)


@pytest.mark.slow
def test_force_does_not_release_feedback_before_an_extended_deadline(cohort: Path) -> None:
    """``force`` releases unmarked work but still holds cai, whose extension runs."""
    done = tutor.release_feedback(cohort, "m01", force=True)
    assert done.released == ["ada", "ben"] and list(done.held) == ["cai"]
    assert not (cohort / "feedback" / "cai").exists()


@pytest.mark.slow
def test_the_moodle_worksheet_has_the_columns_its_importer_reads(cohort: Path) -> None:
    """Moodle's grading worksheet: its columns in its order, ``Participant <id>`` from the
    roster, the grade after the penalty; learners held back are left out, and said so."""
    mark_by_hand(cohort, "ada", "A thoughtful answer.")
    out = cohort / "moodle.csv"
    code, text, _ = _cli(
        cohort, "export", "--format", "moodle", "--module", "m01", "--to", str(out)
    )
    assert code == 0, text
    with out.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == list(grades.MOODLE_COLUMNS)
    for needed in ("Identifier", "Grade", "Last modified (grade)", "Feedback comments"):
        assert needed in rows[0]  # the headers Moodle's importer looks for by name
    sheet = [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]
    assert [r["Identifier"] for r in sheet] == ["Participant 101"]
    ada = sheet[0]
    exported = {r["student_id"]: r for r in tutor.export(cohort, cohort / "all.csv")}
    assert float(ada["Grade"]) == pytest.approx(float(exported["ada"]["score"]))
    assert float(ada["Maximum grade"]) == pytest.approx(float(exported["ada"]["max_score"]))
    assert ada["Full name"] == "Ada Lovelace" and ada["Email address"] == "ada@nhs.net"
    assert "A thoughtful answer." in ada["Feedback comments"]
    assert datetime.fromisoformat(ada["Last modified (grade)"]).utcoffset() == timedelta(0)
    assert "left out: ben: held back, manual marking is not finished" in text
    assert "left out: cai: held back, their extension runs until" in text


@pytest.mark.slow
def test_the_canvas_import_has_its_student_columns_and_points_possible(cohort: Path) -> None:
    """Canvas's Gradebook import: Student, ID, SIS User ID, SIS Login ID, Section, then the
    assignment as ``name (id)``; a Points Possible row; Canvas user ids from the roster;
    held grades blank."""
    mark_by_hand(cohort, "ada")
    out = cohort / "canvas.csv"
    code, text, _ = _cli(
        cohort,
        "export",
        "--format",
        "canvas",
        "--module",
        "m01",
        "--assignment-id",
        "4321",
        "--to",
        str(out),
    )
    assert code == 0, text
    with out.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", f"{M01} (4321)"]
    total = workload.module_load(notebooks.read(SOURCE_NB)).marks  # automatic and tutor's
    assert rows[1][0] == "Points Possible" and float(rows[1][5]) == total
    body = {row[1]: row for row in rows[2:]}
    assert sorted(body) == ["101", "102", "103"]
    assert body["101"][0] == "Lovelace, Ada" and float(body["101"][5]) > 0
    assert body["102"][5] == "" and body["103"][5] == ""


@pytest.mark.slow
def test_the_feedback_zip_is_named_for_moodles_upload(cohort: Path, tmp_path: Path) -> None:
    """Each released learner's page is in a folder Moodle's zip importer reads as
    ``<name>_<participant id>_assignsubmission_file_``."""
    mark_by_hand(cohort, "ada")
    out = tmp_path / "moodle-feedback.zip"
    code, text, _ = _cli(cohort, "feedback", "m01", "--zip", str(out), "--lms", "moodle")
    assert code == 0 and "Packed 1 feedback file(s) for Moodle" in text
    assert zipfile.ZipFile(out).namelist() == [
        f"Ada Lovelace_101_assignsubmission_file_/{M01}-feedback.html"
    ]
    assert moodle_participant(zipfile.ZipFile(out).namelist()[0]) == "101"


def moodle_participant(path: str) -> str | None:
    """The participant id Moodle's feedback zip importer reads from a path, as
    ``is_valid_filename_for_import`` does (each part split on ``_`` into at most five)."""
    for part in path.split("/"):
        info = part.split("_", 4)
        if len(info) >= 4 and info[1].isdigit() and info[2:4] == ["assignsubmission", "file"]:
            return info[1]
    return None


def canvas_ids(name: str) -> list[str]:
    """The user id and file id Canvas's re-upload reads: the first two all-digit parts."""
    return [part for part in name.rsplit("/", 1)[-1].split("_") if part.isdigit()][:2]


def test_feedback_names_come_from_the_collected_moodle_and_canvas_downloads(
    course_copy: Path, tmp_path: Path
) -> None:
    """A learner collected from Moodle gets their download folder back, one collected from
    Canvas the name of the file they handed in, so each LMS finds them."""
    (tmp_path / "roster.csv").write_text(ROSTER, encoding="utf-8")
    roster.import_csv(course_copy, tmp_path / "roster.csv")
    nb = fill(REPO / "release" / M01 / f"{M01}.ipynb", {}, tmp_path / "nb.ipynb").read_bytes()
    moodle_zip = tmp_path / "moodle.zip"
    with zipfile.ZipFile(moodle_zip, "w") as zf:
        zf.writestr(f"Ada Lovelace_7001_assignsubmission_file/{M01}.ipynb", nb)
    canvas_zip = tmp_path / "canvas.zip"
    with zipfile.ZipFile(canvas_zip, "w") as zf:
        zf.writestr(f"jonescai_LATE_103_88001_{M01}.ipynb", nb)
    tutor.collect_zip(course_copy, "m01", moodle_zip)
    tutor.collect_zip(course_copy, "m01", canvas_zip)
    people = identity.identities(course_copy, M01, ["ada", "cai"])

    moodle_name, _ = feedbackzip.name_in_zip(people["ada"], M01, "moodle")
    assert moodle_name == f"Ada Lovelace_7001_assignsubmission_file_/{M01}-feedback.html"
    assert moodle_participant(moodle_name) == "7001"  # this assignment's, not the roster's
    canvas_name, _ = feedbackzip.name_in_zip(people["cai"], M01, "canvas")
    assert canvas_name == f"jonescai_LATE_103_88001_{M01}-feedback.html"
    assert canvas_ids(canvas_name) == ["103", "88001"]
    none, why = feedbackzip.name_in_zip(people["ada"], M01, "canvas")
    assert none is None and "collect from a Canvas download" in why


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "modules:\n  m01:\n    due: 2026-02-30 17:00\n",
            "line 3: '2026-02-30 17:00' is not a date and time",
        ),
        (
            "modules:\n  m01:\n    due: 2026-03-29 01:30\n",
            "line 3: 2026-03-29 01:30 does not exist in UK time",
        ),
        (
            "modules:\n  m01:\n    due: 2026-10-25 01:30\n",
            "line 3: 2026-10-25 01:30 happens twice in UK time",
        ),
        (
            "modules:\n  m01:\n    due: 2026-05-11 10:00\n    extensions:\n      zed: 2 days\n",
            "line 5: 'zed' is not a learner on the roster",
        ),
        (
            "modules:\n  m01:\n    due: 2026-05-11 10:00\n    extensions:\n"
            "      ada: 2 days\n      ada: 3 days\n",
            "line 6 repeats 'ada' of line 5",
        ),
        (
            "modules:\n  m01:\n    due: 2026-05-11 10:00\n  m01:\n    due: 2026-05-12 10:00\n",
            "line 4 repeats 'm01' of line 2",
        ),
    ],
)
def test_a_bad_deadline_line_is_one_sentence_and_changes_nothing(
    course_copy: Path, tmp_path: Path, text: str, message: str
) -> None:
    """A bad date, an hour the clocks skip or repeat, an unknown learner or a line given
    twice is refused naming the line; the gradebook is not touched."""
    (tmp_path / "roster.csv").write_text(ROSTER, encoding="utf-8")
    roster.import_csv(course_copy, tmp_path / "roster.csv")
    (course_copy / deadlines.FILE).write_text(text, encoding="utf-8")
    before = (course_copy / "gradebook.db").read_bytes()
    code, _, err = _cli(course_copy, "deadlines", "m01")
    assert code == 2 and message in one_sentence(err)
    fill(
        course_copy / "release" / M01 / f"{M01}.ipynb",
        {},
        course_copy / "submitted" / "ada" / M01 / f"{M01}.ipynb",
    )
    code, _, err = _cli(course_copy, "autograde", "m01", "--trust-submissions", "--quiet")
    assert code == 2 and message in err.strip().splitlines()[-1]
    assert (course_copy / "gradebook.db").read_bytes() == before
    assert not (course_copy / "autograded").exists()

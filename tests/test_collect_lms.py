"""course collect --zip: each LMS's documented bulk-download layout, built here in code.

Every test builds a download the way the LMS names it (docs/collect.md cites where each
naming is documented), collects it into a copy of the course, and checks the exact learners
and files that reach ``submitted/`` and what the tutor is told.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from pathlib import Path

import pytest

from conftest import M01, REPO
from course.errors import CourseError
from course.grading import tutor
from course.grading.lms import roster
from helpers import one_sentence, run_cli
from learners import fill, reflection_checks, write_complete_reflections

SOURCE_NB = REPO / "source" / M01 / f"{M01}.ipynb"
NB = f"{M01}.ipynb"
# Every reflection module 1 checks, as write_complete_reflections saves them.
KEYS = sorted({key for _, key, _ in reflection_checks(SOURCE_NB)})
REFLECTIONS = {f"reflections/{k}.json" for k in KEYS}
FULL = {NB, *REFLECTIONS}
T10 = (2026, 5, 11, 10, 0, 0)
T11 = (2026, 5, 11, 11, 0, 0)
T12 = (2026, 5, 11, 12, 0, 0)
ROSTER = (
    "id,first_name,last_name,email,lms_user_id\n"
    "ada,Ada,Lovelace,ada@nhs.net,5001\n"
    "ben,Ben,Okafor,ben@nhs.net,bokafor\n"
    "cai,Cai,Jones,cai@nhs.net,5003\n"
)


def notebook(tmp: Path, answers: dict[str, str] | None = None) -> bytes:
    """A learner's copy of module 1's release notebook with ``answers`` filled in."""
    path = fill(REPO / "release" / M01 / NB, answers or {}, tmp / "work" / NB)
    return path.read_bytes()


def reflections(tmp: Path) -> dict[str, bytes]:
    """Complete reflection files, by path inside a submission."""
    folder = tmp / "refl"
    write_complete_reflections(SOURCE_NB, folder)
    return {f"reflections/{p.name}": p.read_bytes() for p in (folder / "reflections").iterdir()}


def submission(tmp: Path, answers: dict[str, str] | None = None) -> dict[str, bytes]:
    return {NB: notebook(tmp, answers), **reflections(tmp)}


def make_zip(path: Path, files: dict[str, bytes], when: tuple[int, ...] = T10) -> Path:
    """A zip of ``files`` (name -> bytes), every entry dated ``when``."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in files.items():
            zf.writestr(zipfile.ZipInfo(name, date_time=when), data)
    return path


def inside(prefix: str, files: dict[str, bytes]) -> dict[str, bytes]:
    return {f"{prefix}{name}": data for name, data in files.items()}


def collected(root: Path, learner: str) -> set[str]:
    base = root / "submitted" / learner / M01
    return {str(p.relative_to(base)) for p in base.rglob("*") if p.is_file()}


def learners(root: Path) -> list[str]:
    return sorted(p.parent.name for p in (root / "submitted").glob(f"*/{M01}"))


def import_roster(root: Path, tmp: Path, text: str = ROSTER) -> None:
    (tmp / "roster.csv").write_text(text, encoding="utf-8")
    roster.import_csv(root, tmp / "roster.csv")


# --- the course's own folders --------------------------------------------------------------


def test_course_folders_in_a_wrapper_collect_each_learner_with_their_time(
    course_copy: Path, tmp_path: Path
) -> None:
    """A wrapper folder is set aside; every learner folder is a learner, timed by its name."""
    work = submission(tmp_path)
    files = {
        **inside("cohort/ada/", work),
        **inside("cohort/ben_2026-05-11T10:00:00+01:00/", work),
        **inside("cohort/Cai Jones_2026-05-11-10-00-00-123/", work),
        "cohort/readme-from-lms.txt": b"junk",
        "__MACOSX/cohort/._ada": b"junk",
    }
    report = tutor.collect_zip(course_copy, "m01", make_zip(tmp_path / "d.zip", files))
    assert report.collected == ["Cai Jones", "ada", "ben"]
    assert learners(course_copy) == ["Cai Jones", "ada", "ben"]
    assert collected(course_copy, "ada") == FULL
    assert collected(course_copy, "ben") == FULL | {"timestamp.txt"}
    ben = course_copy / "submitted" / "ben" / M01 / "timestamp.txt"
    assert ben.read_text().strip() == "2026-05-11 09:00:00"
    cai = course_copy / "submitted" / "Cai Jones" / M01 / "timestamp.txt"
    assert cai.read_text().strip() == "2026-05-11 10:00:00"
    assert report.wrappers == ["cohort"]
    assert report.skipped == [
        "readme-from-lms.txt: it is not in a learner's folder and its name fits none of the layouts"
    ]


def test_a_course_submit_zip_inside_a_learner_folder_is_unpacked(
    course_copy: Path, tmp_path: Path
) -> None:
    """The zip `course submit` writes (module folder inside) is the learner's submission."""
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w") as zf:
        for name, data in submission(tmp_path).items():
            zf.writestr(f"{M01}/{name}", data)
    files = {
        f"ada/{M01}-2026-05-11-09-59-00.zip": inner.getvalue(),
        "ben/" + NB: notebook(tmp_path),
    }
    report = tutor.collect_zip(course_copy, "m01", make_zip(tmp_path / "d.zip", files))
    assert report.collected == ["ada", "ben"]
    assert collected(course_copy, "ada") == FULL
    assert collected(course_copy, "ben") == {NB}
    assert report.carried == {"ben": 0}


def test_dup_beside_dup_with_a_time_collects_the_later_and_reports_the_other(
    course_copy: Path, tmp_path: Path
) -> None:
    """Two folders of one learner no longer stop the collect: the later wins, by name."""
    early = submission(tmp_path, {"m01-answer-ratio": "early = 1"})
    late = {NB: notebook(tmp_path, {"m01-answer-ratio": "late = 2"})}
    download = tmp_path / "d.zip"
    with zipfile.ZipFile(download, "w") as zf:
        for name, data in early.items():
            zf.writestr(zipfile.ZipInfo(f"dup_2026-05-11-10-00-00/{name}", T10), data)
        for name, data in late.items():  # no time in its name: the zip dates it 12:00
            zf.writestr(zipfile.ZipInfo(f"dup/{name}", T12), data)
    report = tutor.collect_zip(course_copy, "m01", download)
    assert report.collected == ["dup"]
    assert collected(course_copy, "dup") == {NB}  # whole submission: no earlier reflections
    assert b"late = 2" in (course_copy / "submitted" / "dup" / M01 / NB).read_bytes()
    assert report.earlier == [
        "dup: dup_2026-05-11-10-00-00 (2026-05-11 10:00:00, from its name); the later dup "
        "(2026-05-11 12:00:00) is collected"
    ]


def test_two_submissions_at_the_same_time_are_refused_by_name(
    course_copy: Path, tmp_path: Path
) -> None:
    """When the latest cannot be told, the learner is named and nothing is collected."""
    files = {
        **inside("ada_2026-05-11-10-00-00/", {NB: notebook(tmp_path, {"m01-answer-pct": "a"})}),
        **inside("ada_2026-05-11T10:00:00Z/", {NB: notebook(tmp_path, {"m01-answer-pct": "b"})}),
        "ben/" + NB: notebook(tmp_path),
    }
    report = tutor.collect_zip(course_copy, "m01", make_zip(tmp_path / "d.zip", files))
    assert learners(course_copy) == ["ben"]
    assert len(report.refused) == 1 and report.refused[0].startswith("ada: ")
    assert "same time" in report.refused[0]


def test_the_same_submission_twice_in_a_download_is_collected_once(
    course_copy: Path, tmp_path: Path
) -> None:
    """Identical copies at the same time are one submission, not a conflict."""
    work = {NB: notebook(tmp_path)}
    files = {
        **inside("ada_2026-05-11-10-00-00/", work),
        **inside("ada_2026-05-11T10:00:00Z/", work),
    }
    report = tutor.collect_zip(course_copy, "m01", make_zip(tmp_path / "d.zip", files))
    assert report.collected == ["ada"] and report.refused == []
    assert collected(course_copy, "ada") == {NB, "timestamp.txt"}


# --- Moodle -------------------------------------------------------------------------------


def test_moodle_in_folders_matches_learners_by_full_name(course_copy: Path, tmp_path: Path) -> None:
    """Moodle's "download submissions in folders" keeps each learner's folders."""
    import_roster(course_copy, tmp_path)
    work = submission(tmp_path)
    files = {
        **inside("Ada Lovelace_101_assignsubmission_file/", work),
        "Ben Okafor_102_assignsubmission_file/" + NB: work[NB],
        "Ben Okafor_102_assignsubmission_onlinetext/onlinetext.html": b"<p>hi</p>",
        "Dee Unknown_104_assignsubmission_file/" + NB: work[NB],
    }
    report = tutor.collect_zip(course_copy, "m01", make_zip(tmp_path / "d.zip", files))
    assert report.layouts == ['Moodle "Download all submissions" in folders']
    assert report.collected == ["ada", "ben"]
    assert collected(course_copy, "ada") == FULL
    assert collected(course_copy, "ben") == {NB}
    assert report.unknown == [
        "Dee Unknown_104_assignsubmission_file (Dee Unknown (Moodle participant 104)): is not "
        "on the roster; add them with `course roster import <csv>`"
    ]
    assert report.skipped == [
        "Ben Okafor_102_assignsubmission_onlinetext/onlinetext.html: Moodle's onlinetext "
        "submissions are not part of a module's hand-in"
    ]


def test_moodle_flat_download_puts_reflections_back_in_their_folder(
    course_copy: Path, tmp_path: Path
) -> None:
    """Without folders Moodle flattens the files; reflections go back into reflections/."""
    import_roster(course_copy, tmp_path)
    work = submission(tmp_path)
    files = {
        f"Ada Lovelace_101_assignsubmission_file_{Path(name).name}": data
        for name, data in work.items()
    }
    report = tutor.collect_zip(course_copy, "m01", make_zip(tmp_path / "d.zip", files))
    assert report.layouts == ['Moodle "Download all submissions"']
    assert report.collected == ["ada"] and collected(course_copy, "ada") == FULL


def test_moodle_blind_marking_needs_the_participant_id(course_copy: Path, tmp_path: Path) -> None:
    """With blind marking only a participant id in lms_user_id can name the learner."""
    import_roster(course_copy, tmp_path, ROSTER.replace("bokafor", "102"))
    files = {
        "Participant_102_assignsubmission_file/" + NB: notebook(tmp_path),
        "Participant_999_assignsubmission_file/" + NB: notebook(tmp_path),
    }
    report = tutor.collect_zip(course_copy, "m01", make_zip(tmp_path / "d.zip", files))
    assert report.collected == ["ben"]
    assert len(report.unknown) == 1 and "participant 999" in report.unknown[0]


# --- Canvas -------------------------------------------------------------------------------


def test_canvas_flat_names_map_user_ids_and_say_late(course_copy: Path, tmp_path: Path) -> None:
    """Canvas's name_[LATE_]userid_fileid_file naming, with a notebook Canvas renamed."""
    import_roster(course_copy, tmp_path)
    work = submission(tmp_path)
    files = {
        f"lovelaceada_LATE_5001_900{n}_{Path(k).name}": v for n, (k, v) in enumerate(work.items())
    }
    files["jonescai_5003_9101_m01_leading_without_authority-1.ipynb"] = work[NB]
    files["okaforben_5002_9201_text.html"] = b"<p>text entry</p>"
    report = tutor.collect_zip(course_copy, "m01", make_zip(tmp_path / "d.zip", files))
    assert report.layouts == ['Canvas "Download Submissions"']
    assert report.collected == ["ada", "cai"]
    assert collected(course_copy, "ada") == FULL
    assert collected(course_copy, "cai") == {NB}
    assert report.notes[-1] == "ada: the LMS marks this submission late"
    assert report.renamed == [
        "cai: m01_leading_without_authority-1.ipynb -> m01_leading_without_authority.ipynb "
        "(it carries 100% of the module's nbgrader cell ids and unchanged locked cells)"
    ]
    assert report.skipped == [
        "okaforben_5002_9201_text.html: Canvas text and URL entries are not collected"
    ]
    # Canvas names carry no submission time: no timestamp.txt, so no late penalty by zip time
    assert not (course_copy / "submitted" / "ada" / M01 / "timestamp.txt").exists()


def test_canvas_submit_zip_upload_is_unpacked(course_copy: Path, tmp_path: Path) -> None:
    """A learner who uploads their `course submit` zip to Canvas hands in all of it."""
    import_roster(course_copy, tmp_path)
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w") as zf:
        for name, data in submission(tmp_path).items():
            zf.writestr(f"{M01}/{name}", data)
    files = {f"lovelaceada_5001_9001_{M01}-2026-05-11-09-00-00.zip": inner.getvalue()}
    report = tutor.collect_zip(course_copy, "m01", make_zip(tmp_path / "d.zip", files))
    assert report.collected == ["ada"] and collected(course_copy, "ada") == FULL


def test_canvas_without_a_roster_collects_nobody_and_says_why(
    course_copy: Path, tmp_path: Path
) -> None:
    """LMS names are never made into learner ids: without a roster they are reported."""
    files = {f"lovelaceada_5001_9001_{NB}": notebook(tmp_path)}
    report = tutor.collect_zip(course_copy, "m01", make_zip(tmp_path / "d.zip", files))
    assert report.collected == [] and not (course_copy / "submitted").exists()
    assert report.unknown == [
        "lovelaceada_5001 (lovelaceada (Canvas user 5001)): no roster has been imported, so "
        "this download's names cannot be matched to learner ids (run `course roster import "
        "<csv>`)"
    ]


def test_canvas_anonymous_grading_matches_only_an_anonymous_id(
    course_copy: Path, tmp_path: Path
) -> None:
    """With anonymous grading Canvas gives anon_<id>; only lms_user_id can name the learner."""
    import_roster(course_copy, tmp_path, ROSTER.replace("5003", "anon_x7k2q"))
    files = {
        f"LATE_anon_x7k2q_9001_{NB}": notebook(tmp_path),
        f"anon_zz9zz_9002_{NB}": notebook(tmp_path),
    }
    report = tutor.collect_zip(course_copy, "m01", make_zip(tmp_path / "d.zip", files))
    assert report.collected == ["cai"]
    assert len(report.unknown) == 1 and "Canvas anonymous id zz9zz" in report.unknown[0]


# --- Blackboard ---------------------------------------------------------------------------


def receipt(user: str, stamp: str, pairs: list[tuple[str, str]]) -> bytes:
    lines = [f"Name: Ben Okafor ({user})", "Assignment: M01", f"Date Submitted: {stamp}", "Files:"]
    for original, renamed in pairs:
        lines += [f"\tOriginal filename: {original}", f"\tFilename: {renamed}"]
    return ("\n".join(lines) + "\n").encode()


def test_blackboard_attempts_the_latest_wins_and_the_receipt_restores_names(
    course_copy: Path, tmp_path: Path
) -> None:
    """Blackboard's assignment_username_attempt_date_file naming, all attempts, .txt receipts."""
    import_roster(course_copy, tmp_path)
    first = submission(tmp_path, {"m01-answer-ratio": "first = 1"})
    second = {NB: notebook(tmp_path, {"m01-answer-ratio": "second = 2"})}
    files: dict[str, bytes] = {}
    for stamp, work in (("2026-05-11-10-00-00", first), ("2026-05-12-08-30-00", second)):
        head = f"Module 1_hand_in_bokafor_attempt_{stamp}"
        pairs = []
        for n, (name, data) in enumerate(sorted(work.items())):
            renamed = f"{head}_{n}.{name.rsplit('.', 1)[1]}"
            files[renamed] = data
            pairs.append((Path(name).name, renamed))
        files[f"{head}.txt"] = receipt("bokafor", stamp, pairs)
    report = tutor.collect_zip(course_copy, "m01", make_zip(tmp_path / "d.zip", files))
    assert report.layouts == ['Blackboard "Assignment File Download"']
    assert report.collected == ["ben"]
    assert collected(course_copy, "ben") == {NB, "timestamp.txt"}
    assert b"second = 2" in (course_copy / "submitted" / "ben" / M01 / NB).read_bytes()
    stamp = (course_copy / "submitted" / "ben" / M01 / "timestamp.txt").read_text().strip()
    assert stamp == "2026-05-12 08:30:00"
    assert report.earlier == [
        "ben: Module 1_hand_in_bokafor_attempt_2026-05-11-10-00-00 (2026-05-11 10:00:00, "
        "from its name); the later Module 1_hand_in_bokafor_attempt_2026-05-12-08-30-00 "
        "(2026-05-12 08:30:00) is collected"
    ]
    assert report.skipped == []  # receipts are read, never listed as junk


# --- several downloads --------------------------------------------------------------------


def test_a_late_download_with_the_same_name_adds_work_and_keeps_both(
    course_copy: Path, tmp_path: Path
) -> None:
    """Late work is collected from a second download; the first is never overwritten."""
    (tmp_path / "first").mkdir()
    (tmp_path / "late").mkdir()
    first = make_zip(tmp_path / "first" / "download.zip", inside("ada/", submission(tmp_path)))
    late = make_zip(tmp_path / "late" / "download.zip", {"ben/" + NB: notebook(tmp_path)}, T11)
    tutor.collect_zip(course_copy, "m01", first)
    report = tutor.collect_zip(course_copy, "m01", late)
    assert report.collected == ["ben"] and report.unchanged == []
    assert learners(course_copy) == ["ada", "ben"]
    kept = course_copy / "downloaded" / M01 / "archive"
    assert sorted(p.name for p in kept.iterdir()) == ["download-2.zip", "download.zip"]
    assert (kept / "download.zip").read_bytes() == first.read_bytes()
    assert report.lines()[1] == (
        "Collected 1 new or updated submission(s): ben (1 learner(s) matched in this download)."
    )


def test_the_same_download_again_changes_nothing(course_copy: Path, tmp_path: Path) -> None:
    """Collecting a download twice reports everyone up to date and keeps one copy."""
    download = make_zip(tmp_path / "d.zip", inside("ada/", submission(tmp_path)))
    tutor.collect_zip(course_copy, "m01", download)
    before = (course_copy / "submitted" / "ada" / M01 / NB).stat().st_mtime_ns
    report = tutor.collect_zip(course_copy, "m01", download)
    assert report.collected == [] and report.unchanged == ["ada"] and report.seen_before
    assert (course_copy / "submitted" / "ada" / M01 / NB).stat().st_mtime_ns == before
    assert len(list((course_copy / "downloaded" / M01 / "archive").iterdir())) == 1


def test_an_earlier_submission_does_not_replace_a_later_one(
    course_copy: Path, tmp_path: Path
) -> None:
    """A download holding older work than was collected leaves the collected work alone."""
    later = inside("ada_2026-05-11-11-00-00/", {NB: notebook(tmp_path, {"m01-answer-pct": "new"})})
    older = inside("ada_2026-05-11-10-00-00/", {NB: notebook(tmp_path, {"m01-answer-pct": "old"})})
    tutor.collect_zip(course_copy, "m01", make_zip(tmp_path / "later.zip", later))
    report = tutor.collect_zip(course_copy, "m01", make_zip(tmp_path / "older.zip", older))
    assert report.collected == []
    assert report.kept_newer == [
        "ada (this download: 2026-05-11 10:00:00; collected: 2026-05-11 11:00:00 from later.zip)"
    ]
    assert b"new" in (course_copy / "submitted" / "ada" / M01 / NB).read_bytes()


def test_a_later_submission_without_reflections_replaces_the_whole_folder(
    course_copy: Path, tmp_path: Path
) -> None:
    """Never a later notebook with earlier reflections: the folder is replaced, the old kept."""
    first = inside("ada_2026-05-11-10-00-00/", submission(tmp_path))
    second = inside("ada_2026-05-11-11-00-00/", {NB: notebook(tmp_path, {"m01-answer-pct": "x"})})
    tutor.collect_zip(course_copy, "m01", make_zip(tmp_path / "one.zip", first))
    report = tutor.collect_zip(course_copy, "m01", make_zip(tmp_path / "two.zip", second))
    assert report.collected == ["ada"]
    assert collected(course_copy, "ada") == {NB, "timestamp.txt"}
    assert report.carried == {"ada": 0}
    assert report.replaced == [
        "ada: ada_2026-05-11-11-00-00 (2026-05-11 11:00:00) replaces the submission collected "
        f"from one.zip (2026-05-11 10:00:00); that one is kept in downloaded/{M01}/replaced/ada-1"
    ]
    old = course_copy / "downloaded" / M01 / "replaced" / "ada-1"
    assert {str(p.relative_to(old)) for p in old.rglob("*") if p.is_file()} == FULL | {
        "timestamp.txt"
    }


# --- notebooks renamed by the LMS or the learner --------------------------------------------


@pytest.mark.parametrize("name", [f"{M01} (1).ipynb", f"Copy of {M01}.ipynb", "notebook.ipynb"])
def test_a_renamed_notebook_is_matched_by_its_content(
    course_copy: Path, tmp_path: Path, name: str
) -> None:
    """A notebook under another name is module 1's if it carries module 1's cells."""
    report = tutor.collect_zip(
        course_copy, "m01", make_zip(tmp_path / "d.zip", {f"ada/{name}": notebook(tmp_path)})
    )
    assert collected(course_copy, "ada") == {NB}
    assert report.renamed == [
        f"ada: {name} -> {NB} (it carries 100% of the module's nbgrader cell ids and unchanged "
        "locked cells)"
    ]


def test_another_modules_notebook_keeps_its_name(course_copy: Path, tmp_path: Path) -> None:
    """Module 2's notebook is not renamed to module 1's; the report says whose it is."""
    m02 = next((REPO / "release").glob("m02_*/*.ipynb"))
    files = {"ada/notebook.ipynb": m02.read_bytes()}
    report = tutor.collect_zip(course_copy, "m01", make_zip(tmp_path / "d.zip", files))
    assert collected(course_copy, "ada") == {"notebook.ipynb"}
    assert report.renamed == [
        f"ada: notebook.ipynb looks like {m02.parent.name}'s notebook, not {M01}'s"
    ]


def test_a_copy_beside_the_notebook_is_not_collected(course_copy: Path, tmp_path: Path) -> None:
    """With the real notebook present, a renamed copy is left out and said so."""
    files = {f"ada/{NB}": notebook(tmp_path), f"ada/Copy of {NB}": notebook(tmp_path)}
    report = tutor.collect_zip(course_copy, "m01", make_zip(tmp_path / "d.zip", files))
    assert collected(course_copy, "ada") == {NB}
    assert report.skipped == [
        f"ada: Copy of {NB}: a second copy of {NB}; the one named {NB} is used"
    ]


# --- unsafe and bad input ------------------------------------------------------------------


def link_entry(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, T10)
    info.external_attr = 0o120777 << 16
    return info


@pytest.mark.parametrize(
    ("entry", "data", "reason"),
    [
        (zipfile.ZipInfo("/ada/" + NB, T10), b"{}", "has an absolute path"),
        (zipfile.ZipInfo("ada/../../etc/" + NB, T10), b"{}", "leads out of its folder"),
        (link_entry("ada/reflections/m01_introduce_role.json"), b"/etc/passwd", "symbolic link"),
        (zipfile.ZipInfo("ada/big.csv", T10), b"0" * (3 * 1024 * 1024), "like a zip bomb"),
    ],
)
def test_an_unsafe_entry_refuses_that_learner_and_names_the_file(
    course_copy: Path, tmp_path: Path, entry: zipfile.ZipInfo, data: bytes, reason: str
) -> None:
    """Nothing of a learner with an unsafe entry is written; the others are collected."""
    download = tmp_path / "d.zip"
    with zipfile.ZipFile(download, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(zipfile.ZipInfo("ada/" + NB, T10), notebook(tmp_path))
        entry.compress_type = zipfile.ZIP_DEFLATED
        zf.writestr(entry, data)
        zf.writestr(zipfile.ZipInfo("ben/" + NB, T10), notebook(tmp_path))
    report = tutor.collect_zip(course_copy, "m01", download)
    assert learners(course_copy) == ["ben"]
    assert len(report.refused) == 1
    assert report.refused[0].startswith("ada (ada): not collected, because ")
    assert reason in report.refused[0]
    assert entry.filename.rsplit("/", 1)[-1] in report.refused[0]


def test_a_download_in_no_known_layout_says_which_layouts_are_known(
    course_copy: Path, tmp_path: Path
) -> None:
    """A zip of loose files names the layouts the collector reads, in one sentence."""
    download = make_zip(tmp_path / "d.zip", {NB: notebook(tmp_path), "notes.txt": b"x"})
    code, _, err = run_cli(
        "--course-dir", str(course_copy), "collect", "m01", "--zip", str(download)
    )
    sentence = one_sentence(err)
    assert code == 2 and "is not a download the collector knows" in sentence
    for layout in ("Moodle", "Canvas", "Blackboard", "course folders"):
        assert layout in sentence
    assert not (course_copy / "submitted").exists() and not (course_copy / "downloaded").exists()


def test_a_truncated_download_is_refused_and_changes_nothing(
    course_copy: Path, tmp_path: Path
) -> None:
    """A zip cut short while downloading is one sentence; what was collected stays."""
    tutor.collect_zip(
        course_copy, "m01", make_zip(tmp_path / "ok.zip", {"ada/" + NB: notebook(tmp_path)})
    )
    whole = make_zip(tmp_path / "whole.zip", {"ben/" + NB: notebook(tmp_path)}).read_bytes()
    cut = tmp_path / "cut.zip"
    cut.write_bytes(whole[: len(whole) // 2])
    code, _, err = run_cli("--course-dir", str(course_copy), "collect", "m01", "--zip", str(cut))
    assert code == 2 and "cut short" in one_sentence(err)
    assert learners(course_copy) == ["ada"]
    assert [p.name for p in (course_copy / "downloaded" / M01 / "archive").iterdir()] == ["ok.zip"]


def test_cli_prints_what_this_download_held(course_copy: Path, tmp_path: Path) -> None:
    """The command's report names the download, its layout and only its learners."""
    tutor.collect_zip(
        course_copy, "m01", make_zip(tmp_path / "a.zip", {"ada/" + NB: notebook(tmp_path)})
    )
    download = make_zip(tmp_path / "b.zip", {"ben/" + NB: notebook(tmp_path), "x.pdf": b"%PDF"})
    code, out, _ = run_cli(
        "--course-dir", str(course_copy), "collect", "m01", "--zip", str(download)
    )
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == (
        f"b.zip: course folders (<learner id> or <learner id>_<time>); kept as "
        f"downloaded/{M01}/archive/b.zip."
    )
    assert lines[1] == (
        "Collected 1 new or updated submission(s): ben (1 learner(s) matched in this download)."
    )
    assert "ada" not in out
    assert sum("x.pdf" in line for line in lines) == 1


# --- the roster ---------------------------------------------------------------------------


def test_roster_import_fills_nbgraders_student_table(course_copy: Path, tmp_path: Path) -> None:
    """Every column of the roster reaches the gradebook's student table."""
    (tmp_path / "r.csv").write_text(ROSTER.replace("lms_user_id", "Username"), encoding="utf-8")
    code, out, _ = run_cli(
        "--course-dir", str(course_copy), "roster", "import", str(tmp_path / "r.csv")
    )
    assert code == 0 and out.strip() == "Imported 3 learner(s) into the roster (3 new, 0 updated)."
    assert roster.load(course_copy) == [
        roster.Learner("ada", "Ada", "Lovelace", "ada@nhs.net", "5001"),
        roster.Learner("ben", "Ben", "Okafor", "ben@nhs.net", "bokafor"),
        roster.Learner("cai", "Cai", "Jones", "cai@nhs.net", "5003"),
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (ROSTER + "ada,Ada,Again,,\n", "line 5 repeats the id 'ada' of line 2"),
        (ROSTER + ",No,Id,x@nhs.net,\n", "line 5 has no id"),
        (
            ROSTER + "dee,Dee,Ross,BEN@nhs.net,\n",
            "line 5 repeats the email 'BEN@nhs.net' of line 3",
        ),
        (ROSTER + "dee,Dee,Ross,,5001\n", "line 5 repeats the lms_user_id '5001' of line 2"),
        ("id,nickname\nada,Addy\n", "line 1 has the unknown column 'nickname'"),
        ("first_name,last_name\nAda,Lovelace\n", "line 1 has no id column"),
    ],
)
def test_a_bad_roster_is_one_sentence_with_its_line_and_writes_nothing(
    course_copy: Path, tmp_path: Path, text: str, message: str
) -> None:
    """A repeated or missing id (or a bad header) is refused before anything is written."""
    (tmp_path / "r.csv").write_text(text, encoding="utf-8")
    code, _, err = run_cli(
        "--course-dir", str(course_copy), "roster", "import", str(tmp_path / "r.csv")
    )
    assert code == 2 and message in one_sentence(err)
    assert not (course_copy / "gradebook.db").exists()
    assert not (course_copy / roster.RECORD).exists()


def test_a_name_on_the_roster_twice_is_reported_not_guessed(
    course_copy: Path, tmp_path: Path
) -> None:
    """Two learners called Sam Smith: a Moodle folder named Sam Smith is not given to either."""
    import_roster(
        course_copy, tmp_path, "id,first_name,last_name\nsam1,Sam,Smith\nsam2,Sam,Smith\n"
    )
    files = {"Sam Smith_7_assignsubmission_file/" + NB: notebook(tmp_path)}
    report = tutor.collect_zip(course_copy, "m01", make_zip(tmp_path / "d.zip", files))
    assert report.collected == []
    assert "fits more than one learner on the roster by name (sam1, sam2)" in report.unknown[0]


def test_course_folders_after_a_roster_import_must_be_on_it(
    course_copy: Path, tmp_path: Path
) -> None:
    """Once a roster is imported a folder name is matched to it (here by email), never made up."""
    import_roster(course_copy, tmp_path)
    files = {"ada@nhs.net/" + NB: notebook(tmp_path), "zed/" + NB: notebook(tmp_path)}
    report = tutor.collect_zip(course_copy, "m01", make_zip(tmp_path / "d.zip", files))
    assert report.collected == ["ada"] and learners(course_copy) == ["ada"]
    assert report.unknown == [
        "zed (zed): is not on the roster; add them with `course roster import <csv>`"
    ]


# --- a resubmission after manual marking ------------------------------------------------------


def test_a_changed_reflection_flags_its_manual_mark_for_grading_again(
    course_copy: Path, tmp_path: Path
) -> None:
    """A reflection edited after the tutor marked it is listed for manual grading again."""
    from nbgrader.api import Gradebook

    from course import nbg

    work = submission(tmp_path)
    tutor.collect_zip(
        course_copy, "m01", make_zip(tmp_path / "one.zip", inside("ada_2026-05-11-10-00-00/", work))
    )
    nbg.run(course_copy, "generate_assignment", M01, "--force")
    url = f"sqlite:///{course_copy / 'gradebook.db'}"
    with Gradebook(url) as gb:
        gb.add_student("ada")
        gb.add_submission(M01, "ada")
        for grade_id, score in (("m01-mark-r2", 5.0), ("m01-mark-r1", 3.0)):
            grade = gb.find_grade(grade_id, M01, M01, "ada")
            grade.manual_score, grade.needs_manual_grade = score, False
        gb.db.commit()
    changed = dict(work)
    record = json.loads(changed["reflections/m01_introduce_role.json"])
    record["text"] = "I changed my mind after the feedback. " * 20
    changed["reflections/m01_introduce_role.json"] = json.dumps(record).encode()
    report = tutor.collect_zip(
        course_copy,
        "m01",
        make_zip(tmp_path / "two.zip", inside("ada_2026-05-11-11-00-00/", changed)),
    )
    assert report.remark == [
        "ada: reflection m01_introduce_role changed since m01-mark-r2 was marked by hand "
        "(5 of 6); it is listed for manual grading again, with the old mark kept"
    ]
    with Gradebook(url) as gb:
        assert gb.find_grade("m01-mark-r2", M01, M01, "ada").needs_manual_grade
        assert gb.find_grade("m01-mark-r2", M01, M01, "ada").manual_score == 5.0
        assert not gb.find_grade("m01-mark-r1", M01, M01, "ada").needs_manual_grade
        assert gb.find_submission(M01, "ada").needs_manual_grade


def test_report_lines_are_plain_sentences(course_copy: Path, tmp_path: Path) -> None:
    """No line of the report carries a Python repr or a traceback."""
    report = tutor.collect_zip(
        course_copy, "m01", make_zip(tmp_path / "d.zip", {"ada/" + NB: notebook(tmp_path)})
    )
    text = "\n".join(report.lines())
    assert not re.search(r"Traceback|PosixPath|\bNone\b", text)


def test_a_missing_download_is_one_sentence(course_copy: Path, tmp_path: Path) -> None:
    """A path that does not exist is refused before anything is written."""
    with pytest.raises(CourseError, match="does not exist"):
        tutor.collect_zip(course_copy, "m01", tmp_path / "nowhere.zip")
    assert not (course_copy / "downloaded").exists()


@pytest.mark.slow
@pytest.mark.usefixtures("isolation")
def test_a_resubmission_that_deletes_a_marked_reflection_is_graded_by_hand_again(
    course_copy: Path, tmp_path: Path
) -> None:
    """After real autograding and marking, deleting a reflection lists the learner again."""
    from nbgrader.api import Gradebook

    work = submission(tmp_path)
    first = make_zip(tmp_path / "one.zip", inside("ada_2026-05-11-10-00-00/", work))
    tutor.collect_zip(course_copy, "m01", first)
    assert tutor.autograde(course_copy, "m01", jobs=1).outcomes[0].status == "graded"
    url = f"sqlite:///{course_copy / 'gradebook.db'}"
    with Gradebook(url) as gb:  # the tutor marks every reflection in formgrader
        for grade in gb.find_submission(M01, "ada").notebooks[0].grades:
            if grade.needs_manual_grade:
                grade.manual_score, grade.needs_manual_grade = grade.max_score - 1, False
        gb.db.commit()
        assert not gb.find_submission(M01, "ada").needs_manual_grade

    del work["reflections/m01_introduce_role.json"]
    second = make_zip(tmp_path / "two.zip", inside("ada_2026-05-11-11-00-00/", work))
    report = tutor.collect_zip(course_copy, "m01", second)
    assert collected(course_copy, "ada") == FULL - {"reflections/m01_introduce_role.json"} | {
        "timestamp.txt"
    }
    assert report.remark == [
        "ada: reflection m01_introduce_role changed since m01-mark-r2 was marked by hand "
        "(5 of 6); it is listed for manual grading again, with the old mark kept"
    ]
    summary = tutor.autograde(course_copy, "m01", jobs=1)
    assert summary.outcomes[0].status == "graded" and summary.outcomes[0].needs_manual
    assert "  manual grading (reflections) needed for: ada" in summary.lines()
    with Gradebook(url) as gb:
        assert gb.find_grade("m01-check-r2", M01, M01, "ada").auto_score == 0
        assert gb.find_grade("m01-mark-r2", M01, M01, "ada").needs_manual_grade

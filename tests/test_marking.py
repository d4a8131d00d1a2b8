"""Marking by question: the questions, rubric, order, store, queue and gradebook behind the page.

A cohort is handed in and entered in nbgrader's gradebook (``learners.hand_in_and_enter``);
marks are saved through the same library calls the page's handlers make.
"""

from __future__ import annotations

import json
import re
import shutil
import threading
from pathlib import Path

import nbformat
import pytest

from conftest import M01, REPO
from course.errors import CourseError
from course.grading import tutor
from course.grading.marking import order, questions, rubric
from course.grading.marking.queue import CHANGED, MARKED, TO_MARK, Marking
from course.grading.marking.store import FIRST, Conflict, Store
from course.paths import copy_course
from helpers import one_sentence, run_cli
from learners import hand_in_and_enter

R2 = "m01-mark-r2"
KEY = "m01_introduce_role"
COHORT = {
    f"learner-{n:02d}": {KEY: f"Learner {n} writes about partners and shared purpose. " * 20}
    for n in range(1, 5)
}


@pytest.fixture(scope="module")
def handed_in(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Four learners of module 1 handed in and entered in the gradebook, once per module."""
    root = copy_course(REPO, tmp_path_factory.mktemp("cohort") / "course")
    hand_in_and_enter(root, M01, COHORT)
    return root


@pytest.fixture
def cohort(handed_in: Path, tmp_path: Path) -> Path:
    """A fresh copy of the handed-in cohort, for one test to mark."""
    return Path(shutil.copytree(handed_in, tmp_path / "course"))


def grade(root: Path, learner: str) -> tuple[float | None, str | None]:
    """The manual score and comment nbgrader holds for ``learner``'s second reflection."""
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{root / 'gradebook.db'}") as gb:
        score = gb.find_grade(R2, M01, M01, learner).manual_score
        comment = gb.find_comment(R2, M01, M01, learner).manual_comment
    return score, comment


# --- which cells are marked, and their rubric -----------------------------------------------


def test_markable_questions_come_from_nbgrader_metadata_not_position(course_copy: Path) -> None:
    """Cells added above the tutor's marking cells change neither what is marked nor its cover."""
    before = questions.markable(course_copy, "m01")
    release = nbformat.read(course_copy / "release" / M01 / f"{M01}.ipynb", as_version=4)
    tasks = [
        c.metadata["nbgrader"] for c in release.cells if c.metadata.get("nbgrader", {}).get("task")
    ]
    assert [(q.grade_id, q.max_score) for q in before] == [
        (t["grade_id"], t["points"]) for t in tasks
    ]
    r2 = next(q for q in before if q.grade_id == R2)
    assert r2.covers == (f"key:{KEY}",) and r2.max_score == 6
    assert r2.title == "Tutor marking, reflection 2 (6 marks)"
    path = course_copy / "release" / M01 / f"{M01}.ipynb"
    nb = nbformat.read(path, as_version=4)
    nb.cells.insert(2, nbformat.v4.new_markdown_cell("A new worked example."))
    nb.cells.insert(30, nbformat.v4.new_code_cell("x = 1"))
    nbformat.write(nb, path)
    assert questions.markable(course_copy, "m01") == before


def test_a_marking_guide_becomes_rubric_items_with_their_marks() -> None:
    """Each ``N marks: ...`` part of a guide, in a sentence or a list, is one rubric item."""
    guide = (
        "**Tutor marking, reflection 2 (6 marks).** 2 marks: takes a clear position. "
        "1 mark: engages with both quotations. 3 marks: names partners (for example a council)."
    )
    assert rubric.parse(guide) == [
        rubric.Item(2, "takes a clear position."),
        rubric.Item(1, "engages with both quotations."),
        rubric.Item(3, "names partners (for example a council)."),
    ]
    listed = "**Guide (3 marks)**\n\n- 1 mark: a real example\n- 2 marks: reasons\nabout influence"
    assert rubric.parse(listed) == [
        rubric.Item(1, "a real example"),
        rubric.Item(2, "reasons about influence"),
    ]
    assert rubric.parse("Mark holistically, out of 5.") == []


def test_every_course_guide_gives_rubric_items_adding_up_to_its_marks() -> None:
    """The course's own task cells all parse into items whose marks add up to the cell's."""
    for module in sorted(p.name for p in (REPO / "release").iterdir() if p.is_dir()):
        for q in questions.markable(REPO, module):
            assert sum(i.points for i in q.rubric) == q.max_score, (module, q.grade_id)


# --- order and pseudonyms ------------------------------------------------------------------


def test_the_order_is_stable_per_marker_and_differs_between_markers() -> None:
    """The same seed gives the same order; another marker's differs; a newcomer moves nobody."""
    learners = [f"learner-{n:02d}" for n in range(60)]
    first = order.shuffled(learners, "secret", "m01", R2, "ann")
    assert first == order.shuffled(reversed(learners), "secret", "m01", R2, "ann")
    assert first != sorted(learners)
    assert first != order.shuffled(learners, "secret", "m01", R2, "bob")
    later = order.shuffled([*learners, "late-arrival"], "secret", "m01", R2, "ann")
    assert [x for x in later if x != "late-arrival"] == first


def test_pseudonyms_are_stable_distinct_and_hide_the_learner() -> None:
    """A learner keeps one pseudonym in a module; it names nobody without the secret."""
    names = {order.pseudonym("secret", "m01", f"learner-{n:02d}") for n in range(60)}
    assert len(names) == 60
    assert order.pseudonym("secret", "m01", "ada") == order.pseudonym("secret", "m01", "ada")
    assert order.pseudonym("other", "m01", "ada") != order.pseudonym("secret", "m01", "ada")
    assert all(len(n) == 6 and n.isalnum() and n.isupper() for n in names)


# --- the store -----------------------------------------------------------------------------


def save(store: Store, version: int, marker: str = "ann", score: float = 4) -> object:
    return store.save(
        "m01",
        R2,
        "ada",
        FIRST,
        marker=marker,
        score=score,
        rubric=[0, 1],
        comment="Good.",
        answer="abc",
        version=version,
    )


def test_the_store_keeps_marks_with_a_version_that_each_save_checks(tmp_path: Path) -> None:
    """A save from an old version is refused, with the mark that won, and changes nothing."""
    store = Store(f"sqlite:///{tmp_path / 'marking.db'}")
    first = save(store, 0)
    assert first.version == 1 and first.rubric == (0, 1)
    with pytest.raises(Conflict) as refused:
        save(store, 0, marker="bob", score=2)
    assert refused.value.current == first
    assert "ann saved a mark for this answer (4) while you were marking it" in str(refused.value)
    assert save(store, 1, score=5).version == 2
    assert store.mark("m01", R2, "ada", FIRST).score == 5


def race(
    ready: threading.Barrier,
    results: dict[str, object],
    store: Store,
    start: int,
    marker: str,
    score: float,
) -> None:
    """Save from version ``start`` as soon as the other marker is ready too."""
    ready.wait()
    try:
        results[marker] = save(store, start, marker=marker, score=score)
    except Conflict as exc:
        results[marker] = exc
    finally:
        store.close()


def two_markers_save_at_once(url: str) -> None:
    """Two markers save the same answer from one version at the same moment, twice over, in
    the marking store at ``url`` (SQLite here, PostgreSQL in test_marking_pg): each time one
    save is kept and the other is told which."""
    Store(url)
    for start in (0, 1):
        ready = threading.Barrier(2)
        results: dict[str, object] = {}
        threads = [
            threading.Thread(target=race, args=(ready, results, Store(url), start, marker, score))
            for marker, score in (("ann", 3 + start), ("bob", 5 - start))
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        refused = [r for r in results.values() if isinstance(r, Conflict)]
        kept = [r for r in results.values() if not isinstance(r, Conflict)]
        assert len(refused) == 1 and len(kept) == 1, results
        assert refused[0].current == kept[0] == Store(url).mark("m01", R2, "ada", FIRST)
        assert kept[0].version == start + 1


def test_two_markers_saving_the_same_answer_at_once_lose_no_mark(tmp_path: Path) -> None:
    """Of two saves from one version at the same moment, one is kept and the other is told."""
    two_markers_save_at_once(f"sqlite:///{tmp_path / 'marking.db'}")


def test_a_failed_gradebook_write_leaves_the_store_as_it_was(tmp_path: Path) -> None:
    """The store and the gradebook change together or not at all."""
    store = Store(f"sqlite:///{tmp_path / 'marking.db'}")

    def refuse() -> None:
        raise CourseError("The gradebook is not there.")

    with pytest.raises(CourseError, match="not there"):
        store.save(
            "m01",
            R2,
            "ada",
            FIRST,
            marker="ann",
            score=4,
            rubric=[],
            comment="",
            answer="abc",
            version=0,
            then=refuse,
        )
    assert store.mark("m01", R2, "ada", FIRST) is None


def test_the_comment_bank_keeps_each_comment_once_most_used_first(tmp_path: Path) -> None:
    """Reused comments are counted, not repeated; blank ones are not kept."""
    store = Store(f"sqlite:///{tmp_path / 'marking.db'}")
    for text in ("Name a partner.", "Good use of evidence.", "Good use of evidence.", "  "):
        store.remember("m01", R2, text)
    assert store.bank("m01", R2) == ["Good use of evidence.", "Name a partner."]
    assert store.bank("m01", "m01-mark-r1") == []


# --- the queue, the gradebook and export ----------------------------------------------------


def test_a_saved_mark_goes_into_nbgrader_and_export(cohort: Path, tmp_path: Path) -> None:
    """The first marker's score and comment are the gradebook's, and `course export` has them."""
    marking = Marking(cohort, "m01", "Ann")
    queue = marking.queue(R2)
    assert queue["resume"] == 0 and {i["status"] for i in queue["items"]} == {TO_MARK}
    name = queue["items"][0]["pseudonym"]
    learner = marking.learners()[name]
    marking.save(R2, name, 5, [0, 2], "Clear position; name a partner.", 0)
    assert grade(cohort, learner) == (5.0, "Clear position; name a partner.")
    rows = tutor.export(cohort, tmp_path / "grades.csv")
    scores = {r["student_id"]: float(r["score"]) for r in rows}
    assert scores[learner] == 5.0
    assert marking.queue(R2)["resume"] == 1
    assert marking.queue(R2)["bank"] == ["Clear position; name a partner."]


def test_the_page_names_answers_by_pseudonym_only(cohort: Path) -> None:
    """No learner id is in anything the page is sent."""
    marking = Marking(cohort, "m01", "Ann")
    queue = marking.queue(R2)
    sent = json.dumps(
        [marking.questions(), queue, marking.answer(R2, queue["items"][0]["pseudonym"])]
    )
    assert "learner-0" not in sent
    assert "Learner" in sent  # the reflection's own text is there


def test_a_resubmission_that_changes_a_marked_answer_puts_it_back_in_the_queue(
    cohort: Path,
) -> None:
    """The changed answer is listed again with its old mark kept; unchanged ones stay marked."""
    marking = Marking(cohort, "m01", "Ann")
    names = [i["pseudonym"] for i in marking.queue(R2)["items"]]
    for name in names:
        marking.save(R2, name, 4, [], "", 0)
    assert marking.queue(R2)["resume"] is None
    learner = marking.learners()[names[2]]
    path = cohort / "submitted" / learner / M01 / "reflections" / f"{KEY}.json"
    record = json.loads(path.read_text())
    record["text"] = "After feedback I rewrote this to name the council and the hospice. " * 10
    path.write_text(json.dumps(record))
    queue = marking.queue(R2)
    assert [i["status"] for i in queue["items"]] == [MARKED, MARKED, CHANGED, MARKED]
    assert queue["resume"] == 2
    shown = marking.answer(R2, names[2])
    assert shown["note"].startswith("This answer changed after it was marked (4 by Ann")
    assert "rewrote this" in shown["parts"][0]["lines"][0]
    assert grade(cohort, learner)[0] == 4.0
    marking.save(R2, names[2], 5, [], "", shown["mark"]["version"])
    assert marking.queue(R2)["resume"] is None and grade(cohort, learner)[0] == 5.0


def test_a_second_marker_marks_blind_and_the_differences_are_listed(cohort: Path) -> None:
    """The second marker sees only their own marks, leaves the gradebook alone, and differences
    wider than the margin are listed."""
    first = Marking(cohort, "m01", "Ann")
    second = Marking(cohort, "m01", "Bob", second=True, margin=1)
    by_learner = {v: k for k, v in first.learners().items()}
    scores = {
        "learner-01": (6, 6),
        "learner-02": (5, 4),
        "learner-03": (5, 2),
        "learner-04": (1, 3),
    }
    for learner, (a, _) in scores.items():
        first.save(R2, by_learner[learner], a, [], "", 0)
    assert [i["pseudonym"] for i in second.queue(R2)["items"]] != [
        i["pseudonym"] for i in first.queue(R2)["items"]
    ]
    for learner, (_, b) in scores.items():
        assert second.answer(R2, by_learner[learner])["mark"] is None
        second.save(R2, by_learner[learner], b, [], "", 0)
    assert grade(cohort, "learner-03")[0] == 5.0
    found = second.differences(R2)
    assert [(d["pseudonym"], d["first"], d["second"]) for d in found] == [
        (by_learner["learner-03"], 5, 2),
        (by_learner["learner-04"], 1, 3),
    ]
    assert second.differences(R2, margin=3) == []
    code, out, _ = run_cli(
        "--course-dir", str(cohort), "mark", "m01", "--differences", "--margin", "1"
    )
    assert code == 0
    assert out.splitlines()[0] == (
        f"{M01}: 2 answer(s) where the two markers differ by more than 1:"
    )
    assert f"  {R2} {by_learner['learner-03']}: Ann gave 5, Bob gave 2 (a difference of 3)" in out


def test_two_markers_saving_at_once_in_the_queue_keep_the_first_mark(cohort: Path) -> None:
    """Two first markers open one answer; the later save is told; the gradebook keeps the first."""
    ann, cal = Marking(cohort, "m01", "Ann"), Marking(cohort, "m01", "Cal")
    name = ann.queue(R2)["items"][0]["pseudonym"]
    learner = ann.learners()[name]
    version = ann.answer(R2, name)["mark"]
    assert version is None and cal.answer(R2, name)["mark"] is None
    ann.save(R2, name, 5, [], "Ann's comment", 0)
    with pytest.raises(Conflict, match="Ann saved a mark for this answer"):
        cal.save(R2, name, 2, [], "Cal's comment", 0)
    assert grade(cohort, learner) == (5.0, "Ann's comment")


@pytest.mark.parametrize(
    ("score", "message"),
    [(7, "between 0 and 6; 7 was not saved"), (-1, "between 0 and 6; -1 was not saved")],
)
def test_a_mark_out_of_range_is_one_sentence_and_saves_nothing(
    cohort: Path, score: float, message: str
) -> None:
    marking = Marking(cohort, "m01", "Ann")
    name = marking.queue(R2)["items"][0]["pseudonym"]
    with pytest.raises(CourseError, match=message):
        marking.save(R2, name, score, [], "", 0)
    assert marking.store.mark(marking.module, R2, marking.learners()[name], FIRST) is None


def test_an_unknown_question_names_the_questions(cohort: Path) -> None:
    code, _, err = run_cli("--course-dir", str(cohort), "mark", "m01", "--differences")
    assert code == 0
    named = ", ".join(q.grade_id for q in questions.markable(cohort, "m01"))
    assert "m01-mark-r1, m01-mark-r2" in named
    with pytest.raises(CourseError, match=f"its questions are: {re.escape(named)}\\."):
        Marking(cohort, "m01", "Ann").queue("m01-mark-r9")


def test_mark_for_an_unknown_module_is_one_sentence(course_copy: Path) -> None:
    code, _, err = run_cli("--course-dir", str(course_copy), "mark", "m99", "--differences")
    assert code == 2 and "There is no module called 'm99'" in one_sentence(err)


def test_a_mark_before_autograding_is_one_sentence_and_saves_nothing(course_copy: Path) -> None:
    """An answer the gradebook does not hold yet is refused, and the store keeps no mark."""
    folder = course_copy / "submitted" / "learner-01" / M01
    folder.mkdir(parents=True)
    shutil.copy2(course_copy / "release" / M01 / f"{M01}.ipynb", folder)
    marking = Marking(course_copy, "m01", "Ann")
    name = marking.queue(R2)["items"][0]["pseudonym"]
    with pytest.raises(CourseError, match=r"run `course autograde m01` first\.$"):
        marking.save(R2, name, 3, [], "", 0)
    assert marking.store.marks(marking.module, R2) == {}
    assert marking.queue(R2)["resume"] == 0
    assert not (course_copy / "gradebook.db").exists()

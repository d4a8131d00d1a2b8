"""A tutor marks one reflection across a cohort in Chromium, with the keyboard only.

``course mark`` really starts Jupyter Server with the marking page; marks go through the
page's handlers into nbgrader's gradebook, where formgrader and ``course export`` read them.
"""

from __future__ import annotations

import csv
import json
import os
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from conftest import M01
from course.grading.marking.queue import Marking
from helpers import LAUNCH_ARGS, free_port, jupyter_server, need_chromium, run_cli
from learners import hand_in_and_enter

pytestmark = pytest.mark.browser

CHROMIUM = need_chromium()
SECONDS = 30  # how long a step may take on a busy machine
TOKEN = "course-marking-test"
R2 = "m01-mark-r2"
KEY = "m01_introduce_role"
COHORT = {
    f"learner-{n:02d}": {KEY: f"Learner {n} writes about partners and shared purpose. " * 20}
    for n in range(1, 5)
}


@contextmanager
def marking_server(root: Path, *options: str) -> Iterator[str]:
    """``course mark m01`` on a free port, as a tutor starts it; yields the page's address."""
    port = free_port()
    runtime = root.parent / f"runtime-{port}"
    env = {
        **os.environ,
        "JUPYTER_TOKEN": TOKEN,
        "JUPYTER_RUNTIME_DIR": str(runtime),
        "JUPYTER_CONFIG_DIR": str(root.parent / "jupyter-config"),
    }
    cmd = [sys.executable, "-m", "course.cli", "--course-dir", str(root), "mark", "m01"]
    cmd += ["--no-browser", "--port", str(port), *options]
    log_path = root.parent / f"mark-{port}.log"
    with jupyter_server("course mark", cmd, log_path, port, TOKEN, env) as base:
        yield f"{base}/marking/m01?token={TOKEN}"


@pytest.fixture
def cohort(course_copy: Path) -> Path:
    """Four learners of module 1 handed in and entered in nbgrader's gradebook."""
    hand_in_and_enter(course_copy, M01, COHORT)
    return course_copy


@pytest.fixture
def browser() -> Iterator[object]:
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=SECONDS * 1000)
    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        yield launched
        launched.close()


def heading(page) -> str:
    return page.locator("#answer-heading").inner_text()


def wait_for_answer(page, n: int, total: int = 4) -> str:
    """Wait until answer ``n`` is shown; return its pseudonym."""
    from playwright.sync_api import expect

    expect(page.locator("#alert")).to_be_hidden()
    expect(page.locator("#answer-heading")).to_contain_text(f"Answer {n} of {total}: ")
    return re.match(r"Answer \d+ of \d+: (\w+)", heading(page)).group(1)


def open_reflection_2(page, url: str) -> None:
    """Open the page and choose the second reflection from the list, by keyboard."""
    page.goto(url)
    buttons = page.locator("#questions button")
    buttons.first.wait_for()
    listed = buttons.evaluate_all("all => all.map(b => b.dataset.question)")
    assert page.evaluate("document.activeElement.dataset.question") == listed[0]
    for _ in range(listed.index(R2)):
        page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.dataset.question") == R2
    page.keyboard.press("Enter")


def mark_by_keyboard(page, rubric_keys: str, comment: str) -> None:
    """Tick rubric items by number, write a comment, save with Ctrl+Enter."""
    for key in rubric_keys:
        page.keyboard.press(key)
    page.keyboard.press("c")
    page.keyboard.type(comment)
    page.keyboard.press("Control+Enter")


def formgrader_grades(root: Path, learner: str) -> dict[str, dict[str, object]]:
    """The grades and comments formgrader's API sends for the learner's notebook, by cell."""
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{root / 'gradebook.db'}") as gb:
        notebook = gb.find_submission_notebook(M01, M01, learner)
        grades = {g.name: g.to_dict() for g in notebook.grades}
        comments = {c.name: c.to_dict() for c in notebook.comments}
    return {
        name: {**grade, "comment": comments.get(name, {}).get("manual_comment")}
        for name, grade in grades.items()
    }


def test_three_answers_marked_by_keyboard_resume_at_the_fourth_and_reach_the_gradebook(
    cohort: Path, browser, tmp_path: Path
) -> None:
    """Mark three answers by keys, reload: the fourth is next; formgrader and export agree."""
    from playwright.sync_api import expect

    with marking_server(cohort, "--marker", "Ann") as url:
        page = browser.new_page()
        open_reflection_2(page, url)
        marked = []
        for n in (1, 2, 3):
            marked.append(wait_for_answer(page, n))
            assert page.evaluate("document.activeElement.id") == "answer-heading"
            outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
            assert outline != "none"  # the focus can be seen
            mark_by_keyboard(page, "13", f"Comment {n}: name a partner.")
        fourth = wait_for_answer(page, 4)
        expect(page.locator("#status")).to_have_text(f"Saved 4 for {marked[2]}.")
        assert "learner-0" not in page.content()
        assert "Keys" in page.locator("#keys").inner_text()

        page.reload()
        assert wait_for_answer(page, 4) == fourth
        assert "(to mark)" in heading(page)
        assert page.locator("#score").input_value() == ""
        page.close()

    learners = Marking(cohort, "m01", "Ann").learners()
    for n, name in enumerate(marked, start=1):
        grade = formgrader_grades(cohort, learners[name])[R2]
        assert (grade["manual_score"], grade["needs_manual_grade"]) == (4.0, False)
        assert grade["comment"] == f"Comment {n}: name a partner."
    assert formgrader_grades(cohort, learners[fourth])[R2]["manual_score"] is None

    code, _, err = run_cli("--course-dir", str(cohort), "export", "--to", str(tmp_path / "g.csv"))
    assert code == 0, err
    with (tmp_path / "g.csv").open(newline="") as handle:
        scores = {r["student_id"]: float(r["score"]) for r in csv.DictReader(handle)}
    assert scores == {learners[name]: (4.0 if name in marked else 0.0) for name in learners}


def test_a_second_marker_marks_blind_and_sees_where_the_two_differ(cohort: Path, browser) -> None:
    """Bob, second marker, never sees Ann's marks; afterwards the page lists the differences."""
    from playwright.sync_api import expect

    with marking_server(cohort, "--marker", "Ann") as url:
        page = browser.new_page()
        open_reflection_2(page, url)
        for n in (1, 2, 3, 4):
            wait_for_answer(page, n)
            mark_by_keyboard(page, "123", "All there.")  # 6 of 6
        expect(page.locator("#status")).to_contain_text("All 4 answers to this question")
        page.close()

    with marking_server(cohort, "--marker", "Bob", "--second", "--margin", "1") as url:
        page = browser.new_page()
        open_reflection_2(page, url)
        expect(page.locator("#who")).to_contain_text("first marker's marks are hidden")
        for n in (1, 2, 3, 4):
            wait_for_answer(page, n)
            assert page.locator("#score").input_value() == ""  # blind: Ann's 6 is not shown
            assert not page.locator("#rubric-items input:checked").count()
            mark_by_keyboard(page, "1" if n < 3 else "123", "Second look.")
        expect(page.locator("#status")).to_contain_text("All 4 answers to this question")
        page.keyboard.press("d")
        expect(page.locator("#differences-summary")).to_have_text(
            "2 answer(s) where the two markers' marks differ by more than 1."
        )
        rows = page.locator("#differences-table tbody tr")
        expect(rows).to_have_count(2)
        assert rows.nth(0).inner_text().split("\t")[1:] == ["6 (Ann)", "2 (Bob)", "4"]
        page.close()

    learners = Marking(cohort, "m01", "Ann").learners()
    assert {formgrader_grades(cohort, x)[R2]["manual_score"] for x in learners.values()} == {6.0}
    code, out, _ = run_cli("--course-dir", str(cohort), "mark", "m01", "--differences")
    assert code == 0 and out.count("Ann gave 6, Bob gave 2 (a difference of 4)") == 2


def test_a_resubmitted_answer_is_back_in_the_queue_and_the_page_says_so(
    cohort: Path, browser
) -> None:
    """After every answer is marked, a changed reflection is the one the page opens, with a note."""
    from playwright.sync_api import expect

    marking = Marking(cohort, "m01", "Ann")
    names = [i["pseudonym"] for i in marking.queue(R2)["items"]]
    for name in names:
        marking.save(R2, name, 3, [], "", 0)
    learner = marking.learners()[names[1]]
    path = cohort / "submitted" / learner / M01 / "reflections" / f"{KEY}.json"
    record = json.loads(path.read_text())
    record["text"] = "I rewrote this after talking to the hospice and the council. " * 10
    path.write_text(json.dumps(record))

    with marking_server(cohort, "--marker", "Ann") as url:
        page = browser.new_page()
        page.goto(url)  # resumes on the question last opened, at the changed answer
        assert wait_for_answer(page, 2) == names[1]
        expect(page.locator("#note")).to_contain_text("This answer changed after it was marked")
        expect(page.locator("#parts")).to_contain_text("talking to the hospice")
        assert page.locator("#score").input_value() == "3"
        page.close()


def test_two_markers_saving_one_answer_at_once_the_later_is_told_and_keeps_their_form(
    cohort: Path, browser
) -> None:
    """Ann and Cal mark one answer; Cal saves second, is told whose mark stands, loses nothing."""
    from playwright.sync_api import expect

    with (
        marking_server(cohort, "--marker", "Ann") as ann_url,
        marking_server(cohort, "--marker", "Cal") as cal_url,
    ):
        ann, cal = browser.new_page(), browser.new_page()
        open_reflection_2(ann, ann_url)
        shared = wait_for_answer(ann, 1)
        open_reflection_2(cal, cal_url)
        for n in (1, 2, 3, 4):
            if wait_for_answer(cal, n) == shared:
                break
            cal.keyboard.press("n")
        for key in "12":
            cal.keyboard.press(key)
        mark_by_keyboard(ann, "123", "Ann's comment.")
        wait_for_answer(ann, 2)
        cal.keyboard.press("c")
        cal.keyboard.type("Cal's comment.")
        cal.keyboard.press("Control+Enter")
        expect(cal.locator("#alert")).to_have_text(
            "Ann saved a mark for this answer (6) while you were marking it, so yours was not "
            "saved; theirs stands, and yours is still in the form: save again to put yours in "
            "its place."
        )
        assert cal.locator("#score").input_value() == "4"
        assert cal.locator("#comment").input_value() == "Cal's comment."
        ann.close()
        cal.close()
    learner = Marking(cohort, "m01", "Ann").learners()[shared]
    grade = formgrader_grades(cohort, learner)[R2]
    assert (grade["manual_score"], grade["comment"]) == (6.0, "Ann's comment.")

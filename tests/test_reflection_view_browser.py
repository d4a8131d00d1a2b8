"""A long reflection, as the tutor sees it in formgrader and the learner in feedback, in Chromium.

The text wraps at the width of the page (no sideways scrolling) and is shown as text: markup a
learner typed, a ``<script>`` included, is never run.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import M01, REPO, require_isolation
from course import reflect
from course.grading import gradebook
from course.grading import tutor as grading
from course.paths import copy_course
from helpers import LAB_TOKEN, LAUNCH_ARGS, free_port, jupyter_server, need_chromium
from learners import fill, solutions, write_complete_reflections, zip_folder

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CHROMIUM = need_chromium()
KEY = "m01_authority_explain"
SCRIPT = "<script>window.__ran = true; document.title = 'ran';</script>"
LONG = (
    "In our place-based partnership I have no authority over the community teams, so I "
    "listen first and bring the waiting-time figures to every meeting. "
) * 12 + f"A learner could type markup such as {SCRIPT} or <b>bold</b> here."


@pytest.fixture(scope="module")
def graded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One learner of module 1 with a long reflection, collected, autograded and given feedback."""
    require_isolation()
    tmp = tmp_path_factory.mktemp("long-reflection")
    root = copy_course(REPO, tmp / "course")
    source_nb = root / "source" / M01 / f"{M01}.ipynb"
    folder = tmp / "lms" / "ada_2026-05-11-09-30-00"
    fill(root / "release" / M01 / f"{M01}.ipynb", solutions(source_nb), folder / f"{M01}.ipynb")
    write_complete_reflections(source_nb, folder)
    reflect.save(KEY, {"kind": "text", "prompt": "Explain", "text": LONG, "min_words": 60}, folder)
    download = zip_folder(tmp / "lms", tmp / "download.zip")
    grading.collect_zip(root, "m01", download)
    grading.autograde(root, "m01")
    assert len(grading.feedback(root, "m01")) == 1
    return root


@pytest.fixture(scope="module")
def formgrader(graded: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A Jupyter server with nbgrader's formgrader on the graded course: its address."""
    tmp = tmp_path_factory.mktemp("formgrader")
    port = free_port()
    env = {
        **os.environ,
        "JUPYTER_RUNTIME_DIR": str(tmp / "runtime"),
        "JUPYTER_CONFIG_DIR": str(tmp / "config"),
    }
    cmd = [
        sys.executable,
        "-m",
        "jupyter",
        "server",
        "--no-browser",
        f"--port={port}",
        "--ip=127.0.0.1",
        f"--ServerApp.root_dir={graded}",
        f"--IdentityProvider.token={LAB_TOKEN}",
        "--ServerApp.allow_root=True",
    ]
    with jupyter_server(
        "The server", cmd, tmp / "server.log", port, LAB_TOKEN, env, cwd=graded
    ) as base:
        yield base


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        yield launched
        launched.close()


def shown_reflection(browser, url: str) -> dict[str, object]:  # type: ignore[no-untyped-def]
    """Open ``url`` 1024 pixels wide and measure the long reflection's box on it."""
    context = browser.new_context(viewport={"width": 1024, "height": 800})
    page = context.new_page()
    page.goto(url, wait_until="load")
    # The innermost box holding the text: the course's answer box, or printed output.
    answer = page.locator("pre, .course-reflection-answer", has_text="place-based partnership")
    answer = answer.last
    answer.scroll_into_view_if_needed()
    found = answer.evaluate(
        """el => {
            const box = el.getBoundingClientRect();
            const line = parseFloat(getComputedStyle(el).lineHeight) || 20;
            return {
                own_scroll: el.scrollWidth > el.clientWidth + 1,
                page_scroll: document.documentElement.scrollWidth > window.innerWidth + 1,
                right: box.right, width: window.innerWidth,
                lines: Math.round(box.height / line),
                text: el.innerText,
                ran: window.__ran === true || document.title === 'ran',
                marking_boxes: document.querySelectorAll('input.score').length,
            };
        }"""
    )
    context.close()
    return found


def assert_wrapped_and_escaped(found: dict[str, object]) -> None:
    assert found["own_scroll"] is False and found["page_scroll"] is False, found
    assert float(found["right"]) <= float(found["width"]), found  # type: ignore[arg-type]
    assert int(found["lines"]) >= 10, found  # type: ignore[call-overload]
    assert SCRIPT in str(found["text"]) and "<b>bold</b>" in str(found["text"])
    assert found["ran"] is False


def test_a_long_reflection_wraps_and_is_escaped_in_formgrader(graded, formgrader, browser) -> None:
    """The tutor's formgrader page shows the whole reflection within its width, as text, and
    keeps its marking boxes (the feedback template is not used for it)."""
    with gradebook.open_gradebook(graded) as gb:
        submission = gb.find_submission_notebook(M01, M01, "ada").id
    url = f"{formgrader}/formgrader/submissions/{submission}/?token={LAB_TOKEN}"
    found = shown_reflection(browser, url)
    assert_wrapped_and_escaped(found)
    assert int(found["marking_boxes"]) > 0, "formgrader drew the page without its marking boxes"


def test_a_long_reflection_wraps_and_is_escaped_in_feedback(graded, browser) -> None:
    """The learner's feedback page (the course's template) shows the whole reflection within
    its width, as text."""
    page = graded / "feedback" / "ada" / M01 / f"{M01}.html"
    assert '<html lang="en">' in page.read_text(encoding="utf-8")  # the course's template
    assert_wrapped_and_escaped(shown_reflection(browser, page.as_uri()))

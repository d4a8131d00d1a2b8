"""A real learner in a real browser: reflections are saved, never silently lost, and travel.

Typing saves to ``reflections/<key>.json``; a restart or a killed kernel is flagged in the box
and what was typed is saved once the cell runs again; a reopened notebook shows its saved text
without running anything; a downloaded notebook on its own carries every reflection through
collect and autograde; the privacy guard warns about a valid NHS number only.
"""

from __future__ import annotations

import json
import os
import re
import time
from pathlib import Path

import pytest

from conftest import M01, REPO
from course import notebooks, workload
from course.grading import tutor as grading
from helpers import LAB_TOKEN as TOKEN
from helpers import LAUNCH_ARGS, need_chromium
from learners import write_complete_reflections

pytestmark = pytest.mark.browser

CHROMIUM = need_chromium()
TEXT = "I listened first, then asked the council lead what success would look like for her team."


def run_cell(page, *texts: str) -> None:
    """Select the code cell that contains every one of ``texts``, run it and wait for it."""
    cell = page.locator(".jp-CodeCell")
    for text in texts:
        cell = cell.filter(has_text=text)
    cell = cell.first
    prompt = cell.locator(".jp-InputPrompt").first
    before = prompt.inner_text()
    for _ in range(3):  # the first key press can be lost while the page is still settling
        cell.scroll_into_view_if_needed()
        cell.locator(".jp-InputArea-editor").click()
        page.keyboard.press("Shift+Enter")
        for _ in range(100):
            now = prompt.inner_text()
            if now != before and re.search(r"\[\d+\]", now):
                return
            time.sleep(0.2)
    raise AssertionError(f"The cell containing {texts} did not run.")


def run_setup_and_reflection(page) -> None:
    run_cell(page, "Run this cell first")
    run_cell(page, "reflect.text_reflection(", "m01_introduce_role")


def test_reflection_is_saved_and_shown_again_after_restart(lab) -> None:
    """Typing into the reflection box writes reflections/<key>.json; a restart shows it again."""
    from playwright.sync_api import expect, sync_playwright

    base, ws = lab
    saved = ws / M01 / "reflections" / "m01_introduce_role.json"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        page = browser.new_page()
        page.goto(f"{base}/lab/tree/{M01}/{M01}.ipynb?token={TOKEN}")
        page.locator(".jp-Notebook").first.wait_for(timeout=60_000)
        expect(page.locator(".jp-Notebook-ExecutionIndicator[data-status='idle']")).to_have_count(
            1, timeout=60_000
        )
        run_setup_and_reflection(page)
        box = page.get_by_role("textbox", name="Your reflection")
        box.wait_for(timeout=60_000)
        box.click()
        box.type(TEXT, delay=5)
        deadline = time.time() + 10
        while time.time() < deadline and not (
            saved.exists() and json.loads(saved.read_text()).get("text") == TEXT
        ):
            time.sleep(0.1)
        assert json.loads(saved.read_text())["text"] == TEXT

        before = kernel_pids(ws.parent / "runtime")
        restart_kernel(page)
        assert kernel_pids(ws.parent / "runtime") != before, "the kernel did not restart"
        page.get_by_role("menuitem", name="Edit", exact=True).click()
        page.get_by_role("menuitem", name="Clear Outputs of All Cells").click()
        expect(page.get_by_role("textbox", name="Your reflection")).to_have_count(0)
        run_setup_and_reflection(page)
        expect(page.get_by_role("textbox", name="Your reflection").last).to_have_value(
            TEXT, timeout=60_000
        )
        browser.close()


# --- Reflections are never silently lost ------------------------------------------------------

SOURCE_NB = REPO / "source" / M01 / f"{M01}.ipynb"
NOT_SAVED = "Not saved: this notebook's kernel is not running"


@pytest.fixture
def page(lab):
    """A Chromium page on module 1 of the ``lab`` workspace, the kernel idle."""
    from playwright.sync_api import expect, sync_playwright

    base, _ = lab
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        page = browser.new_page(accept_downloads=True)
        page.goto(f"{base}/lab/tree/{M01}/{M01}.ipynb?token={TOKEN}")
        page.locator(".jp-Notebook").first.wait_for(timeout=60_000)
        expect(idle(page)).to_have_count(1, timeout=60_000)
        yield page
        browser.close()


def idle(page):
    return page.locator(".jp-Notebook-ExecutionIndicator[data-status='idle']")


def saved_text(ws: Path, key: str = "m01_introduce_role") -> str | None:
    path = ws / M01 / "reflections" / f"{key}.json"
    return json.loads(path.read_text())["text"] if path.exists() else None


def wait_for_file(ws: Path, text: str, seconds: float = 15) -> None:
    deadline = time.time() + seconds
    while time.time() < deadline and saved_text(ws) != text:
        time.sleep(0.1)
    assert saved_text(ws) == text


def restart_kernel(page) -> None:
    from playwright.sync_api import expect

    page.get_by_role("menuitem", name="Kernel", exact=True).click()
    page.get_by_role("menuitem", name="Restart Kernel…").first.click()
    page.get_by_role("button", name="Confirm Kernel Restart").click()
    expect(idle(page)).to_have_count(1, timeout=60_000)


def kernel_pids(runtime: Path) -> list[int]:
    """The kernels whose connection file is in this test's runtime folder."""
    found = []
    for proc in Path("/proc").iterdir():
        try:
            cmdline = b" ".join((proc / "cmdline").read_bytes().split(b"\0"))
        except OSError:
            continue
        if str(runtime).encode() in cmdline and b"ipykernel_launcher" in cmdline:
            found.append(int(proc.name))
    return found


def kill_kernel(runtime: Path) -> None:
    """SIGKILL this test's kernel, as a crash would."""
    pids = kernel_pids(runtime)
    assert len(pids) == 1, f"found kernels {pids}"
    os.kill(pids[0], 9)


def type_then_lose_the_kernel(page, ws: Path, lose) -> None:
    """Type, lose the kernel with ``lose()``, type more: warned, and saved once the cell reruns."""
    from playwright.sync_api import expect

    run_setup_and_reflection(page)
    box = page.get_by_role("textbox", name="Your reflection")
    box.click()
    box.type("Written before.", delay=5)
    wait_for_file(ws, "Written before.")
    before = kernel_pids(ws.parent / "runtime")
    lose()
    assert kernel_pids(ws.parent / "runtime") not in ([], before), "the kernel is the same"
    page.wait_for_timeout(2000)  # JupyterLab moves the focus to the notebook once it settles
    box.click()
    expect(box).to_be_focused()
    box.press("End")
    box.type(" Written after.", delay=5)
    expect(page.get_by_role("alert").filter(has_text=NOT_SAVED)).to_be_visible(timeout=15_000)
    typed = box.input_value()  # what is in the box, whatever the page did with the keys
    assert typed.startswith("Written before. Written")
    assert saved_text(ws) == "Written before."
    run_setup_and_reflection(page)
    box = page.get_by_role("textbox", name="Your reflection")
    expect(box).to_have_value(typed, timeout=30_000)
    wait_for_file(ws, typed)
    expect(page.get_by_role("alert").filter(has_text=NOT_SAVED)).to_have_count(0)


def test_typing_after_a_restart_is_flagged_then_saved_when_the_cell_runs_again(lab, page) -> None:
    _, ws = lab
    type_then_lose_the_kernel(page, ws, lambda: restart_kernel(page))


def test_typing_after_the_kernel_is_killed_is_flagged_then_saved(lab, page) -> None:
    from playwright.sync_api import expect

    _, ws = lab

    def kill() -> None:
        kill_kernel(ws.parent / "runtime")
        dialog = page.get_by_role("dialog")
        try:  # JupyterLab says the kernel died and restarts it
            dialog.get_by_role("button").first.click(timeout=20_000)
        except Exception:  # noqa: BLE001 - no dialog in some versions
            pass
        expect(idle(page)).to_have_count(1, timeout=60_000)

    type_then_lose_the_kernel(page, ws, kill)


def test_a_reopened_notebook_shows_saved_text_without_running_a_cell(lab, page) -> None:
    from playwright.sync_api import expect

    _, ws = lab
    run_setup_and_reflection(page)
    box = page.get_by_role("textbox", name="Your reflection")
    box.click()
    box.type(TEXT, delay=2)
    wait_for_file(ws, TEXT)
    notebook = ws / M01 / f"{M01}.ipynb"
    deadline = time.time() + 60
    while time.time() < deadline and TEXT not in notebook.read_text():
        # Save again while the widget's state has not reached the file: on a loaded machine
        # the first save can run before the box's text has synced (the reflection itself is
        # already safe in reflections/, checked above).
        page.keyboard.press("Control+s")
        for _ in range(50):
            if TEXT in notebook.read_text():
                break
            time.sleep(0.2)
    assert TEXT in notebook.read_text(), "the saved notebook does not carry the reflection"
    page.get_by_role("menuitem", name="Kernel", exact=True).click()
    page.get_by_role("menuitem", name="Shut Down Kernel").first.click()
    page.reload()
    page.locator(".jp-Notebook").first.wait_for(timeout=60_000)
    restored = page.get_by_role("textbox", name="Your reflection")
    expect(restored).to_have_value(TEXT, timeout=30_000)
    expect(page.get_by_text("run this cell").first).to_be_visible(timeout=15_000)
    assert page.get_by_text("model not found").count() == 0
    assert page.get_by_text("Error displaying widget").count() == 0


def test_the_privacy_guard_warns_for_a_valid_nhs_number_only(lab, page) -> None:
    from playwright.sync_api import expect

    run_setup_and_reflection(page)
    box = page.get_by_role("textbox", name="Your reflection")
    warning = page.get_by_text("This looks like an NHS number")
    box.click()
    box.type("The ward's ten-digit code 9434765918 came up.", delay=2)
    expect(page.get_by_text("saved at")).to_be_visible(timeout=15_000)
    time.sleep(1)
    assert warning.count() == 0
    box.press("Control+a")
    box.type("Mrs B, NHS number 943 476 5919, was discharged.", delay=2)
    expect(warning).to_be_visible(timeout=15_000)


@pytest.mark.usefixtures("isolation")
def test_a_downloaded_notebook_alone_is_graded_with_its_reflections(
    lab, page, course_copy: Path, tmp_path: Path
) -> None:
    """File > Download of the notebook, with no reflections folder, keeps every reflection mark."""
    import zipfile

    from playwright.sync_api import expect

    _, ws = lab
    write_complete_reflections(SOURCE_NB, ws / M01)
    run_cell(page, "Run this cell first")
    boxes = re.compile(r"_reflection\(|reflect\.self_rating\(")  # every box module 1 draws
    for cell in page.locator(".jp-CodeCell").filter(has_text=boxes).all():
        cell.locator(".jp-InputArea-editor").click()
        page.keyboard.press("Shift+Enter")
    expect(idle(page)).to_have_count(1, timeout=60_000)
    expect(page.get_by_text("saved at").first).to_be_visible(timeout=30_000)
    time.sleep(1)
    page.keyboard.press("Control+s")
    time.sleep(2)
    page.get_by_role("menuitem", name="File", exact=True).click()
    with page.expect_download() as download:
        page.get_by_role("menuitem", name="Download", exact=True).click()
    downloaded = tmp_path / "downloaded.ipynb"
    download.value.save_as(downloaded)

    lms = tmp_path / "lms.zip"
    with zipfile.ZipFile(lms, "w") as zf:
        zf.write(downloaded, f"ada/{M01}.ipynb")
    collected = grading.collect_zip(course_copy, "m01", lms)
    assert collected.collected == ["ada"]
    assert collected.carried["ada"] >= 3  # every reflection of m01 travels in the notebook
    assert not (course_copy / "submitted" / "ada" / M01 / "reflections").exists()
    summary = grading.autograde(course_copy, "m01")
    rows = grading.export(course_copy, tmp_path / "grades.csv")
    # m01's completeness checks, and nothing else: every data task is unanswered
    reflection_marks = workload.module_load(notebooks.read(SOURCE_NB)).completion_marks
    assert [float(r["score"]) for r in rows] == [reflection_marks]
    assert "taken from the notebook" in "\n".join(summary.lines())

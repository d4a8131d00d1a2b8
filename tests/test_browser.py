"""A real learner in a real browser: type a reflection, see it saved, restart, see it again."""

from __future__ import annotations

import json
import os
import re
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from conftest import M01, REPO
from course import workspace
from helpers import LAUNCH_ARGS, free_port, need_chromium

pytestmark = pytest.mark.browser

CHROMIUM = need_chromium()
TOKEN = "course-browser-test"
TEXT = "I listened first, then asked the council lead what success would look like for her team."

CHROMIUM = need_chromium()


def lab_settings(folder: Path) -> Path:
    """User settings that keep every cell in the page and switch off the news prompt."""
    settings = {
        "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
        "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {
            "fetchNews": "false",
            "checkForUpdates": False,
        },
    }
    for name, value in settings.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(value))
    return folder


@pytest.fixture
def lab(tmp_path: Path):
    """JupyterLab serving a fresh learner workspace on a free local port."""
    ws = tmp_path / "workspace"
    workspace.prepare(REPO, ws)
    port = free_port()
    env = {
        **os.environ,
        "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime"),
        "JUPYTER_CONFIG_DIR": str(tmp_path / "config"),
    }
    settings = lab_settings(tmp_path / "settings")
    cmd = [
        *workspace.lab_command(ws),
        "--no-browser",
        f"--port={port}",
        "--ip=127.0.0.1",
        f"--IdentityProvider.token={TOKEN}",
        f"--LabApp.user_settings_dir={settings}",
        f"--LabApp.workspaces_dir={tmp_path / 'lab-workspaces'}",
    ]
    log = (tmp_path / "lab.log").open("w")
    proc = subprocess.Popen(cmd, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                urllib.request.urlopen(f"{base}/api/status?token={TOKEN}", timeout=1)
                break
            except OSError:
                time.sleep(0.5)
        else:
            pytest.fail("JupyterLab did not start: " + (tmp_path / "lab.log").read_text()[-2000:])
        yield base, ws
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


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

        page.get_by_role("menuitem", name="Kernel", exact=True).click()
        page.get_by_role("menuitem", name="Restart Kernel…").first.click()
        page.get_by_role("button", name="Restart").first.click()
        expect(page.locator(".jp-Notebook-ExecutionIndicator[data-status='idle']")).to_have_count(
            1, timeout=60_000
        )
        page.get_by_role("menuitem", name="Edit", exact=True).click()
        page.get_by_role("menuitem", name="Clear Outputs of All Cells").click()
        expect(page.get_by_role("textbox", name="Your reflection")).to_have_count(0)
        run_setup_and_reflection(page)
        expect(page.get_by_role("textbox", name="Your reflection").last).to_have_value(
            TEXT, timeout=60_000
        )
        browser.close()

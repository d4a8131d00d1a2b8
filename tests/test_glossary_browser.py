"""In a real JupyterLab, a glossary link in a module opens the glossary at its entry.

JupyterLab opens a linked .md file in its Markdown preview and scrolls to the element whose id
(``data-jupyter-id`` once its sanitizer has renamed it) is the link's fragment; its headings'
own ids keep case and punctuation, so GLOSSARY.md carries a GitHub-style anchor above each one.
"""

from __future__ import annotations

import json
import os
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
TOKEN = "course-glossary-test"
# Every cell in the page (so each link is rendered), and no news prompt over it.
SETTINGS = {
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {
        "fetchNews": "false",
        "checkForUpdates": False,
    },
}


@pytest.fixture
def lab(tmp_path: Path):
    """JupyterLab on a freshly prepared workspace; yields its address."""
    ws = tmp_path / "workspace"
    workspace.prepare(REPO, ws)
    for name, value in SETTINGS.items():
        path = tmp_path / "settings" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(value), encoding="utf-8")
    port = free_port()
    cmd = [
        *workspace.lab_command(ws),
        "--no-browser",
        f"--port={port}",
        "--ip=127.0.0.1",
        f"--IdentityProvider.token={TOKEN}",
        f"--LabApp.user_settings_dir={tmp_path / 'settings'}",
        f"--LabApp.workspaces_dir={tmp_path / 'lab-workspaces'}",
    ]
    env = {
        **os.environ,
        "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime"),
        "JUPYTER_CONFIG_DIR": str(tmp_path / "config"),
    }
    with (tmp_path / "lab.log").open("w") as log:
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
                pytest.fail("JupyterLab did not start: " + (tmp_path / "lab.log").read_text())
            yield base
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()


def heading_offset(page, text: str) -> float | None:
    """How far below the top of the visible Markdown preview the heading ``text`` starts."""
    return page.evaluate(
        """(text) => {
            const viewer = [...document.querySelectorAll('.jp-MarkdownViewer')]
                .find(v => v.offsetParent !== null);
            if (!viewer) return null;
            const heading = [...viewer.querySelectorAll('h2, h3')]
                .find(h => h.textContent.replace('\\u00b6', '').trim() === text);
            if (!heading) return null;
            const box = heading.getBoundingClientRect();
            if (box.bottom > window.innerHeight) return null;
            return box.top - viewer.getBoundingClientRect().top;
        }""",
        text,
    )


def follow(page, fragment: str, heading: str) -> float:
    """Click module 1's link to the glossary entry ``fragment``; wait for ``heading`` to show."""
    # JupyterLab rewrites ../GLOSSARY.md#x to /files/GLOSSARY.md?_xsrf=...#x and opens it itself.
    link = page.locator(f'.jp-MarkdownOutput a[href*="/GLOSSARY.md"][href$="#{fragment}"]').first
    link.scroll_into_view_if_needed()
    link.click()
    current = page.locator(".lm-DockPanel-tabBar .lm-TabBar-tab.lm-mod-current")
    deadline = time.time() + 30
    offset = None
    while time.time() < deadline:
        offset = heading_offset(page, heading)
        if "GLOSSARY.md" in current.inner_text() and offset is not None and offset < 150:
            return offset
        time.sleep(0.2)
    pytest.fail(
        f"Following #{fragment} did not bring {heading!r} to the top of the glossary "
        f"(current tab {current.inner_text()!r}, heading {offset} px below the top)."
    )


def test_a_glossary_link_opens_the_glossary_at_its_entry(lab: str) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        notebook = f"{lab}/lab/tree/{M01}/{M01}.ipynb?token={TOKEN}"
        page.goto(notebook)
        page.locator(".jp-Notebook").first.wait_for(timeout=60_000)

        offset = follow(
            page, "clinical-commissioning-group-ccg", "Clinical commissioning group (CCG)"
        )
        assert 0 <= offset < 150
        viewer = page.locator(".jp-MarkdownViewer:visible")
        scrolled = viewer.evaluate(
            "v => Math.max(...[v, ...v.querySelectorAll('*')].map(e => e.scrollTop))"
        )
        assert scrolled > 1000, "the glossary did not scroll down to the entry"

        # A second link reveals the glossary that is already open and moves to the new entry.
        page.locator(".lm-DockPanel-tabBar .lm-TabBar-tab", has_text=f"{M01}.ipynb").click()
        offset = follow(page, "strategic-health-authority-sha", "Strategic health authority (SHA)")
        assert 0 <= offset < 150
        assert page.locator(".jp-MarkdownViewer").count() == 1
        browser.close()

"""In a real JupyterLab, a glossary link in a module opens the glossary at its entry.

JupyterLab opens a linked .md file in its Markdown preview and scrolls to the element whose id
(``data-jupyter-id`` once its sanitizer has renamed it) is the link's fragment; its headings'
own ids keep case and punctuation, so GLOSSARY.md carries a GitHub-style anchor above each one.
"""

from __future__ import annotations

import time

import pytest

from conftest import M01
from helpers import LAB_TOKEN as TOKEN
from helpers import LAUNCH_ARGS, need_chromium

pytestmark = pytest.mark.browser

CHROMIUM = need_chromium()


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


def test_a_glossary_link_opens_the_glossary_at_its_entry(lab) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        base, _ = lab
        notebook = f"{base}/lab/tree/{M01}/{M01}.ipynb?token={TOKEN}"
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

"""The capstone in a real browser: a self-rating set in JupyterLab keeps a dated snapshot, and
the exported development plan passes axe-core's WCAG 2.1 AA checks."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from test_browser import idle, run_cell
from test_site_browser import AXE, axe_violations

from course import plan_export, reflect
from course.reflections import self_ratings
from helpers import LAB_TOKEN as TOKEN
from helpers import LAUNCH_ARGS, need_chromium

pytestmark = pytest.mark.browser

CHROMIUM = need_chromium()
M04 = "m04_patients_and_outcomes"


def test_a_self_rating_set_in_jupyterlab_is_saved_with_a_dated_snapshot(lab) -> None:
    """Clicking 4 on m04's first item saves the rating and a snapshot stamped with today's date."""
    from playwright.sync_api import expect, sync_playwright

    base, ws = lab
    saved = ws / M04 / "reflections" / f"{self_ratings.key('m04')}.json"
    item, first = next(iter(self_ratings.items("m04").items()))
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        page = browser.new_page()
        page.goto(f"{base}/lab/tree/{M04}/{M04}.ipynb?token={TOKEN}")
        page.locator(".jp-Notebook").first.wait_for(timeout=60_000)
        expect(idle(page)).to_have_count(1, timeout=60_000)
        run_cell(page, "Run this cell first")
        run_cell(page, 'reflect.self_rating("m04")')
        group = page.get_by_role("group", name=first.label)
        group.wait_for(timeout=60_000)
        group.get_by_role("radio", name="4", exact=True).check()
        deadline = time.time() + 15
        while time.time() < deadline and not (
            saved.exists() and json.loads(saved.read_text()).get("ratings", {}).get(item) == 4
        ):
            time.sleep(0.1)
        browser.close()
    record = json.loads(saved.read_text(encoding="utf-8"))
    today = time.strftime("%Y-%m-%d", time.gmtime())
    assert record["kind"] == "self_rating" and record["ratings"][item] == 4
    assert [(s["saved_at"][:10], s["ratings"][item]) for s in record["history"]] == [(today, 4)]


def test_the_exported_plan_passes_axe(tmp_path: Path) -> None:
    """The HTML plan, with ratings, a change table and reflections, has no WCAG 2.1 AA violation."""
    from playwright.sync_api import sync_playwright

    if not AXE.is_file():
        pytest.fail("axe-core is missing: scripts/install-axe.sh installs it.", pytrace=False)
    ws = tmp_path / "workspace"
    folder = ws / M04
    reflect.save(
        self_ratings.key("m04"),
        {
            "kind": "self_rating",
            "items": {"population": "Framing change around a population's outcomes"},
            "ratings": {"population": 4},
            "history": [
                {"saved_at": "2026-10-05T09:30:00+00:00", "ratings": {"population": 2}},
                {"saved_at": "2027-03-01T10:00:00+00:00", "ratings": {"population": 4}},
            ],
        },
        folder,
    )
    reflect.save(
        "m04_involving", {"kind": "text", "prompt": "When?", "text": "Carers first."}, folder
    )
    page_path = plan_export.export(ws, tmp_path / "plan.html")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        page = browser.new_page()
        page.goto(page_path.as_uri())
        assert page.get_by_role("table").count() == 2
        assert axe_violations(page, AXE.read_text(encoding="utf-8")) == []
        browser.close()

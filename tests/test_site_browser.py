"""The website, a feedback page and the cohort summary, opened in Chromium as a reader would.

Every page the course writes is checked with axe-core against WCAG 2.0 and 2.1, levels A and
AA, with the network shut: any request that leaves the machine is refused and reported.
"""

from __future__ import annotations

import functools
import http.server
import os
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from conftest import M01, REPO
from course.grading import report
from course.grading import tutor as grading
from course.paths import copy_course
from course.site import pages
from helpers import LAUNCH_ARGS, free_port, need_chromium
from learners import fill, solutions, write_complete_reflections, zip_folder

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CHROMIUM = need_chromium()
AXE = REPO / "tests" / "axe" / "node_modules" / "axe-core" / "axe.min.js"
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
M01_PAGE = f"{M01}/{M01}.html"


@pytest.fixture(scope="module")
def axe() -> str:
    """axe-core's script; skip without it, except in CI, where it must be there."""
    if not AXE.is_file():
        if os.environ.get("CI"):
            pytest.fail("axe-core is missing: scripts/install-axe.sh installs it.", pytrace=False)
        pytest.skip("axe-core is not installed (run scripts/install-axe.sh)")
    return AXE.read_text(encoding="utf-8")


def serve(folder: Path) -> tuple[str, http.server.ThreadingHTTPServer]:
    """Serve ``folder`` on a local port, quietly; returns its address and the server."""

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

    port = free_port()
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", port), functools.partial(Quiet, directory=str(folder))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{port}", server


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        yield launched
        launched.close()


class Offline:
    """A browser page that refuses, and records, every request that leaves the machine."""

    def __init__(self, browser, **options: object) -> None:
        self.context = browser.new_context(**options)
        self.left: list[str] = []
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()

    def _route(self, route) -> None:
        url = route.request.url
        if urlsplit(url).hostname in ("127.0.0.1", None) or url.startswith(("data:", "file:")):
            route.continue_()
        else:
            self.left.append(url)
            route.abort()

    def close(self) -> None:
        self.context.close()


def axe_violations(page, axe: str) -> list[str]:
    """Every WCAG 2.1 A/AA violation axe-core finds on the page, as ``rule: element``."""
    page.add_script_tag(content=axe)
    found = page.evaluate(
        """async (tags) => {
            const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
            return result.violations.flatMap(
                v => v.nodes.map(n => `${v.id} (${v.impact}): ${n.html.slice(0, 120)}`));
        }""",
        WCAG_AA,
    )
    return list(found)


@pytest.fixture(scope="module")
def site(built_site: Path) -> Iterator[tuple[str, Path]]:
    base, server = serve(built_site)
    yield base, built_site
    server.shutdown()


def site_pages(folder: Path) -> list[str]:
    return [
        p.relative_to(folder).as_posix()
        for p in sorted(folder.rglob("*.html"))
        if p.relative_to(folder).parts[0] != "_static"
    ]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_site_page_passes_axe_and_loads_nothing_from_outside(
    site, browser, axe, scheme: str
) -> None:
    """In the theme's light and dark colours (it follows the reader's system setting)."""
    base, folder = site
    names = site_pages(folder)
    assert M01_PAGE in names and "glossary.html" in names and "search.html" in names
    offline = Offline(browser, color_scheme=scheme)
    problems = []
    for name in [*names, "search.html?q=commissioning"]:
        offline.page.goto(f"{base}/{name}", wait_until="load")
        if name.startswith("search.html?"):
            offline.page.locator("#search-results li").first.wait_for(timeout=20_000)
        problems += [f"{name}: {v}" for v in axe_violations(offline.page, axe)]
    offline.close()
    assert offline.left == [], "requests left the machine"
    assert problems == []


def test_search_finds_a_glossary_term(site, browser) -> None:
    base, _ = site
    offline = Offline(browser)
    offline.page.goto(f"{base}/search.html?q=commissioning")
    results = offline.page.locator("#search-results li a")
    results.first.wait_for(timeout=20_000)
    hrefs = [results.nth(i).get_attribute("href") for i in range(results.count())]
    offline.close()
    assert any(href and href.startswith("glossary.html") for href in hrefs), hrefs


def test_the_module_1_chart_is_drawn_on_its_page(site, browser) -> None:
    base, _ = site
    offline = Offline(browser)
    offline.page.goto(f"{base}/{M01_PAGE}")
    chart = offline.page.get_by_alt_text(pages.CHART_ALT).first
    chart.scroll_into_view_if_needed()
    drawn = chart.evaluate("img => img.complete && img.naturalWidth > 200")
    box = chart.bounding_box()
    offline.close()
    assert drawn and box and box["height"] > 150


def test_module_text_runs_at_a_readable_line_length(site, browser) -> None:
    """Body text on a wide screen holds at most about 90 characters a line."""
    base, _ = site
    offline = Offline(browser, viewport={"width": 1600, "height": 900})
    offline.page.goto(f"{base}/{M01_PAGE}")
    per_line = offline.page.evaluate(
        """() => {
            const p = [...document.querySelectorAll('article p')]
                .find(el => el.textContent.length > 300);
            const ctx = document.createElement('canvas').getContext('2d');
            ctx.font = getComputedStyle(p).font;
            const perChar = ctx.measureText(p.textContent).width / p.textContent.length;
            return p.clientWidth / perChar;
        }"""
    )
    offline.close()
    assert 45 <= per_line <= 90, per_line


def test_a_module_page_fits_a_phone_screen(site, browser) -> None:
    base, _ = site
    offline = Offline(browser, viewport={"width": 390, "height": 844}, is_mobile=True)
    offline.page.goto(f"{base}/{M01_PAGE}")
    widths = offline.page.evaluate(
        "() => [document.documentElement.scrollWidth, window.innerWidth]"
    )
    offline.close()
    assert widths[0] <= widths[1] + 1, widths


def test_printing_a_module_leaves_out_the_navigation(site, browser) -> None:
    base, _ = site
    offline = Offline(browser)
    offline.page.goto(f"{base}/{M01_PAGE}")
    offline.page.emulate_media(media="print")
    sidebar = offline.page.locator(".bd-sidebar-primary")
    heading = offline.page.locator("h1").first
    visible = sidebar.is_visible(), heading.is_visible()
    offline.close()
    assert visible == (False, True)


# --- The pages grading writes: a learner's feedback and the tutor's cohort summary -----------


@pytest.fixture(scope="module")
def graded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """Two learners of module 1 collected, autograded, given feedback and summarised."""
    from course.grading import sandbox

    if why := sandbox.problem():
        if os.environ.get("CI"):
            pytest.fail(f"Learners' code cannot be isolated in CI: {why}", pytrace=False)
        pytest.skip(f"no isolation here ({why}); run scripts/install-sandbox.sh")
    tmp = tmp_path_factory.mktemp("graded")
    root = copy_course(REPO, tmp / "course")
    source_nb = root / "source" / M01 / f"{M01}.ipynb"
    release_nb = root / "release" / M01 / f"{M01}.ipynb"
    for n, (learner, answers) in enumerate((("ada", solutions(source_nb)), ("ben", {}))):
        folder = tmp / "lms" / f"{learner}_2026-05-11-09-3{n}-00"
        fill(release_nb, answers, folder / f"{M01}.ipynb")
        write_complete_reflections(source_nb, folder)
    download = zip_folder(tmp / "lms", tmp / "download.zip")
    grading.collect_zip(root, "m01", download)
    grading.autograde(root, "m01")
    assert len(grading.feedback(root, "m01")) == 2
    report.write_html(root, grading.export(root, root / "grades.csv"), root / "cohort.html")
    base, server = serve(root)
    yield base, root
    server.shutdown()


@pytest.mark.parametrize(
    "page", [f"feedback/ada/{M01}/{M01}.html", f"feedback/ben/{M01}/{M01}.html", "cohort.html"]
)
def test_grading_pages_pass_axe_and_load_nothing_from_outside(
    graded, browser, axe, page: str
) -> None:
    base, _ = graded
    offline = Offline(browser)
    offline.page.goto(f"{base}/{page}", wait_until="load")
    violations = axe_violations(offline.page, axe)
    offline.close()
    assert offline.left == []
    assert violations == []

"""The read-only website: every page is there, and every link and anchor in it resolves."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from pathlib import Path

import nbformat
import pytest

from conftest import M01, REPO
from course import site
from course.paths import module_ids

RELEASED = module_ids(REPO, "release")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site, built once from this clone into a temporary folder."""
    out = tmp_path_factory.mktemp("site")
    site.build(REPO, out)
    return out


class _Links(HTMLParser):
    """The (href, text) of every link on a page."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[tuple[str, str]] = []
        self._href: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self._href = dict(attrs).get("href") or ""
            self.links.append((self._href, ""))

    def handle_data(self, data: str) -> None:
        if self._href is not None:
            href, text = self.links[-1]
            self.links[-1] = (href, text + data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "a":
            self._href = None


def links_of(page: Path) -> list[tuple[str, str]]:
    parser = _Links()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser.links


def test_every_internal_link_and_anchor_resolves(built: Path) -> None:
    """No page links to a missing file or id, or loads anything from outside the site."""
    assert site.link_problems(built) == []


def test_every_released_module_has_a_page_in_the_contents(built: Path) -> None:
    """index.html lists every module of release/, in course order, titled by its page's H1."""
    assert RELEASED
    contents = [(href, text) for href, text in links_of(built / site.INDEX)
                if href.endswith(".html") and href not in (site.GLOSSARY, site.DATA)]
    assert [href for href, _ in contents] == [f"{m}.html" for m in RELEASED]
    for module, (_, text) in zip(RELEASED, contents, strict=True):
        page = (built / f"{module}.html").read_text(encoding="utf-8")
        h1 = re.search(r"<h1[^>]*>(.*?)<a class=\"anchor-link\"", page, re.S)
        assert h1 and html.unescape(h1[1]).strip() == text, f"{module}: {text!r} is not its H1"


def test_glossary_and_data_dictionary_pages(built: Path) -> None:
    """The reference pages exist, are in the contents and carry GitHub-style heading ids."""
    hrefs = [href for href, _ in links_of(built / site.INDEX)]
    assert site.GLOSSARY in hrefs and site.DATA in hrefs
    glossary = (built / site.GLOSSARY).read_text(encoding="utf-8")
    assert 'id="clinical-commissioning-group-ccg"' in glossary
    assert 'id="arms-length-bodies"' in glossary
    data = (built / site.DATA).read_text(encoding="utf-8")
    assert 'id="reachcsv-span-of-control-and-span-of-influence"' in data


def test_module_pages_link_to_the_glossary_page(built: Path) -> None:
    """``../GLOSSARY.md#nhs`` in a notebook becomes ``glossary.html#nhs``, with a note on top."""
    page = (built / f"{M01}.html").read_text(encoding="utf-8")
    assert 'href="glossary.html#nhs"' in page
    assert "GLOSSARY.md" not in page
    assert "runs in JupyterLab" in page
    assert "<script" not in page


def test_github_slugs() -> None:
    """Lower case, spaces to hyphens, punctuation dropped; repeats numbered."""
    assert site.github_slug("Clinical commissioning group (CCG)") == \
        "clinical-commissioning-group-ccg"
    assert site.github_slug("Arm's length bodies") == "arms-length-bodies"
    assert site.github_slug("A&E: 4-hour target") == "ae-4-hour-target"
    page = site.add_heading_ids("<h2>Notes</h2><h2>Notes</h2>")
    assert 'id="notes"' in page and 'id="notes-1"' in page


def test_links_are_rewritten_relative_to_the_linking_file() -> None:
    """Course paths become page names; fragments, other sites and unknown files are kept."""
    pages = {"GLOSSARY.md": "glossary.html", "data/README.md": "data.html"}
    page = ('<a href="../GLOSSARY.md#nhs">x</a><a href="../data/README.md">d</a>'
            '<a href="https://example.org/GLOSSARY.md">e</a><a href="#top">t</a>'
            '<a href="notes.md">n</a>')
    assert site.rewrite_links(page, "m01_x", pages) == (
        '<a href="glossary.html#nhs">x</a><a href="data.html">d</a>'
        '<a href="https://example.org/GLOSSARY.md">e</a><a href="#top">t</a>'
        '<a href="notes.md">n</a>')


def test_checker_finds_broken_links_and_remote_resources(tmp_path: Path) -> None:
    """The checker reports a missing page, a missing anchor and a script from a CDN."""
    (tmp_path / "a.html").write_text(
        '<h1 id="top">A</h1><a href="#top">ok</a><a href="b.html#here">ok</a>'
        '<a href="https://example.org/">an outside link is fine</a>'
        '<a href="missing.html">broken</a><a href="b.html#nowhere">broken anchor</a>'
        '<a href="#gone">broken local anchor</a>'
        '<script src="https://cdn.example.org/x.js"></script>', encoding="utf-8")
    (tmp_path / "b.html").write_text('<p id="here">B</p>', encoding="utf-8")
    problems = site.link_problems(tmp_path)
    assert len(problems) == 4, problems
    assert any("missing.html" in p and "does not exist" in p for p in problems)
    assert any("b.html#nowhere" in p and "'nowhere'" in p for p in problems)
    assert any("#gone" in p for p in problems)
    assert any("cdn.example.org" in p and "outside the site" in p for p in problems)


def tiny_course(root: Path, glossary_link: str) -> Path:
    """A one-module course whose notebook links to ``glossary_link``."""
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell(f"# Module 1: Tiny\n\nSee [NHS]({glossary_link}).",
                                              id="title"),
                nbformat.v4.new_code_cell("x = 1", id="code")]
    (root / "release" / "m01_tiny").mkdir(parents=True)
    nbformat.write(nb, root / "release" / "m01_tiny" / "m01_tiny.ipynb")
    (root / "data").mkdir()
    (root / "data" / "README.md").write_text("# Data dictionary\n", encoding="utf-8")
    (root / "GLOSSARY.md").write_text("# Glossary\n\n### NHS\n\nThe NHS.\n", encoding="utf-8")
    (root / "nbgrader_config.py").write_text("", encoding="utf-8")
    return root


def test_main_builds_and_checks(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """``python -m course.site``: 0 when every link resolves, 1 on a broken one, 2 off-course."""
    good = tiny_course(tmp_path / "good", "../GLOSSARY.md#nhs")
    assert site.main(["--out", str(tmp_path / "good-site"), "--course-dir", str(good)]) == 0
    assert [href for href, _ in links_of(tmp_path / "good-site" / site.INDEX)][0] == \
        "m01_tiny.html"
    bad = tiny_course(tmp_path / "bad", "../GLOSSARY.md#nhs-england")
    assert site.main(["--out", str(tmp_path / "bad-site"), "--course-dir", str(bad)]) == 1
    assert "glossary.html#nhs-england" in capsys.readouterr().err
    assert site.main(["--out", str(tmp_path / "x"), "--course-dir", str(tmp_path)]) == 2
    assert "not a course folder" in capsys.readouterr().err

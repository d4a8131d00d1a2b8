"""The website: what each page holds and leaves out, and that every link and anchor resolves."""

from __future__ import annotations

import html
import re
from pathlib import Path

import nbformat
import pytest

from conftest import M01, REPO
from course import authoring, site
from course.errors import CourseError
from course.paths import module_ids
from course.site import pages

RELEASED = module_ids(REPO, "release")
# Text that only check cells, tutor cells, solutions or hidden tests hold.
NEVER_SHOWN = (
    "check(",
    "reflect.show",
    "reflect.check_",
    "BEGIN SOLUTION",
    "HIDDEN TESTS",
    "charts.show_accessible",
    "Check task",
    "submit.button",
)


def tiny_notebook() -> nbformat.NotebookNode:
    """One of each kind of cell a module has, as nbgrader marks them in release/."""
    return authoring.notebook(
        [
            authoring.md("title", "# Module 1: Tiny\n\nSee the [NHS](../GLOSSARY.md#nhs)."),
            authoring.readonly("setup", "from course import charts, reflect\nx = 21"),
            authoring.md("example-md", "## Worked example"),
            nbformat.v4.new_code_cell("print('worked', x * 2)", id="example"),
            authoring.answer("answer", "# Your answer: y = ...\ny = None"),
            authoring.check("check", 'check("m01-tiny", y)\nassert y == 42', points=1),
            authoring.readonly("box", 'reflect.text_reflection("m01_tiny", "What did you learn?")'),
            authoring.readonly("tutor", 'reflect.show("m01_tiny")'),
            authoring.readonly("hand-in", "from course import submit\n\nsubmit.button()"),
        ]
    )


def tiny_course(root: Path, glossary_link: str = "../GLOSSARY.md#nhs") -> Path:
    """A one-module course whose notebook links to ``glossary_link``."""
    nb = tiny_notebook()
    nb.cells[0].source = f"# Module 1: Tiny\n\nSee the [NHS]({glossary_link})."
    (root / "release" / "m01_tiny").mkdir(parents=True)
    nbformat.write(nb, root / "release" / "m01_tiny" / "m01_tiny.ipynb")
    (root / "release" / "m01_tiny" / "tiny.csv").write_text("a\n1\n", encoding="utf-8")
    (root / "data").mkdir()
    (root / "data" / "README.md").write_text(
        "# Data dictionary\n\nSee [the glossary](../GLOSSARY.md).\n", encoding="utf-8"
    )
    (root / "GLOSSARY.md").write_text("# Glossary\n\n## NHS\n\nThe NHS.\n", encoding="utf-8")
    (root / "nbgrader_config.py").write_text("", encoding="utf-8")
    return root


def staged_cells(tmp_path: Path, hub_url: str | None = None) -> list[nbformat.NotebookNode]:
    src = tmp_path / "src"
    pages.stage(tiny_course(tmp_path / "course"), src, hub_url)
    return nbformat.read(src / "m01_tiny" / "m01_tiny.ipynb", as_version=4).cells


def test_staging_drops_check_tutor_and_hand_in_cells(tmp_path: Path) -> None:
    sources = "\n".join(cell.source for cell in staged_cells(tmp_path))
    assert "check(" not in sources and "assert y" not in sources
    assert "reflect.show" not in sources and "submit.button" not in sources


def test_an_answer_cell_becomes_an_exercise_that_is_never_run(tmp_path: Path) -> None:
    cells = staged_cells(tmp_path)
    index = next(i for i, c in enumerate(cells) if "y = None" in c.source)
    assert cells[index].metadata["tags"] == ["skip-execution"]
    assert "complete the cell below in JupyterLab" in cells[index - 1].source


def test_a_reflection_box_becomes_a_note_naming_its_question(tmp_path: Path) -> None:
    cells = staged_cells(tmp_path)
    assert not any("text_reflection" in c.source for c in cells)
    note = next(c for c in cells if "Reflection box" in c.source)
    assert note.cell_type == "markdown" and "What did you learn?" in note.source


def test_locked_cells_show_their_output_not_their_code(tmp_path: Path) -> None:
    setup = next(c for c in staged_cells(tmp_path) if "x = 21" in c.source)
    assert setup.metadata["tags"] == ["remove-input"]


def test_the_read_only_note_follows_the_title(tmp_path: Path) -> None:
    cells = staged_cells(tmp_path)
    assert cells[0].source.startswith("# Module 1: Tiny")
    assert "read-only copy" in cells[1].source and "hub" not in cells[1].source


def test_a_hub_address_adds_an_open_in_jupyterlab_link(tmp_path: Path) -> None:
    note = staged_cells(tmp_path, "https://hub.example.org/")[1].source
    assert "(https://hub.example.org/hub/user-redirect/lab/tree/m01_tiny/m01_tiny.ipynb)" in note
    assert "open this module in JupyterLab" in note


def test_a_hub_address_that_is_not_a_web_address_is_refused(tmp_path: Path) -> None:
    with pytest.raises(CourseError, match="not a web address"):
        staged_cells(tmp_path, "hub.example.org")


def test_links_are_rewritten_relative_to_the_staged_file() -> None:
    """Course paths become staged documents; fragments, other sites and unknown files stay."""
    docs = {
        "GLOSSARY.md": "glossary.md",
        "data/README.md": "data.md",
        "m02_x/m02_x.ipynb": "m02_x/m02_x.ipynb",
    }
    text = (
        "[x](../GLOSSARY.md#nhs) [d](../data/README.md) [m](../m02_x/m02_x.ipynb) "
        "[e](https://example.org/GLOSSARY.md) [t](#top) [n](notes.md)"
    )
    assert pages.relink(text, "m01_x", "m01_x", docs) == (
        "[x](../glossary.md#nhs) [d](../data.md) [m](../m02_x/m02_x.ipynb) "
        "[e](https://example.org/GLOSSARY.md) [t](#top) [n](notes.md)"
    )


def test_a_tiny_course_builds_with_outputs_and_working_links(tmp_path: Path) -> None:
    out = tmp_path / "site"
    modules = site.build(tiny_course(tmp_path / "course"), out)
    assert [m.module_id for m in modules] == ["m01_tiny"]
    page = (out / "m01_tiny" / "m01_tiny.html").read_text(encoding="utf-8")
    assert "worked 42" in page
    assert 'href="../glossary.html#nhs"' in page
    assert site.link_problems(out) == []


def test_a_broken_glossary_anchor_stops_the_build_and_names_it(tmp_path: Path) -> None:
    course = tiny_course(tmp_path / "course", "../GLOSSARY.md#nhs-england")
    with pytest.raises(CourseError, match="nhs-england"):
        site.build(course, tmp_path / "site")


def test_a_course_without_modules_is_refused(tmp_path: Path) -> None:
    (tmp_path / "nbgrader_config.py").write_text("", encoding="utf-8")
    with pytest.raises(CourseError, match="holds no modules"):
        site.build(tmp_path, tmp_path / "site")


def test_checker_finds_broken_links_and_remote_resources(tmp_path: Path) -> None:
    """The checker reports a missing page, a missing anchor and a script from a CDN."""
    (tmp_path / "a.html").write_text(
        '<h1 id="top">A</h1><a href="#top">ok</a><a href="b.html#here">ok</a>'
        '<a href="https://example.org/">an outside link is fine</a>'
        '<link rel="search" href="#">'
        '<a href="missing.html">broken</a><a href="b.html#nowhere">broken anchor</a>'
        '<a href="#gone">broken local anchor</a>'
        '<script src="https://cdn.example.org/x.js"></script>',
        encoding="utf-8",
    )
    (tmp_path / "b.html").write_text('<p id="here">B</p>', encoding="utf-8")
    problems = site.link_problems(tmp_path)
    assert len(problems) == 4, problems
    assert any("missing.html" in p and "does not exist" in p for p in problems)
    assert any("b.html#nowhere" in p and "'nowhere'" in p for p in problems)
    assert any("#gone" in p for p in problems)
    assert any("cdn.example.org" in p and "outside the site" in p for p in problems)


# The whole course, built once: slow, because every module is run to draw its charts.


@pytest.fixture
def built(built_site: Path) -> Path:
    return built_site


def module_page(built: Path, module: str) -> str:
    return (built / module / f"{module}.html").read_text(encoding="utf-8")


@pytest.mark.slow
def test_every_internal_link_and_anchor_resolves(built: Path) -> None:
    assert site.link_problems(built) == []


@pytest.mark.slow
def test_the_contents_list_every_module_in_course_order_by_its_title(built: Path) -> None:
    index = (built / site.INDEX).read_text(encoding="utf-8").split("<main", 1)[1]
    hrefs = re.findall(r'<a class="reference internal" href="(m\d\d[^"#]*)">(.*?)</a>', index)
    assert [h for h, _ in hrefs] == [f"{m}/{m}.html" for m in RELEASED]
    for module, (_, title) in zip(RELEASED, hrefs, strict=True):
        h1 = re.search(r"<h1>(.*?)(?:<a|</h1>)", module_page(built, module), re.S)
        assert h1 and html.unescape(h1[1]).strip() == html.unescape(title), module


@pytest.mark.slow
def test_no_page_shows_a_check_a_tutor_cell_or_a_solution(built: Path) -> None:
    for page in built.rglob("*.html"):
        text = html.unescape(page.read_text(encoding="utf-8"))
        shown = [marker for marker in NEVER_SHOWN if marker in text]
        assert not shown, f"{page.relative_to(built)} shows {shown}"


@pytest.mark.slow
def test_every_chart_is_drawn_with_a_description(built: Path) -> None:
    for module in RELEASED:
        page = module_page(built, module)
        if "What the chart shows" not in page:
            continue
        images = re.findall(r'<img alt="([^"]*)" src="([^"]*\.svg)"', page)
        assert images, f"{module}: the chart is not drawn"
        assert all(alt == pages.CHART_ALT for alt, _ in images)
        assert all((built / module / src).is_file() for _, src in images)


@pytest.mark.slow
def test_the_glossary_keeps_the_anchors_modules_link_to(built: Path) -> None:
    assert 'href="../glossary.html#clinical-commissioning-group-ccg"' in module_page(built, M01)
    assert 'id="clinical-commissioning-group-ccg"' in (built / "glossary.html").read_text(
        encoding="utf-8"
    )


@pytest.mark.slow
def test_each_module_links_to_the_one_before_and_after(built: Path) -> None:
    page = module_page(built, RELEASED[1])
    before = re.search(r'class="left-prev"\s+href="\.\./([^/"]+)/', page)
    after = re.search(r'class="right-next"\s+href="\.\./([^/"]+)/', page)
    assert before and before[1] == RELEASED[0]
    assert after and after[1] == RELEASED[2]

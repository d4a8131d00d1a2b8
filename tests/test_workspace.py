"""A learner's workspace: what `course start` copies, and that the notebooks' links work there.

The module notebooks link to glossary entries with GitHub-style fragments
(``../GLOSSARY.md#clinical-commissioning-group-ccg``). JupyterLab gives a heading an id made
from its text with only spaces changed (``Clinical-commissioning-group-(CCG)``), so each
glossary heading carries an explicit ``<a id="...">`` with its GitHub-style slug; these tests
hold the anchors, the headings and the links together.
"""

from __future__ import annotations

import posixpath
import re
from pathlib import Path, PurePosixPath

import nbformat
import pytest

from conftest import REPO
from course import workspace
from course.errors import CourseError
from course.site.pages import MD_LINK

GLOSSARY = REPO / "GLOSSARY.md"
DICTIONARY = REPO / "data" / "README.md"
NOTEBOOKS = sorted((REPO / "release").glob("*/*.ipynb"))
HEADING = re.compile(r"^(#{2,6})[ \t]+(.+?)[ \t#]*$")
ANCHOR = re.compile(r'<a id="([^"]+)"></a>')


def github_slug(heading: str) -> str:
    """The id GitHub gives a heading: lower case, only word characters, hyphens and spaces
    kept, spaces turned into hyphens."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def anchors(path: Path) -> list[str]:
    """The ids of the explicit anchors in a Markdown file, in order."""
    return ANCHOR.findall(path.read_text(encoding="utf-8"))


def markdown_links(path: Path) -> list[str]:
    """Every Markdown link target in a notebook's markdown cells or in a Markdown file."""
    if path.suffix == ".ipynb":
        nb = nbformat.read(path, as_version=4)
        texts = [cell.source for cell in nb.cells if cell.cell_type == "markdown"]
    else:
        texts = [path.read_text(encoding="utf-8")]
    return [match[2] for text in texts for match in MD_LINK.finditer(text)]


def is_relative(target: str) -> bool:
    """True for a link to a file by a relative path (not a web address or a same-page link)."""
    return not re.match(r"^[a-z][a-z0-9+.-]*:|^/|^#", target, re.I)


@pytest.fixture(scope="module")
def prepared(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A workspace prepared from the course, once for the module's read-only tests."""
    ws = tmp_path_factory.mktemp("prepared") / "workspace"
    workspace.prepare(REPO, ws)
    return ws


def test_the_slug_rule_matches_github() -> None:
    assert github_slug("Clinical commissioning group (CCG)") == "clinical-commissioning-group-ccg"
    assert github_slug('Four-hour A&E target ("trolley wait")') == (
        "four-hour-ae-target-trolley-wait"
    )
    assert github_slug("The King's Fund") == "the-kings-fund"
    assert github_slug("Sustainability and transformation plans/partnerships (STPs)") == (
        "sustainability-and-transformation-planspartnerships-stps"
    )


def test_every_glossary_heading_has_its_slug_as_an_anchor_just_above_it() -> None:
    lines = GLOSSARY.read_text(encoding="utf-8").splitlines()
    headings = [(i, m[2]) for i, line in enumerate(lines) if (m := HEADING.match(line))]
    assert len(headings) > 100
    for i, heading in headings:
        assert lines[i - 2 : i] == [f'<a id="{github_slug(heading)}"></a>', ""], (
            f"GLOSSARY.md line {i + 1}: {heading!r} needs "
            f'<a id="{github_slug(heading)}"></a> and a blank line just above it'
        )
    found = anchors(GLOSSARY)
    assert len(found) == len(headings), "an anchor in GLOSSARY.md is not above a heading"
    assert len(set(found)) == len(found), "two glossary headings have the same slug"


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.parent.name)
def test_every_glossary_link_in_a_notebook_lands_on_an_anchor(notebook: Path) -> None:
    known = set(anchors(GLOSSARY))
    module = notebook.parent.name
    missing = []
    for target in markdown_links(notebook):
        path, _, fragment = target.partition("#")
        if is_relative(target) and posixpath.normpath(f"{module}/{path}") == "GLOSSARY.md":
            if fragment and fragment not in known:
                missing.append(target)
    assert not missing, f"{module} links to glossary entries that have no anchor: {missing}"


def test_the_notebooks_do_link_to_the_glossary() -> None:
    assert sum("../GLOSSARY.md#" in link for nb in NOTEBOOKS for link in markdown_links(nb)) > 100


def test_prepare_copies_the_glossary_and_only_the_data_dictionary(prepared: Path) -> None:
    assert (prepared / "GLOSSARY.md").read_bytes() == GLOSSARY.read_bytes()
    assert (prepared / "data" / "README.md").read_bytes() == DICTIONARY.read_bytes()
    assert [p.name for p in (prepared / "data").iterdir()] == ["README.md"]
    for nb in NOTEBOOKS:
        copy = prepared / nb.parent.name / nb.name
        assert copy.is_file()
        assert sorted(p.name for p in copy.parent.glob("*.csv")) == sorted(
            p.name for p in nb.parent.glob("*.csv")
        )


@pytest.mark.parametrize(
    "source", [*NOTEBOOKS, GLOSSARY, DICTIONARY], ids=lambda p: p.parent.name + "/" + p.name
)
def test_every_relative_link_resolves_inside_a_prepared_workspace(
    prepared: Path, source: Path
) -> None:
    """A relative link followed from the workspace copy of a file reaches a copied file."""
    release = REPO / "release"
    base = PurePosixPath(source.relative_to(release if source.is_relative_to(release) else REPO))
    broken = []
    for target in filter(is_relative, markdown_links(source)):
        path, _, fragment = target.partition("#")
        inside = posixpath.normpath(str(base.parent / path)) if path else str(base)
        if inside.startswith("..") or not (prepared / inside).is_file():
            broken.append(target)
        elif fragment and inside.endswith(".md") and fragment not in anchors(prepared / inside):
            broken.append(target)
    assert not broken, f"{base} has links that do not resolve in a workspace: {broken}"


def test_notebooks_that_name_the_data_dictionary_find_it_in_the_workspace(
    prepared: Path,
) -> None:
    naming = [nb for nb in NOTEBOOKS if "data/README.md" in nb.read_text(encoding="utf-8")]
    assert naming, "no notebook names the data dictionary"
    assert (prepared / "data" / "README.md").is_file()


def test_prepare_never_replaces_the_learners_copies(tmp_path: Path) -> None:
    ws = tmp_path / "workspace"
    (ws / "data").mkdir(parents=True)
    (ws / "data" / "README.md").write_text("my notes on the data\n", encoding="utf-8")
    (ws / "GLOSSARY.md").write_text("my glossary\n", encoding="utf-8")
    copied = workspace.prepare(REPO, ws)
    assert (ws / "data" / "README.md").read_text(encoding="utf-8") == "my notes on the data\n"
    assert (ws / "GLOSSARY.md").read_text(encoding="utf-8") == "my glossary\n"
    assert ws / "data" / "README.md" not in copied and ws / "GLOSSARY.md" not in copied
    assert workspace.prepare(REPO, ws) == []


def test_a_missing_dictionary_is_copied_into_an_older_workspace(tmp_path: Path) -> None:
    ws = tmp_path / "workspace"
    workspace.prepare(REPO, ws)
    (ws / "data" / "README.md").unlink()
    assert workspace.prepare(REPO, ws) == [ws / "data" / "README.md"]


def test_a_file_where_a_folder_belongs_is_reported_in_one_sentence(tmp_path: Path) -> None:
    ws = tmp_path / "workspace"
    ws.mkdir()
    (ws / "data").write_text("not a folder\n", encoding="utf-8")
    with pytest.raises(CourseError, match=r"^data in your workspace is a file .*again\.$"):
        workspace.prepare(REPO, ws)
    assert (ws / "data").read_text(encoding="utf-8") == "not a folder\n"

"""Turn the course's release notebooks and reference files into the website's Sphinx sources.

A reader of the site sees what a learner sees before they start, minus the machinery:

- explanations and worked examples, executed at build time so every table and chart is drawn;
- each answer cell as an empty exercise (its starting code, never run), under a line saying
  it is completed in JupyterLab;
- each reflection box as a note naming its question;
- never a check cell, a tutor's view of saved reflections, a solution or a hidden test
  (``release/`` holds no solutions or hidden tests; check and tutor cells are dropped here).

Locked course cells (loading data, drawing a chart) show their output, not their code.
Links between course files are rewritten to the staged pages, so Sphinx resolves them.
"""

from __future__ import annotations

import ast
import posixpath
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import nbformat
from nbformat.notebooknode import NotebookNode

from .. import notebooks
from ..errors import CourseError
from ..paths import module_ids

COURSE_NAME = "System Leadership Lab"
GLOSSARY, DATA = "glossary.md", "data.md"

MD_H1 = re.compile(r"^#[ \t]+(.+?)[ \t#]*$", re.M)
# A Markdown link's target: ``[text](target)`` or ``[text](target "title")``.
MD_LINK = re.compile(r"(\]\()([^)\s]+)((?:\s+\"[^\"]*\")?\))")

# An anchor as notebooks write it for JupyterLab (``<a id="pandas-sort"></a>`` on its own
# line), which Sphinx does not see; the site writes it as a MyST target, ``(pandas-sort)=``.
HTML_ANCHOR = re.compile(r'^<a id="([A-Za-z0-9_-]+)"></a>[ \t]*\n\n?', re.M)

# A chart's image is described in words and given as a table just below it.
CHART_ALT = "Chart: what it shows is described in words below it, then given as a table."
READ_ONLY_NOTE = (
    "```{note}\nThis page is a read-only copy of the module. The data tasks, their checks and "
    "the reflection boxes work in JupyterLab: run `make start` in a copy of the course"
    "{hub}.\n```"
)


@dataclass(frozen=True)
class Module:
    """One module of the site: its id, title and release notebook."""

    module_id: str
    title: str
    notebook: Path

    @property
    def doc(self) -> str:
        """The staged notebook, relative to the Sphinx source folder."""
        return f"{self.module_id}/{self.module_id}.ipynb"


def module_title(nb: NotebookNode, fallback: str) -> str:
    """A notebook's title: the H1 of its first markdown cell that has one."""
    for cell in nb.cells:
        if cell.cell_type == "markdown" and (found := MD_H1.search(cell.source)):
            return found[1].strip()
    return fallback


def find_modules(root: Path) -> list[Module]:
    """Every module in ``release/``, in course order, with its notebook and title."""
    found = []
    for module_id in module_ids(root, "release"):
        path = root / "release" / module_id / f"{module_id}.ipynb"
        found.append(Module(module_id, module_title(notebooks.read(path), module_id), path))
    return found


def page_map(modules: list[Module]) -> dict[str, str]:
    """Course paths (as links spell them, from the course folder) to staged documents."""
    pages = {"GLOSSARY.md": GLOSSARY, "data/README.md": DATA, "data": DATA}
    for module in modules:
        pages[f"{module.module_id}/{module.notebook.name}"] = module.doc
        pages[module.module_id] = module.doc
    return pages


def relink(text: str, origin: str, staged: str, pages: dict[str, str]) -> str:
    """Point Markdown links at course files to their staged documents.

    ``origin`` is the linking file's folder in the course (``m01_x`` for a release notebook,
    ``""`` for ``GLOSSARY.md``); ``staged`` is its folder in the Sphinx sources. Links to
    other sites and to files the site does not hold are left alone.
    """

    def swap(match: re.Match[str]) -> str:
        target = match[2]
        path, _, fragment = target.partition("#")
        if not path or re.match(r"^[a-z][a-z0-9+.-]*:", path):
            return match[0]
        doc = pages.get(posixpath.normpath(posixpath.join(origin, path)))
        if doc is None:
            return match[0]
        new = posixpath.relpath(doc, staged or ".") + (f"#{fragment}" if fragment else "")
        return f"{match[1]}{new}{match[3]}"

    return MD_LINK.sub(swap, text)


def calls(source: str) -> set[str]:
    """The dotted names a code cell calls (``reflect.show``, ``charts.show_accessible``)."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return set()
    found = set()
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and isinstance(node.func.value, ast.Name)
        ):
            found.add(f"{node.func.value.id}.{node.func.attr}")
    return found


def reflection_prompt(source: str) -> str | None:
    """The question of a ``reflect.*_reflection(key, prompt, ...)`` call, if it is literal."""
    for node in ast.walk(ast.parse(source)):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr.endswith("_reflection")
            and len(node.args) >= 2
            and isinstance(node.args[1], ast.Constant)
            and isinstance(node.args[1].value, str)
        ):
            return node.args[1].value
    return None


def is_reflection_box(cell: NotebookNode) -> bool:
    """A locked cell that draws a reflection widget."""
    return cell.cell_type == "code" and any(
        name.startswith("reflect.") and name.endswith("_reflection") for name in calls(cell.source)
    )


def is_tutor_view(cell: NotebookNode) -> bool:
    """A locked cell that shows the tutor a learner's saved reflection."""
    return cell.cell_type == "code" and "reflect.show" in calls(cell.source)


def is_hand_in(cell: NotebookNode) -> bool:
    """The cell at the end of each module with the button that makes a submission zip."""
    return cell.cell_type == "code" and "submit.button" in calls(cell.source)


def is_locked_code(cell: NotebookNode) -> bool:
    """A course cell the learner runs but does not change (set-up, a chart, rating items)."""
    return cell.cell_type == "code" and bool(notebooks.nbgrader_meta(cell).get("locked"))


def md(source: str, cell_id: str) -> NotebookNode:
    return nbformat.v4.new_markdown_cell(source, id=cell_id)


def reader_cells(
    nb: NotebookNode, origin: str, staged: str, pages: dict[str, str], open_link: str
) -> list[NotebookNode]:
    """The cells a reader of the site sees, in order (see the module docstring)."""
    cells: list[NotebookNode] = []
    for cell in nb.cells:
        tags = list(cell.metadata.get("tags", []))
        if cell.cell_type == "markdown":
            cell.source = HTML_ANCHOR.sub(r"(\1)=\n", relink(cell.source, origin, staged, pages))
        elif notebooks.is_autograded_test(cell) or is_tutor_view(cell) or is_hand_in(cell):
            continue
        elif is_reflection_box(cell):
            prompt = reflection_prompt(cell.source)
            question = f" It asks: *{prompt}*" if prompt else ""
            cells.append(
                md(
                    f"```{{admonition}} Reflection box\nIn JupyterLab a box here takes "
                    f"your reflection and saves it as you type.{question}\n```",
                    f"{cell.id}-site",
                )
            )
            continue
        elif notebooks.is_answer(cell):
            cells.append(
                md(
                    "*Exercise: complete the cell below in JupyterLab; it starts like this.*",
                    f"{cell.id}-site",
                )
            )
            cell.outputs, cell.execution_count = [], None
            tags += ["skip-execution"]
        elif is_locked_code(cell):
            tags += ["remove-input"]
        metadata: dict = {"tags": tags} if tags else {}
        if "charts.show_accessible" in calls(cell.source if cell.cell_type == "code" else ""):
            metadata["mystnb"] = {"image": {"alt": CHART_ALT}}
        cell = nbformat.from_dict({**cell, "metadata": metadata})
        cells.append(cell)
        if len(cells) == 1 and cell.cell_type == "markdown":
            cells.append(md(READ_ONLY_NOTE.replace("{hub}", open_link), "site-read-only"))
    return cells


def hub_link(hub_url: str | None, module: Module) -> str:
    """`` or open it on your hub`` with a link to the module there, or nothing."""
    if not hub_url:
        return ""
    if not re.match(r"^https?://[^/\s]+", hub_url):
        raise CourseError(
            f"The hub address {hub_url!r} is not a web address; give it as https://hub.example.org."
        )
    path = f"{module.module_id}/{module.notebook.name}"
    return (
        f", or [open this module in JupyterLab on your hub]({hub_url.rstrip('/')}"
        f"/hub/user-redirect/lab/tree/{path})"
    )


def index_page(modules: list[Module]) -> str:
    """The home page: what the site is, then the table of contents in course order."""
    module_docs = "\n".join(m.doc.removesuffix(".ipynb") for m in modules)
    return (
        f"# {COURSE_NAME}\n\n"
        "A course on the practice of system leadership in health and care, with data "
        "tasks and reflections. These pages are a read-only copy: every module with its "
        "explanations, worked examples and charts. The data tasks, their checks and the "
        "reflection boxes work in JupyterLab (`make start` in a copy of the course).\n\n"
        f"```{{toctree}}\n:caption: Modules\n:maxdepth: 1\n\n{module_docs}\n```\n\n"
        f"```{{toctree}}\n:caption: Reference\n:maxdepth: 1\n\n"
        f"{GLOSSARY.removesuffix('.md')}\n{DATA.removesuffix('.md')}\n```\n"
    )


def stage(root: Path, src: Path, hub_url: str | None = None) -> list[Module]:
    """Write the Sphinx sources for the course in ``root`` into ``src``; return the modules."""
    modules = find_modules(root)
    if not modules:
        raise CourseError(f"{root / 'release'} holds no modules; run `course build` first.")
    for name in ("GLOSSARY.md", "data/README.md"):
        if not (root / name).is_file():
            raise CourseError(f"{root / name} is missing; the site needs it.")
    pages = page_map(modules)
    src.mkdir(parents=True, exist_ok=True)
    for name, origin, doc in (("GLOSSARY.md", "", GLOSSARY), ("data/README.md", "data", DATA)):
        text = (root / name).read_text(encoding="utf-8")
        (src / doc).write_text(relink(text, origin, "", pages), encoding="utf-8")
    (src / "index.md").write_text(index_page(modules), encoding="utf-8")
    for module in modules:
        folder = src / module.module_id
        shutil.copytree(
            module.notebook.parent,
            folder,
            dirs_exist_ok=True,
            ignore=shutil.ignore_patterns("*.ipynb", ".*", "reflections"),
        )
        nb = notebooks.read(module.notebook)
        nb.metadata.pop("widgets", None)
        nb.cells = reader_cells(
            nb, module.module_id, module.module_id, pages, hub_link(hub_url, module)
        )
        nbformat.write(nb, folder / module.notebook.name)
    return modules

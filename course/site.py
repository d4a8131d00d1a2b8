"""A read-only website of the course, built from the release notebooks.

``python -m course.site --out site`` writes, into one flat folder:

- ``<module>.html`` for every module in ``release/``, rendered as released (code shown, no
  outputs) by nbconvert's ``lab`` template with images embedded, under a note that the
  interactive version runs in JupyterLab;
- ``glossary.html`` and ``data.html`` from ``GLOSSARY.md`` and ``data/README.md``, whose
  headings get GitHub-style ids so that ``../GLOSSARY.md#anchor`` links keep working;
- ``index.html``, the table of contents: each module's H1 title in course order, then the
  glossary and the data dictionary.

Links between course files (``../GLOSSARY.md#nhs``, ``../data/README.md``, another module's
notebook) are rewritten to the matching page. The pages load nothing from the internet: the
``lab`` template's CSS is inlined, and its require.js, MathJax and mermaid script tags (CDN
links, needed only for outputs, LaTeX maths and mermaid diagrams, which released notebooks do
not have) are left out. Widgets and charts appear only as the code that makes them.
"""

from __future__ import annotations

import argparse
import html
import posixpath
import re
import sys
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

from nbformat.notebooknode import NotebookNode

from . import notebooks
from .errors import CourseError
from .paths import course_dir, module_ids

if TYPE_CHECKING:
    from nbconvert import HTMLExporter

INDEX, GLOSSARY, DATA = "index.html", "glossary.html", "data.html"
COURSE_NAME = "System Leadership Lab"

# Styles for the site's navigation bar and note, on every page.
SITE_CSS = """
nav.site-nav { background: #f3f5f7; border-bottom: 1px solid #d0d7de; padding: 0.6rem 1.5rem;
               font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
nav.site-nav a { margin-right: 1.2rem; color: #005a8c; }
p.site-note { background: #eef6fc; border-left: 4px solid #0072B2; padding: 0.6rem 1rem;
              margin: 0.8rem 0; font-family: system-ui, -apple-system, "Segoe UI", sans-serif; }
a:focus { outline: 3px solid #E69F00; outline-offset: 2px; }
"""
# Styles for the pages written from Markdown (the contents, glossary and data dictionary).
PAGE_CSS = SITE_CSS + """
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; line-height: 1.5;
       color: #1a1a1a; background: #fff; margin: 0; }
main.site-page { max-width: 52rem; margin: 0 auto; padding: 1rem 1.5rem 3rem; }
a { color: #005a8c; }
table { border-collapse: collapse; margin: 1rem 0; }
th, td { border: 1px solid #d0d7de; padding: 0.3rem 0.6rem; text-align: left;
         vertical-align: top; }
code { background: #f3f5f7; padding: 0 0.2em; }
a.anchor-link { visibility: hidden; margin-left: 0.3em; text-decoration: none; }
h1:hover a.anchor-link, h2:hover a.anchor-link, h3:hover a.anchor-link,
h4:hover a.anchor-link { visibility: visible; }
"""

# nbconvert's lab page without its CDN scripts, with the site's navigation and note on top.
NOTEBOOK_TEMPLATE = """{%- extends 'lab/index.html.j2' -%}
{%- block html_head_js -%}{%- endblock html_head_js -%}
{%- block jupyter_widgets -%}{%- endblock jupyter_widgets -%}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
{%- block extra_css -%}<style type="text/css">{{ resources.site_css }}</style>
{%- endblock extra_css -%}
{%- block body_header -%}{{ super() }}{{ resources.site_banner }}{%- endblock body_header -%}
"""

HEADING = re.compile(r"<h([1-6])([^>]*)>(.*?)</h\1>", re.S)
ANCHOR_LINK = re.compile(r'<a class="anchor-link"[^>]*>.*?</a>', re.S)
TAG = re.compile(r"<[^>]+>")
HREF = re.compile(r'\bhref="([^"]*)"')
MD_H1 = re.compile(r"^#[ \t]+(.+?)[ \t#]*$", re.M)


def github_slug(text: str) -> str:
    """GitHub's id for a heading: lower case, punctuation dropped, each space a hyphen."""
    return re.sub(r"[^\w\- ]", "", text.strip().lower()).replace(" ", "-")


def add_heading_ids(page: str) -> str:
    """Give every heading in ``page`` a GitHub-style id (repeats get ``-1``, ``-2`` ...)."""
    seen: dict[str, int] = {}

    def retag(match: re.Match[str]) -> str:
        level, inner = match[1], ANCHOR_LINK.sub("", match[3])
        slug = github_slug(html.unescape(TAG.sub("", inner)))
        count = seen.get(slug, 0)
        seen[slug] = count + 1
        if count:
            slug = f"{slug}-{count}"
        return (f'<h{level} id="{slug}">{inner}'
                f'<a class="anchor-link" href="#{slug}">&#182;</a></h{level}>')

    return HEADING.sub(retag, page)


def rewrite_links(page: str, base: str, pages: dict[str, str]) -> str:
    """Point links to course files at their pages; ``base`` is the linking file's folder.

    ``pages`` maps course paths (``GLOSSARY.md``, ``data/README.md``,
    ``m01_x/m01_x.ipynb``) to page names; other links are left alone.
    """

    def relink(match: re.Match[str]) -> str:
        target = html.unescape(match[1])
        parts = urlsplit(target)
        if parts.scheme or parts.netloc or not parts.path:
            return match[0]
        page_name = pages.get(posixpath.normpath(posixpath.join(base, parts.path)))
        if page_name is None:
            return match[0]
        fragment = f"#{parts.fragment}" if parts.fragment else ""
        return f'href="{html.escape(page_name + fragment)}"'

    return HREF.sub(relink, page)


def page_shell(title: str, body: str, banner: str = "") -> str:
    """A complete, self-contained HTML page."""
    return (f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{html.escape(title)}</title>\n<style>{PAGE_CSS}</style>\n</head>\n<body>\n"
            f'{banner}<main class="site-page">\n{body}\n</main>\n</body>\n</html>\n')


def nav(*links: tuple[str, str]) -> str:
    """The navigation bar: the contents page first, then ``links`` as (href, text)."""
    items = [(INDEX, "Contents"), *links]
    anchors = " ".join(f'<a href="{html.escape(h)}">{html.escape(t)}</a>' for h, t in items)
    return f'<nav class="site-nav" aria-label="Course pages">{anchors}</nav>\n'


def markdown_html(text: str) -> str:
    """Markdown to HTML with nbconvert's renderer (the ``markdown`` package is not a dependency)."""
    from nbconvert.filters import markdown2html

    return markdown2html(text)


def markdown_title(text: str, fallback: str) -> str:
    """The first H1 of a Markdown text."""
    found = MD_H1.search(text)
    return found[1].strip() if found else fallback


def module_title(nb: NotebookNode, fallback: str) -> str:
    """A notebook's title: the H1 of its first markdown cell that has one."""
    for cell in nb.cells:
        if cell.cell_type == "markdown" and (found := MD_H1.search(cell.source)):
            return found[1].strip()
    return fallback


@dataclass(frozen=True)
class Module:
    """One module of the site: its id, title, notebook and page name."""

    module_id: str
    title: str
    notebook: Path

    @property
    def page(self) -> str:
        return f"{self.module_id}.html"


def find_modules(root: Path) -> list[Module]:
    """Every module in ``release/``, in course order, with its notebook and title."""
    found = []
    for module_id in module_ids(root, "release"):
        path = root / "release" / module_id / f"{module_id}.ipynb"
        found.append(Module(module_id, module_title(notebooks.read(path), module_id), path))
    return found


def page_map(modules: list[Module]) -> dict[str, str]:
    """Course paths (as links spell them, from the course folder) to page names."""
    pages = {"GLOSSARY.md": GLOSSARY, "data/README.md": DATA, "data": DATA}
    for module in modules:
        pages[f"{module.module_id}/{module.notebook.name}"] = module.page
        pages[module.module_id] = module.page
    return pages


def notebook_exporter() -> HTMLExporter:
    """nbconvert's ``lab`` HTML exporter with the site's template: code shown, images embedded."""
    from jinja2 import DictLoader
    from nbconvert import HTMLExporter

    return HTMLExporter(
        template_name="lab", embed_images=True, exclude_input=False, exclude_input_prompt=True,
        exclude_output_prompt=True, extra_loaders=[DictLoader({"site.html.j2": NOTEBOOK_TEMPLATE})],
        template_file="site.html.j2",
    )


def notebook_page(module: Module, banner: str, pages: dict[str, str],
                  exporter: HTMLExporter) -> str:
    """One module's page: the release notebook as released, without outputs."""
    nb = notebooks.read(module.notebook)
    nb.metadata.pop("widgets", None)
    nb.metadata["title"] = module.title
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    resources = {"metadata": {"name": module.title, "path": str(module.notebook.parent)},
                 "site_banner": banner, "site_css": SITE_CSS}
    body, _ = exporter.from_notebook_node(nb, resources=resources)
    return rewrite_links(body, module.module_id, pages)


def module_banner(modules: list[Module], index: int) -> str:
    """Navigation and the read-only note for the page of ``modules[index]``."""
    links = []
    if index > 0:
        links.append((modules[index - 1].page, f"Previous: {modules[index - 1].title}"))
    if index + 1 < len(modules):
        links.append((modules[index + 1].page, f"Next: {modules[index + 1].title}"))
    note = ("<strong>This is a read-only copy of the module.</strong> Nothing on this page runs: "
            "the interactive version, with the data task, its checks, the charts and the "
            "reflection boxes, runs in JupyterLab (run <code>make start</code> in a copy of "
            "the course).")
    return nav(*links, (GLOSSARY, "Glossary"), (DATA, "Data dictionary")) + (
        f'<p class="site-note" role="note">{note}</p>\n')


def index_page(modules: list[Module], glossary_title: str, data_title: str) -> str:
    """The table of contents: modules in course order, then the reference pages."""
    items = "\n".join(f'<li><a href="{html.escape(m.page)}">{html.escape(m.title)}</a></li>'
                      for m in modules)
    body = (f"<h1>{COURSE_NAME}</h1>\n"
            "<p>A read-only copy of the course: every module as a learner first sees it, "
            "with the code but without outputs. To run the code, see the charts and write "
            "reflections, open the course in JupyterLab (<code>make start</code>).</p>\n"
            f'<h2 id="modules">Modules</h2>\n<ul>\n{items}\n</ul>\n'
            f'<h2 id="reference">Reference</h2>\n<ul>\n'
            f'<li><a href="{GLOSSARY}">{html.escape(glossary_title)}</a></li>\n'
            f'<li><a href="{DATA}">{html.escape(data_title)}</a></li>\n</ul>')
    return page_shell(f"{COURSE_NAME}: contents", body)


def markdown_page(path: Path, base: str, pages: dict[str, str]) -> tuple[str, str]:
    """A Markdown file as a page with GitHub-style heading ids; returns (title, page)."""
    text = path.read_text(encoding="utf-8")
    title = markdown_title(text, path.stem)
    body = rewrite_links(add_heading_ids(markdown_html(text)), base, pages)
    banner = nav((GLOSSARY, "Glossary"), (DATA, "Data dictionary"))
    return title, page_shell(f"{title}: {COURSE_NAME}", body, banner)


def build(root: Path, out: Path) -> list[Path]:
    """Write the site for the course in ``root`` into ``out``; return the pages written."""
    modules = find_modules(root)
    if not modules:
        raise CourseError(f"{root / 'release'} holds no modules; run `course build` first.")
    for name in ("GLOSSARY.md", "data/README.md"):
        if not (root / name).is_file():
            raise CourseError(f"{root / name} is missing; the site needs it.")
    pages = page_map(modules)
    out.mkdir(parents=True, exist_ok=True)
    glossary_title, glossary = markdown_page(root / "GLOSSARY.md", "", pages)
    data_title, data = markdown_page(root / "data" / "README.md", "data", pages)
    written = {GLOSSARY: glossary, DATA: data,
               INDEX: index_page(modules, glossary_title, data_title)}
    exporter = notebook_exporter()
    for index, module in enumerate(modules):
        written[module.page] = notebook_page(module, module_banner(modules, index), pages,
                                             exporter)
    for name, text in written.items():
        (out / name).write_text(text, encoding="utf-8")
    return [out / name for name in written]


class _PageLinks(HTMLParser):
    """Collects a page's ids, its links and the resources it loads."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[str] = []
        self.resources: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {k: v or "" for k, v in attrs}
        if "id" in found:
            self.ids.add(found["id"])
        if tag == "a" and "name" in found:
            self.ids.add(found["name"])
        if tag in ("a", "area") and "href" in found:
            self.links.append(found["href"])
        if tag == "link" and "href" in found:
            self.resources.append(found["href"])
        if "src" in found:
            self.resources.append(found["src"])


def _parse(page: Path) -> _PageLinks:
    parser = _PageLinks()
    parser.feed(page.read_text(encoding="utf-8"))
    parser.close()
    return parser


def is_remote(url: str) -> bool:
    """True for a URL that leaves the site (``https:``, ``//host``, ``mailto:`` ...)."""
    parts = urlsplit(url)
    return bool(parts.scheme or parts.netloc)


def link_problems(site: Path) -> list[str]:
    """Every broken local link or anchor, and every resource loaded from elsewhere, in ``site``.

    Links to other sites are allowed (a reader may follow them); resources such as scripts,
    stylesheets and images must be local files or ``data:`` URLs.
    """
    parsed = {page.resolve(): _parse(page) for page in sorted(site.rglob("*.html"))}
    problems = []
    for page, found in parsed.items():
        name = page.relative_to(site.resolve()).as_posix()
        for url in found.resources:
            if is_remote(url) and not url.startswith("data:"):
                problems.append(f"{name}: loads {url} from outside the site")
            elif not is_remote(url) and not (page.parent / urlsplit(url).path).is_file():
                problems.append(f"{name}: loads {url}, which does not exist")
        for url in found.links:
            if is_remote(url):
                continue
            parts = urlsplit(url)
            target = (page.parent / parts.path).resolve() if parts.path else page.resolve()
            if not target.is_file():
                problems.append(f"{name}: links to {url}, which does not exist")
                continue
            if parts.fragment:
                ids = parsed[target].ids if target in parsed else _parse(target).ids
                if parts.fragment not in ids and unquote(parts.fragment) not in ids:
                    problems.append(f"{name}: links to {url}, but {target.name} has no "
                                    f"id {parts.fragment!r}")
    return problems


def main(argv: list[str] | None = None) -> int:
    """Build the site, then check its links; exit 1 if a link is broken, 2 on a course error."""
    parser = argparse.ArgumentParser(
        prog="python -m course.site",
        description="Build a read-only website of the course from release/ and check its links.")
    parser.add_argument("--out", default="site", help="folder to write the pages to (site)")
    parser.add_argument("--course-dir", help="the course folder (default: this clone)")
    args = parser.parse_args(argv)
    try:
        pages = build(course_dir(args.course_dir), Path(args.out))
    except CourseError as exc:
        print(f"course site: {exc}", file=sys.stderr)
        return 2
    problems = link_problems(Path(args.out))
    for problem in problems:
        print(f"course site: {problem}", file=sys.stderr)
    print(f"Wrote {len(pages)} pages; open {Path(args.out) / INDEX} in a browser.")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())

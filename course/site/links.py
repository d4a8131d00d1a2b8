"""Check a built site: every local link and anchor resolves, and nothing loads from outside.

Sphinx already refuses a cross-reference it cannot resolve; this reads the HTML it wrote, so
it also catches what a theme or a notebook output adds (a script from a CDN, a broken anchor).
"""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit


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
    root = site.resolve()
    # _static/ holds the theme's own template fragments, not pages.
    parsed = {
        page.resolve(): _parse(page)
        for page in sorted(site.rglob("*.html"))
        if page.relative_to(site).parts[0] != "_static"
    }
    problems = []
    for page, found in parsed.items():
        name = page.relative_to(root).as_posix()
        for url in found.resources:
            if url.startswith("data:") or not urlsplit(url).path and not is_remote(url):
                continue
            if is_remote(url):
                problems.append(f"{name}: loads {url} from outside the site")
            elif not (page.parent / unquote(urlsplit(url).path)).is_file():
                problems.append(f"{name}: loads {url}, which does not exist")
        for url in found.links:
            if is_remote(url):
                continue
            parts = urlsplit(url)
            path = unquote(parts.path)
            target = (page.parent / path).resolve() if path else page
            if target.is_dir():
                target = target / "index.html"
            if not target.is_file():
                problems.append(f"{name}: links to {url}, which does not exist")
                continue
            if parts.fragment and target.suffix == ".html":
                ids = parsed[target].ids if target in parsed else _parse(target).ids
                if parts.fragment not in ids and unquote(parts.fragment) not in ids:
                    problems.append(
                        f"{name}: links to {url}, but {target.name} has no id {parts.fragment!r}"
                    )
    return problems

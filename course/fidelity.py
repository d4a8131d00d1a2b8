"""Check that the course is true to its sources: exact quotations and no unquoted copying.

Two rules, over the text of every release notebook (markdown, and the prompts in code cells)
and the glossary:

1. A passage in double quotation marks that is attributed to a seed document is verbatim in
   that seed. A quotation is attributed by the first citation after it in the same paragraph
   (or, if none follows, the last one before it): ``(Timmins 2015)`` is the report (003),
   ``(Timmins, interview)`` the interview (002), ``(Cater 2014)`` the blog post (000),
   ``(The King's Fund 2017)`` the paper or its summary page (001, 004) and a *reader comment*
   the summary page (004). Typographic quotes, dashes, ellipses, whitespace and the case of the
   first letter are normalised; ``...`` (or ``[...]``) inside a quotation joins verbatim pieces,
   which must come in the seed's order.
2. No run of ``RUN_WORDS`` or more consecutive words outside attributed quotations is shared
   with any seed. The only exceptions are the titles and names in ``TITLES`` and the sections
   headed as in ``REFERENCE_HEADINGS`` (Further reading and reference lists), where titles are
   cited whole.

Quotation marks with no citation near them are the course's own phrases; their words count as
unquoted text, so an unattributed copy is still found.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from . import notebooks
from .errors import CourseError

RUN_WORDS = 10

# Titles of the seed works and names of bodies, which are given whole and may be long.
TITLES = (
    "Collaboration for Leadership in Applied Health Research and Care",
    "Society of Local Authority Chief Executives and Senior Managers",
    "Leading across the health and care system: lessons from experience",
    "The practice of system leadership: being comfortable with chaos",
    "Top Ten Drivers for Connected Leaders",
)

# Headings of sections that list references; their text is exempt from the copying rule.
REFERENCE_HEADINGS = ("further reading", "references", "sources", "reading list")

# Citation text (in parentheses) -> the seed keys it stands for, tried in this order.
CITATIONS: tuple[tuple[re.Pattern[str], tuple[str, ...]], ...] = (
    (re.compile(r"Timmins,? (?:2015,? )?interview", re.I), ("002",)),
    (re.compile(r"Timmins 2015", re.I), ("003",)),
    (re.compile(r"Cater 2014", re.I), ("000",)),
    (re.compile(r"reader comments?,? The King's Fund 2017", re.I), ("004",)),
    (re.compile(r"The King's Fund 2017", re.I), ("001", "004")),
)

_TRANSLATE = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2015": "-",
        "\u2212": "-",
        "\u00a0": " ",
    }
)
_WORD = re.compile(r"[a-z0-9]+(?:'[a-z0-9]+)*")


@dataclass(frozen=True)
class Finding:
    """One place where the text is not true to a seed, in words an author can act on."""

    module: str
    cell_id: str
    problem: str  # "misquote" or "copied"
    words: str

    def __str__(self) -> str:
        what = "not verbatim in its source" if self.problem == "misquote" else "unquoted copy"
        return f"{self.module}: {self.cell_id}: {what}: {self.words}"


def normalise(text: str) -> str:
    """Straight quotes, hyphens for dashes, ``...`` for ellipses and single spaces."""
    text = text.translate(_TRANSLATE).replace("\u2026", "...")
    text = re.sub(r"\s*-\s*", " - ", text)  # "a - b", "a-b" and "a -b" all compare alike
    return re.sub(r"\s+", " ", text).strip()


def words(text: str) -> list[str]:
    """The words of ``text`` in lower case, as the copying rule compares them."""
    return _WORD.findall(normalise(text).lower().replace("-", " "))


def read_seeds(folder: Path) -> dict[str, str]:
    """The seed texts by key (``"003"``), or a CourseError saying they are missing."""
    files = sorted(folder.glob("[0-9][0-9][0-9]_*.txt")) if folder.is_dir() else []
    if not files:
        raise CourseError(
            f"The seed documents are not in {folder}; put them there or set COURSE_SEEDS."
        )
    return {f.name[:3]: seed_text(f.read_text(encoding="utf-8")) for f in files}


def seed_text(raw: str) -> str:
    """A seed as quotations are compared with it: normalised, without emphasis marks."""
    return normalise(raw.replace("*", ""))


def plain_markdown(source: str) -> str:
    """Markdown with code, HTML tags, link targets, images and emphasis marks removed."""
    text = re.sub(r"```.*?```", " ", source, flags=re.S)
    text = re.sub(r"`[^`\n]*`", " ", text)
    text = re.sub(r"<!--.*?-->", " ", text, flags=re.S)
    text = re.sub(r"<[^>\n]+>", " ", text)
    text = re.sub(r"!\[[^\]]*\]\([^)]*\)", " ", text)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    return re.sub(r"(\*\*|\*|__)", "", text)


def without_references(source: str) -> str:
    """The markdown with every reference-list section (to its next heading) left out."""
    kept: list[str] = []
    skip_level = 0
    for line in source.splitlines():
        heading = re.match(r"^(#{1,6})\s+(.*)", line)
        if heading:
            level = len(heading.group(1))
            if skip_level and level > skip_level:
                continue
            skip_level = 0
            title = heading.group(2).strip().strip("#").strip().lower()
            if title in REFERENCE_HEADINGS:
                skip_level = level
                continue
        if not skip_level:
            kept.append(line)
    return "\n".join(kept)


def paragraphs(text: str) -> list[str]:
    """Blocks separated by blank lines, with each list item, table row and heading its own."""
    out: list[str] = []
    for block in re.split(r"\n\s*\n", text):
        current: list[str] = []
        for line in block.splitlines():
            if re.match(r"^\s*(?:[-*+]|\d+[.)]|\||#{1,6})\s", line) and current:
                out.append("\n".join(current))
                current = []
            current.append(line)
        if current:
            out.append("\n".join(current))
    return out


def _citations(paragraph: str) -> list[tuple[int, tuple[str, ...]]]:
    found = []
    for m in re.finditer(r"\(([^()]*)\)", paragraph):
        for pattern, keys in CITATIONS:
            if pattern.search(m.group(1)):
                found.append((m.start(), keys))
                break
    return found


def quotations(paragraph: str) -> list[tuple[int, int, str, tuple[str, ...]]]:
    """``(start, end, text, seed keys)`` for each double-quoted passage; keys empty if none.

    The citation is the first one after the quotation in its paragraph, else the last before.
    """
    cites = _citations(paragraph)
    out = []
    for m in re.finditer(r'"([^"]+)"', paragraph):
        after = [keys for pos, keys in cites if pos >= m.end()]
        before = [keys for pos, keys in cites if pos < m.start()]
        keys = after[0] if after else (before[-1] if before else ())
        out.append((m.start(), m.end(), m.group(1), keys))
    return out


def _piece_pattern(piece: str) -> re.Pattern[str]:
    body = re.escape(piece[1:]).replace(r"\ ", r"\s+")
    first = re.escape(piece[0])
    if piece[0].isalpha():
        first = f"[{piece[0].lower()}{piece[0].upper()}]"
    edge_start = r"(?<![A-Za-z0-9])" if piece[0].isalnum() else ""
    edge_end = r"(?![A-Za-z0-9])" if piece[-1].isalnum() else ""
    return re.compile(edge_start + first + body + edge_end)


def is_verbatim(quote: str, seed: str) -> bool:
    """Whether ``quote`` (normalised) is in ``seed``, its ellipsis-joined pieces in order."""
    pieces = [
        p.strip(" ,.;:!?'\"")
        for p in re.split(r"\s*\[?\.\.\.\]?\s*", normalise(quote))
        if p.strip(" ,.;:!?'\"")
    ]
    where = 0
    for piece in pieces:
        m = _piece_pattern(piece).search(seed, where)
        if not m:
            return False
        where = m.end()
    return True


def _ngrams(seed_words: list[str], n: int) -> set[tuple[str, ...]]:
    return {tuple(seed_words[i : i + n]) for i in range(len(seed_words) - n + 1)}


class Checker:
    """The two rules over any markdown, against one set of seeds (read once)."""

    def __init__(self, seeds: dict[str, str], run_words: int = RUN_WORDS) -> None:
        self.seeds = seeds
        self.run_words = run_words
        self.shared: set[tuple[str, ...]] = set()
        for text in seeds.values():
            self.shared |= _ngrams(words(text), run_words)

    def misquotes(self, paragraph: str) -> Iterator[str]:
        """The attributed quotations in ``paragraph`` that are not verbatim in their seed."""
        for _start, _end, quote, keys in quotations(paragraph):
            present = [k for k in keys if k in self.seeds]
            if present and not any(is_verbatim(quote, self.seeds[k]) for k in present):
                yield f'"{quote}" ({", ".join(present)})'

    def copied_runs(self, text: str) -> Iterator[str]:
        """Runs of ``run_words`` or more words of ``text`` that a seed has in the same order."""
        spans = [m.span() for m in _WORD.finditer(text.lower().replace("-", " "))]
        seq = [text[a:b].lower() for a, b in spans]
        n = self.run_words
        i = 0
        while i <= len(seq) - n:
            if tuple(seq[i : i + n]) in self.shared:
                j = i + 1
                while j <= len(seq) - n and tuple(seq[j : j + n]) in self.shared:
                    j += 1
                yield text[spans[i][0] : spans[j + n - 2][1]]
                i = j + n - 1
            else:
                i += 1

    def check_markdown(self, source: str) -> Iterator[tuple[str, str]]:
        """``(problem, words)`` for each misquote and unquoted copy in one markdown cell."""
        text = without_references(plain_markdown(source))
        for title in TITLES:
            text = re.sub(re.escape(title), " ", text, flags=re.I)
        for paragraph in paragraphs(normalise_lines(text)):
            for found in self.misquotes(paragraph):
                yield "misquote", found
            outside, last = [], 0
            for start, end, _quote, keys in quotations(paragraph):
                if keys:
                    outside.append(paragraph[last:start])
                    last = end
            outside.append(paragraph[last:])
            for segment in outside:
                for run in self.copied_runs(segment):
                    yield "copied", run


def normalise_lines(text: str) -> str:
    """Typographic quotes and dashes made plain, line by line (paragraphs are kept)."""
    return "\n".join(normalise(line) if line.strip() else "" for line in text.splitlines())


def learner_text(root: Path) -> Iterator[tuple[str, str, str]]:
    """``(module, cell id, source)`` for each cell of the release and each glossary entry.

    Code cells are read too: the prompts of reflections and ratings live in them.
    """
    for path in sorted((root / "release").glob("*/*.ipynb")):
        nb = notebooks.read(path)
        for index, cell in enumerate(nb.cells):
            if cell.cell_type in ("markdown", "code"):
                yield path.parent.name, str(cell.get("id") or f"cell {index}"), cell.source
    glossary = root / "GLOSSARY.md"
    if glossary.is_file():
        text = glossary.read_text(encoding="utf-8")
        for section in re.split(r"(?m)^(?=#{2,3} )", text):
            heading = re.match(r"#{2,3} (.*)", section)
            yield "GLOSSARY.md", heading.group(1).strip() if heading else "top", section


def check(cells: Iterable[tuple[str, str, str]], seeds: dict[str, str]) -> list[Finding]:
    """Every finding in ``cells`` (``(module, cell id, markdown)``), in order."""
    checker = Checker(seeds)
    return [
        Finding(module, cell_id, problem, found)
        for module, cell_id, source in cells
        for problem, found in checker.check_markdown(source)
    ]


def check_course(root: Path, seeds_folder: Path) -> list[Finding]:
    """Every finding in the course's release notebooks and glossary."""
    return check(learner_text(root), read_seeds(seeds_folder))

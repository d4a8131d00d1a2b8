"""``course portfolio --export``: the learner's plan, self-ratings and reflections as one document.

One readable page for an appraisal: the development plan (m13), the self-rating summary (the
latest rating of each item, grouped by NHS Healthcare Leadership Model dimension, and the
change between the first and latest snapshot), and every written reflection in full. It is
written as HTML, or as PDF by printing that HTML with headless Chromium (Debian's
``chromium``, as the browser tests use). Reading the workspace changes nothing in it; modules
that could not be read are listed at the top of the document.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from . import leadership_model, portfolio
from .errors import CourseError
from .html_table import html_table, text
from .reflections import kinds

PLAN_KEYS = ("m13_plan", "m13_action_plan")
STYLE = """
body { font-family: system-ui, sans-serif; max-width: 48rem; margin: 2rem auto; padding: 0 1rem;
       line-height: 1.5; color: #1a1a1a; }
table { border-collapse: collapse; margin: 0.5rem 0 1.5rem; }
th, td { border: 1px solid #767676; padding: 0.25rem 0.5rem; text-align: left;
         vertical-align: top; }
.reflection { white-space: pre-wrap; }
.problem { border-left: 4px solid #D55E00; padding-left: 0.75rem; }
"""


_e = text


def _table(caption: str, headers: list[str], rows: list[list[object]]) -> str:
    """A table of plain values: caption, headers and cells are escaped here."""
    return html_table(_e(caption), [_e(h) for h in headers], [[_e(v) for v in r] for r in rows])


def _answer_html(entry: portfolio.Entry) -> str:
    """A written reflection's answer: stages as labelled paragraphs, a table as a table."""
    kind = kinds.KINDS[entry.kind]
    record = entry.record
    if entry.kind == "table":
        columns = [str(c) for c in record.get("columns", []) or []]
        rows = [r for r in kind.answer(record) if any(v.strip() for v in r)]
        return _table(portfolio._title(record, entry.key), columns, rows)  # noqa: SLF001
    if entry.kind == "stages":
        labels = record.get("stages") if isinstance(record.get("stages"), dict) else {}
        return "".join(
            f'<h4>{_e(labels.get(s, s))}</h4><p class="reflection">{_e(t)}</p>'
            for s, t in kind.answer(record).items()
        )
    return "".join(f'<p class="reflection">{_e(t)}</p>' for t in kind.texts(record) if t.strip())


def render_html(workspace: Path) -> str:
    """The whole document as one HTML page (the workspace is only read)."""
    entries = portfolio.gather(workspace)
    read = portfolio.self_ratings(entries)
    latest = portfolio.latest(read.history)
    change = portfolio.change_over_time(read.history)
    problems = read.problems + [
        e.problem for e in entries if e.problem and not e.key.endswith("_self_rating")
    ]
    by_key = {e.key: e for e in entries if not e.problem}
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en-GB"><head><meta charset="utf-8">',
        "<title>System leadership development plan</title>",
        f"<style>{STYLE}</style></head><body><main>",
        "<h1>System leadership development plan</h1>",
        "<p>From the learner's saved work in System Leadership Lab: the development plan, the "
        "self-ratings from each module and the reflections written along the way.</p>",
    ]
    if problems:
        parts.append('<section class="problem"><h2>What could not be read</h2><ul>')
        parts += [f"<li>{_e(p)}</li>" for p in problems]
        parts.append(
            "</ul><p>Everything else is included below; no file was changed.</p></section>"
        )
    parts.append("<h2>1. Development plan</h2>")
    plan = [by_key[k] for k in PLAN_KEYS if k in by_key]
    if not plan:
        parts.append("<p>No development plan is saved yet (module 13, reflections 2 and 3).</p>")
    for entry in plan:
        parts.append(f"<h3>{_e(portfolio._title(entry.record, entry.key))}</h3>")  # noqa: SLF001
        parts.append(_answer_html(entry))
    parts.append("<h2>2. Self-ratings</h2>")
    parts.append(
        f"<p>Each module asked the same short self-rating, on one scale: 1 means not yet, 5 "
        f"means confidently. Each item is tagged with the dimension of the "
        f'<a href="{_e(leadership_model.URL)}">{_e(leadership_model.MODEL)}</a> it touches.</p>'
    )
    if latest.empty:
        parts.append("<p>No self-ratings are saved yet.</p>")
    else:
        ordered = latest.sort_values(["dimension", "module", "item"])
        parts.append(
            _table(
                "Latest self-rating of each item, grouped by leadership dimension",
                ["Dimension", "Module", "Item", "Rating (1 to 5)", "Rated on"],
                [[r.dimension, r.module, r.label, r.rating, r.date] for r in ordered.itertuples()],
            )
        )
    if change.empty:
        parts.append(
            "<p>No item has been rated on two different days yet, so there is no "
            "change over time to show.</p>"
        )
    else:
        parts.append(
            _table(
                "Change between the first and latest rating of each item",
                ["Module", "Item", "First", "Latest", "Change"],
                [
                    [
                        r.module,
                        r.label,
                        f"{r.first_rating} ({r.first_date})",
                        f"{r.latest_rating} ({r.latest_date})",
                        f"{r.change:+d}",
                    ]
                    for r in change.itertuples()
                ],
            )
        )
    parts.append("<h2>3. Reflections</h2>")
    written = [
        e for e in entries if not e.problem and e.kind in kinds.WRITTEN and e.key not in PLAN_KEYS
    ]
    if not written:
        parts.append("<p>No written reflections are saved yet.</p>")
    for entry in written:
        parts.append(
            f"<h3>{_e(entry.module)}: {_e(portfolio._title(entry.record, entry.key))}</h3>"  # noqa: SLF001
        )
        parts.append(_answer_html(entry))
    parts.append("</main></body></html>")
    return "\n".join(parts)


def chromium() -> str | None:
    """The Chromium to print with: ``$CHROMIUM``, else ``chromium`` on the PATH."""
    return (
        os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    )


def write_pdf(page: str, out: Path) -> Path:
    """Print ``page`` to ``out`` with headless Chromium; one clear sentence if it is missing."""
    browser = chromium()
    if not browser:
        raise CourseError(
            "Making a PDF needs the Chromium web browser, which is not installed; export "
            "HTML instead (--export plan.html) and print it from your browser, or install "
            "Chromium (bash scripts/install-browser.sh)."
        )
    with tempfile.TemporaryDirectory(prefix="course-plan-") as tmp:
        source = Path(tmp) / "plan.html"
        source.write_text(page, encoding="utf-8")
        result = subprocess.run(
            [
                browser,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-pdf-header-footer",
                f"--user-data-dir={Path(tmp) / 'profile'}",
                f"--print-to-pdf={out}",
                source.as_uri(),
            ],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
    if result.returncode != 0 or not out.is_file():
        raise CourseError(
            f"Chromium could not make the PDF (exit code {result.returncode}); export HTML "
            "instead (--export plan.html) and print it from your browser."
        )
    return out


def export(workspace: Path, out: Path) -> Path:
    """Write the document to ``out``: HTML or PDF, chosen by the file's ending."""
    suffix = out.suffix.lower()
    if suffix not in (".html", ".htm", ".pdf"):
        raise CourseError(
            f"{out.name} should end in .html or .pdf, the two kinds of file the plan is "
            "exported as."
        )
    out = out.resolve()
    if workspace.resolve() in out.parents and out.parent.name == "reflections":
        raise CourseError(
            "Export the plan outside a reflections folder, so no saved work is touched."
        )
    out.parent.mkdir(parents=True, exist_ok=True)
    page = render_html(workspace)
    if suffix == ".pdf":
        return write_pdf(page, out)
    out.write_text(page, encoding="utf-8")
    return out

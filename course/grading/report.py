"""A cohort summary for tutors: scores per module and reflection completion, with a chart.

Reads the grades exported by nbgrader and the autograded notebooks, and writes one
self-contained HTML page (the charts are inline SVG images, so it opens offline) with a
table per module and a text description of each chart. Then, per module, what the cohort
found hard (``course.grading.insight``): failures per check, hardest first; completion and
length of each reflection; and pairs of learners whose reflections are suspiciously alike,
each linked to both answers (docs/summary.md).
"""

from __future__ import annotations

import base64
import html
import os
from dataclasses import dataclass
from pathlib import Path
from statistics import mean, median

from ..errors import CourseError
from ..html_table import html_table, text
from . import insight


@dataclass
class ModuleSummary:
    """One module's results across the cohort."""

    module: str
    learners: int
    max_score: float
    mean: float
    median: float
    lowest: float
    highest: float
    reflections_complete_pct: float
    privacy_flagged: int = 0  # saved reflections that seem to identify someone


def privacy_flagged(root: Path, module: str) -> int:
    """How many learners' saved reflections of ``module`` trip the privacy guard."""
    from ..reflections import kinds, store

    count = 0
    for path in sorted((root / "autograded").glob(f"*/{module}/{store.FOLDER}/*.json")):
        try:
            record = store.load(path.stem, path.parent.parent)
        except (store.ReflectionFileError, CourseError):
            continue
        if record and kinds.of(record).privacy(record):
            count += 1
    return count


def reflection_completion(root: Path, module: str) -> dict[str, tuple[int, int]]:
    """Learner -> (reflection checks passed, reflection checks) from autograded notebooks."""
    from .. import notebooks

    found: dict[str, tuple[int, int]] = {}
    for path in sorted((root / "autograded").glob(f"*/{module}/*.ipynb")):
        try:
            nb = notebooks.read(path)
        except CourseError:
            continue
        passed, total = insight.reflection_cells(nb)
        student = path.parents[1].name
        before = found.get(student, (0, 0))
        found[student] = (before[0] + passed, before[1] + total)
    return found


def summarise(
    root: Path,
    rows: list[dict[str, str]],
    found: dict[str, insight.ModuleInsight] | None = None,
) -> list[ModuleSummary]:
    """Per-module statistics from exported grade rows (reflection completion from ``found``,
    a module's insight, where given, so that each graded notebook is read once)."""
    out = []
    for module in sorted({r["assignment"] for r in rows}):
        scores = [float(r["score"]) for r in rows if r["assignment"] == module]
        maxima = [float(r["max_score"]) for r in rows if r["assignment"] == module]
        known = (found or {}).get(module)
        done = known.completion if known else reflection_completion(root, module)
        complete = sum(1 for p, t in done.values() if t and p == t)
        out.append(
            ModuleSummary(
                module,
                len(scores),
                max(maxima),
                round(mean(scores), 2),
                round(median(scores), 2),
                min(scores),
                max(scores),
                round(100 * complete / len(scores), 1) if scores else 0.0,
                privacy_flagged(root, module),
            )
        )
    return out


def chart(rows: list[dict[str, str]], summaries: list[ModuleSummary]):  # type: ignore[no-untyped-def]
    """Score distribution per module (points and box) beside reflection completion (bars)."""
    import altair as alt
    import pandas as pd

    from ..charts import PALETTE

    scores = pd.DataFrame(
        {
            "module": [r["assignment"] for r in rows],
            "score_pct": [
                100 * float(r["score"]) / float(r["max_score"]) if float(r["max_score"]) else 0.0
                for r in rows
            ],
        }
    )
    done = pd.DataFrame(
        {
            "module": [s.module for s in summaries],
            "complete_pct": [s.reflections_complete_pct for s in summaries],
        }
    )
    box = (
        alt.Chart(scores)
        .mark_boxplot(color=PALETTE[0])
        .encode(
            x=alt.X(
                "score_pct:Q",
                title="Score (% of the module's marks so far)",
                scale=alt.Scale(domain=[0, 100]),
            ),
            y=alt.Y("module:N", title="Module"),
        )
        .properties(title="Score distribution per module", width=380)
    )
    bars = (
        alt.Chart(done)
        .mark_bar(color=PALETTE[1])
        .encode(
            x=alt.X(
                "complete_pct:Q",
                title="Learners with every reflection complete (%)",
                scale=alt.Scale(domain=[0, 100]),
            ),
            y=alt.Y("module:N", title=None),
        )
        .properties(title="Reflection completion per module", width=240)
    )
    labels = bars.mark_text(align="left", dx=3).encode(
        text=alt.Text("complete_pct:Q", format=".0f")
    )
    return alt.hconcat(box, bars + labels).properties(
        title="Cohort summary: scores and reflections"
    )


def describe(summaries: list[ModuleSummary]) -> str:
    """The chart in words."""
    parts = [
        f"{s.module}: {s.learners} learners, median {s.median:g} of {s.max_score:g} "
        f"(range {s.lowest:g} to {s.highest:g}), {s.reflections_complete_pct:g}% with "
        "every reflection complete"
        for s in summaries
    ]
    return (
        "The left panel shows the spread of scores in each module as a box plot; the "
        "right panel shows the share of learners who completed every reflection. "
        + "; ".join(parts)
        + "."
    )


def write_html(root: Path, rows: list[dict[str, str]], out: Path) -> Path:
    """Write the cohort summary page and return its path."""
    modules = sorted({r["assignment"] for r in rows})
    found = {f.module: f for f in insight.cohort_insight(root, modules)}
    summaries = summarise(root, rows, found)
    svg = chart(rows, summaries).to_dict()  # validates the spec
    # The chart is an image with the description as its text alternative: vega's inline SVG
    # gives each group of marks a role but no label, which screen readers cannot use.
    image = svg_image(svg)
    head = [
        "Module",
        "Learners",
        "Marks available",
        "Mean",
        "Median",
        "Lowest",
        "Highest",
        "Every reflection complete (%)",
        "Reflections with a privacy warning",
    ]
    rows = [
        [
            text(v)
            for v in (
                s.module,
                s.learners,
                s.max_score,
                s.mean,
                s.median,
                s.lowest,
                s.highest,
                s.reflections_complete_pct,
                s.privacy_flagged,
            )
        ]
        for s in summaries
    ]
    table = html_table("Scores and reflection completion per module", head, rows)
    page = f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Cohort summary</title>
<style>{STYLE}</style></head>
<body>
<h1>Cohort summary</h1>
<h2>Chart</h2>
<figure><img src="data:image/svg+xml;base64,{image}" alt="{html.escape(describe(summaries))}">
<figcaption>{html.escape(describe(summaries))}</figcaption></figure>
<h2>Table</h2>
{table}
{insight_html(list(found.values()), out.resolve().parent)}
</body></html>
"""
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(page, encoding="utf-8")
    return out


STYLE = (
    "body { font-family: sans-serif; line-height: 1.5; color: #1a1a1a; max-width: 70rem; "
    "margin: 0 auto; padding: 0 1rem; } "
    "table { border-collapse: collapse; margin: 0.5rem 0 1.5rem; } "
    "th, td { border: 1px solid #767676; padding: 0.25rem 0.5rem; text-align: left; "
    "vertical-align: top; } "
    "caption { text-align: left; font-weight: bold; padding: 0.25rem 0; } "
    "a { color: #1a4f8b; } figure { margin: 0.5rem 0; } img { max-width: 100%; }"
)


def svg_image(spec: dict) -> str:  # type: ignore[type-arg]
    """A Vega-Lite spec drawn as SVG, base64-encoded for an ``<img>`` (it opens offline)."""
    import vl_convert as vlc

    return base64.b64encode(vlc.vegalite_to_svg(spec).encode("utf-8")).decode("ascii")


_e = text


def _number(value: float) -> str:
    return f"{value:g}"


def checks_html(found: insight.ModuleInsight) -> str:
    """Failures per check, hardest first."""
    if not found.checks:
        return "<p>No graded notebooks of this module yet.</p>"
    rows = [
        [
            f"<code>{_e(c.grade_id)}</code>",
            f"<code>{_e(c.call)}</code>",
            _number(c.points),
            f"{len(c.failed)} of {c.graded}",
            _number(c.failed_pct),
        ]
        for c in found.checks
    ]
    head = ["Check", "What it runs", "Points", "Learners who failed it", "Failed (%)"]
    return html_table(f"Checks in {_e(found.module)}, hardest first", head, rows)


def lengths_chart(found: insight.ModuleInsight) -> dict | None:  # type: ignore[type-arg]
    """Words per answer for each written reflection (box and points), as a Vega-Lite spec."""
    import altair as alt
    import pandas as pd

    from ..charts import PALETTE

    data = pd.DataFrame(
        [
            {"reflection": r.key, "words": n}
            for r in found.reflections
            if r.written
            for n in r.words.values()
        ]
    )
    if data.empty:
        return None
    box = (
        alt.Chart(data)
        .mark_boxplot(color=PALETTE[0], extent="min-max")
        .encode(
            x=alt.X("words:Q", title="Words in the saved answer"),
            y=alt.Y("reflection:N", title="Reflection"),
        )
    )
    return box.properties(title=f"Length of reflections in {found.module}", width=420).to_dict()


def describe_lengths(found: insight.ModuleInsight) -> str:
    """The length chart in words."""
    parts = []
    for r in found.reflections:
        length = r.length() if r.written else None
        if length:
            low, q1, q2, q3, high = length
            parts.append(
                f"{r.key}: {len(r.words)} answers, from {low} to {high} words, median "
                f"{_number(q2)} (middle half {_number(q1)} to {_number(q3)})"
            )
    return (
        "Each row is one reflection; the box spans the middle half of the answers' word "
        "counts, the line inside it is the median and the whiskers reach the shortest and "
        "longest answer. " + "; ".join(parts) + "."
    )


def reflections_html(found: insight.ModuleInsight) -> str:
    """Completion and length per reflection: a chart described in words, and the table."""
    rows = []
    for r in found.reflections:
        length = r.length() if r.written else None
        figures = (
            [_number(v) for v in length]
            if length
            else ["not counted (no words)" if not r.written else "nothing saved"] + [""] * 4
        )
        rows.append(
            [
                f"<code>{_e(r.key)}</code>",
                _e(r.prompt),
                f"{len(r.complete)} of {r.graded}",
                _number(r.complete_pct),
                str(len(r.words) if r.written else len(r.files)),
                *figures,
            ]
        )
    if not rows:
        return "<p>This module has no reflections.</p>"
    head = [
        "Reflection",
        "Prompt",
        "Complete",
        "Complete (%)",
        "Answers saved",
        "Fewest words",
        "Lower quartile",
        "Median words",
        "Upper quartile",
        "Most words",
    ]
    table = html_table(
        f"Completion and length of each reflection in {_e(found.module)}", head, rows
    )
    spec = lengths_chart(found)
    if spec is None:
        return table
    text = _e(describe_lengths(found))
    return (
        f'<figure><img src="data:image/svg+xml;base64,{svg_image(spec)}" alt="{text}">'
        f"<figcaption>{text} The same figures are in the table below.</figcaption></figure>" + table
    )


def _link(path: Path | None, folder: Path, text: str) -> str:
    """A link from the summary page in ``folder`` to ``path`` (relative, so it opens offline)."""
    if path is None:
        return _e(text)
    href = Path(os.path.relpath(path.resolve(), folder)).as_posix()
    return f'<a href="{_e(href)}">{_e(text)}</a>'


def similar_html(found: insight.ModuleInsight, folder: Path) -> str:
    """Pairs of learners whose answers to one reflection are alike, most alike first."""
    rule = (
        f"Answers are compared after the words of the prompt and labels are removed; answers "
        f"with fewer than {found.min_words} of the learner's own words are not compared. "
        f"A pair is listed when its normalised Indel similarity is {found.threshold:g} or more "
        "(1 means the same text). A listed pair is a reason to read both answers, not a "
        "finding: learners who worked together or quote the same source can be alike."
    )
    rows = []
    for r in found.reflections:
        for pair in r.similar:
            rows.append(
                [
                    f"<code>{_e(r.key)}</code>",
                    _link(r.files.get(pair.first), folder, f"{pair.first}'s answer to {r.key}"),
                    _link(r.files.get(pair.second), folder, f"{pair.second}'s answer to {r.key}"),
                    f"{pair.score:.2f}",
                ]
            )
    if not rows:
        return f"<p>{_e(rule)}</p><p>No pair of answers is that alike.</p>"
    head = ["Reflection", "One learner", "The other learner", "Similarity"]
    return f"<p>{_e(rule)}</p>" + html_table(
        f"Suspiciously similar reflections in {_e(found.module)}", head, rows
    )


def insight_html(found: list[insight.ModuleInsight], folder: Path) -> str:
    """The insight sections of the summary page, one group of sections per module."""
    parts = []
    for module in found:
        graded = len(module.learners)
        parts.append(
            f"<h2>What the cohort found hard in {_e(module.module)}</h2>"
            f"<p>From the graded notebooks of {graded} learner(s); learners whose grading "
            "failed are not counted.</p>"
            f"<h3>Checks failed, hardest first</h3>{checks_html(module)}"
            f"<h3>Reflections: completion and length</h3>{reflections_html(module)}"
            f"<h3>Suspiciously similar reflections</h3>{similar_html(module, folder)}"
        )
    return "\n".join(parts)

"""A cohort summary for tutors: scores per module and reflection completion, with a chart.

Reads the grades exported by nbgrader and the autograded notebooks, and writes one
self-contained HTML page (the chart is an inline SVG, so it opens offline) with a
table per module and a text description of the chart.
"""

from __future__ import annotations

import base64
import html
from dataclasses import dataclass
from pathlib import Path
from statistics import mean, median

from ..errors import CourseError


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
    from ..progress import cell_reflection_checks

    found: dict[str, tuple[int, int]] = {}
    for path in sorted((root / "autograded").glob(f"*/{module}/*.ipynb")):
        try:
            nb = notebooks.read(path)
        except CourseError:
            continue
        passed = total = 0
        for cell in nb.cells:
            source = cell.get("source", "")
            if cell.get("cell_type") == "code" and cell_reflection_checks(source):
                total += 1
                if not any(o.get("output_type") == "error" for o in cell.get("outputs", [])):
                    passed += 1
        student = path.parents[1].name
        before = found.get(student, (0, 0))
        found[student] = (before[0] + passed, before[1] + total)
    return found


def summarise(root: Path, rows: list[dict[str, str]]) -> list[ModuleSummary]:
    """Per-module statistics from exported grade rows."""
    out = []
    for module in sorted({r["assignment"] for r in rows}):
        scores = [float(r["score"]) for r in rows if r["assignment"] == module]
        maxima = [float(r["max_score"]) for r in rows if r["assignment"] == module]
        done = reflection_completion(root, module)
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
    summaries = summarise(root, rows)
    svg = chart(rows, summaries).to_dict()  # validates the spec
    import vl_convert as vlc

    # The chart is an image with the description as its text alternative: vega's inline SVG
    # gives each group of marks a role but no label, which screen readers cannot use.
    image = base64.b64encode(vlc.vegalite_to_svg(svg).encode("utf-8")).decode("ascii")
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
    body = "".join(
        "<tr>"
        + "".join(
            f"<td>{html.escape(str(v))}</td>"
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
        )
        + "</tr>"
        for s in summaries
    )
    page = f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Cohort summary</title></head>
<body>
<h1>Cohort summary</h1>
<h2>Chart</h2>
<figure><img src="data:image/svg+xml;base64,{image}" alt="{html.escape(describe(summaries))}">
<figcaption>{html.escape(describe(summaries))}</figcaption></figure>
<h2>Table</h2>
<table><caption>Scores and reflection completion per module</caption>
<thead><tr>{"".join(f'<th scope="col">{h}</th>' for h in head)}</tr></thead>
<tbody>{body}</tbody></table>
</body></html>
"""
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(page, encoding="utf-8")
    return out

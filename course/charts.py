"""Accessible, offline charts: a titled altair chart, a text description and the data as a table."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

# Okabe-Ito palette: distinguishable with the common kinds of colour blindness.
# NEUTRAL (last) is a grey for reference lines and their labels, dark enough to read on white
# (contrast 4.5:1).
NEUTRAL = "#767676"
PALETTE = [
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#CC79A7",
    "#56B4E9",
    "#D55E00",
    "#F0E442",
    "#000000",
    NEUTRAL,
]


CACHE = ".course-charts"  # drawn charts a grading kernel finds in its work folder, read-only
GRADING = "COURSE_GRADING"  # set only in a grading kernel (as in course.checks)
KEY = "course/chart"  # output metadata naming the drawn chart's key, in a grading kernel


def key(spec: dict[str, Any]) -> str:
    """A chart's key: the SHA-256 of its Vega-Lite spec, so two identical charts share it."""
    text = json.dumps(spec, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _svg(spec: dict[str, Any], **metadata: Any) -> Any:
    """Draw ``spec`` as SVG; in a grading kernel, take the drawing from the course's cache.

    Drawing starts a JavaScript engine, about half a second in each new kernel. A grading
    kernel runs the course's own charts on the course's own data, so the grader draws them
    once (``course.grading.chart_cache``) and leaves them read-only in the kernel's work
    folder; a chart the learner changed is not in the cache and is drawn here as usual.
    """
    from altair.vegalite.v6.display import svg_renderer

    if os.environ.get(GRADING) != "1":
        return svg_renderer(spec, **metadata)
    name = key(spec)
    cached = Path(CACHE) / f"{name}.svg"
    bundle = (
        {"image/svg+xml": cached.read_text(encoding="utf-8")}
        if cached.is_file()
        else svg_renderer(spec, **metadata)
    )
    return bundle, {KEY: name}


def enable_offline() -> None:
    """Render altair charts as SVG inside the kernel, so no chart needs the internet."""
    import altair as alt

    if "course-svg" not in alt.renderers.names():
        alt.renderers.register("course-svg", _svg)
    alt.renderers.enable("course-svg")
    alt.data_transformers.disable_max_rows()


def show_accessible(chart: Any, description: str, table: Any) -> None:
    """Display a chart, a plain-text description of what it shows, and its data as a table."""
    from IPython.display import Markdown, display

    spec = chart.to_dict(validate=False)  # displaying it below validates it, once
    if not spec.get("title"):
        raise ValueError("Every chart in the course needs a title.")
    display(chart)
    display(Markdown(f"**What the chart shows.** {description}"))
    display(Markdown("**The chart's data as a table:**"))
    display(table)

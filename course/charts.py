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
    """Draw ``spec`` as SVG, or take a drawing of the same chart made before.

    Drawing starts a JavaScript engine, about half a second in each new kernel. A grading
    kernel runs the course's own charts on the course's own data, so the grader draws them
    once (``course.grading.chart_cache``) and leaves them read-only in the kernel's work
    folder. On a learner's computer, each drawing is kept in their own cache folder
    (:func:`learner_cache`), so the next run of the same chart, and ``course check``, reuse it.
    A chart drawn from other data or settings has another key and is drawn afresh.
    """
    name = key(spec)
    if os.environ.get(GRADING) == "1":
        svg = _read(Path(CACHE) / f"{name}.svg")
        return {"image/svg+xml": svg or _draw(spec, **metadata)}, {KEY: name}
    folder = learner_cache()
    svg = _read(folder / f"{name}.svg")
    if svg is None:
        svg = _draw(spec, **metadata)
        _keep(folder / f"{name}.svg", svg)
    return {"image/svg+xml": svg}


def learner_cache() -> Path:
    """The learner's own folder of drawn charts, one per version of the drawing libraries."""
    import altair
    import vl_convert

    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "system-leadership-lab" / f"charts-{altair.__version__}-{vl_convert.__version__}"


def _draw(spec: dict[str, Any], **metadata: Any) -> str:
    from altair.vegalite.v6.display import svg_renderer

    return svg_renderer(spec, **metadata)["image/svg+xml"]


def _read(path: Path) -> str | None:
    """A drawing kept at ``path``, or None if there is none or it is not a whole SVG."""
    try:
        svg = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    return svg if svg.lstrip().startswith("<svg") and svg.rstrip().endswith("</svg>") else None


def _keep(path: Path, svg: str) -> None:
    """Keep a drawing at ``path`` whole or not at all; a cache that cannot be written is skipped."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        part = path.with_name(f"{path.name}.{os.getpid()}.part")
        part.write_text(svg, encoding="utf-8")
        os.replace(part, path)
    except OSError:
        pass


def enable_offline() -> None:
    """Render altair charts as SVG inside the kernel, so no chart needs the internet."""
    import altair as alt

    if "course-svg" not in alt.renderers.names():
        alt.renderers.register("course-svg", _svg)
    alt.renderers.enable("course-svg")
    alt.data_transformers.disable_max_rows()


def show_accessible(chart: Any, description: str, table: Any) -> None:
    """Display a chart, a plain-text description of what it shows, and its data as a table."""
    from altair.utils.schemapi import Undefined
    from IPython.display import Markdown, display

    title = getattr(chart, "title", Undefined)  # read, not drawn: displaying it draws it once
    if title is Undefined or not title:
        raise ValueError("Every chart in the course needs a title.")
    display(chart)
    display(Markdown(f"**What the chart shows.** {description}"))
    display(Markdown("**The chart's data as a table:**"))
    display(table)

"""Accessible, offline charts: a titled altair chart, a text description and the data as a table."""

from __future__ import annotations

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


def enable_offline() -> None:
    """Render altair charts as SVG inside the kernel, so no chart needs the internet."""
    import altair as alt

    alt.renderers.enable("svg")
    alt.data_transformers.disable_max_rows()


def show_accessible(chart: Any, description: str, table: Any) -> None:
    """Display a chart, a plain-text description of what it shows, and its data as a table."""
    from IPython.display import Markdown, display

    spec = chart.to_dict()
    if not spec.get("title"):
        raise ValueError("Every chart in the course needs a title.")
    display(chart)
    display(Markdown(f"**What the chart shows.** {description}"))
    display(Markdown("**The chart's data as a table:**"))
    display(table)

"""A learner's computer keeps each chart it draws and reuses the drawing for the same chart."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from course import charts


@pytest.fixture
def cache(tmp_path: Path, monkeypatch) -> Iterator[Path]:
    """The learner's cache folder, in a temporary home; altair set up as a module does it."""
    import altair as alt

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv(charts.GRADING, raising=False)
    before = alt.renderers.active
    charts.enable_offline()
    yield charts.learner_cache()
    alt.renderers.enable(before)


def drawn(title: str) -> tuple[str, str]:
    """The SVG shown for a small chart titled ``title``, and the chart's key."""
    import altair as alt
    import pandas as pd

    chart = alt.Chart(pd.DataFrame({"a": [1, 2]})).mark_point().encode(x="a:Q")
    spec = chart.properties(title=title).to_dict()
    bundle = alt.renderers.get()(spec)
    return bundle["image/svg+xml"], charts.key(spec)


def test_a_chart_drawn_once_is_kept_and_shown_from_the_cache_next_time(cache: Path) -> None:
    svg, name = drawn("Kept")
    kept = cache / f"{name}.svg"
    assert kept.read_text(encoding="utf-8") == svg and "Kept" in svg
    kept.write_text(svg.replace("</svg>", "<!-- from the cache --></svg>"), encoding="utf-8")
    again, _ = drawn("Kept")
    assert "<!-- from the cache -->" in again


def test_another_chart_is_drawn_afresh(cache: Path) -> None:
    first, one = drawn("One")
    second, two = drawn("Two")
    assert one != two and "Two" in second and "One" not in second


def test_a_damaged_drawing_is_drawn_again_and_replaced(cache: Path) -> None:
    _, name = drawn("Damaged")
    (cache / f"{name}.svg").write_text("<svg><g>cut off", encoding="utf-8")
    svg, _ = drawn("Damaged")
    assert svg.rstrip().endswith("</svg>") and "Damaged" in svg
    assert (cache / f"{name}.svg").read_text(encoding="utf-8") == svg


def test_a_cache_that_cannot_be_written_still_shows_the_chart(
    cache: Path, tmp_path: Path, monkeypatch
) -> None:
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the cache folder would be", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    svg, _ = drawn("Shown")
    assert "Shown" in svg and svg.lstrip().startswith("<svg")


@pytest.mark.parametrize("title", [None, ""])
def test_a_chart_without_a_title_is_refused(title: str | None) -> None:
    import altair as alt
    import pandas as pd

    data = pd.DataFrame({"a": [1, 2]})
    chart = alt.Chart(data).mark_point().encode(x="a:Q")
    if title is not None:
        chart = chart.properties(title=title)
    with pytest.raises(ValueError, match="needs a title"):
        charts.show_accessible(chart, "Two points.", data)


def test_a_layered_chart_with_a_title_is_accepted(cache: Path, capsys) -> None:
    import altair as alt
    import pandas as pd

    data = pd.DataFrame({"a": [1, 2]})
    base = alt.Chart(data).encode(x="a:Q")
    charts.show_accessible(
        (base.mark_point() + base.mark_line()).properties(title="Two points joined"),
        "Two points, joined by a line.",
        data,
    )
    assert "LayerChart" in capsys.readouterr().out  # shown (as text, outside a notebook)

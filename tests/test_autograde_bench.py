"""The grading bench runs in its quick mode and prints its figures (not asserted)."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from conftest import REPO

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("isolation")]


def test_the_quick_bench_prints_every_figure_and_target() -> None:
    """Serial baselines, each cohort size, the line fit and the targets are printed."""
    result = subprocess.run(
        [sys.executable, str(REPO / "bench" / "autograde_bench.py"), "--quick", "--jobs", "2"],
        capture_output=True,
        text=True,
        timeout=900,
        check=True,
    )
    out = result.stdout
    assert re.search(r"m01_leading_without_authority: stock [\d.]+, serial [\d.]+, ordinary", out)
    for size in (2, 4):
        assert re.search(rf"^\s+{size}\s+[\d.]+\s+[\d.]+\s+[\d.]+\s+[\d.]+x", out, re.M)
    assert "line fit: wall = " in out
    assert re.search(r"speed-up at 4 learners [\d.]+x: target (NOT )?met", out)
    assert re.search(r"worker-s [\d.]+: target (NOT )?met", out)

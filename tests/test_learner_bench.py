"""bench/learner_bench.py runs in its quick mode and prints its figures for each module."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from conftest import REPO

FIGURE = r"\s+\d+\.\d\d"
TARGET = rf"{FIGURE} (met|NOT met)\s*"


@pytest.mark.slow
def test_quick_bench_prints_every_step_for_both_sides_of_each_module() -> None:
    """Each quick module has a row of figures now and a row for the baseline, with targets."""
    done = subprocess.run(
        [sys.executable, str(REPO / "bench" / "learner_bench.py"), "--quick"],
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert done.returncode == 0, done.stderr
    out = done.stdout
    row = rf"now{FIGURE}{TARGET}{TARGET}{TARGET}\n\s+baseline{FIGURE}{TARGET}{TARGET}{TARGET}"
    assert re.search(rf"^m01_leading_without_authority\s+{row}", out, re.M), out
    assert re.search(rf"import altair in a new interpreter: now{FIGURE} s, baseline{FIGURE} s", out)
    assert "Targets met (now): set-up " in out and "Targets met (baseline): " in out

"""bench/marking_bench.py runs against a small cohort and prints its three timings."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from conftest import REPO
from helpers import need_chromium


@pytest.mark.browser
def test_the_marking_bench_opens_the_reflection_every_learner_wrote_and_times_saves() -> None:
    need_chromium()
    done = subprocess.run(
        [
            sys.executable,
            str(REPO / "bench" / "marking_bench.py"),
            "--learners",
            "3",
            "--saves",
            "1",
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    for line in ("first load", "open a question", "save \\(median of 1"):
        assert re.search(rf"^{line}.*: \d+\.\d\d s$", done.stdout, re.M), done.stdout

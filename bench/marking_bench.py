"""Benchmark: the marking page (`course mark`) on a cohort of many learners, in Chromium.

It hands in module 1 for ``--learners`` learners (each with their own text for the second
reflection), enters them in nbgrader's gradebook, starts ``course mark m01`` and, in headless
Chromium, times:

* first load: from opening the page to the list of questions (every answer to every
  question is read for the first time: the status of each);
* open: choosing the second reflection until its first answer is shown;
* save: Ctrl+Enter until the mark is in nbgrader's gradebook and the next answer is shown
  (the median of ``--saves`` saves).

Figures, not assertions: run it on the machine you care about.

    python bench/marking_bench.py --learners 60
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))

from course.grading.marking.questions import markable  # noqa: E402
from course.paths import copy_course  # noqa: E402
from helpers import LAUNCH_ARGS, free_port, jupyter_server  # noqa: E402
from learners import hand_in_and_enter  # noqa: E402

M01 = "m01_leading_without_authority"
TOKEN = "course-marking-bench"
KEY = "m01_introduce_role"  # the reflection every simulated learner writes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=60)
    parser.add_argument("--saves", type=int, default=5)
    args = parser.parse_args(argv)
    from playwright.sync_api import expect, sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        root = copy_course(REPO, Path(tmp) / "course")
        started = time.perf_counter()
        work = {
            f"learner-{n:03d}": {KEY: f"Learner {n} on shared purpose. " * 30}
            for n in range(args.learners)
        }
        hand_in_and_enter(root, M01, work)
        print(f"handed in {args.learners} learners in {time.perf_counter() - started:.1f} s")
        questions = markable(root, M01)
        position = next(n for n, q in enumerate(questions) if f"key:{KEY}" in q.covers)
        port = free_port()
        env = {**os.environ, "JUPYTER_TOKEN": TOKEN, "JUPYTER_RUNTIME_DIR": f"{tmp}/rt"}
        cmd = [sys.executable, "-m", "course.cli", "--course-dir", str(root), "mark", "m01"]
        server = jupyter_server(
            "course mark",
            [*cmd, "--no-browser", "--port", str(port), "--marker", "Bench"],
            Path(tmp) / "mark.log",
            port,
            TOKEN,
            env,
        )
        with server as base:
            expect.set_options(timeout=120_000)
            with sync_playwright() as p:
                chromium = os.environ.get("CHROMIUM") or shutil.which("chromium")
                browser = p.chromium.launch(executable_path=chromium, args=LAUNCH_ARGS)
                page = browser.new_page()
                t0 = time.perf_counter()
                page.goto(f"{base}/marking/m01?token={TOKEN}")
                expect(page.locator("#questions button")).to_have_count(len(questions))
                first_load = time.perf_counter() - t0
                t0 = time.perf_counter()
                for _ in range(position):
                    page.keyboard.press("ArrowDown")
                page.keyboard.press("Enter")
                heading = page.locator("#answer-heading")
                expect(heading).to_contain_text(f"Answer 1 of {args.learners}:")
                opened = time.perf_counter() - t0
                saves = []
                for n in range(1, args.saves + 1):
                    page.keyboard.press("1")
                    t0 = time.perf_counter()
                    page.keyboard.press("Control+Enter")
                    expect(heading).to_contain_text(f"Answer {n + 1} of {args.learners}:")
                    saves.append(time.perf_counter() - t0)
                browser.close()
    print(f"learners: {args.learners}")
    print(f"first load (page to list of questions): {first_load:.2f} s")
    print(f"open a question (to its first answer): {opened:.2f} s")
    print(f"save (median of {len(saves)}; to the next answer): {statistics.median(saves):.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())

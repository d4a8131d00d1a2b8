"""Benchmark: how long the cohort summary page takes to write for a large cohort.

Builds, in a temporary folder, ``--learners`` graded copies of module 1's notebook (each check
passed or failed at random, as nbgrader's graded notebooks record it) with every reflection
saved: written answers of 80 to 200 words drawn at random from a word list, so that they
differ as independent answers do, and one answer in twenty copied from another learner with a
few words changed. Then it times ``course.grading.report.write_html`` (scores, failures per
check, reflection completion and length, and the similarity of every pair of answers to each
reflection) and prints the time, twice (the first run also imports nbgrader, altair and the
chart renderer), the CPU time it used (a busy machine makes the wall time longer), and how many
pairs were flagged.

    python bench/summary_bench.py                 # 400 learners
    python bench/summary_bench.py --learners 60
"""

from __future__ import annotations

import argparse
import copy
import random
import sys
import tempfile
import time
from pathlib import Path

import nbformat

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from course import reflect  # noqa: E402
from course.grading import report  # noqa: E402
from course.notebooks import is_autograded_test  # noqa: E402
from course.progress import reflection_checks  # noqa: E402

M01 = "m01_leading_without_authority"
VOCABULARY = (
    "partners trust budget ward discharge team community evidence audit meeting director "
    "commissioning patients families carers waiting list referral pathway primary care GP "
    "practice hospital council social voluntary sector listen persuade agree plan shared "
    "purpose data figures delay week month year staff nurse manager lead board system "
    "place integrated neighbourhood outcome risk learning change improve support ask "
    "relationship conflict chaos comfortable influence authority money own other because "
    "so when then we they I my our their would could should might will"
).split()


def answer(rng: random.Random) -> str:
    return " ".join(rng.choice(VOCABULARY) for _ in range(rng.randint(80, 200))) + "."


def lightly_edited(text: str, rng: random.Random) -> str:
    words = text.split()
    for _ in range(len(words) // 15):
        words[rng.randrange(len(words))] = rng.choice(VOCABULARY)
    return " ".join(words)


def build(root: Path, learners: int, seed: int = 1) -> list[dict[str, str]]:
    """Write ``learners`` graded notebooks and reflections of module 1; return grade rows."""
    rng = random.Random(seed)
    release = nbformat.read(REPO / "release" / M01 / f"{M01}.ipynb", as_version=4)
    checks = reflection_checks(release)
    rows, earlier = [], {}
    for n in range(learners):
        student = f"learner{n:03d}"
        folder = root / "autograded" / student / M01
        folder.mkdir(parents=True)
        nb = copy.deepcopy(release)
        for cell in nb.cells:
            if is_autograded_test(cell) and rng.random() < 0.25:
                cell.outputs = [nbformat.v4.new_output("error", ename="AssertionError", evalue="x")]
        nbformat.write(nb, folder / f"{M01}.ipynb")
        for kind, key, detail in checks:
            if kind == "ratings":
                items = list(detail["items"])
                record = {"items": {i: i for i in items}, "ratings": {i: 3 for i in items}}
            else:
                copied = earlier.get(key) if rng.random() < 0.05 else None
                text = lightly_edited(copied, rng) if copied else answer(rng)
                earlier[key] = text
                if kind == "text":
                    record = {"text": text}
                elif kind == "stages":
                    record = {"answers": {s: text for s in detail["stages"]}}
                else:
                    record = {"columns": ["a", "b"], "rows": [text.split(" ", 1)] * 3}
            reflect.save(key, {"kind": kind, "prompt": "Explain", **record}, folder)
        rows.append({"assignment": M01, "student_id": student, "score": "5", "max_score": "21"})
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=400)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        rows = build(root, args.learners)
        times, cpu = [], []
        for _ in range(2):  # the first run also imports nbgrader, altair and the chart renderer
            started, used = time.perf_counter(), time.process_time()
            page = report.write_html(root, rows, root / "cohort.html")
            times.append(time.perf_counter() - started)
            cpu.append(time.process_time() - used)
        pairs = page.read_text(encoding="utf-8").count("&#x27;s answer to ") // 2
    print(
        f"{args.learners} learners: summary written in {times[1]:.1f} s ({cpu[1]:.1f} s of "
        f"CPU; {times[0]:.1f} s the first time, with imports), {pairs} pair(s) flagged"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

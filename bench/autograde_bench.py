"""Benchmark: plain serial ``nbgrader autograde`` against ``course autograde --jobs N``.

Builds a synthetic cohort (every learner submits the module's solutions and complete
reflections) in a temporary copy of the course, then, in the same run, times:

* the floor: one kernel start plus the notebook's own execution (nbclient, no nbgrader);
* serial: ``nbgrader autograde <module> --force`` (one process, learners one after another);
* parallel: ``course autograde <module> --jobs N --force``.

It prints seconds per submission, the speed-up and the per-submission cost against the
floor. Figures, not assertions: run it on the machine you care about.

    python bench/autograde_bench.py --learners 100 --modules m01 m02 m03 --jobs 2
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))

from course import nbg  # noqa: E402
from course.grading import tutor as grading  # noqa: E402
from course.paths import resolve_module  # noqa: E402
from learners import fill, solutions, write_complete_reflections  # noqa: E402


def copy_course(dest: Path) -> Path:
    dest.mkdir(parents=True)
    for name in ("nbgrader_config.py", "grader_config.py"):
        shutil.copy2(REPO / name, dest / name)
    for name in ("source", "release", "data"):
        shutil.copytree(REPO / name, dest / name)
    return dest


def make_cohort(root: Path, module: str, learners: int) -> Path:
    source_nb = next((REPO / "source" / module).glob("*.ipynb"))
    answers = solutions(source_nb)
    release_nb = root / "release" / module / source_nb.name
    for n in range(learners):
        folder = root / "submitted" / f"learner{n:03d}" / module
        fill(release_nb, answers, folder / source_nb.name)
        write_complete_reflections(source_nb, folder)
    return folder / source_nb.name


def floor_seconds(root: Path, module: str, sample: Path, repeats: int = 3) -> float:
    """Kernel start plus execution of one filled-in notebook, best of ``repeats``."""
    work = Path(tempfile.mkdtemp(dir=root))
    shutil.copytree(sample.parent, work, dirs_exist_ok=True)
    for csv in (root / "source" / module).glob("*.csv"):
        shutil.copy2(csv, work / csv.name)
    best = float("inf")
    for _ in range(repeats):
        nb = nbformat.read(sample, as_version=4)
        started = time.perf_counter()
        NotebookClient(nb, timeout=120, kernel_name="python3", allow_errors=True,
                       resources={"metadata": {"path": str(work)}}).execute()
        best = min(best, time.perf_counter() - started)
    return best


def timed(fn) -> float:  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--learners", type=int, default=100)
    p.add_argument("--modules", nargs="+", default=["m01", "m02", "m03"])
    p.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    p.add_argument("--keep", action="store_true", help="keep the temporary course folder")
    args = p.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="course-bench-"))
    root = copy_course(tmp / "course")
    rows = []
    try:
        for name in args.modules:
            module = resolve_module(root, name)
            sample = make_cohort(root, module, args.learners)
            nbg.run(root, "generate_assignment", module, "--force")
            floor = floor_seconds(root, module, sample)
            serial = timed(lambda m=module: nbg.run(root, "autograde", m, "--force",
                                                    "--create", check=False))
            shutil.rmtree(root / "autograded")
            parallel = timed(lambda m=module: grading.autograde(root, m, jobs=args.jobs,
                                                                force=True))
            rows.append((module, floor, serial, parallel))
    finally:
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)

    n = args.learners
    print(f"\n{n} learners per module, {args.jobs} jobs, {os.cpu_count()} cores\n")
    print(f"{'module':<36}{'floor s':>9}{'serial s/sub':>14}{'parallel s/sub':>16}"
          f"{'speed-up':>10}{'cost/floor':>12}")
    total_serial = total_parallel = 0.0
    for module, floor, serial, parallel in rows:
        cost = parallel * args.jobs / n  # worker-seconds per submission
        total_serial += serial
        total_parallel += parallel
        print(f"{module:<36}{floor:>9.2f}{serial / n:>14.2f}{parallel / n:>16.2f}"
              f"{serial / parallel:>10.2f}{cost / floor:>12.2f}")
    print(f"\nAll modules: serial {total_serial:.1f} s, parallel {total_parallel:.1f} s, "
          f"speed-up {total_serial / total_parallel:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())

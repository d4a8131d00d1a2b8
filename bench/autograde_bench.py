"""Benchmark: plain serial ``nbgrader autograde`` against ``course autograde --jobs N``.

Builds a synthetic cohort (every learner submits the module's solutions and complete
reflections) in a temporary copy of the course, then, in the same run, times:

* the floor: one kernel start plus the notebook's own execution (nbclient, no nbgrader);
* stock: serial ``nbgrader autograde`` with nbgrader's own Execute step and checks run in
  the learner's kernel, as nbgrader does out of the box (no sandbox, no trusted checks);
* trusted: serial ``nbgrader autograde`` with the course's configuration but
  ``COURSE_TRUST_SUBMISSIONS=1`` (checks judged outside the kernel, no sandbox);
* serial: serial ``nbgrader autograde`` with the course's configuration (sandbox and
  trusted checks), learners one after another;
* parallel: ``course autograde <module> --jobs N --force``.

It prints seconds per submission for each, what the trusted checks and the sandbox add
per submission, the speed-up and the per-submission cost against the floor. Figures, not
assertions: run it on the machine you care about.

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

from course import nbg, paths  # noqa: E402
from course.grading import tutor as grading  # noqa: E402
from course.paths import resolve_module  # noqa: E402
from learners import fill, solutions, write_complete_reflections  # noqa: E402

STOCK = """
# bench: nbgrader's own autograde steps, learners' code and checks in a plain kernel
from nbgrader.preprocessors import Execute as _Execute
c.Autograde.autograde_preprocessors = [_Execute, IgnorePattern, ClearMetadataPreprocessor,
                                       LimitOutput, SaveAutoGrades, AssignLatePenalties,
                                       CheckCellMetadata]
c.Execute.kernel_name = "python3"
"""


def copy_course(dest: Path, stock: bool = False) -> Path:
    paths.copy_course(REPO, dest)
    if stock:
        with (dest / "grader_config.py").open("a", encoding="utf-8") as handle:
            handle.write(STOCK)
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
        NotebookClient(
            nb,
            timeout=120,
            kernel_name="python3",
            allow_errors=True,
            resources={"metadata": {"path": str(work)}},
        ).execute()
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
    stock_root = copy_course(tmp / "stock", stock=True)
    rows = []
    try:
        for name in args.modules:
            module = resolve_module(root, name)
            sample = make_cohort(root, module, args.learners)
            make_cohort(stock_root, module, args.learners)
            for where in (root, stock_root):
                nbg.run(where, "generate_assignment", module, "--force")
            floor = floor_seconds(root, module, sample)

            def serial_run(where: Path, m: str = module, **env: str) -> float:
                shutil.rmtree(where / "autograded", ignore_errors=True)
                return timed(
                    lambda: nbg.run(
                        where, "autograde", m, "--force", "--create", check=False, env=env
                    )
                )

            stock = serial_run(stock_root)
            trusted = serial_run(root, COURSE_TRUST_SUBMISSIONS="1")
            serial = serial_run(root)
            shutil.rmtree(root / "autograded")
            parallel = timed(
                lambda m=module: grading.autograde(root, m, jobs=args.jobs, force=True)
            )
            rows.append((module, floor, stock, trusted, serial, parallel))
    finally:
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)

    n = args.learners
    print(f"\n{n} learners per module, {args.jobs} jobs, {os.cpu_count()} cores\n")
    print(
        "Seconds per submission. stock: nbgrader as shipped; trusted: + checks judged "
        "outside the kernel; serial: + the sandbox (what `nbgrader autograde` does here)."
    )
    print(
        f"{'module':<36}{'floor':>7}{'stock':>7}{'trusted':>9}{'serial':>8}"
        f"{'checks +':>10}{'sandbox +':>11}{'vs stock':>10}{'parallel':>10}{'speed-up':>10}"
        f"{'cost/floor':>12}"
    )
    total_serial = total_parallel = 0.0
    for module, floor, stock, trusted, serial, parallel in rows:
        cost = parallel * args.jobs / n  # worker-seconds per submission
        total_serial += serial
        total_parallel += parallel
        print(
            f"{module:<36}{floor:>7.2f}{stock / n:>7.2f}{trusted / n:>9.2f}{serial / n:>8.2f}"
            f"{(trusted - stock) / n:>+10.2f}{(serial - trusted) / n:>+11.2f}"
            f"{100 * (serial / stock - 1):>+9.0f}%{parallel / n:>10.2f}"
            f"{serial / parallel:>10.2f}{cost / floor:>12.2f}"
        )
    print(
        f"\nAll modules: serial {total_serial:.1f} s, parallel {total_parallel:.1f} s, "
        f"speed-up {total_serial / total_parallel:.2f}x"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Benchmark: `course autograde` against serial `nbgrader autograde` on the same cohort.

For each module it builds synthetic cohorts (every learner submits the module's solutions
and complete reflections) in temporary copies of the course and, in one run, times:

* stock: serial ``nbgrader autograde`` as nbgrader ships it (kernel and checks in one
  plain kernel per learner, no sandbox);
* serial: serial ``nbgrader autograde`` with the course's configuration and a fresh
  sandboxed kernel started per learner (``COURSE_FORK_SERVER=0``);
* ordinary: ``course autograde --jobs N`` with kernels started per learner;
* forked: ``course autograde --jobs N``, kernels forked from the fork server (the default),
  at each cohort size given by ``--sizes``.

It prints seconds per submission, worker-seconds per submission (wall time x jobs /
learners), the speed-up against serial nbgrader, and a straight-line fit of wall time
against learners (fixed cost + cost per learner), with the targets beside them. The serial
baselines are measured on ``--serial-learners`` learners and scaled by learners for larger
cohorts (they grow linearly: one learner after another). Figures, not assertions: run it on
the machine you care about.

    python bench/autograde_bench.py --modules m01 m04 --sizes 20 100 400 --jobs 2
    python bench/autograde_bench.py --modules all --sizes 20 --no-baseline   # every module
    python bench/autograde_bench.py --quick   # CI: proves the bench works, in a minute or two
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))

from course import nbg, paths  # noqa: E402
from course.grading import tutor as grading  # noqa: E402
from course.paths import module_ids, resolve_module  # noqa: E402
from learners import fill, solutions, write_complete_reflections  # noqa: E402

SPEED_UP_TARGET = 8.0
WORKER_SECONDS_TARGET = 0.75  # for m01

STOCK = """
# bench: nbgrader's own autograde steps, learners' code and checks in a plain kernel
from nbgrader.preprocessors import Execute as _Execute
c.Autograde.autograde_preprocessors = [_Execute, IgnorePattern, ClearMetadataPreprocessor,
                                       LimitOutput, SaveAutoGrades, AssignLatePenalties,
                                       CheckCellMetadata]
c.Execute.kernel_name = "python3"
"""


@dataclass
class Row:
    """One module's figures."""

    module: str
    serial_n: int
    stock: float = 0.0  # seconds per submission
    serial: float = 0.0
    ordinary: float = 0.0  # wall seconds per submission, jobs in parallel, no fork server
    forked: dict[int, float] = field(default_factory=dict)  # learners -> wall seconds


def copy_course(dest: Path, stock: bool = False) -> Path:
    paths.copy_course(REPO, dest)
    if stock:
        with (dest / "grader_config.py").open("a", encoding="utf-8") as handle:
            handle.write(STOCK)
    return dest


def make_cohort(root: Path, module: str, learners: int) -> None:
    source_nb = next((REPO / "source" / module).glob("*.ipynb"))
    answers = solutions(source_nb)
    release_nb = root / "release" / module / source_nb.name
    for n in range(learners):
        folder = root / "submitted" / f"learner{n:04d}" / module
        fill(release_nb, answers, folder / source_nb.name)
        write_complete_reflections(source_nb, folder)


def timed(fn) -> float:  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def with_env(name: str, value: str, fn):  # type: ignore[no-untyped-def]
    before = os.environ.get(name)
    os.environ[name] = value
    try:
        return fn()
    finally:
        if before is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = before


def fit(points: dict[int, float]) -> tuple[float, float, float]:
    """Least-squares line ``wall = fixed + per_learner * learners`` and its R squared."""
    xs, ys = list(points), list(points.values())
    n = len(xs)
    mx, my = sum(xs) / n, sum(ys) / n
    sxx = sum((x - mx) ** 2 for x in xs)
    if n < 2 or sxx == 0:
        return 0.0, my / max(mx, 1), 1.0
    slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sxx
    fixed = my - slope * mx
    ss_res = sum((y - (fixed + slope * x)) ** 2 for x, y in zip(xs, ys, strict=True))
    ss_tot = sum((y - my) ** 2 for y in ys)
    return fixed, slope, 1.0 - ss_res / ss_tot if ss_tot else 1.0


def bench_module(
    tmp: Path, name: str, sizes: list[int], serial_n: int, jobs: int, baseline: bool = True
) -> Row:
    module = resolve_module(REPO, name)
    row = Row(module, serial_n if baseline else 0)
    for size in sizes:
        root = copy_course(tmp / f"{module}-{size}")
        make_cohort(root, module, size)
        row.forked[size] = timed(lambda r=root: grading.autograde(r, module, jobs=jobs, force=True))
        shutil.rmtree(root, ignore_errors=True)
    if not baseline:
        return row
    base = copy_course(tmp / f"{module}-serial")
    stock = copy_course(tmp / f"{module}-stock", stock=True)
    for where in (base, stock):
        make_cohort(where, module, serial_n)
        nbg.run(where, "generate_assignment", module, "--force")

    def serial(where: Path) -> float:
        shutil.rmtree(where / "autograded", ignore_errors=True)
        run = lambda: nbg.run(where, "autograde", module, "--force", "--create", check=False)  # noqa: E731
        return with_env("COURSE_FORK_SERVER", "0", lambda: timed(run)) / serial_n

    row.stock = serial(stock)
    row.serial = serial(base)
    ordinary = lambda: grading.autograde(base, module, jobs=jobs, force=True)  # noqa: E731
    row.ordinary = with_env("COURSE_FORK_SERVER", "0", lambda: timed(ordinary)) / serial_n
    return row


def report(rows: list[Row], jobs: int) -> list[str]:
    """The table the bench prints."""
    out = [
        f"\n{jobs} jobs, {os.cpu_count()} cores. Seconds per submission; worker-s = wall x "
        "jobs / learners. stock: nbgrader as shipped, serial: nbgrader with the course's "
        "sandbox, one kernel started per learner; ordinary: course autograde with kernels "
        "started per learner; forked: course autograde, kernels from the fork server.",
        f"Targets: forked at least {SPEED_UP_TARGET:.0f}x faster than serial; at most "
        f"{WORKER_SECONDS_TARGET} worker-s per submission for m01.",
    ]
    for row in rows:
        fixed, slope, r2 = fit(row.forked)
        if not row.serial_n:
            out.append(_survey_line(row, jobs))
            continue
        out.append(
            f"\n{row.module}: stock {row.stock:.2f}, serial {row.serial:.2f}, ordinary "
            f"{row.ordinary:.2f} s per submission (on {row.serial_n} learners)"
        )
        out.append(
            f"  {'learners':>8}{'wall s':>9}{'s/sub':>8}{'worker-s':>10}"
            f"{'vs serial':>11}{'vs stock':>10}"
        )
        for size, wall in sorted(row.forked.items()):
            out.append(
                f"  {size:>8}{wall:>9.1f}{wall / size:>8.2f}{wall * jobs / size:>10.2f}"
                f"{row.serial * size / wall:>10.1f}x{row.stock * size / wall:>9.1f}x"
            )
        marginal = slope * jobs
        out.append(
            f"  line fit: wall = {fixed:.1f} s + {slope:.3f} s x learners (R^2 {r2:.3f}); "
            f"marginal {marginal:.2f} worker-s per submission"
        )
        largest = max(row.forked)
        speed = row.serial * largest / row.forked[largest]
        checks = [f"speed-up at {largest} learners {speed:.1f}x: {_met(speed >= SPEED_UP_TARGET)}"]
        if row.module.startswith("m01"):
            cost = row.forked[largest] * jobs / largest
            checks.append(f"worker-s {cost:.2f}: {_met(cost <= WORKER_SECONDS_TARGET)}")
        out.append("  " + "; ".join(checks))
    return out


def _survey_line(row: Row, jobs: int) -> str:
    """One module's forked figures without the serial baselines (``--no-baseline``)."""
    size = max(row.forked)
    wall = row.forked[size]
    return (
        f"{row.module:<40} {size:>5} learners {wall:>7.1f} s  {wall / size:.2f} s/sub  "
        f"{wall * jobs / size:.2f} worker-s/sub"
    )


def _met(ok: bool) -> str:
    return "target met" if ok else "target NOT met"


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--modules", nargs="+", default=["m01", "m04"])
    p.add_argument("--sizes", nargs="+", type=int, default=[20, 100, 400])
    p.add_argument("--serial-learners", type=int, default=20)
    p.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    p.add_argument("--quick", action="store_true", help="m01, 2 and 4 learners (for CI)")
    p.add_argument("--keep", action="store_true", help="keep the temporary course folders")
    p.add_argument(
        "--no-baseline",
        action="store_true",
        help="only forked grading: worker-seconds for every module in a few minutes",
    )
    args = p.parse_args(argv)
    if args.quick:
        args.modules, args.sizes, args.serial_learners = ["m01"], [2, 4], 2
    if args.modules == ["all"]:
        args.modules = module_ids(REPO)
    tmp = Path(tempfile.mkdtemp(prefix="course-bench-"))
    try:
        rows = [
            bench_module(
                tmp, name, args.sizes, args.serial_learners, args.jobs, not args.no_baseline
            )
            for name in args.modules
        ]
    finally:
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)
    print("\n".join(report(rows, args.jobs)))
    return 0


if __name__ == "__main__":
    sys.exit(main())

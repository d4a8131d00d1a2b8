"""Benchmark: how soon a learner's module is ready, checked and run, against the slow start-up.

For every module (or ``--modules``), in one run, on a workspace made as ``course start``
makes it (a copy of release/) with the module's solutions and complete reflections filled in
(the helpers ``bench/autograde_bench.py`` uses), it times:

* kernel: starting a Python kernel in the module's folder until it answers;
* set-up: the module's first code cell (pandas, altair, the course tools, the data), from the
  kernel answering until the cell has run: what a learner waits for before the first task;
* check: ``course check <module>`` in a new process, as a learner runs it (wall time);
* full run: a new kernel and every cell, as JupyterLab's "Restart and run all" (nbclient).

The baseline is the same steps, in the same run, with the slow import path put back: pip
installs rfc3987-syntax 1.1.0 (what jsonschema's ``format-nongpl`` extra brings in) into a
temporary folder, which goes first on ``PYTHONPATH`` for the baseline's kernels and ``course
check`` processes, so jsonschema builds that package's grammars whenever it is imported, as
it did before the change described in docs/scale.md. Everything else is today's code in both
columns, so the baseline check leaves out the course's own lazy imports (about 0.25 s less
than the old ``course check``). It also times ``import altair`` in a new interpreter, both ways.

Each figure is the median of ``--repeats`` runs, the two sides taking turns. "Now" keeps the
charts it draws for the whole run, as a learner's computer does (``course.charts``), so after
its first step each chart is shown from that drawing; the baseline draws every chart afresh.
The targets (set-up 1.5 s, check 2 s, full run 3 s) are printed beside the figures with whether
each is met. Figures, not assertions: run it on the machine you care about.

    python bench/learner_bench.py                      # every module, 3 repeats
    python bench/learner_bench.py --modules m01 m04    # some modules
    python bench/learner_bench.py --quick              # CI: module 1, 1 repeat
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from jupyter_client.manager import KernelManager
from nbclient import NotebookClient

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))

from course import workspace  # noqa: E402
from course.paths import module_ids, resolve_module  # noqa: E402
from learners import fill, solutions, write_complete_reflections  # noqa: E402

SLOW_PACKAGE = "rfc3987-syntax==1.1.0"
TARGETS = {"set-up": 1.5, "check": 2.0, "full run": 3.0}
QUICK_MODULES = ["m01"]
TIMEOUT = 120


def baseline_env(folder: Path) -> dict[str, str]:
    """The slow path's environment: ``SLOW_PACKAGE`` installed in ``folder``, first on the path."""
    done = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
        + ["--target", str(folder), SLOW_PACKAGE],
        capture_output=True,
        text=True,
    )
    if done.returncode:
        raise SystemExit(
            f"pip could not install {SLOW_PACKAGE} for the baseline: "
            f"{done.stderr.strip().splitlines()[-1:]}"
        )
    path = os.pathsep.join(p for p in (str(folder), os.environ.get("PYTHONPATH", "")) if p)
    return dict(os.environ, PYTHONPATH=path)


def make_workspace(ws: Path, modules: list[str]) -> None:
    """A learner's workspace whose ``modules`` hold their solutions and complete reflections."""
    workspace.prepare(REPO, ws)
    for module in modules:
        source_nb = REPO / "source" / module / f"{module}.ipynb"
        learner_nb = ws / module / source_nb.name
        fill(learner_nb, solutions(source_nb), learner_nb)
        write_complete_reflections(source_nb, ws / module)


def setup_source(notebook: Path) -> str:
    """The module's set-up cell: its first code cell."""
    nb = nbformat.read(notebook, as_version=4)
    return next(cell.source for cell in nb.cells if cell.cell_type == "code")


def kernel_and_setup(folder: Path, source: str, env: dict[str, str]) -> tuple[float, float]:
    """Seconds to start a kernel in ``folder``, then to run the set-up cell in it."""
    km = KernelManager(kernel_name="python3")
    started = time.perf_counter()
    km.start_kernel(cwd=str(folder), env=env, stderr=subprocess.DEVNULL)
    kc = km.client()
    kc.start_channels()
    try:
        kc.wait_for_ready(timeout=TIMEOUT)
        ready = time.perf_counter()
        reply = kc.execute_interactive(source, timeout=TIMEOUT, output_hook=lambda msg: None)
        done = time.perf_counter()
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
    if reply["content"]["status"] != "ok":
        why = reply["content"].get("evalue")
        raise SystemExit(f"The set-up cell in {folder.name} failed: {why}")
    return ready - started, done - ready


def course_command() -> list[str]:
    """The ``course`` command of this environment."""
    script = Path(sys.executable).with_name("course")
    return [str(script)] if script.is_file() else [sys.executable, "-m", "course.cli"]


def check_seconds(ws: Path, module: str, env: dict[str, str]) -> float:
    """Wall time of ``course check <module>`` in a new process; it must find every check passing."""
    started = time.perf_counter()
    done = subprocess.run(
        course_command() + ["check", module, "--workspace", str(ws)],
        env=env,
        capture_output=True,
        text=True,
    )
    seconds = time.perf_counter() - started
    if done.returncode:
        raise SystemExit(f"course check {module} did not pass:\n{done.stdout}{done.stderr}")
    return seconds


def full_run_seconds(folder: Path, notebook: Path, env: dict[str, str]) -> float:
    """A new kernel and every cell of ``notebook``, run in ``folder``."""
    nb = nbformat.read(notebook, as_version=4)
    client = NotebookClient(
        nb,
        timeout=TIMEOUT,
        kernel_name="python3",
        allow_errors=True,
        resources={"metadata": {"path": str(folder)}},
    )
    started = time.perf_counter()
    client.execute(env=env, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def import_seconds(env: dict[str, str]) -> float:
    """``import altair`` in a new interpreter, as the set-up cell's second line does."""
    code = "import time; t = time.perf_counter(); import altair; print(time.perf_counter() - t)"
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    return float(done.stdout.strip())


def measure(ws: Path, module: str, env: dict[str, str]) -> dict[str, float]:
    """One run of every step for one module."""
    folder = ws / module
    notebook = folder / f"{module}.ipynb"
    kernel, setup = kernel_and_setup(folder, setup_source(notebook), env)
    return {
        "kernel": kernel,
        "set-up": setup,
        "check": check_seconds(ws, module, env),
        "full run": full_run_seconds(folder, notebook, env),
    }


def cell(name: str, value: float) -> str:
    """A figure, with whether it meets its target (if it has one)."""
    if name not in TARGETS:
        return f"{value:>8.2f}"
    verdict = "met" if value <= TARGETS[name] else "NOT met"
    return f"{value:>8.2f} {verdict:<7}"


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--modules", nargs="+", help="modules to time (default: all)")
    p.add_argument("--repeats", type=int, default=3, help="runs of each step (median shown)")
    p.add_argument("--quick", action="store_true", help="CI: module 1, 1 repeat")
    args = p.parse_args()
    names = args.modules or (QUICK_MODULES if args.quick else module_ids(REPO))
    modules = [resolve_module(REPO, name) for name in names]
    repeats = 1 if args.quick else max(1, args.repeats)

    tmp = Path(tempfile.mkdtemp(prefix="course-learner-bench-"))
    try:
        # "now" keeps its drawn charts for the whole run, as a learner's computer does; the
        # baseline gets an empty chart cache for every step, so it draws every chart afresh.
        sides = {
            "now": dict(os.environ, XDG_CACHE_HOME=str(tmp / "now-cache")),
            "baseline": baseline_env(tmp / "slow"),
        }
        make_workspace(tmp / "ws", modules)
        runs: dict[tuple[str, str], list[dict[str, float]]] = {}
        imports: dict[str, list[float]] = {side: [] for side in sides}
        for _ in range(repeats):
            for side, env in sides.items():
                imports[side].append(import_seconds(env))
            for module in modules:
                for side, env in sides.items():
                    if side == "baseline":
                        env = dict(env, XDG_CACHE_HOME=tempfile.mkdtemp(dir=tmp))
                    runs.setdefault((module, side), []).append(measure(tmp / "ws", module, env))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    slow_here = importlib.util.find_spec("rfc3987_syntax") is not None
    load = ", ".join(f"{n:.1f}" for n in os.getloadavg()) if hasattr(os, "getloadavg") else "?"
    print(
        f"\n{len(modules)} module(s), median of {repeats} run(s), {os.cpu_count()} cores, "
        f"load average at the end {load} (other work on the machine slows every figure)"
    )
    if slow_here:
        print(
            "Note: rfc3987_syntax is installed in this environment, so 'now' is the slow path "
            "too; run `make clean-venv test` (or see docs/scale.md) to remove it."
        )
    medians = {side: statistics.median(v) for side, v in imports.items()}
    print(
        f"import altair in a new interpreter: now {medians['now']:.2f} s, "
        f"baseline {medians['baseline']:.2f} s"
    )
    print(
        "\nSeconds. Targets: set-up (first cell ready after the kernel starts) 1.5, "
        "course check 2, full run (kernel and every cell) 3."
    )
    steps = ["kernel", "set-up", "check", "full run"]
    print(f"{'module':<36}{'':<10}" + "".join(f"{s:>16}" for s in steps))
    met = {side: dict.fromkeys(TARGETS, 0) for side in sides}
    for module in modules:
        for side in sides:
            figures = {s: statistics.median(r[s] for r in runs[(module, side)]) for s in steps}
            for name, target in TARGETS.items():
                met[side][name] += figures[name] <= target
            label = module if side == "now" else ""
            print(f"{label:<36}{side:<10}" + "".join(f"{cell(s, figures[s]):>16}" for s in steps))
    for side in sides:
        print(
            f"Targets met ({side}): "
            + ", ".join(f"{name} {met[side][name]} of {len(modules)}" for name in TARGETS)
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())

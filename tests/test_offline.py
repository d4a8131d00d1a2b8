"""The course works without the internet once it is installed.

Module 1 runs, with its solutions, in a kernel that has no network at all (a new network
namespace made with ``unshare``; the kernel talks to the client over IPC sockets, since TCP
cannot cross into the namespace). Statically, no notebook fetches anything, and charts are
drawn as SVG inside the kernel rather than by JavaScript from a CDN.
"""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
import sys
import tokenize
from pathlib import Path

import nbformat
import pytest
from jupyter_client import KernelManager
from jupyter_client.kernelspec import KernelSpecManager
from nbclient import NotebookClient

from conftest import M01, REPO
from course.notebooks import is_autograded_test, split_hidden
from course.paths import module_ids
from learners import write_complete_reflections

MODULES = module_ids(REPO)
UNSHARE = ["unshare", "--user", "--map-root-user", "--net"]
NETWORK_IN_CODE = re.compile(r"https?://|\b(?:requests|urllib\d?|httpx|urlopen|socket)\b")
PROBE = """import socket
try:
    socket.create_connection(("example.org", 80), timeout=3).close()
except OSError as exc:
    print(f"network is off: {type(exc).__name__}")
else:
    print("network is on")
"""


def can_unshare() -> bool:
    """True if this machine lets an ordinary process make a user and network namespace."""
    if shutil.which("unshare") is None:
        return False
    try:
        return subprocess.run([*UNSHARE, "true"], capture_output=True, timeout=10).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


def offline_kernel(folder: Path) -> KernelManager:
    """A kernel manager whose kernel runs in a new network namespace and talks over IPC."""
    spec = folder / "kernels" / "python3-offline"
    spec.mkdir(parents=True)
    argv = [*UNSHARE, sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"]
    (spec / "kernel.json").write_text(
        json.dumps({"argv": argv, "display_name": "Python 3 (offline)", "language": "python"})
    )
    return KernelManager(
        kernel_name="python3-offline",
        transport="ipc",
        ip=str(folder / "kernel-ipc"),
        kernel_spec_manager=KernelSpecManager(kernel_dirs=[str(spec.parent)]),
    )


def errors(nb: nbformat.NotebookNode) -> dict[str, str]:
    """Cell id -> error, for every cell that raised."""
    return {
        cell.id: f"{out['ename']}: {out['evalue']}"
        for cell in nb.cells
        for out in cell.get("outputs", [])
        if out.get("output_type") == "error"
    }


def code_without_comments(code: str) -> str:
    try:
        return tokenize.untokenize(
            t
            for t in tokenize.generate_tokens(io.StringIO(code).readline)
            if t.type != tokenize.COMMENT
        )
    except (tokenize.TokenError, IndentationError, SyntaxError):
        return code


@pytest.mark.skipif(
    not can_unshare(),
    reason="`unshare --user --map-root-user --net true` "
    "fails here (no unprivileged user namespaces), so the network cannot be "
    "switched off for the kernel",
)
def test_module_1_runs_with_the_network_off(tmp_path: Path) -> None:
    """With no network, module 1 runs without an error and a connection attempt fails."""
    folder = tmp_path / M01
    shutil.copytree(REPO / "source" / M01, folder)
    notebook = folder / f"{M01}.ipynb"
    assert write_complete_reflections(notebook, folder)
    nb = nbformat.read(notebook, as_version=4)
    for cell in nb.cells:  # hidden tests only ever run in the grader
        if is_autograded_test(cell):
            cell.source = split_hidden(cell.source)[0]
    nb.cells.append(nbformat.v4.new_code_cell(PROBE, id="network-probe"))
    NotebookClient(
        nb,
        km=offline_kernel(tmp_path),
        timeout=120,
        allow_errors=True,
        resources={"metadata": {"path": str(folder)}},
    ).execute()
    assert errors(nb) == {}
    probe = "".join(out.get("text", "") for out in nb.cells[-1].outputs)
    assert probe.startswith("network is off"), probe
    svg = [c for c in nb.cells if c.id == "m01-chart"][0].outputs
    assert any("image/svg+xml" in out.get("data", {}) for out in svg), "chart not drawn as SVG"


@pytest.mark.parametrize("module", MODULES)
def test_no_code_cell_uses_the_network(module: str) -> None:
    """No code cell holds a URL or a networking library (comments may cite a web page)."""
    nb = nbformat.read(REPO / "source" / module / f"{module}.ipynb", as_version=4)
    found = {
        c.id: m
        for c in nb.cells
        if c.cell_type == "code" and (m := NETWORK_IN_CODE.findall(code_without_comments(c.source)))
    }
    assert found == {}, f"{module}: code cells that would need the internet: {found}"


@pytest.mark.parametrize("module", MODULES)
def test_charts_are_drawn_offline(module: str) -> None:
    """charts.enable_offline() runs in a code cell before the first chart is made."""
    cells = [
        c.source
        for c in nbformat.read(REPO / "source" / module / f"{module}.ipynb", as_version=4).cells
        if c.cell_type == "code"
    ]
    enable = next((i for i, s in enumerate(cells) if "charts.enable_offline()" in s), None)
    first_chart = next((i for i, s in enumerate(cells) if "alt.Chart(" in s), None)
    assert enable is not None, f"{module} never calls charts.enable_offline()"
    assert first_chart is None or enable <= first_chart, (
        f"{module} makes a chart before calling charts.enable_offline()"
    )


def test_enable_offline_renders_svg_without_javascript() -> None:
    """enable_offline switches altair to its SVG renderer: a chart is an SVG, not a script."""
    import altair as alt
    import pandas as pd

    from course import charts

    renderer, transformer = alt.renderers.active, alt.data_transformers.active
    try:
        charts.enable_offline()
        chart = alt.Chart(pd.DataFrame({"a": [1, 2]})).mark_point().encode(x="a:Q")
        bundle = alt.renderers.get()(chart.to_dict())
        bundle = bundle[0] if isinstance(bundle, tuple) else bundle
        assert set(bundle) == {"image/svg+xml"}
        assert bundle["image/svg+xml"].lstrip().startswith("<svg")
        assert "<script" not in bundle["image/svg+xml"]
    finally:
        alt.renderers.enable(renderer)
        alt.data_transformers.enable(transformer)

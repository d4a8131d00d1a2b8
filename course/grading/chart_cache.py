"""Draw a module's own charts once, so that grading kernels do not each draw them again.

Drawing a chart starts a JavaScript engine (vl-convert), about half a second in every new
kernel, and a fork server cannot start it before forking. Yet every learner's kernel runs
the course's own chart cells on the course's own read-only data, so the charts come out
the same. So before a cohort is graded, :func:`draw` runs the module's source notebook (the
course's code, trusted as nbgrader trusts it) once and keeps each chart's SVG under its key
(:func:`course.charts.key`). :func:`cached` lists them, and ``course.grading.sandbox`` puts
them read-only in each learner's work folder, where ``course.charts`` finds them. A chart a
learner changed has another key and is drawn in their own kernel, as before.

The drawings are kept in ``.course-cache/charts/<module>/<digest>/`` beside ``source/``;
the digest covers the source folder and the versions that draw, so a change redraws.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import tempfile
from pathlib import Path

from .. import charts

DONE = "done.json"  # written last: a folder without it is incomplete and not used
_KEY = re.compile(r"[0-9a-f]{64}")
_DIGESTS: dict[Path, tuple[tuple[tuple[str, int, int], ...], str]] = {}  # by source folder


def home(source: Path) -> Path:
    """Where the drawings of the module whose source folder is ``source`` are kept."""
    return source.parent.parent / ".course-cache" / "charts" / source.name


def digest(source: Path) -> str:
    """What the drawings depend on: the source folder's files and the drawing libraries.

    Grading asks for every learner, so the hash is kept for as long as no file in the
    folder changes its size or modification time.
    """
    import altair
    import vl_convert

    from . import sandbox

    files = {p.name: p for p in source.glob("*.ipynb")} | sandbox.source_files(source)
    stamp = tuple((rel, *_stat(path)) for rel, path in sorted(files.items()))
    known = _DIGESTS.get(source)
    if known is not None and known[0] == stamp:
        return known[1]
    found = hashlib.sha256(f"{altair.__version__} {vl_convert.__version__}".encode())
    for rel, path in sorted(files.items()):
        found.update(rel.encode() + b"\0" + hashlib.sha256(path.read_bytes()).digest())
    _DIGESTS[source] = (stamp, found.hexdigest()[:32])
    return _DIGESTS[source][1]


def _stat(path: Path) -> tuple[int, int]:
    info = path.stat()
    return info.st_size, info.st_mtime_ns


def cached(source: Path) -> dict[str, Path]:
    """The module's drawn charts, by the path a grading kernel sees them at; none if the
    drawings are missing or out of date."""
    folder = home(source) / digest(source)
    if not (folder / DONE).is_file():
        return {}
    return {f"{charts.CACHE}/{p.name}": p for p in sorted(folder.glob("*.svg"))}


def draw(source: Path, timeout: int = 300) -> int:
    """Run the module's source notebooks once and keep their charts; return how many.

    Does nothing when the drawings are up to date. Raises on a notebook that cannot be run
    (the caller grades on, each kernel drawing its own charts).
    """
    import nbformat
    from nbclient import NotebookClient

    from . import sandbox

    folder = home(source) / digest(source)
    if (folder / DONE).is_file():
        return len(list(folder.glob("*.svg")))
    drawings: dict[str, str] = {}
    with tempfile.TemporaryDirectory(prefix="course-charts-") as tmp:
        work = Path(tmp)
        for rel, path in sandbox.source_files(source).items():
            (work / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, work / rel)
        env = {**os.environ, charts.GRADING: "1"}
        for path in sorted(source.glob("*.ipynb")):
            nb = nbformat.read(path, as_version=4)
            client = NotebookClient(nb, timeout=timeout, allow_errors=True, kernel_name="python3")
            client.execute(cwd=str(work), env=env)
            drawings.update(_drawings(nb))
    if home(source).exists():
        shutil.rmtree(home(source))  # older drawings: the source or the libraries changed
    folder.mkdir(parents=True)
    for name, svg in drawings.items():
        (folder / f"{name}.svg").write_text(svg, encoding="utf-8")
    (folder / DONE).write_text(json.dumps({"charts": len(drawings)}), encoding="utf-8")
    return len(drawings)


def _drawings(nb) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """The SVG of each keyed chart in an executed notebook."""
    found = {}
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            name = output.get("metadata", {}).get(charts.KEY)
            svg = output.get("data", {}).get("image/svg+xml")
            if isinstance(name, str) and _KEY.fullmatch(name) and isinstance(svg, str):
                found[name] = svg
    return found

"""The course website: the release notebooks and reference pages, built with Sphinx.

``course site`` stages the course as Sphinx sources (``pages``), builds them with MyST-NB and
sphinx-book-theme (settings in ``book/conf.py``), then checks every link and resource of the
HTML (``links``). ``docs/site.md`` says why these tools.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from ..errors import CourseError
from .links import link_problems
from .pages import Module, stage

__all__ = ["INDEX", "BOOK", "build", "link_problems", "stage"]

INDEX = "index.html"
BOOK = Path(__file__).resolve().parent / "book"


def build(root: Path, out: Path, hub_url: str | None = None) -> list[Module]:
    """Write the website for the course in ``root`` into ``out``; return its modules.

    The staged sources and Sphinx's caches live in a temporary folder, so a build never writes
    into the course. Sphinx's warnings (an unresolved link, a notebook that fails to run) stop
    the build with Sphinx's own message.
    """
    with tempfile.TemporaryDirectory(prefix="course-site-") as tmp:
        src = Path(tmp) / "src"
        modules = stage(root, src, hub_url)
        if out.exists():
            shutil.rmtree(out)
        run = subprocess.run(
            [
                sys.executable,
                "-m",
                "sphinx",
                "-b",
                "html",
                "-c",
                str(BOOK),
                "-W",
                "--keep-going",
                "-q",
                "-d",
                str(Path(tmp) / "doctrees"),
                str(src),
                str(out),
            ],
            capture_output=True,
            text=True,
            cwd=tmp,
        )
        if run.returncode:
            raise CourseError("the website did not build:\n" + (run.stderr or run.stdout).strip())
    return modules

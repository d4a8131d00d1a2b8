"""``course submit <module>``: one zip of the notebook and its reflections, for an LMS upload.

Most LMS assignments take one file. The zip holds the module's notebook and its
``reflections/`` folder (every reflection also travels inside the notebook's saved widget
state, so even the notebook alone carries them). The module's visible checks run first, on a
copy, so the learner sees what is still to do before uploading; nothing in the workspace is
changed except the new zip in ``submissions/``.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from . import selfcheck
from .errors import CourseError
from .reflections import carried
from .reflections.store import FOLDER

SUBMISSIONS = "submissions"


@dataclass(frozen=True)
class Submission:
    """The zip written, what it holds and the checks run before it."""

    zip_path: Path
    files: list[str]
    report: selfcheck.Report
    carried: int  # reflections the notebook also carries


def pack(folder: Path, out: Path) -> list[str]:
    """Zip the module's notebook and reflection files from ``folder`` into ``out``."""
    notebook = folder / f"{folder.name}.ipynb"
    names = [notebook.name] + sorted(
        f"{FOLDER}/{p.name}"
        for p in (folder / FOLDER).glob("*.json")
        if p.is_file() and not p.is_symlink()
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_suffix(".zip.part")
    with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as zf:
        for name in names:
            zf.write(folder / name, f"{folder.name}/{name}")
    partial.replace(out)
    return names


def submit(workspace: Path, name: str, say=None) -> Submission:  # type: ignore[no-untyped-def]
    """Check module ``name`` in ``workspace``, then write its zip; return what was done."""
    folder = selfcheck.module_folder(workspace, name)
    nb = selfcheck.read_notebook(folder / f"{folder.name}.ipynb")
    report = selfcheck.run(workspace, folder.name, say=say)
    stamp = datetime.now().strftime("%Y-%m-%d-%H-%M-%S")
    out = workspace / SUBMISSIONS / f"{folder.name}-{stamp}.zip"
    if out.exists():
        raise CourseError(f"{out} already exists; wait a second and run `course submit` again.")
    files = pack(folder, out)
    return Submission(out, files, report, len(carried.in_notebook(nb)))


def lines(done: Submission) -> list[str]:
    """What to tell the learner: the checks, what the zip holds, and where it is."""
    failed = [f for f in done.report.findings if not f.passed]
    reflections = len(done.files) - 1
    out = done.report.lines()
    out.append("")
    if failed:
        out.append(
            f"{len(failed)} check(s) above do not pass yet. You can still upload the zip, "
            "or fix them first and run `course submit` again."
        )
    out.append(
        f"Your submission is ready: {done.zip_path}. It holds your notebook and "
        f"{reflections} reflection file(s). Upload that one file to your LMS."
    )
    if done.carried == 0:
        out.append(
            "Your notebook does not carry a copy of your reflections yet: save it in "
            "JupyterLab (Ctrl+S) after running the reflection cells, so it does."
        )
    return out


def this_module() -> None:
    """The one-line cell at the end of each module: submit the module this notebook is in.

    It zips what is saved on disk, so the learner saves the notebook first (Ctrl+S); the
    reflections save themselves.
    """
    from pathlib import Path

    folder = Path.cwd()
    print(
        "Making your submission from the saved copy of this notebook: if you changed "
        "anything since you last saved, press Ctrl+S first and run this cell again."
    )
    try:
        done = submit(folder.parent, folder.name, say=print)
    except CourseError as exc:
        print(f"Could not make your submission: {exc}")
        return
    for line in lines(done):
        print(line)


def button() -> Any:
    """The hand-in cell at the end of each module: a button that runs :func:`this_module`.

    A button acts only when the learner clicks it, so running the whole notebook (the grader,
    ``course check``, the website build) never makes a submission.
    """
    import ipywidgets as widgets

    press = widgets.Button(
        description="Make my submission zip",
        tooltip="Run this module's checks, then zip the notebook and its reflections",
        button_style="primary",
        layout=widgets.Layout(width="auto"),
    )
    out = widgets.Output()

    def clicked(_: Any) -> None:
        press.disabled = True
        out.clear_output()
        with out:
            this_module()
        press.disabled = False

    press.on_click(clicked)
    return widgets.VBox([press, out])

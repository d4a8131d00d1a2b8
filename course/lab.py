"""The JupyterLab settings the course relies on, written where JupyterLab reads overrides.

Widget state saved in notebooks: with it, every save of a notebook stores each reflection
box's confirmed answer in the notebook's metadata, so a notebook file on its own (File >
Download, a one-file LMS upload) carries the reflections, and reopening a notebook shows them
without running a cell. The setting goes in ``<prefix>/share/jupyter/lab/settings/
overrides.json`` of the Python environment that runs JupyterLab, merged with what is there.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from .errors import CourseError

OVERRIDES = {"@jupyter-widgets/jupyterlab-manager:plugin": {"saveState": True}}


def overrides_path(prefix: Path | None = None) -> Path:
    return Path(prefix or sys.prefix) / "share" / "jupyter" / "lab" / "settings" / "overrides.json"


def apply(prefix: Path | None = None) -> Path:
    """Merge the course's settings into JupyterLab's overrides file; return its path."""
    path = overrides_path(prefix)
    current: dict = {}
    if path.is_file():
        try:
            current = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise CourseError(
                f"JupyterLab's settings file {path} cannot be read; fix or remove it and run "
                "`course start` again."
            ) from exc
        if not isinstance(current, dict):
            current = {}
    merged = {**current}
    for plugin, settings in OVERRIDES.items():
        merged[plugin] = {**(current.get(plugin) or {}), **settings}
    if merged != current:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(merged, indent=2) + "\n", encoding="utf-8")
    return path

"""Run nbgrader commands in a course folder, where its ``nbgrader_config.py`` is found."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from .errors import CourseError


@dataclass
class Result:
    """What one nbgrader command did."""

    args: list[str]
    returncode: int
    output: str

    @property
    def ok(self) -> bool:
        return self.returncode == 0


def nbgrader_command() -> list[str]:
    """The nbgrader executable beside this Python, or ``python -m nbgrader``."""
    beside = Path(sys.executable).with_name("nbgrader")
    if beside.exists():
        return [str(beside)]
    found = shutil.which("nbgrader")
    return [found] if found else [sys.executable, "-m", "nbgrader"]


def run(
    root: Path,
    *args: str,
    env: dict[str, str] | None = None,
    timeout: float | None = None,
    check: bool = True,
) -> Result:
    """Run ``nbgrader <args>`` with ``root`` as the working folder and return its output."""
    cmd = [*nbgrader_command(), *args]
    full_env = {**os.environ, **(env or {})}
    # nbgrader starts helpers (alembic, the kernel) by name: find them beside this Python first.
    full_env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), full_env.get("PATH", "")])
    try:
        proc = subprocess.run(
            cmd,
            cwd=root,
            env=full_env,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise CourseError(
            f"nbgrader {args[0]} took longer than {timeout:.0f} s and was "
            "stopped; see its log or raise the limit."
        ) from exc
    result = Result([*args], proc.returncode, proc.stdout + proc.stderr)
    if check and not result.ok:
        last = [ln for ln in result.output.splitlines() if ln.strip()][-5:]
        raise CourseError(
            f"nbgrader {' '.join(args)} failed; its last lines were: " + " | ".join(last)
        )
    return result


def load_config(root: Path):  # type: ignore[no-untyped-def]
    """nbgrader's configuration for ``root``: Jupyter config folders, then the course's own."""
    from jupyter_core.paths import jupyter_config_path
    from traitlets.config import Config
    from traitlets.config.loader import (
        ConfigFileNotFound,
        JSONFileConfigLoader,
        PyFileConfigLoader,
    )

    config = Config()
    # jupyter_config_path() lists the most important folder first; the course folder wins.
    for folder in [*reversed(jupyter_config_path()), str(root)]:
        for loader, name in (
            (PyFileConfigLoader, "nbgrader_config.py"),
            (JSONFileConfigLoader, "nbgrader_config.json"),
        ):
            try:
                config.merge(loader(name, path=folder).load_config())
            except ConfigFileNotFound:
                continue
            except Exception as exc:  # a broken config file: say which one
                raise CourseError(
                    f"{Path(folder) / name} could not be read ({exc}); fix or remove it."
                ) from exc
    return config

"""Shared fixtures: a throw-away copy of the course, and simulated learners' work."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from course import lab as lab_config
from course import workspace
from course.paths import copy_course
from helpers import LAB_TOKEN, free_port, jupyter_server

REPO = Path(__file__).resolve().parents[1]
M01 = "m01_leading_without_authority"

# A test module that uses one of these must mark its tests, so `make test-fast` leaves them out.
MARKED_USES = {"sync_playwright": "browser", "jupyterhub_config": "hub"}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Refuse to run a browser or hub test that does not carry its marker."""
    unmarked, sources = [], {}
    for item in items:
        path = Path(str(item.fspath))
        source = sources.setdefault(path, path.read_text(encoding="utf-8"))
        unmarked += [
            f"{item.nodeid} needs @pytest.mark.{marker}"
            for use, marker in MARKED_USES.items()
            if use in source and not item.get_closest_marker(marker)
        ]
    if unmarked:
        raise pytest.UsageError("Unmarked tests: " + "; ".join(unmarked))


@pytest.fixture
def course_copy(tmp_path: Path) -> Path:
    """A copy of the course folder (config, source, release, data) to grade in."""
    return copy_course(REPO, tmp_path / "course")


@pytest.fixture
def isolation() -> None:
    """Grading needs the bubblewrap sandbox: skip without it, except in CI, where it must run."""
    require_isolation()


def require_isolation() -> None:
    """Skip (or, in CI, fail) where the bubblewrap sandbox cannot run."""
    from course.grading import sandbox

    why = sandbox.problem()
    if why and os.environ.get("CI"):
        pytest.fail(f"Learners' code cannot be isolated in CI: {why}", pytrace=False)
    if why:
        pytest.skip(f"no isolation here ({why}); run scripts/install-sandbox.sh")


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The course website, built once for the session (every module is run: about a minute)."""
    from course import site

    out = tmp_path_factory.mktemp("site") / "site"
    site.build(REPO, out)
    return out


def lab_settings(folder: Path) -> Path:
    """User settings that keep every cell in the page and switch off the news prompt."""
    settings = {
        "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
        "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {
            "fetchNews": "false",
            "checkForUpdates": False,
        },
    }
    for name, value in settings.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(value))
    return folder


@pytest.fixture
def lab(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """JupyterLab on a fresh learner workspace on a free local port: (address, workspace).

    The address takes ``?token=`` + ``helpers.LAB_TOKEN``.
    """
    ws = tmp_path / "workspace"
    workspace.prepare(REPO, ws)
    lab_config.apply()  # as `course start` does: widget state is saved in notebooks
    port = free_port()
    env = {
        **os.environ,
        "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime"),
        "JUPYTER_CONFIG_DIR": str(tmp_path / "config"),
    }
    settings = lab_settings(tmp_path / "settings")
    cmd = [
        *workspace.lab_command(ws),
        "--no-browser",
        f"--port={port}",
        "--ip=127.0.0.1",
        f"--IdentityProvider.token={LAB_TOKEN}",
        f"--LabApp.user_settings_dir={settings}",
        f"--LabApp.workspaces_dir={tmp_path / 'lab-workspaces'}",
    ]
    log = tmp_path / "lab.log"
    with jupyter_server("JupyterLab", cmd, log, port, LAB_TOKEN, env) as base:
        yield base, ws

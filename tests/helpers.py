"""Helpers several test files share: the CLI in-process, its one-sentence errors, Chromium."""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import socket

import pytest

from course import cli

CHROMIUM = os.environ.get("CHROMIUM") or shutil.which("chromium")
LAB_TOKEN = "course-browser-test"  # the token of the JupyterLab the ``lab`` fixture starts
LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def need_chromium() -> str:
    """Chromium's path; skip the calling test module without it, except in CI, where it fails."""
    if not CHROMIUM:
        if os.environ.get("CI"):
            raise RuntimeError(
                "The browser tests need Debian's chromium package; "
                "scripts/install-browser.sh installs it."
            )
        pytest.skip(
            "Chromium is not installed (run scripts/install-browser.sh)", allow_module_level=True
        )
    return CHROMIUM


def free_port() -> int:
    """A local TCP port nothing listens on."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def run_cli(*argv: str) -> tuple[int, str, str]:
    """Run the ``course`` command in this process; return its exit code, stdout and stderr."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main(list(argv))
    return code, out.getvalue(), err.getvalue()


def one_sentence(err: str) -> str:
    """The single ``course: ... .`` line a failing command printed (fails if there are more)."""
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("course: ") and lines[0].endswith("."), lines[0]
    return lines[0]

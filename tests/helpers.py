"""Helpers several test files share: the CLI in-process, its one-sentence errors, Chromium."""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

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


@contextlib.contextmanager
def jupyter_server(
    name: str,
    cmd: list[str],
    log_path: Path,
    port: int,
    token: str,
    env: dict[str, str],
    **popen: object,
) -> Iterator[str]:
    """Run a Jupyter server command until its API answers on ``port``; yield its address,
    and stop it afterwards. A server that does not start fails the test with its log."""
    with log_path.open("w") as log:
        proc = subprocess.Popen(cmd, env=env, stdout=log, stderr=subprocess.STDOUT, **popen)
        base = f"http://127.0.0.1:{port}"
        try:
            for _ in range(120):
                try:
                    urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=1)
                    break
                except OSError:
                    time.sleep(0.5)
            else:
                pytest.fail(f"{name} did not start: " + log_path.read_text()[-2000:])
            yield base
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()

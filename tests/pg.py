"""A real, throw-away PostgreSQL server for tests, on a Unix socket in a temporary folder.

Debian's ``postgresql`` package (``scripts/install-postgres.sh``) keeps its programs in
``/usr/lib/postgresql/<version>/bin``; a machine may also have them on ``PATH``. PostgreSQL
refuses to run as root, so under root (as in CI) the server runs as ``nobody``. It listens
on no TCP port at all, only on a socket in its own folder, and every login needs a password.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

SUPERUSER_PASSWORD = "course-test-superuser"
USER, PASSWORD, DATABASE = "grader", "course-test-password", "gradebook"


def binaries() -> Path | None:
    """The folder holding ``initdb`` and ``pg_ctl``: on PATH, or Debian's newest version."""
    found = shutil.which("initdb")
    if found and shutil.which("pg_ctl"):
        return Path(found).resolve().parent
    versions = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parts[-3])
    )
    return versions[-1].parent if versions else None


def need_postgres() -> Path:
    """PostgreSQL's programs; skip without them, except in CI, where the test fails."""
    folder = binaries()
    if folder is None:
        message = "PostgreSQL is not installed; scripts/install-postgres.sh installs it"
        if os.environ.get("CI"):
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    return folder


@dataclass
class Server:
    """A running server: its socket folder, URLs of its databases, and a superuser's queries."""

    folder: Path

    def url(self, database: str = DATABASE, password: str = PASSWORD) -> str:
        """The gradebook URL of ``database``, logging in as the test user."""
        return f"postgresql+psycopg://{USER}:{password}@/{database}?host={self.folder}"

    def query(self, sql: str, database: str = "postgres") -> list[tuple[object, ...]]:
        """Run ``sql`` as the superuser and return its rows (none for a command)."""
        import psycopg

        with psycopg.connect(
            host=str(self.folder),
            user="postgres",
            password=SUPERUSER_PASSWORD,
            dbname=database,
            autocommit=True,
        ) as admin:
            cursor = admin.execute(sql)
            return cursor.fetchall() if cursor.description else []

    def new_database(self, name: str) -> str:
        """Create an empty database owned by the test user; return its URL."""
        self.query(f"CREATE DATABASE {name} OWNER {USER}")
        return self.url(name)

    def tables(self, database: str) -> list[str]:
        """The tables in ``database`` (none where nothing was written)."""
        rows = self.query(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'",
            database,
        )
        return sorted(str(row[0]) for row in rows)


def _as_server_user(cmd: list[str]) -> list[str]:
    return ["runuser", "-u", "nobody", "--", *cmd] if os.geteuid() == 0 else cmd


@contextmanager
def server() -> Iterator[Server]:
    """Start a server with a database and password-protected user; stop and remove it after."""
    bin_dir = need_postgres()
    # Under root, in /tmp itself: the server's user must reach the folder (and TMPDIR may not).
    folder = Path(tempfile.mkdtemp(prefix="course-pg-", dir="/tmp" if os.geteuid() == 0 else None))
    data = folder / "data"
    pwfile = folder / "superuser-password"
    pwfile.write_text(SUPERUSER_PASSWORD)
    if os.geteuid() == 0:
        shutil.chown(folder, "nobody")
        shutil.chown(pwfile, "nobody")
    pg_ctl = [str(bin_dir / "pg_ctl"), "-D", str(data)]
    run = {"check": True, "capture_output": True, "text": True, "cwd": folder}
    try:
        subprocess.run(
            _as_server_user(
                [str(bin_dir / "initdb"), "-D", str(data), "-U", "postgres", "-A"]
                + ["scram-sha-256", f"--pwfile={pwfile}", "-E", "UTF8", "--no-sync"]
            ),
            **run,
        )
        options = f"-c listen_addresses='' -k {folder} -c fsync=off"
        log = folder / "server.log"
        subprocess.run(
            _as_server_user([*pg_ctl, "-o", options, "-l", str(log), "-w", "start"]), **run
        )
        running = Server(folder)
        running.query(f"CREATE ROLE {USER} LOGIN PASSWORD '{PASSWORD}'")
        running.new_database(DATABASE)
        yield running
    finally:
        if (data / "postmaster.pid").exists():
            subprocess.run(_as_server_user([*pg_ctl, "-m", "fast", "-w", "stop"]), **run)
        shutil.rmtree(folder, ignore_errors=True)

"""Shared fixtures: a throw-away copy of the course, and simulated learners' work."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from course.paths import copy_course

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

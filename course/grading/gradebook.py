"""Where the gradebook is, in one place, and a check that it can be reached.

One tutor keeps nbgrader's SQLite file ``gradebook.db`` in the course folder. Several
graders or machines share a PostgreSQL database instead: ``COURSE_DB_URL`` names it
(``postgresql+psycopg://user:password@host:5432/gradebook``), ``grader_config.py`` hands it
to nbgrader, and every part of the course that reads grades opens it through
:func:`open_gradebook`. :func:`check` runs before grading, feedback or export writes
anything, so a server that is down or refuses the password is one sentence, not a
half-written gradebook.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import CourseError

if TYPE_CHECKING:
    from nbgrader.api import Gradebook

ENV = "COURSE_DB_URL"
CONNECT_SECONDS = 5


def configured() -> str | None:
    """The gradebook URL set in ``COURSE_DB_URL``, if any, with psycopg as the driver."""
    value = os.environ.get(ENV, "").strip()
    if not value:
        return None
    # SQLAlchemy's plain "postgresql://" means psycopg2; the course installs psycopg (3).
    for plain in ("postgresql://", "postgres://"):
        if value.startswith(plain):
            return "postgresql+psycopg://" + value[len(plain) :]
    return value


def url(root: Path) -> str:
    """The gradebook's URL: ``COURSE_DB_URL``, or nbgrader's SQLite file in ``root``."""
    return configured() or f"sqlite:///{Path(root).resolve() / 'gradebook.db'}"


def is_shared(root: Path) -> bool:
    """Whether the gradebook is a database server (safe for several machines), not a file."""
    return not url(root).startswith("sqlite")


def describe(db_url: str) -> str:
    """The server and database a URL names, without its password, for messages."""
    from sqlalchemy.engine import make_url

    parsed = make_url(db_url)
    kind = {"postgresql": "PostgreSQL", "mysql": "MySQL"}.get(parsed.get_backend_name(), "")
    host = parsed.host or parsed.query.get("host") or "localhost"
    where = f"{host}:{parsed.port}" if parsed.port else str(host)
    return f"{kind} server at {where} (database {parsed.database}, user {parsed.username})".strip()


def _why(message: str) -> str:
    """What to check, in words, from a driver's connection error."""
    text = message.lower()
    if "password" in text or "authentication" in text:
        return "refused the user name or password; check them in COURSE_DB_URL"
    if "does not exist" in text and "database" in text:
        return "has no such database; create it (createdb) or fix its name in COURSE_DB_URL"
    if "translate host name" in text or "name or service not known" in text:
        return "could not be found; check the host name in COURSE_DB_URL"
    return (
        "is not answering; check that it is running and that COURSE_DB_URL names the "
        "right host and port"
    )


def check(root: Path) -> None:
    """Raise a one-sentence :class:`CourseError` unless the gradebook can be reached."""
    db_url = url(root)
    if db_url.startswith("sqlite"):
        return
    from sqlalchemy import create_engine, text
    from sqlalchemy.exc import ArgumentError, NoSuchModuleError, SQLAlchemyError

    try:
        where = describe(db_url)
        args = {"connect_timeout": CONNECT_SECONDS} if db_url.startswith("postgresql") else {}
        engine = create_engine(db_url, connect_args=args)
    except (ArgumentError, NoSuchModuleError, ValueError) as exc:
        raise CourseError(
            f"{ENV} is not a database URL the gradebook can use ({exc}); write it as "
            "postgresql+psycopg://user:password@host:5432/gradebook."
        ) from exc
    except ImportError as exc:
        raise CourseError(
            f"The gradebook in {ENV} needs a database driver that is not installed ({exc}); "
            "install the course with its scale extra: pip install 'system-leadership-lab[scale]'."
        ) from exc
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except SQLAlchemyError as exc:
        reason = str(getattr(exc, "orig", None) or exc)
        raise CourseError(f"The gradebook's {where} {_why(reason)}.") from exc
    finally:
        engine.dispose()


@contextmanager
def alembic_on_path() -> Iterator[None]:
    """nbgrader makes a new gradebook by running ``alembic`` by name: find it beside Python."""
    before = os.environ.get("PATH", "")
    os.environ["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), before])
    try:
        yield
    finally:
        os.environ["PATH"] = before


@contextmanager
def open_gradebook(root: Path) -> Iterator[Gradebook]:
    """nbgrader's :class:`Gradebook` for the course in ``root``, checked first."""
    from nbgrader.api import Gradebook

    check(root)
    with Gradebook(url(root)) as gb:
        yield gb


def share_engines() -> None:
    """Make nbgrader, in this grading process, open the gradebook on one engine per URL.

    nbgrader opens the gradebook about nine times for each learner it grades (the converter
    and each of its preprocessors), and each time builds a new SQLAlchemy engine, lists the
    tables, checks every one exists and, on closing, drops the engine with its pooled
    connections and its cache of compiled SQL. A worker grading hundreds of learners pays
    that for every learner, and on PostgreSQL every open is a new login. Here the first open
    of a URL in the process does all of it; later ones reuse its engine. Everything nbgrader
    then reads and writes is unchanged. Used by grading workers only (``worker.make_api``).
    """
    import nbgrader.api

    stock = nbgrader.api.Gradebook
    shared = _shared_class(stock)
    for name, module in list(sys.modules.items()):
        if name.startswith("nbgrader.") and getattr(module, "Gradebook", None) is stock:
            module.Gradebook = shared


_ENGINES: dict[str, Any] = {}  # by database URL, in this process
_SHARED: dict[type, type] = {}


def _shared_class(base: type) -> type:
    """nbgrader's ``Gradebook`` class made to keep one engine per URL (see share_engines)."""
    if getattr(base, "_course_shared", False):
        return base
    if base in _SHARED:
        return _SHARED[base]
    from sqlalchemy.orm import scoped_session, sessionmaker

    class SharedGradebook(base):  # type: ignore[misc, valid-type]
        _course_shared = True

        def __init__(
            self, db_url: str, course_id: str = "default_course", authenticator: Any = None
        ) -> None:
            engine = _ENGINES.get(db_url)
            if engine is None:
                super().__init__(db_url, course_id, authenticator)  # makes any missing tables
                _ENGINES[db_url] = self.engine
                return
            self.engine = engine
            self.db = scoped_session(sessionmaker(autoflush=True, bind=engine, future=True))
            self.check_course(course_id=course_id)
            self.course_id = course_id
            self.authenticator = authenticator

        def close(self) -> None:
            self.db.remove()  # its connection goes back to the shared engine's pool

    SharedGradebook.__name__ = SharedGradebook.__qualname__ = "Gradebook"
    _SHARED[base] = SharedGradebook
    return SharedGradebook

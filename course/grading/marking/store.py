"""The marking store: the course secret, every mark given, the comment banks, where each
marker stopped, and a version per mark.

One tutor keeps it in ``marking.db`` (SQLite) in the course folder. When the gradebook is a
PostgreSQL database (``COURSE_DB_URL``, docs/scale.md) the store is tables beside
nbgrader's in that database (all named ``marking_*``), so every marker on every machine
shares it. The gradebook holds the first marker's score and comment, as formgrader shows
them; the store also keeps the second marker's, who marked what, and when.

Two markers saving the same answer at once: each save names the version it started from,
and a save whose version is no longer current is refused with the mark that won (an
optimistic check), so neither mark is lost and the later marker is told.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from sqlalchemy import (
    Column,
    Float,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    and_,
    create_engine,
    insert,
    select,
    update,
)
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

from ...errors import CourseError
from .. import gradebook

FILE = "marking.db"
FIRST, SECOND = "first", "second"

metadata = MetaData()
settings_table = Table(
    "marking_setting",
    metadata,
    Column("name", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)
marks_table = Table(
    "marking_mark",
    metadata,
    Column("module", String(128), primary_key=True),
    Column("question", String(128), primary_key=True),
    Column("learner", String(128), primary_key=True),
    Column("role", String(16), primary_key=True),
    Column("marker", String(128), nullable=False),
    Column("score", Float, nullable=False),
    Column("rubric", Text, nullable=False),  # JSON list of ticked rubric item numbers
    Column("comment", Text, nullable=False),
    Column("answer", String(64), nullable=False),  # fingerprint of the answer marked
    Column("version", Integer, nullable=False),
    Column("saved_at", String(40), nullable=False),
)
bank_table = Table(
    "marking_comment",
    metadata,
    Column("module", String(128), primary_key=True),
    Column("question", String(128), primary_key=True),
    Column("digest", String(64), primary_key=True),
    Column("text", Text, nullable=False),
    Column("uses", Integer, nullable=False),
)
place_table = Table(
    "marking_place",
    metadata,
    Column("module", String(128), primary_key=True),
    Column("marker", String(128), primary_key=True),
    Column("role", String(16), primary_key=True),
    Column("question", String(128), nullable=False),
)


@dataclass(frozen=True)
class Mark:
    """A saved mark for one answer by one marker role."""

    learner: str
    role: str
    marker: str
    score: float
    rubric: tuple[int, ...]
    comment: str
    answer: str
    version: int
    saved_at: str


class Conflict(CourseError):
    """A save that started from an older version than the one saved since."""

    def __init__(self, current: Mark) -> None:
        self.current = current
        super().__init__(
            f"{current.marker} saved a mark for this answer ({current.score:g}) while you "
            "were marking it, so yours was not saved; theirs stands, and yours is still in "
            "the form: save again to put yours in its place."
        )


def url(root: Path) -> str:
    """The store's database: the PostgreSQL gradebook if one is set, else ``marking.db``."""
    return gradebook.configured() or f"sqlite:///{Path(root).resolve() / FILE}"


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _mark(row: object) -> Mark:
    m = row._mapping  # type: ignore[attr-defined]
    return Mark(
        learner=m["learner"],
        role=m["role"],
        marker=m["marker"],
        score=float(m["score"]),
        rubric=tuple(json.loads(m["rubric"])),
        comment=m["comment"],
        answer=m["answer"],
        version=int(m["version"]),
        saved_at=m["saved_at"],
    )


class Store:
    """The marking tables in one database; safe to share between processes."""

    def __init__(self, db_url: str) -> None:
        args = {"timeout": 30} if db_url.startswith("sqlite") else {}
        self.engine: Engine = create_engine(db_url, connect_args=args)
        metadata.create_all(self.engine)

    @classmethod
    def open(cls, root: Path) -> Store:
        gradebook.check(root)
        return cls(url(root))

    def close(self) -> None:
        self.engine.dispose()

    def secret(self) -> str:
        """The course's marking secret (made on first use), which keys orders and pseudonyms."""
        with self.engine.begin() as conn:
            row = conn.execute(
                select(settings_table.c.value).where(settings_table.c.name == "secret")
            ).first()
            if row:
                return str(row[0])
        try:
            with self.engine.begin() as conn:
                conn.execute(
                    insert(settings_table).values(name="secret", value=secrets.token_hex(16))
                )
        except IntegrityError:
            pass  # another marker made it first: theirs is the one
        return self.secret()

    def marks(
        self, module: str, question: str, role: str | None = None
    ) -> dict[tuple[str, str], Mark]:
        """(learner, role) -> mark, for every answer to ``question`` marked so far."""
        t = marks_table
        query = select(t).where(and_(t.c.module == module, t.c.question == question))
        if role:
            query = query.where(t.c.role == role)
        with self.engine.connect() as conn:
            return {(r.learner, r.role): _mark(r) for r in conn.execute(query)}

    def mark(self, module: str, question: str, learner: str, role: str) -> Mark | None:
        return self.marks(module, question, role).get((learner, role))

    def save(
        self,
        module: str,
        question: str,
        learner: str,
        role: str,
        *,
        marker: str,
        score: float,
        rubric: list[int],
        comment: str,
        answer: str,
        version: int,
        then: Callable[[], None] | None = None,
    ) -> Mark:
        """Save a mark made from ``version`` (0: none yet); raise :class:`Conflict` if stale.

        ``then`` (writing the gradebook) runs inside the same transaction: if it fails,
        the store is left as it was.
        """
        t = marks_table
        values = {
            "marker": marker,
            "score": float(score),
            "rubric": json.dumps(sorted(set(rubric))),
            "comment": comment,
            "answer": answer,
            "version": version + 1,
            "saved_at": _now(),
        }
        key = and_(
            t.c.module == module, t.c.question == question, t.c.learner == learner, t.c.role == role
        )
        try:
            with self.engine.begin() as conn:
                if version == 0:
                    conn.execute(
                        insert(t).values(
                            module=module, question=question, learner=learner, role=role, **values
                        )
                    )
                else:
                    done = conn.execute(
                        update(t).where(and_(key, t.c.version == version)).values(**values)
                    )
                    if done.rowcount != 1:
                        raise _Stale()
                if then is not None:
                    then()
        except (IntegrityError, _Stale) as exc:
            current = self.mark(module, question, learner, role)
            if current is None:  # the row vanished: nothing to lose, so say so plainly
                raise CourseError(
                    "This answer's mark changed while saving; reload the page."
                ) from exc
            raise Conflict(current) from exc
        saved = self.mark(module, question, learner, role)
        assert saved is not None
        return saved

    def bank(self, module: str, question: str) -> list[str]:
        """The comments saved for ``question``, the most used first."""
        t = bank_table
        query = (
            select(t.c.text)
            .where(and_(t.c.module == module, t.c.question == question))
            .order_by(t.c.uses.desc(), t.c.text)
        )
        with self.engine.connect() as conn:
            return [str(r[0]) for r in conn.execute(query)]

    def remember(self, module: str, question: str, comment: str) -> None:
        """Add ``comment`` to the question's bank, or count one more use of it."""
        import hashlib

        text = comment.strip()
        if not text:
            return
        t = bank_table
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
        key = and_(t.c.module == module, t.c.question == question, t.c.digest == digest)
        for _ in range(2):
            try:
                with self.engine.begin() as conn:
                    done = conn.execute(update(t).where(key).values(uses=t.c.uses + 1))
                    if done.rowcount == 0:
                        conn.execute(
                            insert(t).values(
                                module=module, question=question, digest=digest, text=text, uses=1
                            )
                        )
                return
            except IntegrityError:
                continue  # another marker added it at the same moment: count this use

    def place(self, module: str, marker: str, role: str) -> str | None:
        """The question this marker last worked on in ``module``."""
        t = place_table
        query = select(t.c.question).where(
            and_(t.c.module == module, t.c.marker == marker, t.c.role == role)
        )
        with self.engine.connect() as conn:
            row = conn.execute(query).first()
        return str(row[0]) if row else None

    def set_place(self, module: str, marker: str, role: str, question: str) -> None:
        t = place_table
        key = and_(t.c.module == module, t.c.marker == marker, t.c.role == role)
        for _ in range(2):
            try:
                with self.engine.begin() as conn:
                    if conn.execute(update(t).where(key).values(question=question)).rowcount == 0:
                        conn.execute(
                            insert(t).values(
                                module=module, marker=marker, role=role, question=question
                            )
                        )
                return
            except IntegrityError:
                continue


class _Stale(Exception):
    """The version a save started from is no longer the current one."""

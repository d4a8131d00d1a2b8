"""The roster: nbgrader's student table, filled from a CSV, and matching downloads to it.

``course roster import learners.csv`` reads a CSV with a header row. Columns (any order,
names case-insensitive): ``id`` (required: the learner id used in ``submitted/`` and
grades.csv), ``first_name``, ``last_name``, ``email`` and ``lms_user_id`` (the learner's id
in your LMS: Canvas user id, Blackboard username, or a Moodle assignment's participant id;
``username`` is read as the same column). A missing or repeated id, or an LMS user id or
email given to two learners, is refused in one sentence with the line number, and nothing
is written. Learners already in the gradebook and not in the CSV are kept.

Matching never invents an id: a download's name for a learner must fit exactly one roster
learner (by id, LMS user id or email, then by full name), or the learner is reported.
Without a roster, only the course's own folders are collected, their names taken as ids.
An import is recorded in ``downloaded/roster.json``: from then on every download is matched
against the gradebook's learners (those imported and those grading added before).
"""

from __future__ import annotations

import csv
import json
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from ...errors import CourseError
from ..gradebook import alembic_on_path
from .entry import LearnerKey

COLUMNS = ("id", "first_name", "last_name", "email", "lms_user_id")
ALIASES = {"username": "lms_user_id"}
RECORD = Path("downloaded") / "roster.json"


@dataclass(frozen=True, order=True)
class Learner:
    """One learner on the roster."""

    id: str
    first_name: str = ""
    last_name: str = ""
    email: str = ""
    lms_user_id: str = ""


def db_url(root: Path) -> str:
    return f"sqlite:///{root / 'gradebook.db'}"


def read_csv(path: Path) -> list[Learner]:
    """The learners of a roster CSV, checked; a bad file is one sentence naming the line."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError as exc:
        raise CourseError(f"{path} does not exist; give the path of the roster CSV.") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise CourseError(f"{path} cannot be read as UTF-8 text ({exc}).") from exc
    rows = list(csv.reader(text.splitlines()))
    if not rows:
        raise CourseError(f"{path} is empty; it needs a header row with at least an id column.")
    header = [ALIASES.get(h.strip().lower(), h.strip().lower()) for h in rows[0]]
    unknown = [h for h in header if h not in COLUMNS]
    if unknown or "id" not in header or len(set(header)) != len(header):
        problem = (
            f"has the unknown column {unknown[0]!r}"
            if unknown
            else "has no id column"
            if "id" not in header
            else "names a column twice"
        )
        raise CourseError(
            f"{path} line 1 {problem}; the columns are {', '.join(COLUMNS)} (only id is needed)."
        )
    learners: list[Learner] = []
    seen: dict[tuple[str, str], int] = {}
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) > len(header):
            raise CourseError(f"{path} line {number} has more cells than the header has columns.")
        values = {h: (row[i].strip() if i < len(row) else "") for i, h in enumerate(header)}
        if not values["id"]:
            raise CourseError(f"{path} line {number} has no id; every learner needs one.")
        if "/" in values["id"] or values["id"] in (".", ".."):
            raise CourseError(
                f"{path} line {number}: the id {values['id']!r} cannot be a folder name."
            )
        for column in ("id", "lms_user_id", "email"):
            value = values.get(column, "")
            if not value:
                continue
            mark = (column, value.casefold() if column == "email" else value)
            if mark in seen:
                raise CourseError(
                    f"{path} line {number} repeats the {column} {value!r} of line {seen[mark]}; "
                    "each learner must appear once."
                )
            seen[mark] = number
        learners.append(Learner(**values))
    if not learners:
        raise CourseError(f"{path} has a header but no learners.")
    return learners


def import_csv(root: Path, path: Path) -> tuple[list[str], list[str]]:
    """Add or update every learner of the CSV in the gradebook; return (new, updated) ids."""
    from nbgrader.api import Gradebook, MissingEntry

    learners = read_csv(path)
    new, updated = [], []
    record = root / RECORD
    imports = json.loads(record.read_text(encoding="utf-8")) if record.is_file() else []
    with alembic_on_path(), Gradebook(db_url(root)) as gb:
        for learner in learners:
            try:
                gb.find_student(learner.id)
                updated.append(learner.id)
            except MissingEntry:
                new.append(learner.id)
        for learner in learners:
            fields = {k: v for k, v in vars(learner).items() if k != "id" and v}
            gb.update_or_create_student(learner.id, **fields)
    imports.append({"csv": str(path), "learners": len(learners), "at": _now()})
    record.parent.mkdir(parents=True, exist_ok=True)
    record.write_text(json.dumps(imports, indent=2), encoding="utf-8")
    return new, updated


def _now() -> str:
    from datetime import datetime, timezone

    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def load(root: Path) -> list[Learner]:
    """The gradebook's learners once a roster has been imported; none before."""
    if not (root / RECORD).is_file() or not (root / "gradebook.db").is_file():
        return []
    from nbgrader.api import Gradebook

    with Gradebook(db_url(root)) as gb:
        return sorted(
            Learner(s.id, s.first_name or "", s.last_name or "", s.email or "", s.lms_user_id or "")
            for s in gb.students
        )


def normal(name: str) -> str:
    """A name for comparison: no accents, no case, letters and digits only."""
    plain = unicodedata.normalize("NFKD", name)
    bare = "".join(c for c in plain if not unicodedata.combining(c))
    return re.sub(r"[\W_]+", "", bare).casefold()


@dataclass(frozen=True)
class Match:
    """Which learner a download's key names, how, or why none."""

    learner: str | None
    how: str = ""  # "id", "LMS user id", "email", "name", "folder name (no roster)"
    problem: str = ""


class Roster:
    """The roster's learners, and the rules that match a download's names to them."""

    def __init__(self, learners: list[Learner]) -> None:
        self.learners = learners

    def __bool__(self) -> bool:
        return bool(self.learners)

    def _tiers(self, key: LearnerKey) -> list[tuple[str, set[str]]]:
        values = set(key.ids)
        folded = {v.casefold() for v in values}
        tiers = [
            ("id", {x.id for x in self.learners if x.id in values}),
            ("LMS user id", {x.id for x in self.learners if x.lms_user_id in values}),
            ("email", {x.id for x in self.learners if x.email and x.email.casefold() in folded}),
            ("id", {x.id for x in self.learners if x.id.casefold() in folded}),
        ]
        names = {normal(n) for n in key.names if normal(n)}
        by_name = {
            x.id
            for x in self.learners
            if names & {normal(x.first_name + x.last_name), normal(x.last_name + x.first_name)}
            and not (key.lms_ids and x.lms_user_id and x.lms_user_id not in values)
        }
        return [*tiers, ("name", by_name)]

    def find(self, key: LearnerKey) -> Match:
        """The one learner ``key`` names, or the reason there is none."""
        if not self.learners:
            if key.folder_id:
                return Match(key.folder_id, "folder name (no roster)")
            return Match(
                None,
                problem="no roster has been imported, so this download's names cannot be "
                "matched to learner ids (run `course roster import <csv>`)",
            )
        for how, found in self._tiers(key):
            if len(found) == 1:
                return Match(found.pop(), how)
            if len(found) > 1:
                return Match(
                    None,
                    problem=f"fits more than one learner on the roster by {how} "
                    f"({', '.join(sorted(found))}); give them distinct LMS user ids",
                )
        return Match(
            None,
            problem="is not on the roster; add them with `course roster import <csv>`",
        )

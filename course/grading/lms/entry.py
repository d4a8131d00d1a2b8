"""What a layout recogniser finds: one learner's submission, who it names and when.

Every recogniser returns :class:`Entry` objects, whatever the LMS, so the rest of the
collector never looks at an LMS's file names again.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timezone

from .zipsafe import Member


@dataclass(frozen=True)
class LearnerKey:
    """How a download names a learner, for the roster to resolve (never used as an id as is,
    except a course folder's name when no roster has been imported)."""

    shown: str  # for messages: what the download calls them
    ids: tuple[str, ...] = ()  # values that may be a roster id, LMS user id or email
    names: tuple[str, ...] = ()  # full names to compare with the roster's names
    folder_id: str | None = None  # a course folder's name: the id when there is no roster
    lms_ids: bool = False  # whether ``ids`` are LMS user ids (Canvas, Moodle, Blackboard)


@dataclass
class Entry:
    """One submission in a download: the layout, the learner, the time and the files."""

    layout: str
    key: LearnerKey
    label: str  # where it is in the zip
    files: list[tuple[tuple[str, ...], Member]]  # path inside the submission, file
    submitted_at: datetime | None = None  # naive UTC, from the download's names
    late: bool = False  # the LMS marked it late
    notes: list[str] = field(default_factory=list)

    def when(self) -> tuple[datetime | None, str]:
        """The submission time and where it came from; the zip's file times if no name has one.

        Only a time from the names is written to ``timestamp.txt`` (for late penalties): the
        zip's file times may be when the zip was made.
        """
        if self.submitted_at:
            return self.submitted_at, "its name"
        times = [m.when for _, m in self.files]
        return (max(times) if times else None), "the zip's file times"


STAMP = (
    r"(?P<date>\d{4}-\d{2}-\d{2})[-_T ](?P<hh>\d{2})[-:](?P<mm>\d{2})[-:](?P<ss>\d{2})"
    r"(?:[.,](?P<frac>\d{1,6})|-(?P<ms>\d{3}))?"
    r"(?P<tz>Z|[+-]\d{2}:?\d{2})?"
)


def parse_stamp(match: re.Match[str]) -> datetime:
    """A naive UTC time from a :data:`STAMP` match (a time without a zone is taken as UTC)."""
    frac = match["frac"] or (match["ms"] and match["ms"]) or ""
    micro = int((frac + "000000")[:6]) if frac else 0
    when = datetime.fromisoformat(
        f"{match['date']}T{match['hh']}:{match['mm']}:{match['ss']}"
    ).replace(microsecond=micro)
    tz = match["tz"]
    if tz:
        offset = "+00:00" if tz == "Z" else (tz if ":" in tz else f"{tz[:3]}:{tz[3:]}")
        aware = datetime.fromisoformat(when.isoformat() + offset)
        when = aware.astimezone(timezone.utc).replace(tzinfo=None)
    return when

"""The course's own layout: one folder (or zip) per learner, ``<id>`` or ``<id>_<time>``.

``ada/``, ``ada_2026-05-11-10-00-00/``, ``ada_2026-05-11T10:00:00+01:00/``,
``ada_2026-05-11-10-00-00-123/`` (milliseconds) and ``Ada Lovelace/`` are all learner
folders; ``ada_2026-05-11-10-00-00.zip`` is the same as a folder. A ``course submit`` zip
(``m01_<name>-2026-05-11-10-00-00.zip``) is a submission, never a learner.
"""

from __future__ import annotations

import re
from datetime import datetime

from .entry import STAMP, Entry, LearnerKey, parse_stamp
from .zipsafe import Member

LAYOUT = "course folders (<learner id> or <learner id>_<time>)"
FOLDER = re.compile(rf"^(?P<id>[^\W_][\w.@' -]*?)(?:_{STAMP})?$")
SUBMIT_ZIP = re.compile(r"^m\d\d[a-z0-9_]*-\d{4}-\d{2}-\d{2}-\d{2}-\d{2}-\d{2}\.zip$")


def parse_student_folder(name: str) -> tuple[str, datetime | None] | None:
    """``(learner id, naive UTC time or None)`` for a learner folder's name, else ``None``."""
    match = FOLDER.match(name)
    if not match or not match["id"].strip():
        return None
    return match["id"].strip(), (parse_stamp(match) if match["date"] else None)


def recognise(items: list[Member]) -> tuple[list[Entry], list[Member]]:
    """Learner folders and learner zips at the top of the download; the rest is left."""
    groups: dict[str, list[Member]] = {}
    rest = []
    for member in items:
        top = member.parts[0]
        is_zip = len(member.parts) == 1 and top.lower().endswith(".zip")
        name = top[:-4] if is_zip else top
        if (len(member.parts) >= 2 or is_zip) and not SUBMIT_ZIP.match(top):
            parsed = parse_student_folder(name)
            if parsed:
                groups.setdefault(top, []).append(member)
                continue
        rest.append(member)
    entries = []
    for top, found in sorted(groups.items()):
        name = top[:-4] if top.lower().endswith(".zip") and len(found[0].parts) == 1 else top
        learner, when = parse_student_folder(name)  # type: ignore[misc]
        files = [(m.parts[1:] if len(m.parts) > 1 else m.parts, m) for m in found]
        key = LearnerKey(shown=name, ids=(learner,), names=(learner,), folder_id=learner)
        entries.append(Entry(LAYOUT, key, top, files, submitted_at=when))
    return entries, rest

"""Who a learner is in the LMS, for grades and feedback going back (docs/grades.md).

Two sources, the first that knows wins: what ``course collect --zip`` recorded for the
module in ``downloaded/<module>/collected.json`` (the download's own name for the learner,
so a Moodle participant id of this very assignment, a Canvas user id and the id of the file
they handed in), then the roster's ``lms_user_id``, first and last name, and email.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from . import archive, canvas, moodle
from .roster import Learner
from .roster import load as load_roster

CANVAS_LABEL = re.compile(r"^(?:(?P<name>[^\W_]\w*?)_)?(?P<uid>\d+|anon_[A-Za-z0-9]+)$")


@dataclass(frozen=True)
class Identity:
    """One learner's names and ids, as far as they are known."""

    learner: str
    full_name: str = ""  # "Ada Lovelace"
    sortable_name: str = ""  # "Lovelace, Ada"
    email: str = ""
    lms_user_id: str = ""  # the roster's
    layout: str = ""  # the layout their work was collected from, if any
    moodle_folder: str = ""  # Moodle's "<full name>_<participant id>_assignsubmission_file"
    moodle_participant: str = ""
    canvas_user: str = ""
    canvas_prefix: str = ""  # "<name>[_LATE]_<user id>_<file id>_" of their handed-in file


def _roster(root: Path) -> dict[str, Learner]:
    return {x.id: x for x in load_roster(root)}


def _canvas_prefix(root: Path, module: str, download: str, uid: str) -> str:
    """The name Canvas gave the learner's notebook in the kept download, up to the file name."""
    path = archive.folder(root, module) / "archive" / download
    try:
        with zipfile.ZipFile(path) as zf:
            names = [n.rsplit("/", 1)[-1] for n in zf.namelist()]
    except (OSError, zipfile.BadZipFile):
        return ""
    found = [m for m in map(canvas.FILE.match, names) if m and m["uid"] == uid]
    found.sort(key=lambda m: (not m["file"].endswith(".ipynb"), m.group(0)))
    return found[0].group(0)[: found[0].start("file")] if found else ""


def identities(root: Path, module: str, learners: list[str]) -> dict[str, Identity]:
    """Each learner's :class:`Identity` for ``module``."""
    roster = _roster(root)
    collected = archive.load(root, module).get("learners", {})
    out = {}
    for learner in learners:
        person = roster.get(learner)
        first, last = (person.first_name, person.last_name) if person else ("", "")
        fields: dict[str, str] = {
            "full_name": " ".join(x for x in (first, last) if x),
            "sortable_name": ", ".join(x for x in (last, first) if x),
            "email": person.email if person else "",
            "lms_user_id": person.lms_user_id if person else "",
        }
        record = collected.get(learner) or {}
        layout = str(record.get("layout", ""))
        label = str(record.get("entry", ""))
        fields["layout"] = layout
        folder = moodle.FOLDER.match(label) if layout.startswith("Moodle") else None
        if folder and folder["name"].strip().lower() != "participant":
            fields["moodle_folder"] = label
            fields["moodle_participant"] = folder["pid"]
            fields["full_name"] = fields["full_name"] or folder["name"]
        elif folder:
            fields["moodle_participant"] = folder["pid"]  # blind marking: no name to give
        found = CANVAS_LABEL.match(label) if layout.startswith("Canvas") else None
        if found:
            fields["canvas_user"] = found["uid"]
            fields["canvas_prefix"] = _canvas_prefix(
                root, module, str(record.get("download", "")), found["uid"]
            )
        out[learner] = Identity(learner, **fields)
    return out


def lms_of(found: dict[str, Identity]) -> str:
    """The LMS all the learners' work came from (moodle, canvas or blackboard), or ``""``."""
    kinds = {i.layout.split(" ", 1)[0].lower() for i in found.values() if i.layout}
    return kinds.pop() if len(kinds) == 1 and kinds <= {"moodle", "canvas", "blackboard"} else ""

"""Moodle's assignment "Download all submissions", with and without "Download submissions
in folders".

What Moodle writes (mod/assign/classes/downloader.php in moodle/moodle, Moodle 4.x; the
setting's help text, ``downloadasfolders_help`` in mod/assign/lang/en/assign.php, says each
submission goes "in a separate folder, with the folder structure kept for any subfolders,
and files are not renamed"):

* in folders: ``<full name>_<participant id>_assignsubmission_file/<the learner's paths>``;
* flat: ``<full name>_<participant id>_assignsubmission_file_<file name>`` (subfolders are
  lost, so reflection files arrive beside the notebook and are put back in ``reflections/``);
* other submission types (online text) are ``..._assignsubmission_onlinetext...``: not
  collected, and said so.

Moodle replaces ``_`` in the full name with a space, so the name holds no ``_``. With blind
marking the name is the word "Participant" in the site's language. The participant id is the
assignment's own number for the learner (``get_uniqueid_for_user``), not their Moodle user
id: the roster matches Moodle learners by full name, or by ``lms_user_id`` if the tutor
filled it with that assignment's participant ids. The names carry no submission time.
"""

from __future__ import annotations

import re

from .entry import Entry, LearnerKey
from .zipsafe import Member

LAYOUT_FOLDERS = 'Moodle "Download all submissions" in folders'
LAYOUT_FLAT = 'Moodle "Download all submissions"'
FOLDER = re.compile(r"^(?P<name>[^_]+)_(?P<pid>\d+)_assignsubmission_(?P<plugin>[a-z]+)$")
FLAT = re.compile(
    r"^(?P<name>[^_]+)_(?P<pid>\d+)_assignsubmission_(?P<plugin>[a-z]+)_(?P<file>.+)$"
)


def claims(name: str) -> bool:
    """Whether a top-level name is one Moodle writes."""
    return bool(FOLDER.match(name) or FLAT.match(name))


def _key(name: str, pid: str) -> LearnerKey:
    blind = name.strip().lower() == "participant"
    return LearnerKey(
        shown=f"{name} (Moodle participant {pid})",
        ids=(pid,),
        names=() if blind else (name.strip(),),
        lms_ids=False,  # a participant id belongs to one assignment: a name still decides
    )


def recognise(items: list[Member]) -> tuple[list[Entry], list[Member], list[str]]:
    """Moodle entries, the members left over, and lines about what is not collected."""
    groups: dict[tuple[str, str, str], list[tuple[tuple[str, ...], Member]]] = {}
    rest, skipped = [], []
    for member in items:
        folder = FOLDER.match(member.parts[0]) if len(member.parts) > 1 else None
        flat = FLAT.match(member.parts[0]) if len(member.parts) == 1 else None
        found = folder or flat
        if not found:
            rest.append(member)
            continue
        if found["plugin"] != "file":
            skipped.append(
                f"{member.path}: Moodle's {found['plugin']} submissions are not part of a "
                "module's hand-in"
            )
            continue
        layout = LAYOUT_FOLDERS if folder else LAYOUT_FLAT
        inner = member.parts[1:] if folder else (found["file"],)
        groups.setdefault((layout, found["name"], found["pid"]), []).append((inner, member))
    entries = [
        Entry(layout, _key(name, pid), f"{name}_{pid}_assignsubmission_file", files)
        for (layout, name, pid), files in sorted(groups.items())
    ]
    return entries, rest, skipped

"""Canvas's "Download Submissions" for an assignment: one flat zip of renamed files.

What Canvas writes (``ContentZipper#get_filename`` and ``#add_upload_submission`` in
lib/content_zipper.rb of instructure/canvas-lms): ``<name>[_LATE]_<user id>_<file id>_<file
name>``, where ``<name>`` is the learner's sortable name ("Lovelace, Ada") lower-cased with
everything but letters, digits and ``_`` removed (``lovelaceada``), ``LATE`` marks a late
submission (older Canvas versions lower-cased the whole prefix, so ``late`` is read too), the
user id is the learner's Canvas user id and the file id is the uploaded file's own id (the
issue calls it the submission id; the code uses the attachment's id). With anonymous grading
the name is left out and the user id is ``anon_<anonymous id>``. The file name is the one the
learner uploaded, with ``\\ / : * ? " < > |`` replaced by ``_``; Canvas renames a second upload
of the same name (``m01-1.ipynb``), which the collector matches by content. Text and URL
entries (``..._text.html``, ``..._link.html``) are not collected. The names carry no time.
"""

from __future__ import annotations

import re

from .entry import Entry, LearnerKey
from .zipsafe import Member

LAYOUT = 'Canvas "Download Submissions"'
FILE = re.compile(
    r"^(?:(?P<name>[^\W_]\w*?)_)?(?:(?P<late>LATE|late)_)?"
    r"(?P<uid>\d+|anon_[A-Za-z0-9]+)_(?P<fid>\d+)_(?P<file>.+)$"
)
ENTRY_PAGE = re.compile(
    r"^(?:[^\W_]\w*?_)?(?:(?:LATE|late)_)?(?:\d+|anon_[A-Za-z0-9]+)_(text|link)\.html$"
)


def claims(name: str) -> bool:
    """Whether a top-level file name is one Canvas writes."""
    return bool(FILE.match(name) or ENTRY_PAGE.match(name))


def recognise(items: list[Member]) -> tuple[list[Entry], list[Member], list[str]]:
    """Canvas entries (one per learner), the members left over, and what is not collected."""
    groups: dict[str, list[tuple[re.Match[str], Member]]] = {}
    rest, skipped = [], []
    for member in items:
        if len(member.parts) == 1 and ENTRY_PAGE.match(member.name):
            skipped.append(f"{member.path}: Canvas text and URL entries are not collected")
            continue
        found = FILE.match(member.name) if len(member.parts) == 1 else None
        if not found:
            rest.append(member)
            continue
        groups.setdefault(found["uid"], []).append((found, member))
    entries = []
    for uid, found in sorted(groups.items()):
        name = found[0][0]["name"] or ""
        anonymous = uid.startswith("anon_")
        key = LearnerKey(
            shown=f"{name + ' ' if name else ''}(Canvas {'anonymous id' if anonymous else 'user'} "
            f"{uid.removeprefix('anon_')})",
            ids=(uid,),
            names=(name,) if name else (),
            lms_ids=True,
        )
        files = [((match["file"],), member) for match, member in found]
        late = any(match["late"] for match, _ in found)
        entries.append(Entry(LAYOUT, key, f"{name}_{uid}" if name else uid, files, late=late))
    return entries, rest, skipped

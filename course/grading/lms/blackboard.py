"""Blackboard Learn's Grade Centre "Assignment File Download" (Original course view).

What Blackboard writes (as its download is described by tutors' tools that read it, for
example the README of kwurst/bb-file-cleanup, and the instructions of vangef's
BBGradebookOrganiser; Blackboard's own help pages describe the steps, not the names):
``<assignment>_<username>_attempt_<YYYY-MM-DD-HH-MM-SS>_<file name>`` for each file of an
attempt, and ``<assignment>_<username>_attempt_<YYYY-MM-DD-HH-MM-SS>.txt``, a receipt with
the learner's name, the submission date, their comments and, for each file, its
``Original filename:`` and the ``Filename:`` it was given in the zip. The collector reads
only those two lines of the receipt (to give renamed files back their names) and never
collects the receipt. "All attempts" gives one set of files per attempt; the latest wins.

Unclear in what is documented: the time zone of the attempt time (taken as UTC) and whether
a username may contain ``_`` (the assignment name may): every split is tried against the
roster, and a username that fits more than one learner is reported, not guessed.
"""

from __future__ import annotations

import re

from .entry import STAMP, Entry, LearnerKey, parse_stamp
from .zipsafe import Member

LAYOUT = 'Blackboard "Assignment File Download"'
FILE = re.compile(
    r"^(?P<head>.+?)_attempt_(?P<stamp>\d{4}-\d{2}-\d{2}-\d{2}-\d{2}-\d{2})"
    r"(?:_(?P<file>.+)|(?P<receipt>\.txt))$"
)
ORIGINAL = re.compile(r"^\s*Original filename:\s*(?P<name>.+?)\s*$", re.M)
RENAMED = re.compile(r"^\s*Filename:\s*(?P<name>.+?)\s*$", re.M)


def claims(name: str) -> bool:
    """Whether a top-level file name is one Blackboard writes."""
    return bool(FILE.match(name))


def usernames(head: str) -> tuple[str, ...]:
    """Every way ``<assignment>_<username>`` splits, the shortest username first."""
    parts = head.split("_")
    return tuple("_".join(parts[i:]) for i in range(len(parts) - 1, 0, -1)) or (head,)


def original_names(receipt: str) -> dict[str, str]:
    """The receipt's ``Filename`` -> ``Original filename`` pairs."""
    originals = [m["name"] for m in ORIGINAL.finditer(receipt)]
    renamed = [m["name"] for m in RENAMED.finditer(receipt)]
    return dict(zip(renamed, originals, strict=False))


def recognise(items: list[Member]) -> tuple[list[Entry], list[Member], list[str]]:
    """One entry per attempt, the members left over, and lines about what is not collected."""
    groups: dict[tuple[str, str], list[tuple[re.Match[str], Member]]] = {}
    rest = []
    for member in items:
        found = FILE.match(member.name) if len(member.parts) == 1 else None
        if found:
            groups.setdefault((found["head"], found["stamp"]), []).append((found, member))
        else:
            rest.append(member)
    entries = []
    for (head, stamp), found in sorted(groups.items()):
        names: dict[str, str] = {}
        for match, member in found:
            if match["receipt"]:
                names.update(original_names(member.read().decode("utf-8", "replace")))
        files = [
            ((names.get(member.name, match["file"]),), member)
            for match, member in found
            if not match["receipt"]
        ]
        candidates = usernames(head)
        key = LearnerKey(
            shown=f"{candidates[0]} (Blackboard username in {head!r})",
            ids=candidates,
            lms_ids=True,
        )
        when = parse_stamp(re.match(STAMP, stamp))  # type: ignore[arg-type]
        entries.append(Entry(LAYOUT, key, f"{head}_attempt_{stamp}", files, submitted_at=when))
    return entries, rest, []

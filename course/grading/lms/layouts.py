"""Find the layout of a download: strip wrapper folders, then ask each recogniser in turn.

The LMS recognisers go first because their names are precise (``_assignsubmission_``,
``_attempt_<time>``, Canvas's ``_<user id>_<file id>_``); the course's own folders, which
accept almost any folder name, go last. What no recogniser claims is reported once.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ...errors import CourseError
from . import blackboard, canvas, folders, moodle
from .entry import Entry
from .zipsafe import Member

KNOWN = (
    f"{moodle.LAYOUT_FLAT} (with or without folders), {canvas.LAYOUT}, {blackboard.LAYOUT}, "
    f"and {folders.LAYOUT} with a `course submit` zip or the notebook inside"
)


@dataclass
class Found:
    """The entries of a download, its layouts, wrapper folders and what fits no layout."""

    entries: list[Entry] = field(default_factory=list)
    layouts: list[str] = field(default_factory=list)
    wrappers: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


def _lms_name(name: str) -> bool:
    return moodle.claims(name) or blackboard.claims(name) or canvas.claims(name)


def is_submission_folder(children: list[tuple[str, ...]]) -> bool:
    """Whether a folder's contents (paths below it) are one submission, not learners' folders."""
    for parts in children:
        first = parts[0]
        if len(parts) == 1 and _lms_name(first):
            continue
        if first == "reflections" or (
            len(parts) == 1
            and (first.endswith(".ipynb") or folders.SUBMIT_ZIP.match(first) is not None)
        ):
            return True
    return False


def strip_wrappers(items: list[Member]) -> tuple[list[Member], list[str]]:
    """Remove folders that wrap the whole download (one or more levels)."""
    wrappers = []
    while items and all(len(m.parts) > 1 for m in items):
        tops = {m.parts[0] for m in items}
        if len(tops) != 1:
            break
        top = tops.pop()
        if moodle.claims(top) or is_submission_folder([m.parts[1:] for m in items]):
            break
        wrappers.append(top)
        items = [Member(m.parts[1:], m.size, m.when, m.read, m.problem) for m in items]
    return items, wrappers


def recognise(items: list[Member], where: str) -> Found:
    """Every submission in a download's members; refuse a download in no known layout."""
    found = Found()
    items, found.wrappers = strip_wrappers(items)
    for recogniser in (moodle.recognise, blackboard.recognise, canvas.recognise):
        entries, items, skipped = recogniser(items)
        found.entries += entries
        found.skipped += skipped
    entries, items = folders.recognise(items)
    found.entries += entries
    for entry in found.entries:
        if entry.layout not in found.layouts:
            found.layouts.append(entry.layout)
    found.skipped += [
        f"{m.path}: it is not in a learner's folder and its name fits none of the layouts"
        for m in items
    ]
    if not found.entries:
        raise CourseError(
            f"{where} is not a download the collector knows (none of its files fits a known "
            f"layout); it reads {KNOWN}: see docs/collect.md."
        )
    return found

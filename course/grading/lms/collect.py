"""``course collect <module> --zip <download>``: one LMS download into ``submitted/``.

The download is checked and its layout recognised before anything is written; then it is
kept in the archive, each learner's name is matched on the roster, the latest submission
of each learner in the zip is built whole and compared with what was collected before:
new or later work replaces it (the earlier stays in the archive and is reported), earlier
work does not, and the same work again changes nothing. The report lists what this zip held.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from ...errors import CourseError
from ...paths import resolve_module
from ...reflections import carried
from ...reflections.store import FOLDER
from . import archive, layouts, remark, submission, zipsafe
from .entry import Entry
from .roster import Roster
from .roster import load as load_roster


@dataclass
class CollectReport:
    """What one download held and what became of it, learner by learner."""

    download: str = ""
    kept_as: str = ""
    seen_before: bool = False
    layouts: list[str] = field(default_factory=list)
    wrappers: list[str] = field(default_factory=list)
    collected: list[str] = field(default_factory=list)  # new or updated from this zip
    unchanged: list[str] = field(default_factory=list)
    kept_newer: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    earlier: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    renamed: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    remark: list[str] = field(default_factory=list)
    carried: dict[str, int] = field(default_factory=dict)

    def lines(self) -> list[str]:
        again = " (the same bytes as a download collected before)" if self.seen_before else ""
        held = len(self.collected) + len(self.unchanged) + len(self.kept_newer)
        out = [
            f"{self.download}: {' and '.join(self.layouts)}; kept as {self.kept_as}{again}.",
            f"Collected {len(self.collected)} new or updated submission(s)"
            + (f": {', '.join(self.collected)}" if self.collected else "")
            + f" ({held} learner(s) matched in this download).",
        ]
        out += [f"  inside the wrapper folder {w}" for w in self.wrappers]
        if self.unchanged:
            out.append(f"  already up to date: {', '.join(self.unchanged)}")
        out += [f"  kept the later submission already collected: {x}" for x in self.kept_newer]
        out += [f"  replaced: {line}" for line in self.replaced]
        out += [f"  earlier submission in this download, not collected: {x}" for x in self.earlier]
        out += [f"  unknown learner, not collected: {line}" for line in self.unknown]
        out += [f"  refused: {line}" for line in self.refused]
        out += [f"  renamed: {line}" for line in self.renamed]
        out += [f"  note: {line}" for line in self.notes]
        out += [f"  not collected: {line}" for line in self.skipped]
        out += [
            f"  {learner}: no reflections folder was handed in; the notebook carries {n} "
            "reflection(s), which autograde uses"
            for learner, n in sorted(self.carried.items())
        ]
        out += [f"  to mark again: {line}" for line in self.remark]
        return out


def _stamp(when: datetime | None) -> str:
    return when.strftime("%Y-%m-%d %H:%M:%S") if when else "no time"


def _same_files(one: Entry, other: Entry) -> bool:
    def files(entry: Entry) -> set[tuple[tuple[str, ...], bytes]]:
        return {(parts, member.read()) for parts, member in entry.files if not member.problem}

    return files(one) == files(other)


def _latest(entries: list[Entry]) -> tuple[Entry | None, list[Entry]]:
    """The latest entry and the earlier ones; ``None`` when the latest two tie and differ."""
    order = sorted(entries, key=lambda e: (e.when()[0] or datetime.min, e.label))
    if (
        len(order) > 1
        and order[-1].when()[0] == order[-2].when()[0]
        and not _same_files(order[-1], order[-2])
    ):
        return None, order
    return order[-1], order[:-1]


def _carried(files: dict[str, bytes], notebook: str) -> int | None:
    if any(p.startswith(f"{FOLDER}/") for p in files) or notebook not in files:
        return None
    try:
        return len(carried.in_notebook(json.loads(files[notebook].decode("utf-8"))))
    except (UnicodeDecodeError, ValueError):
        return None


def collect(root: Path, module: str, zip_path: Path) -> CollectReport:
    """Collect one LMS bulk download of ``module``; see the module docstring."""
    module = resolve_module(root, module)
    zip_path = zip_path.resolve()
    with zipsafe.open_download(zip_path) as download:
        found = layouts.recognise(zipsafe.members(download, zip_path.name), str(zip_path))
        roster = Roster(load_roster(root))
        kept, again = archive.keep(root, module, zip_path)
        report = CollectReport(
            download=zip_path.name,
            kept_as=str(kept.relative_to(root)),
            seen_before=again,
            layouts=found.layouts,
            wrappers=found.wrappers,
            skipped=list(found.skipped),
        )
        if not roster:
            report.notes.append(
                "no roster has been imported: course folder names are taken as learner ids "
                "(`course roster import <csv>` to match names and LMS ids)"
            )
        by_learner: dict[str, list[Entry]] = {}
        for entry in found.entries:
            match = roster.find(entry.key)
            if match.learner is None:
                report.unknown.append(f"{entry.label} ({entry.key.shown}): {match.problem}")
                continue
            if match.how == "name":
                report.notes.append(f"{entry.label} was matched to {match.learner} by name")
            by_learner.setdefault(match.learner, []).append(entry)
        state = archive.load(root, module)
        for learner, entries in sorted(by_learner.items()):
            _one(root, module, learner, entries, kept.name, state, report)
    state["downloads"].append(
        {"name": kept.name, "given": str(zip_path), "collected_at": _stamp(datetime.now())}
    )
    archive.save(root, module, state)
    return report


def _one(
    root: Path,
    module: str,
    learner: str,
    entries: list[Entry],
    download: str,
    state: dict[str, Any],
    report: CollectReport,
) -> None:
    """Collect one learner's latest submission in the download, if it is new and later."""
    latest, earlier = _latest(entries)
    if latest is None:
        labels = ", ".join(e.label for e in earlier)
        report.refused.append(
            f"{learner}: this download holds different submissions with the same time "
            f"({labels}), so which is the latest cannot be told; none is collected, check "
            "them by hand"
        )
        return
    when, source = latest.when()
    for entry in earlier:
        report.earlier.append(
            f"{learner}: {entry.label} ({_stamp(entry.when()[0])}, from {entry.when()[1]}); "
            f"the later {latest.label} ({_stamp(when)}) is collected"
        )
    try:
        built = submission.build(latest, root, module)
    except CourseError as exc:
        report.refused.append(f"{learner} ({latest.label}): not collected, because {exc}")
        return
    report.skipped += [f"{learner}: {line}" for line in built.skipped]
    report.renamed += [f"{learner}: {line}" for line in built.renamed]
    if latest.late:
        report.notes.append(f"{learner}: the LMS marks this submission late")
    if not any(p.endswith(".ipynb") for p in built.files):
        report.notes.append(f"{learner}: {latest.label} holds no notebook")
    digest = built.digest()
    current = archive.on_disk(root, module, learner)
    record = state["learners"].get(learner)
    if current == digest:
        report.unchanged.append(learner)
        return
    before = (
        datetime.fromisoformat(record["submitted_at"])
        if record and record.get("submitted_at")
        else archive.disk_time(root, module, learner)
    )
    if current is not None and before and when and when < before:
        report.kept_newer.append(
            f"{learner} (this download: {_stamp(when)}; collected: {_stamp(before)}"
            + (f" from {record['download']}" if record else "")
            + ")"
        )
        return
    base = root / "submitted" / learner / module
    old_files = remark.read_folder(base) if current is not None else {}
    moved = archive.install(root, module, learner, built.files, built.timestamp)
    report.collected.append(learner)
    if current is not None:
        report.replaced.append(
            f"{learner}: {latest.label} ({_stamp(when)}) replaces the submission collected "
            + (f"from {record['download']} ({_stamp(before)})" if record else "before")
            + f"; that one is kept in {moved.relative_to(root) if moved else 'the archive'}"
        )
        differences = remark.changed(
            {k: v for k, v in old_files.items() if k != "timestamp.txt"},
            built.files,
            f"{module}.ipynb",
        )
        report.remark += remark.flag(root, module, learner, differences)
    count = _carried(built.files, f"{module}.ipynb")
    if count is not None:
        report.carried[learner] = count
    state["learners"][learner] = {
        "download": download,
        "entry": latest.label,
        "layout": latest.layout,
        "submitted_at": when.isoformat() if when else None,
        "time_from": source,
        "files": digest,
    }

"""Build one learner's submission folder from an entry, in nbgrader's layout.

``<module>.ipynb`` at the top, reflections in ``reflections/<key>.json``, the module's CSV
files where they were, and ``timestamp.txt`` when the download's names give a time. A
``course submit`` zip inside the upload is unpacked; one folder around everything is
removed; a renamed notebook is matched by content and given the module's name. Anything
unsafe refuses the whole submission (never part of one), naming the file.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from ...errors import CourseError
from ...reflections.store import FOLDER, KEY_PATTERN
from . import notebooks, zipsafe
from .entry import Entry
from .zipsafe import Member

KEPT = {".ipynb", ".json", ".csv"}


@dataclass
class Built:
    """A learner's files (path -> bytes) and what the tutor should be told about them."""

    files: dict[str, bytes] = field(default_factory=dict)
    timestamp: str | None = None
    renamed: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)

    def digest(self) -> dict[str, str]:
        return {p: hashlib.sha256(b).hexdigest() for p, b in sorted(self.files.items())}


def _expand(entry: Entry) -> list[tuple[tuple[str, ...], Member]]:
    """The entry's files with zips inside it unpacked (one level), every file checked."""
    found: list[tuple[tuple[str, ...], Member]] = []
    for parts, member in entry.files:
        if member.problem:
            raise CourseError(f"{'/'.join(parts)} {member.problem}")
        if parts[-1].lower().endswith(".zip"):
            inner = zipsafe.nested(member, "/".join(parts))
            bad = next((m for m in inner if m.problem), None)
            if bad:
                raise CourseError(f"{'/'.join(parts)}: {bad.path} {bad.problem}")
            inner_parts = [m.parts for m in inner]
            strip = _common_folder(inner_parts)
            found += [(parts[:-1] + m.parts[strip:], m) for m in inner]
        else:
            found.append((parts, member))
    strip = _common_folder([p for p, _ in found])
    return [(p[strip:], m) for p, m in found]


def _common_folder(paths: list[tuple[str, ...]]) -> int:
    """1 if every path is inside the same folder (not ``reflections``), else 0."""
    tops = {p[0] for p in paths}
    if len(tops) == 1 and all(len(p) > 1 for p in paths) and tops != {FOLDER}:
        return 1
    return 0


def _target(parts: tuple[str, ...], prefix: str) -> tuple[str | None, str]:
    """Where a file goes in the submission, or ``None`` and why it is not collected."""
    name = parts[-1]
    suffix = Path(name).suffix.lower()
    if suffix not in KEPT:
        return None, "files of this type are not collected"
    if suffix == ".ipynb":
        return name, ""
    if suffix == ".json":
        stem = name[: -len(".json")]
        if KEY_PATTERN.match(stem.split(".unreadable-")[0]) and stem.startswith(prefix):
            return f"{FOLDER}/{name}", ""
        return None, "it is not a reflection file of this module"
    return "/".join(parts), ""


def build(entry: Entry, root: Path, module: str) -> Built:
    """The learner's submission for ``module``; a ``CourseError`` says why it is refused."""
    built = Built()
    prefix = module.split("_", 1)[0] + "_"
    chosen: dict[str, Member] = {}
    for parts, member in _expand(entry):
        target, why = _target(parts, prefix)
        if target is None:
            built.skipped.append(f"{'/'.join(parts)}: {why}")
            continue
        if target in chosen and chosen[target].when >= member.when:
            built.skipped.append(f"{'/'.join(parts)}: a second {target}; the newer one is kept")
            continue
        if target in chosen:
            built.skipped.append(f"{chosen[target].path}: a second {target}; the newer is kept")
        chosen[target] = member
    data = {target: member.read() for target, member in chosen.items()}
    _name_notebooks(data, built, root, module)
    built.files.update(data)
    when, source = entry.when()
    if when and source == "its name":
        built.timestamp = when.strftime("%Y-%m-%d %H:%M:%S")
    return built


def _name_notebooks(data: dict[str, bytes], built: Built, root: Path, module: str) -> None:
    """Give a renamed notebook its module's name, matched by content; report the others."""
    expected = {p.name for p in (root / "release" / module).glob("*.ipynb")}
    prints = notebooks.release_prints(root)
    for name in sorted(n for n in data if n.endswith(".ipynb") and n not in expected):
        found = notebooks.identify(data[name], prints)
        if not found:
            continue
        release, share = found
        owner, real = release.split("/", 1)
        if owner != module:
            built.renamed.append(f"{name} looks like {owner}'s notebook, not {module}'s")
            continue
        if real in data:
            built.skipped.append(f"{name}: a second copy of {real}; the one named {real} is used")
            del data[name]
            continue
        data[real] = data.pop(name)
        built.renamed.append(
            f"{name} -> {real} (it carries {share:.0%} of the module's nbgrader cell ids "
            "and unchanged locked cells)"
        )

"""Read a zip without trusting it: no absolute paths, no ``..``, no links, bounded sizes.

An LMS download holds files learners chose, so every entry is checked before anything is
written: a path that leaves the folder, a symbolic link, an encrypted entry or one that
would unpack to more than the limits below is marked with the reason, and the collector
refuses the learner it belongs to (naming the file) instead of writing it. Sizes are
enforced while reading, not taken from the zip's headers, which a crafted zip can fake.
"""

from __future__ import annotations

import io
import stat
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from ...errors import CourseError

MiB = 1024 * 1024
MAX_ENTRIES = 20_000  # entries in one download
MAX_FILE = 100 * MiB  # one unpacked file
MAX_TOTAL = 2048 * MiB  # everything a download unpacks to
MAX_NESTED_TOTAL = 200 * MiB  # everything one zip inside it unpacks to
MAX_RATIO = 200  # unpacked size over packed size, for files over 1 MiB

# What operating systems and editors add to a zip; never anyone's work, never reported.
SYSTEM_NAMES = {".DS_Store", "Thumbs.db", "desktop.ini", ".ipynb_checkpoints", "__MACOSX"}


@dataclass(frozen=True)
class Member:
    """One file in a zip: its path parts, size, time, how to read it, and any problem."""

    parts: tuple[str, ...]
    size: int
    when: datetime  # the time the zip gives the file (no time zone; taken as UTC)
    read: Callable[[], bytes]
    problem: str | None = None  # why it must not be unpacked

    @property
    def name(self) -> str:
        return self.parts[-1]

    @property
    def path(self) -> str:
        return "/".join(self.parts)


def is_system_file(parts: tuple[str, ...]) -> bool:
    """Whether a path is operating-system litter (``__MACOSX``, ``.DS_Store``, ``._x``)."""
    return any(p in SYSTEM_NAMES or p.startswith("._") for p in parts)


def _name(info: zipfile.ZipInfo) -> str:
    """The entry's name; a UTF-8 name the zip did not flag as UTF-8 is decoded as UTF-8."""
    name = info.filename
    if not info.flag_bits & 0x800:
        try:
            name = name.encode("cp437").decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            pass
    return name.replace("\\", "/")


def _problem(info: zipfile.ZipInfo, raw: str) -> str | None:
    mode = info.external_attr >> 16
    if raw.startswith("/") or (len(raw) > 1 and raw[1] == ":"):
        return "has an absolute path"
    if ".." in raw.split("/"):
        return "has a path that leads out of its folder ('..')"
    if stat.S_ISLNK(mode):
        return "is a symbolic link"
    if info.flag_bits & 0x1:
        return "is encrypted"
    if info.file_size > MAX_FILE:
        return f"would unpack to {info.file_size // MiB} MiB, over the {MAX_FILE // MiB} MiB limit"
    if info.file_size > MiB and info.file_size > MAX_RATIO * max(info.compress_size, 1):
        return "is compressed over 200 times, like a zip bomb"
    return None


def _reader(archive: zipfile.ZipFile, info: zipfile.ZipInfo, label: str) -> Callable[[], bytes]:
    def read() -> bytes:
        with archive.open(info) as handle:
            data = handle.read(MAX_FILE + 1)
        if len(data) > MAX_FILE:
            raise CourseError(f"{label} unpacks to more than {MAX_FILE // MiB} MiB.")
        return data

    return read


def check_sizes(archive: zipfile.ZipFile, label: str, limit: int) -> None:
    """Refuse a zip with too many entries or too much to unpack, before reading any."""
    infos = archive.infolist()
    if len(infos) > MAX_ENTRIES:
        raise CourseError(f"{label} holds {len(infos)} entries, over the {MAX_ENTRIES} limit.")
    declared = sum(i.file_size for i in infos)
    if declared > limit:
        raise CourseError(
            f"{label} would unpack to {declared // MiB} MiB, over the {limit // MiB} MiB limit."
        )


def members(archive: zipfile.ZipFile, label: str, limit: int = MAX_TOTAL) -> list[Member]:
    """Every file entry of ``archive`` (not folders, not system litter), each checked."""
    check_sizes(archive, label, limit)
    found = []
    for info in archive.infolist():
        raw = _name(info)
        parts = tuple(p for p in raw.split("/") if p not in ("", "."))
        if info.is_dir() or not parts or is_system_file(parts):
            continue
        problem = _problem(info, raw)
        when = datetime(*info.date_time)
        found.append(
            Member(parts, info.file_size, when, _reader(archive, info, f"{label}: {raw}"), problem)
        )
    return found


def nested(member: Member, label: str) -> list[Member]:
    """The files of a zip inside a zip (a ``course submit`` zip in a learner's upload)."""
    try:
        inner = zipfile.ZipFile(io.BytesIO(member.read()))
        found = members(inner, label, limit=MAX_NESTED_TOTAL)
        bad = inner.testzip()
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        raise CourseError(f"{label} is not a readable zip ({exc}).") from exc
    if bad:
        raise CourseError(f"{label} is damaged (the file {bad} inside it is corrupt).")
    return found


def open_download(path: Path) -> zipfile.ZipFile:
    """Open the tutor's download, refusing in one sentence what is not a whole zip."""
    if not path.is_file():
        raise CourseError(f"{path} does not exist; give the path of the LMS download.")
    if not zipfile.is_zipfile(path):
        raise CourseError(
            f"{path} is not a zip file, or it was cut short while downloading; "
            "download the submissions again as a single zip."
        )
    try:
        archive = zipfile.ZipFile(path)
        check_sizes(archive, str(path), MAX_TOTAL)
        bad = archive.testzip()
    except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError) as exc:
        raise CourseError(f"{path} is damaged ({exc}); download it again.") from exc
    if bad:
        archive.close()
        raise CourseError(
            f"{path} is damaged (the file {bad} inside it is corrupt); download it again."
        )
    return archive

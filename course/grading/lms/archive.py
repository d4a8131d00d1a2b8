"""Keep every download, remember what was collected from which, and install submissions.

Downloads are copied to ``downloaded/<module>/archive/`` and never overwritten: a second
download with the same name and other bytes is kept as ``<name>-2.zip``, and the same bytes
again are recognised as the download already kept. ``downloaded/<module>/collected.json``
records, per learner, the download, the submission time and its source, and the hash of
every file, so a later download is compared with what was collected. A learner's folder in
``submitted/`` is replaced whole (never merged) by building the new one beside it first;
the folder it replaces is kept in ``downloaded/<module>/replaced/<learner>-<n>/``.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from datetime import datetime
from pathlib import Path
from typing import Any

STATE = "collected.json"


def folder(root: Path, module: str) -> Path:
    return root / "downloaded" / module


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def keep(root: Path, module: str, download: Path) -> tuple[Path, bool]:
    """Copy ``download`` into the archive; return where, and whether it was already there."""
    archive = folder(root, module) / "archive"
    archive.mkdir(parents=True, exist_ok=True)
    wanted = _sha256(download)
    for kept in sorted(archive.glob("*.zip")):
        if kept.stat().st_size == download.stat().st_size and _sha256(kept) == wanted:
            return kept, True
    target, n = archive / download.name, 1
    while target.exists():
        n += 1
        target = archive / f"{download.stem}-{n}{download.suffix}"
    partial = target.with_name(target.name + ".part")
    shutil.copy2(download, partial)
    partial.replace(target)
    return target, False


def load(root: Path, module: str) -> dict[str, Any]:
    path = folder(root, module) / STATE
    if path.is_file():
        return json.loads(path.read_text(encoding="utf-8"))
    return {"learners": {}, "downloads": []}


def save(root: Path, module: str, state: dict[str, Any]) -> None:
    path = folder(root, module) / STATE
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".part")
    partial.write_text(json.dumps(state, indent=2, ensure_ascii=False), encoding="utf-8")
    partial.replace(path)


def on_disk(root: Path, module: str, learner: str) -> dict[str, str] | None:
    """Path -> sha256 of what ``submitted/`` holds for a learner (without ``timestamp.txt``)."""
    base = root / "submitted" / learner / module
    if not base.is_dir():
        return None
    return {
        str(p.relative_to(base)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(base.rglob("*"))
        if p.is_file() and not p.is_symlink() and p.name != "timestamp.txt"
    }


def disk_time(root: Path, module: str, learner: str) -> datetime | None:
    """The time in a learner's ``timestamp.txt``, as nbgrader reads it (naive UTC)."""
    from nbgrader.utils import parse_utc

    stamp = root / "submitted" / learner / module / "timestamp.txt"
    try:
        return parse_utc(stamp.read_text(encoding="utf-8").strip())
    except (OSError, ValueError, OverflowError):
        return None


def install(
    root: Path, module: str, learner: str, files: dict[str, bytes], timestamp: str | None
) -> Path | None:
    """Replace ``submitted/<learner>/<module>/`` with exactly ``files``; return where the
    folder it replaced was moved (``downloaded/<module>/replaced/<learner>-<n>``)."""
    dest = root / "submitted" / learner / module
    dest.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{module}.", dir=dest.parent))
    try:
        for rel, data in files.items():
            path = staging / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        if timestamp:
            (staging / "timestamp.txt").write_text(timestamp + "\n", encoding="utf-8")
        old = None
        if dest.exists():
            old = dest.with_name(f".{module}.replaced-{os.getpid()}")
            dest.rename(old)
        staging.rename(dest)
        if old is None:
            return None
        replaced = folder(root, module) / "replaced"
        replaced.mkdir(parents=True, exist_ok=True)
        n = 1
        while (replaced / f"{learner}-{n}").exists():
            n += 1
        shutil.move(str(old), replaced / f"{learner}-{n}")
        return replaced / f"{learner}-{n}"
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)

"""nbgrader collector for an LMS bulk download: one folder per learner.

Inside the zip each learner has a folder named ``<student_id>`` or
``<student_id>_<YYYY-MM-DD-HH-MM-SS>`` holding the notebook and its
``reflections/`` folder. A single wrapper folder around them all is allowed.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from nbgrader.plugins.zipcollect import FileNameCollectorPlugin

STUDENT_FOLDER = re.compile(
    r"^(?P<student_id>[^\W_][\w.@-]*?)"
    r"(?:_(?P<date>\d{4}-\d{2}-\d{2})[-_T ](?P<hh>\d{2})[-:](?P<mm>\d{2})[-:](?P<ss>\d{2}))?$"
)


def parse_student_folder(name: str) -> tuple[str, str | None] | None:
    """Return ``(student_id, 'YYYY-MM-DD HH:MM:SS' or None)`` for a learner's folder name."""
    match = STUDENT_FOLDER.match(name)
    if not match:
        return None
    stamp = None
    if match["date"]:
        stamp = f"{match['date']} {match['hh']}:{match['mm']}:{match['ss']}"
    return match["student_id"], stamp


def relative_parts(submitted_file: str, extracted: str = "extracted") -> list[str] | None:
    """The path parts below the ``extracted`` folder, without a single wrapper folder."""
    parts = Path(submitted_file).parts
    if extracted not in parts:
        return None
    cut = len(parts) - 1 - parts[::-1].index(extracted)
    base = Path(*parts[: cut + 1])
    rel = list(parts[cut + 1 :])
    entries = [e for e in os.listdir(base) if not e.startswith(".")] if base.is_dir() else []
    if len(rel) >= 2 and len(entries) == 1 and (base / rel[0]).is_dir():
        rel = rel[1:]  # one wrapper folder around every learner's folder
    return rel


class LmsCollector(FileNameCollectorPlugin):
    """Match ``<student folder>/<file>`` and keep the file's path inside the folder."""

    def collect(self, submitted_file: str) -> dict[str, str] | None:
        if os.path.splitext(submitted_file)[1] not in self.valid_ext:
            self.log.warning("Skipped %s: files of this type are not collected.", submitted_file)
            return None
        rel = relative_parts(submitted_file)
        if not rel or len(rel) < 2:
            self.log.warning("Skipped %s: it is not inside a learner's folder.", submitted_file)
            return None
        parsed = parse_student_folder(rel[0])
        if parsed is None:
            self.log.warning(
                "Skipped %s: the folder name %r is not <student_id> or "
                "<student_id>_<YYYY-MM-DD-HH-MM-SS>.",
                submitted_file,
                rel[0],
            )
            return None
        student_id, stamp = parsed
        found = {"student_id": student_id, "file_id": "/".join(rel[1:])}
        if stamp:
            found["timestamp"] = stamp
        return found

"""One zip of feedback files, named as the LMS's feedback upload expects (docs/grades.md).

* **Moodle**, assignment grading page, "Upload multiple feedback files in a zip"
  (``assignfeedback_file_zip_importer`` in mod/assign/feedback/file/importziplib.php): each
  path is split on ``_`` and a folder ``<full name>_<participant id>_<plugin type>_<plugin>``
  (Moodle 4.1 and later) or the same with a trailing ``_`` (earlier versions, and read by
  later ones too) names the learner by the *participant id* of this assignment; the name
  part is not read. The folder of the learner's download is used as it was collected, so
  the trailing-``_`` form ``Ada Lovelace_1234_assignsubmission_file_/`` is written.
* **Canvas**, assignment page, "Re-upload Submissions" (``Assignment#generate_comments_
  from_files`` and ``#infer_comment_context_from_filename`` in app/models/assignment.rb):
  the first two ``_``-separated parts of the file name that are all digits must be the
  learner's user id and the id of a file they handed in; each file becomes a comment on
  their submission. So the name starts as the learner's notebook was named in the
  collected download (``lovelaceada_1234_5678_``); a learner collected otherwise, or under
  anonymous grading (``anon_...``), cannot be matched and is held back, said so.
* **Blackboard** Learn (Original) has no documented bulk upload of feedback files; each
  file is ``<username>_<module>-feedback.html`` (the roster's ``lms_user_id``, else the
  learner id) for attaching in the Grade Centre by hand. *Unclear*, and said so.
* Without an LMS, ``<learner id>/<module>-feedback.html``.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from .identity import Identity

LMSES = ("moodle", "canvas", "blackboard")


def _safe(text: str) -> str:
    """No path separators or characters zip tools and LMSes refuse."""
    return re.sub(r'[\\/:*?"<>|]+', "_", text).strip() or "learner"


def name_in_zip(who: Identity, module: str, lms: str) -> tuple[str | None, str]:
    """Where a learner's feedback goes in the zip, or ``None`` and why it cannot."""
    page = f"{module}-feedback.html"
    if lms == "moodle":
        pid = who.moodle_participant or (who.lms_user_id if who.lms_user_id.isdigit() else "")
        if not pid:
            return None, (
                "no Moodle participant id for this assignment (collect from a Moodle "
                "download, or give it as lms_user_id in the roster)"
            )
        if who.moodle_folder and who.moodle_participant == pid:
            folder = who.moodle_folder
        else:
            name = (who.full_name or who.learner).replace("_", " ")
            folder = f"{_safe(name)}_{pid}_assignsubmission_file"
        return f"{folder}_/{page}", ""
    if lms == "canvas":
        if who.canvas_user.startswith("anon_"):
            return None, "Canvas anonymous grading: re-uploaded files cannot name the learner"
        if not who.canvas_prefix:
            return None, (
                "no Canvas file id (Canvas's re-upload matches a file the learner handed in; "
                "collect from a Canvas download)"
            )
        return f"{who.canvas_prefix}{page}", ""
    if lms == "blackboard":
        return f"{_safe(who.lms_user_id or who.learner)}_{page}", ""
    return f"{_safe(who.learner)}/{page}", ""


def pack(files: dict[str, Path], out: Path) -> Path:
    """Write ``out`` holding each feedback page under its name (written beside, then moved)."""
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(out.name + ".part")
    with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, path in sorted(files.items()):
            zf.write(path, name)
    partial.replace(out)
    return out

"""One autograding worker: loads nbgrader once, then grades learners named on stdin.

``course autograde --jobs N`` starts N of these. Each reads a learner id per line,
runs nbgrader's autograde for that learner (in this process, so nbgrader is imported
once, not once per learner), writes the learner's log to
``logs/autograde/<module>/<student>.log`` and answers with one line
``@@course {json}`` on stdout. A learner's kernel runs in its own sandboxed process
(``course.grading.plugins.kernel``), so nothing a learner's code does can stop this worker.
"""

from __future__ import annotations

import json
import os
import sys
import threading
import time
from pathlib import Path

PREFIX = "@@course "


def make_api(root: Path):  # type: ignore[no-untyped-def]
    """An nbgrader API object configured as ``nbgrader`` itself would be in ``root``."""
    import nbgrader.preprocessors  # noqa: F401 (loaded now, so their gradebook is shared)
    from nbgrader.apps.api import NbGraderAPI

    from ..nbg import load_config
    from .gradebook import share_engines

    share_engines()
    config = load_config(root)
    config.CourseDirectory.root = str(root)
    return NbGraderAPI(config=config)


def prestart_fork_server(root: Path, module: str) -> threading.Thread | None:
    """Start this worker's fork server while nbgrader is imported, so the two overlap."""
    from . import sandbox, warm

    if not warm.wanted(trust=os.environ.get("COURSE_TRUST_SUBMISSIONS") == "1"):
        return None
    source = root / "source" / module
    if not source.is_dir() or sandbox.problem() is not None:
        return None
    thread = threading.Thread(target=warm.server_for, args=(sandbox.module_data(source),))
    thread.start()
    return thread


def log_path(root: Path, module: str, student: str) -> Path:
    """Where one learner's autograde log is kept."""
    return root / "logs" / "autograde" / module / f"{student}.log"


def grade_one(api, root: Path, module: str, student: str) -> dict[str, object]:  # type: ignore[no-untyped-def]
    """Autograde one learner and return a small JSON-able result."""
    started = time.perf_counter()
    result = api.autograde(module, student, force=True, create=True)
    log = str(result.get("log", "")) + "\n" + str(result.get("error", ""))
    path = log_path(root, module, student)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(log, encoding="utf-8")
    return {
        "student": student,
        "success": bool(result.get("success")),
        "seconds": round(time.perf_counter() - started, 3),
        "log": str(path),
    }


def main(argv: list[str] | None = None) -> int:
    """``python -m course.grading.worker <course root> <module>``; learner ids on stdin."""
    root_arg, module = (argv if argv is not None else sys.argv[1:])[:2]
    root = Path(root_arg).resolve()
    os.chdir(root)
    starting = prestart_fork_server(root, module)
    api = make_api(root)
    if starting is not None:
        starting.join()
    print(PREFIX + json.dumps({"ready": True}), flush=True)
    for line in sys.stdin:
        student = line.strip()
        if student:
            print(PREFIX + json.dumps(grade_one(api, root, module, student)), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The kernel that runs a learner's notebook during autograding, with limits.

nbgrader starts this instead of the plain Python kernel (``c.Execute.kernel_name`` in
``grader_config.py``). Before the kernel starts it:

* caps the kernel's memory (data segment and private mappings,
  ``COURSE_KERNEL_MEMORY_MB``, default 2048), its CPU time (``COURSE_KERNEL_CPU_SECONDS``,
  default 600), the processes it may start and the size of any file it writes, so a
  memory hog gets a ``MemoryError`` and a runaway notebook is stopped, while other
  learners are graded as usual;
* where Linux allows unprivileged user namespaces (``unshare``), runs the kernel in a
  private view of the files in which the course's ``submitted/``, ``autograded/`` (other
  than this learner's own folder), ``source/``, ``feedback/``, ``exchange/``,
  ``downloaded/`` and ``logs/`` folders are empty and ``gradebook.db`` is blank. The
  mounts are locked in a second namespace, so the learner's code cannot undo them.

When the kernel is started anywhere else (not in ``autograded/<student>/<module>``), or
``COURSE_SANDBOX=off``, only the limits apply. See ``docs/isolation.md``.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

try:
    import resource
except ImportError:  # Windows: no resource limits, the kernel runs as usual
    resource = None  # type: ignore[assignment]

HIDDEN_DIRS = ("submitted", "autograded", "source", "feedback", "exchange", "downloaded",
               "logs")
HIDDEN_FILES = ("gradebook.db",)
MiB = 1024 * 1024


def _limit(which: int, value: int) -> None:
    soft, hard = resource.getrlimit(which)
    cap = value if hard == resource.RLIM_INFINITY else min(value, hard)
    resource.setrlimit(which, (cap, cap if hard == resource.RLIM_INFINITY else hard))


def apply_limits(env: dict[str, str] | os._Environ[str] = os.environ) -> None:
    """Cap memory, CPU time, processes and file size for this process and its children."""
    if resource is None:
        return
    _limit(resource.RLIMIT_DATA, int(env.get("COURSE_KERNEL_MEMORY_MB", "2048")) * MiB)
    _limit(resource.RLIMIT_CPU, int(env.get("COURSE_KERNEL_CPU_SECONDS", "600")))
    _limit(resource.RLIMIT_FSIZE, 256 * MiB)
    if hasattr(resource, "RLIMIT_NPROC") and os.geteuid() != 0:
        _limit(resource.RLIMIT_NPROC, 512)  # root ignores this limit


def grading_place(cwd: Path) -> tuple[Path, str, str] | None:
    """``(course root, student, module)`` if ``cwd`` is ``<root>/autograded/<s>/<m>``."""
    if len(cwd.parts) >= 4 and cwd.parents[1].name == "autograded":
        root = cwd.parents[2]
        if (root / "nbgrader_config.py").is_file():
            return root, cwd.parent.name, cwd.name
    return None


def namespaces_work() -> bool:
    """Whether this machine lets an ordinary process make user and mount namespaces."""
    if not shutil.which("unshare"):
        return False
    probe = subprocess.run(["unshare", "--user", "--map-root-user", "--mount", "true"],
                           capture_output=True, check=False)
    return probe.returncode == 0


def isolation_script(root: Path, own: Path, stage: Path, kernel: list[str]) -> str:
    """Shell commands, run as namespace root, that hide the course and start the kernel."""
    q = shlex.quote
    lines = ["set -e", f"mount --bind {q(str(own))} {q(str(stage))}"]
    for name in HIDDEN_DIRS:
        if (root / name).is_dir():
            lines.append(f"mount -t tmpfs -o size=1m,mode=0555 course-hidden {q(str(root / name))}")
    for name in HIDDEN_FILES:
        if (root / name).is_file():
            lines.append(f"mount --bind /dev/null {q(str(root / name))}")
    lines.append(f"cd {q(str(stage))}")
    # A second user namespace locks the mounts above: its root cannot unmount them.
    lines.append("exec unshare --user --mount -- " + " ".join(q(a) for a in kernel))
    return "\n".join(lines)


def remove_stale(base: Path, age_seconds: float = 86400) -> None:
    """Remove empty stage folders left by kernels that ended more than a day ago."""
    import time

    for stage in base.iterdir():
        try:
            if time.time() - stage.stat().st_mtime > age_seconds:
                stage.rmdir()  # only ever removes an empty folder
        except OSError:
            pass


def main(argv: list[str] | None = None) -> None:
    """Start the IPython kernel (arguments as for ``ipykernel_launcher``) inside the limits."""
    args = list(sys.argv[1:] if argv is None else argv)
    kernel = [sys.executable, "-m", "ipykernel_launcher", *args]
    apply_limits()
    place = grading_place(Path.cwd())
    if place and os.environ.get("COURSE_SANDBOX", "on") != "off" and namespaces_work():
        root, _student, _module = place
        base = Path(tempfile.gettempdir()) / f"course-sandbox-{os.getuid()}"
        base.mkdir(mode=0o700, exist_ok=True)
        remove_stale(base)
        stage = Path(tempfile.mkdtemp(dir=base))
        script = isolation_script(root, Path.cwd(), stage, kernel)
        os.execvp("unshare", ["unshare", "--user", "--map-root-user", "--mount",
                              "sh", "-c", script])
    os.execv(kernel[0], kernel)


if __name__ == "__main__":
    main()

"""Start one learner's grading kernel: limits first, then bubblewrap, then ipykernel.

``IsolatedExecute`` starts this with ``python -I`` (isolated mode: nothing from the
working folder or ``PYTHON*`` variables is imported) and an absolute interpreter
path. It reads the jail description that ``IsolatedExecute`` wrote, caps memory, CPU
time, file size and processes, opens the learner's files for bubblewrap to copy
in, and replaces itself with ``bwrap`` (see ``course.grading.sandbox``). With
``--trust`` (``course autograde --trust-submissions``) it skips bubblewrap and only
applies the limits.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

try:
    import resource
except ImportError:  # Windows: no resource limits
    resource = None  # type: ignore[assignment]

MiB = 1024 * 1024


def limits(env: dict[str, str] | os._Environ[str] = os.environ) -> list[tuple[int, int]]:
    """The caps on memory, CPU time, file size and processes, as ``(resource, value)``."""
    if resource is None:
        return []
    found = [
        (resource.RLIMIT_DATA, int(env.get("COURSE_KERNEL_MEMORY_MB", "2048")) * MiB),
        (resource.RLIMIT_CPU, int(env.get("COURSE_KERNEL_CPU_SECONDS", "600"))),
        (resource.RLIMIT_FSIZE, 256 * MiB),
    ]
    if hasattr(resource, "RLIMIT_NPROC") and os.geteuid() != 0:
        found.append((resource.RLIMIT_NPROC, 512))  # root ignores this limit
    return found


def set_limits(caps: list[tuple[int, int]], pid: int = 0) -> None:
    """Apply ``caps`` to process ``pid`` (0: this one); never raise a hard limit."""
    for which, value in caps:
        _soft, hard = resource.prlimit(pid, which)
        cap = value if hard == resource.RLIM_INFINITY else min(value, hard)
        resource.prlimit(pid, which, (cap, cap if hard == resource.RLIM_INFINITY else hard))


def apply_limits(env: dict[str, str] | os._Environ[str] = os.environ) -> None:
    """Cap memory, CPU time, processes and file size for this process and its children."""
    set_limits(limits(env))


def main(argv: list[str] | None = None) -> None:
    """``python -I -m course.grading.plugins.kernel --jail J [--trust] -- <kernel argv>``."""
    args = list(sys.argv[1:] if argv is None else argv)
    split = args.index("--")
    parser = argparse.ArgumentParser(prog="course-grading-kernel")
    parser.add_argument("--jail", required=True)
    parser.add_argument("--trust", action="store_true")
    options = parser.parse_args(args[:split])
    kernel = args[split + 1 :]
    jail_spec = json.loads(Path(options.jail).read_text(encoding="utf-8"))
    apply_limits()
    if options.trust:
        os.environ["COURSE_GRADING"] = "1"
        os.chdir(jail_spec["cwd"])
        os.execv(kernel[0], kernel)
    from course.grading import sandbox

    jail = sandbox.Jail(
        files={k: Path(v) for k, v in jail_spec["files"].items()},
        data={k: Path(v) for k, v in jail_spec["data"].items()},
        ipc=Path(jail_spec["ipc"]),
    )
    fds = {}
    for rel, path in jail.files.items():
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
        os.set_inheritable(fd, True)
        fds[rel] = fd
    cmd = sandbox.command(jail, kernel, fds)
    os.execv(cmd[0], cmd)


if __name__ == "__main__":
    main()

"""The allow-list a learner's kernel runs in during autograding, built with bubblewrap.

``bwrap`` (Debian's ``bubblewrap``, also used by Flatpak) starts the kernel in new
user, mount, PID, network, IPC and UTS namespaces. Its file system starts empty and
holds only what :func:`command` lists:

* read-only: the system's programs and libraries (``/usr``), the Python that runs the
  course, and the ``course`` package;
* read-only: the module's data files, from the course's own copy;
* writable: a fresh, size-capped copy of the learner's own submission (a tmpfs that
  disappears with the kernel), ``/tmp`` (also a tmpfs), and the folder of the sockets
  through which nbgrader talks to the kernel.

No network (only an unconfigured loopback), no other learner, no gradebook, no
``source/``, no tutor's home. Every process the kernel starts lives in its PID
namespace and is killed when the kernel ends. See ``docs/isolation.md``.
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

WORK = "/home/learner/work"  # the kernel's working folder inside the sandbox
WORK_BYTES = 512 * 1024 * 1024  # size of that folder's tmpfs
TMP_BYTES = 256 * 1024 * 1024
ENV_FLAG = "COURSE_GRADING"  # set inside the sandbox; check() then hands answers over
INSTALL_HINT = (
    "install bubblewrap (Debian and Ubuntu: `sudo apt-get install bubblewrap`; "
    "Fedora: `sudo dnf install bubblewrap`)"
)


@dataclass
class Jail:
    """What one learner's kernel may see: their files, the module's data, the sockets."""

    files: dict[str, Path]  # path inside WORK -> the learner's file to copy in
    data: dict[str, Path]  # path inside WORK -> the course's data file (read-only)
    ipc: Path  # folder of the connection file and sockets, shared with nbgrader
    extra_ro: list[Path] = field(default_factory=list)
    data_root: str = WORK  # where the data files appear inside (the fork server: elsewhere)
    # The fork server's children each make a user namespace of their own and then forbid
    # any more (course.grading.zygote); every other sandbox forbids them from the start.
    user_namespaces: bool = False
    # bwrap's --die-with-parent ends the sandbox when the *thread* that started it ends; the
    # fork server, which may be started from any thread, ends instead when its control
    # socket closes, which happens however the grading process ends.
    die_with_parent: bool = True


def module_data(source: Path) -> dict[str, Path]:
    """What a grading kernel finds read-only in its work folder, by the path it sees each at:
    the module's data files and the module's charts drawn once (``chart_cache``)."""
    from . import chart_cache

    return source_files(source) | chart_cache.cached(source)


def source_files(source: Path) -> dict[str, Path]:
    """The module's data files (everything in its source folder but notebooks), by the path
    relative to the folder."""
    return {
        str(p.relative_to(source)): p
        for p in sorted(source.rglob("*"))
        if p.is_file()
        and not p.is_symlink()
        and p.suffix != ".ipynb"
        and ".ipynb_checkpoints" not in p.parts
    }


def bwrap() -> str | None:
    """The ``bwrap`` program, if installed."""
    return shutil.which("bwrap")


def readonly_roots() -> list[Path]:
    """The folders the kernel needs to run Python, pandas, altair and the course package."""
    import course

    roots = {
        Path(sys.base_prefix).resolve(),
        Path(sys.prefix).resolve(),
        Path(sys.exec_prefix).resolve(),
        Path(course.__file__).resolve().parent,
    }
    for entry in sys.path:  # site-packages outside the prefixes (rare: --user installs)
        path = Path(entry).resolve() if entry else None
        if path and path.is_dir() and path.name in ("site-packages", "dist-packages"):
            roots.add(path)
    return sorted(r for r in roots if not str(r).startswith("/usr/"))


def _system() -> list[str]:
    """Read-only binds for the system's programs and libraries."""
    args = ["--ro-bind", "/usr", "/usr"]
    for name in ("bin", "sbin", "lib", "lib32", "lib64", "libx32"):
        top = Path("/") / name
        if top.is_symlink():
            args += ["--symlink", os.readlink(top), str(top)]
        elif top.is_dir():
            args += ["--ro-bind", str(top), str(top)]
    for name in ("ld.so.cache", "ld.so.conf", "ld.so.conf.d", "localtime", "alternatives"):
        if (Path("/etc") / name).exists():
            args += ["--ro-bind", f"/etc/{name}", f"/etc/{name}"]
    return args


def command(jail: Jail, kernel: list[str], fds: dict[str, int]) -> list[str]:
    """The ``bwrap`` command line that starts ``kernel`` inside ``jail``.

    ``fds`` maps each entry of ``jail.files`` to an open file descriptor whose content
    bwrap copies into the sandbox (``--file``), so the learner's copy is writable
    without anything being written back to the course folder.
    """
    program = bwrap()
    if program is None:
        raise FileNotFoundError("bwrap")
    args = [
        program,
        "--unshare-all",
        "--unshare-user",
        *([] if jail.user_namespaces else ["--disable-userns"]),
        *(["--die-with-parent"] if jail.die_with_parent else []),
        "--new-session",
        "--clearenv",
        "--cap-drop",
        "ALL",
        "--uid",
        "65534",
        "--gid",
        "65534",
        "--hostname",
        "grading",
        *_system(),
        "--proc",
        "/proc",
        "--dev",
        "/dev",
        "--size",
        str(TMP_BYTES),
        "--tmpfs",
        "/tmp",
        "--dir",
        "/home",
        "--dir",
        "/tmp/home",
        "--size",
        str(WORK_BYTES),
        "--tmpfs",
        WORK,
    ]
    for root in [*readonly_roots(), *jail.extra_ro]:
        args += ["--ro-bind", str(root), str(root)]
    folders = {f"{WORK}/{Path(rel).parent}" for rel in jail.files}
    folders |= {f"{jail.data_root}/{Path(rel).parent}" for rel in jail.data}
    for folder in sorted(folders - {f"{WORK}/.", f"{jail.data_root}/."}):
        args += ["--dir", folder]
    for rel in sorted(jail.files):
        args += ["--file", str(fds[rel]), f"{WORK}/{rel}"]
    for rel, path in sorted(jail.data.items()):
        args += ["--ro-bind", str(path), f"{jail.data_root}/{rel}"]
    args += ["--bind", str(jail.ipc), str(jail.ipc), "--chdir", WORK]
    env = {
        "HOME": "/tmp/home",
        "PATH": f"{Path(sys.executable).parent}:/usr/bin:/bin",
        "LANG": "C.UTF-8",
        "IPYTHONDIR": "/tmp/home/.ipython",
        "MPLCONFIGDIR": "/tmp/home/.matplotlib",
        "JUPYTER_RUNTIME_DIR": "/tmp/home/runtime",
        "XDG_CACHE_HOME": "/tmp/home/.cache",
        "PYDEVD_DISABLE_FILE_VALIDATION": "1",
        "OPENBLAS_NUM_THREADS": "1",  # one thread: nothing to share, and safe to fork
        "OMP_NUM_THREADS": "1",
        ENV_FLAG: "1",
    }
    for name, value in env.items():
        args += ["--setenv", name, value]
    return [*args, "--", *kernel]


@functools.cache
def problem() -> str | None:
    """Why learner code cannot be isolated here, in one sentence, or ``None`` if it can."""
    if not sys.platform.startswith("linux"):
        return (
            "isolating learners' code needs Linux with bubblewrap; grade on a Linux machine or hub"
        )
    if bwrap() is None:
        return f"bubblewrap (`bwrap`) is not installed; {INSTALL_HINT}"
    jail = Jail(files={}, data={}, ipc=Path("/tmp"))
    probe = command(jail, [sys.executable, "-I", "-c", "import course"], {})
    try:
        result = subprocess.run(probe, capture_output=True, text=True, timeout=60, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"bubblewrap could not be started ({exc})"
    if result.returncode != 0:
        why = (result.stderr.strip().splitlines() or ["no reason given"])[-1]
        return (
            f"bubblewrap could not make a sandbox on this machine ({why}); unprivileged "
            "user namespaces may be switched off (see docs/isolation.md)"
        )
    return None

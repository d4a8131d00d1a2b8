"""course.grading.sandbox and the grading kernel launcher: the allow-list and the limits."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from course.grading import sandbox
from course.grading.plugins import kernel

needs_bwrap = pytest.mark.usefixtures("isolation")


def run_inside(jail: sandbox.Jail, code: str) -> subprocess.CompletedProcess[str]:
    fds = {}
    for rel, path in jail.files.items():
        fds[rel] = __import__("os").open(path, __import__("os").O_RDONLY)
    cmd = sandbox.command(jail, [sys.executable, "-I", "-c", code], fds)
    return subprocess.run(
        cmd, capture_output=True, text=True, timeout=120, check=False, pass_fds=tuple(fds.values())
    )


def test_limits_apply_to_the_process_and_a_memory_hog_fails() -> None:
    code = (
        "from course.grading.plugins import kernel; import os; "
        "os.environ['COURSE_KERNEL_MEMORY_MB']='200'; kernel.apply_limits()\n"
        "try:\n    x = bytearray(400 * 1024 * 1024)\nexcept MemoryError:\n    print('stopped')"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "stopped"
    assert kernel.MiB == 1024 * 1024


def test_the_command_binds_nothing_of_the_course_but_the_package(tmp_path: Path) -> None:
    import course

    jail = sandbox.Jail(files={}, data={"reach.csv": tmp_path / "reach.csv"}, ipc=tmp_path)
    cmd = sandbox.command(jail, ["python"], {})
    bound = {cmd[i + 1] for i, a in enumerate(cmd) if a in ("--bind", "--ro-bind")}
    repo = Path(course.__file__).resolve().parents[1]
    assert str(repo) not in bound and str(repo / "course") in bound
    assert "--unshare-all" in cmd and "--die-with-parent" in cmd and "--clearenv" in cmd


@needs_bwrap
def test_inside_the_sandbox_only_the_learners_files_and_data_are_seen(tmp_path: Path) -> None:
    mine = tmp_path / "mine.json"
    mine.write_text('{"text": "mine"}')
    data = tmp_path / "reach.csv"
    data.write_text("a,b\n1,2\n")
    secret = tmp_path / "secret.txt"
    secret.write_text("tutor only")
    in_home = Path.home() / f".course-test-{tmp_path.name}"
    in_home.write_text("tutor only")
    jail = sandbox.Jail(
        files={"reflections/mine.json": mine}, data={"reach.csv": data}, ipc=tmp_path / "ipc"
    )
    (tmp_path / "ipc").mkdir()
    code = (
        f"import os\nprint(sorted(os.listdir('.')), open('reflections/mine.json').read())\n"
        f"print(os.path.exists({str(secret)!r}), os.path.exists({str(in_home)!r}),"
        " os.getuid())\n"
        "open('reflections/mine.json', 'w').write('changed')\n"
        "try:\n    open('reach.csv', 'a')\nexcept OSError as e:\n    print('data', e.errno)\n"
    )
    try:
        out = run_inside(jail, code)
    finally:
        in_home.unlink()
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert lines[0] == "['reach.csv', 'reflections'] {\"text\": \"mine\"}"
    assert lines[1] == "False False 65534"
    assert lines[2] == "data 30"  # read-only file system
    assert mine.read_text() == '{"text": "mine"}'  # the learner's copy, not the file


@needs_bwrap
def test_the_sandbox_has_no_network(tmp_path: Path) -> None:
    import socket

    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    port = server.getsockname()[1]
    code = (
        "import socket\ntry:\n"
        f"    socket.create_connection(('127.0.0.1', {port}), timeout=3)\n    print('open')\n"
        "except OSError:\n    print('refused')\n"
    )
    out = run_inside(sandbox.Jail(files={}, data={}, ipc=tmp_path), code)
    server.close()
    assert out.stdout.strip() == "refused", out.stderr


@needs_bwrap
def test_a_process_left_running_dies_with_the_sandbox(tmp_path: Path) -> None:
    marker = f"orphan-{tmp_path.name}"
    code = (
        "import subprocess, sys\n"
        f"subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(300)', '{marker}'],"
        " start_new_session=True)\nprint('left')\n"
    )
    out = run_inside(sandbox.Jail(files={}, data={}, ipc=tmp_path), code)
    assert out.stdout.strip() == "left"
    alive = []
    for proc in Path("/proc").glob("[0-9]*"):
        try:
            if marker.encode() in (proc / "cmdline").read_bytes():
                alive.append(proc.name)
        except OSError:  # the process ended while we looked
            continue
    assert alive == []


def test_without_bubblewrap_the_reason_names_what_to_install(monkeypatch) -> None:
    monkeypatch.setattr(sandbox, "bwrap", lambda: None)
    sandbox.problem.cache_clear()
    try:
        why = sandbox.problem()
    finally:
        sandbox.problem.cache_clear()
    assert why is not None and "bubblewrap" in why and "apt-get install bubblewrap" in why


def test_the_launcher_imports_nothing_from_the_folder_it_starts_in(tmp_path: Path) -> None:
    folder = tmp_path / "learner"
    folder.mkdir()
    marker = tmp_path / "ran"
    for name in ("json.py", "argparse.py", "os.py", "shlex.py", "course.py"):
        (folder / name).write_text(f"open({str(marker)!r}, 'a').write({name!r})\n")
    jail = tmp_path / "jail.json"
    jail.write_text(json.dumps({"files": {}, "data": {}, "ipc": str(tmp_path), "cwd": str(folder)}))
    out = subprocess.run(
        [
            sys.executable,
            "-I",
            "-m",
            "course.grading.plugins.kernel",
            "--jail",
            str(jail),
            "--trust",
            "--",
            sys.executable,
            "-I",
            "-c",
            "print('ok')",
        ],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert out.stdout.strip() == "ok", out.stderr
    assert not marker.exists()

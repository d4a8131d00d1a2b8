"""Multi-user delivery on one machine: nbgrader's exchange and a real JupyterHub.

A tutor and two trainees with their own Linux accounts go through the whole cycle: the
tutor releases module 1 (``course.exchange.release``), each trainee fetches it, trainee 1
answers everything and trainee 2 nothing, both submit, the tutor collects
(``course.exchange.collect``) and autogrades. Then a real JupyterHub started from
``hub/jupyterhub_config.py`` logs a trainee in over HTTP, and the nbgrader extension in
their own server lists module 1 as fetched and submitted; the tutor's server shows the
formgrader with both submissions, the trainee's does not have it.

Two quick tests of ``course.exchange`` run anywhere. The rest needs root on Linux (it
creates the accounts ``slltutor``, ``slltrainee1`` and ``slltrainee2`` if missing, removes
the ones it created and restores the password of any it found), the ``jupyterhub`` package
and the proxy from ``scripts/install-hub.sh``. Without them it is skipped, except under CI,
where a missing tool is a failure.

Everything the accounts run comes from this test's own Python environment. When that
environment sits under a private folder (a pyenv Python in ``/root``), each command runs in
a private mount namespace where only the folders it needs are made passable; nothing on
the machine changes.
"""

from __future__ import annotations

import importlib.util
import json
import os
import pwd
import re
import secrets
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
import pytest

from conftest import M01, REPO
from course.notebooks import is_autograded_test, nbgrader_meta
from course.paths import copy_course
from helpers import free_port

pytestmark = [pytest.mark.slow, pytest.mark.hub]

TUTOR = "slltutor"
TRAINEES = ("slltrainee1", "slltrainee2")
COURSE_ID = "system-leadership-lab"
PROXY = REPO / "hub" / "node_modules" / ".bin" / "configurable-http-proxy"
SOURCE_NB = REPO / "source" / M01 / f"{M01}.ipynb"
TOOLS = ("useradd", "userdel", "usermod", "runuser", "chpasswd", "unshare", "mount", "node")


def points(predicate) -> float:  # type: ignore[no-untyped-def]
    nb = nbformat.read(SOURCE_NB, as_version=4)
    return float(sum(nbgrader_meta(c).get("points", 0) for c in nb.cells if predicate(c)))


AUTO_POINTS = points(is_autograded_test)
ALL_POINTS = points(lambda c: nbgrader_meta(c).get("grade") or nbgrader_meta(c).get("task"))


# --- Preconditions ---------------------------------------------------------------------------


def missing_tools() -> list[str]:
    found = [t for t in TOOLS if not shutil.which(t)]
    if importlib.util.find_spec("jupyterhub") is None:
        found.append("the jupyterhub package (pip install -e '.[test]')")
    if importlib.util.find_spec("requests") is None:
        found.append("the requests package")
    if not PROXY.exists():
        found.append(
            "configurable-http-proxy in hub/node_modules (HUB=1 bash scripts/install-hub.sh)"
        )
    return found


def unavailable(reason: str) -> None:
    """Skip, or fail under CI, where the hub test must run."""
    if os.environ.get("CI"):
        pytest.fail(f"The hub test cannot run in CI: {reason}", pytrace=False)
    pytest.skip(reason)


# --- Processes -------------------------------------------------------------------------------


def proc_stat(pid: int) -> tuple[int, int] | None:
    """(parent pid, start time in clock ticks) of a running process."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    rest = text.rsplit(")", 1)[1].split()
    return int(rest[1]), int(rest[19])


def processes_of(uids: set[int], since: int) -> list[int]:
    """Processes owned by ``uids`` that started after ``since`` (clock ticks since boot)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            uid = entry.stat().st_uid
        except OSError:
            continue
        stat = proc_stat(int(entry.name))
        if uid in uids and stat and stat[1] >= since:
            found.append(int(entry.name))
    return found


def descendants(pid: int) -> dict[int, int]:
    """Every process below ``pid``, with its start time (to recognise it later)."""
    parents: dict[int, tuple[int, int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            stat = proc_stat(int(entry.name))
            if stat:
                parents[int(entry.name)] = stat
    found: dict[int, int] = {}
    todo = [pid]
    while todo:
        current = todo.pop()
        for child, (ppid, start) in parents.items():
            if ppid == current and child not in found:
                found[child] = start
                todo.append(child)
    return found


def kill(pids: dict[int, int]) -> None:
    """SIGKILL each process that is still the one recorded (same start time)."""
    for pid, start in pids.items():
        stat = proc_stat(pid)
        if stat and stat[1] == start:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass


# --- Making this Python reachable for other accounts -----------------------------------------


def needed_paths() -> list[Path]:
    """What another account must be able to reach to run this Python and the course."""
    return [
        Path(os.path.realpath(sys.executable)),
        Path(sys.prefix),
        Path(os.path.realpath(sys.base_prefix)),
        Path(os.path.realpath(sys.prefix)),
        REPO,
    ]


def namespace_script(paths: list[Path], stage: Path) -> str | None:
    """Shell commands (run as root in a new mount namespace) that make ``paths`` passable.

    Each private folder on the way (mode without o+x, such as /root) is covered by an
    empty, passable tmpfs into which only the needed entries are bound back, so other
    accounts can reach exactly those and nothing else. ``None`` if nothing is in the way.
    """
    blocked: dict[Path, set[str]] = {}
    for path in paths:
        for parent in reversed(path.parents):
            if not parent.stat().st_mode & 0o001:
                child = path.relative_to(parent).parts[0]
                blocked.setdefault(parent, set()).add(child)
    if not blocked:
        return None
    q = shlex.quote
    lines = ["set -e", f"mount -t tmpfs -o mode=0700,size=1m sll-stage {q(str(stage))}"]
    for n, folder in enumerate(sorted(blocked, key=lambda p: len(p.parts))):
        keep = stage / str(n)
        lines += [
            f"mkdir {q(str(keep))}",
            f"mount --bind {q(str(folder))} {q(str(keep))}",
            f"mount -t tmpfs -o mode=0755,size=1m sll-open {q(str(folder))}",
        ]
        for child in sorted(blocked[folder]):
            target = folder / child
            make = "mkdir" if (folder / child).is_dir() else "touch"
            lines += [
                f"{make} {q(str(target))}",
                f"mount --bind {q(str(keep / child))} {q(str(target))}",
            ]
    return "\n".join(lines)


# --- The machine: accounts, folders and a way to run commands as each account ----------------


@dataclass
class Machine:
    work: Path
    exchange: Path
    etc: Path
    course: Path
    wrap: list[str]
    passwords: dict[str, str]
    started: int
    created: list[str] = field(default_factory=list)
    saved: dict[str, tuple[str, int]] = field(default_factory=dict)  # password hash, home mode

    @staticmethod
    def home(user: str) -> Path:
        return Path(pwd.getpwnam(user).pw_dir)

    def env(self, user: str) -> list[str]:
        path = os.pathsep.join(
            [str(Path(sys.executable).parent), "/usr/local/bin", "/usr/bin", "/bin"]
        )
        return [
            "env",
            "-i",
            f"HOME={self.home(user)}",
            f"USER={user}",
            f"LOGNAME={user}",
            f"PATH={path}",
            f"JUPYTER_CONFIG_PATH={self.etc}",
            "LANG=C.UTF-8",
            f"TMPDIR={self.tmp(user)}",
            "PYTHONDONTWRITEBYTECODE=1",
        ]

    def tmp(self, user: str) -> Path:
        """A temporary folder per account inside the test's folder, so nothing is left in /tmp."""
        folder = self.work / f"tmp-{user}"
        if not folder.exists():
            folder.mkdir(mode=0o700)
            account = pwd.getpwnam(user)
            os.chown(folder, account.pw_uid, account.pw_gid)
        return folder

    def run(
        self, user: str, *cmd: str, cwd: Path, check: bool = True, timeout: float = 600
    ) -> subprocess.CompletedProcess[str]:
        """Run ``cmd`` as ``user`` (its own uid, groups, HOME) in ``cwd``."""
        full = [*self.wrap, "runuser", "-u", user, "--", *self.env(user), *cmd]
        proc = subprocess.run(
            full, cwd=cwd, capture_output=True, text=True, timeout=timeout, check=False
        )
        if check and proc.returncode != 0:
            raise AssertionError(
                f"{' '.join(cmd[:4])} as {user} failed ({proc.returncode}):\n"
                f"{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}"
            )
        return proc

    def python(self, user: str, code: str, cwd: Path) -> object:
        """Run Python ``code`` as ``user``; it prints ``@@<json>`` as its answer."""
        proc = self.run(user, sys.executable, "-c", textwrap.dedent(code), cwd=cwd)
        answers = [ln[2:] for ln in proc.stdout.splitlines() if ln.startswith("@@")]
        assert answers, f"no answer from {user}:\n{proc.stdout[-2000:]}\n{proc.stderr[-2000:]}"
        return json.loads(answers[-1])


def shadow_hash(user: str) -> str:
    for line in Path("/etc/shadow").read_text().splitlines():
        name, _, rest = line.partition(":")
        if name == user:
            return rest.split(":", 1)[0]
    return ""


@pytest.fixture(scope="module")
def machine():  # type: ignore[no-untyped-def]
    """The accounts, a course folder owned by the tutor, the exchange; all removed afterwards."""
    if sys.platform != "linux":
        pytest.skip("the hub test runs on Linux only")
    if os.geteuid() != 0:
        pytest.skip("the hub test must run as root: it creates accounts and switches to them")
    missing = missing_tools()
    if missing:
        unavailable("missing " + ", ".join(missing))

    started = proc_stat(os.getpid())[1]  # type: ignore[index]
    work = Path(tempfile.mkdtemp(prefix="sll-hub-"))
    work.chmod(0o755)
    (work / "ns").mkdir(mode=0o700)
    script = namespace_script(needed_paths(), work / "ns")
    wrap = (
        []
        if script is None
        else ["unshare", "--mount", "--", "sh", "-c", script + '\nexec "$@"', "sh"]
    )
    if wrap and subprocess.run([*wrap, "true"], capture_output=True).returncode != 0:
        shutil.rmtree(work)
        unavailable(
            f"{sys.executable} is under a private folder and this machine does not "
            "allow a private mount namespace (unshare --mount) to reach it"
        )
    m = Machine(
        work=work,
        exchange=work / "exchange",
        etc=work / "etc-jupyter",
        course=Path("/nonexistent"),
        wrap=wrap,
        started=started,
        passwords={u: secrets.token_urlsafe(18) for u in (TUTOR, *TRAINEES)},
    )
    try:
        for user in (TUTOR, *TRAINEES):
            try:
                pwd.getpwnam(user)
                m.saved[user] = (shadow_hash(user), m.home(user).stat().st_mode & 0o7777)
            except KeyError:
                subprocess.run(
                    ["useradd", "-m", "-s", "/bin/bash", user], check=True, capture_output=True
                )
                m.created.append(user)
            m.home(user).chmod(0o700)  # as docs/hub.md asks: trainees cannot read each other
        subprocess.run(
            ["chpasswd"],
            input="".join(f"{u}:{p}\n" for u, p in m.passwords.items()),
            text=True,
            check=True,
            capture_output=True,
        )
        for user in TRAINEES:  # left over from an earlier run of this test
            shutil.rmtree(m.home(user) / M01, ignore_errors=True)
            shutil.rmtree(m.home(user) / ".local/share/jupyter/nbgrader_cache", ignore_errors=True)

        # The global nbgrader configuration, as /etc/jupyter/nbgrader_config.py would hold it,
        # with the exchange moved into this test's folder.
        m.etc.mkdir(mode=0o755)
        (m.etc / "nbgrader_config.py").write_text(
            (REPO / "hub" / "nbgrader_config.py").read_text(encoding="utf-8")
            + f"\nc.Exchange.root = {str(m.exchange)!r}\n",
            encoding="utf-8",
        )
        m.exchange.mkdir()
        m.exchange.chmod(0o1777)

        # The tutor's course folder: a copy of the course, private to the tutor.
        m.course = m.home(TUTOR) / "sll-course-test"
        shutil.rmtree(m.course, ignore_errors=True)
        m.course.mkdir(mode=0o700)
        copy_course(REPO, m.course)
        subprocess.run(["chown", "-R", f"{TUTOR}:", str(m.course)], check=True)

        probe = m.run(
            TRAINEES[0],
            sys.executable,
            "-c",
            "import course, nbgrader, jupyterhub",
            cwd=m.home(TRAINEES[0]),
            check=False,
        )
        if probe.returncode != 0:
            unavailable(
                "another account cannot run this test's Python and the course package "
                f"({sys.executable}): {probe.stderr.strip()[-500:]}"
            )
        yield m
    finally:
        uids = set()
        for user in (TUTOR, *TRAINEES):
            try:
                uids.add(pwd.getpwnam(user).pw_uid)
            except KeyError:
                pass
        stats = {pid: proc_stat(pid) for pid in processes_of(uids, started)}
        kill({pid: stat[1] for pid, stat in stats.items() if stat})
        time.sleep(0.5)
        for user in m.created:
            subprocess.run(["userdel", "-r", user], capture_output=True)
        for user, (old, mode) in m.saved.items():
            subprocess.run(["usermod", "-p", old, user], capture_output=True)
            m.home(user).chmod(mode)
            shutil.rmtree(m.home(user) / M01, ignore_errors=True)
            shutil.rmtree(m.home(user) / ".local/share/jupyter/nbgrader_cache", ignore_errors=True)
            if user == TUTOR:
                shutil.rmtree(m.home(user) / "sll-course-test", ignore_errors=True)
        shutil.rmtree(work, ignore_errors=True)


# --- course.exchange on its own (no root needed) -------------------------------------------


def hub_settings(folder: Path, monkeypatch, extra: str = "") -> Path:  # type: ignore[no-untyped-def]
    """Use hub/nbgrader_config.py as the global config, with the exchange in ``folder``."""
    etc = folder / "etc-jupyter"
    etc.mkdir()
    (etc / "nbgrader_config.py").write_text(
        (REPO / "hub" / "nbgrader_config.py").read_text(encoding="utf-8")
        + f"\nc.Exchange.root = {str(folder / 'exchange')!r}\n{extra}",
        encoding="utf-8",
    )
    monkeypatch.setenv("JUPYTER_CONFIG_PATH", str(etc))
    monkeypatch.setenv("JUPYTER_PATH", os.environ.get("JUPYTER_PATH", ""))  # config edits it
    return folder / "exchange"


def test_exchange_settings_come_from_the_hub_config(
    course_copy: Path, tmp_path: Path, monkeypatch
) -> None:
    from course.errors import CourseError
    from course.grading import exchange

    folder = hub_settings(tmp_path, monkeypatch)
    assert exchange.settings(course_copy) == exchange.Settings(folder, COURSE_ID)
    with pytest.raises(CourseError, match="does not exist; as root run `install -d -m 1777"):
        exchange.release(course_copy, "m01")
    folder.mkdir()
    with pytest.raises(CourseError, match="Nothing has been released"):
        exchange.collect(course_copy, "m01")
    with pytest.raises(CourseError, match="no module called 'm99'"):
        exchange.release(course_copy, "m99")


def test_an_exchange_service_skips_the_folder_checks(
    course_copy: Path, tmp_path: Path, monkeypatch
) -> None:
    from course.grading import exchange

    hub_settings(tmp_path, monkeypatch, 'c.ExchangeFactory.exchange = "ngshare_exchange.X"\n')
    assert exchange.settings(course_copy) == exchange.Settings(None, COURSE_ID)


# --- The exchange: release, fetch, submit, collect, autograde --------------------------------


@dataclass
class Cohort:
    outbound: str
    collected: dict[str, object]
    inbound_names: list[str]
    timings: dict[str, float]


FILL = """
import json, sys
sys.path.insert(0, {tests!r})
from pathlib import Path
from learners import fill, solutions, write_complete_reflections
nb = Path.home() / {module!r} / ({module!r} + ".ipynb")
source = Path({source!r})
fill(nb, solutions(source), nb)
print("@@" + json.dumps(write_complete_reflections(source, nb.parent)))
"""

RELEASE = """
import json
from pathlib import Path
from course.grading import exchange
print("@@" + json.dumps(str(exchange.release(Path({root!r}), "m01"))))
"""

COLLECT_AND_GRADE = """
import json
from dataclasses import asdict
from pathlib import Path
from course.grading import exchange
from course.grading import tutor as grading
root = Path({root!r})
report = exchange.collect(root, "m01")
summary = grading.autograde(root, "m01", jobs=1)
print("@@" + json.dumps({{"collected": report.collected, "warnings": report.warnings,
                          "outcomes": [asdict(o) for o in summary.outcomes]}}))
"""


@pytest.fixture(scope="module")
def cohort(machine: Machine) -> Cohort:
    m = machine
    timings: dict[str, float] = {}
    clock = time.perf_counter()
    outbound = m.python(TUTOR, RELEASE.format(root=str(m.course)), cwd=m.course)
    timings["release"] = time.perf_counter() - clock

    clock = time.perf_counter()
    for user in TRAINEES:
        m.run(user, "nbgrader", "fetch_assignment", M01, cwd=m.home(user))
    reflections = m.python(
        TRAINEES[0],
        FILL.format(tests=str(REPO / "tests"), module=M01, source=str(SOURCE_NB)),
        cwd=m.home(TRAINEES[0]),
    )
    assert reflections, "trainee 1 saved no reflections"
    for user in TRAINEES:  # trainee 2 submits the notebook as fetched: nothing answered
        m.run(user, "nbgrader", "submit", M01, cwd=m.home(user))
    timings["fetch, answer and submit"] = time.perf_counter() - clock

    inbound = m.exchange / COURSE_ID / "inbound"
    names = sorted(p.name for p in inbound.iterdir())
    clock = time.perf_counter()
    collected = m.python(TUTOR, COLLECT_AND_GRADE.format(root=str(m.course)), cwd=m.course)
    timings["collect and autograde"] = time.perf_counter() - clock
    return Cohort(
        outbound=str(outbound),
        collected=collected,  # type: ignore[arg-type]
        inbound_names=names,
        timings=timings,
    )


def test_tutor_releases_trainees_submit_and_tutor_collects_and_grades(
    machine: Machine, cohort: Cohort
) -> None:
    """Through the exchange: trainee 1 gets every automatic mark, trainee 2 none."""
    m = machine
    print("timings (s):", {k: round(v, 1) for k, v in cohort.timings.items()})
    assert cohort.outbound == str(m.exchange / COURSE_ID / "outbound" / M01)
    assert (m.home(TRAINEES[0]) / M01 / f"{M01}.ipynb").is_file()

    data: dict = cohort.collected  # type: ignore[assignment]
    assert data["collected"] == sorted(TRAINEES)
    assert data["warnings"] == []
    submitted = m.course / "submitted" / TRAINEES[0] / M01
    assert (submitted / f"{M01}.ipynb").is_file()
    assert list((submitted / "reflections").glob("*.json")), "reflections did not travel"

    outcomes = {o["student"]: o for o in data["outcomes"]}
    assert sorted(outcomes) == sorted(TRAINEES)
    assert all(o["status"] == "graded" for o in outcomes.values()), outcomes
    # The tutor is an ordinary account: kernels are still forked from the fork server.
    assert not [w for o in outcomes.values() for w in o["warnings"] if "fork server" in w]
    assert AUTO_POINTS > 0
    assert outcomes[TRAINEES[0]]["score"] == AUTO_POINTS
    assert outcomes[TRAINEES[1]]["score"] == 0
    assert {o["max_score"] for o in outcomes.values()} == {ALL_POINTS}
    # Everything the tutor made is the tutor's: the course stays private.
    assert (m.course / "gradebook.db").stat().st_uid == pwd.getpwnam(TUTOR).pw_uid


def test_a_trainee_cannot_read_another_trainees_work(machine: Machine, cohort: Cohort) -> None:
    """The inbound folder cannot be listed, names carry a random part, homes are private."""
    m = machine
    inbound = m.exchange / COURSE_ID / "inbound"
    mine = [n for n in cohort.inbound_names if n.startswith(f"{TRAINEES[0]}+{M01}+")]
    assert len(mine) == 1, cohort.inbound_names
    random_part = mine[0].split("+")[-1]
    assert len(random_part) >= 12, mine  # nbgrader's add_random_string: not guessable

    other = TRAINEES[1]
    listing = m.run(other, "ls", str(inbound), cwd=m.home(other), check=False)
    assert listing.returncode != 0 and "Permission denied" in listing.stderr, listing
    guessed = inbound / mine[0].rsplit("+", 1)[0] / f"{M01}.ipynb"
    read = m.run(other, "cat", str(guessed), cwd=m.home(other), check=False)
    assert read.returncode != 0, "trainee 2 read trainee 1's submission by guessing its name"
    home_copy = m.home(TRAINEES[0]) / M01 / f"{M01}.ipynb"
    read = m.run(other, "cat", str(home_copy), cwd=m.home(other), check=False)
    assert read.returncode != 0 and "Permission denied" in read.stderr, read
    read = m.run(other, "ls", str(m.course), cwd=m.home(other), check=False)
    assert read.returncode != 0, "a trainee can list the tutor's course folder"


ERRORS = """
import json
from pathlib import Path
from course.grading import exchange
from course.errors import CourseError
root, found = Path({root!r}), {{}}
for name, folder in (("missing", {missing!r}), ("readonly", {readonly!r})):
    for action in ("release", "collect"):
        try:
            getattr(exchange, action)(root, "m01", exchange=Path(folder))
            found[action + "-" + name] = "no error"
        except CourseError as exc:
            found[action + "-" + name] = str(exc)
print("@@" + json.dumps(found))
"""


def test_exchange_problems_are_one_clear_sentence(machine: Machine) -> None:
    """A missing exchange, one the tutor cannot write, and an inbound the tutor cannot read."""
    m = machine
    readonly = m.work / "readonly-exchange"
    (readonly / COURSE_ID / "inbound").mkdir(parents=True)
    readonly.chmod(0o755)
    (readonly / COURSE_ID / "inbound").chmod(0o700)
    found: dict = m.python(
        TUTOR,
        ERRORS.format(  # type: ignore[assignment]
            root=str(m.course), missing=str(m.work / "no-exchange"), readonly=str(readonly)
        ),
        cwd=m.course,
    )
    assert "does not exist" in found["release-missing"] and "1777" in found["release-missing"]
    assert "does not exist" in found["collect-missing"]
    assert f"not writable by this account ({TUTOR})" in found["release-readonly"]
    assert "chmod 1777" in found["release-readonly"]
    assert f"({TUTOR}) cannot read" in found["collect-readonly"]


# --- A real JupyterHub -----------------------------------------------------------------------


HUB_CONFIG = """
c = get_config()
load_subconfig({config!r})
c.JupyterHub.bind_url = "http://127.0.0.1:{port}"
c.JupyterHub.hub_port = {hub_port}
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{api_port}"
c.JupyterHub.db_url = "sqlite:///{state}/jupyterhub.sqlite"
c.JupyterHub.cookie_secret_file = "{state}/jupyterhub_cookie_secret"
c.Spawner.environment = {{**c.Spawner.environment, "JUPYTER_CONFIG_PATH": {etc!r}}}
c.Spawner.start_timeout = 120
c.Spawner.http_timeout = 120
"""


@dataclass
class Hub:
    base: str
    log: Path

    def tail(self) -> str:
        return self.log.read_text(errors="replace")[-4000:] if self.log.exists() else ""


def hub_config(machine: Machine, state: Path) -> tuple[Path, int]:
    """A configuration over hub/jupyterhub_config.py on free local ports, and the hub's port."""
    port = free_port()
    config = state / "test_config.py"
    config.write_text(
        HUB_CONFIG.format(
            config=str(REPO / "hub" / "jupyterhub_config.py"),
            port=port,
            hub_port=free_port(),
            api_port=free_port(),
            state=state,
            etc=str(machine.etc),
        ),
        encoding="utf-8",
    )
    return config, port


def hub_env(settings: dict[str, str] | None = None) -> dict[str, str]:
    """This test's environment for the hub, with the local proxy first on PATH."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("SLL_LTI13_")}
    path = [str(PROXY.parent), str(Path(sys.executable).parent), os.environ.get("PATH", "")]
    return {**env, "PATH": os.pathsep.join(path), **(settings or {})}


@contextmanager
def running_hub(
    machine: Machine, name: str = "hub", settings: dict[str, str] | None = None
) -> Iterator[Hub]:
    """JupyterHub from hub/jupyterhub_config.py, with ``settings`` in its environment."""
    import requests

    state = machine.work / name
    state.mkdir(mode=0o700)
    config, port = hub_config(machine, state)
    log = (state / "hub.log").open("w")
    proc = subprocess.Popen(
        [*machine.wrap, sys.executable, "-m", "jupyterhub", "-f", str(config)],
        cwd=state,
        env=hub_env(settings),
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    running = Hub(f"http://127.0.0.1:{port}", state / "hub.log")
    below: dict[int, int] = {}
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                if requests.get(f"{running.base}/hub/api", timeout=2).ok:
                    break
            except requests.RequestException:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail("JupyterHub did not start:\n" + running.tail(), pytrace=False)
            time.sleep(0.5)
        yield running
    finally:
        below = descendants(proc.pid)
        proc.send_signal(signal.SIGTERM)  # the hub stops the servers and the proxy itself
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        kill(below)
        log.close()


@pytest.fixture
def hub(machine: Machine):  # type: ignore[no-untyped-def]
    """JupyterHub from hub/jupyterhub_config.py on free local ports; stopped afterwards."""
    with running_hub(machine) as running:
        yield running


def login(hub: Hub, user: str, password: str):  # type: ignore[no-untyped-def]
    """Log in through the hub's login form and wait until the user's own server answers."""
    import requests

    session = requests.Session()
    session.get(f"{hub.base}/hub/login", timeout=30).raise_for_status()
    xsrf = next(c.value for c in session.cookies if c.name == "_xsrf")
    answer = session.post(
        f"{hub.base}/hub/login",
        data={"username": user, "password": password, "_xsrf": xsrf},
        timeout=120,
    )
    assert answer.ok, f"login as {user} failed ({answer.status_code})\n{hub.tail()}"
    assert "jupyterhub-session-id" in {c.name for c in session.cookies}, hub.tail()
    return wait_for_server(hub, session, user)


def wait_for_server(hub: Hub, session, user: str):  # type: ignore[no-untyped-def]
    """Wait until ``user``'s own server answers ``session``, logged in to the hub."""
    import requests

    # A page view (not an API call) makes the server send the browser through the hub's
    # OAuth handshake; until the server is up the hub answers with its "starting" page.
    lab = f"{hub.base}/user/{user}/lab"
    deadline = time.monotonic() + 150
    while time.monotonic() < deadline:
        try:
            reply = session.get(lab, timeout=30)
        except requests.RequestException:
            reply = None
        if reply is not None and reply.ok and reply.url.startswith(lab):
            return session
        time.sleep(1)
    pytest.fail(f"{user}'s server did not start:\n{hub.tail()}", pytrace=False)


def page_config(html: str) -> dict:
    found = re.search(
        r'<script id="jupyter-config-data" type="application/json">(.*?)</script>', html, re.S
    )
    assert found, "JupyterLab's page has no configuration"
    return json.loads(found[1])


def test_real_hub_trainee_sees_the_module_tutor_sees_the_formgrader(
    machine: Machine, cohort: Cohort, hub: Hub
) -> None:
    """Log in over HTTP; the trainee's Assignments list and the tutor's formgrader agree."""
    m = machine
    # The tutor's formgrader works on the course folder (as docs/hub.md tells the tutor to do).
    tutor_config = m.home(TUTOR) / ".jupyter" / "nbgrader_config.py"
    before = tutor_config.read_bytes() if tutor_config.exists() else None
    tutor_config.parent.mkdir(mode=0o700, exist_ok=True)
    tutor_config.write_text(
        f"c = get_config()\nload_subconfig('nbgrader_config.py', path={str(m.course)!r})\n"
    )
    subprocess.run(["chown", "-R", f"{TUTOR}:", str(tutor_config.parent)], check=True)
    try:
        check_hub(m, hub)
    finally:
        if before is None:
            tutor_config.unlink()
        else:
            tutor_config.write_bytes(before)


def check_hub(m: Machine, hub: Hub) -> None:
    """A trainee and then the tutor log in; each one's own server answers for them."""
    clock = time.perf_counter()
    trainee = TRAINEES[0]
    session = login(hub, trainee, m.passwords[trainee])
    started = time.perf_counter() - clock
    user_url = f"{hub.base}/user/{trainee}"

    listing = session.get(f"{user_url}/assignments", params={"course_id": COURSE_ID}, timeout=60)
    assert listing.ok, listing.text
    body = listing.json()
    assert body["success"], body
    mine = [a for a in body["value"] if a["assignment_id"] == M01]
    assert {a["status"] for a in mine} >= {"fetched", "submitted"}, body
    assert all(a["course_id"] == COURSE_ID for a in mine)

    assert session.get(f"{user_url}/formgrader", timeout=30).status_code == 404
    lab = page_config(session.get(f"{user_url}/lab", timeout=60).text)
    disabled = set(lab.get("disabledExtensions", []))
    assert {"@jupyter/nbgrader:formgrader", "@jupyter/nbgrader:create-assignment"} <= disabled
    assert "@jupyter/nbgrader:assignment-list" not in disabled

    tutor = login(hub, TUTOR, m.passwords[TUTOR])
    grades = tutor.get(f"{hub.base}/user/{TUTOR}/formgrader/api/submissions/{M01}", timeout=60)
    assert grades.ok, grades.text
    scores = {s["student"]: s["score"] for s in grades.json()}
    assert scores == {TRAINEES[0]: AUTO_POINTS, TRAINEES[1]: 0}, scores
    print(
        f"hub: {trainee} logged in and their server started in {started:.1f} s; "
        f"whole hub check {time.perf_counter() - clock:.1f} s"
    )

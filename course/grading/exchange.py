"""Release modules and collect submissions through nbgrader's exchange on a shared hub.

On a JupyterHub where everyone has their own account, nbgrader moves files through an
*exchange* folder that every account can write to (``c.Exchange.root``, by default
``/srv/nbgrader/exchange``): the tutor releases a module into it, trainees fetch and
submit from their own accounts, and the tutor collects the submissions into the course's
``submitted/`` folder, ready for ``course autograde``. See ``docs/hub.md``.

Both functions read the exchange folder and course id the way nbgrader does (the Jupyter
configuration folders, then the course's ``nbgrader_config.py``) unless ``exchange`` is
given, check the folder first so a missing or read-only exchange is one clear sentence,
then run nbgrader in the course folder.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from .. import nbg
from ..errors import CourseError
from ..paths import resolve_module
from .plugins.exchange import LinkSafeCollect

DEFAULT_EXCHANGE = Path("/srv/nbgrader/exchange")  # nbgrader's own default
SETUP_HINT = "see docs/hub.md"


@dataclass
class Settings:
    """Where the exchange is and which course it is for, as nbgrader will see them."""

    folder: Path | None  # None when a non-default exchange (for example ngshare) is configured
    course_id: str


@dataclass
class CollectReport:
    """Learners whose submission was copied into ``submitted/`` this time, and the rest."""

    collected: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        out = [
            f"Collected {len(self.collected)} new or updated submission(s)"
            + (f": {', '.join(self.collected)}" if self.collected else "")
        ]
        if self.unchanged:
            out.append(f"  already up to date: {', '.join(self.unchanged)}")
        out += [f"  warning: {w}" for w in self.warnings]
        return out


def settings(root: Path, exchange: Path | None = None) -> Settings:
    """The exchange folder and course id nbgrader will use when run in ``root``."""
    config = nbg.load_config(root)
    course_id = str(config.CourseDirectory.get("course_id", "") or "")
    if not course_id:
        raise CourseError(
            "No course id is set; set c.CourseDirectory.course_id in "
            f"/etc/jupyter/nbgrader_config.py or grader_config.py ({SETUP_HINT})."
        )
    if exchange is not None:
        return Settings(Path(exchange), course_id)
    plugins = {
        k: v
        for k, v in config.ExchangeFactory.items()
        if not (k == "collect" and str(v).endswith("." + LinkSafeCollect.__name__))
    }
    if any(plugins.values()):
        return Settings(None, course_id)  # an exchange service checks its own access
    return Settings(Path(config.Exchange.get("root", DEFAULT_EXCHANGE)), course_id)


def _name(uid: int) -> str:
    try:
        import pwd  # not on Windows, where there is no shared exchange

        return pwd.getpwuid(uid).pw_name
    except (ImportError, KeyError):
        return f"uid {uid}"


def _account() -> str:
    return _name(os.geteuid())


def _owner(path: Path) -> str:
    try:
        return _name(path.stat().st_uid)
    except OSError:
        return "another account"


def _check_folder(folder: Path) -> None:
    """The exchange must exist and be writable by every account (mode 1777)."""
    fix = f"as root run `install -d -m 1777 {folder}`"
    if not folder.is_dir():
        raise CourseError(
            f"The nbgrader exchange folder {folder} does not exist; {fix}, or set "
            f"c.Exchange.root in nbgrader_config.py ({SETUP_HINT})."
        )
    if not os.access(folder, os.W_OK | os.X_OK):
        raise CourseError(
            f"The nbgrader exchange folder {folder} is not writable by this "
            f"account ({_account()}); as root run `chmod 1777 {folder}` "
            f"({SETUP_HINT})."
        )
    stat = folder.stat()
    if stat.st_mode & 0o777 != 0o777 and stat.st_uid != os.geteuid():
        raise CourseError(
            f"The nbgrader exchange folder {folder} is not writable by every "
            f"account (its mode is {oct(stat.st_mode & 0o7777)}), so trainees "
            f"could not submit; as root run `chmod 1777 {folder}` ({SETUP_HINT})."
        )


def _flags(exchange: Path | None) -> list[str]:
    return [f"--Exchange.root={exchange}"] if exchange is not None else []


def release(
    root: Path, module: str, *, exchange: Path | None = None, force: bool = False
) -> Path | None:
    """Build ``module`` from source/ and release it to the exchange; return its outbound folder.

    Releasing again replaces the copy in the exchange only with ``force``; trainees who
    already fetched the module keep theirs.
    """
    module = resolve_module(root, module)
    place = settings(root, exchange)
    outbound = None
    if place.folder is not None:
        _check_folder(place.folder)
        course = place.folder / place.course_id
        if course.exists() and not os.access(course, os.W_OK | os.X_OK):
            raise CourseError(
                f"{course} in the exchange belongs to {_owner(course)}; release "
                f"from that account, or ask root to remove the folder."
            )
        outbound = course / "outbound" / module
        if outbound.exists() and not force:
            raise CourseError(
                f"{module} is already released to {outbound}; release it again "
                "with --force to replace it (trainees who fetched it keep "
                "their copy)."
            )
    nbg.run(root, "generate_assignment", module, "--force")
    nbg.run(root, "release_assignment", module, *_flags(exchange), *(["--force"] if force else []))
    return outbound


COLLECTED = re.compile(r"(?:Collecting|Updating) submission: (\S+) ")
UNCHANGED = re.compile(
    r"(?:No newer submission to collect|Submission already exists, use "
    r"--update to update): (\S+) "
)
OWNER = re.compile(r"claims to be submitted by (\S+) but is owned by (\S+);")


def collect(root: Path, module: str, *, exchange: Path | None = None) -> CollectReport:
    """Copy each trainee's newest submission of ``module`` from the exchange into submitted/."""
    module = resolve_module(root, module)
    place = settings(root, exchange)
    if place.folder is not None:
        if not place.folder.is_dir():
            raise CourseError(
                f"The nbgrader exchange folder {place.folder} does not exist; "
                f"nothing can have been submitted ({SETUP_HINT})."
            )
        inbound = place.folder / place.course_id / "inbound"
        if not inbound.is_dir():
            raise CourseError(
                f"Nothing has been released for {place.course_id} yet ({inbound} "
                f"does not exist); run `course release {module}` first."
            )
        if not os.access(inbound, os.R_OK | os.X_OK):
            raise CourseError(
                f"This account ({_account()}) cannot read {inbound}; collect from "
                f"the account that released the module ({_owner(inbound)})."
            )
    result = nbg.run(root, "collect", module, "--update", *_flags(exchange))
    report = CollectReport()
    for line in result.output.splitlines():
        if found := COLLECTED.search(line):
            report.collected.append(found[1])
        elif found := UNCHANGED.search(line):
            report.unchanged.append(found[1])
        elif found := OWNER.search(line):
            report.warnings.append(
                f"the submission from {found[1]} is owned by the account "
                f"{found[2]}; check it before grading"
            )
    report.collected.sort()
    report.unchanged.sort()
    return report

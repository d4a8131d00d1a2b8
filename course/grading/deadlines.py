"""Deadlines, late penalties and extensions, stated once in ``deadlines.yml`` (docs/grades.md).

The file sits in the course folder. Times are UK time (Europe/London), so ``17:00`` in
May is 16:00 UTC (BST) and in December 17:00 UTC (GMT); nbgrader keeps UTC, and this module
converts. A date without a time means 23:59 that day. An hour that does not exist (the
clocks go forward) or happens twice (they go back) is refused rather than guessed::

    late_penalty:            # the course's rule; a module may give its own
      percent_per_day: 10    # of the marks scored, per day or part of a day late
      zero_after_days: 5     # optional: later than this scores nothing
    modules:
      m01:
        due: 2026-05-11 17:00
        extensions:
          ada: 2026-05-18 17:00   # a new deadline for one learner
          ben: 3 days             # or a length: days, hours or weeks, same clock time

What is stated here is applied through nbgrader's own mechanisms before grading: the
assignment's ``duedate``, each learner's ``SubmittedAssignment.extension``, and the
late-submission plugin (``plugins/late.py``) that ``grader_config.py`` names for the
penalty. A bad line (a date that is not one, an unknown learner, a key given twice) is one
sentence naming the line, and nothing is changed.
"""

from __future__ import annotations

import hashlib
import math
import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import yaml

from ..errors import CourseError

FILE = "deadlines.yml"
UK = ZoneInfo("Europe/London")
TOP_KEYS = ("late_penalty", "modules")
MODULE_KEYS = ("due", "late_penalty", "extensions")
PENALTY_KEYS = ("percent_per_day", "zero_after_days")
LENGTH = re.compile(r"^(?P<n>\d+(?:\.\d+)?)\s*(?P<unit>minute|hour|day|week)s?$", re.I)
WHEN = re.compile(r"^(?P<date>\d{4}-\d{2}-\d{2})(?:[ T](?P<time>\d{1,2}:\d{2})(?::\d{2})?)?$")


@dataclass(frozen=True)
class Penalty:
    """How much of a late learner's score is taken away."""

    percent_per_day: float = 0.0
    zero_after_days: float | None = None

    def days_late(self, seconds_late: float) -> int:
        """Days or part days late: one second late is one day."""
        return max(0, math.ceil(seconds_late / 86400))

    def of(self, score: float, seconds_late: float) -> float:
        """The marks taken from ``score`` for work handed in ``seconds_late`` late."""
        if seconds_late <= 0:
            return 0.0
        if self.zero_after_days is not None and seconds_late > self.zero_after_days * 86400:
            return score
        share = min(100.0, self.percent_per_day * self.days_late(seconds_late)) / 100
        return round(score * share, 2)

    def describe(self) -> str:
        if not self.percent_per_day and self.zero_after_days is None:
            return "no late penalty"
        text = f"{self.percent_per_day:g}% of the marks scored per day or part of a day late"
        if self.zero_after_days is not None:
            text += f"; zero when more than {self.zero_after_days:g} day(s) late"
        return text


@dataclass
class ModuleDeadline:
    """One module's deadline (UTC, naive as nbgrader keeps it), penalty and extensions."""

    module: str
    due: datetime
    penalty: Penalty
    extensions: dict[str, timedelta] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)  # learner -> line in the file

    def due_for(self, learner: str) -> datetime:
        """The learner's own deadline in UTC: the module's plus any extension."""
        return self.due + self.extensions.get(learner, timedelta(0))

    def passed_for(self, learner: str, now: datetime | None = None) -> bool:
        """Whether the learner's deadline (with any extension) has passed."""
        now = now or datetime.now(timezone.utc).replace(tzinfo=None)
        return now >= self.due_for(learner)

    def digest(self) -> str:
        """What grading depends on: changes when the deadline, penalty or extensions do."""
        text = repr((self.due, self.penalty, sorted(self.extensions.items())))
        return hashlib.sha256(text.encode()).hexdigest()


@dataclass
class Deadlines:
    """Everything ``deadlines.yml`` states."""

    path: Path
    penalty: Penalty = field(default_factory=Penalty)
    modules: dict[str, ModuleDeadline] = field(default_factory=dict)

    def get(self, module: str) -> ModuleDeadline | None:
        return self.modules.get(module)


def uk_time(when_utc: datetime) -> str:
    """A naive UTC time as UK wall-clock time with its zone name (BST or GMT)."""
    local = when_utc.replace(tzinfo=timezone.utc).astimezone(UK)
    return f"{local:%A} {local.day} {local:%B %Y, %H:%M} {local.tzname() or ''}".rstrip()


def _uk_to_utc(local: datetime, where: str) -> datetime:
    """UK wall-clock time -> naive UTC; an hour skipped or repeated by the clocks is refused."""
    first = local.replace(tzinfo=UK, fold=0)
    second = local.replace(tzinfo=UK, fold=1)
    if first.utcoffset() != second.utcoffset():
        there = first.astimezone(timezone.utc).astimezone(UK).replace(tzinfo=None)
        if there != local:
            raise CourseError(
                f"{where}: {local:%Y-%m-%d %H:%M} does not exist in UK time (the clocks go "
                "forward then); give a time outside 01:00-02:00 that night."
            )
        raise CourseError(
            f"{where}: {local:%Y-%m-%d %H:%M} happens twice in UK time (the clocks go back "
            "then); give a time outside 01:00-02:00 that night."
        )
    return first.astimezone(timezone.utc).replace(tzinfo=None)


def parse_when(text: str, where: str) -> datetime:
    """``YYYY-MM-DD HH:MM`` (or a date alone, meaning 23:59) in UK time -> naive UTC."""
    found = WHEN.match(text.strip())
    try:
        if not found:
            raise ValueError
        day = date.fromisoformat(found["date"])
        hhmm = time.fromisoformat(found["time"].zfill(5)) if found["time"] else time(23, 59)
    except ValueError:
        raise CourseError(
            f"{where}: {text!r} is not a date and time; write it as YYYY-MM-DD HH:MM in UK "
            "time, such as 2026-05-11 17:00."
        ) from None
    return _uk_to_utc(datetime.combine(day, hhmm), where)


def _extension(text: str, due_utc: datetime, where: str) -> timedelta:
    """An extension, as a new deadline or a length, as nbgrader's timedelta from ``due``."""
    found = LENGTH.match(text.strip())
    if found:
        n, unit = float(found["n"]), found["unit"].lower()
        step = {"minute": 60, "hour": 3600, "day": 86400, "week": 7 * 86400}[unit] * n
        if unit in ("day", "week"):
            # The same clock time that many days later, though the clocks may change between.
            local = due_utc.replace(tzinfo=timezone.utc).astimezone(UK).replace(tzinfo=None)
            new = _uk_to_utc(local + timedelta(seconds=step), where)
        else:
            new = due_utc + timedelta(seconds=step)
    else:
        try:
            new = parse_when(text, where)
        except CourseError:
            raise CourseError(
                f"{where}: {text!r} is neither a date and time (YYYY-MM-DD HH:MM, UK time) "
                "nor a length such as 3 days or 48 hours."
            ) from None
    if new <= due_utc:
        raise CourseError(
            f"{where}: the extension ends at or before the module's deadline; give a later "
            "date or a positive length."
        )
    return new - due_utc


class _Lines(yaml.SafeLoader):
    """A YAML loader that only builds nodes: the walk below keeps their line numbers."""


def _compose(path: Path) -> yaml.Node | None:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise CourseError(f"{path} cannot be read as UTF-8 text ({exc}).") from exc
    try:
        return yaml.compose(text, Loader=_Lines)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f" line {mark.line + 1}" if mark else ""
        raise CourseError(
            f"{path}{line} is not valid YAML ({getattr(exc, 'problem', exc)}); "
            "see docs/grades.md for the form."
        ) from None


def _mapping(node: yaml.Node, path: Path, what: str) -> list[tuple[str, yaml.Node, int]]:
    """(key, value node, line) of a YAML mapping; a key given twice is refused by line."""
    where = f"{path} line {node.start_mark.line + 1}"
    if not isinstance(node, yaml.MappingNode):
        raise CourseError(f"{where}: {what} should be a list of `name: value` lines.")
    seen: dict[str, int] = {}
    out = []
    for key_node, value in node.value:
        key = str(key_node.value)
        line = key_node.start_mark.line + 1
        if key in seen:
            raise CourseError(
                f"{path} line {line} repeats {key!r} of line {seen[key]} in {what}; give each once."
            )
        seen[key] = line
        out.append((key, value, line))
    return out


def _scalar(node: yaml.Node, path: Path, line: int, what: str) -> str:
    if not isinstance(node, yaml.ScalarNode) or node.value == "":
        raise CourseError(f"{path} line {line}: {what} needs one value on the line.")
    return str(node.value)


def _penalty(node: yaml.Node, path: Path, base: Penalty) -> Penalty:
    values: dict[str, float | None] = {
        "percent_per_day": base.percent_per_day,
        "zero_after_days": base.zero_after_days,
    }
    if isinstance(node, yaml.ScalarNode) and str(node.value).lower() in ("none", "no", "0"):
        return Penalty()
    for key, value, line in _mapping(node, path, "late_penalty"):
        if key not in PENALTY_KEYS:
            raise CourseError(
                f"{path} line {line}: {key!r} is not a late_penalty setting; they are "
                f"{', '.join(PENALTY_KEYS)}."
            )
        text = _scalar(value, path, line, key).rstrip("%").strip()
        try:
            number = float(text)
        except ValueError:
            number = -1.0
        if number < 0 or (key == "percent_per_day" and number > 100):
            raise CourseError(
                f"{path} line {line}: {key} must be a number"
                + (" from 0 to 100." if key == "percent_per_day" else " of days, 0 or more.")
            )
        values[key] = number
    return Penalty(float(values["percent_per_day"] or 0), values["zero_after_days"])


def load(
    path: Path, learners: set[str] | None = None, modules: set[str] | None = None
) -> Deadlines:
    """Read and check ``deadlines.yml``; ``learners`` and ``modules``, when given, are the
    ones an extension or a module may name. A missing file states no deadlines."""
    found = Deadlines(path)
    if not path.is_file():
        return found
    root = _compose(path)
    if root is None:
        return found
    top = _mapping(root, path, "deadlines.yml")
    for key, _, line in top:
        if key not in TOP_KEYS:
            raise CourseError(
                f"{path} line {line}: {key!r} is not a setting of deadlines.yml; they are "
                f"{', '.join(TOP_KEYS)}."
            )
    parts = {key: value for key, value, _ in top}
    if "late_penalty" in parts:
        found.penalty = _penalty(parts["late_penalty"], path, Penalty())
    if "modules" not in parts:
        return found
    for module, node, line in _mapping(parts["modules"], path, "modules"):
        if modules is not None and module not in modules:
            raise CourseError(
                f"{path} line {line}: there is no module {module!r}; modules are named by "
                "their short id, such as m01."
            )
        settings = _mapping(node, path, module)
        names = {key for key, _, _ in settings}
        for key, _, key_line in settings:
            if key not in MODULE_KEYS:
                raise CourseError(
                    f"{path} line {key_line}: {key!r} is not a setting of a module; they are "
                    f"{', '.join(MODULE_KEYS)}."
                )
        if "due" not in names:
            raise CourseError(f"{path} line {line}: {module} has no `due:` line.")
        by_key = {key: (value, key_line) for key, value, key_line in settings}
        due_node, due_line = by_key["due"]
        due = parse_when(_scalar(due_node, path, due_line, "due"), f"{path} line {due_line}")
        penalty = found.penalty
        if "late_penalty" in by_key:
            penalty = _penalty(by_key["late_penalty"][0], path, found.penalty)
        deadline = ModuleDeadline(module, due, penalty)
        if "extensions" in by_key:
            for learner, value, ext_line in _mapping(
                by_key["extensions"][0], path, f"the extensions of {module}"
            ):
                if learners is not None and learner not in learners:
                    raise CourseError(
                        f"{path} line {ext_line}: {learner!r} is not a learner on the roster "
                        "or in the gradebook; check the id."
                    )
                text = _scalar(value, path, ext_line, f"the extension of {learner}")
                deadline.extensions[learner] = _extension(text, due, f"{path} line {ext_line}")
                deadline.lines[learner] = ext_line
        found.modules[module] = deadline
    return found


def known_learners(root: Path) -> set[str] | None:
    """Learner ids an extension may name: the gradebook's and those in ``submitted/``;
    ``None`` (any) when the course has neither yet."""
    ids = {p.name for p in (root / "submitted").glob("*") if p.is_dir()}
    if (root / "gradebook.db").is_file():
        from . import gradebook

        with gradebook.open_gradebook(root) as gb:
            ids |= {s.id for s in gb.students}
    return ids or None


def read(root: Path) -> Deadlines:
    """The course's ``deadlines.yml``, checked against its modules and learners."""
    from ..paths import module_ids

    short = {m.split("_", 1)[0] for m in module_ids(root)}
    return load(root / FILE, known_learners(root), short | set(module_ids(root)))


def for_module(root: Path, module: str) -> ModuleDeadline | None:
    """The deadline ``deadlines.yml`` gives ``module`` (by its folder name or short id)."""
    found = read(root)
    return found.get(module) or found.get(module.split("_", 1)[0])


def apply(root: Path, module: str) -> ModuleDeadline | None:
    """Write the module's deadline and extensions into nbgrader's gradebook before grading.

    The assignment's ``duedate`` is set (or cleared when the file gives none); every learner
    who has handed in gets their ``extension`` (or none). The penalty itself is worked out by
    the late-submission plugin while nbgrader grades.
    """
    from nbgrader.api import MissingEntry

    from . import gradebook

    if not (root / FILE).is_file():
        return None  # no deadlines.yml: the gradebook's dates are left as they are
    deadline = for_module(root, module)
    handed_in = sorted(p.parent.name for p in (root / "submitted").glob(f"*/{module}"))
    with gradebook.alembic_on_path(), gradebook.open_gradebook(root) as gb:
        assignment = gb.update_or_create_assignment(module)
        assignment.duedate = deadline.due if deadline else None
        gb.db.commit()
        for learner in handed_in:
            try:
                gb.find_student(learner)
            except MissingEntry:
                gb.add_student(learner)
            submission = gb.update_or_create_submission(module, learner)
            submission.extension = deadline.extensions.get(learner) if deadline else None
        gb.db.commit()
    return deadline


def lines(root: Path, module: str) -> list[str]:
    """What ``course deadlines <module>`` prints: deadline, penalty and extensions."""
    deadline = for_module(root, module)
    if deadline is None:
        return [
            f"{module}: no deadline is set in {FILE}, so no work is late and feedback "
            "waits only for marking."
        ]
    out = [
        f"{module}: due {uk_time(deadline.due)} (UK time).",
        f"  late penalty: {deadline.penalty.describe()}.",
    ]
    if not deadline.extensions:
        out.append("  extensions: none.")
    for learner, extra in sorted(deadline.extensions.items()):
        out.append(f"  extension: {learner} until {uk_time(deadline.due + extra)}.")
    return out

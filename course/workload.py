"""How long a module takes a newcomer and how its marks are split, computed from its cells.

The time and marks lines under each module's title, and the marks and minutes in its
section headings, are written from these figures by ``course workload --write``, so that
they cannot drift from the cells when a task or reflection is added. The rates are stated
once, here, and explained in ``docs/workload.md``; change them there and here together
after timing a pilot group.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from nbformat.notebooknode import NotebookNode

from . import notebooks
from .paths import module_ids
from .progress import cell_reflection_checks
from .text import word_count

READING_WORDS_PER_MINUTE = 200
"""Reading the explanations: about 200 words a minute for dense, unfamiliar material."""

WRITING_WORDS_PER_MINUTE = 10
"""Reflective writing, thinking included: about ten words of the minimum length a minute."""

MINUTES_TO_START_A_REFLECTION = 3
"""Reading a prompt and deciding what to say, before the first word."""

MINUTES_PER_RATING = 0.5
MINUTES_PER_TABLE_ROW = 3
MINUTES_PER_ANSWER = 8
"""One answer cell of a data task, for someone who has not programmed before."""

MINUTES_PER_OTHER_CODE_CELL = 1
"""Running a set-up, worked-example or chart cell and looking at what it shows."""

MINUTES_PER_CHECK = 0.5

# A heading whose marks the course states: "(8 marks, about 30 minutes)" at the end, or
# "(2 marks)" before a colon as in "### Task 1 (2 marks): influence ratio".
HEADING_MARKS = re.compile(r"^(#+ [^\n(]*?)\s*\((\d+ marks?[^)]*)\)(:?)(.*)$")
TIME_LINE = re.compile(r"^\*\*Time:\*\*[^\n]*?\.(?= |$)", re.M)
MARKS_LINE = re.compile(r"^\*\*Marks:\*\*[^\n]*?\.(?= |$)", re.M)


@dataclass
class Load:
    """Minutes and marks of a stretch of a notebook (a section or the whole module)."""

    reading: float = 0.0
    data_task: float = 0.0
    writing: float = 0.0
    answer_marks: float = 0.0
    completion_marks: float = 0.0
    tutor_marks: float = 0.0

    @property
    def minutes(self) -> float:
        return self.reading + self.data_task + self.writing

    @property
    def marks(self) -> float:
        return self.answer_marks + self.completion_marks + self.tutor_marks

    def add(self, other: Load) -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass
class Section:
    """One heading, the cell it is in, and the load of the cells under it."""

    cell_index: int
    level: int
    title: str
    load: Load = field(default_factory=Load)


def _writing_minutes(kind: str, detail: dict[str, Any]) -> float:
    """Minutes to complete one reflection to the length its check asks for."""
    start = MINUTES_TO_START_A_REFLECTION
    if kind == "text":
        return start + detail.get("min_words", 50) / WRITING_WORDS_PER_MINUTE
    if kind == "stages":
        words = detail.get("min_words", 20) * len(detail.get("stages", [])) or 100
        return start + words / WRITING_WORDS_PER_MINUTE
    if kind == "ratings":
        return start + MINUTES_PER_RATING * max(len(detail.get("items", [])), 3)
    if kind == "table":
        return start + MINUTES_PER_TABLE_ROW * detail.get("min_rows", 3)
    return start + 5


def cell_load(cell: NotebookNode) -> Load:
    """The time a newcomer spends on one cell, and the marks it carries, by kind."""
    meta = notebooks.nbgrader_meta(cell)
    points = float(meta.get("points") or 0)
    if cell.cell_type == "markdown":
        if meta.get("task"):
            return Load(tutor_marks=points)  # a marking guide: for the tutor, not read
        text = re.sub(r"\]\([^)]*\)", "]", cell.source)  # link targets are not read
        return Load(reading=word_count(text) / READING_WORDS_PER_MINUTE)
    if cell.cell_type != "code":
        return Load()
    if notebooks.is_answer(cell):
        return Load(data_task=MINUTES_PER_ANSWER)
    if notebooks.is_autograded_test(cell):
        reflections = cell_reflection_checks(cell.source)
        if reflections:
            return Load(
                writing=sum(_writing_minutes(kind, detail) for kind, _, detail in reflections),
                completion_marks=points,
            )
        return Load(data_task=MINUTES_PER_CHECK, answer_marks=points)
    if "reflect.show(" in cell.source or re.search(r"reflect\.\w+_reflection\(", cell.source):
        return Load()  # counted with the reflection's check
    return Load(reading=MINUTES_PER_OTHER_CODE_CELL)


def sections(nb: NotebookNode) -> list[Section]:
    """Every heading of the notebook, each with the load of the cells until the next heading
    of the same or a higher level."""
    found: list[Section] = []
    for index, cell in enumerate(nb.cells):
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                match = re.match(r"^(#+) (.*)$", line)
                if match:
                    found.append(Section(index, len(match.group(1)), match.group(2)))
        load = cell_load(cell)
        for section in found:
            if section.cell_index <= index and _still_open(found, section, index):
                section.load.add(load)
    return found


def _still_open(found: list[Section], section: Section, index: int) -> bool:
    """Whether no later heading at the same or a higher level began by cell ``index``."""
    later = found[found.index(section) + 1 :]
    return not any(s.level <= section.level and s.cell_index <= index for s in later)


def module_load(nb: NotebookNode) -> Load:
    """The whole module's minutes and marks."""
    total = Load()
    for cell in nb.cells:
        total.add(cell_load(cell))
    return total


def _round5(minutes: float) -> int:
    """Minutes to the nearest five, never less than five."""
    return max(5, int(5 * math.floor(minutes / 5 + 0.5)))


def _duration(minutes: int) -> str:
    """'50 minutes', '1 hour 40 minutes', '2 hours'."""
    hours, rest = divmod(minutes, 60)
    text = [f"{hours} hour{'s' if hours > 1 else ''}"] if hours else []
    if rest or not hours:
        text.append(f"{rest} minutes")
    return " ".join(text)


def _n(value: float) -> str:
    return f"{value:g}"


def describe_marks(load: Load) -> str:
    """'8 marks', or '13 marks: 3 for completing, 10 from your tutor' when kinds mix."""
    parts = [
        (load.answer_marks, "for your answers"),
        (load.completion_marks, "for completing"),
        (load.tutor_marks, "from your tutor"),
    ]
    present = [(v, label) for v, label in parts if v]
    if len(present) == 1:
        value, label = present[0]
        unit = "mark" if value == 1 else "marks"
        return f"{_n(value)} {unit}" + ("" if label == "for your answers" else f" {label}")
    return f"{_n(load.marks)} marks: " + ", ".join(f"{_n(v)} {label}" for v, label in present)


def time_line(load: Load) -> str:
    """The title cell's time line, with the parts that make it up."""
    reading, task, writing = (_round5(x) for x in (load.reading, load.data_task, load.writing))
    parts = [f"{reading} minutes reading"]
    if load.data_task:
        parts.append(f"{task} for the data task")
    if load.writing:
        parts.append(f"{writing} for writing")
    total = reading + (task if load.data_task else 0) + (writing if load.writing else 0)
    return f"**Time:** about {_duration(total)} ({', '.join(parts)})."


def marks_line(load: Load) -> str:
    """The title cell's marks line: what is checked automatically and what the tutor marks."""
    auto = []
    if load.answer_marks:
        auto.append(f"{_n(load.answer_marks)} for your data-task answers")
    if load.completion_marks:
        auto.append(f"{_n(load.completion_marks)} for completing your written answers")
    text = f"**Marks:** {_n(load.marks)} in all: "
    if auto:
        text += " and ".join(auto) + " (checked automatically)"
    if load.tutor_marks:
        text += (", and " if auto else "") + (
            f"{_n(load.tutor_marks)} for what you write (marked by your tutor)"
        )
    return text + "."


def _heading_line(line: str, section: Section) -> str:
    """A heading line with its stated marks (and, at the end, minutes) written afresh."""
    match = HEADING_MARKS.match(line)
    if not match or not section.load.marks:
        return line
    head, _, colon, rest = match.groups()
    stated = describe_marks(section.load)
    if not colon and not rest.strip():
        return f"{head} ({stated}; about {_round5(section.load.minutes)} minutes)"
    return f"{head} ({stated}){colon}{rest}"


def rewritten(nb: NotebookNode) -> dict[int, str]:
    """The cells whose stated time or marks differ from the computed ones: index -> source."""
    changed: dict[int, str] = {}
    by_cell: dict[int, list[Section]] = {}
    for section in sections(nb):
        by_cell.setdefault(section.cell_index, []).append(section)
    for index, found in by_cell.items():
        lines = nb.cells[index].source.split("\n")
        heads = iter(found)
        for i, line in enumerate(lines):
            if re.match(r"^#+ ", line):
                lines[i] = _heading_line(line, next(heads))
        source = "\n".join(lines)
        if index == 0 and found and found[0].level == 1:
            load = module_load(nb)
            source = TIME_LINE.sub(time_line(load), source)
            source = MARKS_LINE.sub(marks_line(load), source)
        if source != nb.cells[index].source:
            changed[index] = source
    return changed


def _updates(root: Path) -> Iterator[tuple[str, Path, NotebookNode, dict[int, str]]]:
    """Each source notebook with the cells whose time or marks need writing afresh."""
    for module in module_ids(root):
        path = root / "source" / module / f"{module}.ipynb"
        nb = notebooks.read(path)
        yield module, path, nb, rewritten(nb)


def out_of_date(root: Path) -> list[str]:
    """'module: heading' for every stated time or mark that the cells no longer support."""
    return [
        f"{module}: {nb.cells[i].source.splitlines()[0]}  (now: {source.splitlines()[0]})"
        for module, _, nb, updates in _updates(root)
        for i, source in updates.items()
    ]


def write(root: Path) -> list[str]:
    """Write the computed time and marks into every source notebook; the modules changed."""
    import nbformat

    changed = []
    for module, path, nb, updates in _updates(root):
        if updates:
            for index, source in updates.items():
                nb.cells[index].source = source
            nbformat.write(nb, str(path))
            changed.append(module)
    return changed

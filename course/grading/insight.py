"""What a cohort found hard: failures per check, reflection completion and length, near-copies.

Everything is read from ``autograded/<learner>/<module>/``, the graded notebooks and the
reflection files they were graded with, so the figures agree with the gradebook: a check
counts as failed when nbgrader's own scoring (``nbgrader.utils.determine_grade``) gives it
less than its points, and a reflection is complete when its completeness check passed.
Learners whose grading failed have no graded notebook and are left out (the autograde
summary names them). ``course.grading.report`` turns this into the summary page.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path
from statistics import quantiles

from .. import notebooks
from ..errors import CourseError
from ..notebooks import is_autograded_test, nbgrader_meta
from ..progress import cell_reflection_checks
from ..reflections import kinds, store
from . import similarity


@dataclass
class CheckResult:
    """One autograded check across the cohort."""

    grade_id: str
    call: str  # the check's first line, as the tutor sees it in formgrader
    points: float
    graded: int = 0  # learners whose graded notebook holds this check
    failed: list[str] = field(default_factory=list)  # learners who scored less than its points

    @property
    def failed_pct(self) -> float:
        return round(100 * len(self.failed) / self.graded, 1) if self.graded else 0.0


@dataclass
class ReflectionResult:
    """One reflection across the cohort: how many completed it and how long the answers are."""

    key: str
    kind: str
    prompt: str = ""
    graded: int = 0  # learners whose graded notebook checks this reflection
    complete: list[str] = field(default_factory=list)
    words: dict[str, int] = field(default_factory=dict)  # learner -> words, where saved
    files: dict[str, Path] = field(default_factory=dict)  # learner -> the reflection file
    similar: list[similarity.Pair] = field(default_factory=list)

    @property
    def complete_pct(self) -> float:
        return round(100 * len(self.complete) / self.graded, 1) if self.graded else 0.0

    @property
    def written(self) -> bool:
        """Whether answers of this kind have words to count (a self-rating has none)."""
        return self.kind in kinds.WRITTEN

    def length(self) -> tuple[int, float, float, float, int] | None:
        """Words of the saved answers: minimum, lower quartile, median, upper quartile, maximum.

        Quartiles are the inclusive kind (as a spreadsheet's QUARTILE.INC); None if nothing
        is saved.
        """
        counts = sorted(self.words.values())
        if not counts:
            return None
        if len(counts) == 1:
            only = counts[0]
            return only, only, only, only, only
        q1, q2, q3 = quantiles(counts, n=4, method="inclusive")
        return counts[0], q1, q2, q3, counts[-1]


@dataclass
class ModuleInsight:
    """A module's checks (hardest first) and reflections (in notebook order)."""

    module: str
    learners: list[str]
    checks: list[CheckResult]
    reflections: list[ReflectionResult]
    threshold: float = similarity.THRESHOLD
    min_words: int = similarity.MIN_WORDS
    # learner -> (reflection check cells passed, reflection check cells), as the summary counts
    completion: dict[str, tuple[int, int]] = field(default_factory=dict)


def graded_notebooks(root: Path, module: str) -> dict[str, list[Path]]:
    """Learner -> their graded notebooks of ``module``."""
    found: dict[str, list[Path]] = {}
    for path in sorted((root / "autograded").glob(f"*/{module}/*.ipynb")):
        found.setdefault(path.parents[1].name, []).append(path)
    return found


@functools.lru_cache(maxsize=4096)
def reflection_checks_in(source: str) -> list[tuple[str, str, dict]]:  # type: ignore[type-arg]
    """``progress.cell_reflection_checks``, parsed once per distinct cell source: every
    learner's graded notebook holds the same check cells. Do not change what it returns."""
    return cell_reflection_checks(source)


def reflection_cells(nb: notebooks.NotebookNode) -> tuple[int, int]:
    """(reflection check cells without an error, reflection check cells) of a graded notebook."""
    passed = total = 0
    for cell in nb.cells:
        if cell.get("cell_type") == "code" and reflection_checks_in(cell.get("source", "")):
            total += 1
            if not any(o.get("output_type") == "error" for o in cell.get("outputs", [])):
                passed += 1
    return passed, total


def _score(cell: notebooks.NotebookNode) -> tuple[float, float]:
    from nbgrader.utils import determine_grade

    score, points = determine_grade(cell)
    return float(score or 0.0), float(points or 0.0)


def module_insight(
    root: Path,
    module: str,
    threshold: float = similarity.THRESHOLD,
    min_words: int = similarity.MIN_WORDS,
) -> ModuleInsight:
    """Failures per check, and completion, length and near-copies per reflection, of ``module``."""
    checks: dict[str, CheckResult] = {}
    reflections: dict[str, ReflectionResult] = {}
    own_words: dict[str, dict[str, list[str]]] = {}
    completion: dict[str, tuple[int, int]] = {}
    graded = graded_notebooks(root, module)
    for student, paths in graded.items():
        for path in paths:
            try:
                nb = notebooks.read(path)
            except CourseError:
                continue
            passed, total = reflection_cells(nb)
            before = completion.get(student, (0, 0))
            completion[student] = (before[0] + passed, before[1] + total)
            for cell in nb.cells:
                if not is_autograded_test(cell):
                    continue
                score, points = _score(cell)
                grade_id = str(nbgrader_meta(cell).get("grade_id", ""))
                first = next((ln for ln in cell.source.splitlines() if ln.strip()), "")
                check = checks.setdefault(grade_id, CheckResult(grade_id, first.strip(), points))
                check.graded += 1
                if score < points:
                    check.failed.append(student)
                for kind, key, _detail in reflection_checks_in(cell.source):
                    result = reflections.setdefault(key, ReflectionResult(key, kind))
                    result.graded += 1
                    if score >= points:
                        result.complete.append(student)
                    _read_answer(result, student, path.parent, own_words.setdefault(key, {}))
    for key, result in reflections.items():
        if result.written:
            result.similar = similarity.similar_pairs(own_words[key], threshold, min_words)
    ordered = sorted(checks.values(), key=lambda c: -len(c.failed))  # stable: notebook order
    return ModuleInsight(
        module,
        sorted(graded),
        ordered,
        list(reflections.values()),
        threshold,
        min_words,
        completion,
    )


def _read_answer(
    result: ReflectionResult, student: str, folder: Path, own_words: dict[str, list[str]]
) -> None:
    """Note one learner's saved answer to ``result``: its words and its learner-written part."""
    try:
        record = store.load(result.key, folder)
    except (store.ReflectionFileError, CourseError):
        return
    if record is None:
        return
    kind = kinds.of(record)
    result.prompt = result.prompt or str(record.get("prompt", ""))
    result.files[student] = store.reflection_path(result.key, folder)
    if result.written:
        result.words[student] = kind.words(record)
        template = similarity.template_words(record)
        own_words[student] = similarity.comparable("\n".join(kind.texts(record)), template)


def cohort_insight(root: Path, modules: list[str]) -> list[ModuleInsight]:
    """``module_insight`` for each module, in the order given."""
    return [module_insight(root, module) for module in modules]

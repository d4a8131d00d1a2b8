"""A hostile cohort: every attack gets its exact score or reason, and changes nothing else.

Each hostile learner below tries one thing a learner who has read the course's source
might try: write to the course folder, plant Python files, leave a process running,
patch what checks call, read hidden tests, kill the kernel, flood the output. Most do it
with every answer wrong (``M01_WRONG``: 3 of 11, the three reflection marks), so any
gain shows as a score above 3.
"""

from __future__ import annotations

import hashlib
import json
import re
import socket
import zipfile
from collections.abc import Callable
from pathlib import Path

import nbformat
import pytest

from conftest import M01, REPO
from course import notebooks
from course.grading import tutor as grading
from learners import M01_WRONG, fill, solutions, write_complete_reflections, zip_folder

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("isolation")]

SOURCE_NB = REPO / "source" / M01 / f"{M01}.ipynb"
M02 = "m02_influence_from_the_inside_out"
RIGHT = solutions(SOURCE_NB)
WRONG = M01_WRONG
FIRST_CHECK = "m01-check-ratio"
_CHECKS = [
    c for c in nbformat.read(SOURCE_NB, as_version=4).cells if notebooks.is_autograded_test(c)
]
FULL = float(sum(notebooks.nbgrader_meta(c)["points"] for c in _CHECKS))  # every automatic mark
# the reflection and self-rating checks: all a learner with every data answer wrong still gets
REFLECTION_MARKS = float(
    sum(notebooks.nbgrader_meta(c)["points"] for c in _CHECKS if "reflect.check_" in c.source)
)
TOKEN = "course-hostile-test"  # in the names of files and processes learners leave behind


def with_code(answers: dict[str, str], code: str, where: str = "m01-answer-ratio") -> dict:
    """``answers`` with ``code`` run first in the answer cell ``where``."""
    return {**answers, where: code + "\n" + answers[where]}


def hidden_lines() -> list[str]:
    found = []
    for cell in nbformat.read(SOURCE_NB, as_version=4).cells:
        for block in re.findall(
            r"### BEGIN HIDDEN TESTS\n(.*?)### END HIDDEN TESTS", cell.source, re.S
        ):
            found += [ln.strip() for ln in block.splitlines() if len(ln.strip()) > 12]
    return found


def course_root_write(root: Path) -> str:
    targets = [
        root / "nbgrader_config.py",
        root / "grader_config.py",
        REPO / "course" / "checks.py",
        root / "gradebook.db",
    ]
    return f"""import os
for line in open('/proc/self/mountinfo').read().splitlines():
    point = line.split()[4]
    for name in ('nbgrader_config.py', 'checks.py'):
        try:
            with open(os.path.join(point, name), 'a') as f:
                f.write('\\n# {TOKEN}\\n')
        except OSError:
            pass
for target in {[str(t) for t in targets]!r}:
    try:
        with open(target, 'a') as f:
            f.write('\\n# {TOKEN}\\n')
    except OSError:
        pass
"""


def snoop(root: Path, port: int) -> str:
    """Answer code that fails loudly if it can see anything outside its own submission."""
    targets = [
        root / "gradebook.db",
        root / "submitted",
        root / "source",
        root / "autograded",
        root / "feedback",
        root,
        Path.home() / ".bashrc",
        Path("../../valid"),
    ]
    return f"""import os, socket
seen = []
for target in {[str(t) for t in targets]!r}:
    if os.path.exists(target):
        seen.append(target)
try:
    socket.create_connection(('127.0.0.1', {port}), timeout=3)
    seen.append('network')
except OSError:
    pass
assert not seen, f"could see {{seen}}"
"""


ORPHAN = f"""import os, subprocess, sys
if os.fork() == 0:
    subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(600)', '{TOKEN}'],
                     start_new_session=True)
    os._exit(0)
"""
SEND = """ip = get_ipython()
session = ip.kernel.session
real_send = session.send
def send(stream, msg_or_type, content=None, *args, **kwargs):
    if msg_or_type == 'error':
        msg_or_type, content = 'stream', {'name': 'stdout', 'text': 'ok'}
    if isinstance(content, dict) and content.get('status') == 'error':
        content = {'status': 'ok', 'execution_count': content.get('execution_count')}
    return real_send(stream, msg_or_type, content, *args, **kwargs)
session.send = send
"""
BUILTINS = """import builtins, math
builtins.abs = lambda x: 0
builtins.next = lambda *a, **k: None
math.isclose = lambda *a, **k: True
"""
MODULES = """import importlib, os, sys, types
importlib.reload = lambda m: m
fake = types.ModuleType('course.checks')
fake.check = lambda *a, **k: None
fake.column_matches = fake.sequence_matches = fake.has_column = lambda *a, **k: None
sys.modules['course.checks'] = fake
os.makedirs('course', exist_ok=True)
open('course/__init__.py', 'w').write('')
open('course/checks.py', 'w').write('def check(*a, **k):\\n    pass\\n')
"""
NO_CHECK = "def check(*args):\n    pass\n"
LEAK = """def show(result):
    print(result.info.raw_cell)
get_ipython().events.register('post_run_cell', show)
"""
PRINT_IN = "print(In)\n"
HUGE = """import sys
print('z' * 2_000_000, flush=True)
for _ in range(40):
    print('x' * 500_000, flush=True)
print('y' * 20_000_000, flush=True)
"""
HOG = "hog = []\nwhile True:\n    hog.append(bytearray(50_000_000))\n"
SHADOWS = {
    name: f"open('/tmp/{TOKEN}-{name.replace('/', '-')}', 'w').write('ran')\n"
    for name in (
        "shlex.py",
        "tempfile.py",
        "subprocess.py",
        "ipykernel_launcher.py",
        "course/__init__.py",
        "course/sandbox.py",
        "course/checks.py",
    )
}


def edit_cells(change: Callable[[list], list]) -> Callable[[Path], None]:
    def apply(path: Path) -> None:
        nb = nbformat.read(path, as_version=4)
        nb.cells = change(nb.cells)
        nbformat.write(nb, path)

    return apply


def grade_id(cell) -> str | None:
    return cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")


def tamper(cells: list) -> list:
    for cell in cells:
        if cell.get("metadata", {}).get("nbgrader", {}).get("grade") and cell.cell_type == "code":
            cell.source = "pass  # checks switched off"
    return cells


def name_no_answers(cells: list) -> list:
    for cell in cells:
        if grade_id(cell) == FIRST_CHECK:
            cell.source = 'check("m01-ratio")'
    return cells


def detag(cells: list) -> list:
    for cell in cells:
        if grade_id(cell) == FIRST_CHECK:
            del cell.metadata["nbgrader"]
            cell.source = "pass"
    return cells


def duplicate(cells: list) -> list:
    out = []
    for cell in cells:
        out.append(cell)
        if grade_id(cell) == FIRST_CHECK:
            copy = nbformat.from_dict(json.loads(json.dumps(cell)))
            copy.id = "learner-copy"
            out.append(copy)
    return out


def shadow(folder: Path) -> None:
    for name, code in SHADOWS.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(code, encoding="utf-8")


# learner -> (answers, how to spoil the submission, expected score or failure reason)
def cohort(root: Path, port: int) -> dict[str, tuple[dict[str, str], object, float | str]]:
    return {
        "valid": (RIGHT, None, FULL),
        "valid2": (RIGHT, None, FULL),
        "wrong": (WRONG, None, REFLECTION_MARKS),
        "crash": (
            {**RIGHT, "m01-answer-ratio": "import a_module_that_does_not_exist"},
            None,
            FULL - 6,
        ),
        "loop": ({**RIGHT, "m01-answer-pct": "while True:\n    pass"}, None, FULL - 2),
        "hog": ({**RIGHT, "m01-answer-pct": HOG}, None, FULL - 2),
        "notjson": (RIGHT, "not json", "is not a notebook (it is not valid JSON)"),
        "othermod": (RIGHT, "m02", f"the submission has no {M01}.ipynb"),
        "tamper": (WRONG, edit_cells(tamper), REFLECTION_MARKS),
        "noanswers": (WRONG, edit_cells(name_no_answers), REFLECTION_MARKS),
        "deleted": (
            RIGHT,
            edit_cells(lambda cs: [c for c in cs if grade_id(c) != FIRST_CHECK]),
            FULL - 2,
        ),
        "detagged": (RIGHT, edit_cells(detag), FULL - 2),
        "duplicated": (RIGHT, edit_cells(duplicate), FULL - 2),
        "rootwrite": (with_code(WRONG, course_root_write(root)), None, REFLECTION_MARKS),
        "shadow": (RIGHT, shadow, FULL),
        "orphan": (with_code(WRONG, ORPHAN), None, REFLECTION_MARKS),
        "send": (with_code(WRONG, SEND), None, REFLECTION_MARKS),
        "builtins": (with_code(WRONG, BUILTINS), None, REFLECTION_MARKS),
        "modules": (with_code(WRONG, MODULES), None, REFLECTION_MARKS),
        "nocheck": (with_code(RIGHT, NO_CHECK), None, REFLECTION_MARKS),
        "leakhook": (with_code(WRONG, LEAK), None, REFLECTION_MARKS),
        "leakin": (with_code(WRONG, PRINT_IN, "m01-answer-low-ratio"), None, REFLECTION_MARKS),
        "exit": (
            with_code(RIGHT, "import os\nos._exit(0)", "m01-answer-low-ratio"),
            None,
            FULL - 2,
        ),
        "quit": (with_code(WRONG, "exit()", "m01-answer-low-ratio"), None, REFLECTION_MARKS),
        "huge": (with_code(RIGHT, HUGE), None, FULL),
        "snoop": (with_code(RIGHT, snoop(root, port)), None, FULL),
        "linker": (RIGHT, None, "holds a link to another file"),
        "zoé": (RIGHT, None, FULL),
        "nested": (RIGHT, None, FULL),
    }


def make_download(root: Path, tmp: Path, learners: dict) -> Path:
    release_nb = root / "release" / M01 / f"{M01}.ipynb"
    lms = tmp / "lms"
    for n, (student, (answers, spoil, _)) in enumerate(sorted(learners.items())):
        folder = lms / f"{student}_2026-05-11-10-{n:02d}-00"
        nb_path = fill(release_nb, answers, folder / f"{M01}.ipynb")
        write_complete_reflections(SOURCE_NB, folder)
        if spoil == "not json":
            nb_path.write_text("{ this is not a notebook", encoding="utf-8")
        elif spoil == "m02":
            nb_path.unlink()
            m02 = root / "release" / M02 / f"{M02}.ipynb"
            (folder / m02.name).write_bytes(m02.read_bytes())
        elif spoil is shadow:
            shadow(folder)
        elif callable(spoil):
            spoil(nb_path)
    nested = next(lms.glob("nested_*"))
    inner = lms / f"{nested.name}.zip"
    with zipfile.ZipFile(inner, "w") as zf:
        for path in sorted(nested.rglob("*")):
            zf.write(path, path.relative_to(nested))
    for path in sorted(nested.rglob("*"), reverse=True):
        path.rmdir() if path.is_dir() else path.unlink()
    nested.rmdir()
    archive = tmp / "download.zip"
    junk = {
        "readme-from-lms.txt": "junk the LMS adds",
        "__MACOSX/valid/._m01.ipynb": "junk",
        "grades-é.csv": "junk with a non-ASCII name",
    }
    return zip_folder(lms, archive, junk)


def digest(paths: list[Path]) -> dict[str, str]:
    return {str(p): hashlib.sha256(p.read_bytes()).hexdigest() for p in paths if p.is_file()}


def processes_named(token: str) -> list[str]:
    found = []
    for proc in Path("/proc").glob("[0-9]*"):
        try:
            if token.encode() in (proc / "cmdline").read_bytes():
                found.append(proc.name)
        except OSError:
            continue
    return found


def test_a_hostile_cohort_gets_exact_scores_and_changes_nothing_else(
    course_copy: Path, tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.setenv("COURSE_CELL_TIMEOUT", "8")
    monkeypatch.setenv("COURSE_KERNEL_MEMORY_MB", "1024")
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    learners = cohort(course_copy, listener.getsockname()[1])
    archive = make_download(course_copy, tmp_path, learners)
    trusted = [
        course_copy / "nbgrader_config.py",
        course_copy / "grader_config.py",
        *sorted((REPO / "course").rglob("*.py")),
    ]
    before = digest(trusted)

    collected = grading.collect_zip(course_copy, "m01", archive)
    assert collected.collected == sorted(learners)
    # What the exchange would deliver: files placed straight into submitted/.
    shadow(course_copy / "submitted" / "valid2" / M01)
    link = course_copy / "submitted" / "linker" / M01 / "reflections" / "m01_introduce_role.json"
    link.unlink()
    link.symlink_to(course_copy / "submitted" / "valid" / M01 / "reflections" / link.name)
    submitted_before = digest(sorted((course_copy / "submitted").rglob("*")))

    summary = grading.autograde(course_copy, "m01", jobs=2)
    listener.close()
    outcomes = {o.student: o for o in summary.outcomes}
    rows = grading.export(course_copy, tmp_path / "grades.csv")
    scores = {r["student_id"]: float(r["score"]) for r in rows if r["assignment"] == M01}
    for student, (_, _, expected) in learners.items():
        if isinstance(expected, str):
            assert outcomes[student].status == "failed"
            assert expected in outcomes[student].reason, outcomes[student].reason
        else:
            assert outcomes[student].status == "graded", (student, outcomes[student].reason)
            assert scores[student] == expected, (student, scores[student])

    # Nothing a learner did reached the course, another learner or the machine.
    assert digest(trusted) == before
    assert digest(sorted((course_copy / "submitted").rglob("*"))) == submitted_before
    assert not list(Path("/tmp").glob(f"{TOKEN}-*"))
    assert processes_named(TOKEN) == []
    # Python files never reach autograded/ (where the tutor opens notebooks): collect
    # refuses them from an LMS zip, and grading leaves them out of what the exchange delivered.
    assert not list((course_copy / "submitted" / "shadow").rglob("*.py"))
    assert any("shlex.py" in line for line in collected.skipped)
    for student in ("shadow", "valid2"):
        assert not list((course_copy / "autograded" / student / M01).rglob("*.py")), student
    assert any("left out of grading" in w for w in outcomes["valid2"].warnings)

    # What the tutor is told.
    assert outcomes["loop"].timed_out and not outcomes["valid"].timed_out
    assert any("ran out of memory" in w for w in outcomes["hog"].warnings)
    for student in ("deleted", "detagged", "duplicated"):
        assert any(FIRST_CHECK in w for w in outcomes[student].warnings), student
    assert any("m01-answer-low-ratio" in w and "died" in w for w in outcomes["exit"].warnings)
    assert not outcomes["valid"].warnings

    # Feedback opens for everyone graded, holds no hidden test, and stays small.
    pages = grading.feedback(course_copy, "m01")
    graded = {o.student for o in summary.outcomes if o.status == "graded"}
    assert {p.parts[-3] for p in pages} == graded
    secret = hidden_lines()
    assert secret
    for folder in ("feedback", "autograded"):
        for path in (course_copy / folder).rglob("*"):
            if path.is_file():
                text = path.read_text(encoding="utf-8", errors="replace")
                leaked = [ln for ln in secret if ln in text]
                assert leaked == [], f"{path} shows hidden tests: {leaked[:2]}"
    huge = course_copy / "autograded" / "huge" / M01 / f"{M01}.ipynb"
    assert huge.stat().st_size < 12 * 1024 * 1024
    assert "over the limit" in huge.read_text(encoding="utf-8")
    assert "were left out" in huge.read_text(encoding="utf-8")
    nocheck = next(p for p in pages if p.parts[-3] == "nocheck").read_text(encoding="utf-8")
    assert "No answer reached this check" in nocheck


def test_a_rerun_regrades_only_what_changed(course_copy: Path, tmp_path: Path) -> None:
    learners = {
        "valid": (RIGHT, None, FULL),
        "nested": (RIGHT, None, FULL),
        "wrong": (WRONG, None, REFLECTION_MARKS),
    }
    grading.collect_zip(course_copy, "m01", make_download(course_copy, tmp_path, learners))
    first = grading.autograde(course_copy, "m01", jobs=2)
    assert [o.status for o in first.outcomes] == ["graded"] * 3
    again = grading.autograde(course_copy, "m01", jobs=2)
    assert [o.status for o in again.outcomes] == ["unchanged"] * 3
    fill(
        course_copy / "release" / M01 / f"{M01}.ipynb",
        RIGHT,
        course_copy / "submitted" / "wrong" / M01 / f"{M01}.ipynb",
    )
    third = grading.autograde(course_copy, "m01", jobs=2)
    assert {o.student: o.status for o in third.outcomes} == {
        "nested": "unchanged",
        "valid": "unchanged",
        "wrong": "graded",
    }
    assert third.outcomes[-1].score == FULL
    forced = grading.autograde(course_copy, "m01", jobs=2, force=True)
    assert [o.status for o in forced.outcomes] == ["graded"] * 3

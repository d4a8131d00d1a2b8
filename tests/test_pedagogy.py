"""The pandas path: each step a solution needs is shown first, and each visible check knows a value.

A learner who has never programmed should meet every pandas method or operator in a worked
example (a code cell whose first line is ``# Worked example``) in the same module or an earlier
one, or in m00's appendix *pandas in ten cells*, before a task asks for it. Python basics that
m00 teaches in its own words (arithmetic, comparisons, ``round``, ``len``, lists and
dictionaries) are in ``PYTHON_BASICS`` below rather than in a worked example.

A visible check that tests only type or shape lets a wrong answer look right until it is
marked, so every exercise in ``course/exercises`` must compare at least one answer with a known
value: a number, a string or a list written in the check or one of its module's constants.
"""

from __future__ import annotations

import ast
import csv
import importlib
import inspect
import re
from pathlib import Path

import pytest

from conftest import REPO
from course import notebooks
from course.paths import module_ids

MODULES = module_ids(REPO)
WORKED = "# Worked example"
APPENDIX_LINK = re.compile(r"\.\./m00_start_here/m00_start_here\.ipynb#([\w-]+)")
ANCHOR = re.compile(r'<a id="([^"]+)"></a>')
SOLUTION = re.compile(r"### BEGIN SOLUTION\n(.*?)### END SOLUTION", re.S)

# Attribute and method names of plain Python (strings, lists, dictionaries) that m00 and the
# modules' own text explain without a worked example; everything else reached with a dot is
# taken to be pandas and must be shown first.
PYTHON_BASICS = frozenset({"split", "items", "keys", "values", "get", "append", "insert", "join"})
# Operators on whole columns that are pandas steps in their own right (arithmetic and
# comparisons are shown in m00's worked examples 2 and 3 and count as basics).
OPERATORS = {ast.BitAnd: "&", ast.BitOr: "|", ast.Invert: "~"}


def notebook(module: str):
    return notebooks.read(next((REPO / "source" / module).glob("*.ipynb")))


def column_names(module: str) -> set[str]:
    """Every column of the module's CSV files: as ``row.column`` they are fields, not methods."""
    names: set[str] = set()
    for path in (REPO / "source" / module).glob("*.csv"):
        with path.open(encoding="utf-8", newline="") as f:
            names.update(next(csv.reader(f), []))
    return names


def steps(source: str, columns: set[str]) -> set[str]:
    """The pandas methods, attributes and operators a piece of code uses, as ``.name``, ``&``."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Attribute):
            if isinstance(node.value, ast.Name) and node.value.id == "pd":
                found.add(f"pd.{node.attr}")
            elif node.attr not in PYTHON_BASICS and node.attr not in columns:
                found.add(f".{node.attr}")
        elif isinstance(node, ast.BinOp | ast.UnaryOp) and type(node.op) in OPERATORS:
            found.add(OPERATORS[type(node.op)])
    return found


def is_worked_example(cell) -> bool:
    meta = notebooks.nbgrader_meta(cell)
    return (
        cell.cell_type == "code"
        and not meta.get("solution")
        and not meta.get("grade")
        and cell.source.lstrip().startswith(WORKED)
    )


def appendix_steps() -> set[str]:
    """Every step shown in m00's appendix, which any module may rely on."""
    cells = notebook("m00_start_here").cells
    start = next(i for i, c in enumerate(cells) if c.source.startswith("## Appendix: pandas"))
    columns = column_names("m00_start_here")
    return {s for c in cells[start:] if is_worked_example(c) for s in steps(c.source, columns)}


def missing_steps(module: str) -> dict[str, list[str]]:
    """Answer cell id -> the steps its solution uses that no worked example above it shows.

    Above means in an earlier module, in m00's appendix, or earlier in this module's notebook.
    """
    shown = appendix_steps()
    for earlier in MODULES[: MODULES.index(module)]:
        columns = column_names(earlier)
        shown |= {
            s
            for c in notebook(earlier).cells
            if is_worked_example(c)
            for s in steps(c.source, columns)
        }
    columns = column_names(module)
    missing = {}
    for cell in notebook(module).cells:
        if is_worked_example(cell):
            shown |= steps(cell.source, columns)
        elif notebooks.nbgrader_meta(cell).get("solution") and cell.cell_type == "code":
            used = steps("\n".join(SOLUTION.findall(cell.source + "\n")), columns)
            if used - shown:
                missing[cell.id] = sorted(used - shown)
    return missing


def test_the_step_finder_sees_methods_operators_and_pandas_functions() -> None:
    """The finder reports a method chain, ``&`` and ``~``, and ``pd.merge``, not a row's field."""
    code = 'x = pd.merge(a, b)[(a["n"] > 1) & ~a["f"]].groupby("k").agg(m=("n", "sum"))\nr.step_id'
    assert steps(code, {"step_id"}) == {"pd.merge", ".groupby", ".agg", "&", "~"}


@pytest.mark.parametrize("module", MODULES)
def test_every_pandas_step_in_a_solution_is_shown_first(module: str) -> None:
    """Each method or operator a solution uses is in a worked example above it or m00's appendix."""
    assert missing_steps(module) == {}


@pytest.mark.parametrize("module", MODULES)
def test_every_answer_cell_starts_from_a_skeleton(module: str) -> None:
    """An answer cell gives the shape of its answer outside the solution, not a bare ``= None``."""
    bare = []
    for cell in notebook(module).cells:
        if notebooks.nbgrader_meta(cell).get("solution") and cell.cell_type == "code":
            outside = SOLUTION.sub("", cell.source + "\n")
            if "# Skeleton" not in outside:
                bare.append(cell.id)
    assert bare == []


def test_the_appendix_has_ten_worked_examples_each_with_an_anchor() -> None:
    """m00's appendix is ten worked-example cells, each under a heading with an anchor."""
    cells = notebook("m00_start_here").cells
    start = next(i for i, c in enumerate(cells) if c.source.startswith("## Appendix: pandas"))
    end = next(i for i, c in enumerate(cells) if c.source.startswith("## Key points"))
    section = cells[start:end]
    assert sum(is_worked_example(c) for c in section) == 10
    anchored = [c for c in section if c.cell_type == "markdown" and ANCHOR.search(c.source)]
    assert len(anchored) >= 10


def appendix_anchors() -> set[str]:
    return {a for c in notebook("m00_start_here").cells for a in ANCHOR.findall(c.source)}


@pytest.mark.parametrize("module", MODULES)
def test_every_hint_links_to_the_appendix_and_the_link_lands(module: str) -> None:
    """Each *Hint* in a module's text links to an anchor that exists in m00's appendix."""
    known = appendix_anchors()
    unlinked, broken = [], []
    for cell in notebook(module).cells:
        if cell.cell_type != "markdown":
            continue
        for paragraph in cell.source.split("\n\n"):
            if "*Hint" in paragraph:
                targets = APPENDIX_LINK.findall(paragraph)
                if module != "m00_start_here" and not targets:
                    unlinked.append(cell.id)
                broken += [t for t in targets if t not in known]
        broken += [t for t in APPENDIX_LINK.findall(cell.source) if t not in known]
    assert (unlinked, sorted(set(broken))) == ([], [])


# --- visible checks ----------------------------------------------------------------------

SHAPE_CALLS = frozenset({"len", "sorted", "set", "isinstance", "type", "kind_name"})
VALUE_HELPERS = {"same": 1, "column_matches": 3, "sequence_matches": 1}


def known(node: ast.expr) -> bool:
    """True when ``node`` is a value fixed in advance: constants and UPPER_CASE module names."""
    for sub in ast.walk(node):
        if isinstance(sub, ast.Name) and not (sub.id.isupper() or sub.id in {"round", "float"}):
            return False
        if isinstance(sub, ast.Attribute):
            return False
    return True


def is_shape(node: ast.expr) -> bool:
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name | ast.Attribute)
        and (getattr(node.func, "id", None) or getattr(node.func, "attr", None)) in SHAPE_CALLS
    )


def compares_a_known_value(tree: ast.AST) -> bool:
    """True when the code asserts equality with a known value (not under ``not``)."""
    negated = {
        id(sub)
        for node in ast.walk(tree)
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not)
        for sub in ast.walk(node.operand)
    }
    for node in ast.walk(tree):
        if id(node) in negated:
            continue
        if isinstance(node, ast.Compare) and len(node.ops) == 1:
            left, right = node.left, node.comparators[0]
            if isinstance(node.ops[0], ast.Eq | ast.Is):
                if (known(right) and not is_shape(left)) or (known(left) and not is_shape(right)):
                    return True
            if (  # abs(answer - KNOWN) < tolerance
                isinstance(node.ops[0], ast.Lt)
                and isinstance(left, ast.Call)
                and getattr(left.func, "id", None) == "abs"
                and isinstance(left.args[0], ast.BinOp)
                and known(left.args[0].right)
            ):
                return True
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            place = VALUE_HELPERS.get(node.func.attr)
            if place is not None and len(node.args) > place and known(node.args[place]):
                return True
    return False


def exercise_trees(prefix: str) -> dict[str, ast.AST]:
    """check id -> the syntax tree of its visible test and of the module's helpers it calls."""
    from course import exercises

    source_module = importlib.import_module(f"course.exercises.{prefix}")
    tree = ast.parse(inspect.getsource(source_module))
    helpers = {f.name: f for f in tree.body if isinstance(f, ast.FunctionDef)}
    found = {}
    for ex in exercises.of_module(prefix):
        func = helpers[ex.test.__name__]
        body, queue, seen = [func], [func], {func.name}
        while queue:
            for node in ast.walk(queue.pop()):
                name = getattr(node, "func", None)
                called = getattr(name, "id", None)
                if called in helpers and called not in seen:
                    seen.add(called)
                    body.append(helpers[called])
                    queue.append(helpers[called])
        found[ex.check_id] = ast.Module(body=body, type_ignores=[])
    return found


def test_the_value_finder_tells_a_value_from_a_shape() -> None:
    """``x == 34`` and ``checks.same(x, 1.5)`` count; ``len(x) == 3`` and ``not same`` do not."""
    assert compares_a_known_value(ast.parse("assert p01 == 34"))
    assert compares_a_known_value(ast.parse("assert checks.same(x['a'], 1.5)"))
    assert not compares_a_known_value(ast.parse("assert len(x) == 3"))
    assert not compares_a_known_value(ast.parse("assert not checks.same(x, WRONG)"))
    assert not compares_a_known_value(ast.parse("assert checks.same(x, round(y.sum(), 2))"))


@pytest.mark.parametrize("module", MODULES)
def test_every_visible_check_compares_a_known_value(module: str) -> None:
    """Each exercise asserts at least one answer equals a value fixed in advance."""
    prefix = module[:3]
    path = REPO / "course" / "exercises" / f"{prefix}.py"
    if not Path(path).exists():
        pytest.fail(f"{module} has no exercises file {path.name}")
    only_shape = [
        cid for cid, tree in exercise_trees(prefix).items() if not compares_a_known_value(tree)
    ]
    assert only_shape == []

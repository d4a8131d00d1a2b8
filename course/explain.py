"""Short error messages, in plain English, for learners who have never programmed.

A pandas error in a notebook comes with a traceback of fifty lines or more, most of it
inside pandas, and its last line is often the only part that helps. The set-up cell of
every module calls ``plain_errors()``, which asks IPython to show, for any error in a
learner's cell, a few lines instead: the error's name and message (never hidden), the
line of the cell it came from, and a sentence or two saying what it means here and what
to try. A failed check shows its own message only.

Outside IPython, and in the grader's kernel, ``plain_errors()`` does nothing: the grader
judges checks outside the kernel and never depends on what this module prints.
``message()`` builds the lines from an exception and the learner's variables, so it can
be tested without a kernel.
"""

from __future__ import annotations

import difflib
import linecache
import os
import re
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from types import FrameType, TracebackType
from typing import Any

GRADING = "COURSE_GRADING"  # set only in a grading kernel (as in course.checks)
COURSE_DIR = Path(__file__).resolve().parent
MAX_COLUMNS = 12  # columns listed when a column name is not found
MAX_CODE = 100  # characters of a line of code shown
CELL_FILE = re.compile(r"(ipykernel_\d+[\\/]\d+\.py|<ipython-input-[^>]*>|<cell[^>]*>)$")
NOT_CALLABLE = r"'(Series|DataFrame)' object is not callable"
SETUP_NAMES = ("pd", "check")  # set by every module's set-up cell
PANDAS_METHODS = {
    "sort_values",
    "round",
    "sum",
    "mean",
    "median",
    "loc",
    "iloc",
    "value_counts",
    "head",
    "groupby",
    "isin",
    "max",
    "min",
    "count",
    "unique",
    "to_dict",
    "reset_index",
    "idxmin",
    "idxmax",
    "astype",
}
SYNTAX_HINTS = [  # (words in Python's message, what to try)
    (
        ("never closed", "unmatched", "does not match", "unexpected EOF", "incomplete input"),
        "Check the brackets: every ( [ or { needs a matching ) ] or }, in the right order.",
    ),
    (
        ("unterminated string", "EOL while scanning", "unterminated triple"),
        'Check the quotation marks: text needs a mark at both ends, such as "attended".',
    ),
    (
        ("expected ':'",),
        "A line that starts with if, for, def, else or while must end with a colon (:).",
    ),
    (
        ("forgot a comma",),
        "Look for a missing comma between two items, or a missing sign such as + or *.",
    ),
    (
        ("cannot assign", "Maybe you meant '=='"),
        "Use == to compare two things, and = to give a name a value.",
    ),
    (
        ("invalid character",),
        "The line holds a character Python does not know, often curly quotes pasted from a "
        "document: type the quotation marks again as straight quotes.",
    ),
    (
        ("unexpected indent",),
        "The line starts with spaces it should not have: delete them, so that it lines up "
        "with the line above.",
    ),
    (
        ("expected an indented block",),
        "The line after one that ends with a colon (:) must start with four spaces.",
    ),
    (
        ("unindent does not match", "inconsistent use of tabs"),
        "Line up the start of this line with the lines above it, using spaces only.",
    ),
]


def plain_errors() -> None:
    """Show learners short, explained errors in this kernel; do nothing outside IPython."""
    if os.environ.get(GRADING):
        return
    shell = _shell()
    if shell is None or not hasattr(shell, "set_custom_exc"):
        return
    shell.set_custom_exc((Exception,), _show)


def _shell() -> Any:
    """The running IPython shell, or None (plain Python, or IPython not installed)."""
    try:
        from IPython import get_ipython
    except ImportError:
        return None
    return get_ipython()


def _show(
    shell: Any, etype: type, value: BaseException, tb: TracebackType | None, tb_offset: Any = None
) -> list[str]:
    """IPython's custom handler: show the short message as the cell's error output."""
    hidden = getattr(shell, "user_ns_hidden", {})
    namespace = {k: v for k, v in shell.user_ns.items() if k not in hidden}
    is_cell = _cell_test(getattr(getattr(shell, "compile", None), "_filename_map", None))
    lines = message(value, namespace, tb, is_cell)
    shell._showtraceback(etype, value, lines)
    return lines


def _cell_test(known: Mapping[str, Any] | None) -> Callable[[str], bool]:
    """Whether a code file name is a notebook cell (IPython's own record, or its naming)."""

    def is_cell(filename: str) -> bool:
        return bool(known and filename in known) or bool(CELL_FILE.search(filename))

    return is_cell


def message(
    exc: BaseException,
    namespace: Mapping[str, Any],
    tb: TracebackType | None = None,
    is_cell: Callable[[str], bool] | None = None,
) -> list[str]:
    """The lines to show for ``exc``: its name and message, where it happened, what it means."""
    tb = tb if tb is not None else exc.__traceback__
    is_cell = is_cell or _cell_test(None)
    frames = list(_frames(tb))
    if isinstance(exc, AssertionError) and _from_course(frames):
        return [f"{type(exc).__name__}: {exc}"]
    if isinstance(exc, SyntaxError):
        return [f"{type(exc).__name__}: {exc.msg}", *_syntax(exc)]
    head = [f"{type(exc).__name__}: {exc}"]
    where = _where(frames, is_cell)
    line = _failing_line(frames, is_cell)
    explained = explanation(exc, namespace, frames, line)
    if not explained:
        explained = [
            "This is Python's own message. Compare the line with the worked example above it, "
            "letter by letter; if that does not help, restart the kernel and run the cells "
            "above in order."
        ]
    return head + where + explained


def explanation(
    exc: BaseException, namespace: Mapping[str, Any], frames: list[Any], line: str = ""
) -> list[str]:
    """What ``exc`` means here and what to try, or [] for an error it does not know."""
    text = str(exc)
    if isinstance(exc, NameError):
        return _name_error(exc, namespace)
    if isinstance(exc, KeyError):
        return _key_error(exc, namespace, frames)
    if isinstance(exc, (AttributeError, TypeError)) and "'NoneType'" in text:
        return _none(namespace, line)
    if isinstance(exc, AttributeError):
        return _attribute(exc, namespace)
    if isinstance(exc, ValueError) and "truth value of a" in text:
        return _whole_column()
    if isinstance(exc, TypeError) and _mixes_text_and_numbers(text):
        return _text_and_numbers()
    if isinstance(exc, TypeError) and re.search(
        r"'(Series|DataFrame)' object is not callable", text
    ):
        return [
            "Round brackets after a table or column call it like a command. To pick a column, "
            'use square brackets, such as reach["direct_staff"].'
        ]
    if isinstance(exc, ZeroDivisionError):
        return [
            "You divided by zero: the number after / is 0 here. Check what you divide by, for "
            "example that a filter kept some rows before you counted them."
        ]
    return []


def _frames(tb: TracebackType | None) -> Iterator[tuple[FrameType, int]]:
    """Each frame of a traceback with its line number, outermost first."""
    while tb is not None:
        yield tb.tb_frame, tb.tb_lineno
        tb = tb.tb_next


def _from_course(frames: list[tuple[FrameType, int]]) -> bool:
    """Whether the error was raised by the course's own code (a check saying what to fix)."""
    for frame, _ in frames:
        try:
            Path(frame.f_code.co_filename).resolve().relative_to(COURSE_DIR)
        except ValueError:
            continue
        return True
    return False


def _cell_frames(frames: list[Any], is_cell: Callable[[str], bool]) -> list[Any]:
    return [(f, n) for f, n in frames if is_cell(f.f_code.co_filename)]


def _failing_line(frames: list[Any], is_cell: Callable[[str], bool]) -> str:
    """The code of the innermost line of a cell that the error went through."""
    cells = _cell_frames(frames, is_cell)
    if not cells:
        return ""
    frame, number = cells[-1]
    return linecache.getline(frame.f_code.co_filename, number).strip()


def _where(frames: list[Any], is_cell: Callable[[str], bool]) -> list[str]:
    """One line saying which line of which cell the error came from (or none)."""
    cells = _cell_frames(frames, is_cell)
    if not cells:
        return []
    first = cells[0][0].f_code.co_filename
    frame, number = cells[-1]
    which = "this cell" if frame.f_code.co_filename == first else "a cell you ran earlier"
    code = linecache.getline(frame.f_code.co_filename, number).strip()
    if len(code) > MAX_CODE:
        code = code[: MAX_CODE - 3] + "..."
    return [f"In line {number} of {which}: {code}" if code else f"In line {number} of {which}."]


def _syntax(exc: SyntaxError) -> list[str]:
    """Where Python could not read the cell, and a hint about brackets, quotes or colons."""
    code = (exc.text or "").strip()
    where = (
        f"Python could not read line {exc.lineno} of this cell: {code[:MAX_CODE]}"
        if code
        else f"Python could not read line {exc.lineno} of this cell."
    )
    hint = next(
        (tip for words, tip in SYNTAX_HINTS if any(w in str(exc.msg) for w in words)),
        "Compare the line with the worked example, letter by letter: look for a missing "
        "bracket, quotation mark, comma or colon.",
    )
    return [where, hint]


def _tables(namespace: Mapping[str, Any]) -> dict[str, Any]:
    """The learner's tables (DataFrames), by name."""
    import sys

    pandas = sys.modules.get("pandas")
    if pandas is None:
        return {}
    return {
        name: value
        for name, value in namespace.items()
        if not name.startswith("_") and isinstance(value, pandas.DataFrame)
    }


def _closest(word: str, options: list[str], cutoff: float = 0.6) -> str | None:
    """The option most like ``word`` (the same but for capitals counts as closest)."""
    same_letters = [o for o in options if o.lower() == word.lower()]
    if same_letters:
        return same_letters[0]
    found = difflib.get_close_matches(word, options, n=1, cutoff=cutoff)
    return found[0] if found else None


def _user_names(namespace: Mapping[str, Any]) -> list[str]:
    return [n for n in namespace if not n.startswith("_")]


def _name_error(exc: NameError, namespace: Mapping[str, Any]) -> list[str]:
    """A column used without its table, a typing slip, or a cell above that was not run."""
    found = re.search(r"name '([^']+)' is not defined", str(exc))
    name = getattr(exc, "name", None) or (found[1] if found else "")
    tables = _tables(namespace)
    for table, frame in tables.items():
        if name in [str(c) for c in frame.columns]:
            return [
                f"`{name}` is not a name of its own: it is a column of the table `{table}`. "
                f'To use the column, write {table}["{name}"].'
            ]
    for table, frame in tables.items():
        column = _closest(name, [str(c) for c in frame.columns], cutoff=0.8)
        if column:
            return [
                f"Nothing called `{name}` has been set. It looks like the column '{column}' of "
                f'`{table}`: to use a column, write {table}["{column}"].'
            ]
    if any(n not in namespace for n in SETUP_NAMES):
        return [
            f"Nothing called `{name}` has been set yet: it looks as if the set-up cell at the "
            "top of the notebook has not been run (or the kernel was restarted). Run it, then "
            "the cells below it in order."
        ]
    close = _closest(name, _user_names(namespace), cutoff=0.7)
    if close:
        return [
            f"Nothing called `{name}` has been set. Did you mean `{close}`? Names must match "
            "exactly, capitals and underscores included."
        ]
    return [
        f"Nothing called `{name}` has been set yet. If a cell above sets it, that cell has not "
        "been run: run the cells above in order (Run > Run All Above Selected Cell).",
        "If no cell sets it, check the spelling; if you meant it as text, put it in quotation "
        "marks.",
    ]


def _table_in(frames: list[Any]) -> Any:
    """The table (or column) pandas was looking in when it raised, from the traceback."""
    import sys

    pandas = sys.modules.get("pandas")
    if pandas is None:
        return None
    for frame, _ in frames:
        for local in ("self", "obj"):
            value = frame.f_locals.get(local)
            value = getattr(value, "obj", value)  # .loc and .iloc keep their table in .obj
            if isinstance(value, (pandas.DataFrame, pandas.Series)):
                return value
    return None


def _name_of(value: Any, namespace: Mapping[str, Any], fallback: str) -> str:
    """The learner's name for ``value``, or ``fallback`` if it has none."""
    return next(
        (f"`{n}`" for n, v in namespace.items() if v is value and not n.startswith("_")),
        fallback,
    )


def _listing(names: list[str]) -> str:
    shown = ", ".join(names[:MAX_COLUMNS])
    return shown + (f" and {len(names) - MAX_COLUMNS} more" if len(names) > MAX_COLUMNS else "")


def _missing_keys(exc: KeyError) -> list[str]:
    """The names a KeyError says it could not find (one, or a list in pandas' wording)."""
    key = exc.args[0] if exc.args else ""
    if isinstance(key, str) and ("not in index" in key or "are in the [" in key):
        return re.findall(r"'([^']*)'", key.split(" not in index")[0].split("are in the [")[0])
    return [str(key)]


def _key_error(exc: KeyError, namespace: Mapping[str, Any], frames: list[Any]) -> list[str]:
    """A column name (or dictionary key) that is not there: name the closest that is."""
    import sys

    keys = _missing_keys(exc)
    key = keys[0] if keys else ""
    table = _table_in(frames)
    pandas = sys.modules.get("pandas")
    if pandas is not None and isinstance(table, pandas.DataFrame):
        columns = [str(c) for c in table.columns]
        name = _name_of(table, namespace, "The table")
        close = _closest(key, columns)
        hint = f" Did you mean '{close}'?" if close else ""
        return [
            f"{name} has no column called '{key}'.{hint} Column names must match exactly, "
            "capitals and spaces included.",
            f"Its columns are: {_listing(columns)}.",
        ]
    if pandas is not None and isinstance(table, pandas.Series):
        name = _name_of(table, namespace, "This column")
        labels = [str(i) for i in table.index]
        close = _closest(key, labels)
        hint = f" Did you mean '{close}'?" if close else ""
        return [
            f"{name} has no entry labelled '{key}'.{hint} Check the spelling, capitals included."
        ]
    options = [str(k) for v in namespace.values() if isinstance(v, dict) for k in v]
    close = _closest(key, options)
    hint = f" Did you mean '{close}'?" if close else ""
    return [
        f"Python looked for '{key}' and could not find it.{hint} Check the spelling against "
        "the names that are there, capitals included."
    ]


def _none(namespace: Mapping[str, Any], line: str) -> list[str]:
    """An answer that is still None, used as if it held a table or a number."""
    used = re.findall(r"[A-Za-z_]\w*", line)
    empty = [n for n in dict.fromkeys(used) if n in namespace and namespace[n] is None]
    if empty:
        return [
            f"`{empty[0]}` is still None, which means it has no answer yet. Fill in and run the "
            "cell that sets it (an earlier task), then run this cell again."
        ]
    return [
        "Something in this line is still None, which means it has no answer yet: run the cells "
        "that set the names it uses, and check that none of them is still None."
    ]


def _attribute(exc: AttributeError, namespace: Mapping[str, Any]) -> list[str]:
    """A list used where a column (Series) was needed, or the other way round, or a typo."""
    import sys

    pandas = sys.modules.get("pandas")
    attr = getattr(exc, "name", None) or ""
    obj = getattr(exc, "obj", None)
    if isinstance(obj, list):
        name = _name_of(obj, namespace, "This list")
        if attr in PANDAS_METHODS:
            return [
                f"{name} is a plain Python list, and a list has no .{attr}. That belongs to a "
                "column of a table (a pandas Series): use the column itself, or turn the list "
                "into one with pd.Series(...)."
            ]
        return [f"{name} is a plain Python list, and a list has nothing called .{attr}."]
    if pandas is not None and isinstance(obj, pandas.Series):
        name = _name_of(obj, namespace, "This column")
        sort = " To sort a column, use .sort_values()." if attr == "sort" else ""
        return [
            f"{name} is a column of a table (a pandas Series), not a plain list, and it has no "
            f".{attr}. Turn it into a list with list(...) first if a list is what you need.{sort}"
        ]
    if pandas is not None and isinstance(obj, pandas.DataFrame):
        name = _name_of(obj, namespace, "This table")
        bare = name.strip("`")
        close = _closest(attr, [str(c) for c in obj.columns], cutoff=0.7)
        if close:
            return [
                f"{name} has nothing called .{attr}. Did you mean its column '{close}'? To pick "
                f'a column, write {bare}["{close}"].'
            ]
        return [
            f"{name} is a table (a pandas DataFrame) and has nothing called .{attr}: check the "
            f'spelling. To pick a column, write {bare}["column name"].'
        ]
    return []


def _whole_column() -> list[str]:
    return [
        "You used a whole column (a pandas Series) where Python needs one True or False, for "
        "example after if, or with and/or. To combine conditions on a column, use & (and) or "
        '| (or), with each condition in brackets: (t["a"] > 1) & (t["b"] < 5).'
    ]


def _mixes_text_and_numbers(text: str) -> bool:
    """Whether a TypeError's message is about text (str) meeting numbers."""
    if "can only concatenate str" in text or "can't multiply sequence" in text:
        return True
    if "Could not convert" in text and "numeric" in text:
        return True
    if "ufunc" in text and "<U" in text:
        return True
    return "'str'" in text and any(t in text for t in ("'int'", "'float'", "numpy"))


def _text_and_numbers() -> list[str]:
    return [
        'You are mixing text and numbers. Anything in quotation marks, such as "15", is text '
        "to Python, not a number: remove the quotation marks round numbers, and check that the "
        "columns you do arithmetic with hold numbers."
    ]

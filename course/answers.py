"""Learners' answers as plain JSON: how a check call hands them to the grader.

During autograding a check cell (``check("m01-ratio", reach)``) does not judge the
answer in the learner's kernel. It writes the named answers to one JSON file, and
the grader, in a process that never ran learner code, reads them back and runs
the visible and hidden tests on them. JSON is used because reading it cannot run
code (never pickle), and every file and value is size-capped, so a hostile or
broken export gives one sentence, not a crash.

In a learner's own JupyterLab the same call encodes and decodes the answers in
memory, so a check at home sees exactly what the grader will see.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

MAX_FILE_BYTES = 4 * 1024 * 1024  # one check's answers
MAX_CELLS = 200_000  # values in one table
MAX_DEPTH = 8  # nesting of lists and dicts
FORMAT = "course-answers/1"
SAFE_DTYPES = {
    "int64",
    "int32",
    "float64",
    "float32",
    "bool",
    "object",
    "str",
    "string",
    "category",
    "datetime64[ns]",
    "datetime64[us]",
    "datetime64[ms]",
    "datetime64[s]",
    "Int64",
    "Float64",
    "boolean",
}


class AnswerError(ValueError):
    """An answer that cannot be handed to the grader, with a sentence saying why."""


def _plain(value: Any, name: str, depth: int = 0) -> Any:
    """``value`` as JSON-able data tagged with its kind, or AnswerError."""
    import numbers

    if depth > MAX_DEPTH:
        raise AnswerError(f"`{name}` is nested too deeply to be checked.")
    if value is None or isinstance(value, (bool, str)):
        return value
    if type(value).__module__ == "numpy" and hasattr(value, "dtype") and value.ndim == 0:
        return {"kind": "numpy", "dtype": str(value.dtype), "value": _plain(value.item(), name)}
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, numbers.Real):
        number = float(value)
        if math.isnan(number) or math.isinf(number):
            return {"kind": "float", "value": repr(number)}
        return number
    if type(value).__module__ == "numpy" and hasattr(value, "tolist"):  # arrays
        if value.size > MAX_CELLS:
            raise AnswerError(f"`{name}` has {value.size} items, far more than any task needs.")
        return {"kind": "ndarray", "items": [_plain(v, name, depth + 1) for v in value.tolist()]}
    pd = _pandas()
    if pd is not None and isinstance(value, pd.DataFrame):
        return _frame(value, name)
    if pd is not None and isinstance(value, pd.Index) and not isinstance(value, pd.MultiIndex):
        if len(value) > MAX_CELLS:
            raise AnswerError(f"`{name}` has {len(value)} items, far more than any task needs.")
        return {
            "kind": "index",
            "items": [_plain(v, name, depth + 1) for v in value],
            "name": None if value.name is None else str(value.name),
        }
    if pd is not None and isinstance(value, pd.Series):
        frame = _frame(value.to_frame(name="value"), name)
        frame["kind"] = "series"
        frame["name"] = None if value.name is None else str(value.name)
        return frame
    if isinstance(value, (list, tuple)):
        if len(value) > MAX_CELLS:
            raise AnswerError(f"`{name}` has {len(value)} items, far more than any task needs.")
        return {"kind": type(value).__name__, "items": [_plain(v, name, depth + 1) for v in value]}
    if isinstance(value, dict):
        if len(value) > MAX_CELLS:
            raise AnswerError(f"`{name}` has {len(value)} entries, far more than any task needs.")
        return {
            "kind": "dict",
            "items": [
                [_plain(k, name, depth + 1), _plain(v, name, depth + 1)] for k, v in value.items()
            ],
        }
    if hasattr(value, "isoformat") and hasattr(value, "year"):  # dates and timestamps
        return {"kind": "timestamp", "value": value.isoformat()}
    if hasattr(value, "item") and callable(value.item):  # numpy scalars
        return _plain(value.item(), name, depth + 1)
    return {"kind": "unsupported", "type": type(value).__name__}


def _frame(frame: Any, name: str) -> dict[str, Any]:
    cells = frame.shape[0] * max(frame.shape[1], 1)
    if cells > MAX_CELLS:
        raise AnswerError(
            f"`{name}` has {frame.shape[0]} rows and {frame.shape[1]} columns, "
            "far more than any task needs."
        )
    columns = [str(c) for c in frame.columns]
    if len(set(columns)) != len(columns):
        raise AnswerError(
            f"`{name}` has two columns with the same name; give each column its own name."
        )
    rows = [[_plain(v, name, 1) for v in row] for row in frame.itertuples(index=False)]
    return {
        "kind": "dataframe",
        "columns": columns,
        "index": [_plain(i, name, 1) for i in frame.index],
        "index_names": [None if n is None else str(n) for n in frame.index.names],
        "data": rows,
        "dtypes": [str(t) for t in frame.dtypes],
    }


def _pandas():  # type: ignore[no-untyped-def]
    import sys

    return sys.modules.get("pandas")  # a DataFrame can only exist if pandas is loaded


def encode(check_id: str, names: list[str], values: list[Any]) -> str:
    """The JSON text that carries ``values`` (called ``names``) to the grader."""
    answers = [_plain(v, n) for n, v in zip(names, values, strict=True)]
    text = json.dumps(
        {"format": FORMAT, "check": check_id, "answers": answers},
        ensure_ascii=False,
        allow_nan=False,
    )
    if len(text.encode("utf-8")) > MAX_FILE_BYTES:
        raise AnswerError(
            f"The answers for this check take more than "
            f"{MAX_FILE_BYTES // (1024 * 1024)} MB, far more than any task needs."
        )
    return text


def refusal(check_id: str, reason: str) -> str:
    """The JSON a check call hands over when its answers cannot be: the reason, in words."""
    return json.dumps(
        {"format": FORMAT, "check": check_id, "refused": reason[:300]}, ensure_ascii=False
    )


def _value(data: Any, depth: int = 0) -> Any:
    """Rebuild one answer from its JSON form."""
    if depth > MAX_DEPTH + 1:
        raise AnswerError("the answers are nested too deeply")
    if data is None or isinstance(data, (bool, str, int, float)):
        return data
    if isinstance(data, list):  # untagged lists only appear inside tables
        raise AnswerError("the answers file is not in the expected form")
    if not isinstance(data, dict):
        raise AnswerError("the answers file is not in the expected form")
    kind = data.get("kind")
    if kind == "float":
        return float(data.get("value", "nan"))
    if kind == "numpy":
        import numpy as np

        dtype = str(data.get("dtype"))
        value = _value(data.get("value"), depth + 1)
        return np.dtype(dtype).type(value) if dtype in SAFE_DTYPES and dtype != "object" else value
    if kind == "ndarray":
        import numpy as np

        return np.array([_value(v, depth + 1) for v in _list(data.get("items"))])
    if kind == "index":
        import pandas as pd

        return pd.Index(
            [_value(v, depth + 1) for v in _list(data.get("items"))], name=data.get("name")
        )
    if kind in ("list", "tuple"):
        items = [_value(v, depth + 1) for v in _list(data.get("items"))]
        return items if kind == "list" else tuple(items)
    if kind == "dict":
        pairs = [_list(p) for p in _list(data.get("items"))]
        return {
            _hashable(_value(p[0], depth + 1)): _value(p[1], depth + 1)
            for p in pairs
            if len(p) == 2
        }
    if kind == "timestamp":
        import pandas as pd

        return pd.Timestamp(str(data.get("value")))
    if kind in ("dataframe", "series"):
        return _rebuild_frame(data)
    if kind == "unsupported":
        return Unsupported(str(data.get("type", "object"))[:60])
    raise AnswerError("the answers file is not in the expected form")


def _hashable(key: Any) -> Any:
    return tuple(key) if isinstance(key, list) else key


def _list(value: Any) -> list[Any]:
    if not isinstance(value, list):
        raise AnswerError("the answers file is not in the expected form")
    return value


def _rebuild_frame(data: dict[str, Any]) -> Any:
    import pandas as pd

    columns, rows = _list(data.get("columns")), _list(data.get("data"))
    index, dtypes = _list(data.get("index")), _list(data.get("dtypes"))
    if len(rows) * max(len(columns), 1) > MAX_CELLS or len(index) != len(rows):
        raise AnswerError("the answers file is not in the expected form")
    if any(not isinstance(r, list) or len(r) != len(columns) for r in rows):
        raise AnswerError("the answers file is not in the expected form")
    values = [[_value(v, 2) for v in row] for row in rows]
    labels = [_hashable(_value(i, 2)) for i in index]
    names = data.get("index_names") if isinstance(data.get("index_names"), list) else [None]
    if len(names) > 1 and all(isinstance(i, tuple) and len(i) == len(names) for i in labels):
        row_index = pd.MultiIndex.from_tuples(labels, names=names)
    else:
        row_index = pd.Index(labels, name=names[0] if names else None)
    frame = pd.DataFrame(values, columns=[str(c) for c in columns], index=row_index)
    if not rows:
        frame = pd.DataFrame(columns=[str(c) for c in columns], index=row_index)
    for column, dtype in zip(frame.columns, dtypes, strict=False):
        if str(dtype) in SAFE_DTYPES and str(dtype) != "object":
            try:
                frame[column] = frame[column].astype(str(dtype))
            except (TypeError, ValueError):
                pass
    if data.get("kind") == "series":
        series = frame["value"]
        series.name = data.get("name")
        return series
    return frame


class Unsupported:
    """Stands for an answer of a kind the grader cannot check (a function, a chart ...)."""

    def __init__(self, type_name: str) -> None:
        self.type_name = type_name

    def __repr__(self) -> str:
        return f"<a {self.type_name}>"


def decode(text: str | bytes, check_id: str, count: int) -> list[Any]:
    """The ``count`` answers of ``check_id`` from ``text``, or AnswerError saying why not."""
    raw = text.encode("utf-8") if isinstance(text, str) else text
    if len(raw) > MAX_FILE_BYTES:
        raise AnswerError("the answers were larger than the grader accepts")
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        raise AnswerError("the answers file could not be read") from exc
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise AnswerError("the answers file is not in the expected form")
    if data.get("check") != check_id:
        raise AnswerError("the answers file belongs to another check")
    if isinstance(data.get("refused"), str):
        raise AnswerError(data["refused"][:300].rstrip("."))
    answers = _list(data.get("answers"))
    if len(answers) != count:
        raise AnswerError("the answers file does not hold the answers this check names")
    try:
        return [_value(a) for a in answers]
    except RecursionError as exc:
        raise AnswerError("the answers are nested too deeply") from exc


def read(folder: Path, check_id: str, count: int) -> list[Any]:
    """Read and decode the answers a check call wrote to ``folder``."""
    path = folder / f"{check_id}.json"
    if path.is_symlink() or not path.is_file():
        raise FileNotFoundError(path)
    if path.stat().st_size > MAX_FILE_BYTES:
        raise AnswerError("the answers were larger than the grader accepts")
    return decode(path.read_bytes(), check_id, count)

"""The visible tests of every data task, one file per module, found by check id.

A check cell is one call, ``check("m01-ratio", reach)``. The id names an
exercise declared here with ``@exercise``; its function receives the learner's
answers in the order the call names them and raises ``AssertionError`` with a
sentence saying what to fix. The same function runs in a learner's own
JupyterLab, in ``course check`` and, during autograding, in the grader's trusted
process. Hidden tests are not here: they stay in ``source/`` and never reach a
learner's kernel.
"""

from __future__ import annotations

import importlib
import inspect
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

ID_PATTERN = re.compile(r"^(m\d\d)-[a-z0-9-]+$")


@dataclass(frozen=True)
class Exercise:
    """One data task's visible test and the names of the answers it takes."""

    check_id: str
    answers: tuple[str, ...]
    test: Callable[..., None]

    def call_source(self) -> str:
        """The one line a notebook's check cell holds for this exercise."""
        return f"check({', '.join([json.dumps(self.check_id), *self.answers])})"


_REGISTRY: dict[str, Exercise] = {}


def exercise(check_id: str) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """Declare ``check_id``'s visible test; its parameters name the answers it checks."""
    if not ID_PATTERN.match(check_id):
        raise ValueError(f"check id {check_id!r} should look like 'm01-ratio'")

    def register(test: Callable[..., None]) -> Callable[..., None]:
        names = tuple(inspect.signature(test).parameters)
        _REGISTRY[check_id] = Exercise(check_id, names, test)
        return test

    return register


def find(check_id: str) -> Exercise:
    """The exercise called ``check_id``, loading its module's file on first use."""
    match = ID_PATTERN.match(str(check_id))
    if match and check_id not in _REGISTRY:
        try:
            importlib.import_module(f"{__name__}.{match[1]}")
        except ModuleNotFoundError:
            pass
    if check_id not in _REGISTRY:
        raise LookupError(
            f"There is no check called {check_id!r}: keep the check cell as it was released."
        )
    return _REGISTRY[check_id]


def of_module(prefix: str) -> list[Exercise]:
    """Every exercise of one module (``m01``), in the order they are declared."""
    importlib.import_module(f"{__name__}.{prefix}")
    return [e for e in _REGISTRY.values() if e.check_id.startswith(prefix + "-")]


def run(check_id: str, values: list[Any]) -> None:
    """Run ``check_id``'s visible test on ``values``; AssertionError says what to fix."""
    found = find(check_id)
    if len(values) != len(found.answers):
        raise AssertionError("This check cell was changed: keep it as it was released.")
    found.test(*values)

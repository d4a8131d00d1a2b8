"""The course's cell-metadata check gives nbgrader's verdicts, with its schema checked once."""

from __future__ import annotations

import jsonschema
import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook
from nbgrader.nbgraderformat import MetadataValidator, SchemaTooOldError
from nbgrader.preprocessors import CheckCellMetadata

from course.grading.plugins import metadata
from course.grading.plugins.metadata import CheckCellMetadataOnce


def graded(**changes: object) -> nbformat.NotebookNode:
    """A graded code cell with nbgrader's version 3 metadata, ``changes`` applied (None drops
    a key)."""
    meta: dict[str, object] = {
        "grade": True,
        "grade_id": "m01-check-ratio",
        "locked": True,
        "points": 2,
        "schema_version": 3,
        "solution": False,
        "task": False,
    }
    meta.update(changes)
    return new_code_cell(
        "check()", metadata={"nbgrader": {k: v for k, v in meta.items() if v is not None}}
    )


CASES = {
    "valid": [graded(), new_markdown_cell("text")],
    "points not a number": [graded(points="two")],
    "an unknown key": [graded(colour="blue")],
    "no grade id": [graded(grade_id=None)],
    "an empty grade id": [graded(grade_id="")],
    "no points": [graded(points=None)],
    "a repeated grade id": [graded(), graded()],
    "an old schema version": [graded(schema_version=1)],
    "markdown graded but not a solution": [
        new_markdown_cell("x", metadata=graded(grade_id="m01-mark").metadata)
    ],
}


def verdict(preprocessor: object, cells: list) -> str:
    """What the check says of a notebook of ``cells``: "ok" or the error's class and text."""
    try:
        preprocessor.preprocess(new_notebook(cells=cells), {})  # type: ignore[attr-defined]
    except Exception as exc:  # noqa: BLE001 (the verdict is the error)
        return f"{type(exc).__name__}: {exc}"
    return "ok"


@pytest.mark.parametrize("case", sorted(CASES))
def test_each_notebook_gets_nbgraders_verdict(case: str) -> None:
    cells = CASES[case]
    assert verdict(CheckCellMetadataOnce(), cells) == verdict(CheckCellMetadata(), cells)


def test_a_cell_that_breaks_the_schema_is_refused() -> None:
    assert verdict(CheckCellMetadataOnce(), CASES["points not a number"]).startswith(
        "ValidationError: Notebook failed to validate"
    )
    assert verdict(CheckCellMetadataOnce(), CASES["valid"]) == "ok"


def test_an_old_schema_version_gets_nbgraders_error() -> None:
    with pytest.raises(SchemaTooOldError):
        metadata.FastMetadataValidator().validate_cell(graded(schema_version=1))


def test_the_schema_is_checked_once_for_many_notebooks(monkeypatch) -> None:
    cls = jsonschema.validators.validator_for(MetadataValidator().schema)
    real = cls.check_schema
    checked: list[int] = []

    def counting(schema: dict, *args: object, **kwargs: object) -> None:
        checked.append(1)
        real(schema, *args, **kwargs)

    monkeypatch.setattr(cls, "check_schema", counting)
    metadata._shared.cache_clear()
    for _ in range(5):
        assert verdict(CheckCellMetadataOnce(), CASES["valid"]) == "ok"
    assert len(checked) == 1

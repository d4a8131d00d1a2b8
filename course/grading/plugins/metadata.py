"""nbgrader's check of cell metadata, with its schema checked once per grading process.

nbgrader's ``CheckCellMetadata`` runs twice for every learner and validates each graded
cell with ``jsonschema.validate``, which checks the schema itself against the JSON Schema
meta-schema on every call before it looks at the cell: about a quarter of a second per
learner for module 1, spent re-proving a constant. ``CheckCellMetadataOnce`` gives the same
verdicts (the same rules, the same errors), with a validator built once for nbgrader's schema.
"""

from __future__ import annotations

import functools
import traceback
from typing import Any

import jsonschema
from nbformat.notebooknode import NotebookNode
from nbgrader.nbgraderformat import MetadataValidator, ValidationError
from nbgrader.nbgraderformat.common import BaseMetadataValidator
from nbgrader.preprocessors import CheckCellMetadata


def _validator(schema: dict[str, Any]) -> Any:
    """A validator for ``schema``, its schema checked the one time it is built."""
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


class _SchemaOnce(BaseMetadataValidator):
    """The schema step of nbgrader's cell check, with the validator built once."""

    _checker: Any = None  # built on first use, for this validator's own schema

    def validate_cell(self, cell: NotebookNode) -> None:
        meta = cell.metadata.get("nbgrader")
        if meta is None or meta.get("schema_version", 0) != self.schema_version:
            super().validate_cell(cell)  # nbgrader's own answer: nothing, or a version error
            return
        if self._checker is None:
            self._checker = _validator(self.schema)
        error = jsonschema.exceptions.best_match(self._checker.iter_errors(meta))
        if error is not None:
            raise error


class FastMetadataValidator(MetadataValidator, _SchemaOnce):  # type: ignore[misc]
    """nbgrader's current metadata rules; the schema step comes from ``_SchemaOnce``."""


@functools.cache
def _shared() -> FastMetadataValidator:
    return FastMetadataValidator()


class CheckCellMetadataOnce(CheckCellMetadata):
    """nbgrader's ``CheckCellMetadata``, using :class:`FastMetadataValidator`."""

    def preprocess(self, nb: NotebookNode, resources: dict) -> tuple[NotebookNode, dict]:  # type: ignore[override]
        try:
            _shared().validate_nb(nb)
        except ValidationError:
            self.log.error(traceback.format_exc())
            msg = "Notebook failed to validate; the nbgrader metadata may be corrupted."
            self.log.error(msg)
            raise ValidationError(msg) from None
        return nb, resources

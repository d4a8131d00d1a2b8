"""Seeded generator for the course data sets and their data dictionary.

Every data set is small and synthetic, except the figures that come from the
report, which the dictionary cites (document and line, as in the content map:
``003:621`` is line 621 of the full report). Running ``course data`` twice
gives byte-for-byte identical files.
"""

from __future__ import annotations

import csv
import io
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

SEED = 20150501  # the report's publication month, May 2015

REPORT = "Timmins (2015), The practice of system leadership, The King's Fund"


@dataclass(frozen=True)
class Column:
    """One column of a data set, as the data dictionary describes it."""

    name: str
    type: str
    meaning: str
    source: str = "synthetic"


@dataclass(frozen=True)
class Dataset:
    """A CSV file, the module that uses it, and how to make it."""

    filename: str
    module: str
    title: str
    description: str
    columns: tuple[Column, ...]
    make_rows: Callable[[random.Random], list[dict[str, object]]]
    notes: tuple[str, ...] = field(default_factory=tuple)


def all_datasets() -> tuple[Dataset, ...]:
    """Every data set, from the modules in ``course/datasets`` (one file per course module)."""
    import importlib
    import pkgutil

    from . import datasets

    found: list[Dataset] = []
    for info in sorted(pkgutil.iter_modules(datasets.__path__), key=lambda i: i.name):
        found.extend(importlib.import_module(f"{datasets.__name__}.{info.name}").DATASETS)
    return tuple(found)


def render_csv(dataset: Dataset, seed: int = SEED) -> str:
    """Return the CSV text of one data set, made from its own seeded generator."""
    rng = random.Random(f"{seed}:{dataset.filename}")
    rows = dataset.make_rows(rng)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=[c.name for c in dataset.columns], lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def render_dictionary(datasets: tuple[Dataset, ...], seed: int = SEED) -> str:
    """Return the data dictionary (Markdown) for every data set."""
    lines = [
        "# Data dictionary",
        "",
        "Every file here is made by `course data` (the code is `course/data.py`) from a fixed "
        f"seed ({seed}). Running it again reproduces the files byte for byte. Values are "
        "synthetic unless the Source column cites the report: citations read "
        "`003:621`, meaning line 621 of the full report in the course's source documents "
        f"({REPORT}).",
        "",
    ]
    for ds in datasets:
        lines += [
            f"## {ds.filename}: {ds.title}",
            "",
            f"Used in `{ds.module}`. {ds.description}",
            "",
            "| Column | Type | Meaning | Source |",
            "| --- | --- | --- | --- |",
        ]
        lines += [f"| `{c.name}` | {c.type} | {c.meaning} | {c.source} |" for c in ds.columns]
        lines += [""] + [f"- {note}" for note in ds.notes] + ([""] if ds.notes else [])
    return "\n".join(lines)


def write_all(root: Path, seed: int = SEED) -> list[Path]:
    """Write every data set to ``root/data`` and a copy into its module's source folder."""
    written: list[Path] = []
    data_dir = root / "data"
    data_dir.mkdir(exist_ok=True)
    every = all_datasets()
    for ds in every:
        text = render_csv(ds, seed)
        targets = [data_dir / ds.filename]
        module_dir = root / "source" / ds.module
        if module_dir.is_dir():
            targets.append(module_dir / ds.filename)
        for target in targets:
            target.write_text(text, encoding="utf-8", newline="")
            written.append(target)
    dictionary = data_dir / "README.md"
    dictionary.write_text(render_dictionary(every, seed), encoding="utf-8", newline="")
    written.append(dictionary)
    return written

"""course.data: seeded, reproducible data sets and their dictionary."""

from __future__ import annotations

import csv
import hashlib
import io
import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from conftest import REPO
from course import data

DATASETS = data.all_datasets()
IDS = [ds.filename for ds in DATASETS]


def digest(folder: Path) -> dict[str, str]:
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.glob("*"))
        if p.is_file()
    }


def test_every_module_in_source_has_a_data_set() -> None:
    modules = {ds.module for ds in DATASETS}
    assert modules == {p.name for p in (REPO / "source").iterdir() if p.is_dir()}


def test_file_names_are_unique() -> None:
    assert len(IDS) == len(set(IDS))


@pytest.mark.parametrize("dataset", DATASETS, ids=IDS)
def test_rendering_twice_gives_identical_text(dataset: data.Dataset) -> None:
    assert data.render_csv(dataset) == data.render_csv(dataset)


@pytest.mark.parametrize("dataset", DATASETS, ids=IDS)
def test_any_seed_gives_the_declared_columns(dataset: data.Dataset) -> None:
    rows = list(csv.DictReader(io.StringIO(data.render_csv(dataset, seed=1))))
    assert [c.name for c in dataset.columns] == list(rows[0])


@pytest.mark.parametrize("dataset", DATASETS, ids=IDS)
def test_committed_files_match_the_generator(dataset: data.Dataset) -> None:
    text = data.render_csv(dataset)
    assert (REPO / "data" / dataset.filename).read_text(encoding="utf-8") == text
    assert (REPO / "source" / dataset.module / dataset.filename).read_text(encoding="utf-8") == text


def test_committed_dictionary_matches_the_generator() -> None:
    expected = data.render_dictionary(DATASETS)
    assert (REPO / "data" / "README.md").read_text(encoding="utf-8") == expected


@pytest.mark.parametrize("dataset", DATASETS, ids=IDS)
def test_the_dictionary_describes_every_column_and_cites_or_labels_it(
    dataset: data.Dataset,
) -> None:
    names = {c.name for c in dataset.columns}
    header = data.render_csv(dataset).splitlines()[0].split(",")
    assert names == set(header)
    for column in dataset.columns:
        assert column.meaning.strip(), f"{dataset.filename}:{column.name} has no meaning"
        source = column.source.lower()
        assert "synthetic" in source or re.search(r"\b00\d:\d+", source), (
            f"{dataset.filename}:{column.name} neither cites the report nor says synthetic"
        )


@pytest.mark.parametrize("dataset", DATASETS, ids=IDS)
def test_pandas_reads_every_file_with_the_declared_columns(dataset: data.Dataset) -> None:
    frame = pd.read_csv(io.StringIO(data.render_csv(dataset)))
    assert list(frame.columns) == [c.name for c in dataset.columns]
    assert len(frame) > 0


def test_course_data_reproduces_the_files_byte_for_byte(course_copy: Path) -> None:
    before = digest(course_copy / "data")
    for path in (course_copy / "data").glob("*"):
        path.unlink()
    run = subprocess.run(
        [sys.executable, "-m", "course.cli", "--course-dir", str(course_copy), "data"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    assert digest(course_copy / "data") == before
    run = subprocess.run(
        [sys.executable, "-m", "course.cli", "--course-dir", str(course_copy), "data"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert digest(course_copy / "data") == before


def test_the_generator_does_not_use_the_global_random_state() -> None:
    import random

    random.seed(1)
    first = [data.render_csv(ds) for ds in DATASETS]
    random.seed(2)
    assert [data.render_csv(ds) for ds in DATASETS] == first

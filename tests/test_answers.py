"""course.answers: what a check call hands to the grader comes back as the same answer."""

from __future__ import annotations

import json
import math

import numpy as np
import pandas as pd
import pytest

from course import answers


def round_trip(*values):
    names = [f"v{i}" for i in range(len(values))]
    return answers.decode(answers.encode("m01-x", names, list(values)), "m01-x", len(values))


def test_a_table_keeps_its_columns_index_name_dtypes_and_exact_floats() -> None:
    frame = pd.DataFrame(
        {"provider": ["A", "B"], "pct": [95.25862068965517, math.nan], "n": [1, 2]}
    ).set_index("provider")
    (back,) = round_trip(frame)
    assert back.index.name == "provider" and list(back.index) == ["A", "B"]
    assert back["pct"].iloc[0] == 95.25862068965517 and math.isnan(back["pct"].iloc[1])
    assert str(back["n"].dtype) == "int64"


def test_a_series_keeps_its_name_and_index() -> None:
    (back,) = round_trip(pd.Series([1.5, 2.5], index=["x", "y"], name="lag"))
    assert isinstance(back, pd.Series) and back.name == "lag" and back["y"] == 2.5


def test_numpy_values_keep_their_type() -> None:
    scalar, array = round_trip(np.int64(3), np.array([1, 2]))
    assert type(scalar) is np.int64 and scalar == 3
    assert isinstance(array, np.ndarray) and array.tolist() == [1, 2]


def test_plain_python_answers_come_back_as_they_were() -> None:
    values = [
        None,
        True,
        7,
        2.5,
        "L01",
        [1, "a"],
        (1, 2),
        {"A01": 26, ("x", 1): [1]},
        pd.Timestamp("2026-03-01 09:30"),
    ]
    assert round_trip(*values) == values


def test_an_answer_of_a_kind_that_cannot_be_checked_is_named() -> None:
    (back,) = round_trip(lambda x: x)
    assert isinstance(back, answers.Unsupported) and back.type_name == "function"


def test_an_absurdly_large_answer_is_refused_with_a_sentence() -> None:
    with pytest.raises(answers.AnswerError, match="far more than any task needs"):
        answers.encode("m01-x", ["big"], [list(range(answers.MAX_CELLS + 1))])
    with pytest.raises(answers.AnswerError, match="more than 4 MB"):
        answers.encode("m01-x", ["long"], ["x" * (answers.MAX_FILE_BYTES + 1)])


def test_a_table_with_two_columns_of_one_name_is_refused() -> None:
    frame = pd.DataFrame([[1, 2]], columns=["a", "a"])
    with pytest.raises(answers.AnswerError, match="two columns with the same name"):
        answers.encode("m01-x", ["t"], [frame])


@pytest.mark.parametrize(
    "text, why",
    [
        ("not json", "could not be read"),
        (json.dumps({"format": "other"}), "not in the expected form"),
        (
            json.dumps({"format": answers.FORMAT, "check": "m02-y", "answers": [1]}),
            "belongs to another check",
        ),
        (
            json.dumps({"format": answers.FORMAT, "check": "m01-x", "answers": [1, 2]}),
            "does not hold the answers",
        ),
        (
            json.dumps(
                {
                    "format": answers.FORMAT,
                    "check": "m01-x",
                    "answers": [
                        {
                            "kind": "dataframe",
                            "columns": ["a"],
                            "index": [0],
                            "data": [[1, 2]],
                            "dtypes": [],
                        }
                    ],
                }
            ),
            "not in the expected form",
        ),
        (
            json.dumps(
                {"format": answers.FORMAT, "check": "m01-x", "answers": [{"kind": "pickle"}]}
            ),
            "not in the expected form",
        ),
        ("[" * 100_000 + "]" * 100_000, "could not be read"),
    ],
)
def test_a_malformed_export_gives_a_reason(text: str, why: str) -> None:
    with pytest.raises(answers.AnswerError, match=why):
        answers.decode(text, "m01-x", 1)


def test_an_export_over_the_size_cap_is_not_parsed() -> None:
    with pytest.raises(answers.AnswerError, match="larger than the grader accepts"):
        answers.decode(b" " * (answers.MAX_FILE_BYTES + 1), "m01-x", 1)

"""The course is true to its seed documents: exact quotations and nothing copied unquoted."""

from __future__ import annotations

import os
from pathlib import Path

import nbformat
import pytest

from course import fidelity
from course.errors import CourseError
from course.paths import REPO_DIR, seeds_dir
from helpers import one_sentence, run_cli

# A made-up seed, so the unit tests do not depend on the real documents.
SEED = (
    "Leaders said that ‘you can achieve almost anything if you don’t want the credit’ – "
    "and that the work of joining up services across a whole city takes years of patient "
    "effort by many people who never see the results themselves."
)


def findings(markdown: str) -> list[fidelity.Finding]:
    """The findings for one markdown cell checked against the made-up seed."""
    seeds = {"003": fidelity.seed_text(SEED)}
    return fidelity.check([("m99", "cell-1", markdown)], seeds)


def course_seeds() -> dict[str, str]:
    """The real seed documents; skip without them, except in CI, where the test fails."""
    try:
        return fidelity.read_seeds(seeds_dir())
    except CourseError as exc:
        if os.environ.get("CI") == "true":
            pytest.fail(str(exc), pytrace=False)
        pytest.skip(str(exc))


def test_whole_course_is_true_to_its_seeds() -> None:
    """Every release notebook and the glossary quote verbatim and copy nothing unquoted."""
    seeds = course_seeds()
    found = fidelity.check(fidelity.learner_text(REPO_DIR), seeds)
    assert not found, "\n".join(str(f) for f in found)


def test_verbatim_quotation_passes() -> None:
    """A quotation that is word for word in its cited seed is not a finding."""
    assert findings('Leaders said "you can achieve almost anything" (Timmins 2015).') == []


def test_misquotation_is_found() -> None:
    """A quotation with one word changed is reported with the cell and the quoted words."""
    found = findings('Leaders said "you can achieve nearly anything" (Timmins 2015).')
    assert [str(f) for f in found] == [
        'm99: cell-1: not verbatim in its source: "you can achieve nearly anything" (003)'
    ]


def test_typographic_quotes_and_dashes_are_normalised() -> None:
    """Straight quotes and a hyphen match the seed's curly apostrophe and en dash."""
    text = """They said "if you don't want the credit' - and that the work" (Timmins 2015)."""
    assert findings(text.replace("credit'", "credit’")) == []


def test_ellipsis_joins_verbatim_pieces() -> None:
    """An ellipsis may join two verbatim pieces, but only in the seed's order."""
    assert findings('"You can achieve ... the credit" (Timmins 2015).') == []
    assert len(findings('"the credit ... you can achieve" (Timmins 2015).')) == 1


def test_ten_word_unquoted_copy_is_found() -> None:
    """Ten consecutive words shared with a seed, outside quotation marks, are reported."""
    found = findings("We know services across a whole city takes years of patient effort.")
    assert [f.problem for f in found] == ["copied"]
    assert found[0].words == "services across a whole city takes years of patient effort"


def test_a_prompt_in_a_code_cell_is_read(tmp_path: Path) -> None:
    words = "We need to stop trying to control everything, now and later"
    prompt = f'reflect.text_reflection("r", "{words}")'
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(prompt)])
    (tmp_path / "release" / "m99").mkdir(parents=True)
    nbformat.write(nb, tmp_path / "release" / "m99" / "m99.ipynb")
    seeds = {"003": "leaders need to stop trying to control everything, now and later"}
    cells = list(fidelity.learner_text(tmp_path))
    assert [f.problem for f in fidelity.check(cells, seeds)] == ["copied"]


def test_nine_word_unquoted_run_is_not_found() -> None:
    """Nine shared words in a row are short enough to be the course's own sentence."""
    assert findings("We know services across a whole city takes years of patient work.") == []


def test_quoted_and_cited_copy_is_not_a_copy() -> None:
    """The same ten words inside an attributed quotation are a quotation, not a copy."""
    text = 'He said it "takes years of patient effort by many people who never see" (Timmins 2015).'
    assert findings(text) == []


def test_reference_list_is_exempt() -> None:
    """Text under a Further reading heading may repeat a seed's words."""
    text = "## Further reading\n\n- Services across a whole city takes years of patient effort."
    assert findings(text) == []
    assert len(findings("## Key points\n\n- " + text.split("- ")[1])) == 1


def test_missing_seeds_are_one_sentence(tmp_path: Path) -> None:
    """An empty seeds folder is reported in one sentence that names the folder."""
    with pytest.raises(CourseError, match=r"^The seed documents are not in .*COURSE_SEEDS\.$"):
        fidelity.read_seeds(tmp_path)


def test_cli_without_seeds_says_so_in_one_sentence(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`course fidelity` with an empty COURSE_SEEDS folder exits 2 with one sentence."""
    monkeypatch.setenv("COURSE_SEEDS", str(tmp_path))
    code, _, err = run_cli("fidelity")
    assert code == 2
    assert "seed documents are not in" in one_sentence(err)


def test_cli_prints_each_finding_by_module_and_cell(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A small course with one copied sentence is reported as `module: cell id: words`."""
    course = tmp_path / "course"
    (course / "release" / "m99_x").mkdir(parents=True)
    (course / "nbgrader_config.py").write_text("", encoding="utf-8")
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_markdown_cell(
        "We know services across a whole city takes years of patient effort."
    )
    cell.id = "m99-s1"
    nb.cells = [
        cell,
        nbformat.v4.new_markdown_cell('"you can achieve almost anything" (Timmins 2015)'),
    ]
    nbformat.write(nb, course / "release" / "m99_x" / "m99_x.ipynb")
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "003_report.txt").write_text(SEED, encoding="utf-8")
    monkeypatch.setenv("COURSE_SEEDS", str(seeds))
    code, out, _ = run_cli("--course-dir", str(course), "fidelity")
    assert code == 1
    assert out.splitlines()[0] == (
        "m99_x: m99-s1: unquoted copy: services across a whole city takes years of patient effort"
    )


def test_missing_seeds_fail_in_ci(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Under CI=true the whole-course check fails, rather than skips, when the seeds are gone."""
    monkeypatch.setenv("COURSE_SEEDS", str(tmp_path))
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="seed documents are not in"):
        course_seeds()
    monkeypatch.setenv("CI", "")
    with pytest.raises(pytest.skip.Exception):
        course_seeds()

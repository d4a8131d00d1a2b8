"""The capstone on a learner's own record: self-ratings over time, reflections, the exported plan.

A workspace is built in code the way the course saves it: each module m01-m12 keeps its
self-rating with a snapshot at two dates, m06 a poll (not a self-rating), some modules a
written reflection, and m13 the development plan.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import nbformat
import pytest
from bs4 import BeautifulSoup

from conftest import REPO
from course import portfolio, reflect
from course.reflections import self_ratings, store
from helpers import run_cli

FOLDERS = {p.name[:3]: p.name for p in sorted((REPO / "source").iterdir()) if p.is_dir()}
FIRST, LATER = "2026-10-05T09:30:00+00:00", "2027-03-01T10:00:00+00:00"
PLAN_WORDS = "I will name one disagreement out loud at each discharge meeting"
M04_WORDS = "The carers' sessions rewrote our discharge letters and taught me to listen first"


def first_rating(n: int) -> int:
    return 1 + n % 3  # 1, 2 or 3


def later_rating(n: int) -> int:
    return 2 + n % 4  # 2 to 5: most rise, some fall or stay


def save_self_rating(workspace: Path, module: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Save the module's self-rating through its box at FIRST and again at LATER."""
    folder = workspace / FOLDERS[module]
    items = list(self_ratings.items(module))
    for stamp, rate in ((FIRST, first_rating), (LATER, later_rating)):
        monkeypatch.setattr(store, "now", lambda stamp=stamp: stamp)
        reflect.self_rating(module, base=folder)._save({i: rate(n) for n, i in enumerate(items)}, 1)


def learner_workspace(
    root: Path, monkeypatch: pytest.MonkeyPatch, modules=self_ratings.MODULES
) -> Path:
    """A workspace with self-ratings at two dates, a poll, two reflections and a plan."""
    for module in modules:
        save_self_rating(root, module, monkeypatch)
    reflect.save(
        "m06_poll_before",
        {
            "kind": "ratings",
            "prompt": "Can system leadership be taught?",
            "items": {"taught": "It can be taught"},
            "low": "Disagree",
            "high": "Agree",
            "ratings": {"taught": 1},
        },
        root / FOLDERS["m06"],
    )
    reflect.save(
        "m04_involving",
        {
            "kind": "text",
            "prompt": "When did you involve carers?",
            "text": M04_WORDS + " " + "and more. " * 30,
        },
        root / FOLDERS["m04"],
    )
    reflect.save(
        "m13_plan",
        {
            "kind": "stages",
            "prompt": "Your development plan",
            "stages": {"strengths": "Strengths", "actions": "Actions"},
            "answers": {"strengths": "Involving carers.", "actions": PLAN_WORDS},
        },
        root / FOLDERS["m13"],
    )
    return root


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return learner_workspace(tmp_path / "workspace", monkeypatch)


def fingerprint(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` and the SHA-256 of its bytes."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_ratings_at_two_dates_give_per_module_bars_and_the_change_over_time(
    workspace: Path,
) -> None:
    """Every module's items appear at both dates; bars cover m01-m12; change is latest - first."""
    read = portfolio.self_ratings(portfolio.gather(workspace))
    assert read.problems == []
    assert len(read.history) == 36 * 2 and set(read.history["date"]) == {FIRST[:10], LATER[:10]}
    latest = portfolio.latest(read.history)
    assert len(latest) == 36 and set(latest["date"]) == {LATER[:10]}
    bars = portfolio.dimension_bars(latest)
    assert set(bars["module"]) == set(self_ratings.MODULES)
    assert bars["n_ratings"].sum() == 36
    change = portfolio.change_over_time(read.history)
    expected = {
        f"{m}_{i}": later_rating(n) - first_rating(n)
        for m in self_ratings.MODULES
        for n, i in enumerate(self_ratings.items(m))
    }
    assert dict(zip(change["item"], change["change"], strict=True)) == expected


def test_polls_are_not_counted_as_self_ratings(workspace: Path) -> None:
    """m06's poll is read as a rating elsewhere but never reaches the capstone's self-ratings."""
    entries = portfolio.gather(workspace)
    assert "m06_poll_before" in set(portfolio.ratings_frame(entries)["key"])
    history = portfolio.self_ratings(entries).history
    assert not history["item"].str.contains("taught").any()
    assert len(history[history["module"] == "m06"]) == 3 * 2


def test_openings_quote_the_start_of_each_earlier_reflection(workspace: Path) -> None:
    """The capstone lists the first words of each written reflection, not the plan itself."""
    found = portfolio.openings(portfolio.gather(workspace))
    assert list(found["key"]) == ["m04_involving"]
    assert found["opening"][0].startswith(M04_WORDS) and found["opening"][0].endswith("...")


def test_exported_html_opens_and_holds_the_plan_ratings_and_reflections(
    workspace: Path, tmp_path: Path
) -> None:
    """`--export plan.html` writes a page that parses and holds the learner's text."""
    code, out, err = run_cli(
        "portfolio", "--workspace", str(workspace), "--export", str(tmp_path / "plan.html")
    )
    assert code == 0, err
    soup = BeautifulSoup((tmp_path / "plan.html").read_text(encoding="utf-8"), "html.parser")
    text = soup.get_text(" ")
    assert soup.html["lang"] == "en-GB" and soup.title.string
    assert PLAN_WORDS in text and M04_WORDS in text
    assert "Sharing the vision" in text and "Healthcare Leadership Model" in text
    assert len(soup.find_all("table")) == 2  # latest ratings, and the change over time
    assert "What could not be read" not in text


@pytest.mark.browser
def test_exported_pdf_starts_with_pdf_and_holds_the_learners_text(
    workspace: Path, tmp_path: Path
) -> None:
    """`--export plan.pdf` prints the same page with headless Chromium into a real PDF."""
    from pypdf import PdfReader

    from helpers import need_chromium

    need_chromium()
    code, _, err = run_cli(
        "portfolio", "--workspace", str(workspace), "--export", str(tmp_path / "plan.pdf")
    )
    assert code == 0, err
    pdf = tmp_path / "plan.pdf"
    assert pdf.read_bytes().startswith(b"%PDF")
    text = " ".join(" ".join((page.extract_text() or "").split()) for page in PdfReader(pdf).pages)
    assert PLAN_WORDS in text and "Sharing the vision" in text


def test_pdf_export_without_chromium_says_so_in_one_sentence(
    workspace: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With no Chromium the export stops with one sentence that suggests HTML, writing nothing."""
    monkeypatch.delenv("CHROMIUM", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    code, _, err = run_cli(
        "portfolio", "--workspace", str(workspace), "--export", str(tmp_path / "plan.pdf")
    )
    assert code == 2 and "needs the Chromium web browser" in err and "plan.html" in err
    assert not (tmp_path / "plan.pdf").exists()


def damaged_workspace(root: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """m05 missing, m07's self-rating corrupt, m03's from an older version (an item now gone)."""
    ws = learner_workspace(root, monkeypatch, [m for m in self_ratings.MODULES if m != "m05"])
    corrupt = store.reflection_path(self_ratings.key("m07"), ws / FOLDERS["m07"])
    corrupt.write_bytes(b'{"kind": "self_rating", "ratings": {"roles": 3')
    old = store.reflection_path(self_ratings.key("m03"), ws / FOLDERS["m03"])
    record = json.loads(old.read_text(encoding="utf-8"))
    record["items"]["stakeholders"] = "Mapping stakeholders"
    record["ratings"]["stakeholders"] = 2
    record["history"][0]["ratings"]["stakeholders"] = 1
    old.write_text(json.dumps(record), encoding="utf-8")
    return ws


def test_capstone_names_unreadable_missing_and_outdated_modules_and_uses_the_rest(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each bad module is named in one sentence; every readable rating is still used."""
    ws = damaged_workspace(tmp_path / "workspace", monkeypatch)
    read = portfolio.self_ratings(portfolio.gather(ws))
    said = {p[:3]: p for p in read.problems}
    assert set(said) == {"m03", "m05", "m07"}
    assert "Mapping stakeholders" in said["m03"] and "no longer asks" in said["m03"]
    assert "not found" in said["m05"] and "could not be read" in said["m07"]
    latest = portfolio.latest(read.history)
    assert set(latest["module"]) == set(self_ratings.MODULES) - {"m05", "m07"}
    assert len(latest[latest["module"] == "m03"]) == 3


def test_bad_input_leaves_every_file_byte_identical(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Reading the capstone and exporting the plan from a damaged workspace changes no file."""
    ws = damaged_workspace(tmp_path / "workspace", monkeypatch)
    before = fingerprint(ws)
    code, _, err = run_cli(
        "portfolio", "--workspace", str(ws), "--export", str(tmp_path / "plan.html")
    )
    assert code == 0
    assert [line[:19] for line in err.splitlines()] == [
        f"Could not read {m}:" for m in ("m03", "m05", "m07")
    ]
    text = BeautifulSoup(
        (tmp_path / "plan.html").read_text(encoding="utf-8"), "html.parser"
    ).get_text(" ")
    assert "What could not be read" in text and PLAN_WORDS in text
    assert fingerprint(ws) == before


@pytest.mark.slow
def test_the_capstone_notebook_charts_the_learners_record(
    workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """m13 in the learner's workspace draws their bars, change and openings, and keeps them."""
    from nbclient import NotebookClient

    from course import notebooks

    folder = workspace / FOLDERS["m13"]
    shutil.copytree(REPO / "source" / FOLDERS["m13"], folder, dirs_exist_ok=True)
    path = folder / f"{FOLDERS['m13']}.ipynb"
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if notebooks.is_autograded_test(cell):
            cell.source = notebooks.split_hidden(cell.source)[0]
    before = fingerprint(workspace)
    NotebookClient(
        nb,
        timeout=120,
        kernel_name="python3",
        allow_errors=True,
        resources={"metadata": {"path": str(folder)}},
    ).execute()
    outputs = {c.id: json.dumps(c.get("outputs", [])) for c in nb.cells}
    assert (
        "Your self-ratings" in outputs["m13-chart"] and "Sharing the vision" in outputs["m13-chart"]
    )
    assert "m04_population" in outputs["m13-change"]
    assert M04_WORDS[:40] in outputs["m13-writing"]
    after = fingerprint(workspace)
    kept = "m13_development_plan/reflections/m13_evidence.json"
    assert {k: v for k, v in after.items() if k != kept} == before  # other modules untouched
    evidence = reflect.load("m13_evidence", folder)["text"]
    assert "Sharing the vision" in evidence and M04_WORDS in evidence and "+1" in evidence

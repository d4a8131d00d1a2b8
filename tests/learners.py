"""Simulated learners: release notebooks with answers filled in, and saved reflections."""

from __future__ import annotations

import zipfile
from pathlib import Path

import nbformat

from course import progress, reflect
from course.notebooks import nbgrader_meta

# Module 1 answers that are wrong in four different ways.
M01_WRONG = {
    # not rounded: the visible check fails
    "m01-answer-ratio": 'reach["influence_ratio"] = reach["partner_staff"] / reach["direct_staff"]',
    # not rounded: the visible check fails
    "m01-answer-pct": 'reach["pct_need_partners"] = 100 * reach["changes_need_partners"] / '
    'reach["changes_planned"]',
    # wrong tie-break: the visible check names the tie-break, the hidden one fails
    "m01-answer-ranked": 'reach_ranked = reach.sort_values(["influence_ratio", "leader_id"], '
    "ascending=[False, False])",
    # the average of the two leaders' percentages, not their changes pooled: the visible
    # check names the mistake, the hidden one fails
    "m01-answer-low-ratio": 'low_ratio_partner_pct = round(reach.loc[reach["partner_staff"] / '
    'reach["direct_staff"] < 1, "pct_need_partners"].mean(), 1)',
}

ENOUGH_WORDS = " ".join(["I rely on persuasion and evidence when I work with partners."] * 30)


def solutions(source_nb: Path) -> dict[str, str]:
    """The solution code of every answer cell in a source notebook, by grade id."""
    nb = nbformat.read(source_nb, as_version=4)
    found = {}
    for cell in nb.cells:
        meta = nbgrader_meta(cell)
        if meta.get("solution") and cell.cell_type == "code":
            lines = [
                ln
                for ln in cell.source.splitlines()
                if "### BEGIN SOLUTION" not in ln and "### END SOLUTION" not in ln
            ]
            found[meta["grade_id"]] = "\n".join(lines)
    return found


def fill(release_nb: Path, answers: dict[str, str], out: Path) -> Path:
    """Write a copy of ``release_nb`` whose answer cells hold ``answers`` (by grade id)."""
    nb = nbformat.read(release_nb, as_version=4)
    for cell in nb.cells:
        grade_id = nbgrader_meta(cell).get("grade_id")
        if grade_id in answers:
            cell.source = answers[grade_id]
    out.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, out)
    return out


def reflection_checks(nb_path: Path) -> list[tuple[str, str, dict[str, object]]]:
    """Every reflection check in a notebook: (kind, key, its other arguments by name)."""
    return progress.reflection_checks(nbformat.read(nb_path, as_version=4))


def write_complete_reflections(nb_path: Path, folder: Path) -> list[str]:
    """Save complete answers for every reflection a notebook checks; return their keys."""
    keys = []
    for kind, key, detail in reflection_checks(nb_path):
        if kind == "text":
            record = {"text": ENOUGH_WORDS}
        elif kind in ("ratings", "self_rating"):
            items = list(detail["items"])  # type: ignore[call-overload]
            record = {
                "items": {i: i for i in items},
                "ratings": {i: 1 + n % 5 for n, i in enumerate(items)},
            }
        elif kind == "stages":
            record = {"answers": {s: ENOUGH_WORDS for s in detail["stages"]}}  # type: ignore
        else:
            record = {"rows": [["filled in"] * 3] * int(detail["min_rows"])}  # type: ignore
        reflect.save(key, {"kind": kind, "prompt": "p", **record}, folder)
        keys.append(key)
    return keys


def hand_in_and_enter(root: Path, module: str, work: dict[str, dict[str, str]]) -> None:
    """Hand in ``module`` for each learner (their reflections' texts by key) and enter them
    in nbgrader's gradebook, as collect and autograde do, without running their code.
    """
    from nbgrader.api import Gradebook

    from course import nbg
    from course.grading import gradebook

    source_nb = next((root / "source" / module).glob("*.ipynb"))
    release_nb = root / "release" / module / source_nb.name
    for learner, texts in work.items():
        folder = root / "submitted" / learner / module
        fill(release_nb, {}, folder / source_nb.name)
        write_complete_reflections(source_nb, folder)
        for key, text in texts.items():
            reflect.save(key, {"kind": "text", "prompt": "p", "text": text}, folder)
    nbg.run(root, "generate_assignment", module, "--force")
    with Gradebook(gradebook.url(root)) as gb:  # COURSE_DB_URL's, or gradebook.db
        for learner in work:
            gb.add_student(learner)
            gb.add_submission(module, learner)


def zip_folder(folder: Path, archive: Path, extra: dict[str, str] | None = None) -> Path:
    """Zip every file under ``folder`` as an LMS bulk download does; ``extra`` adds loose files."""
    with zipfile.ZipFile(archive, "w") as zf:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                zf.write(path, path.relative_to(folder))
        for name, content in (extra or {}).items():
            zf.writestr(name, content)
    return archive

"""A learner's portfolio: every reflection saved across the course, read back for the capstone.

Each module notebook saves its reflections to ``<workspace>/<module>/reflections/<key>.json``
(see :mod:`course.reflect`). The capstone module gathers them all so that a learner can chart
their self-ratings and reread what they wrote before making a development plan.

Reading is strictly hands-off: nothing here writes, renames or deletes a file. A file that
cannot be read is reported as an :class:`Entry` whose ``problem`` says what is wrong, and is
otherwise left exactly as it is (the module's own reflection cell keeps a copy of it when the
learner next runs that cell).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .reflect import FOLDER
from .reflections import kinds

if TYPE_CHECKING:  # pandas is imported where a table is built: `course check` reads no table
    import pandas as pd

MODULE_FOLDER = re.compile(r"^m\d{2}(_[A-Za-z0-9_-]+)?$")  # m01_leading_without_authority
SET_ASIDE = re.compile(r"\.(unreadable|replaced)-\d+$")  # stems of copies kept aside
RATED = (1, 2, 3, 4, 5)  # 0 means "not rated yet" (reflect.NOT_RATED) and is left out
RATING_COLUMNS = ["module", "key", "item", "label", "rating", "low", "high"]
SUMMARY_COLUMNS = ["module", "mean_rating", "n_ratings"]
INDEX_COLUMNS = ["module", "key", "kind", "title", "words"]
TIE_BREAK = ("module", "key", "item")  # after the rating itself, alphabetically
TITLE_LENGTH = 90


@dataclass(frozen=True)
class Entry:
    """One saved reflection file: the module folder it sits in, its key, kind and record.

    ``problem`` is empty for a readable file; for a file that cannot be read it says why (and
    ``kind`` is ``"unreadable"``, ``record`` empty).
    """

    module: str
    key: str
    kind: str
    record: dict[str, Any] = field(default_factory=dict)
    path: Path | None = None
    problem: str = ""


def _exists(path: Path, test: str) -> bool:
    """``path.is_dir()`` or ``path.is_file()``, false (not an error) when it cannot be checked."""
    try:
        return bool(getattr(path, test)())
    except OSError:  # for example a folder this user may not read
        return False


def _is_module_folder(path: Path) -> bool:
    """True for a module's folder in a workspace, such as ``m01_leading_without_authority``."""
    return bool(MODULE_FOLDER.match(path.name)) and _exists(path, "is_dir")


def _is_reflection_file(path: Path) -> bool:
    """True for ``<key>.json``; false for temporary, hidden and set-aside (unreadable) files."""
    return (
        path.suffix == ".json"
        and not path.name.startswith(".")
        and not SET_ASIDE.search(path.stem)
        and _exists(path, "is_file")
    )


def _read(module: str, path: Path) -> Entry:
    """Read one reflection file; never raises, never changes the file."""
    where = f"{module}/{FOLDER}/{path.name}"
    fix = (
        f"open {module} and run its reflection cells: the unreadable file is kept aside "
        "and you can start that answer again."
    )
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError) as exc:  # ValueError covers bad JSON and UTF-8
        return Entry(
            module,
            path.stem,
            "unreadable",
            {},
            path,
            f"{where} cannot be read ({exc.__class__.__name__}); {fix}",
        )
    if not isinstance(record, dict):
        return Entry(
            module, path.stem, "unreadable", {}, path, f"{where} does not hold a reflection; {fix}"
        )
    kind = record.get("kind")
    return Entry(
        module, path.stem, kind if isinstance(kind, str) and kind else "text", record, path
    )


def gather(workspace: Path) -> list[Entry]:
    """Every reflection saved in ``workspace``, sorted by module folder and then key.

    Looks in ``<workspace>/mNN_.../reflections/*.json``. Skips temporary files, hidden files and
    files set aside as ``<key>.unreadable-N.json``. A file that cannot be read comes back as an
    entry with a ``problem`` (see :func:`problems`); nothing is raised and no file is modified.
    A missing or unreadable workspace gives an empty list.
    """
    try:
        folders = sorted(p for p in Path(workspace).iterdir() if _is_module_folder(p))
    except OSError:
        return []
    entries: list[Entry] = []
    for folder in folders:
        try:
            files = sorted(p for p in (folder / FOLDER).iterdir() if _is_reflection_file(p))
        except OSError:  # no reflections folder yet, or it cannot be listed
            continue
        entries.extend(_read(folder.name, path) for path in files)
    return entries


def problems(entries: Iterable[Entry]) -> list[str]:
    """One sentence for each file that could not be read, saying which file and what to do."""
    return [e.problem for e in entries if e.problem]


def _rating(value: Any) -> int | None:
    """A saved rating as an int from 1 to 5, or None (not rated, or not a rating at all)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value not in RATED:
        return None
    return int(value)


def ratings_frame(entries: Iterable[Entry]) -> pd.DataFrame:
    """Every self-rating from the ``ratings`` entries, one row per rated item.

    Columns: module, key, item, label (the item's wording), rating (int, 1 to 5), low and high
    (what 1 and 5 meant on that reflection's scale: scales differ between modules). Items left
    at 0 ("not rated") or holding anything other than 1 to 5 are dropped.
    """
    import pandas as pd

    rows = []
    for e in entries:
        ratings = e.record.get("ratings")
        if e.problem or e.kind != "ratings" or not isinstance(ratings, dict):
            continue
        labels = e.record.get("items") if isinstance(e.record.get("items"), dict) else {}
        for item, value in ratings.items():
            rating = _rating(value)
            if rating is not None:
                rows.append(
                    {
                        "module": e.module,
                        "key": e.key,
                        "item": str(item),
                        "label": str(labels.get(item, item)),
                        "rating": rating,
                        "low": str(e.record.get("low", "")),
                        "high": str(e.record.get("high", "")),
                    }
                )
    return pd.DataFrame(rows, columns=RATING_COLUMNS).astype({"rating": "int64"})


def module_summary(frame: pd.DataFrame) -> pd.DataFrame:
    """Mean rating (rounded to 2 dp with Python's ``round``) and number of ratings per module.

    Works on :func:`ratings_frame` or on any table with ``module`` and ``rating`` columns;
    ratings other than 1 to 5 (such as 0, "not rated") are left out. Sorted by module.
    """
    import pandas as pd

    rated = frame[frame["rating"].isin(RATED)]
    if rated.empty:
        return pd.DataFrame(
            {
                "module": pd.Series(dtype=object),
                "mean_rating": pd.Series(dtype=float),
                "n_ratings": pd.Series(dtype="int64"),
            }
        )
    out = (
        rated.groupby("module", sort=True)["rating"]
        .agg(mean_rating="mean", n_ratings="count")
        .reset_index()
    )
    out["mean_rating"] = [round(float(v), 2) for v in out["mean_rating"]]
    out["n_ratings"] = out["n_ratings"].astype("int64")
    return out[SUMMARY_COLUMNS]


def weakest(frame: pd.DataFrame, n: int = 3) -> pd.DataFrame:
    """The ``n`` lowest-rated items, lowest first.

    Tie-break: equal ratings are ordered by module, then key, then item id, alphabetically
    (columns a table does not have are skipped). Ratings other than 1 to 5 are left out. Only
    meaningful where a high rating is good: check each scale's ``low`` and ``high`` first.
    """
    rated = frame[frame["rating"].isin(RATED)]
    order = ["rating", *[c for c in TIE_BREAK if c in rated.columns]]
    return rated.sort_values(order, kind="mergesort").head(n).reset_index(drop=True)


def _title(record: dict[str, Any], key: str) -> str:
    """The reflection's prompt on one line, shortened at a word boundary; the key if none."""
    prompt = " ".join(str(record.get("prompt") or "").split())
    if not prompt:
        return key
    if len(prompt) <= TITLE_LENGTH:
        return prompt
    return prompt[:TITLE_LENGTH].rsplit(" ", 1)[0] + "..."


def reflection_index(entries: Iterable[Entry]) -> pd.DataFrame:
    """The written reflections (text, stages and table kinds), with a title and word count.

    Columns: module, key, kind, title (the prompt, shortened) and words. Self-ratings and
    unreadable files are left out. Kept in the order of :func:`gather`.
    """
    import pandas as pd

    rows = [
        {
            "module": e.module,
            "key": e.key,
            "kind": e.kind,
            "title": _title(e.record, e.key),
            "words": kinds.KINDS[e.kind].words(e.record),
        }
        for e in entries
        if not e.problem and e.kind in kinds.WRITTEN
    ]
    return pd.DataFrame(rows, columns=INDEX_COLUMNS).astype({"words": "int64"})

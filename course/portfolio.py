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


# The capstone's reading of the course's own self-ratings (kind "self_rating", saved by
# m01-m12 with dated snapshots). Polls and other "ratings" records are not counted here.

HISTORY_COLUMNS = ["module", "item", "label", "dimension", "saved_at", "date", "rating"]
LATEST_COLUMNS = ["module", "item", "label", "dimension", "date", "rating"]
CHANGE_COLUMNS = [
    "module",
    "item",
    "label",
    "dimension",
    "first_date",
    "first_rating",
    "latest_date",
    "latest_rating",
    "change",
]
OPENING_COLUMNS = ["module", "key", "title", "opening", "words"]
OPENING_WORDS = 40


@dataclass(frozen=True)
class SelfRatings:
    """Every snapshot of every self-rating item found, and why any module was left out.

    ``history`` has one row per rated item per snapshot (``HISTORY_COLUMNS``; ``item`` is
    ``<module>_<item id>``, as in the capstone's worked example); ``problems`` holds one
    sentence per module the capstone could not read, or read only in part.
    """

    history: pd.DataFrame
    problems: list[str]


def _module_id(folder: str) -> str:
    """``m04`` for the folder ``m04_patients_and_outcomes``."""
    return folder[:3]


def self_ratings(entries: Iterable[Entry]) -> SelfRatings:
    """Read the course's self-ratings (kind ``self_rating``) from gathered entries.

    Every module m01-m12 should hold one. A module with no folder, with nothing saved yet,
    with an unreadable file, or holding items this version of the course no longer asks is
    named in ``problems``; what can be read is kept. Nothing is written.
    """
    import pandas as pd

    from .leadership_model import name
    from .reflections import self_ratings as course_items
    from .reflections.store import snapshots

    entries = list(entries)
    found: dict[str, Entry] = {}
    said: list[str] = []
    for e in entries:
        module = _module_id(e.module)
        if e.key != course_items.key(module) or module not in course_items.ITEMS:
            continue
        if e.problem:
            said.append(
                f"{module}: the self-rating could not be read, so it is left out ({e.problem})"
            )
            continue
        found[module] = e
    rows = []
    for module, e in sorted(found.items()):
        asked = course_items.items(module)
        unknown: set[str] = set()
        for snap in snapshots(e.record, "ratings"):
            given = snap["ratings"] if isinstance(snap["ratings"], dict) else {}
            for item, value in given.items():
                if str(item) not in asked:
                    unknown.add(str(item))
                    continue
                rating = _rating(value)
                if rating is None:
                    continue
                rows.append(
                    {
                        "module": module,
                        "item": f"{module}_{item}",
                        "label": asked[str(item)].label,
                        "dimension": name(asked[str(item)].dimension),
                        "saved_at": snap["saved_at"],
                        "date": snap["saved_at"][:10],
                        "rating": rating,
                    }
                )
        if unknown:
            labels = e.record.get("items") if isinstance(e.record.get("items"), dict) else {}
            names = ", ".join(f"“{labels.get(i, i)}”" for i in sorted(unknown))
            said.append(
                f"{module}: the self-rating holds answers to items this version of the module "
                f"no longer asks ({names}); they are left out and the file is unchanged."
            )
    folders = {_module_id(e.module) for e in entries}
    for module in course_items.MODULES:
        if module in found or any(s.startswith(f"{module}:") for s in said):
            continue
        why = (
            "no self-rating is saved there yet" if module in folders else "its folder was not found"
        )
        said.append(f"{module}: {why}, so it is left out.")
    history = pd.DataFrame(rows, columns=HISTORY_COLUMNS).astype({"rating": "int64"})
    order = sorted(said, key=lambda s: s[:3])
    return SelfRatings(history, order)


def latest(history: pd.DataFrame) -> pd.DataFrame:
    """Each item's most recent rating (``LATEST_COLUMNS``), sorted by module and item."""
    if history.empty:
        return history.reindex(columns=LATEST_COLUMNS)
    last = history.sort_values(["item", "saved_at"], kind="mergesort").groupby("item").tail(1)
    return last.sort_values(["module", "item"])[LATEST_COLUMNS].reset_index(drop=True)


def change_over_time(history: pd.DataFrame) -> pd.DataFrame:
    """For each item rated on two or more days: its first and latest rating and the change.

    ``change`` is latest minus first (negative when a rating fell: read it with care, a fall
    may mean the learner now knows better what good looks like).
    """
    import pandas as pd

    rows = []
    for item, group in history.sort_values("saved_at", kind="mergesort").groupby("item"):
        if group["date"].nunique() < 2:
            continue
        first, last = group.iloc[0], group.iloc[-1]
        rows.append(
            {
                "module": first["module"],
                "item": item,
                "label": first["label"],
                "dimension": first["dimension"],
                "first_date": first["date"],
                "first_rating": int(first["rating"]),
                "latest_date": last["date"],
                "latest_rating": int(last["rating"]),
                "change": int(last["rating"]) - int(first["rating"]),
            }
        )
    frame = pd.DataFrame(rows, columns=CHANGE_COLUMNS)
    return frame.sort_values(["module", "item"]).reset_index(drop=True)


def dimension_bars(latest_frame: pd.DataFrame) -> pd.DataFrame:
    """Mean latest rating per module within each leadership dimension, for the capstone chart.

    Columns: dimension, module, mean_rating (2 dp), n_ratings and ``bar`` (the dimension and
    module as one label, so that the grouping is read in words, not only in colour).
    """
    import pandas as pd

    if latest_frame.empty:
        return pd.DataFrame(columns=["dimension", "module", "mean_rating", "n_ratings", "bar"])
    out = (
        latest_frame.groupby(["dimension", "module"], sort=True)["rating"]
        .agg(mean_rating="mean", n_ratings="count")
        .reset_index()
    )
    out["mean_rating"] = [round(float(v), 2) for v in out["mean_rating"]]
    out["n_ratings"] = out["n_ratings"].astype("int64")
    out["bar"] = [f"{d}: {m}" for d, m in zip(out["dimension"], out["module"], strict=True)]
    return out


def _opening(text: str, n_words: int) -> str:
    words = text.split()
    return " ".join(words[:n_words]) + (" ..." if len(words) > n_words else "")


def openings(entries: Iterable[Entry], n_words: int = OPENING_WORDS) -> pd.DataFrame:
    """The opening words of every written reflection, so a plan can cite its evidence.

    Columns: module, key, title (the prompt, shortened), opening (the first ``n_words`` words
    the learner wrote) and words (how many in all). Capstone (m13) reflections are left out.
    """
    import pandas as pd

    rows = []
    for e in entries:
        if e.problem or e.kind not in kinds.WRITTEN or e.module.startswith("m13"):
            continue
        kind = kinds.KINDS[e.kind]
        written = " ".join(t for t in kind.texts(e.record) if t.strip())
        if not written:
            continue
        rows.append(
            {
                "module": e.module,
                "key": e.key,
                "title": _title(e.record, e.key),
                "opening": _opening(written, n_words),
                "words": kind.words(e.record),
            }
        )
    return pd.DataFrame(rows, columns=OPENING_COLUMNS).astype({"words": "int64"})


def tag_dimensions(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with a ``dimension`` column, from ``item`` ids such as ``m04_population``.

    For tables laid out like the capstone's worked example; an item the course does not ask
    gets an empty dimension.
    """
    from .leadership_model import name
    from .reflections import self_ratings as course_items

    def dimension(item: str) -> str:
        module, _, own = str(item).partition("_")
        found = course_items.ITEMS.get(module, {}).get(own)
        return name(found.dimension) if found else ""

    return frame.assign(dimension=[dimension(i) for i in frame["item"]])

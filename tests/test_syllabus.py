"""course/syllabus.yml: every content id is taught once, under a heading that exists."""

from __future__ import annotations

from collections import Counter

import pytest

from conftest import REPO
from course import notebooks, syllabus
from course.paths import module_ids

MAP = syllabus.load()


def test_every_content_id_has_exactly_one_primary_module() -> None:
    counts = Counter(cid for ids in MAP.values() for cid in ids)
    assert sorted(set(syllabus.content_ids()) - set(counts)) == [], "unmapped ids"
    assert sorted(set(counts) - set(syllabus.content_ids())) == [], "unknown ids"
    assert sorted(cid for cid, n in counts.items() if n > 1) == [], "ids mapped twice"


def test_every_mapped_module_exists() -> None:
    assert sorted(set(MAP) - set(module_ids(REPO))) == []


@pytest.mark.parametrize("module", sorted(MAP))
def test_every_heading_in_the_map_is_in_the_notebook(module: str) -> None:
    nb = notebooks.read(next((REPO / "source" / module).glob("*.ipynb")))
    found = set()
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            found.update(syllabus.headings(cell.source))
    missing = {cid: h for cid, h in MAP[module].items() if h not in found}
    assert missing == {}


def test_headings_are_read_without_their_hashes() -> None:
    assert syllabus.headings("# Title\ntext\n### 2.1 Engage first ###\n#not a heading") == [
        "Title",
        "2.1 Engage first",
    ]

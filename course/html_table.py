"""The one HTML table builder behind every page the course writes.

The cohort summary, the exported development plan and the progress table all show data as
tables with a caption and column headers (row headers where the first column names the
row), so that a screen reader can announce each cell with its headings.
"""

from __future__ import annotations

import html
from collections.abc import Iterable


def text(value: object) -> str:
    """``value`` as HTML-escaped text, for a cell or caption that holds no markup."""
    return html.escape(str(value))


def html_table(
    caption: str,
    head: Iterable[str],
    rows: Iterable[Iterable[str]],
    *,
    row_headers: bool = False,
) -> str:
    """An accessible table; ``caption``, ``head`` and every cell are HTML already.

    Callers escape text with :func:`text` first, so that a cell may also hold a link or
    ``<code>``. With ``row_headers`` the first cell of each row is a ``<th scope="row">``.
    """
    header = "".join(f'<th scope="col">{h}</th>' for h in head)
    body = []
    for row in rows:
        cells = list(row)
        first = f'<th scope="row">{cells[0]}</th>' if row_headers and cells else ""
        rest = cells[1:] if row_headers and cells else cells
        body.append("<tr>" + first + "".join(f"<td>{c}</td>" for c in rest) + "</tr>")
    return (
        f"<table><caption>{caption}</caption><thead><tr>{header}</tr></thead>"
        f"<tbody>{''.join(body)}</tbody></table>"
    )

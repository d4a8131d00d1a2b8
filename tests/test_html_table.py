"""The one HTML table builder: captions, column headers and row headers for screen readers."""

from __future__ import annotations

from course.html_table import html_table, text


def test_every_column_has_a_scoped_header_and_the_caption_comes_first() -> None:
    page = html_table("Marks", ["Module", "Mean"], [["m01", "7.5"]])
    assert page.startswith("<table><caption>Marks</caption><thead><tr>")
    assert '<th scope="col">Module</th><th scope="col">Mean</th>' in page
    assert "<tr><td>m01</td><td>7.5</td></tr>" in page


def test_row_headers_make_the_first_cell_of_each_row_a_header() -> None:
    page = html_table("Progress", ["Module", "Checks"], [["m01", "4 of 4"]], row_headers=True)
    assert '<tr><th scope="row">m01</th><td>4 of 4</td></tr>' in page


def test_cells_keep_their_markup_and_text_escapes_what_a_learner_wrote() -> None:
    cell = text("<script>alert(1)</script> & more")
    page = html_table("A", ["Link", "Answer"], [['<a href="x.html">x</a>', cell]])
    assert '<td><a href="x.html">x</a></td>' in page
    assert "<script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; more" in page

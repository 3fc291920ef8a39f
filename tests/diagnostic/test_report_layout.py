"""The PDF report's pages: no page holds a lone table row, none is left half empty.

Read from WeasyPrint's own layout (the boxes of each page), so no PDF reader is needed. Before
the fix every report ended on a page holding the last row of the levels table alone, and a
large inventory left a half-empty page before the method.
"""

from __future__ import annotations

import datetime
from collections import defaultdict

import pytest
from weasyprint.formatting_structure import boxes

from mutualiser.diagnostic.models import Category
from mutualiser.diagnostic.report import report_document
from mutualiser.diagnostic.scoring import diagnostic_results

from ..factories import InventoryItemFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

DATE = datetime.date(2026, 12, 1)


def organisation_with(count: int):
    """An organisation with `count` items of different categories, quantities and costs."""
    organisation = OrganisationFactory(name=f"Essai de {count} éléments")
    categories = list(Category.objects.order_by("code"))
    for i in range(count):
        InventoryItemFactory(
            organisation=organisation,
            category=categories[i % len(categories)],
            months=[float(5 + (i * 7) % 30)] * 12,
            annual_cost=1000 + 250 * i,
            label=f"Élément {i}",
        )
    return organisation


def pages_of(organisation):
    results = diagnostic_results(organisation=organisation, lang="fr")
    document = report_document(
        organisation=organisation, results=results, date=DATE, base_url="http://test/", lang="fr"
    )
    return document.pages


def walk(box, table=None, header=False):
    """(box, the table it belongs to, whether in a table header) for every box under `box`."""
    if isinstance(box, boxes.TableBox):
        table = box.element
    if isinstance(box, boxes.TableRowGroupBox):
        header = box.is_header
    yield box, table, header
    for child in getattr(box, "children", []):
        yield from walk(child, table, header)


def body_rows_per_table(page) -> dict:
    """For each table on the page, how many of its body rows the page holds."""
    rows = defaultdict(int)
    for box, table, header in walk(page._page_box):
        if isinstance(box, boxes.TableRowBox) and not header:
            rows[table] += 1
    return rows


def filled(page) -> float:
    """The share of the page's content area that its content reaches down to (0 to 1)."""
    page_box = page._page_box
    top = page_box.content_box_y()
    root = next(c for c in page_box.children if getattr(c, "element_tag", None) == "html")
    bottom = max(
        box.position_y + box.margin_height()
        for box, _, _ in walk(root)
        if isinstance(box, (boxes.LineBox, boxes.TableRowBox, boxes.ReplacedBox))
    )
    return (bottom - top) / page_box.height


def total_body_rows(pages) -> dict:
    totals = defaultdict(int)
    for page in pages:
        for table, count in body_rows_per_table(page).items():
            totals[table] += count
    return totals


@pytest.mark.parametrize("count", [2, 11, 45])
def test_no_page_holds_a_single_row_of_a_longer_table(db, count):
    organisation = organisation_with(count)

    pages = pages_of(organisation)

    totals = total_body_rows(pages)
    for number, page in enumerate(pages, start=1):
        for table, rows in body_rows_per_table(page).items():
            if totals[table] > 1:
                assert rows != 1, f"page {number} of {len(pages)} holds one row of a table"


@pytest.mark.parametrize("count", [2, 11, 45])
def test_no_page_but_the_cover_and_the_summary_is_left_half_empty(db, count):
    organisation = organisation_with(count)

    pages = pages_of(organisation)

    # The cover and the summary end where their content ends; the ranking starts a page.
    for number, page in enumerate(pages[2:-1], start=3):
        assert filled(page) >= 0.5, f"page {number} of {len(pages)} is {filled(page):.0%} full"
    # The last page ends the report: a quarter of a page at least, or a whole table of its own
    # (the levels, kept in one piece) rather than the tail of a longer one.
    last, totals = pages[-1], total_body_rows(pages)
    whole_table = any(n >= 3 and n == totals[t] for t, n in body_rows_per_table(last).items())
    assert filled(last) >= 0.25 or whole_table, f"the last page is {filled(last):.0%} full"

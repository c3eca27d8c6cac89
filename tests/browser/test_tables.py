"""Index tables (docs/assets/javascripts/tables.js), online and from disk: a reader sorts
a list by a column (names by the language's collation, dates by the calendar) and
filters its rows; the controls are buttons and a labelled box that axe finds clean.
"""

from __future__ import annotations

from playwright.sync_api import Page, expect

from .conftest import Site
from .test_accessibility import violations


def column_texts(page: Page, column: int) -> list[str]:
    return page.locator(".wiki-sortable tbody tr:visible").evaluate_all(
        f"rows => rows.map(r => r.cells[{column}].textContent.trim())")


def header(page: Page, name: str):
    return page.locator(".wiki-sortable thead th").filter(
        has=page.get_by_role("button", name=name, exact=True))


def test_a_list_sorts_by_a_column_and_filters_its_rows(page: Page, site: Site) -> None:
    page.goto(site.url(""))
    page.locator(".md-tabs").get_by_role("link", name="States", exact=True).click()
    # Reached by instant navigation online: the new page's table is enhanced too.
    name = header(page, "Name")
    expect(name).to_have_attribute("aria-sort", "ascending")
    names = column_texts(page, 0)
    assert len(names) > 6 and names[0] == "Afghanistan"

    capital = header(page, "Capital")
    capital.get_by_role("button").click()
    expect(capital).to_have_attribute("aria-sort", "ascending")
    expect(name).not_to_have_attribute("aria-sort", "ascending")
    capitals = column_texts(page, 1)
    filled = [c for c in capitals if c]
    assert filled == sorted(filled) and len(filled) >= 2
    assert capitals == filled + [""] * (len(capitals) - len(filled))  # empty cells last
    capital.get_by_role("button").click()
    expect(capital).to_have_attribute("aria-sort", "descending")
    assert column_texts(page, 1)[:len(filled)] == filled[::-1]

    search = page.get_by_label("Filter states")
    search.fill("baku")
    expect(page.locator(".wiki-sortable tbody tr:visible")).to_have_count(1)
    assert column_texts(page, 0) == ["Azerbaijan"]
    expect(page.locator(".wiki-filter__status")).to_have_text(
        f"1 of {len(names)} shown")
    found = violations(page)
    assert not found, "\n".join(found)
    search.fill("")
    expect(page.locator(".wiki-sortable tbody tr:visible")).to_have_count(len(names))


def test_dates_sort_by_the_calendar(page: Page, site: Site) -> None:
    page.goto(site.url("events/"))
    date = header(page, "Date")
    date.get_by_role("button").click()
    expect(date).to_have_attribute("aria-sort", "ascending")
    days = page.locator(".wiki-sortable tbody tr").evaluate_all(
        "rows => rows.map(r => (r.cells[2].querySelector('time') || {}).dateTime || '')")
    dated = [d for d in days if d]
    assert len(dated) > 10 and dated == sorted(dated)
    # "September 2012" before "6 January 2022": not the order of the words.
    texts = column_texts(page, 2)
    assert texts != sorted(texts)
    date.get_by_role("button").click()
    expect(date).to_have_attribute("aria-sort", "descending")
    first = page.locator(".wiki-sortable tbody tr").first.locator("time")
    expect(first).to_have_attribute("datetime", max(dated))


def test_without_script_a_list_is_a_plain_table(browser, site: Site) -> None:
    plain = browser.new_context(java_script_enabled=False)
    try:
        tab = plain.new_page()
        tab.goto(site.url("states/"))
        expect(tab.locator(".wiki-sortable table tbody tr").first).to_be_visible()
        expect(tab.locator(".wiki-sortable button")).to_have_count(0)
        expect(tab.locator(".wiki-filter")).to_have_count(0)
    finally:
        plain.close()

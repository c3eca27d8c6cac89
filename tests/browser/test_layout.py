"""How a page is laid out, as a reader sees it at a phone's and at desktop widths.

Each kind of page is opened at 390 px (a phone), 1366 px and 1920 px: nothing may be
wider than the screen, and on desktop the lead prose beside the infobox must keep at
least 60% of the content column (the infobox must not squeeze it to a sliver).
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from .conftest import Site

# One page of each kind: home, list, and an entity page of each type.
PAGES = {
    "home": "",
    "list": "councils/",
    "state": "states/russia/",
    "official": "officials/vladimir-putin/",
    "office": "offices/president-of-russia/",
    "council": "councils/csto/",
    "treaty": "treaties/collective-security-treaty/",
    "event": "events/csto-deployment-to-kazakhstan-2022/",
    "source": "sources/tass-2017-11-30-csto-minsk/",
}
ENTITY_PAGES = {k: v for k, v in PAGES.items() if k not in ("home", "list")}
PHONE = {"width": 390, "height": 844}
DESKTOPS = [{"width": 1366, "height": 900}, {"width": 1920, "height": 1080}]

# The widest line of the lead prose beside the infobox (its paragraphs before the first
# section), and the width of the content column, in CSS pixels. A Range gives a
# rectangle for each piece of text on each line (a link is a piece): the pieces at the
# same height make one line.
LEAD_MEASURE = """() => {
    const infobox = document.querySelector(".md-content .wiki-infobox");
    const column = document.querySelector(".md-content .md-typeset");
    const box = infobox.getBoundingClientRect();
    const lines = new Map();
    for (let el = infobox.nextElementSibling; el && el.tagName !== "H2";
         el = el.nextElementSibling) {
        if (el.tagName !== "P") continue;
        const range = document.createRange();
        range.selectNodeContents(el);
        for (const r of range.getClientRects()) {
            if (r.top >= box.bottom || r.width === 0) continue;  // below the infobox
            const key = Math.round(r.top + r.height / 2);
            const [left, right] = lines.get(key) || [Infinity, -Infinity];
            lines.set(key, [Math.min(left, r.left), Math.max(right, r.right)]);
        }
    }
    if (lines.size === 0) return null;
    const style = getComputedStyle(column);
    const inner = column.clientWidth - parseFloat(style.paddingLeft)
                  - parseFloat(style.paddingRight);
    const widths = Array.from(lines.values()).map(([l, r]) => r - l);
    return {widest: Math.max(...widths), column: inner, infobox: box.width,
            lines: widths.length};
}"""


def overflow(page: Page) -> int:
    return page.evaluate("() => document.documentElement.scrollWidth"
                         " - document.documentElement.clientWidth")


@pytest.mark.parametrize("kind", PAGES)
def test_no_horizontal_overflow_on_a_phone(page: Page, site: Site, kind: str) -> None:
    page.set_viewport_size(PHONE)
    page.goto(site.url(PAGES[kind]))
    assert overflow(page) <= 0, f"the {kind} page is wider than a 390 px screen"


@pytest.mark.parametrize("viewport", DESKTOPS, ids=lambda v: str(v["width"]))
@pytest.mark.parametrize("kind", ENTITY_PAGES)
def test_lead_keeps_its_measure_beside_the_infobox(page: Page, server: str, built,
                                                   kind: str, viewport: dict) -> None:
    site = Site("online", server, built.site)
    page.set_viewport_size(viewport)
    page.goto(site.url(ENTITY_PAGES[kind]))
    assert overflow(page) <= 0
    measure = page.evaluate(LEAD_MEASURE)
    assert measure is not None, "no lead prose beside the infobox"
    assert measure["widest"] >= 0.6 * measure["column"], measure
    assert measure["infobox"] >= 240, f"the infobox is squeezed: {measure}"


def test_infobox_comes_first_and_full_width_on_a_phone(page: Page, site: Site) -> None:
    page.set_viewport_size(PHONE)
    page.goto(site.url(ENTITY_PAGES["office"]))
    box = page.locator(".md-content .wiki-infobox").bounding_box()
    lead = page.locator(".md-content .wiki-infobox + p").bounding_box()
    column = page.locator(".md-content .md-typeset").bounding_box()
    assert box["y"] + box["height"] <= lead["y"], "the infobox is not above the lead"
    assert box["width"] >= 0.95 * (column["width"] - 32)


def test_infobox_is_one_table_with_the_current_holder(page: Page, site: Site) -> None:
    page.goto(site.url(ENTITY_PAGES["office"]))
    tables = page.locator(".md-content .wiki-infobox table")
    assert tables.count() == 1
    # No empty header cell: the heading spans the table.
    headers = tables.locator("th")
    assert all(text.strip() for text in headers.all_inner_texts())
    holder = tables.locator("tr", has=page.locator("th", has_text="Current holder"))
    assert "Vladimir Putin" in holder.inner_text() and "since 7 May 2012" in holder.inner_text()


def test_an_infobox_with_no_lead_beside_it_does_not_float(page: Page, site: Site) -> None:
    """A page without a description (many sources): the infobox stands above the
    sections instead of floating beside nothing."""
    page.set_viewport_size(DESKTOPS[0])
    page.goto(site.url("sources/24kg-2019-11-28-jeenbekov-csto/"))
    box = page.locator(".md-content .wiki-infobox")
    assert box.evaluate("e => getComputedStyle(e).float") == "none"
    heading = page.locator(".md-content h2").first.bounding_box()
    assert box.bounding_box()["y"] + box.bounding_box()["height"] <= heading["y"]

"""A reader's tour of the wiki, online over http:// and offline from file://.

Each test runs on both (the `site` fixture); the `page` fixture fails any test whose pages
asked for another host or raised a JavaScript error.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from generator.config import read_config

from ..conftest import REPO
from .conftest import Build, Site, Traffic

PUTIN = "officials/vladimir-putin/"


def heading(page: Page) -> str:
    return page.locator(".md-content h1").first.inner_text().replace("¶", "").strip()


def search(page: Page, query: str):
    """Type `query` into the search box; the result links, once the first is shown."""
    box = page.locator("input.md-search__input")
    box.click()
    box.fill(query)
    box.press("End")  # Material reads the query on key events; fill() alone is not one
    results = page.locator("a.md-search-result__link")
    expect(results.first).to_be_visible()
    return results


def open_page(page: Page, site: Site, path: str) -> None:
    if site.kind == "online":
        # Instant navigation takes over links once it has read the sitemap; wait for it.
        with page.expect_response(lambda r: r.url == site.url("sitemap.xml")):
            page.goto(site.url(path))
        page.evaluate("() => new Promise(requestAnimationFrame)")
    else:
        page.goto(site.url(path))
    assert site.path_of(page.url) == path


def land_on(page: Page, site: Site, path: str, title: str) -> None:
    """Wait until the browser shows the page `path` with the heading `title`."""
    page.wait_for_url(lambda url: site.path_of(url) == path)
    exactly = re.compile(rf"^\s*{re.escape(title)}\s*¶?\s*$")
    expect(page.locator(".md-content h1").first).to_have_text(exactly)


@pytest.mark.parametrize(("path", "title"), [
    ("", "CSTO Reference Wiki"),
    ("states/", "States"),
    (PUTIN, "Vladimir Putin"),
])
def test_page_opens_with_its_styles(page: Page, site: Site, path: str, title: str) -> None:
    open_page(page, site, path)
    assert heading(page) == title
    # Material's stylesheet is in force: a sticky header, the theme's own font stack.
    header = page.locator("header.md-header")
    assert header.evaluate("e => getComputedStyle(e).position") == "sticky"
    assert page.locator("body").evaluate("e => getComputedStyle(e).fontFamily") != ""
    assert page.locator("nav.md-tabs").is_visible()


def test_entity_page_has_its_infobox(page: Page, site: Site) -> None:
    open_page(page, site, PUTIN)
    infobox = page.locator(".md-content .wiki-infobox, .md-content table").first
    expect(infobox).to_contain_text("Name in Russian")
    expect(infobox).to_contain_text("Владимир Путин")


def test_cross_link_leads_to_its_page(page: Page, site: Site) -> None:
    open_page(page, site, PUTIN)
    page.evaluate("window.wikiSamePage = true")
    page.locator(".md-content p a", has_text="Collective Security Council").first.click()
    land_on(page, site, "councils/collective-security-council/", "Collective Security Council")
    # Online, instant navigation swaps the page in place; offline, it is a plain load.
    assert page.evaluate("window.wikiSamePage === true") is (site.kind == "online")


def test_instant_navigation_raises_no_error(page: Page, server: str, built: Build,
                                            traffic: Traffic) -> None:
    site = Site("online", server, built.site)
    open_page(page, site, PUTIN)
    page.locator(".md-content p a", has_text="Collective Security Council").first.click()
    land_on(page, site, "councils/collective-security-council/", "Collective Security Council")
    page.wait_for_timeout(300)  # Material re-runs the page's scripts just after the swap
    assert traffic.errors == []


def test_mentioned_in_link_leads_to_its_page(page: Page, site: Site) -> None:
    open_page(page, site, PUTIN)
    section = page.locator(".md-content h2:has-text('Mentioned in') + ul")
    section.get_by_role("link", name="Russia", exact=True).click()
    land_on(page, site, "states/russia/", "Russia")


@pytest.mark.parametrize(("query", "path", "title"), [
    ("Lukashenko", "officials/alexander-lukashenko/", "Alexander Lukashenko"),
    ("CSTO", "councils/csto/", "Collective Security Treaty Organization"),
    ("Путин", PUTIN, "Vladimir Putin"),
    ("ОДКБ", "councils/csto/", "Collective Security Treaty Organization"),
    ("Khachaturov", "officials/yuri-khachaturov/", "Yuri Khachaturov"),
    ("Лукашенко", "officials/alexander-lukashenko/", "Alexander Lukashenko"),
])
def test_search_finds_and_opens(page: Page, site: Site, query: str, path: str,
                                title: str) -> None:
    open_page(page, site, "")
    results = search(page, query)
    # The entity's own page ranks first for its name, alias or other-language name.
    first = site.path_of(results.first.evaluate("a => a.href"))
    assert first == path, f"first result for {query!r} is {first}, not {path}"
    results.first.click()
    land_on(page, site, path, title)


def test_online_footer_offers_the_offline_copy(page: Page, site: Site) -> None:
    open_page(page, site, PUTIN)
    archive = read_config(REPO).archive_name  # the copy of the wiki has its mkdocs.yml
    links = page.locator(f"footer a[href$='/{archive}']")
    if site.kind == "offline":
        expect(links).to_have_count(0)  # the copy does not link itself
        return
    href = links.first.evaluate("a => a.href")
    assert href == site.url(f"downloads/{archive}")
    response = page.request.get(href)
    assert response.ok and response.body()[:2] == b"PK"


def test_request_guard_blocks_and_records_other_hosts(page: Page, site: Site,
                                                      traffic: Traffic) -> None:
    """The guard the other tests rely on: a request to another host is stopped and noted."""
    open_page(page, site, "")
    outcome = page.evaluate("""() => new Promise(done => {
        const image = document.createElement("img");
        image.onload = () => done("loaded");
        image.onerror = () => done("blocked");
        image.src = "https://cdn.example.com/pixel.png";
        document.body.append(image);
    })""")
    assert outcome == "blocked"
    assert traffic.blocked == ["https://cdn.example.com/pixel.png"]
    traffic.blocked.clear()  # asked for on purpose

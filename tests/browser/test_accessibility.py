"""Accessibility, as axe-core (bundled by axe-playwright-python) and a reader see it.

axe-core runs on one page of each kind, online and from disk, in the light and the dark
palette: no violation of serious or critical impact may remain. The palette toggle starts
from the system setting; names in other languages carry their `lang`; footnote markers
are targets a finger can hit; the 404 page keeps its styles when opened from disk.
"""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from .conftest import Site
from .test_layout import PAGES

AXE = Axe()
SERIOUS = {"serious", "critical"}


def violations(page: Page) -> list[str]:
    """Serious and critical violations: the rule, and the first few nodes' selectors."""
    results = AXE.run(page).response["violations"]
    return [f"{v['id']} ({v['impact']}): {v['help']} — "
            + ", ".join(str(n["target"]) for n in v["nodes"][:3])
            for v in results if v["impact"] in SERIOUS]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("kind", PAGES)
def test_no_serious_violation(page: Page, site: Site, kind: str, scheme: str) -> None:
    page.emulate_media(color_scheme=scheme)
    page.goto(site.url(PAGES[kind]))
    found = violations(page)
    assert not found, "\n".join(found)


def test_404_page_has_no_serious_violation_and_its_styles_from_disk(page: Page,
                                                                    site: Site) -> None:
    page.goto(site.base + "404.html")
    header = page.locator("header.md-header")
    assert header.evaluate("e => getComputedStyle(e).position") == "sticky"
    expect(page.locator(".md-content h1").first).to_contain_text("404")
    found = violations(page)
    assert not found, "\n".join(found)
    # Its links lead somewhere from disk too: the home page.
    page.locator("a.md-header__button.md-logo").click()
    page.wait_for_load_state()
    assert site.path_of(page.url) == ""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_palette_starts_from_the_system_setting_and_toggles(page: Page, site: Site,
                                                            scheme: str) -> None:
    page.emulate_media(color_scheme=scheme)
    page.goto(site.url(PAGES["office"]))
    page.evaluate("() => localStorage.clear()")
    page.reload()
    body = page.locator("body")
    expected = "slate" if scheme == "dark" else "default"
    assert body.get_attribute("data-md-color-scheme") == expected
    background = body.evaluate("e => getComputedStyle(e).backgroundColor")
    # Each click moves to the next palette: system → light → dark.
    page.locator("form[data-md-component='palette'] label:visible").click()
    assert body.get_attribute("data-md-color-scheme") == "default"
    page.locator("form[data-md-component='palette'] label:visible").click()
    assert body.get_attribute("data-md-color-scheme") == "slate"
    assert body.evaluate("e => getComputedStyle(e).backgroundColor") != "rgb(255, 255, 255)"
    assert background  # the page had a computed background before the clicks


def test_links_are_underlined(page: Page, site: Site) -> None:
    page.goto(site.url(PAGES["official"]))
    link = page.locator(".md-content p a").first
    assert "underline" in link.evaluate("a => getComputedStyle(a).textDecorationLine")


def test_names_in_other_languages_carry_their_lang(page: Page, site: Site) -> None:
    page.goto(site.url(PAGES["council"]))
    assert page.locator("html").get_attribute("lang") == "en"
    russian = page.locator(".wiki-infobox td[lang='ru']")
    expect(russian).to_have_text("Организация Договора о коллективной безопасности")
    # Names in languages other than the wiki's own (en, ru), folded under the infobox.
    others = page.locator(".wiki-infobox details.wiki-names")
    expect(others.locator("summary")).to_contain_text("Names in other languages")
    armenian = others.locator("dd[lang='hy']")
    expect(armenian).to_have_count(1)
    expect(armenian).to_be_hidden()
    others.locator("summary").click()
    expect(armenian).to_be_visible()


def test_footnote_markers_are_large_enough_to_tap(page: Page, site: Site) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(site.url(PAGES["council"]))
    sizes = page.locator("a.footnote-ref").evaluate_all(
        "links => links.map(a => [a.getBoundingClientRect().width,"
        " a.getBoundingClientRect().height])")
    assert sizes, "no footnote markers on the page"
    assert all(w >= 24 and h >= 24 for w, h in sizes), sizes[:5]

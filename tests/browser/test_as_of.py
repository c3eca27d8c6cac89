""""As of a date" (wiki/as-of.html) answering dated questions about the shipped data,
online and from disk: its script reads the data file and builds the answers in the
page. Also: an entity page's link opens it preset to the entity; names stay text; it is
accessible and fits a phone, in the light and the dark palette.
"""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import Page

from .conftest import Site
from .test_accessibility import violations
from .test_layout import PHONE

AS_OF = "wiki/as-of/"


def ask(page: Page, site: Site, fragment: str) -> None:
    page.goto("about:blank")  # a new fragment alone would not load the page again
    page.goto(site.url(AS_OF) + "#" + fragment)
    page.wait_for_selector(".wiki-asof__summary:not(:empty)")


def answers(page: Page, entity: str) -> dict[str, str]:
    """The rows under an entity's heading: the name each row links to, and the row's
    text after it."""
    return page.evaluate("""(entity) => {
        const found = {};
        for (const heading of document.querySelectorAll("#wiki-asof h3")) {
            if (heading.textContent !== entity) continue;
            for (const row of heading.nextElementSibling.children) {
                const name = row.querySelector("a").textContent;
                found[name] = row.textContent.slice(name.length);
            }
        }
        return found;
    }""", entity)


def test_who_was_csto_secretary_general_on_a_day(page: Page, site: Site) -> None:
    ask(page, site, "date=2017-06-01")
    assert answers(page, "Secretary General of the CSTO") == {
        "Yuri Khachaturov": ": 2 May 2017 – 2 November 2018"}
    ask(page, site, "date=2010-01-01")
    assert answers(page, "Secretary General of the CSTO") == {
        "Nikolai Bordyuzha": ": 28 April 2003 – 31 December 2016"}


def test_uzbekistan_in_the_csto_on_1_january_2010_and_after_its_suspension(
        page: Page, site: Site) -> None:
    ask(page, site, "date=2010-01-01")
    members = answers(page, "Collective Security Treaty Organization")
    assert members["Uzbekistan"] == " (Member): 16 August 2006 – 19 December 2012"
    assert set(members) == {"Armenia", "Belarus", "Kazakhstan", "Kyrgyzstan", "Russia",
                            "Tajikistan", "Uzbekistan"}
    ask(page, site, "date=2013-06-01")
    assert answers(page, "Collective Security Treaty Organization")["Uzbekistan"] == \
        " (Suspended): since 19 December 2012"


def test_states_bound_by_the_collective_security_treaty_in_1995(page: Page,
                                                                 site: Site) -> None:
    ask(page, site, "date=1995-06-01&for=collective-security-treaty")
    parties = answers(page, "Collective Security Treaty")
    bound = {name for name, text in parties.items() if text.startswith(" (Bound)")}
    assert bound == {"Azerbaijan", "Belarus", "Georgia", "Kazakhstan"}
    # Signed, and the treaty in force, but no ratification recorded: said in words.
    assert parties["Russia"] == (" (Signed; consent to be bound not recorded): since 20 "
                                 "April 1994 Not certain on this day: its ratification is "
                                 "not recorded.")
    assert len(parties) == 9


def test_a_year_and_an_uncertain_end(page: Page, site: Site) -> None:
    """A whole year lists whoever held the seat in it; a membership that ended in a
    month not known to the day is uncertain within that month."""
    ask(page, site, "year=2016&for=csto-secretary-general")
    assert list(answers(page, "Secretary General of the CSTO")) == ["Nikolai Bordyuzha"]
    ask(page, site, "date=1999-04-10&for=azerbaijan")
    row = answers(page, "Collective Security Treaty Organization")["Azerbaijan"]
    assert row.endswith("24 September 1993 – April 1999 Not certain on this day.")


def test_an_entity_page_opens_it_preset_to_the_entity(page: Page, site: Site) -> None:
    page.goto(site.url("officials/vladimir-putin/"))
    page.get_by_role("link", name="Vladimir Putin as of a date").click()
    page.wait_for_selector(".wiki-asof__summary:not(:empty)")
    assert "for=vladimir-putin" in page.url
    assert page.locator(".wiki-asof__filter").inner_text().startswith(
        "Only the relations of Vladimir Putin.")
    page.get_by_label("Day", exact=True).fill("2005-03-01")
    page.get_by_label("Day", exact=True).dispatch_event("change")
    assert answers(page, "President of Russia") == {
        "Vladimir Putin": ": 7 May 2000 – 7 May 2008"}
    assert page.locator("#wiki-asof h3").count() == 1
    page.get_by_role("button", name="Show every entity").click()
    assert page.locator("#wiki-asof h3").count() > 10


HOSTILE = "<script>window.pwned=1</script><img src=x onerror='window.pwned=2'> & Co"


def test_names_from_the_data_stay_text(page: Page, site: Site) -> None:
    """Whatever the data holds, the script puts it into the page as text."""
    data = {"root": "../", "names": {"x": [HOSTILE, "officials"], "o": [HOSTILE, "offices"]},
            "words": ["", "<i>Acting</i>"],
            "sections": [{"title": "<b>Offices</b>", "entities": [["o", 1, "", [
                ["x", 1, "2000-01-01", 0, "~", 0, "<em>since 2000</em>", 0]]]]}]}
    page.add_init_script(f"window.WIKI_ASOF = {json.dumps(data)};")
    ask(page, site, "date=2010-01-01")
    assert answers(page, HOSTILE) == {HOSTILE: " (<i>Acting</i>): <em>since 2000</em>"}
    assert page.locator("#wiki-asof h2").first.inner_text() == "<b>Offices</b>"
    assert page.locator("#wiki-asof script, #wiki-asof img, #wiki-asof b, "
                        "#wiki-asof i, #wiki-asof em").count() == 0
    assert page.evaluate("window.pwned") is None


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_accessible_and_fits_a_phone(page: Page, site: Site, scheme: str) -> None:
    page.emulate_media(color_scheme=scheme)
    page.set_viewport_size(PHONE)
    ask(page, site, "date=1995-06-01")
    found = violations(page)
    assert not found, "\n".join(found)
    overflow = page.evaluate("document.documentElement.scrollWidth - innerWidth")
    assert overflow <= 0

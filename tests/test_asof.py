"""The data of "As of a date" (wiki/as-of-data.js), on the small basic fixture.

The page's script (docs/assets/javascripts/asof.js) decides, for a row and a day, with
the four bounds the generator wrote; `holds` below is the same rule, so that what the
data means on a day can be asserted here without a browser (the browser tests run the
script itself on the shipped data).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from generator.asof import DATA, asof_data, bounds
from generator.dates import PartialDate
from generator.pipeline import check, generate

from .conftest import CASES, make_wiki

SURE, MAYBE, NO = 2, 1, 0


def holds(row: list, low: str, high: str | None = None) -> int:
    """As asof.js: 2 when the row surely held in [low, high], 1 when it may have."""
    high = high or low
    _, _, a, b, c, e, _, doubt = row
    b, e = b or a, e or c
    if not (a <= high and max(a, low) < e):
        return NO
    return SURE if not doubt and b <= high and max(b, low) < c else MAYBE


def read(script: str) -> dict:
    prefix = "window.WIKI_ASOF = "
    start = script.index(prefix) + len(prefix)
    return json.loads(script[start:script.rindex(";")])


def basic() -> dict:
    return asof_data(check(CASES / "valid" / "basic").graph)


def rows_of(data: dict, entity_id: str) -> list[list]:
    """An entity's rows, with their status and doubt in words."""
    return next([[*row[:1], data["words"][row[1]], *row[2:7], data["words"][row[7]]]
                 for row in rows] for section in data["sections"]
                for found, _, _, rows in section["entities"] if found == entity_id)


def answer(data: dict, entity_id: str, day: str, high: str | None = None) -> dict:
    """What the page lists for an entity on a day: {(other, status): certainty}."""
    found = {}
    for row in rows_of(data, entity_id):
        sure = holds(row, day, high)
        if sure:
            found[(row[0], row[1])] = max(sure, found.get((row[0], row[1]), NO))
    return found


def test_the_sections_follow_the_declarations() -> None:
    data = basic()
    assert [s["title"] for s in data["sections"]] == ["Offices", "Councils", "Treaties"]
    offices = {entity[0]: entity for entity in data["sections"][0]["entities"]}
    # One seat, and the state the office belongs to, for a state's view of its offices.
    assert offices["north-president"][1:3] == [1, "north"]
    assert data["names"]["pact"] == ["Test Pact", "treaties"]
    assert data["root"] == "../"


def test_a_term_holds_from_its_start_and_no_longer_on_its_end_day() -> None:
    data = basic()
    assert answer(data, "south-monarch", "1995-06-01") == {("cid-third", ""): SURE}
    assert answer(data, "south-monarch", "1999-12-31") == {}  # the day it ended
    assert answer(data, "south-monarch", "2000-01-01") == {("dee-fourth", ""): SURE}


def test_dates_known_to_the_month_or_year_are_uncertain_within_it() -> None:
    data = basic()
    assert answer(data, "alliance-chair", "1993-06-01") == {("ann-first", ""): MAYBE}
    assert answer(data, "alliance-chair", "1994-01-01") == {("ann-first", ""): SURE}
    assert answer(data, "alliance-chair", "1996-06-15") == {("ann-first", ""): MAYBE}
    assert answer(data, "alliance-chair", "1996-07-01") == {}


def test_an_unknown_end_and_a_day_recorded_alone_are_uncertain() -> None:
    data = basic()
    acting = answer(data, "north-president", "1995-01-01")
    assert acting == {("dee-fourth", "Acting"): MAYBE}  # `to: unknown`
    # Recorded on 1 January 2000 only: certain that day, uncertain within a year of it.
    assert answer(data, "north-president", "2000-01-01")[("ann-first", "")] == SURE
    assert answer(data, "north-president", "2000-06-01")[("ann-first", "")] == MAYBE
    assert ("ann-first", "") not in answer(data, "north-president", "2002-01-01")


def test_a_day_recorded_within_a_dated_term_of_the_same_holder_is_left_out() -> None:
    # Dee Fourth is recorded as monarch in June 2010, within the term begun in 2000.
    assert [row[6] for row in rows_of(basic(), "south-monarch")] == [
        "1 January 1990 – 31 December 1999", "since 1 January 2000"]


def test_a_start_not_recorded_is_looked_for_within_a_year_and_not_before_the_owner() -> None:
    # "until 24 November 2016": possibly held in the year before, not decades before.
    assert bounds(None, "2016-11-24", None) == ("2015-11-24", "~", "2016-11-24", "2016-11-24")
    # A council founded on 15 May 1992 had no member before that day.
    assert bounds("1990", None, None, began=PartialDate(1992, 5, 15)) == (
        "1992-05-15", "1992-05-15", "~", "~")


def test_memberships_by_status() -> None:
    data = basic()
    assert answer(data, "alliance", "1995-01-01") == {
        ("north", "Member"): SURE, ("south", "Observer"): SURE,
        ("south", "Founding member"): MAYBE}
    assert ("north", "Member") not in answer(data, "alliance", "2001-01-01")
    assert answer(data, "alliance", "2005-06-01")[("north", "Member")] == MAYBE  # `from: 2005`
    # A whole year: held at some time in it.
    assert answer(data, "alliance", "2005-01-01", "2005-12-31")[("north", "Member")] == SURE


def test_a_party_is_bound_from_the_treaty_entering_into_force_for_it() -> None:
    data = basic()
    assert answer(data, "pact", "1993-06-01") == {
        ("north", "Signed, not yet bound"): SURE, ("south", "Signed, not yet in force"): SURE}
    assert answer(data, "pact", "1995-01-01") == {
        ("north", "Bound"): SURE,
        # Signed, in force, no ratification recorded: never certain.
        ("south", "Signed; consent to be bound not recorded"): MAYBE}
    # South withdrew in December 2012: not there in 2013.
    assert answer(data, "pact", "2013-01-01") == {("north", "Bound"): SURE}


def test_the_data_file_keeps_markup_as_text(tmp_path: Path) -> None:
    """A name with markup in it reaches the data as the same characters, and the file
    holds no `<` at all: it could not close or open a tag wherever it was included."""
    wiki = make_wiki(tmp_path / "wiki", CASES / "valid" / "basic" / "entities")
    hostile = "<script>alert('x')</script> </script><img src=x onerror=alert(1)> & Bob"
    path = wiki / "entities" / "officials" / "bob-second.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("name: Bob Second", f"name: {json.dumps(hostile)}", 1),
                    encoding="utf-8")
    outcome = generate(wiki)
    assert outcome.problems == []
    script = (wiki / "docs" / DATA).read_text(encoding="utf-8")
    assert "<" not in script and ">" not in script and "&" not in script
    assert read(script)["names"]["bob-second"][0] == hostile
    shutil.rmtree(wiki)


def test_the_page_and_its_data_are_written(tmp_path: Path) -> None:
    wiki = make_wiki(tmp_path / "wiki", CASES / "valid" / "basic" / "entities")
    assert generate(wiki).problems == []
    page = (wiki / "docs" / "wiki" / "as-of.md").read_text(encoding="utf-8")
    assert "](as-of-data.js)" in page and 'id="wiki-asof"' in page
    assert read((wiki / "docs" / DATA).read_text(encoding="utf-8")) == basic()


def test_an_entity_page_links_to_its_relations_as_of_a_date(tmp_path: Path) -> None:
    wiki = make_wiki(tmp_path / "wiki", CASES / "valid" / "basic" / "entities")
    assert generate(wiki).problems == []
    docs = wiki / "docs"
    for path, entity_id in (("officials/ann-first.md", "ann-first"),
                            ("states/north.md", "north"), ("councils/alliance.md", "alliance"),
                            ("treaties/pact.md", "pact"),
                            ("offices/north-president.md", "north-president")):
        page = (docs / path).read_text(encoding="utf-8")
        assert f"](../wiki/as-of.md?for={entity_id})" in page, path
    # In no relation over time: no link.
    for path in ("sources/fixture-almanac.md", "events/summit-2016.md"):
        assert "as-of.md" not in (docs / path).read_text(encoding="utf-8"), path


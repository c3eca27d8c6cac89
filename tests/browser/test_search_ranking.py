"""Search ranks as a reader expects, in Chromium, online and from disk: an exact name,
alias or abbreviation brings up the thing named first, with no keyword chips under the
results (generator/search.py).

The shipped wiki has no UN, EU or NATO: a small case of its own does
(tests/cases/search), with pages that name them often and names that begin alike
(UNESCO, Eurasian Economic Union, NATO Parliamentary Assembly).
"""

from __future__ import annotations

import functools
import http.server
import threading
import zipfile
from collections.abc import Iterator

import pytest
from playwright.sync_api import Page

from generator.config import read_config
from generator.pipeline import generate
from generator.site import build_site

from ..conftest import REPO, make_wiki
from .conftest import Site, _QuietHandler
from .test_reading import open_page, search

SEARCH_CASE = REPO / "tests" / "cases" / "search" / "entities"


def results(page: Page, site: Site, query: str) -> list[str]:
    """The pages of the results for `query`, best first."""
    links = search(page, query)
    return [site.path_of(href) for href in links.evaluate_all("as => as.map(a => a.href)")]


@pytest.mark.parametrize(("query", "path"), [
    ("CSTO", "councils/csto/"),
    ("ОДКБ", "councils/csto/"),
    ("Russia", "states/russia/"),
    ("Россия", "states/russia/"),
    ("Путин", "officials/vladimir-putin/"),
    ("Lukashenko", "officials/alexander-lukashenko/"),
    ("Belarus", "states/belarus/"),
])
def test_the_thing_named_comes_first(page: Page, site: Site, query: str, path: str) -> None:
    open_page(page, site, "")
    found = results(page, site, query)
    assert found[0] == path, f"{query!r}: {found[:5]}"
    assert page.locator(".md-search-result .md-tag").count() == 0  # no keyword chips


@pytest.fixture(scope="session")
def search_case(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Site]]:
    """The search case, built, served over http and unzipped for reading from disk."""
    folder = tmp_path_factory.mktemp("search-case")
    wiki = make_wiki(folder / "wiki", SEARCH_CASE)
    assert generate(wiki).problems == []
    archive = build_site(wiki, wiki / "site")
    assert archive is not None
    with zipfile.ZipFile(archive) as bundle:
        bundle.extractall(folder / "unzipped")
    handler = functools.partial(_QuietHandler, directory=str(wiki / "site"))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    offline = folder / "unzipped" / read_config(wiki).archive_folder  # named after the wiki
    try:
        yield {"online": Site("online", f"http://127.0.0.1:{httpd.server_address[1]}/",
                              wiki / "site"),
               "offline": Site("offline", offline.as_uri() + "/", offline)}
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(5)


@pytest.mark.parametrize("kind", ["online", "offline"])
@pytest.mark.parametrize(("query", "path"), [
    ("UN", "councils/united-nations/"),
    ("ООН", "councils/united-nations/"),
    ("UNESCO", "councils/unesco/"),
    ("EU", "councils/european-union/"),
    ("NATO", "councils/nato/"),
    ("НАТО", "councils/nato/"),
    ("Hungary", "states/hungary/"),
    ("Magyarország", "states/hungary/"),  # a name in another language: found all the same
])
def test_abbreviations_bring_up_what_they_abbreviate(page: Page, search_case: dict[str, Site],
                                                    kind: str, query: str, path: str) -> None:
    site = search_case[kind]
    open_page(page, site, "")
    found = results(page, site, query)
    assert found[0] == path, f"{query!r}: {found[:5]}"
    assert page.locator(".md-search-result .md-tag").count() == 0

"""The real site: a strict MkDocs build of the shipped entities/, as a reader gets it."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path

import pytest

from generator.pipeline import generate
from generator.site import build_site

from .conftest import CASES, REPO, make_wiki, run_wiki
from .sitecheck import broken_links


@pytest.fixture(scope="module")
def real_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    wiki = make_wiki(tmp_path_factory.mktemp("real") / "wiki", REPO / "entities")
    result = run_wiki("build", "--root", str(wiki))
    assert result.returncode == 0, result.stderr
    return wiki / "site"


def entity_ids() -> list[tuple[str, str]]:
    return sorted((p.parent.name, p.stem) for p in (REPO / "entities").glob("*/*.yaml"))


def test_the_engine_report_finds_nothing_lost_on_this_engine(real_site: Path) -> None:
    """The report the Zensical job writes (tests/engine_report.py), on this engine's site:
    everything kept but edit buttons, as this build has no repository to point at."""
    from .engine_report import findings

    lost = [(f.what, f.detail) for f in findings(real_site.parent) if not f.kept]
    assert lost == [("Edit buttons of entity pages open their YAML",
                     f"0 of {len(entity_ids())} pages; 0 with an edit button")]


def test_every_entity_has_a_page(real_site: Path) -> None:
    missing = [f"{t}/{i}" for t, i in entity_ids()
               if not (real_site / t / f"{i}.html").is_file()]
    assert entity_ids() and missing == []


def test_every_internal_link_and_anchor_resolves(real_site: Path) -> None:
    assert broken_links(real_site) == []


def search_hits(site: Path, word: str) -> set[str]:
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    word = word.casefold()
    return {doc["location"].split("#")[0] for doc in index["docs"]
            if word in doc["title"].casefold() or word in doc["text"].casefold()
            or any(word in value.split() for key, value in doc.items() if key.startswith("name"))}


def test_search_index_covers_russian_names_and_aliases(real_site: Path) -> None:
    index = json.loads((real_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert index["config"]["lang"] == ["en", "ru"]
    assert "officials/vladimir-putin.html" in search_hits(real_site, "Путин")
    assert "councils/csto.html" in search_hits(real_site, "ОДКБ")
    assert "councils/csto.html" in search_hits(real_site, "CSTO")


def test_home_page_counts_every_type(real_site: Path) -> None:
    html = (real_site / "index.html").read_text(encoding="utf-8")
    for folder in ("states", "officials", "offices", "councils", "treaties", "events",
                   "sources"):
        count = len(list((REPO / "entities" / folder).glob("*.yaml")))
        assert f'<a href="{folder}/index.html">' in html
        assert f"<td>{count}</td>" in html


class _Scripts(HTMLParser):
    """Collects every tag and attribute that could run code (and, in text from the data,
    any markup at all)."""

    def __init__(self, text_only: bool = True) -> None:
        super().__init__()
        self.text_only = text_only
        self.found: list[str] = []
        self.in_article = False
        self.in_data = False

    def handle_data(self, data: str) -> None:
        if self.in_data and "<" in data:
            self.found.append(f"markup inside JSON-LD: {data[:40]}")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "article":
            self.in_article = True
        if not self.in_article:
            return
        if tag == "script" and dict(attrs).get("type") == "application/ld+json":
            self.in_data = True  # schema.org data: checked as text below
        # SVG is kept for the charts, as shapes and text only: none of its elements that
        # load, link or animate may pass.
        elif tag in ("script", "iframe", "object", "embed", "style", "form", "input",
                     "foreignobject", "use", "image", "animate", "set"):
            self.found.append(f"<{tag}>")
        elif tag in ("img", "b", "i") and self.text_only:
            self.found.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on") or name == "style":
                self.found.append(f"{tag} {name}")
            if name in ("href", "src", "action", "data") and value and "".join(
                    value.split()).lower().startswith(("javascript:", "data:", "vbscript:")):
                self.found.append(f"{tag} {name}={value}")

    def handle_endtag(self, tag: str) -> None:
        self.in_data = False
        if tag == "article":
            self.in_article = False


def test_hostile_text_reaches_the_page_as_text(tmp_path: Path) -> None:
    wiki = make_wiki(tmp_path / "wiki", CASES / "valid" / "basic" / "entities")
    build_site_result = run_wiki("build", "--root", str(wiki), "--no-offline") \
        if "--no-offline" in run_wiki("build", "--help").stdout \
        else run_wiki("build", "--root", str(wiki))
    assert build_site_result.returncode == 0, build_site_result.stderr
    page = wiki / "site" / "events" / "hostile-text.html"
    html = page.read_text(encoding="utf-8")
    scanner = _Scripts()
    scanner.feed(html)
    assert scanner.found == []
    assert "&lt;script&gt;alert" in html  # shown to the reader as typed
    assert "{{ config.site_name }}" in html  # Jinja syntax in data stays text
    title = html.split("<title>")[1].split("</title>")[0]
    assert "<script>" not in title


def test_unsafe_markup_in_hand_written_pages_never_reaches_the_site(
        basic_wiki: Path, tmp_path: Path) -> None:
    """The hostile pages of the corpus (tests/cases/invalid/page-*), built as MkDocs
    builds them (`wiki build` refuses them), in several processes: nothing executable
    is left in their content, and the theme's own scripts are all there."""
    assert generate(basic_wiki).problems == []
    pages = []
    for case in sorted((CASES / "invalid").glob("page-*")):
        for page in (case / "docs").rglob("*.md"):
            target = basic_wiki / "docs" / "hostile" / case.name / page.relative_to(case / "docs")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(page.read_bytes())
            pages.append(target.relative_to(basic_wiki / "docs").with_suffix(".html"))
    assert len(pages) == 5
    build_site(basic_wiki, tmp_path / "site", strict=False, offline=False, jobs=2)
    theme = (tmp_path / "site" / "about.html").read_text(encoding="utf-8")
    for page in pages:
        html = (tmp_path / "site" / page).read_text(encoding="utf-8")
        scanner = _Scripts(text_only=False)
        scanner.feed(html)
        assert scanner.found == [], page
        assert html.count("<script") == theme.count("<script") > 2, page  # the theme's
    shown = (tmp_path / "site" / "hostile" / "page-markup-in-code" / "contributing.html")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in shown.read_text(encoding="utf-8")


def test_a_build_run_from_another_folder_includes_the_wiki_s_own_snippets(
        basic_wiki: Path, tmp_path: Path) -> None:
    """mkdocs.yml gives the snippets' folder as a plain path from the wiki's folder
    (every engine reads it); the wiki plugin anchors it there, wherever the build runs."""
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    result = run_wiki("build", "--root", str(basic_wiki), "--no-offline", cwd=elsewhere)
    assert result.returncode == 0, result.stderr
    assert "The wiki holds 17 entities" in (basic_wiki / "site" / "index.html").read_text(
        encoding="utf-8")


def test_build_into_a_folder_outside_the_wiki(tmp_path: Path) -> None:
    wiki = make_wiki(tmp_path / "wiki", CASES / "valid" / "basic" / "entities")
    assert generate(wiki).problems == []
    build_site(wiki, tmp_path / "elsewhere")
    assert (tmp_path / "elsewhere" / "states" / "north.html").is_file()


def test_search_reads_only_the_opening_of_entity_pages_and_indexes_the_same(
        basic_wiki: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The wiki plugin hands Material's search plugin the opening of each entity page
    alone, to save it parsing the rest: the index and the pages must come out as if it
    had read them whole."""
    from generator import mkdocs_plugin

    assert not generate(basic_wiki).problems
    build_site(basic_wiki, tmp_path / "cut", offline=False)
    monkeypatch.setattr(mkdocs_plugin, "UNSEARCHED", "no page contains this")
    build_site(basic_wiki, tmp_path / "whole", offline=False)

    def files(site: Path) -> dict[str, bytes]:
        return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*")
                if p.is_file() and p.name != "sitemap.xml.gz"}

    cut, whole = files(tmp_path / "cut"), files(tmp_path / "whole")
    assert cut.keys() == whole.keys()
    assert [path for path in cut if cut[path] != whole[path]] == []
    assert cut["states/north.html"].count(b"<h2 data-search-exclude") > 1  # whole


def test_long_lists_get_a_page_for_each_letter(basic_wiki: Path, tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    from generator import lists

    monkeypatch.setattr(lists, "LETTER_PAGES_FROM", 2)  # the basic wiki has 3 officials
    assert not generate(basic_wiki).problems
    docs = basic_wiki / "docs"
    index = (docs / "officials" / "index.md").read_text(encoding="utf-8")
    assert "| [A](index/a.md) | 1 |\n| [B](index/b.md) | 1 |\n| [C](index/c.md) | 1 |" in index
    letter = (docs / "officials" / "index" / "a.md").read_text(encoding="utf-8")
    assert "# Officials: A" in letter and "[Ann First](../../officials/ann-first.md)" in letter
    assert "Bob" not in letter
    assert not (docs / "states" / "index").exists()  # two states: one list
    build_site(basic_wiki, tmp_path / "site", offline=False)  # strict: every link resolves
    assert broken_links(tmp_path / "site") == []


def test_an_archive_zipped_in_parts_reads_as_one(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """The offline archive is compressed by several processes and joined; any zip reader
    must find every file whole, in order, as if one process had written it."""
    import shutil
    import subprocess
    import zipfile

    from generator import site

    folder = tmp_path / "site"
    files = {"index.html": "<p>home</p>", "город/площадь.html": "Минск " * 500,
             "empty.txt": "", "search/search_index.json": "{}", "x.map": "left out",
             "big.txt": "".join(f"{n} " for n in range(300_000))}
    files |= {f"officials/person-{n:03}.html": f"<p>{n}</p>" * n for n in range(40)}
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    monkeypatch.setattr(site, "FILES_PER_ZIP_PROCESS", 10)
    archive = site.zip_folder(folder, tmp_path / "wiki.zip", "top", jobs=3)
    kept = sorted(name for name in files if name not in ("x.map", "search/search_index.json"))
    with zipfile.ZipFile(archive) as bundle:
        assert bundle.testzip() is None
        assert bundle.namelist() == [f"top/{name}" for name in kept]
        assert all(bundle.read(f"top/{name}").decode() == files[name] for name in kept)
    assert not list(tmp_path.glob("wiki.zip.*"))  # the parts are gone
    if shutil.which("unzip"):  # Info-ZIP reads each member's own header, not ours
        tested = subprocess.run(["unzip", "-tq", str(archive)], capture_output=True, text=True)
        assert tested.returncode == 0 and "No errors detected" in tested.stdout, tested.stdout


def test_the_same_site_zips_into_the_same_archive(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """Maintainers compare archives: file times must not make two of the same site differ."""
    import os
    import zipfile

    from generator import site

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # 14 November 2023, 22:13 UTC
    folder = tmp_path / "site"
    (folder / "officials").mkdir(parents=True)
    (folder / "index.html").write_text("<p>home</p>", encoding="utf-8")
    (folder / "officials" / "a.html").write_text("<p>a</p>" * 100, encoding="utf-8")
    first = site.zip_folder(folder, tmp_path / "first.zip", "top").read_bytes()
    for path in folder.rglob("*.html"):
        os.utime(path, (1_600_000_000, 1_600_000_000))  # written at another time
    assert site.zip_folder(folder, tmp_path / "second.zip", "top").read_bytes() == first
    with zipfile.ZipFile(tmp_path / "second.zip") as bundle:
        assert {info.date_time for info in bundle.infolist()} == {(2023, 11, 14, 0, 0, 0)}


def test_long_relation_lists_get_pages_of_their_own(basic_wiki: Path, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """A list longer than the page budget allows keeps its first rows and a summary on
    the entity's page, and links to pages of its own that link to one another."""
    from generator import pagination, reports

    monkeypatch.setattr(reports, "QUALITY_ROWS", 2)  # and the data-quality report's
    monkeypatch.setattr(reports, "QUALITY_FIRST", 2)
    monkeypatch.setattr(pagination, "LONG", 3)
    monkeypatch.setattr(pagination, "FIRST_ROWS", 2)
    monkeypatch.setattr(pagination, "ROWS_PER_PAGE", 3)
    assert not generate(basic_wiki).problems
    sources = basic_wiki / "docs" / "sources"
    page = (sources / "fixture-gazette.md").read_text(encoding="utf-8")
    assert "14 claims in 8 entities: 2 states, 3 officials" in page
    assert ("The first 2 of 8: [all 8 claims citing this source]"
            "(fixture-gazette--claims-citing-this-source.md)") in page
    own = sorted(p.name for p in sources.glob("fixture-gazette--*.md"))
    assert own == ["fixture-gazette--claims-citing-this-source-2.md",
                   "fixture-gazette--claims-citing-this-source-3.md",
                   "fixture-gazette--claims-citing-this-source.md"]
    second = (sources / own[0]).read_text(encoding="utf-8")
    assert "Page 2 of 3: [1](fixture-gazette--claims-citing-this-source.md) **2** " \
        "[3](fixture-gazette--claims-citing-this-source-3.md)" in second
    assert "search:\n  exclude: true" in second
    quality = basic_wiki / "docs" / "wiki"
    assert "The first 2 of 3: [all of them, 2 pages](data-quality/unsourced-1.md)." in \
        (quality / "data-quality.md").read_text(encoding="utf-8")
    second = (quality / "data-quality" / "unsourced-2.md").read_text(encoding="utf-8")
    assert "3 found; page 2 of 2: [1](unsourced-1.md) **2**" in second
    assert "- [Test Pact](../../treaties/pact.md): participation 2 \\(South Land\\)" in second
    build_site(basic_wiki, tmp_path / "site", offline=False)  # strict: every link resolves
    assert broken_links(tmp_path / "site") == []
    index = json.loads((tmp_path / "site" / "search" / "search_index.json").read_text())
    assert not [d["location"] for d in index["docs"] if "--" in d["location"]]

"""What `wiki build` adds after the engine (generator/finish.py, generator/search.py): the
ranked search index, its copy read from disk, edit buttons that open the YAML, JSON-LD.
The ranking itself is tested in Chromium (tests/browser/test_search_ranking.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator import finish, search
from generator.pipeline import generate
from generator.site import build_site

from .conftest import CASES, REPO, make_wiki

SEARCH_CASE = REPO / "tests" / "cases" / "search" / "entities"
MAX_INDEX_BYTES_PER_ENTITY = 1024


def material_index(*docs: dict) -> dict:
    """An index as Material's search plugin writes it."""
    return {"config": {"lang": ["en", "ru"], "separator": r"[\s\-]+",
                       "pipeline": ["stopWordFilter"],
                       "fields": {"title": {"boost": 1000.0}, "text": {"boost": 1.0},
                                  "tags": {"boost": 1000000.0}}},
            "docs": list(docs)}


def test_one_entry_for_each_entity_with_its_names_out_of_sight() -> None:
    index = material_index(
        {"location": "states/russia.html", "title": "Russia", "text": "<p>A state.</p>",
         "boost": 2},
        {"location": "states/russia.html#facts", "title": "Facts", "text": "<p>Big.</p>"},
        {"location": "about.html", "title": "About", "text": "<p>Russia.</p>"})
    names = {"states/russia.html": {"": ["Russia", "Russian Federation"],
                                    "ru": ["Россия"], "kk": ["Ресей"]}}
    ranked = search.rank(index, names)
    assert ranked is not None
    assert [doc["location"] for doc in ranked["docs"]] == ["states/russia.html", "about.html"]
    russia = ranked["docs"][0]
    assert russia == {
        "location": "states/russia.html", "title": "Russia",
        "text": "<p>A state.</p> <p>Facts</p> <p>Big.</p>", "boost": 2,
        "name": "russia0 russia0 россия0 россия0",  # whole one-word names, marked
        "names": "russia russia russian russian federation federation россия россия",
        "other_names": "ресей",  # not one of the index's languages: once, boosted as text
    }
    fields = ranked["config"]["fields"]
    assert "tags" not in fields  # no keyword chips
    assert fields["name"]["boost"] > fields["names"]["boost"] > fields["title"]["boost"]
    assert search.whole_name("un") == "un0 un0 un0 un0"  # the shorter, the more often
    assert search.whole_name("unesco") == "unesco0 unesco0"
    assert fields["other_names"]["boost"] == fields["text"]["boost"]
    assert search.rank(ranked, names) == ranked  # a preview ranks the ranked index again


def test_footnote_markers_are_not_searched_nor_shown_in_results() -> None:
    index = material_index(
        {"location": "states/russia.html", "title": "Russia",
         "text": "<p>Its secretariat sits in Moscow.<sup>1</sup><sup>12</sup></p>"},
        {"location": "about.html", "title": "About", "text": "<p>x<sup>3</sup> and <sup>a</sup></p>"})
    ranked = search.rank(index, {"states/russia.html": {"": ["Russia"]}})
    assert [doc["text"] for doc in ranked["docs"]] == [
        "<p>Its secretariat sits in Moscow.</p>", "<p>x and <sup>a</sup></p>"]


def test_an_index_of_another_shape_is_left_alone() -> None:
    assert search.rank({"items": []}, {}) is None
    assert search.rank({"config": {}, "docs": []}, {}) is None


def test_edit_button_opens_the_yaml_and_json_ld_goes_into_the_head() -> None:
    html = ('<html><head><title>x</title></head><body><a href="https://example.org/o/r/edit/'
            'main/docs/states/north--members.md" title="Edit this page" class="md-content__'
            'button md-icon" rel="edit"><svg></svg></a></body></html>')
    facts = finish.PageFacts('{"name": "North"}', {"": ["North"]}, True)
    done = finish.finish_page(html, "states/north--members.html", facts, owned=True)
    assert 'href="https://example.org/o/r/edit/main/entities/states/north.yaml"' in done
    assert '<script type="application/ld+json">{"name": "North"}</script>\n</head>' in done
    listing = finish.finish_page(html, "states/index.html", None, owned=True)
    assert 'rel="edit"' not in listing and "<body></body>" in listing
    unsafe = finish.PageFacts('{"name": "</script>"}', None, False)
    assert "ld+json" not in finish.finish_page(html, "states/north.html", unsafe, owned=True)


@pytest.fixture(scope="module")
def search_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The search case's wiki, built with a repository to point edit buttons at."""
    wiki = make_wiki(tmp_path_factory.mktemp("search") / "wiki", SEARCH_CASE)
    assert generate(wiki).problems == []
    with pytest.MonkeyPatch.context() as env:
        env.setenv("WIKI_REPO_URL", "https://example.org/wiki/repo")
        build_site(wiki, wiki / "site")
    return wiki / "site"


def entity_pages(site: Path) -> list[Path]:
    return sorted(p for p in site.glob("*/*.html")
                  if p.parent.name in {d.name for d in SEARCH_CASE.iterdir()}
                  and p.name != "index.html")


def test_built_pages_have_yaml_edit_buttons_and_json_ld(search_site: Path) -> None:
    pages = entity_pages(search_site)
    assert len(pages) == len(list(SEARCH_CASE.glob("*/*.yaml")))
    for page in pages:
        html = page.read_text(encoding="utf-8")
        yaml_path = f"entities/{page.parent.name}/{page.stem}.yaml"
        assert f'href="https://example.org/wiki/repo/edit/main/{yaml_path}"' in html, page
        head = html.split("</head>")[0]
        assert head.count('<script type="application/ld+json">') == 1, page
    listing = (search_site / "councils" / "index.html").read_text(encoding="utf-8")
    assert 'rel="edit"' not in listing  # made from all entities: no file to edit
    about = (search_site / "about.html").read_text(encoding="utf-8")
    assert 'href="https://example.org/wiki/repo/edit/main/docs/about.md"' in about


@pytest.mark.parametrize("name", ["search_index.json", "search_index.js"])
def test_index_stays_within_a_kilobyte_per_entity(search_site: Path, name: str) -> None:
    text = (search_site / "search" / name).read_text(encoding="utf-8")
    index = json.loads(text.removeprefix(search.OFFLINE_PREFIX))
    entities = {f"{p.parent.name}/{p.name}" for p in entity_pages(search_site)}
    docs = [doc for doc in index["docs"] if doc["location"].split("#")[0] in entities]
    assert sorted(doc["location"] for doc in docs) == sorted(entities)  # one entry each
    assert not any("tags" in doc for doc in docs)
    # Ranked: had Material's index changed shape, the step would have left it as it was.
    assert all(doc["names"] for doc in docs) and "names" in index["config"]["fields"]
    size = sum(len(json.dumps(doc, ensure_ascii=False).encode()) for doc in docs)
    assert size / len(entities) <= MAX_INDEX_BYTES_PER_ENTITY
    assert "\\u04" not in text  # Cyrillic as UTF-8, not six-byte escapes


def test_basic_case_builds_without_a_repository(tmp_path: Path) -> None:
    """No repository, no edit buttons; JSON-LD all the same."""
    wiki = make_wiki(tmp_path / "wiki", CASES / "valid" / "basic" / "entities")
    assert generate(wiki).problems == []
    build_site(wiki, wiki / "site", offline=False)
    html = (wiki / "site" / "states" / "north.html").read_text(encoding="utf-8")
    assert 'rel="edit"' not in html and "application/ld+json" in html.split("</head>")[0]

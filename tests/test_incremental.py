"""Incremental regeneration (`wiki serve`) gives exactly what a full regeneration gives."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator import lists, pagination
from generator.incremental import Cache
from generator.output import MANIFEST
from generator.pipeline import generate

from .conftest import CASES, make_wiki

BASIC = CASES / "valid" / "basic" / "entities"


def rename(data: dict) -> None:
    data["name"] = data["name"] + " Renamed"


def resummarise(data: dict) -> None:
    data["summary"] = "A new summary."


EDITS = {
    "rename a state": ("states/north.yaml", rename),
    "rename an office": ("offices/alliance-chair.yaml", rename),
    "rename an official": ("officials/bob-second.yaml", rename),
    "rename a source": ("sources/fixture-gazette.yaml", rename),
    "rename a council": ("councils/alliance.yaml", rename),
    "resummarise a council body": ("councils/alliance-council.yaml", resummarise),
    "end a term": ("officials/cid-third.yaml",
                   lambda d: d["positions"][0].update({"to": "2010"})),
    "move an official to another office": ("officials/cid-third.yaml",
                                           lambda d: d["positions"][0].update(
                                               {"office": "north-president", "from": 2001})),
    "move an office to a state": ("offices/alliance-chair.yaml",
                                  lambda d: d.update({"belongs_to": "south"})),
    # Keeps one member: a random sequence may drop a member more often than there are.
    "drop a member": ("councils/alliance.yaml",
                      lambda d: d["members"].pop() if len(d["members"]) > 1 else None),
    "add a participant": ("events/summit-2016.yaml",
                          lambda d: d.update({"participants": [{"official": "ann-first"}]})),
    "withdraw a party": ("treaties/pact.yaml",
                         lambda d: d["parties"][0]["actions"].append(
                             {"action": "withdrawal", "date": "2020"})),
    "end a term on a day not known": ("officials/cid-third.yaml",
                                      lambda d: d["positions"][0].update({"to": "unknown"})),
    "change a membership's status": ("councils/alliance.yaml",
                                     lambda d: d["members"][0].update(
                                         {"status": "associate-member"})),
    "cite a source": ("offices/north-president.yaml",
                      lambda d: d.update({"sources": ["fixture-almanac"]})),
    "link in a description": ("states/south.yaml",
                              lambda d: d.update({"description": "Next to [[north]]."})),
    "add a former id": ("states/south.yaml", lambda d: d.update({"former_ids": ["southland"]})),
    "rename to another initial": ("officials/bob-second.yaml",
                                  lambda d: d.update({"name": "Zed Second"})),
}


@pytest.fixture(params=[None, 1, 3, "split"],
                ids=["one list page", "letter pages", "crossing", "split letters"])
def letter_pages_from(request, monkeypatch) -> None:
    """Lists with a page per initial letter from this many entities of a type (3: the
    basic wiki's officials are just below, and adding one crosses over); or split
    further by longer beginnings, one row a page."""
    if request.param == "split":
        monkeypatch.setattr(lists, "LETTER_PAGES_FROM", 1)
        monkeypatch.setattr(lists, "ROWS_PER_PAGE", 1)
    elif request.param is not None:
        monkeypatch.setattr(lists, "LETTER_PAGES_FROM", request.param)


def snapshot(docs: Path) -> dict[str, bytes]:
    """Every file in docs/; of the manifest, the files it lists (`wiki serve` does not
    record what the pages were made from, as a plain run does)."""
    files = {p.relative_to(docs).as_posix(): p.read_bytes()
             for p in sorted(docs.rglob("*")) if p.is_file()}
    manifest = json.loads(files.pop(MANIFEST))
    files[MANIFEST] = json.dumps(manifest["files"]).encode()
    return files


def edit(entities: Path, relative: str, change) -> None:
    path = entities / relative
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def full(tmp: Path, entities: Path) -> dict[str, bytes]:
    shutil.rmtree(tmp, ignore_errors=True)
    wiki = make_wiki(tmp, entities)
    assert generate(wiki).problems == []
    return snapshot(wiki / "docs")


def live(folder: Path) -> tuple[Path, Cache]:
    """The basic wiki generated once as `wiki serve` generates it, and the cache it keeps."""
    wiki = make_wiki(folder, BASIC)
    cache = Cache()
    assert generate(wiki, cache=cache).problems == []
    return wiki, cache


@pytest.mark.parametrize("name", sorted(EDITS))
@pytest.mark.usefixtures("letter_pages_from")
def test_one_edit(tmp_path: Path, name: str) -> None:
    wiki, cache = live(tmp_path / "live")
    edit(wiki / "entities", *EDITS[name])
    outcome = generate(wiki, cache=cache)
    assert outcome.problems == []
    assert snapshot(wiki / "docs") == full(tmp_path / "full", wiki / "entities")


@pytest.mark.parametrize("name", ["drop a member", "rename a source", "cite a source",
                                  "move an official to another office", "rename a council"])
def test_one_edit_with_long_lists(tmp_path: Path, name: str, monkeypatch) -> None:
    """Lists of more than one row move to pages of their own, one row a page: an edit
    that adds, removes or changes such pages gives what a full regeneration gives."""
    monkeypatch.setattr(pagination, "LONG", 1)
    monkeypatch.setattr(pagination, "FIRST_ROWS", 1)
    monkeypatch.setattr(pagination, "ROWS_PER_PAGE", 1)
    wiki, cache = live(tmp_path / "live")
    assert any("--" in path for path in cache.pages)
    edit(wiki / "entities", *EDITS[name])
    assert generate(wiki, cache=cache).problems == []
    assert snapshot(wiki / "docs") == full(tmp_path / "full", wiki / "entities")


@pytest.mark.usefixtures("letter_pages_from")
def test_add_and_delete_entities(tmp_path: Path) -> None:
    wiki, cache = live(tmp_path / "live")
    (wiki / "entities" / "officials" / "dee-fourth.yaml").write_text(
        "name: Dee Fourth\npositions:\n  - office: north-president\n    from: 2001\n")
    assert generate(wiki, cache=cache).problems == []
    assert snapshot(wiki / "docs") == full(tmp_path / "full1", wiki / "entities")
    (wiki / "entities" / "officials" / "ann-first.yaml").unlink()
    assert generate(wiki, cache=cache).problems == []
    assert snapshot(wiki / "docs") == full(tmp_path / "full2", wiki / "entities")


def test_a_broken_edit_keeps_the_last_good_pages_then_recovers(tmp_path: Path) -> None:
    wiki, cache = live(tmp_path / "live")
    good = snapshot(wiki / "docs")
    north = wiki / "entities" / "states" / "north.yaml"
    text = north.read_text()
    north.write_text("name: [broken\n")
    assert generate(wiki, cache=cache).problems
    assert snapshot(wiki / "docs") == good
    north.write_text(text.replace("Northtown", "Boreal City"))
    assert generate(wiki, cache=cache).problems == []
    assert snapshot(wiki / "docs") == full(tmp_path / "full", wiki / "entities")


def test_an_edit_renders_only_what_shows_the_entity(tmp_path: Path) -> None:
    wiki, cache = live(tmp_path / "live")
    edit(wiki / "entities", "states/south.yaml", resummarise)
    written = generate(wiki, cache=cache).written.written
    assert sorted(written) == [
        "downloads/entities.json", "downloads/states.csv", "states/index.md", "states/south.md",
        "states/south/data.json"]


@settings(max_examples=15, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(sorted(EDITS)), min_size=2, max_size=4))
def test_random_sequences_of_edits(tmp_path_factory, names: list[str]) -> None:
    tmp = tmp_path_factory.mktemp("sequence")
    wiki, cache = live(tmp / "live")
    for name in names:
        edit(wiki / "entities", *EDITS[name])
        assert generate(wiki, cache=cache).problems == []
    assert snapshot(wiki / "docs") == full(tmp / "full", wiki / "entities")


def test_random_edits_on_a_synthetic_corpus(tmp_path: Path) -> None:
    """Renames and new summaries of random entities of a 300-entity corpus with a
    realistic density of relations: the live pages always equal a full regeneration."""
    import random

    from benchmarks.corpus import write_corpus

    wiki = tmp_path / "live"
    write_corpus(wiki, 300, seed=7)
    cache = Cache()
    assert generate(wiki, cache=cache).problems == []
    files = sorted((wiki / "entities").glob("*/*.yaml"))
    chooser = random.Random(7)
    for step in range(10):
        path = chooser.choice(files)
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        data["name"] = f"{data['name']} {step}"
        data["summary"] = f"Edited in step {step}."
        path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
        assert generate(wiki, cache=cache).problems == []
    assert snapshot(wiki / "docs") == full(tmp_path / "full", wiki / "entities")

"""What readers get besides the prose: data files, redirects, edit links, page dates."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from generator import reports
from generator.pipeline import generate

from .conftest import CASES, REPO, make_wiki
from .sitecheck import broken_links


@pytest.fixture(scope="module")
def built_basic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    wiki = make_wiki(tmp_path_factory.mktemp("basic") / "wiki",
                     CASES / "valid" / "basic" / "entities")
    result = subprocess.run(
        [sys.executable, "-m", "generator", "build", "--root", str(wiki)], capture_output=True,
        text=True, env={**os.environ, "WIKI_REPO_URL": "https://git.example.org/wiki/"})
    assert result.returncode == 0, result.stderr
    return wiki


def schema(type_name: str) -> dict:
    return json.loads((REPO / "docs" / "schemas" / f"{type_name}.schema.json").read_text())


def test_every_entity_json_validates_against_its_schema(built_basic: Path) -> None:
    site = built_basic / "site"
    everything = json.loads((site / "downloads" / "entities.json").read_text())["entities"]
    assert len(everything) == len(list((built_basic / "entities").glob("*/*.yaml")))
    for record in everything:
        jsonschema.validate(record["entity"], schema(record["type"]))
        beside_page = site / record["type"] / record["id"] / "data.json"
        assert json.loads(beside_page.read_text()) == record


def test_entity_json_resolves_derived_relations(built_basic: Path) -> None:
    north = json.loads((built_basic / "site" / "states" / "north" / "data.json").read_text())
    memberships = [r for r in north["derived"] if r["relation"] == "Memberships"]
    assert [(r["from_entity"], r["item"].get("from")) for r in memberships] == [
        ("alliance", "1992-05-15"), ("alliance", "2005")]


def test_csv_downloads_have_a_row_per_entity(built_basic: Path) -> None:
    rows = (built_basic / "site" / "downloads" / "officials.csv").read_text().splitlines()
    assert rows[0].startswith("id,name,")
    assert [r.split(",")[0] for r in rows[1:]] == ["ann-first", "bob-second", "cid-third",
                                                  "dee-fourth"]


def test_json_ld_is_embedded_in_each_entity_page(built_basic: Path) -> None:
    html = (built_basic / "site" / "councils" / "alliance.html").read_text()
    head = html.split("</head>")[0]
    data = json.loads(head.split('<script type="application/ld+json">')[1].split("</script>")[0])
    assert data["@type"] == "Organization" and data["name"] == "Test Alliance"
    assert {"@type": "Country", "name": "North Land"} in data["member"]


def test_former_ids_redirect_to_the_entity(built_basic: Path) -> None:
    redirect = built_basic / "site" / "officials" / "cid-the-third.html"
    html = redirect.read_text()
    assert 'http-equiv="refresh" content="0; url=cid-third.html"' in html
    assert (redirect.parent / "cid-third.html").is_file()
    assert broken_links(built_basic / "site") == []


def test_edit_button_opens_the_yaml_file(built_basic: Path) -> None:
    site = built_basic / "site"
    entity = (site / "states" / "north.html").read_text()
    assert 'href="https://git.example.org/wiki/edit/main/entities/states/north.yaml"' in entity
    about = (site / "about.html").read_text()
    assert 'href="https://git.example.org/wiki/edit/main/docs/about.md"' in about
    # Made from all entities, with nothing to edit: lists, the timeline's years, reports.
    for page in ("states/index", "wiki/timeline/2016", "wiki/data-quality"):
        assert "/edit/main/" not in (site / f"{page}.html").read_text(), page


def test_no_edit_button_without_a_repository(tmp_path: Path) -> None:
    wiki = make_wiki(tmp_path / "wiki", CASES / "valid" / "basic" / "entities")
    env_without = {k: v for k, v in os.environ.items() if k != "WIKI_REPO_URL"}
    result = subprocess.run([sys.executable, "-m", "generator", "build", "--root", str(wiki),
                             "--no-offline"], capture_output=True, text=True, env=env_without)
    assert result.returncode == 0, result.stderr
    assert "/edit/" not in (wiki / "site" / "states" / "north.html").read_text()


def test_pages_show_when_their_yaml_last_changed(tmp_path: Path) -> None:
    wiki = make_wiki(tmp_path / "wiki", CASES / "valid" / "basic" / "entities")
    git = ["git", "-c", "user.email=w@example.org", "-c", "user.name=W"]
    subprocess.run([*git, "init", "-q"], cwd=wiki, check=True)
    subprocess.run([*git, "add", "entities"], cwd=wiki, check=True)
    env = {**os.environ, "GIT_COMMITTER_DATE": "2024-03-05T12:00:00Z",
           "GIT_AUTHOR_DATE": "2024-03-05T12:00:00Z"}
    subprocess.run([*git, "commit", "-qm", "data"], cwd=wiki, check=True, env=env)
    assert generate(wiki).problems == []
    assert ('<th scope="row" markdown="span">Last changed</th><td markdown="span">5 March 2024</td>'
            in (wiki / "docs" / "states" / "north.md").read_text())


def test_outside_git_pages_carry_no_date(tmp_path: Path) -> None:
    wiki = make_wiki(tmp_path / "wiki", CASES / "valid" / "basic" / "entities")
    assert generate(wiki).problems == []
    assert "Last changed" not in (wiki / "docs" / "states" / "north.md").read_text()


def test_timeline_lists_dated_facts_by_year(built_basic: Path) -> None:
    docs = built_basic / "docs" / "wiki"
    index = (docs / "timeline.md").read_text()
    assert "| [2012](timeline/2012.md) | 1 |" in index
    assert index.index("[1992]") < index.index("[2005]") < index.index("[2017]")
    year = (docs / "timeline" / "2012.md").read_text()
    assert ("| December 2012 | [South Land](../../states/south.md) withdrew from "
            "[Test Pact](../../treaties/pact.md) |") in year
    assert (built_basic / "site" / "wiki" / "timeline" / "2012.html").is_file()


def test_a_busy_year_is_split_into_pages_within_the_budget(tmp_path: Path,
                                                           monkeypatch) -> None:
    """A large wiki's busy year holds more rows than a page may (the budget is 150 KB):
    its facts go on consecutive pages, each linking the others."""
    monkeypatch.setattr(reports, "YEAR_ROWS", 2)
    wiki = make_wiki(tmp_path / "wiki", CASES / "valid" / "basic" / "entities")
    assert generate(wiki).problems == []
    folder = wiki / "docs" / "wiki" / "timeline"
    index = (wiki / "docs" / "wiki" / "timeline.md").read_text()
    busy = next(int(line.split("|")[1].split("]")[0].strip("[ "))
                for line in index.splitlines()
                if line.startswith("| [") and int(line.split("|")[2]) > 2)
    parts = sorted(folder.glob(f"{busy}*.md"))
    assert [p.name for p in parts][:2] == [f"{busy}-2.md", f"{busy}.md"]
    first, second = (folder / f"{busy}.md").read_text(), (folder / f"{busy}-2.md").read_text()
    assert f"Page 1 of {len(parts)}: **1** [2]({busy}-2.md)" in first
    assert f"[Next page →]({busy}-2.md)" in first
    assert f"Page 2 of {len(parts)}: [1]({busy}.md) **2**" in second
    rows = [text.count("\n| ") - 1 for text in (first, second)]  # less the header's
    assert rows[0] == 2 and 1 <= rows[1] <= 2


def test_a_source_page_has_no_facts_as_of(tmp_path: Path) -> None:
    """A source's dates are those of the publication (its `accessed` day is in its own
    row), not facts about the world as of a day; an official's page has the row."""
    wiki = make_wiki(tmp_path / "wiki", CASES / "valid" / "basic" / "entities")
    assert generate(wiki).problems == []
    docs = wiki / "docs"
    assert "Facts as of" not in (docs / "sources" / "fixture-almanac.md").read_text()
    assert "Facts as of" in (docs / "officials" / "ann-first.md").read_text()

"""The type declarations are the one place a type or a field is added: a new type and a
new field, declared in a test and nowhere else, go through the whole chain — check,
`wiki new`, the JSON Schema, the format reference, pages both ways, lists, timeline,
exports, the strict MkDocs build and `wiki serve`. Mistakes in the declarations
themselves are caught when they load."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator import kinds, schema
from generator.cli import main
from generator.editor_schema import schema_files
from generator.incremental import Cache
from generator.pipeline import generate
from generator.render import reference_page
from generator.schema import FROM, TO, Field, Model, ModelError, ref, relation
from generator.site import build_site

from .conftest import CASES, make_wiki
from .test_incremental import full, snapshot

PARTIES = schema.EntityType(
    "parties", "party", "Parties", "A political party.",
    (
        *schema.COMMON_FIELDS,
        ref("country", ("states",), "The state it is active in.", "Parties active here"),
        Field("founded", kinds.DATE, "When it was founded.", timeline="founded",
              json_ld="foundingDate"),
        relation("leaders", "Who led it.", (
            ref("leader", ("officials",), "The leader.", "Parties led", required=True),
            replace(FROM, timeline="became leader of"), TO, schema.AS_OF), subject="key"),
    ),
    columns=("country", "founded"),
    schema_org="PoliticalParty",
    starts="founded",
)
STATES_WITH_MOTTO = replace(schema.STATES, fields=(
    *schema.STATES.fields, Field("motto", kinds.TEXT, "The state's motto.")))


@pytest.fixture
def parties_wiki(tmp_path: Path):
    with schema.using(PARTIES, STATES_WITH_MOTTO):
        wiki = make_wiki(tmp_path / "wiki", CASES / "valid" / "basic" / "entities")
        (wiki / "entities" / "parties").mkdir()
        (wiki / "entities" / "parties" / "north-party.yaml").write_text(
            "name: North Party\ncountry: north\nfounded: 1990\n"
            "leaders:\n  - leader: ann-first\n    from: 1995-03\n    to: 2001\n"
            "    sources: [fixture-gazette]\nsources: [fixture-gazette]\n", encoding="utf-8")
        north = wiki / "entities" / "states" / "north.yaml"
        north.write_text(north.read_text() + "motto: Always north\n", encoding="utf-8")
        yield wiki


def test_a_mistake_in_a_new_type_is_reported_at_its_line(parties_wiki: Path) -> None:
    (parties_wiki / "entities" / "parties" / "bad.yaml").write_text(
        "name: Bad Party\ncountry: nowhere\nfounded: 1990\n"
        "leaders:\n  - leader: ann-first\n    from: 1980\n    colour: red\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--root", str(parties_wiki)])
    assert result.exit_code == 1
    assert [line for line in result.output.splitlines() if "bad.yaml" in line
            and ": warning: " not in line] == [
        "entities/parties/bad.yaml:2:10: country: no entity has the id 'nowhere'; check the "
        "spelling, or add the entity as entities/states/nowhere.yaml",
        "entities/parties/bad.yaml:6:11: leaders[0].from: this item begins 1980, before the "
        "party was founded (1990); correct one of the two dates",
        "entities/parties/bad.yaml:7:5: leaders[0].colour: unknown field 'colour': a `leaders` "
        "item has no such field; the fields are: leader, from, to, as_of, sources, note",
    ]


def test_wiki_new_schema_and_reference_follow_the_declarations(parties_wiki: Path) -> None:
    result = CliRunner().invoke(main, ["new", "--root", str(parties_wiki), "parties",
                                       "party-of-the-south"])
    assert result.exit_code == 0, result.output
    text = (parties_wiki / "entities" / "parties" / "party-of-the-south.yaml").read_text()
    assert text.startswith("# yaml-language-server: $schema=../../docs/schemas/"
                           "parties.schema.json\n")
    assert 'name: "Party of the South"' in text
    assert "# country: state-id" in text and "#   - leader: official-id" in text
    assert CliRunner().invoke(main, ["check", "--root", str(parties_wiki)]).exit_code == 0
    party_schema = json.loads(schema_files()["docs/schemas/parties.schema.json"])
    assert party_schema["title"] == "A party of the wiki"
    assert party_schema["properties"]["country"]["x-entity-types"] == ["states"]
    state_schema = json.loads(schema_files()["docs/schemas/states.schema.json"])
    assert "motto" in state_schema["properties"]
    reference = reference_page().content
    assert "### Parties" in reference and "Each item of `leaders`" in reference
    assert "| `motto` | text |  | The state's motto. |" in reference


def test_a_new_type_gets_pages_lists_timeline_and_exports(parties_wiki: Path) -> None:
    assert generate(parties_wiki).problems == []
    docs = parties_wiki / "docs"
    party = (docs / "parties" / "north-party.md").read_text()
    assert "[North Land](../states/north.md)" in party
    assert "## Leaders" in party and "[Ann First](../officials/ann-first.md)" in party
    assert '"@type\\": \\"PoliticalParty\\"' in party and "foundingDate" in party
    north = (docs / "states" / "north.md").read_text()
    assert "## Parties active here" in north and "[North Party](../parties/north-party.md)" in north
    assert ('<th scope="row" markdown="span">Motto</th><td markdown="span">Always north</td>'
            in north)  # in the infobox
    ann = (docs / "officials" / "ann-first.md").read_text()
    assert "## Parties led" in ann
    assert "[North Party](../parties/north-party.md)" in (docs / "parties" / "index.md").read_text()
    assert re.search(r"North Party.*founded", (docs / "wiki" / "timeline" / "1990.md").read_text())
    assert re.search(r"Ann First.*became leader of.*North Party",
                     (docs / "wiki" / "timeline" / "1995.md").read_text())
    assert (docs / "downloads" / "parties.csv").read_text().splitlines()[1].startswith(
        "north-party,North Party")
    assert (docs / "downloads" / "parties.schema.json").exists()
    assert "[Parties as CSV](../downloads/parties.csv)" in (docs / "wiki" / "downloads.md").read_text()
    data = json.loads((docs / "parties" / "north-party" / "data.json").read_text())
    assert data["entity"]["country"] == "north"
    assert (docs / "parties" / ".gitignore").read_text().endswith("*\n")


def test_a_new_type_builds_strictly_with_its_list_in_the_navigation(parties_wiki: Path) -> None:
    assert generate(parties_wiki).problems == []
    build_site(parties_wiki, parties_wiki / "site", offline=False)
    page = (parties_wiki / "site" / "parties" / "north-party.html").read_text()
    assert "North Land" in page
    home = (parties_wiki / "site" / "index.html").read_text()
    assert 'href="parties/index.html"' in home


def test_wiki_serve_renders_a_new_type_again_after_an_edit(parties_wiki: Path,
                                                           tmp_path: Path) -> None:
    cache = Cache()
    assert generate(parties_wiki, cache=cache).problems == []
    party = parties_wiki / "entities" / "parties" / "north-party.yaml"
    party.write_text(party.read_text().replace("North Party", "Northern Party")
                     .replace("country: north", "country: south"), encoding="utf-8")
    outcome = generate(parties_wiki, cache=cache)
    assert outcome.problems == []
    assert "states/south.md" in outcome.written.written
    assert snapshot(parties_wiki / "docs") == full(tmp_path / "full", parties_wiki / "entities")


def test_no_generator_module_names_an_entity_type() -> None:
    """Only the declarations know the types: the rest of the generator reads them. (By
    their folder names, which an `entity.type == …` would name; a singular such as
    `source` is also an everyday word, an HTML element's name.)"""
    names = {t.name for t in schema.entity_types()}
    pattern = re.compile(r"""["']({})["']""".format("|".join(sorted(names))))
    package = Path(schema.__file__).parent
    offenders = []
    modules = sorted(package.rglob("*.py"))
    assert package / "pages" / "holders.py" in modules  # the page parts are looked at too
    for path in modules:
        if path.name == "schema.py":
            continue
        for number, line in enumerate(path.read_text().splitlines(), 1):
            if pattern.search(line.split("#")[0]):
                offenders.append(f"{path.relative_to(package)}:{number}: {line.strip()}")
    assert offenders == []


def bad_model(*types) -> str:
    with pytest.raises(ModelError) as error:
        Model(types)
    return str(error.value)


def test_a_reference_to_an_undeclared_type_is_refused() -> None:
    broken = replace(PARTIES, fields=(*schema.COMMON_FIELDS,
                                      ref("country", ("countries",), "x", "Parties")))
    assert "parties.country: refers to the type 'countries', which is not declared" in \
        bad_model(*schema.entity_types(), broken)


def test_an_inverse_declared_twice_for_one_type_is_refused() -> None:
    broken = replace(PARTIES, fields=(*schema.COMMON_FIELDS,
                                      ref("country", ("states",), "x", "Memberships")))
    assert ("parties.country: the inverse 'Memberships' is already declared by "
            "councils.members[].state for the same type") in bad_model(*schema.entity_types(),
                                                                      broken)


def test_a_role_naming_a_missing_field_is_refused() -> None:
    message = bad_model(*schema.entity_types(),
                        replace(PARTIES, columns=("country", "colour"), starts="born"))
    assert "parties: columns names 'colour', which is not one of its fields" in message
    assert "parties: starts names 'born', which is not one of its fields" in message
    late = Field("late", kinds.DATE, "x", after=("early",))
    assert "parties.late: `after` names 'early', which is not beside it" in bad_model(
        *schema.entity_types(), replace(PARTIES, fields=(*PARTIES.fields, late)))


def test_a_page_template_that_does_not_exist_is_refused() -> None:
    assert ("parties: its page's template 'party' is not in generator/templates/entity/ "
            "(write it, or leave `page` out for the base)") in bad_model(
        *schema.entity_types(), replace(PARTIES, page="party"))


def test_a_type_declared_twice_is_refused() -> None:
    assert "the type 'parties' is declared twice" in bad_model(PARTIES, PARTIES)

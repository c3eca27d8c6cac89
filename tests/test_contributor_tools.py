"""What contributors use besides `check`: the editor schema, `wiki new`, the format reference."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.editor_schema import schema_files
from generator.schema import entity_types

from .conftest import REPO, run_wiki


def check_jsonschema(schema: Path, *files: Path) -> subprocess.CompletedProcess:
    """The independent validator, as a contributor's CI or editor would run it."""
    return subprocess.run([sys.executable, "-m", "check_jsonschema", "--schemafile", str(schema),
                           *map(str, files)], capture_output=True, text=True, timeout=120)


def test_shipped_schemas_match_the_type_declarations() -> None:
    for path, text in schema_files(REPO).items():
        assert (REPO / path).read_text(encoding="utf-8") == text, f"run `wiki schema`: {path}"
    assert run_wiki("schema", "--check").returncode == 0


@pytest.mark.parametrize("entity_type", entity_types(), ids=lambda t: t.name)
def test_real_entities_pass_an_independent_validator(entity_type) -> None:
    files = sorted((REPO / "entities" / entity_type.name).glob("*.yaml"))
    result = check_jsonschema(REPO / "docs" / "schemas" / f"{entity_type.name}.schema.json",
                              *files)
    assert result.returncode == 0, result.stdout + result.stderr


def test_independent_validator_rejects_what_check_rejects(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: Test\nkind: clubhouse\nfounded: 30.11.2017\ncolour: red\n"
                   "members:\n  - state: Russia\n")
    result = check_jsonschema(REPO / "docs" / "schemas" / "councils.schema.json", bad)
    assert result.returncode == 1
    for expected in ("'clubhouse' is not one of", "'colour' was unexpected",
                     "'30.11.2017' does not match", "'Russia' does not match"):
        assert expected in result.stdout + result.stderr


def test_vscode_maps_every_type_to_its_schema() -> None:
    settings = json.loads((REPO / ".vscode" / "settings.json").read_text())
    assert settings["yaml.schemas"] == {
        f"./docs/schemas/{t.name}.schema.json": [f"entities/{t.name}/*.yaml"]
        for t in entity_types()}


def test_every_entity_file_names_its_schema_for_other_editors() -> None:
    for path in sorted((REPO / "entities").glob("*/*.yaml")):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first == (f"# yaml-language-server: $schema=../../docs/schemas/"
                         f"{path.parent.name}.schema.json"), path


def test_new_entity_passes_check_and_lists_every_optional_field(basic_wiki: Path) -> None:
    result = run_wiki("new", "--root", str(basic_wiki), "councils", "test-secretariat")
    assert (result.returncode, result.stderr) == (
        0, "Created entities/councils/test-secretariat.yaml\n")
    text = (basic_wiki / "entities" / "councils" / "test-secretariat.yaml").read_text()
    assert 'name: "Test Secretariat"' in text
    for f in entity_types()[3].fields[1:]:
        assert f"# {f.name}:" in text
    assert run_wiki("check", "--root", str(basic_wiki)).returncode == 0


def test_new_refuses_a_taken_or_invalid_id(basic_wiki: Path) -> None:
    taken = run_wiki("new", "--root", str(basic_wiki), "officials", "north")
    assert (taken.returncode, taken.stderr) == (
        1, "error: the id 'north' is already used by entities/states/north.yaml\n")
    invalid = run_wiki("new", "--root", str(basic_wiki), "officials", "Ann_First")
    assert invalid.returncode == 1
    assert invalid.stderr == ("error: 'Ann_First' is not a valid id: use lower-case letters a-z, "
                              "digits and single hyphens; try 'ann-first'\n")
    unknown = run_wiki("new", "--root", str(basic_wiki), "people", "ann")
    assert unknown.returncode == 2


def test_format_reference_documents_every_field() -> None:
    reference = (REPO / "docs" / "reference.md").read_text(encoding="utf-8")
    for entity_type in entity_types():
        assert f"### {entity_type.title}" in reference
        for f in entity_type.fields:
            assert f"| `{f.name}` |" in reference, f"{entity_type.name}.{f.name}"
            if f.is_relation:
                assert f"Each item of `{f.name}`" in reference
                for sub in f.item.fields:
                    assert f"| `{sub.name}` |" in reference
    assert "[format reference](reference.md)" in (REPO / "docs" / "contributing.md").read_text()


def test_committed_reference_is_the_one_the_declarations_give(tmp_path: Path) -> None:
    from generator.reference import REFERENCE_PATH, reference_text

    assert (REPO / REFERENCE_PATH).read_text(encoding="utf-8") == reference_text(), (
        "run `wiki schema`")
    shutil.copytree(REPO / "docs", tmp_path / "docs")
    (tmp_path / "entities").mkdir()
    stale = tmp_path / REFERENCE_PATH
    stale.write_text(stale.read_text().replace("| `capital` |", "| `capitol` |"))
    result = run_wiki("schema", "--check", "--root", str(tmp_path))
    assert (result.returncode, result.stdout) == (
        1, "docs/reference.md: out of date; run `wiki schema` to rewrite it\n")
    assert run_wiki("schema", "--root", str(tmp_path)).returncode == 0
    assert run_wiki("schema", "--check", "--root", str(tmp_path)).returncode == 0


def test_reference_tables_read_the_same_on_github_and_in_mkdocs() -> None:
    """GitHub splits a table cell at any `|`, even in code; MkDocs does not."""
    import markdown

    from generator.reference import github_cells

    row = "| `description` | Markdown | `[[id]]` and `[[id|text]]` |"
    assert github_cells(row) == ("| `description` | Markdown | `[[id]]` and "
                                 "<code>[[id&#124;text]]</code> |")
    html = markdown.markdown(f"| a | b | c |\n|---|---|---|\n{github_cells(row)}",
                             extensions=["tables"])
    assert html.count("<td>") == 3 and "<code>[[id&#124;text]]</code>" in html
    for line in (REPO / "docs" / "reference.md").read_text().splitlines():
        if line.startswith("|"):  # the cells GitHub sees: one more bar than cells
            assert line.count("|") == 5, line


def test_how_we_test_states_the_real_numbers() -> None:
    from . import test_fuzz

    page = (REPO / "docs" / "how-we-test.md").read_text()
    cases = [p for p in (REPO / "tests" / "cases" / "invalid").iterdir() if p.is_dir()]
    assert f"{len(cases)} hostile and broken inputs" in page
    examples = [test._hypothesis_internal_use_settings.max_examples
                for test in (test_fuzz.test_random_valid_wikis_check_clean,
                             test_fuzz.test_random_valid_wikis_build_strictly_with_every_link_resolving,
                             test_fuzz.test_damaged_files_give_diagnostics_never_exceptions)]
    assert (f"{examples[0]} random valid entity graphs" in page
            and f"{examples[1]} are built" in page
            and f"{examples[2]} random mutations" in page)

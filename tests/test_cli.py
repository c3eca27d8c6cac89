"""The `wiki` command as users run it: exit codes and exact messages."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import REPO, run_wiki
from .test_output import snapshot


@pytest.mark.parametrize("command", ["", "check", "build", "serve", "generate"])
def test_every_command_has_help(command: str) -> None:
    result = run_wiki(*filter(None, [command]), "--help")
    assert result.returncode == 0
    assert result.stdout.startswith("Usage: ")


def test_check_of_the_shipped_entities_is_clean() -> None:
    result = run_wiki("check")
    count = len(list((REPO / "entities").glob("*/*.yaml")))
    assert (result.returncode, result.stdout) == (0, "")
    assert result.stderr == f"No problems in {count} entities.\n"


def test_usage_error_exits_2() -> None:
    result = run_wiki("check", "--format", "xml")
    assert result.returncode == 2
    assert "Invalid value for '--format'" in result.stderr


def test_a_folder_without_entities_is_a_usage_error(tmp_path: Path) -> None:
    result = run_wiki("check", "--root", str(tmp_path))
    assert result.returncode == 2
    assert f"Error: {tmp_path} has no entities/ folder" in result.stderr


def test_check_reports_problems_with_exit_1(basic_wiki: Path) -> None:
    (basic_wiki / "entities" / "states" / "north.yaml").write_text(
        "name: North Land\ncapitol: Northtown\n")
    result = run_wiki("check", "--root", str(basic_wiki))
    assert result.returncode == 1
    problems = [line for line in result.stdout.splitlines() if ": warning: " not in line]
    assert problems == ["entities/states/north.yaml:2:1: capitol: unknown field 'capitol': "
                        "a state has no such field; did you mean 'capital'?"]
    warnings = len(result.stdout.splitlines()) - 1  # the basic wiki's unsourced items
    files = len({line.split(":")[0] for line in result.stdout.splitlines()})
    assert result.stderr == f"1 problem and {warnings} warnings in {files} files\n"


def test_failed_build_keeps_the_previous_pages_and_site(basic_wiki: Path) -> None:
    assert run_wiki("build", "--root", str(basic_wiki)).returncode == 0
    before_site = snapshot(basic_wiki / "site")
    before_docs = snapshot(basic_wiki / "docs")
    (basic_wiki / "entities" / "states" / "north.yaml").write_text("name: [unclosed\n")
    result = run_wiki("build", "--root", str(basic_wiki))
    assert result.returncode == 1
    assert result.stdout.startswith("entities/states/north.yaml:")
    assert result.stdout.count("\n") == 1  # the one problem, not its consequences
    assert "Nothing was written." in result.stderr
    assert snapshot(basic_wiki / "site") == before_site
    assert snapshot(basic_wiki / "docs") == before_docs


def test_strict_build_failure_keeps_the_previous_site(basic_wiki: Path) -> None:
    assert run_wiki("build", "--root", str(basic_wiki)).returncode == 0
    before_site = snapshot(basic_wiki / "site")
    (basic_wiki / "docs" / "about.md").write_text("# About\n\n[gone](missing.md)\n")
    result = run_wiki("build", "--root", str(basic_wiki))
    assert result.returncode == 1
    assert "missing.md" in result.stderr
    assert "error: the site was not built" in result.stderr
    assert "Traceback" not in result.stderr
    assert snapshot(basic_wiki / "site") == before_site


def test_counts_of_one_are_singular(tmp_path: Path) -> None:
    """`1 entity`, `(1 row)`: every count the wiki prints agrees with its noun."""
    from .conftest import make_wiki

    entities = tmp_path / "entities"
    (entities / "sources").mkdir(parents=True)
    (entities / "sources" / "report.yaml").write_text("name: Report\nkind: book\n")
    wiki = make_wiki(tmp_path / "wiki", entities)
    assert run_wiki("check", "--root", str(wiki)).stderr == "No problems in 1 entity.\n"
    generated = run_wiki("generate", "--root", str(wiki))
    assert generated.returncode == 0, generated.stderr
    assert generated.stderr.startswith("Generated ") and " 1 pages" not in generated.stderr
    downloads = (wiki / "docs" / "wiki" / "downloads.md").read_text()
    assert "[All 1 entity as one JSON file]" in downloads
    assert "[Sources as CSV](../downloads/sources.csv) (1 row)" in downloads
    assert "[States as CSV](../downloads/states.csv) (0 rows)" in downloads
    assert "The wiki holds 1 entity:" in (wiki / "docs" / "_generated" / "overview.md").read_text()
    (wiki / "entities" / "sources" / "report.yaml").write_text("name: [x\n")
    assert run_wiki("check", "--root", str(wiki)).stderr == "1 problem in 1 file\n"


def test_unsafe_markup_in_a_hand_written_page_is_reported_at_its_line(basic_wiki: Path) -> None:
    assert run_wiki("build", "--root", str(basic_wiki), "--no-offline").returncode == 0
    before_site = snapshot(basic_wiki / "site")
    about = basic_wiki / "docs" / "about.md"
    text = about.read_text(encoding="utf-8").rstrip("\n")
    line = text.count("\n") + 3
    about.write_text(f"{text}\n\nSee [js](javascript:alert(4)).\n", encoding="utf-8")
    before_docs = snapshot(basic_wiki / "docs")
    expected = (f"docs/about.md:{line}:10: href='javascript:alert(4)' on <a> is not allowed: "
                "a link must be relative, http:// or https://; the site leaves it out\n")
    checked = run_wiki("check", "--root", str(basic_wiki))
    problems = "".join(line for line in checked.stdout.splitlines(keepends=True)
                       if ": warning: " not in line)  # the basic wiki's unsourced items
    assert (checked.returncode, problems) == (1, expected)
    assert checked.stderr.startswith("1 problem and ")
    built = run_wiki("build", "--root", str(basic_wiki), "--no-offline")
    assert (built.returncode, built.stdout, built.stderr) == (
        1, expected, "1 problem in 1 file\nNothing was written.\n")
    assert snapshot(basic_wiki / "site") == before_site
    assert snapshot(basic_wiki / "docs") == before_docs

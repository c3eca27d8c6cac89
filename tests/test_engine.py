"""MkDocs or ProperDocs, chosen in one place (generator/engine.py): the same `wiki build`,
with the same strictness, on either."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator import engine

from .conftest import run_wiki

GENERATOR_TAG = re.compile(r'<meta name="generator" content="([^"]*)">')


@pytest.mark.parametrize(("name", "tag"), [("mkdocs", "mkdocs-1.6."),
                                           ("properdocs", "mkdocs-ProperDocs 1.6.")])
def test_a_broken_link_fails_a_strict_build_in_several_processes_on_either_engine(
        basic_wiki: Path, name: str, tag: str) -> None:
    built = run_wiki("build", "--root", str(basic_wiki), "--no-offline", "--jobs", "2",
                     env={"WIKI_ENGINE": name})
    assert built.returncode == 0, built.stderr
    label = engine.ENGINES[name]
    assert re.fullmatch(rf"Built 17 entities with {label} into \S+ in [0-9.]+ s\.\n", built.stderr)
    page = (basic_wiki / "site" / "states" / "north.html").read_text(encoding="utf-8")
    assert GENERATOR_TAG.search(page).group(1).startswith(tag)

    (basic_wiki / "docs" / "notes").mkdir()  # outside the navigation: built in another process
    (basic_wiki / "docs" / "notes" / "a.md").write_text("# A\n\n[Nowhere](nowhere.md)\n",
                                                        encoding="utf-8")
    broken = run_wiki("build", "--root", str(basic_wiki), "--no-offline", "--jobs", "2",
                      env={"WIKI_ENGINE": name})
    assert broken.returncode == 1
    assert broken.stderr == (
        "WARNING -  Doc file 'notes/a.md' contains a link 'nowhere.md', but the target"
        " 'notes/nowhere.md' is not found among documentation files.\n"
        "error: the site was not built: Aborted with 1 warnings in strict mode!\n")


def test_an_engine_that_is_not_one_is_a_usage_error(basic_wiki: Path) -> None:
    result = run_wiki("build", "--root", str(basic_wiki), env={"WIKI_ENGINE": "hugo"})
    assert result.returncode == 2
    assert result.stderr.endswith(
        "Error: WIKI_ENGINE must be 'mkdocs' or 'properdocs', not 'hugo'\n")
    assert not (basic_wiki / "site").exists()


def test_the_engine_is_the_one_asked_for_or_the_one_running(
        monkeypatch: pytest.MonkeyPatch) -> None:
    import mkdocs.config  # noqa: F401  (here, ProperDocs' module when it is the engine)

    running = engine.running()
    assert running == engine.NAME  # this process's: conftest imports the generator first
    assert engine.choose(None) == running
    assert engine.choose(f" {running.upper()} ") == running
    other = next(name for name in engine.ENGINES if name != running)
    with pytest.raises(engine.EngineError) as raised:
        engine.choose(other)
    assert str(raised.value) == (f"WIKI_ENGINE asks for {engine.ENGINES[other]}, but "
                                 f"{engine.ENGINES[running]} is running this build")
    # Before either is imported: MkDocs by default, ProperDocs when MkDocs is missing.
    monkeypatch.setattr(engine, "running", lambda: None)
    monkeypatch.setattr(engine, "installed", lambda module: module == "properdocs")
    assert engine.choose("") == "properdocs"
    with pytest.raises(engine.EngineError) as raised:
        engine.choose("mkdocs")
    assert str(raised.value) == "WIKI_ENGINE asks for MkDocs, which is not installed: pip install mkdocs"
    monkeypatch.setattr(engine, "installed", lambda module: True)
    assert engine.choose(None) == "mkdocs"
    assert engine.choose("properdocs") == "properdocs"

"""MkDocs' build with the pages outside the navigation shared out between processes
(generator/mkdocs_build.py): the same site, the same warnings, the same failures as
MkDocs' own build, which `jobs=1` runs."""

from __future__ import annotations

import logging
import os
from pathlib import Path

import pytest
from mkdocs.config import load_config

from generator import engine, forked, mkdocs_build
from generator.pipeline import generate
from generator.site import SiteError, build_site, quiet_mkdocs_logging

from .conftest import REPO, needs_fork


@pytest.fixture
def forks(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The processes forked to build pages (their pids, as seen by the parent)."""
    pids: list[int] = []
    fork = os.fork

    def counted() -> int:
        pid = fork()
        if pid:
            pids.append(pid)
        return pid

    monkeypatch.setattr(forked.os, "fork", counted)
    return pids


def site_files(site: Path) -> dict[str, bytes]:
    # sitemap.xml.gz carries the time it was compressed; sitemap.xml is compared.
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*")
            if p.is_file() and p.name != "sitemap.xml.gz"}


@needs_fork
def test_pages_built_in_three_processes_make_the_same_site(
        tmp_path: Path, forks: list[int]) -> None:
    from benchmarks.corpus import write_corpus

    wiki = tmp_path / "wiki"
    write_corpus(wiki, 200, seed=3)
    assert generate(wiki).problems == []
    build_site(wiki, tmp_path / "one", offline=False, jobs=1)
    assert forks == []
    build_site(wiki, tmp_path / "three", offline=False, jobs=3)
    assert len(forks) == 2
    one, three = site_files(tmp_path / "one"), site_files(tmp_path / "three")
    assert len(one) > 400 and one.keys() == three.keys()
    assert [path for path in one if one[path] != three[path]] == []


@pytest.fixture
def flawed_wiki(basic_wiki: Path) -> Path:
    """The basic wiki with hand-written pages outside the navigation (built in other
    processes) that link to what does not exist, and a page in the navigation that links
    to an anchor of an entity page that is there, and to one on every entity page that
    is not."""
    assert generate(basic_wiki).problems == []
    docs = basic_wiki / "docs"
    (docs / "notes").mkdir()
    (docs / "notes" / "a.md").write_text(
        "# A\n\n[Nowhere](nowhere.md) and [no anchor](../about.md#no-such-section).\n",
        encoding="utf-8")
    (docs / "notes" / "b.md").write_text("# B\n\nFine.\n", encoding="utf-8")
    (docs / "notes" / "c.md").write_text("# C\n\n[Also nowhere](gone.md)\n", encoding="utf-8")
    links = "".join(f" [{page.stem}]({page.parent.name}/{page.name}#nothing)"
                    for page in entity_pages(basic_wiki))
    about = docs / "about.md"
    about.write_text(about.read_text(encoding="utf-8")
                     + f"\n[North's members](states/north.md#memberships){links}\n",
                     encoding="utf-8")
    return basic_wiki


def entity_pages(wiki: Path) -> list[Path]:
    return sorted(p for p in (wiki / "docs").glob("*/*.md") if p.name != "index.md"
                  and p.parent.name not in ("notes", "wiki", "_generated"))


def failure(wiki: Path, site: Path, jobs: int,
            caplog: pytest.LogCaptureFixture) -> tuple[str, list[str]]:
    """The build's error and the warnings the engine logged, in order."""
    quiet_mkdocs_logging()
    engine.logger().addHandler(caplog.handler)
    caplog.clear()
    try:
        with pytest.raises(SiteError) as raised:
            build_site(wiki, site, offline=False, jobs=jobs)
    finally:
        engine.logger().removeHandler(caplog.handler)
    return str(raised.value), [r.getMessage() for r in caplog.records
                               if r.levelno >= logging.WARNING]


@needs_fork
def test_warnings_from_other_processes_are_reported_in_order_and_fail_a_strict_build(
        flawed_wiki: Path, tmp_path: Path, forks: list[int],
        caplog: pytest.LogCaptureFixture) -> None:
    error, warnings = failure(flawed_wiki, tmp_path / "three", 3, caplog)
    assert len(forks) == 2
    assert (error, warnings) == failure(flawed_wiki, tmp_path / "one", 1, caplog)
    pages = [p.relative_to(flawed_wiki / "docs").as_posix() for p in entity_pages(flawed_wiki)]
    assert len(pages) > 6
    pages.remove("states/north.md")  # in the order about.md first links to them
    pages.insert(0, "states/north.md")
    assert error == f"Aborted with {len(pages) + 3} warnings in strict mode!"
    assert warnings == [
        "Doc file 'notes/a.md' contains a link 'nowhere.md', but the target 'notes/nowhere.md'"
        " is not found among documentation files.",
        "Doc file 'notes/c.md' contains a link 'gone.md', but the target 'notes/gone.md' is"
        " not found among documentation files.",
        *(f"Doc file 'about.md' contains a link '{page}#nothing', but the doc '{page}' does"
          " not contain an anchor '#nothing'." for page in pages),
        "Doc file 'notes/a.md' contains a link '../about.md#no-such-section', but the doc"
        " 'about.md' does not contain an anchor '#no-such-section'.",
    ]
    assert not (tmp_path / "three").exists()  # a failed build leaves nothing behind


@needs_fork
def test_a_page_that_fails_in_another_process_fails_the_build_the_same_way(
        flawed_wiki: Path, tmp_path: Path, forks: list[int],
        caplog: pytest.LogCaptureFixture) -> None:
    (flawed_wiki / "docs" / "notes" / "c.md").write_text(
        '# C\n\n--8<-- "no-such-snippet.md"\n', encoding="utf-8")
    error, warnings = failure(flawed_wiki, tmp_path / "three", 3, caplog)
    assert len(forks) == 2
    assert (error, warnings) == failure(flawed_wiki, tmp_path / "one", 1, caplog)
    assert error.startswith("SnippetMissingError: Snippet at path ")
    assert warnings[-1].startswith("Error reading page 'notes/c.md': Snippet at path")


def test_only_plugins_known_to_keep_nothing_from_pages_let_them_be_shared(
        tmp_path: Path) -> None:
    config = load_config(str(REPO / "mkdocs.yml"))
    assert mkdocs_build.plugins_allow_sharing(config)
    hook = tmp_path / "tags.py"
    hook.write_text("pages = []\ndef on_page_context(context, page, config, nav):\n"
                    "    pages.append(page.title)\n", encoding="utf-8")
    text = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text(f"{text}\nhooks:\n  - {hook}\n", encoding="utf-8")
    (tmp_path / "docs").mkdir()
    config = load_config(str(tmp_path / "mkdocs.yml"))
    assert not mkdocs_build.plugins_allow_sharing(config)  # MkDocs' own build, then

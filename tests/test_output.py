"""No lost work: the generator writes only its own files, only when they change."""

from __future__ import annotations

import json
from pathlib import Path

from generator import pipeline
from generator.output import MANIFEST
from generator.pipeline import generate

from .conftest import run_wiki


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {p.relative_to(folder).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_second_run_without_change_writes_nothing(basic_wiki: Path) -> None:
    first = generate(basic_wiki)
    assert first.problems == [] and len(first.written.written) == len(first.pages)
    before = snapshot(basic_wiki / "docs")
    second = generate(basic_wiki)
    assert second.written.written == () and second.written.removed == ()
    assert snapshot(basic_wiki / "docs") == before


def test_nothing_changed_is_known_without_rendering(basic_wiki: Path, monkeypatch) -> None:
    assert run_wiki("generate", "--root", str(basic_wiki)).returncode == 0
    before = snapshot(basic_wiki / "docs")
    result = run_wiki("generate", "--root", str(basic_wiki))
    assert result.returncode == 0
    assert result.stderr == "Nothing changed: the 90 files in docs/ are up to date.\n"
    assert snapshot(basic_wiki / "docs") == before

    def no_rendering(*args):
        raise AssertionError("rendered although nothing changed")

    monkeypatch.setattr(pipeline, "render", no_rendering)
    assert generate(basic_wiki).up_to_date["pages"] == 90


def test_a_change_that_alters_no_page_renders_and_writes_nothing(basic_wiki: Path) -> None:
    generate(basic_wiki)
    before = snapshot(basic_wiki / "docs")
    path = basic_wiki / "entities" / "states" / "north.yaml"
    path.write_text(path.read_text() + "# A comment changes no page.\n")
    outcome = generate(basic_wiki)
    assert outcome.up_to_date is None and outcome.written.written == ()
    after = snapshot(basic_wiki / "docs")
    del before[MANIFEST], after[MANIFEST]  # it records what the pages were made from
    assert after == before


def test_a_generated_file_edited_or_deleted_by_hand_is_restored(basic_wiki: Path) -> None:
    generate(basic_wiki)
    page, data = basic_wiki / "docs" / "states" / "north.md", \
        basic_wiki / "docs" / "states" / "north" / "data.json"
    text = page.read_text()
    page.write_text(text + "An edit the next run must undo.\n")
    data.unlink()
    outcome = generate(basic_wiki)
    assert sorted(outcome.written.written) == ["states/north.md", "states/north/data.json"]
    assert page.read_text() == text


def test_a_new_generator_renders_again(basic_wiki: Path, monkeypatch) -> None:
    generate(basic_wiki)
    monkeypatch.setattr(pipeline, "generator_digest", lambda: "another generator")
    outcome = generate(basic_wiki)
    assert outcome.up_to_date is None and outcome.written.written == ()
    assert generate(basic_wiki).up_to_date is not None


def test_an_edit_rewrites_exactly_the_pages_that_show_it(basic_wiki: Path) -> None:
    generate(basic_wiki)
    path = basic_wiki / "entities" / "offices" / "north-president.yaml"
    path.write_text(path.read_text() + "summary: Head of the fixture state.\n")
    outcome = generate(basic_wiki)
    # Its page and data, the index table with summaries, the state that lists its offices,
    # the downloads and the data-quality report (it had no summary before).
    assert sorted(outcome.written.written) == [
        "downloads/entities.json", "downloads/offices.csv", "offices/index.md",
        "offices/north-president.md", "offices/north-president/data.json", "states/north.md",
        "wiki/data-quality.md"]


def test_a_failed_generation_leaves_docs_untouched(basic_wiki: Path) -> None:
    generate(basic_wiki)
    before = snapshot(basic_wiki / "docs")
    (basic_wiki / "entities" / "states" / "north.yaml").write_text("name: [unclosed\n")
    outcome = generate(basic_wiki)
    assert outcome.problems and outcome.written is None
    assert snapshot(basic_wiki / "docs") == before


def test_deleted_entity_page_is_removed_and_nothing_else(basic_wiki: Path) -> None:
    generate(basic_wiki)
    hand_written = basic_wiki / "docs" / "events" / "notes.txt"
    hand_written.write_text("mine")
    (basic_wiki / "entities" / "events" / "hostile-text.yaml").unlink()
    outcome = generate(basic_wiki)
    assert outcome.written.removed == ("events/hostile-text.md", "events/hostile-text/data.json")
    assert not (basic_wiki / "docs" / "events" / "hostile-text.md").exists()
    assert hand_written.read_text() == "mine"
    assert (basic_wiki / "docs" / "about.md").exists()


def test_a_generated_file_changed_by_hand_is_kept_when_no_longer_needed(basic_wiki: Path) -> None:
    generate(basic_wiki)
    page = basic_wiki / "docs" / "events" / "hostile-text.md"
    page.write_text("edited by hand")
    (basic_wiki / "entities" / "events" / "hostile-text.yaml").unlink()
    outcome = generate(basic_wiki)
    assert outcome.written.kept == ("events/hostile-text.md",)
    assert outcome.written.removed == ("events/hostile-text/data.json",)
    assert page.read_text() == "edited by hand"


def test_a_hand_written_page_in_the_way_is_never_replaced(basic_wiki: Path) -> None:
    mine = basic_wiki / "docs" / "states" / "north.md"
    mine.parent.mkdir(parents=True)
    mine.write_text("# My own page\n")
    result = run_wiki("generate", "--root", str(basic_wiki))
    assert result.returncode == 1
    assert result.stdout == (
        "docs/states/north.md:1:1: this file was not written by the generator, which would "
        "now write an entity page here; move the file or rename the entity\n")
    assert mine.read_text() == "# My own page\n"
    assert not (basic_wiki / "docs" / ".generated.json").exists()


def test_entity_named_like_a_hand_written_page_does_not_touch_it(basic_wiki: Path) -> None:
    about = basic_wiki / "docs" / "about.md"
    original = about.read_bytes()
    (basic_wiki / "entities" / "states" / "about.yaml").write_text("name: About Land\n")
    assert generate(basic_wiki).problems == []
    assert about.read_bytes() == original
    assert (basic_wiki / "docs" / "states" / "about.md").is_file()


def test_manifest_lists_exactly_the_generated_files(basic_wiki: Path) -> None:
    outcome = generate(basic_wiki)
    manifest = json.loads((basic_wiki / "docs" / ".generated.json").read_text())
    assert sorted(manifest["files"]) == sorted(page.path for page in outcome.pages)

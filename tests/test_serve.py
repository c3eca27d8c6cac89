"""`wiki serve`: a live preview that follows YAML edits and survives broken ones."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.read().decode("utf-8")


def wait_for(predicate, timeout: float = 60.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if predicate():
                return True
        except OSError:
            pass
        time.sleep(0.2)
    return False


@pytest.fixture
def server(basic_wiki: Path):
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "generator", "serve", "--root", str(basic_wiki),
         "--dev-addr", f"127.0.0.1:{port}"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    base = f"http://127.0.0.1:{port}"
    try:
        assert wait_for(lambda: "North Land" in fetch(f"{base}/states/north.html")), "no preview"
        yield basic_wiki, base, process
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


def test_saved_yaml_edit_shows_up_and_broken_edit_keeps_last_good_page(server) -> None:
    wiki, base, process = server
    north = wiki / "entities" / "states" / "north.yaml"
    north.write_text(north.read_text().replace("capital: Northtown", "capital: Borealis"))
    assert wait_for(lambda: "Borealis" in fetch(f"{base}/states/north.html")), "edit not shown"

    north.write_text("name: [broken\n")
    time.sleep(2)
    assert "Borealis" in fetch(f"{base}/states/north.html")  # the last good page stays
    process.terminate()
    output = process.communicate(timeout=10)[0]
    assert "entities/states/north.yaml:" in output
    assert "The preview keeps the last good pages." in output


# ---- the preview's partial builds, in-process --------------------------------------------


@pytest.fixture
def preview(basic_wiki: Path, tmp_path: Path):
    from generator.preview import Preview

    problems = []
    preview = Preview(basic_wiki, tmp_path / "site", "127.0.0.1:8000", problems.append)
    assert not preview.start().problems
    preview.problems = problems
    yield preview
    preview.config.plugins.on_shutdown()


def built(preview, path: str) -> Path:
    return preview.site_dir / f"{path}.html"


def save(preview, path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")
    preview.changed.add(str(path))
    preview.update()


def search_text(preview) -> str:
    return (preview.site_dir / "search" / "search_index.json").read_text(encoding="utf-8")


def test_preview_builds_again_only_the_pages_an_edit_changes(preview) -> None:
    site_files = {p: p.stat().st_mtime_ns for p in preview.site_dir.rglob("*.html")}
    north = preview.root / "entities" / "states" / "north.yaml"
    save(preview, north, north.read_text().replace("A fixture state that joins",
                                                   "A preview state that joins"))

    rebuilt = {p.relative_to(preview.site_dir).as_posix() for p, mtime in site_files.items()
               if p.stat().st_mtime_ns != mtime}
    # The state's page and the index listing its summary; no other page.
    assert rebuilt == {"states/north.html", "states/index.html"}
    assert "A preview state that joins" in built(preview, "states/north").read_text()
    assert "A preview state that joins" in search_text(preview)
    assert "A fixture state that joins" not in search_text(preview)
    # What `wiki build` adds after the engine, the preview adds too: JSON-LD, once, and
    # the ranked index (generator/finish.py, generator/search.py).
    head = built(preview, "states/north").read_text().split("</head>")[0]
    assert head.count("application/ld+json") == 1
    north_entry = next(doc for doc in json.loads(search_text(preview))["docs"]
                       if doc["location"] == "states/north.html")
    assert "north" in north_entry["names"].split()


def test_preview_adds_and_removes_pages_and_keeps_the_last_good_site(preview) -> None:
    west = preview.root / "entities" / "states" / "west.yaml"
    save(preview, west, "name: West Land\nsummary: A state added while previewing.\n")
    assert "West Land" in built(preview, "states/west").read_text()
    assert "West Land" in built(preview, "states/index").read_text()
    assert "A state added while previewing" in search_text(preview)
    assert '"names":"west west land land"' in search_text(preview)
    sitemap = preview.site_dir / "sitemap.xml"
    assert "/states/west.html</loc>" in sitemap.read_text()

    west.unlink()
    preview.changed.add(str(west))
    preview.update()
    assert not built(preview, "states/west").exists()
    assert "West Land" not in built(preview, "states/index").read_text()
    assert "A state added while previewing" not in search_text(preview)
    assert "/states/west.html</loc>" not in sitemap.read_text()
    assert "/states/north.html</loc>" in sitemap.read_text()

    north = preview.root / "entities" / "states" / "north.yaml"
    before = built(preview, "states/north").read_text()
    save(preview, north, "name: [broken\n")
    assert built(preview, "states/north").read_text() == before
    assert {p.path for p in preview.problems[0].problems} == {"entities/states/north.yaml"}


def test_preview_follows_hand_written_pages(preview) -> None:
    about = preview.root / "docs" / "about.md"
    save(preview, about, about.read_text() + "\nA sentence added in the preview.\n")
    assert "A sentence added in the preview." in built(preview, "about").read_text()


def test_the_preview_ignores_hidden_files_such_as_the_generators_manifest() -> None:
    """Each write of docs/.generated.json would otherwise start another round and reload
    the browser a second time."""
    from watchdog.events import FileModifiedEvent, FileMovedEvent, FileSystemEventHandler

    from generator.preview import _NotHidden

    seen = []

    class Handler(FileSystemEventHandler):
        def on_any_event(self, event) -> None:
            seen.append(event.src_path)

    handler = _NotHidden(Handler())
    handler.dispatch(FileModifiedEvent("/wiki/docs/.generated.json"))
    handler.dispatch(FileMovedEvent("/wiki/docs/.generated.json.tmp", "/wiki/docs/.generated.json"))
    handler.dispatch(FileMovedEvent("/wiki/entities/states/.north.yaml.tmp",
                                    "/wiki/entities/states/north.yaml"))
    handler.dispatch(FileModifiedEvent("/wiki/entities/states/south.yaml"))
    assert seen == ["/wiki/entities/states/.north.yaml.tmp", "/wiki/entities/states/south.yaml"]

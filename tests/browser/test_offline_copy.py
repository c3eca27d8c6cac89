"""The offline archive itself: what is in it, where it goes, and a failed build's effect.

These need no browser; they share the session's build with the browser tests.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import zipfile
from pathlib import Path

import pytest
import yaml

from generator.config import read_config
from generator.site import (
    NOT_FOUND_PAGE,
    SiteError,
    build_site,
    offline_not_found,
)

from ..conftest import REPO
from ..sitecheck import broken_links
from .conftest import Build

# Named after the site_name in mkdocs.yml (generator/config.py).
ARCHIVE_NAME, ARCHIVE_FOLDER = read_config(REPO).archive_name, read_config(REPO).archive_folder

EXTERNAL = re.compile(r"""<(?:script|link|img|iframe|source)\b[^>]*\b(?:src|href)=["']?"""
                      r"""(?:https?:)?//""", re.I)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_archive_unzips_into_one_folder_that_reads_from_disk(built: Build) -> None:
    with zipfile.ZipFile(built.archive) as bundle:
        names = bundle.namelist()
    assert {name.split("/", 1)[0] for name in names} == {ARCHIVE_FOLDER}
    inside = {name.split("/", 1)[1] for name in names}
    # Plain file URLs, the search index as a script, the shim that runs search from disk.
    assert {"index.html", "officials/vladimir-putin.html", "states/index.html",
            "search/search_index.js", "assets/javascripts/iframe-worker-shim.js"} <= inside
    assert not any(name.endswith(".map") or name.startswith("sitemap") for name in inside)
    assert not any(name.endswith(ARCHIVE_NAME) for name in inside)  # not itself


def test_archive_is_in_dist_and_in_the_site(built: Build) -> None:
    assert built.archive == built.wiki / "dist" / ARCHIVE_NAME
    assert digest(built.site / "downloads" / ARCHIVE_NAME) == digest(built.archive)


def test_every_link_of_the_offline_copy_resolves(built: Build) -> None:
    assert broken_links(built.offline) == []


@pytest.mark.parametrize("kind", ["online", "offline"])
def test_no_page_loads_anything_from_another_host(built: Build, kind: str) -> None:
    """The static half of the browser tests' request guard: every page, not just some."""
    root = built.site if kind == "online" else built.offline
    offenders = [f"{page.relative_to(root)}: {match.group(0)}"
                 for page in sorted(root.rglob("*.html"))
                 for match in EXTERNAL.finditer(page.read_text(encoding="utf-8"))
                 if "rel=\"canonical\"" not in match.group(0)]
    assert offenders == []


def test_offline_copy_is_the_site_without_its_download_links(built: Build) -> None:
    """One build for both: the pages read from disk are the site's, but for the link to
    the archive (not in itself), and the 404 page's links, relative from disk. Material
    turns instant navigation off from disk."""
    link = re.compile(r'<div class="md-copyright__highlight">Read it offline: <a href="'
                      r'[./]*downloads/' + re.escape(ARCHIVE_NAME) + r'" download>download the wiki</a>'
                      r' \(zip, \d+\.\d MB\), unzip it and open index\.html\.</div>')
    pages = sorted(p.relative_to(built.offline) for p in built.offline.rglob("*.html"))
    assert len(pages) > 50
    linked = 0
    for page in pages:
        online = (built.site / page).read_text(encoding="utf-8")
        if page.as_posix() == NOT_FOUND_PAGE:
            online = offline_not_found(online)
        linked += len(link.findall(online))
        assert link.sub("", online) == (built.offline / page).read_text(encoding="utf-8"), page
    assert linked == len(pages) - 1  # all but 404.html, whose links are absolute


def test_failed_build_leaves_site_and_archive_as_they_were(built: Build,
                                                           tmp_path: Path) -> None:
    wiki = tmp_path / "wiki"
    shutil.copytree(built.wiki, wiki, symlinks=True)
    site, archive = wiki / "site", wiki / "dist" / ARCHIVE_NAME
    before = {p.relative_to(site): digest(p) for p in site.rglob("*") if p.is_file()}
    archived = digest(archive)
    (wiki / "docs" / "broken.md").write_text("# Broken\n\n[Nowhere](nowhere.md)\n",
                                             encoding="utf-8")
    with pytest.raises(SiteError):
        build_site(wiki, site)
    assert {p.relative_to(site): digest(p) for p in site.rglob("*") if p.is_file()} == before
    assert digest(archive) == archived
    leftovers = [p.name for p in (wiki / "dist").iterdir() if p.name != ARCHIVE_NAME]
    leftovers += [p.name for p in wiki.iterdir() if p.name.startswith(".site")]
    assert leftovers == []


def test_a_config_that_breaks_the_offline_copy_fails_the_build(built: Build,
                                                             tmp_path: Path) -> None:
    wiki = tmp_path / "wiki"
    shutil.copytree(built.wiki, wiki, symlinks=True)
    site = wiki / "site"
    before = {p.relative_to(site): digest(p) for p in site.rglob("*") if p.is_file()}
    config = (wiki / "mkdocs.yml").read_text(encoding="utf-8")
    shim = "    - assets/javascripts/iframe-worker-shim.js\n"
    assert shim in config
    (wiki / "mkdocs.yml").write_text(config.replace(shim, ""), encoding="utf-8")
    with pytest.raises(SiteError, match="a local copy of the iframe-worker shim"):
        build_site(wiki, site)
    assert {p.relative_to(site): digest(p) for p in site.rglob("*") if p.is_file()} == before
    (wiki / "mkdocs.yml").write_text(config.replace("use_directory_urls: false",
                                                    "use_directory_urls: true"))
    with pytest.raises(SiteError, match="must set `use_directory_urls: false`"):
        build_site(wiki, site)


def test_quick_build_makes_no_archive(built: Build, tmp_path: Path) -> None:
    wiki = tmp_path / "wiki"
    shutil.copytree(built.wiki, wiki, symlinks=True, ignore=shutil.ignore_patterns(
        "site", "dist"))
    assert build_site(wiki, wiki / "site", offline=False) is None
    assert not (wiki / "dist").exists()
    assert not (wiki / "site" / "downloads" / ARCHIVE_NAME).exists()
    html = (wiki / "site" / "officials" / "vladimir-putin.html").read_text(encoding="utf-8")
    assert ARCHIVE_NAME not in html


def search_entries(path: Path) -> dict[str, dict]:
    text = path.read_text(encoding="utf-8").removeprefix("var __index = ")
    return {entry["location"]: entry for entry in json.loads(text)["docs"]}


def test_offline_search_indexes_names_and_summaries_alone(built: Build) -> None:
    """Read from disk, the browser builds the search index on the page's thread: the
    offline copy's index keeps what readers search for, without the descriptions."""
    online = search_entries(built.site / "search" / "search_index.json")
    offline = search_entries(built.offline / "search" / "search_index.js")
    online_putin = online["officials/vladimir-putin.html"]
    offline_putin = offline["officials/vladimir-putin.html"]
    assert offline_putin["title"] == online_putin["title"] == "Vladimir Putin"
    assert offline_putin["names"] == online_putin["names"]
    assert "путин" in offline_putin["names"].split()
    # The summary and nothing more (its footnote markers left out: see generator.search).
    putin = yaml.safe_load((built.wiki / "entities" / "officials" / "vladimir-putin.yaml")
                           .read_text(encoding="utf-8"))
    assert offline_putin["text"] == f"<p>{putin['summary']}</p>"
    assert online_putin["text"].startswith(offline_putin["text"])
    assert len(online_putin["text"]) > len(offline_putin["text"])  # the description too
    shorter = sum(len(e["text"]) for e in offline.values())
    assert shorter < 0.8 * sum(len(e["text"]) for e in online.values())

"""The generator serves any wiki: nothing in its code names the one it ships with.

A second, tiny wiki on another subject, with its own mkdocs.yml, home page and entities,
built by `wiki build` as a user builds theirs (strict, with the offline copy): its name is
its own everywhere, its archive is named after it, and "CSTO" appears nowhere in what
is built — the generated pages, the site, the archive.
"""

from __future__ import annotations

import gzip
import re
import shutil
import zipfile
from pathlib import Path

from .conftest import REPO, run_wiki

NAME = "Nordic Council Wiki"
HOME = """# Nordic Council Wiki

A small reference on the **Nordic Council**, the parliamentary body of the Nordic states.

--8<-- "overview.md"
"""
ENTITIES = {
    "councils/nordic-council.yaml": """\
name: Nordic Council
names:
  sv: Nordiska rådet
  da: Nordisk Råd
  fi: Pohjoismaiden neuvosto
kind: organization
founded: 1952
seat: Copenhagen
summary: The official body for formal inter-parliamentary Nordic co-operation.
sources: [norden-about]
members:
  - state: sweden
    from: 1952
    status: founding-member
    sources: [norden-about]
  - state: denmark
    from: 1952
    status: founding-member
    sources: [norden-about]
  - state: finland
    from: 1955
    sources: [norden-about]
""",
    "states/sweden.yaml": "name: Sweden\nnames:\n  sv: Sverige\n  fi: Ruotsi\n"
                          "iso_code: SE\ncapital: Stockholm\nsources: [norden-about]\n",
    "states/denmark.yaml": "name: Denmark\nnames:\n  da: Danmark\n  sv: Danmark\n"
                           "iso_code: DK\ncapital: Copenhagen\nsources: [norden-about]\n",
    "states/finland.yaml": "name: Finland\nnames:\n  fi: Suomi\n  sv: Finland\n"
                           "iso_code: FI\ncapital: Helsinki\nsources: [norden-about]\n",
    "sources/norden-about.yaml": "name: About the Nordic Council\npublisher: Norden\n"
                                 "published: 2024\nurl: https://www.norden.org/en/\n"
                                 "language: en\n",
}


def nordic_wiki(folder: Path) -> Path:
    """The repository's mkdocs.yml with this wiki's name, languages and navigation; the
    repository's assets (styles, scripts, the search shim); its own home and entities."""
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    config = re.sub(r"(?m)^site_name: .*$", f"site_name: {NAME}", config)
    config = re.sub(r"(?m)^site_description: .*$",
                    "site_description: A reference on the Nordic Council.", config)
    config = re.sub(r"(?m)^    languages: .*$", "    languages: [en, sv]", config)
    config = config[:config.index("\nnav:")] + (
        "\nnav:\n  - Home: index.md\n  - Timeline: wiki/timeline.md\n"
        "  - Data:\n      - Downloads: wiki/downloads.md\n"
        "      - Data quality: wiki/data-quality.md\n")
    (folder / "docs").mkdir(parents=True)
    (folder / "mkdocs.yml").write_text(config, encoding="utf-8")
    (folder / "docs" / "index.md").write_text(HOME, encoding="utf-8")
    shutil.copytree(REPO / "docs" / "assets", folder / "docs" / "assets")
    for path, text in ENTITIES.items():
        (folder / "entities" / path).parent.mkdir(parents=True, exist_ok=True)
        (folder / "entities" / path).write_text(text, encoding="utf-8")
    return folder


def texts(folder: Path):
    """Every file under `folder` as bytes, and what the compressed ones hold."""
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        data = path.read_bytes()
        yield path, data
        if path.suffix == ".gz":
            yield path, gzip.decompress(data)
        elif path.suffix == ".zip":
            with zipfile.ZipFile(path) as bundle:
                for member in bundle.namelist():
                    yield path / member, bundle.read(member)


def test_a_second_wiki_is_named_after_itself_and_never_after_the_first(tmp_path: Path) -> None:
    wiki = nordic_wiki(tmp_path / "nordic")
    built = run_wiki("build", "--root", str(wiki), "--jobs", "1")
    assert built.returncode == 0, built.stderr
    archive = wiki / "dist" / "nordic-council-wiki-offline.zip"
    assert sorted(p.name for p in (wiki / "dist").iterdir()) == [archive.name]
    with zipfile.ZipFile(archive) as bundle:
        assert {name.split("/", 1)[0] for name in bundle.namelist()} == {"nordic-council-wiki"}
    assert (wiki / "site" / "downloads" / archive.name).is_file()
    home = (wiki / "site" / "index.html").read_text(encoding="utf-8")
    assert f"<title>{NAME}</title>" in home
    assert 'href="downloads/nordic-council-wiki-offline.zip"' in home
    # Its own languages: Swedish names in the infobox, Danish and Finnish folded.
    council = (wiki / "site" / "councils" / "nordic-council.html").read_text(encoding="utf-8")
    assert '<td lang="sv">Nordiska rådet</td>' in council
    assert "<summary>Names in other languages (2)</summary>" in council

    checked = 0
    for folder in (wiki / "docs", wiki / "site", wiki / "dist"):
        for path, data in texts(folder):
            checked += 1
            assert not re.search(rb"csto", data, re.I), f"{path} names CSTO"
    assert checked > 50

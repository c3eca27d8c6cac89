"""What makes a wiki this wiki comes from its mkdocs.yml (generator/config.py): its name,
the offline archive's name, and its own languages, which decide what an infobox shows."""

from __future__ import annotations

import re
from pathlib import Path

from generator.config import WikiConfig, read_config
from generator.pipeline import generate

from .conftest import CASES, REPO, make_wiki


def test_the_shipped_wiki_reads_its_name_and_languages_from_mkdocs_yml() -> None:
    config = read_config(REPO)
    assert config == WikiConfig("CSTO Reference Wiki", ("en", "ru"))
    assert config.archive_name == "csto-reference-wiki-offline.zip"
    assert config.archive_folder == "csto-reference-wiki"


def test_a_wiki_without_languages_takes_the_themes_and_a_plain_slug(tmp_path: Path) -> None:
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: Ålands Lagting – Wiki!\nsite_url: !ENV [SITE_URL, 'x']\n"
        "theme:\n  name: material\n  language: sv\n", encoding="utf-8")
    config = read_config(tmp_path)
    assert config.languages == ("sv",)
    assert config.slug == "alands-lagting-wiki"
    assert read_config(tmp_path / "missing") == WikiConfig()


def test_names_in_other_languages_are_folded_in_a_block_sorted_by_language(
        tmp_path: Path) -> None:
    wiki = make_wiki(tmp_path / "wiki", CASES / "valid" / "many-names" / "entities")
    assert generate(wiki).problems == []
    page = (wiki / "docs" / "states" / "many-tongues.md").read_text(encoding="utf-8")
    infobox, block = page.split("</table>", 1)
    # The infobox: the wiki's own languages only (mkdocs.yml: en, ru).
    assert re.findall(r"Name in ([^<]+)</th>", infobox) == ["English", "Russian"]
    assert '<td lang="ru" markdown="span">Многоязычная страна</td>' in infobox
    # The block: folded (no `open`), counted, each name with its language tag.
    assert '<details class="wiki-names" data-search-exclude>' in block
    assert "<summary>Names in other languages (21)</summary>" in block
    languages = re.findall(r"<dt>([^<]+)</dt>", block)
    assert len(languages) == 21
    assert languages == sorted(languages, key=str.casefold)
    assert languages[:3] == ["Afrikaans", "Arabic", "Armenian"]
    assert "<dt>Chinese (Simplified)</dt><dd lang=\"zh-Hans\">北国</dd>" in block

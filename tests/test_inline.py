"""generator/inline.py lets text that no inline pattern can match pass by Python-Markdown's
patterns: the HTML must be exactly what Python-Markdown makes without it."""

from __future__ import annotations

from pathlib import Path

import markdown
import pytest
from mkdocs.config import load_config

from generator import inline
from generator.pipeline import generate
from generator.site import build_site

from .conftest import REPO

# Every inline pattern at work, beside text that none of them matches.
SAMPLE = """\
# Heading with `code`, *emphasis*, __strong__ and a [link](https://example.org)

| Office | Period | Sources | Note |
|---|---|---|---|
| [Minister](../offices/minister.md) | March 1993 – 1 March 1997 | [^1] | held *acting* |
| Plain words only | 2001 | | a\\_b and 2 * 3 and x_y_z |
| ![image](https://example.org/a.png) | <https://example.org> | <someone@example.org> | &amp; &copy; &#167; |

A line that ends in two spaces{BREAK}then breaks; a ``double `tick` code``, \\*not emphasis\\*, snake_case_words, 5 * 6 = 30,
*a* _b_ ***c*** ___d___ **e** <b>raw</b> <!-- a comment --> [ref link][r] [r] ![i][r].

Plain paragraph: nothing here for any pattern at all, only words and numbers 1992.

[^1]: A footnote with a [link](../sources/tass.md) and *emphasis*.

[r]: https://example.org/ref "Title"
""".replace("{BREAK}", "  \n")


def wiki_markdown() -> markdown.Markdown:
    config = load_config(str(REPO / "mkdocs.yml"))
    return markdown.Markdown(extensions=config.markdown_extensions,
                             extension_configs=config.mdx_configs)


def test_the_wiki_s_patterns_are_all_known_so_text_can_pass_them_by() -> None:
    md = wiki_markdown()
    assert isinstance(md.treeprocessors["inline"], inline.QuickInlineProcessor)
    needed = inline.triggers(md)
    assert needed is not None
    assert needed.search("1 March 1997 – head of delegation") is None
    assert all(needed.search(text) for text in ("[a]", "`a`", "*a*", "_a_", "&amp;", "<b>",
                                                "a\\.", "two  \nlines"))


def test_the_html_is_the_same_as_without_it(monkeypatch: pytest.MonkeyPatch) -> None:
    quick = wiki_markdown().convert(SAMPLE)
    monkeypatch.setattr(inline, "triggers", lambda md: None)  # every text, every pattern
    assert wiki_markdown().convert(SAMPLE) == quick
    # As the sanitiser writes them: <br /> as <br>, &copy; as the character itself.
    for made in ("<em>acting</em>", '<a href="https://example.org">', "<br>", "©",
                 'class="footnote-ref"', "<code>double `tick` code</code>"):
        assert made in quick, made


def test_an_unknown_pattern_sends_every_text_through_all_patterns() -> None:
    md = wiki_markdown()
    md.inlinePatterns.register(markdown.inlinepatterns.SimpleTagInlineProcessor(
        r"(~~)(.+?)~~", "del"), "strike", 65)
    assert inline.triggers(md) is None
    assert md.convert("a ~~gone~~ b") == "<p>a <del>gone</del> b</p>"


def test_the_site_is_the_same_file_for_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                            basic_wiki: Path) -> None:
    assert generate(basic_wiki).problems == []
    build_site(basic_wiki, tmp_path / "quick", offline=False)
    monkeypatch.setattr(inline, "triggers", lambda md: None)
    build_site(basic_wiki, tmp_path / "plain", offline=False, jobs=1)

    def files(site: Path) -> dict[str, bytes]:
        return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*")
                if p.is_file() and p.name != "sitemap.xml.gz"}

    quick, plain = files(tmp_path / "quick"), files(tmp_path / "plain")
    assert quick.keys() == plain.keys() and len(quick) > 50
    assert [path for path in quick if quick[path] != plain[path]] == []

"""Text from YAML on its way into Markdown: escaping, wikilinks and link safety.

Contributors' text is untrusted. Plain fields are escaped so that they render as the
characters typed; descriptions keep their Markdown but lose raw HTML; and the Markdown
extension at the end of this module (listed in mkdocs.yml) removes, from every page,
any link that is neither relative nor http(s), and any event-handler attribute.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from functools import lru_cache
from xml.etree.ElementTree import Element

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor

WIKILINK = re.compile(r"\[\[([^\[\]|\n]*)(?:\|([^\[\]\n]*))?\]\]")
# Markdown link destinations: inline `](url)` and reference definitions `[x]: url`.
LINK_TARGET = re.compile(r"\]\(\s*<?([^)\s>]*)|^[ ]{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)", re.M)
SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
SAFE_SCHEMES = {"http", "https"}
# The characters Python-Markdown (with the tables extension) lets a backslash escape.
MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|])")


@lru_cache(maxsize=65536)  # names and labels recur on many pages
def escape_inline(text: str) -> str:
    """Plain text that renders as itself inside Markdown (tables included)."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = MARKDOWN_SPECIAL.sub(r"\\\1", text)
    return " ".join(text.split())


def wikilinks(text: str) -> Iterator[tuple[str, str | None, int]]:
    """Each `[[id]]` or `[[id|label]]`: the id, the label and the offset in the text."""
    for match in WIKILINK.finditer(text):
        yield match.group(1).strip(), match.group(2), match.start()


def link_targets(text: str) -> Iterator[tuple[str, int]]:
    """Each link destination in Markdown, and the offset of its link."""
    for match in LINK_TARGET.finditer(text):
        yield (match.group(1) if match.group(1) is not None else match.group(2)), match.start()


def unsafe_links(text: str) -> Iterator[tuple[str, int]]:
    """Link destinations in Markdown that are neither relative nor http(s)."""
    for url, offset in link_targets(text):
        if not is_safe_url(url):
            yield url, offset


def is_safe_url(url: str) -> bool:
    cleaned = "".join(ch for ch in url if ch > " ").lower()  # browsers ignore these
    match = SCHEME.match(cleaned)
    if "&#" in cleaned or "&colon" in cleaned:
        return False
    return match is None or match.group(1) in SAFE_SCHEMES


def description_markdown(text: str, link: Callable[[str], tuple[str, str] | None]) -> str:
    """A description ready for a page: wikilinks resolved to relative Markdown links,
    raw HTML shown as text. `link(id)` gives the relative path and the entity's name."""

    def replace(match: re.Match) -> str:
        target = link(match.group(1).strip())
        label = match.group(2)
        if target is None:
            return escape_inline(label or match.group(1))
        path, name = target
        return f"[{escape_inline(label or name)}]({path})"

    parts = []
    last = 0
    for match in WIKILINK.finditer(text):
        parts.append(_no_html(text[last:match.start()]))
        parts.append(replace(match))
        last = match.end()
    parts.append(_no_html(text[last:]))
    return "".join(parts)


def _no_html(text: str) -> str:
    return text.replace("<", "&lt;")


class _SafeLinks(Treeprocessor):
    def run(self, root: Element) -> None:
        for element in root.iter():
            for attribute in list(element.attrib):
                value = element.attrib[attribute]
                if attribute.lower().startswith("on") or attribute.lower() == "style":
                    del element.attrib[attribute]
                elif attribute.lower() in ("href", "src", "action", "formaction", "srcset",
                                           "xlink:href", "poster", "data"):
                    if not is_safe_url(value):
                        del element.attrib[attribute]


class SafeLinksExtension(Extension):
    """Drops unsafe link targets and event handlers from every rendered page."""

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown's name)
        md.treeprocessors.register(_SafeLinks(md), "wiki_safe_links", 1)


def makeExtension(**kwargs) -> SafeLinksExtension:  # noqa: N802 (Python-Markdown's name)
    return SafeLinksExtension(**kwargs)

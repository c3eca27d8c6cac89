"""Text from YAML on its way into Markdown: escaping, wikilinks and link safety.

Contributors' text is untrusted. Plain fields are escaped so that they render as the
characters typed; descriptions keep their Markdown but lose raw HTML; and the Markdown
extension at the end of this module (listed in mkdocs.yml) passes every converted page,
hand-written or generated, through an allow-list sanitiser (nh3): no script, style or
frame, no event handler, no link that is neither relative nor http(s). It works inside
Python-Markdown, so whichever engine converts the pages, and only on their content: the
theme's own markup is not touched. (`generator.handwritten` reports what it removes from
hand-written pages.)
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from functools import lru_cache

import nh3
from markdown import Extension, Markdown
from markdown.postprocessors import Postprocessor

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


# What a page's content may hold once converted: the HTML that Markdown and the site's
# extensions make, and no more. Anything else (script, style, frames, forms, event
# handlers, links other than relative or http(s)) is taken out by nh3, the binding of the
# Rust sanitiser ammonia, from every page, hand-written or generated.
ALLOWED_TAGS = {
    "a", "abbr", "b", "bdi", "bdo", "blockquote", "br", "caption", "cite", "code", "col",
    "colgroup", "dd", "del", "details", "dfn", "div", "dl", "dt", "em", "figcaption",
    "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li",
    "mark", "ol", "p", "pre", "q", "rp", "rt", "ruby", "s", "samp", "small", "span",
    "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead",
    "time", "tr", "u", "ul", "var", "wbr",
    # The timeline charts the generator draws (generator/chart.py): shapes and text only.
    "svg", "title", "desc", "g", "line", "rect", "path", "text",
}
ALLOWED_ATTRIBUTES = {
    # data-search-exclude keeps a section out of search (Material's, and the wiki's cut).
    "*": {"id", "class", "title", "lang", "dir", "data-search-exclude"},
    "a": {"href", "hreflang"},
    "img": {"src", "alt", "width", "height", "loading"},
    "ol": {"start", "reversed", "type"},
    "li": {"value"},
    "td": {"colspan", "rowspan", "headers"},
    "th": {"colspan", "rowspan", "headers", "scope"},
    "col": {"span"},
    "colgroup": {"span"},
    "details": {"open"},
    "time": {"datetime"},
    "del": {"datetime"},
    "ins": {"datetime"},
    "svg": {"xmlns", "viewbox", "width", "height", "role", "aria-labelledby"},
    "line": {"x1", "y1", "x2", "y2"},
    "rect": {"x", "y", "width", "height"},
    "path": {"d"},
    "text": {"x", "y", "text-anchor"},
}
# Left out with all they hold, not just their tags: their content is code, not text.
REMOVED_WITH_CONTENT = {
    "script", "style", "iframe", "object", "embed", "noscript", "template", "math",
    "textarea", "select", "noembed", "noframes", "xmp",
}


# Configured once: about a fifth quicker than `nh3.clean`, which configures one per call.
_CLEANER = nh3.Cleaner(tags=ALLOWED_TAGS, clean_content_tags=REMOVED_WITH_CONTENT,
                       attributes=ALLOWED_ATTRIBUTES, url_schemes=SAFE_SCHEMES, link_rel=None)


def sanitise(html: str) -> str:
    """`html` with only what ALLOWED_TAGS and ALLOWED_ATTRIBUTES let through, and only
    relative and http(s) URLs."""
    return _CLEANER.clean(html)


class _Sanitiser(Postprocessor):
    def run(self, text: str) -> str:
        return sanitise(text)


class SanitiserExtension(Extension):
    """Passes every converted page through `sanitise`, last of all."""

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown's name)
        md.postprocessors.register(_Sanitiser(md), "wiki_sanitiser", 0)


def makeExtension(**kwargs) -> SanitiserExtension:  # noqa: N802 (Python-Markdown's name)
    return SanitiserExtension(**kwargs)

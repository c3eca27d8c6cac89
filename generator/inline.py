"""Python-Markdown, quicker on the wiki's pages (`generator.inline` in mkdocs.yml).

Python-Markdown tries each of its inline patterns (links, emphasis, code, entities, …)
on every piece of text of a page, even text holding none of the characters a match of
any of them must contain: a table cell "1 March 1997", a role, a heading, a link's label.
On the generated pages that is most of the text, and a tenth of the site's build. This
extension passes such text by; any other goes through every pattern as before, so the
HTML is the same (a test builds the site both ways and compares every file).

It knows the patterns Python-Markdown and its footnotes extension register, each by
name and class, and what a match of each contains. If a page's Markdown has any other
inline pattern (another extension's), every text of that page goes through them all.
"""

from __future__ import annotations

import re

from markdown import Extension, Markdown, util
from markdown.treeprocessors import InlineProcessor

# (name, class) of each pattern: strings of which every match contains one.
KNOWN = {
    ("backtick", "BacktickInlineProcessor"): ("`",),
    ("escape", "EscapeInlineProcessor"): ("\\",),
    ("reference", "ReferenceInlineProcessor"): ("[",),
    ("link", "LinkInlineProcessor"): ("[",),
    ("image_link", "ImageInlineProcessor"): ("[",),
    ("image_reference", "ImageReferenceInlineProcessor"): ("[",),
    ("short_reference", "ShortReferenceInlineProcessor"): ("[",),
    ("short_image_ref", "ShortImageReferenceInlineProcessor"): ("[",),
    ("autolink", "AutolinkInlineProcessor"): ("<",),
    ("automail", "AutomailInlineProcessor"): ("<",),
    ("linebreak", "SubstituteTagInlineProcessor"): ("  \n",),
    ("html", "HtmlInlineProcessor"): ("<",),
    ("entity", "HtmlInlineProcessor"): ("&",),
    ("not_strong", "SimpleTextInlineProcessor"): ("*", "_"),
    ("em_strong", "DelimiterProcessor"): ("*", "_"),  # Python-Markdown 3.10 and later
    ("em_strong", "AsteriskProcessor"): ("*",),
    ("em_strong2", "UnderscoreProcessor"): ("_",),
    ("footnote", "FootnoteInlineProcessor"): ("[",),
}


def triggers(md: Markdown) -> re.Pattern | None:
    """What text must contain for one of `md`'s inline patterns to match it; None if
    some pattern is not one of those known."""
    try:
        names = [item.name for item in md.inlinePatterns._priority]  # no public way
    except AttributeError:
        return None
    needles: set[str] = set()
    for name in names:
        known = KNOWN.get((name, type(md.inlinePatterns[name]).__name__))
        if known is None:
            return None
        needles.update(known)
    return re.compile("|".join(sorted(map(re.escape, needles)))) if needles else None


class QuickInlineProcessor(InlineProcessor):
    """Python-Markdown's inline processor, passing by text that no pattern can match."""

    needed: re.Pattern | None = None

    def run(self, tree, ancestors=None):
        self.needed = triggers(self.md)
        return super().run(tree, ancestors)

    # InlineProcessor.__handleInline, which every text goes through (name-mangled).
    def _InlineProcessor__handleInline(self, data: str, patternIndex: int = 0) -> str:  # noqa: N802, N803
        if (self.needed is not None and not isinstance(data, util.AtomicString)
                and self.needed.search(data) is None):
            return data
        return super()._InlineProcessor__handleInline(data, patternIndex)


class QuickInlineExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown's name)
        md.treeprocessors.register(QuickInlineProcessor(md), "inline", 20)


def makeExtension(**kwargs) -> QuickInlineExtension:  # noqa: N802 (Python-Markdown's name)
    return QuickInlineExtension(**kwargs)

"""Hand-written pages under docs/: what the sanitiser would take out of them, reported.

Every page passes through the sanitiser (`markup.sanitise`) whatever it holds, so unsafe
markup never reaches a reader. A pull request may change docs/ as well as entities/, and
whoever wrote `<a onclick=…>` or `[x](javascript:…)` should hear of it at its line rather
than find it silently gone: each page is converted with the site's Markdown extensions,
sanitised, and what the sanitiser removed is located in the Markdown and reported as a
diagnostic (`docs/about.md:12:3: …`), by `wiki check` and before `wiki build`.

Each thing removed is found in the Markdown by its text, in order, outside fenced code
and code spans (where markup is shown, not run); what cannot be found is reported on the
page's first line.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from markdown import Markdown

from .diagnostics import Diagnostic, shown
from .markup import ALLOWED_TAGS, REMOVED_WITH_CONTENT, sanitise
from .output import read_manifest

# Extensions of mkdocs.yml not used to check pages: the sanitiser, which runs here on its
# own, and the includes, which are generated (and sanitised when built), and may not have
# been generated yet when `wiki check` runs.
SANITISER, INCLUDES = "generator.markup", "pymdownx.snippets"
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "srcset", "poster", "data", "cite",
                  "xlink:href", "background"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
        "source", "track", "wbr"}  # elements without content or end tag
FENCE = re.compile(r"^[ ]{0,3}(`{3,}|~{3,}).*?(?:^[ ]{0,3}\1[`~]*[ \t]*$|\Z)", re.M | re.S)
CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`)(?:(?!\n[ \t]*\n).)+?(?<!`)\1(?!`)", re.S)
LOOKAHEAD = 4  # start tags the sanitiser's parser may add before one of the page's


@dataclass(frozen=True)
class Removed:
    """An element, or one attribute of an element, that the sanitiser took out."""

    tag: str
    attribute: str | None = None  # None: the element itself
    value: str | None = None

    def message(self) -> str:
        if self.attribute is None:
            content = ", with its content" if self.tag in REMOVED_WITH_CONTENT else ""
            return f"<{self.tag}> is not allowed in a page; the site leaves it out{content}"
        value = "" if self.value is None else f"={shown(self.value)}"
        if self.attribute in URL_ATTRIBUTES:
            return (f"{self.attribute}{value} on <{self.tag}> is not allowed: a link must be "
                    "relative, http:// or https://; the site leaves it out")
        handler = " (an event handler)" if self.attribute.startswith("on") else ""
        return (f"{self.attribute}{value} on <{self.tag}> is not allowed in a page{handler}; "
                "the site leaves it out")

    def pattern(self) -> re.Pattern:
        """What it looks like in the Markdown."""
        if self.attribute is None:
            return re.compile(rf"<{re.escape(self.tag)}(?![\w-])", re.I)
        if self.attribute in URL_ATTRIBUTES and self.value:
            return re.compile(_as_written(self.value.strip()), re.I)
        return re.compile(rf"(?<![\w-]){re.escape(self.attribute)}(?![\w-])", re.I)


def _as_written(text: str) -> str:
    """A pattern for `text` as HTML may write it: each character as itself or as a
    character reference (`&#106;avascript:` is `javascript:`)."""
    return "".join(f"(?:{re.escape(ch)}|&#0*{ord(ch)};?|&#x0*{ord(ch):x};?)" for ch in text)


def removed(html: str, clean: str) -> list[Removed]:
    """What `sanitise` took out of `html` to give `clean`, in the order of `html`.

    The start tags of `clean` are those of `html` that are allowed, in the same order,
    but for a few its parser adds (a table's `<tbody>`): each allowed tag of `html` is
    paired with the next of its name in `clean`, close ahead, and their attributes are
    compared. Time grows with the page, whatever it holds."""
    if html == clean:
        return []
    after = _start_tags(clean)
    found: list[Removed] = []
    j = 0
    for tag, attrs, inside in _start_tags(html):
        if inside:  # in an element removed with its content: reported as that element
            continue
        if tag not in ALLOWED_TAGS:
            found.append(Removed(tag))
            continue
        k = next((k for k in range(j, min(j + LOOKAHEAD, len(after))) if after[k][0] == tag),
                 None)
        if k is None:
            continue
        kept = {name for name, _ in after[k][1]}
        found += [Removed(tag, name, value) for name, value in attrs if name not in kept]
        j = k + 1
    return found


def _start_tags(html: str) -> list[tuple[str, list[tuple[str, str | None]], bool]]:
    """Each start tag: its name, its attributes, and whether it is inside an element
    removed with its content (reported as that element alone)."""
    parser = _StartTags()
    parser.feed(html)
    parser.close()
    return parser.tags


class _StartTags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]], bool]] = []
        self.open_removed: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs, bool(self.open_removed)))
        if tag in REMOVED_WITH_CONTENT and tag not in VOID:
            self.open_removed.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs, bool(self.open_removed)))

    def handle_endtag(self, tag: str) -> None:
        if tag in self.open_removed:
            del self.open_removed[len(self.open_removed) - 1
                                  - self.open_removed[::-1].index(tag):]


def locate(markdown: str, items: list[Removed]) -> list[tuple[int, int, Removed]]:
    """The line and column of each removed thing in the Markdown it came from: its next
    occurrence outside code, after the previous one of the same text."""
    searched = _without_code(markdown)
    starts = [0] + [m.end() for m in re.finditer("\n", markdown)]
    after: dict[str, int] = {}
    located = []
    for item in items:
        pattern = item.pattern()
        match = pattern.search(searched, after.get(pattern.pattern, 0))
        if match is None:
            located.append((1, 1, item))
            continue
        after[pattern.pattern] = match.end()
        line = bisect_right(starts, match.start())
        located.append((line, match.start() - starts[line - 1] + 1, item))
    return located


def _without_code(markdown: str) -> str:
    """`markdown` with fenced code and code spans blanked out (line breaks kept)."""
    def blank(match: re.Match) -> str:
        return re.sub(r"[^\n]", " ", match.group(0))

    return CODE_SPAN.sub(blank, FENCE.sub(blank, markdown))


def check_pages(root: Path) -> list[Diagnostic]:
    """What the sanitiser would take out of each hand-written page of `root/docs`, at
    its line. A wiki without mkdocs.yml or docs/ has no pages to check."""
    docs = root / "docs"
    if not (root / "mkdocs.yml").is_file() or not docs.is_dir():
        return []
    generated = set(read_manifest(docs))
    try:
        converter = _converter(root)
    except Exception as error:  # the engine's ConfigurationError, an extension missing
        return [Diagnostic("mkdocs.yml", 1, 1, "cannot be read, so the pages under docs/ "
                           f"were not checked: {type(error).__name__}: {error}")]
    problems = []
    for path in sorted(docs.rglob("*.md")):
        relative = path.relative_to(docs).as_posix()
        if relative in generated or relative.startswith("_generated/"):
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        try:
            html = converter.reset().convert(text)
        except Exception as error:  # an extension that fails on this page
            problems.append(Diagnostic(f"docs/{relative}", 1, 1, "cannot be converted: "
                                       f"{type(error).__name__}: {error}"))
            continue
        for line, column, item in locate(text, removed(html, sanitise(html))):
            problems.append(Diagnostic(f"docs/{relative}", line, column, item.message()))
    return problems


def _converter(root: Path) -> Markdown:
    """Python-Markdown with the site's extensions, but SANITISER and INCLUDES."""
    from mkdocs.config import load_config

    config = load_config(str(root / "mkdocs.yml"))
    extensions = [name for name in config.markdown_extensions
                  if name not in (SANITISER, INCLUDES)]
    configs = {name: options for name, options in config.mdx_configs.items()
               if name in extensions}
    return Markdown(extensions=extensions, extension_configs=configs)

"""What a site built by another engine keeps of the wiki, and what it loses, as Markdown
for a CI job's summary (the Zensical job, which reports and does not block):

    python -m tests.engine_report ROOT [SITE]   # a wiki, its pages generated; its site
                                                # (default ROOT/site), built

It reads the built site and its search index, whichever engine made them (MkDocs writes
`search/search_index.json`, Zensical `search.json`). Search is judged from the index, not
in a browser: a name is found when its words are in its page's entry (title, text, tags
or the name fields `wiki build` adds, see generator/search.py) and, for a name not in Latin letters, when the index's languages include Russian
(with English only, the search's trimmer drops Cyrillic words). A test runs it on the
MkDocs site, where nothing is lost.
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from generator.pipeline import check

from .sitecheck import broken_links

UNSAFE_URL = re.compile(r"^\s*(?:javascript|vbscript|data):", re.I)


@dataclass(frozen=True)
class Finding:
    what: str
    kept: bool
    detail: str = ""


def search_entries(site: Path) -> tuple[list[str], dict[str, dict]]:
    """The index's languages, and its entry for each page (by location, sections left out)."""
    for name, key in (("search/search_index.json", "docs"), ("search.json", "items")):
        if (site / name).is_file():
            index = json.loads((site / name).read_text(encoding="utf-8"))
            entries = {entry["location"]: entry for entry in index.get(key, [])
                       if "#" not in entry["location"]}
            return list(index.get("config", {}).get("lang", [])), entries
    return [], {}


def words(text: str) -> list[str]:
    return [w for w in re.split(r"[\s\-–,.;:()«»\"']+", text.casefold()) if w]


def found(name: str, entry: dict | None, languages: list[str]) -> bool:
    if entry is None:
        return False
    if not name.isascii() and "ru" not in languages:
        return False
    indexed = set(words(re.sub(r"<[^>]+>", " ", f"{entry.get('title', '')} "
                                                f"{entry.get('text', '')}")))
    indexed |= {word for tag in entry.get("tags", []) for word in words(tag)}
    indexed |= {word for key, value in entry.items()
                if key.startswith("name") or key == "other_names" for word in words(str(value))}
    return all(word in indexed for word in words(name))


class _Article(HTMLParser):
    """In a page's content: what could run code, and the tags Material shows as chips."""

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0
        self.unsafe: list[str] = []
        self.chips = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "article":
            self.depth += 1
        if "md-tag" in (dict(attrs).get("class") or "").split():
            self.chips += 1
        if not self.depth:
            return
        if tag in ("script", "iframe", "object", "embed", "style"):
            self.unsafe.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on") or (name in ("href", "src") and value
                                         and UNSAFE_URL.match(value)):
                self.unsafe.append(f"<{tag} {name}>")

    def handle_endtag(self, tag: str) -> None:
        if tag == "article" and self.depth:
            self.depth -= 1


def findings(root: Path, site: Path | None = None) -> list[Finding]:
    site, docs = site or root / "site", root / "docs"
    pages = sorted(p.relative_to(docs).with_suffix(".html").as_posix()
                   for p in docs.rglob("*.md") if not p.relative_to(docs).as_posix()
                   .startswith("_generated/"))
    missing = [page for page in pages if not (site / page).is_file()]
    broken = broken_links(site)
    entities = list(check(root).graph.entities.values())
    languages, entries = search_entries(site)
    english = [e for e in entities if not found(e.name, entries.get(f"{e.type}/{e.id}.html"),
                                                languages)]
    russian = [(e, name) for e in entities for name in [e.get("names", {}).get("ru")]
               if name and not found(name, entries.get(f"{e.type}/{e.id}.html"), languages)]
    with_ru = sum(1 for e in entities if e.get("names", {}).get("ru"))
    html = {f"{e.type}/{e.id}": (site / e.type / f"{e.id}.html").read_text(encoding="utf-8")
            for e in entities if (site / e.type / f"{e.id}.html").is_file()}
    yaml_edits = sum(1 for page, text in html.items() if f"entities/{page}.yaml" in text)
    any_edits = sum(1 for text in html.values() if 'title="Edit this page"' in text)
    json_ld = sum(1 for text in html.values()
                  if "application/ld+json" in text.split("</head>")[0])
    unsafe, chips = [], 0
    for page in sorted(site.rglob("*.html")):
        scanner = _Article()
        scanner.feed(page.read_text(encoding="utf-8"))
        unsafe += [f"{page.relative_to(site).as_posix()}: {what}" for what in scanner.unsafe]
        chips += scanner.chips
    return [
        Finding("Every page is built", not missing, ", ".join(missing[:5])
                or f"{len(pages)} pages"),
        Finding("Every internal link and anchor resolves", not broken,
                "; ".join(broken[:5]) or "none broken"),
        Finding("Search finds every entity by its English name", not english,
                ", ".join(e.id for e in english[:8]) or f"{len(entities)} entities"),
        Finding("Search finds every entity by its Russian name", not russian,
                ", ".join(name for _, name in russian[:8])
                + (f" ({len(russian)} of {with_ru}; index languages: "
                   f"{', '.join(languages) or 'none'})" if russian else "")
                or f"{with_ru} names"),
        Finding("Edit buttons of entity pages open their YAML", yaml_edits == len(html) > 0,
                f"{yaml_edits} of {len(html)} pages; {any_edits} with an edit button"),
        Finding("Schema.org JSON-LD in the head of entity pages", json_ld == len(html) > 0,
                f"{json_ld} of {len(html)} pages"),
        Finding("Search ranks an exact name first (name fields in the index)",
                bool(html) and all("names" in entries.get(f"{page}.html", {}) for page in html),
                f"{sum(1 for page in html if 'names' in entries.get(f'{page}.html', {}))} "
                f"of {len(html)} entity pages' entries"),
        Finding("Offline search index (search/search_index.js)",
                (site / "search" / "search_index.js").is_file()),
        Finding("Names given to search stay out of sight", chips == 0,
                f"{chips} tag chips shown" if chips else ""),
        Finding("No executable markup in any page's content", not unsafe,
                "; ".join(unsafe[:5])),
    ]


def markdown(root: Path, site: Path | None = None) -> str:
    rows = [f"| {f.what} | {'yes' if f.kept else '**no**'} | {f.detail} |"
            for f in findings(root, site)]
    return "\n".join(["| What | Kept | Detail |", "|---|---|---|", *rows]) + "\n"


if __name__ == "__main__":
    arguments = [Path(argument) for argument in sys.argv[1:3]]
    sys.stdout.write(markdown(*(arguments or [Path(".")])))

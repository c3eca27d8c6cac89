"""The last step over the built site, whichever engine built it (MkDocs, ProperDocs,
Zensical): what the wiki adds to the engine's pages, made from the generated Markdown.

- An entity page's "edit" button opens the entity's YAML file in the repository, not the
  Markdown the generator wrote (its pages of long lists, `id--members`, too); pages made
  from all entities (lists, timeline, reports) have no file to edit, so no button.
- An entity page's schema.org data (JSON-LD), which the generator puts in the front
  matter, goes into the page's <head>, where instant navigation leaves it alone.
- The search index is ranked and written for reading from disk (`search`).

What it needs of each page it reads from the page's front matter, as the generator wrote
it: one line each, `json_ld: "<JSON>"` and `search_names: {...}` (JSON, which is YAML).
A page without them (hand-written) is left as the engine built it.

`wiki build` and `wiki serve` run it after MkDocs or ProperDocs; after another engine
(Zensical runs no MkDocs plugin), `python -m generator.finish [ROOT] [SITE]` does. It
reads and writes plain HTML, so it keeps working whichever engine wrote the pages, as
long as their theme marks the edit button `rel="edit"` and has a `</head>`.
"""

from __future__ import annotations

import json
import posixpath
import re
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from . import forked, search
from .reports import REPORTS

PAGES_PER_PROCESS = 1000  # below that, one process rewrites the pages faster
FRONT_LINE = re.compile(r"^(json_ld|search_names|description): (.*)$", re.M)
# Material's edit button (partials/actions.html); Zensical's theme writes the same.
EDIT_BUTTON = re.compile(r'<a href="([^"]*)"[^>]*\brel="edit"[^>]*>.*?</a>\s*', re.S)
GENERATED_FOLDERS_WITHOUT_SOURCE = (REPORTS,)  # timeline, reports: made from all entities


@dataclass(frozen=True)
class PageFacts:
    json_ld: str | None
    names: dict[str, list[str]] | None
    summary: bool


def front_matter(path: Path) -> PageFacts | None:
    """What the generator's front matter says of a page; None for other pages."""
    with path.open(encoding="utf-8") as source:
        if source.readline().rstrip("\n") != "---":
            return None
        lines = []
        for line in source:
            if line.rstrip("\n") == "---":
                break
            lines.append(line)
    found = {key: value for key, value in FRONT_LINE.findall("".join(lines))}
    if "search_names" not in found:
        return None
    json_ld = json.loads(found["json_ld"]) if "json_ld" in found else None
    names = json.loads(found["search_names"])
    return PageFacts(json_ld if isinstance(json_ld, str) else None,
                     names if isinstance(names, dict) else None, "description" in found)


def entity_pages(docs: Path, types: list[str]) -> dict[str, PageFacts]:
    """Each generated entity page's facts, by its URL (`states/russia.html`)."""
    pages = {}
    for folder in types:
        for path in sorted((docs / folder).glob("*.md")):
            if path.name == "index.md":
                continue
            facts = front_matter(path)
            if facts is not None:
                pages[f"{folder}/{path.stem}.html"] = facts
    return pages


def refresh(facts: dict[str, PageFacts], docs: Path, pages: list[str]) -> None:
    """Read again the facts of these pages (a preview's rebuilt or removed pages)."""
    for page in pages:
        source = docs / page.removesuffix(".html")
        source = source.with_name(source.name + ".md")
        found = front_matter(source) if source.is_file() else None
        if found is None:
            facts.pop(page, None)
        else:
            facts[page] = found


def yaml_edit_url(href: str, page: str) -> str:
    """The edit URL of the page's entity's YAML, from the engine's edit URL of its
    Markdown (`…/edit/main/docs/states/russia.md` → `…/edit/main/entities/states/russia.yaml`)."""
    folder, name = posixpath.split(page)
    source = posixpath.join(folder, name.removesuffix(".html") + ".md")
    parts = urlsplit(href)
    if not parts.path.endswith(source):
        return href
    docs_root = parts.path[:-len(source)]
    entity = name.removesuffix(".html").split("--")[0]
    path = posixpath.normpath(posixpath.join(docs_root, "..", "entities", folder,
                                             f"{entity}.yaml"))
    return urlunsplit(parts._replace(path=path))


def finish_page(html: str, page: str, facts: PageFacts | None, owned: bool) -> str:
    """One built page with the wiki's additions: `facts` for an entity page; `owned` for
    other pages the generator made (no edit button)."""
    if facts is not None:
        html = EDIT_BUTTON.sub(lambda m: m.group(0).replace(
            m.group(1), yaml_edit_url(m.group(1), page), 1), html, count=1)
        data = facts.json_ld
        head = html.split("</head>", 1)[0]
        if data and "<" not in data and "application/ld+json" not in head:
            # The generator escapes <: anything else is not ours. Once only.
            script = f'<script type="application/ld+json">{data}</script>\n'
            html = html.replace("</head>", script + "</head>", 1)
    elif owned:
        html = EDIT_BUTTON.sub("", html, count=1)
    return html


def _finish_pages(site: Path, pages: list[str], facts: dict[str, PageFacts]) -> None:
    for page in pages:
        path = site / page
        if not path.is_file():  # removed by a preview
            continue
        html = path.read_text(encoding="utf-8")
        finished = finish_page(html, page, facts.get(page), owned=True)
        if finished != html:
            path.write_text(finished, encoding="utf-8")


def generated_pages(site: Path, types: list[str]) -> list[str]:
    """The built pages the generator made: each type's folder, and `wiki/`."""
    pages = []
    for folder in (*types, *GENERATED_FOLDERS_WITHOUT_SOURCE):
        pages += sorted(p.relative_to(site).as_posix() for p in (site / folder).rglob("*.html"))
    return pages


def finish_site(site: Path, docs: Path, types: list[str], jobs: int | None = None,
                pages: list[str] | None = None,
                facts: dict[str, PageFacts] | None = None) -> dict[str, PageFacts]:
    """Add the wiki's part to the site the engine built into `site` from `docs` (only to
    `pages`, when given: a preview's rebuilt pages), and rank its search index. `facts`,
    when given, are the entity pages' (see `entity_pages`); they are returned."""
    facts = entity_pages(docs, types) if facts is None else facts
    pages = generated_pages(site, types) if pages is None else [
        p for p in pages if p.split("/")[0] in (*types, *GENERATED_FOLDERS_WITHOUT_SOURCE)]
    jobs = forked.processes(jobs, len(pages), PAGES_PER_PROCESS)
    if pages:
        forked.run([partial(_finish_pages, site, share, facts)
                    for share in forked.split(pages, jobs)])
    search.write(site, {page: f.names for page, f in facts.items() if f.names is not None},
                 {page for page, f in facts.items() if f.summary})
    return facts


if __name__ == "__main__":
    # After another engine's build (Zensical's, which runs no MkDocs plugin):
    #     python -m generator.finish [ROOT] [SITE]   # default: the current folder, ROOT/site
    import sys

    from . import schema

    root = Path(sys.argv[1] if len(sys.argv) > 1 else ".")
    finish_site(Path(sys.argv[2]) if len(sys.argv) > 2 else root / "site", root / "docs",
                [t.name for t in schema.entity_types()])

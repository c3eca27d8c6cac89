"""The whole generator in one straight line: load → check → link → render → write.

Each stage returns its result and the problems it found; all problems are collected
and, if there are any, nothing is written.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .diagnostics import Diagnostic, ordered
from .graph import Graph, link_entities
from .history import last_changed
from .incremental import Cache, merge, scope_of_change
from .output import WriteResult, conflicts, read_manifest, write_pages
from .records import check_documents
from .render import Page, entity_path, render_pages
from .reports import data_path, report_pages
from .schema import TYPES_BY_NAME
from .source import load_documents


@dataclass(frozen=True)
class Outcome:
    problems: list[Diagnostic]
    graph: Graph | None = None
    pages: tuple[Page, ...] = ()
    written: WriteResult | None = None


def check(root: Path, cache: Cache | None = None) -> Outcome:
    """Every problem in `root/entities`, without writing anything."""
    documents, problems = load_documents(root, reuse=cache.documents if cache else None)
    entities, found = check_documents(documents, reuse=cache.records if cache else None)
    problems += found
    graph, found = link_entities(entities, reuse=cache.references if cache else None)
    problems += found
    return Outcome(ordered(problems), graph)


def generate(root: Path, docs: Path | None = None, cache: Cache | None = None) -> Outcome:
    """Check, then write the pages into `docs/` — only when there is no problem.

    With a `cache` from the previous run, only the pages a change affects are rendered.
    """
    outcome = check(root, cache)
    if outcome.problems:
        return outcome
    docs = docs or root / "docs"
    pages, unchanged = render(root, outcome.graph, cache)
    owned = read_manifest(docs)
    clashes = conflicts(docs, pages, owned, docs.relative_to(root).as_posix()
                        if docs.is_relative_to(root) else str(docs))
    if clashes:
        return Outcome(clashes, outcome.graph, tuple(pages))
    written = write_pages(docs, pages, owned, unchanged)
    if cache is not None:
        cache.graph, cache.pages = outcome.graph, {page.path: page.content for page in pages}
    return Outcome([], outcome.graph, tuple(pages), written)


def render(root: Path, graph: Graph, cache: Cache | None) -> tuple[list[Page], frozenset[str]]:
    """Every page, and which of them are known to be unchanged since the last run."""
    dates = cache.dates if cache is not None and cache.dates is not None else last_changed(root)
    if cache is None or cache.graph is None:
        if cache is not None:
            cache.dates = dates  # read once per `wiki serve`
        reuse = cache.reports if cache is not None else None
        return render_pages(graph, dates) + report_pages(graph, reuse=reuse), frozenset()
    scope = scope_of_change(cache.graph, graph)
    fresh = (render_pages(graph, cache.dates, scope.entity_ids, scope.types)
             + report_pages(graph, scope, cache.pages, cache.graph, cache.reports))
    # Every page of a full render: the wiki-wide ones are always fresh; the rest follow
    # from the entities and types.
    expected = {page.path for page in fresh}
    expected |= {path for e in graph.entities.values() for path in (entity_path(e), data_path(e))}
    expected |= {path for t in TYPES_BY_NAME for path in (f"{t}/index.md", f"downloads/{t}.csv")}
    return merge(cache.pages, fresh, sorted(expected))

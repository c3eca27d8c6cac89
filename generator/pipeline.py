"""The whole generator in one straight line: load → check → link → render → write.

Each stage returns its result and the problems it found; all problems are collected
and, if there are any, nothing is written.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
from dataclasses import dataclass, replace
from functools import cache, partial
from pathlib import Path

from . import forked, schema
from .config import read_config
from .diagnostics import Diagnostic, ordered
from .graph import Graph, link_entities
from .history import last_changed
from .incremental import Cache, merge, scope_of_change
from .lists import letters_of, list_pages, list_paths
from .output import (
    WriteResult,
    conflicts,
    is_up_to_date,
    load_manifest,
    owned_files,
    write_pages,
)
from .records import check_documents
from .render import Page, entity_pages, entity_path, render_pages, wiki_pages
from .reports import data_path, report_pages
from .source import fingerprint, load_documents


@dataclass(frozen=True)
class Outcome:
    problems: list[Diagnostic]  # errors: nothing is written while there is one
    graph: Graph | None = None
    pages: tuple[Page, ...] = ()
    written: WriteResult | None = None
    up_to_date: dict | None = None  # nothing changed: the record of the last generation
    warnings: tuple[Diagnostic, ...] = ()  # reported by `wiki check`; errors with --strict

    @property
    def entity_count(self) -> int:
        return self.up_to_date["entities"] if self.up_to_date else len(self.graph.entities)

    @property
    def page_count(self) -> int:
        return self.up_to_date["pages"] if self.up_to_date else len(self.pages)


def check(root: Path, cache: Cache | None = None, jobs: int | None = None) -> Outcome:
    """Every problem in `root/entities`, without writing anything. Without a cache, the
    files are read and checked in `jobs` processes (default: one for each CPU)."""
    if cache is None:
        entities, problems = read_in_processes(root, jobs)
    else:
        documents, problems = load_documents(root, reuse=cache.documents)
        entities, found = check_documents(documents, reuse=cache.records)
        problems += found
    graph, found = link_entities(entities, reuse=cache.references if cache else None)
    graph = replace(graph, wiki=read_config(root))
    problems += found
    errors = [p for p in problems if p.severity == "error"]
    warnings = [p for p in problems if p.severity != "error"]
    return Outcome(ordered(errors), graph, warnings=tuple(ordered(warnings)))


# Entity files read per process, at least: below that, forking costs more than it saves.
FILES_PER_PROCESS = 1000


def read_in_processes(root: Path, jobs: int | None = None) -> tuple[list, list[Diagnostic]]:
    """Every entity file read and checked (the documents themselves are not kept), in
    shares read by `jobs` processes. (The graph puts the entities in order of path.)"""
    files = sum(1 for _ in (root / "entities").glob("*/*.yaml"))
    jobs = forked.processes(jobs, files, FILES_PER_PROCESS)
    if jobs == 1:
        return read_share(root, (0, 1))
    shares = forked.run([partial(read_share, root, (number, jobs)) for number in range(jobs)])
    return ([entity for found, _ in shares for entity in found],
            [problem for _, problems in shares for problem in problems])


def read_share(root: Path, share: tuple[int, int]) -> tuple[list, list[Diagnostic]]:
    documents, problems = load_documents(root, share=share)
    entities, found = check_documents(documents)
    return entities, problems + found


def generate(root: Path, docs: Path | None = None, cache: Cache | None = None,
             jobs: int | None = None) -> Outcome:
    """Check, then write the pages into `docs/` — only when there is no problem.

    With a `cache` from the previous run, only the pages a change affects are rendered.
    Without one, nothing is rendered when the entities, the generator and the git dates
    are as they were at the last generation and its files are as it left them.
    A full render shares the entity pages out between `jobs` processes (see render_all).
    """
    docs = docs or root / "docs"
    made_from = dates = manifest = None
    if cache is None:
        dates = last_changed(root)
        made_from = {"inputs": inputs_digest(root, dates)}
        manifest = load_manifest(docs)
        record = is_up_to_date(docs, manifest, made_from)
        if record is not None:
            return Outcome([], written=WriteResult((), (), ()), up_to_date=record)
    outcome = check(root, cache, jobs)
    if outcome.problems:
        return outcome
    pages, unchanged = render(root, outcome.graph, cache, dates, jobs)
    owned = owned_files(manifest if manifest is not None else load_manifest(docs))
    clashes = conflicts(docs, pages, owned, docs.relative_to(root).as_posix()
                        if docs.is_relative_to(root) else str(docs))
    if clashes:
        return Outcome(clashes, outcome.graph, tuple(pages))
    if made_from is not None:
        made_from |= {"entities": len(outcome.graph.entities), "pages": len(pages)}
    written = write_pages(docs, pages, owned, unchanged, made_from)
    if cache is not None:
        cache.graph, cache.pages = outcome.graph, {page.path: page.content for page in pages}
    return Outcome([], outcome.graph, tuple(pages), written)


def inputs_digest(root: Path, dates: dict[str, str]) -> str:
    """What the pages are made from: the entities, the generator (its code, templates and
    libraries) and the dates of the last commits."""
    digest = hashlib.sha256(fingerprint(root).encode())
    digest.update(generator_digest().encode())
    digest.update(repr(read_config(root)).encode())
    digest.update(repr(sorted(dates.items())).encode())
    return digest.hexdigest()


@cache
def generator_digest() -> str:
    digest = hashlib.sha256()
    package = Path(__file__).parent
    code = [*package.rglob("*.py"), *package.rglob("*.j2")]  # pages/, templates/entity/
    for path in sorted(code):
        digest.update(path.relative_to(package).as_posix().encode() + b"\0"
                      + path.read_bytes())
    for library in ("PyYAML", "Jinja2", "MarkupSafe"):
        digest.update(importlib.metadata.version(library).encode())
    return digest.hexdigest()


def render(root: Path, graph: Graph, cache: Cache | None, dates: dict[str, str] | None = None,
           jobs: int | None = None) -> tuple[list[Page], frozenset[str]]:
    """Every page, and which of them are known to be unchanged since the last run."""
    if cache is not None and cache.dates is not None:
        dates = cache.dates
    elif dates is None:
        dates = last_changed(root)
    if cache is None or cache.graph is None:
        if cache is None:
            return render_all(graph, dates, cache, jobs), frozenset()
        cache.dates = dates  # read once per `wiki serve`
        pages = render_all(graph, dates, cache, jobs)
        cache.remember(pages, graph)
        return pages, frozenset()
    scope = scope_of_change(cache.graph, graph, cache.reads)
    fresh = (render_pages(graph, cache.dates, scope.entity_ids, record=True)
             + list_pages(graph, letters_of((cache.graph, graph), scope.touched, scope.types))
             + report_pages(graph, scope, cache.pages, cache.graph, cache.reports))
    # Every page of a full render: the wiki-wide ones are always fresh; the rest follow
    # from the entities and types.
    expected = {page.path for page in fresh}
    expected |= {path for e in graph.entities.values() for path in (entity_path(e), data_path(e))}
    expected |= list_paths(graph) | {f"downloads/{t}.csv" for t in schema.MODEL.by_name}
    expected |= cache.list_pages(graph, scope.entity_ids)
    cache.remember(fresh, graph)
    return merge(cache.pages, fresh, sorted(expected))


# Entity pages rendered per process, at least: below that, forking costs more than it saves.
ENTITIES_PER_PROCESS = 250


def render_all(graph: Graph, dates: dict[str, str], cache: Cache | None,
               jobs: int | None = None) -> list[Page]:
    """Every page. The entity pages, most of the work, are shared out between `jobs`
    processes (default: one for each CPU); this one also makes the lists and reports
    meanwhile (and fills the cache's memo of them), so it takes a smaller share: 70% of
    an equal one, the lists and reports being about 30%."""
    entities = list(graph.entities.values())
    jobs = forked.processes(jobs, len(entities), ENTITIES_PER_PROCESS)
    mine_count = len(entities) * 7 // (10 * jobs) if jobs > 1 else len(entities)
    mine, shares = entities[:mine_count], forked.split(entities[mine_count:], jobs - 1)
    reuse = cache.reports if cache is not None else None

    record = cache is not None  # `wiki serve` renders again what an edit alters

    def here() -> tuple[list[Page], list[Page]]:
        return (entity_pages(graph, mine, dates, record),
                wiki_pages(graph) + list_pages(graph) + report_pages(graph, reuse=reuse))

    (first, rest_of_site), *others = forked.run(
        [here, *(partial(entity_pages, graph, share, dates, record) for share in shares)])
    return [*first, *(page for pages in others for page in pages), *rest_of_site]

"""What a change to some entities obliges the generator to render again.

`wiki serve` keeps a `Cache` between runs: the documents and entities of unchanged
files are reused as they are, so an entity object that is not the same as last time
has changed. While a page renders, what it reads of the graph is recorded (`Reads`, as
Lektor records each artifact's dependencies): the entities it looks up, and whose
incoming references, outgoing references and mentions it goes through. A change
obliges the pages to render again that read a changed entity, or went through the
references or mentions of an entity that a changed entity links to (before or after
the change). Nothing here restates what a template shows.
The test `tests/test_incremental.py` compares this with a full regeneration.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from . import schema
from .graph import Graph
from .markup import wikilinks
from .render import Page, Reads


@dataclass
class Cache:
    """What one `wiki serve` session keeps from one regeneration to the next."""

    documents: dict = field(default_factory=dict)  # source.Reuse
    records: dict = field(default_factory=dict)  # records.Reuse
    references: dict = field(default_factory=dict)  # for graph.link_entities
    reports: dict = field(default_factory=dict)  # for reports.report_pages
    graph: Graph | None = None  # of the last successful generation
    pages: dict[str, str] = field(default_factory=dict)  # its pages: path -> content
    dates: dict[str, str] | None = None  # history.last_changed, read once
    reads: dict[str, Reads] = field(default_factory=dict)  # entity id -> what its page read
    lists: dict[str, list[str]] = field(default_factory=dict)  # entity id -> its lists' pages

    def remember(self, pages: list[Page], graph: Graph) -> None:
        """Keep what each freshly rendered entity page read, and which pages of long lists
        it came with; forget removed entities."""
        fresh: dict[str, list[str]] = {}
        for page in pages:
            if page.reads is not None:
                self.reads[page.reads.page_of] = page.reads
                paths = fresh.setdefault(page.reads.page_of, [])
                if page.path != f"{graph.entities[page.reads.page_of].type}/" \
                        f"{page.reads.page_of}.md":
                    paths.append(page.path)
        self.lists.update(fresh)
        for gone in set(self.reads) - set(graph.entities):
            del self.reads[gone]
            self.lists.pop(gone, None)

    def list_pages(self, graph: Graph, rendered: set[str]) -> set[str]:
        """The pages of long lists of the entities not rendered again: as they were."""
        return {path for entity_id, paths in self.lists.items()
                if entity_id in graph.entities and entity_id not in rendered for path in paths}


@dataclass(frozen=True)
class Scope:
    entity_ids: set[str]  # entity pages (and their data) to render again
    types: set[str]  # index pages to render again
    changed_types: set[str]  # CSV files to write again: they hold only the entities' own data
    touched: set[str]  # every entity whose data the change concerns, deleted ones included


def scope_of_change(before: Graph, after: Graph, reads: dict[str, Reads]) -> Scope:
    """What to render again, from what each page read when it was last rendered."""
    changed = {i for i, e in after.entities.items() if before.entities.get(i) is not e}
    changed |= set(before.entities) - set(after.entities)
    linked = set()  # whose incoming references or mentions the change alters
    for graph in (before, after):
        for entity_id in changed & set(graph.entities):
            linked |= {link.target for link in graph.outgoing.get(entity_id, ())}
            linked |= {target for target, _, _
                       in wikilinks(graph.entities[entity_id].get("description") or "")}
    changed_types = {graph.entities[i].type for graph in (before, after) for i in changed
                     if i in graph.entities}
    ids = set(changed)
    ids |= {page for page, read in reads.items()
            if read.depends_on(changed, linked, changed_types)}
    # An index table shows each entity's own fields, and the names of the entities its
    # reference columns name: other types' tables change only through those columns.
    types = changed_types | {graph.entities[i].type for graph in (before, after) for i in ids
                             if i in graph.entities
                             and graph.entities[i].type in types_with_reference_columns()}
    return Scope(ids & set(after.entities), types, changed_types, ids)


def types_with_reference_columns() -> set[str]:
    return {t.name for t in schema.entity_types()
            if any(f.targets or f.is_relation for f in (t.field(c) for c in t.columns))}


def merge(previous: dict[str, str], fresh: list[Page], expected: list[str],
          ) -> tuple[list[Page], frozenset[str]]:
    """The full set of pages: the fresh ones, and the previous content of the rest,
    which is returned apart too: those files are as the generator last wrote them."""
    rendered = {page.path: page.content for page in fresh}
    kept = frozenset(path for path in expected if path not in rendered)
    return [Page(path, rendered[path] if path in rendered else previous[path])
            for path in expected], kept

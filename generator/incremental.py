"""What a change to some entities obliges the generator to render again.

`wiki serve` keeps a `Cache` between runs: the documents and entities of unchanged
files are reused as they are, so an entity object that is not the same as last time
has changed. Its page must be rendered again, and so must every page that shows
something of it: the pages of the entities it names or that name it (one step in
either direction, before and after the change); the pages of the other entities named
in a relation item that names it, or cited by it (an office's page shows its holders'
terms with their citations; a source's page, the claims citing it); and, because
succession boxes and office-holder tables look through offices, the pages of everyone
who holds an office that a changed official holds, and of the state or council the
office belongs to.
The test `tests/test_incremental.py` compares this with a full regeneration.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .graph import Graph
from .markup import wikilinks
from .records import Entity
from .render import Page
from .schema import ENTITY_TYPES, LIST, RECORD, REF


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


@dataclass(frozen=True)
class Scope:
    entity_ids: set[str]  # entity pages (and their data) to render again
    types: set[str]  # index pages to render again
    changed_types: set[str]  # CSV files to write again: they hold only the entities' own data
    touched: set[str]  # every entity whose data the change concerns, deleted ones included


def scope_of_change(before: Graph, after: Graph) -> Scope:
    changed = {i for i, e in after.entities.items() if before.entities.get(i) is not e}
    changed |= set(before.entities) - set(after.entities)
    ids: set[str] = set()
    for graph in (before, after):
        for entity_id in changed:
            ids |= shown_with(graph, entity_id)
    changed_types = {graph.entities[i].type for graph in (before, after) for i in changed
                     if i in graph.entities}
    # An index table shows each entity's own fields, and the names of the entities its
    # reference columns name: other types' tables change only through those columns.
    types = changed_types | {graph.entities[i].type for graph in (before, after) for i in ids
                             if i in graph.entities
                             and graph.entities[i].type in TYPES_WITH_REFERENCE_COLUMNS}
    return Scope(ids & set(after.entities), types, changed_types, ids)


TYPES_WITH_REFERENCE_COLUMNS = {
    t.name for t in ENTITY_TYPES
    if any(f.kind == REF or (f.kind == LIST and f.item.kind in (REF, RECORD))
           for f in (t.field(c) for c in t.columns))
}


def shown_with(graph: Graph, entity_id: str) -> set[str]:
    """The entities whose pages show something of `entity_id` (itself included)."""
    entity = graph.entities.get(entity_id)
    if entity is None:
        return set()
    ids = {entity_id} | neighbours(graph, entity)
    for link in graph.incoming.get(entity_id, ()):
        if link.item is not None:  # the item is shown on the page of each entity it names
            ids |= named_in(link.item, graph)  # and of each source it cites
    for position in entity.get("positions", []) if entity.type == "officials" else []:
        office = graph.entities.get(position["office"])
        if office is not None:
            ids |= neighbours(graph, office)  # its other holders, and its state or council
    return ids


def named_in(item: dict, graph: Graph) -> set[str]:
    values = [v for value in item.values() for v in (value if isinstance(value, list) else [value])]
    return {v for v in values if isinstance(v, str) and v in graph.entities}


def neighbours(graph: Graph, entity: Entity) -> set[str]:
    ids = {link.target for link in graph.outgoing.get(entity.id, ())}
    ids |= {link.source for link in graph.incoming.get(entity.id, ())}
    ids |= set(graph.mentions.get(entity.id, ()))
    ids |= {target for target, _, _ in wikilinks(entity.get("description") or "")
            if target in graph.entities}
    return ids


def merge(previous: dict[str, str], fresh: list[Page], expected: list[str],
          ) -> tuple[list[Page], frozenset[str]]:
    """The full set of pages: the fresh ones, and the previous content of the rest,
    which is returned apart too: those files are as the generator last wrote them."""
    rendered = {page.path: page.content for page in fresh}
    kept = frozenset(path for path in expected if path not in rendered)
    return [Page(path, rendered[path] if path in rendered else previous[path])
            for path in expected], kept

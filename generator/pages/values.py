"""How a page shows values: links to entities, declared fields' values, numbered
citations. Every string from the data reaches the page through `escape_inline` (the
templates' `finalize`) unless it is built here, or by a field kind, from escaped parts."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from markupsafe import Markup

from ..graph import Graph
from ..markup import escape_inline
from ..records import Entity
from ..schema import Field


@dataclass
class Citations:
    """Numbered citations of one page, in order of first use."""

    graph: Graph
    numbers: dict[str, int] = field(default_factory=dict)

    def __call__(self, ids) -> Markup:
        marks = []
        for source_id in ids or ():
            number = self.numbers.setdefault(source_id, len(self.numbers) + 1)
            marks.append(f"[^{number}]")
        return Markup("".join(marks))

    def notes(self) -> list[tuple[int, Entity]]:
        return [(n, self.graph.entities[i]) for i, n in self.numbers.items()]


def link(entity: Entity, base: str = "../") -> Markup:
    return _link(entity.name, entity.type, entity.id, base)


@lru_cache(maxsize=65536)
def _link(name: str, type_name: str, entity_id: str, base: str) -> Markup:
    return Markup(f"[{escape_inline(name)}]({base}{type_name}/{entity_id}.md)")


class View:
    """How a page links the entities its values name (`kinds` show values through it)."""

    def __init__(self, graph: Graph, base: str = "../") -> None:
        self.graph, self.base = graph, base

    def link(self, entity_id: str) -> Markup:
        return link(self.graph.entities[entity_id], self.base)


def value_markup(graph: Graph, f: Field, value, base: str = "../") -> Markup:
    """A declared field's value as Markdown, for infoboxes and tables; a relation by the
    entities its items name."""
    view = View(graph, base)
    if f.is_relation:
        key = f.key
        return Markup(", ".join(key.kind.show(view, key, item[key.name]) for item in value))
    return f.kind.show(view, f, value)

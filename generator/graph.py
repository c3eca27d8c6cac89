"""Stage 3: link the checked entities into a graph of references and their inverses.

Every reference declared in `schema` becomes a `Link`, held by the entity that names
it (`outgoing`) and by the entity it names (`incoming`); wikilinks in descriptions
become `mentions`. Problems that need the whole set of entities (unknown ids, ids used
twice, overlapping terms of office) are found here, in one pass over the links.
"""

from __future__ import annotations

import difflib
import re
from collections import defaultdict
from dataclasses import dataclass

from .dates import PartialDate, as_date, surely_before
from .diagnostics import Diagnostic
from .markup import unsafe_links, wikilinks
from .records import Entity
from .schema import LIST, MARKDOWN, RECORD, REF, TYPES_BY_NAME, Field


@dataclass(frozen=True)
class Link:
    """One reference: `source` names `target` in `field` (at `where`), possibly inside a
    relation item that carries its own dates, sources and note."""

    source: str
    target: str
    field: str
    where: str
    inverse: str
    item: dict | None = None

    @property
    def leaf(self) -> str:
        """The name of the field that holds the id: `state` in `members[2].state`."""
        return re.sub(r"\[\d+\]$", "", self.where).rpartition(".")[2]


@dataclass(frozen=True)
class Graph:
    entities: dict[str, Entity]  # by id, in id order
    outgoing: dict[str, list[Link]]
    incoming: dict[str, list[Link]]
    mentions: dict[str, list[str]]  # id -> ids whose description links to it

    def of_type(self, type_name: str) -> list[Entity]:
        return [e for e in self.entities.values() if e.type == type_name]

    def referenced_by(self, entity_id: str) -> list[Entity]:
        """Every other entity whose page links to this one, in name order."""
        ids = {link.source for link in self.incoming.get(entity_id, ())}
        ids.update(self.mentions.get(entity_id, ()))
        ids.discard(entity_id)
        return sorted((self.entities[i] for i in ids), key=sort_key)


def sort_key(entity: Entity) -> tuple[str, str]:
    return (entity.name.casefold(), entity.id)


def link_entities(entities: list[Entity]) -> tuple[Graph, list[Diagnostic]]:
    problems: list[Diagnostic] = []
    by_id = unique_entities(entities, problems)
    all_ids = sorted(by_id)
    outgoing: dict[str, list[Link]] = defaultdict(list)
    incoming: dict[str, list[Link]] = defaultdict(list)
    mentions: dict[str, list[str]] = defaultdict(list)
    for entity in by_id.values():
        for f, value, where, item in references(entity):
            target = by_id.get(value)
            if target is None or target.type not in f.targets:
                problems.append(reference_problem(entity, where, value, f, target, all_ids))
                continue
            link = Link(entity.id, value, where.split("[")[0].split(".")[0], where, f.inverse,
                        item)
            outgoing[entity.id].append(link)
            incoming[value].append(link)
        text = entity.get("description")
        if text:
            problems.extend(description_problems(entity, text, by_id, all_ids, mentions))
    graph = Graph(dict(sorted(by_id.items())), dict(outgoing), dict(incoming),
                  {k: sorted(set(v)) for k, v in mentions.items()})
    problems.extend(term_overlaps(graph))
    problems.extend(memberships_before_founding(graph))
    return graph, problems


def unique_entities(entities: list[Entity], problems: list[Diagnostic]) -> dict[str, Entity]:
    """Ids are unique across all types, and also when compared without case."""
    by_id: dict[str, Entity] = {}
    by_folded: dict[str, Entity] = {}
    for entity in sorted(entities, key=lambda e: e.path):
        folded = entity.id.casefold()
        first = by_folded.get(folded)
        if first is not None:
            how = "" if first.id == entity.id else " when upper and lower case are not told apart"
            problems.append(Diagnostic(entity.path, 1, 1, f"the id '{entity.id}' is already used"
                                       f"{how} by {first.path}; ids must be unique across all "
                                       "types"))
            continue
        by_folded[folded] = entity
        by_id[entity.id] = entity
    return by_id


def references(entity: Entity):
    """Each reference the entity makes: (declared field, id, place, relation item)."""
    declaration = TYPES_BY_NAME[entity.type]
    for f in declaration.fields:
        if f.name in entity.values:
            yield from _walk(f, entity.values[f.name], f.name, None)


def _walk(f: Field, value, where: str, item: dict | None):
    if f.kind == REF:
        yield f, value, where, item
    elif f.kind == LIST:
        for index, element in enumerate(value):
            yield from _walk(f.item, element, f"{where}[{index}]", item)
    elif f.kind == RECORD:
        for sub in f.fields:
            if sub.name in value:
                yield from _walk(sub, value[sub.name], f"{where}.{sub.name}", value)


def reference_problem(entity: Entity, where: str, value: str, f: Field, target: Entity | None,
                      all_ids: list[str]) -> Diagnostic:
    line, column = entity.mark(where)
    wanted = " or ".join(f"a{'n' if t[0] in 'aeiou' else ''} {TYPES_BY_NAME[t].singular}"
                         for t in f.targets)
    if target is None:
        close = difflib.get_close_matches(value, all_ids, n=3, cutoff=0.6)
        hint = f"; did you mean {' or '.join(repr(c) for c in close)}?" if close else ""
        message = f"no entity has the id '{value}'{hint}"
    else:
        kind = TYPES_BY_NAME[target.type].singular
        message = f"'{value}' is a{'n' if kind[0] in 'aeiou' else ''} {kind}, but this must be {wanted}"
    return Diagnostic(entity.path, line, column, message, where)


def description_problems(entity: Entity, text: str, by_id: dict[str, Entity],
                         all_ids: list[str], mentions: dict[str, list[str]]) -> list[Diagnostic]:
    problems = []
    for target, _label, offset in wikilinks(text):
        if target in by_id:
            mentions[target].append(entity.id)
            continue
        close = difflib.get_close_matches(target, all_ids, n=3, cutoff=0.6)
        hint = f"; did you mean {' or '.join(repr(c) for c in close)}?" if close else ""
        line, column = text_position(entity, "description", text, offset)
        problems.append(Diagnostic(entity.path, line, column,
                                   f"the link [[{target}]] points to no entity{hint}",
                                   "description"))
    for url, offset in unsafe_links(text):
        line, column = text_position(entity, "description", text, offset)
        problems.append(Diagnostic(entity.path, line, column,
                                   f"the link '{url}' is not allowed: only http:// and https:// "
                                   "links and [[id]] links", "description"))
    return problems


def text_position(entity: Entity, where: str, text: str, offset: int) -> tuple[int, int]:
    line, column = entity.mark(where)
    before = text[:offset]
    newlines = before.count("\n")
    if newlines:
        indent = column - 1
        return line + newlines, indent + len(before) - before.rfind("\n")
    return line, column + offset


def term_overlaps(graph: Graph) -> list[Diagnostic]:
    """Two people in a single-seat office at the same time."""
    problems = []
    for office in graph.of_type("offices"):
        if office.get("seats", 1) > 1:
            continue
        terms = sorted(
            ((as_date(link.item.get("from")), link) for link in graph.incoming.get(office.id, ())
             if link.field == "positions" and link.item.get("from")),
            key=lambda pair: (pair[0].first_day(), pair[1].source),
        )
        for (start_a, a), (start_b, b) in zip(terms, terms[1:]):
            end_a = as_date(a.item.get("to"))
            if end_a is None or surely_before(start_b, end_a):
                holder = graph.entities[a.source]
                until = f"until {end_a.iso()}" if end_a else "with no end date"
                entity = graph.entities[b.source]
                where = b.where.rsplit(".", 1)[0] + ".from"
                line, column = entity.mark(where)
                problems.append(Diagnostic(
                    entity.path, line, column,
                    f"this term in '{office.id}' begins {start_b.iso()}, while {holder.name} "
                    f"holds it from {start_a.iso()} {until}; the office has one seat", where))
    return problems


def memberships_before_founding(graph: Graph) -> list[Diagnostic]:
    problems = []
    for council in graph.of_type("councils"):
        founded: PartialDate | None = as_date(council.get("founded"))
        if founded is None:
            continue
        for index, member in enumerate(council.get("members", [])):
            start = as_date(member.get("from"))
            if start and surely_before(start, founded):
                where = f"members[{index}].from"
                line, column = council.mark(where)
                problems.append(Diagnostic(
                    council.path, line, column,
                    f"this membership begins {start.iso()}, before the council was founded "
                    f"({founded.iso()})", where))
    return problems


__all__ = ["Graph", "Link", "link_entities", "MARKDOWN"]

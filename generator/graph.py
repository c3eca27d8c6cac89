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
from functools import cached_property

from . import kinds, schema
from .config import WikiConfig
from .dates import PartialDate, as_date, surely_before
from .diagnostics import Diagnostic, shown
from .markup import SCHEME, is_safe_url, link_targets, wikilinks
from .records import Entity
from .schema import BEGIN, END, SEEN, Field
from .source import SLUG, slugify


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
    citation: bool = False  # a source cited for the entity or for the item

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
    wiki: WikiConfig = WikiConfig()  # the wiki's own name and languages (mkdocs.yml)

    def of_type(self, type_name: str) -> list[Entity]:
        return list(self._by_type.get(type_name, ()))

    @cached_property
    def _by_type(self) -> dict[str, list[Entity]]:
        by_type: dict[str, list[Entity]] = defaultdict(list)
        for entity in self.entities.values():
            by_type[entity.type].append(entity)
        return by_type

    def mentioned_in(self, entity_id: str) -> list[Entity]:
        """The other entities whose description links to this one and that no relation
        ties to it, in name order. (An entity's page shows the entities it names and
        those naming it already, in the section of the relation or as citations.)"""
        related = {link.source for link in self.incoming.get(entity_id, ())}
        related |= {link.target for link in self.outgoing.get(entity_id, ())}
        ids = set(self.mentions.get(entity_id, ())) - related - {entity_id}
        return sorted((self.entities[i] for i in ids), key=sort_key)


def sort_key(entity: Entity) -> tuple[str, str]:
    return (entity.name.casefold(), entity.id)


def link_entities(entities: list[Entity], reuse: dict | None = None,
                  ) -> tuple[Graph, list[Diagnostic]]:
    """The graph of every reference. `reuse` (kept by `wiki serve`) remembers each
    entity's references, so only changed entities are walked again."""
    problems: list[Diagnostic] = []
    walked: dict[int, tuple[Entity, OwnLinks]] = {}
    by_id = unique_entities(entities, problems)
    nearest = Nearest(sorted(i for i in by_id if SLUG.match(i)))  # valid ids only
    # A file whose name is not a valid id is reported by `source` with the id to rename it
    # to; a reference to that id is not reported again.
    renamed = {slugify(e.id) for e in entities if not SLUG.match(e.id)} - set(by_id)
    outgoing: dict[str, list[Link]] = defaultdict(list)
    incoming: dict[str, list[Link]] = defaultdict(list)
    mentions: dict[str, list[str]] = defaultdict(list)
    for entity in sorted(entities, key=lambda e: e.path):  # a duplicate's links too
        cached = reuse.get(id(entity)) if reuse is not None else None
        own = cached[1] if cached is not None and cached[0] is entity else own_links(entity)
        walked[id(entity)] = (entity, own)
        for f, link in own.references:
            target = by_id.get(link.target)
            if target is None and link.target in renamed:
                continue
            if target is None or target.type not in f.targets:
                problems.append(reference_problem(entity, link.where, link.target, f, target,
                                                  nearest))
                continue
            outgoing[entity.id].append(link)
            incoming[link.target].append(link)
        problems.extend(own.problems)
        problems.extend(wikilink_problems(entity, own.wikilinks, by_id, nearest, renamed,
                                          mentions))
    graph = Graph(dict(sorted(by_id.items())), dict(outgoing), dict(incoming),
                  {k: sorted(set(v)) for k, v in mentions.items()})
    problems.extend(term_overlaps(graph))
    problems.extend(memberships_before_founding(graph))
    problems.extend(former_id_problems(graph))
    problems.extend(unsourced(graph))
    if reuse is not None:
        reuse.clear()
        reuse.update(walked)
    return graph, problems


def unique_entities(entities: list[Entity], problems: list[Diagnostic]) -> dict[str, Entity]:
    """Ids are unique across all types. (Ids that differ only in case cannot both be
    valid; `source` reports the one that is not.)"""
    by_id: dict[str, Entity] = {}
    for entity in sorted(entities, key=lambda e: e.path):
        first = by_id.get(entity.id)
        if first is not None:
            problems.append(Diagnostic(entity.path, 1, 1, f"the id '{entity.id}' is already "
                                       f"used by {first.path}; ids are unique across all types, "
                                       "so rename one of the two files"))
            continue
        by_id[entity.id] = entity
    return by_id


def references(entity: Entity):
    """Each reference the entity makes: (declared field, id, place, relation item)."""
    for f in schema.entity_type(entity.type).fields:
        if f.name in entity.values:
            yield from f.kind.references(f, entity.values[f.name], f.name, None)


def reference_problem(entity: Entity, where: str, value: str, f: Field, target: Entity | None,
                      nearest: Nearest) -> Diagnostic:
    line, column = entity.mark(where)
    if target is None:
        message = f"no entity has the id {shown(value)}{nearest.hint(value, f.targets)}"
    else:
        wanted = " or ".join(a_type(t) for t in f.targets)
        message = f"{shown(value)} is {a_type(target.type)}, but this must be {wanted}"
    return Diagnostic(entity.path, line, column, message, where)


def a_type(type_name: str) -> str:
    """`a state`, `an official`."""
    return schema.MODEL.a(type_name)


class Nearest:
    """The ids probably meant by an unknown one, as a hint; or how to fix it when none is
    close. Comparing is slow, so a file full of unknown ids gets the plain fix once the
    budget of comparisons is spent: the check stays fast, whatever the input."""

    BUDGET = 500_000  # about a second of difflib

    def __init__(self, ids: list[str]) -> None:
        self.ids = ids
        self.found: dict[str, list[str]] = {}
        self.lookups_left = self.BUDGET // max(len(ids), 1)

    def hint(self, value: str, targets: tuple[str, ...] = ()) -> str:
        if value not in self.found and self.lookups_left > 0:
            self.lookups_left -= 1
            self.found[value] = difflib.get_close_matches(value.lower(), self.ids, n=3,
                                                          cutoff=0.6)
        close = self.found.get(value)
        if close:
            return f"; did you mean {' or '.join(repr(c) for c in close)}?"
        if not SLUG.match(value):
            return "; an id is lower-case letters a-z, digits and single hyphens"
        if len(value) > 60:
            return "; check the spelling"
        folder = targets[0] if len(targets) == 1 else "<type>"
        return f"; check the spelling, or add the entity as entities/{folder}/{value}.yaml"


@dataclass(frozen=True)
class OwnLinks:
    """What an entity's own data says about links, whatever the other entities are."""

    references: list[tuple[Field, Link]]
    wikilinks: list[tuple[str, int]]  # target, offset in the description
    problems: list[Diagnostic]  # links that are not allowed


def own_links(entity: Entity) -> OwnLinks:
    refs = [(f, Link(entity.id, value, where.split("[")[0].split(".")[0], where, f.inverse,
                     item, f.citation)) for f, value, where, item in references(entity)]
    text = entity.get("description") or ""
    return OwnLinks(refs, [(target, offset) for target, _, offset in wikilinks(text)],
                    unsafe_link_problems(entity, text) if text else [])


def wikilink_problems(entity: Entity, found: list[tuple[str, int]], by_id: dict[str, Entity],
                      nearest: Nearest, renamed: set[str],
                      mentions: dict[str, list[str]]) -> list[Diagnostic]:
    problems = []
    text = entity.get("description") or ""
    locate = None
    for target, offset in found:
        if target in by_id:
            mentions[target].append(entity.id)
            continue
        if target in renamed:
            continue
        locate = locate or entity.locator("description", text)
        length = text.index("]]", offset) + 2 - offset
        line, column = locate(offset, length)
        hint = nearest.hint(target) if target else "; write an id between the brackets"
        problems.append(Diagnostic(entity.path, line, column,
                                   f"the link [[{shown(target)[1:-1]}]] points to no "
                                   f"entity{hint}",
                                   "description"))
    return problems


# The start of an address written without its scheme: `tass.com/…` (not `members.md`).
DOMAIN = re.compile(r"^([\w-]+\.)+(?!(md|html?|ya?ml|txt|json)$)[a-z]{2,}$", re.I)


def unsafe_link_problems(entity: Entity, text: str) -> list[Diagnostic]:
    """Links in a description that the site would refuse or break: other schemes than
    http(s), and addresses without one (relative to a generated page, which the strict
    build reports against the page, not the YAML)."""
    problems = []
    locate = None
    for url, offset in link_targets(text):
        cleaned = "".join(ch for ch in url if ch > " ").lower()
        if is_safe_url(url) and SCHEME.match(cleaned):
            continue
        locate = locate or entity.locator("description", text)
        offset = max(text.find(url, offset), offset)  # point at the address, not the `](`
        line, column = locate(offset, len(url))
        scheme = SCHEME.match(cleaned)
        if not is_safe_url(url):
            what = f"a `{scheme.group(1)}:` link" if scheme else f"the link {shown(url)}"
            message = (f"{what} is not allowed; use an http:// or https:// address, or [[id]] "
                       "for another entity")
        elif DOMAIN.match(url.split("/")[0]):
            message = (f"the link {shown(url)} has no scheme, so it would point inside the "
                       "wiki; start it with https://")
        else:
            message = (f"the link {shown(url)} is not a web address; write a full https:// "
                       "address, or [[id]] for another entity")
        problems.append(Diagnostic(entity.path, line, column, message, "description"))
    return problems


def term_overlaps(graph: Graph) -> list[Diagnostic]:
    """Two people in a single-seat office at the same time. Each dated term is compared
    with the earlier term that lasts longest, so an overlap is found even when a short
    term lies between the two; a term that ended on a day not known (`to: unknown`)
    overlaps nothing for certain. A day on which a term is attested (`as_of`) is checked
    against every other holder's known span. (Terms are the items of a relation declared
    `terms`; the seats, a field of the office's type declared `seats`.)"""
    problems = []
    for office in graph.entities.values():
        terms_of = [lk for lk in graph.incoming.get(office.id, ())
                    if lk.item is not None and is_term(graph, lk)]
        if not terms_of or seats(office) > 1:
            continue
        terms = sorted(
            ((as_date(link.item.get(BEGIN)), link) for link in terms_of
             if as_date(link.item.get(BEGIN))),
            key=lambda pair: (pair[0].first_day(), pair[1].source, pair[1].where),
        )
        longest: tuple[PartialDate, Link] | None = None
        for start, link in terms:
            if longest is not None and link.source != longest[1].source:
                end = longest[1].item.get(END)
                if end is None or (as_date(end) and surely_before(start, as_date(end))):
                    problems.append(overlap(graph, office, longest, start, link))
            if longest is None or lasts_longer(link, longest[1]):
                longest = (start, link)
        problems += attested_overlaps(graph, office, terms_of)
    return problems


def attested_overlaps(graph: Graph, office: Entity, terms: list[Link]) -> list[Diagnostic]:
    """Terms known only on a day (`as_of`) that another holder's known span contains, or
    that another holder is attested on too."""
    problems = []
    attested = sorted((lk for lk in terms if lk.item.get(SEEN) and not lk.item.get(BEGIN)
                       and not lk.item.get(END)), key=lambda lk: (lk.source, lk.where))
    for index, link in enumerate(attested):
        day = as_date(link.item[SEEN])
        for other in terms:
            if other.source == link.source:
                continue
            if other in attested:
                if attested.index(other) < index and other.item[SEEN] == link.item[SEEN] \
                        and day.day:
                    holder = graph.entities[other.source]
                    problems.append(attested_problem(
                        graph, office, link, f"{holder.name} is recorded as holding it on the "
                        f"same day ({day.iso()}) in {holder.path}"))
                continue
            span = known_span(other)
            if span is not None and contains(span, day):
                holder = graph.entities[other.source]
                problems.append(attested_problem(
                    graph, office, link, f"{day.iso()} falls within {holder.name}'s term "
                    f"({describe_span(span)}) in {holder.path}"))
    return problems


def known_span(link: Link) -> tuple[PartialDate, PartialDate | None] | None:
    """A term's start and end when both are known (None for an end: still held)."""
    start, end = as_date(link.item.get(BEGIN)), link.item.get(END)
    if start is None or end == kinds.Date.UNKNOWN:
        return None
    return start, as_date(end)


def contains(span: tuple[PartialDate, PartialDate | None], day: PartialDate) -> bool:
    start, end = span
    return surely_before(start, day) and (end is None or surely_before(day, end))


def describe_span(span: tuple[PartialDate, PartialDate | None]) -> str:
    start, end = span
    return f"{start.iso()} – {end.iso()}" if end else f"since {start.iso()}"


def attested_problem(graph: Graph, office: Entity, link: Link, why: str) -> Diagnostic:
    entity = graph.entities[link.source]
    where = link.where.rsplit(".", 1)[0] + f".{SEEN}"
    line, column = entity.mark(where)
    return Diagnostic(entity.path, line, column,
                      f"'{office.id}' has one seat, but {why}; correct one of the two, or if "
                      f"both held it at once, set `seats:` in {office.path}", where)


def is_term(graph: Graph, link: Link) -> bool:
    """A link from the key of an item of a relation declared `terms`."""
    declared = schema.entity_type(graph.entities[link.source].type).field(link.field)
    return declared is not None and declared.terms and link.leaf == declared.key.name


def seats(entity: Entity) -> int:
    declared = next((f for f in schema.entity_type(entity.type).fields if f.seats), None)
    return entity.get(declared.name, declared.default) if declared else 1


def lasts_longer(a: Link, b: Link) -> bool:
    """Whether term `a` surely runs later than term `b` (a term still held runs on; one
    that ended on a day not known may have ended at once)."""
    return end_key(a) > end_key(b)


def end_key(link: Link) -> tuple[int, int, int]:
    end = link.item.get(END)
    if end is None:
        return (10_000, 1, 1)
    date = as_date(end)
    return date.last_day() if date else as_date(link.item[BEGIN]).first_day()


def overlap(graph: Graph, office: Entity, earlier: tuple[PartialDate, Link],
            start: PartialDate, link: Link) -> Diagnostic:
    holder = graph.entities[earlier[1].source]
    end = as_date(earlier[1].item.get(END))
    entity = graph.entities.get(link.source) or holder
    where = link.where.rsplit(".", 1)[0] + f".{BEGIN}"
    line, column = entity.mark(where)
    other = f"{holder.name}'s term from {earlier[0].iso()}"
    if end is None:
        message = (f"'{office.id}' has one seat, but this term begins {start.iso()} while "
                   f"{other} has no end; if that term ended on a day not known, write "
                   f"`to: unknown` in {holder.path}; if both held the office at once, set "
                   f"`seats:` in {office.path}")
    else:
        message = (f"'{office.id}' has one seat, but this term begins {start.iso()}, before "
                   f"{other} ends ({end.iso()}); correct the dates, or if both held the office "
                   f"at once, set `seats:` in {office.path}")
    return Diagnostic(entity.path, line, column, message, where)


def unsourced(graph: Graph) -> list[Diagnostic]:
    """Warnings: entities (of types that need sources) and relation items that cite no
    source. `wiki check --strict` makes them errors."""
    warnings = []
    for entity in graph.entities.values():
        if not entity.values:  # its file could not be read: that is the problem to fix
            continue
        entity_type = schema.entity_type(entity.type)
        if entity_type.cited and not entity.get(schema.SOURCES):
            warnings.append(Diagnostic(
                entity.path, 1, 1, f"this {entity_type.singular} cites no source; list the "
                "sources that state it in `sources`", "", "warning"))
        for f in entity_type.relations:
            for index, item in enumerate(entity.get(f.name, [])):
                if not item.get(schema.SOURCES):
                    where = f"{f.name}[{index}]"
                    line, column = entity.mark(where)
                    warnings.append(Diagnostic(
                        entity.path, line, column, f"this {f.item_noun} cites no source; add "
                        "`sources:` with the ids of the sources that state it", where,
                        "warning"))
    return warnings


def former_id_problems(graph: Graph) -> list[Diagnostic]:
    """A former id keeps an old address alive: it may not be an id in use, nor the
    former id of two entities."""
    problems = []
    claimed: dict[str, Entity] = {}
    for entity in graph.entities.values():
        for index, old in enumerate(entity.get("former_ids", [])):
            where = f"former_ids[{index}]"
            line, column = entity.mark(where)
            if old in graph.entities:
                problems.append(Diagnostic(
                    entity.path, line, column,
                    f"'{old}' is the id of {graph.entities[old].path}, so it cannot also be a "
                    "former id here; remove it from `former_ids`", where))
            elif old in claimed:
                problems.append(Diagnostic(
                    entity.path, line, column,
                    f"'{old}' is already a former id of {claimed[old].path}; an old address "
                    "can lead to one entity only", where))
            else:
                claimed[old] = entity
    return problems


def memberships_before_founding(graph: Graph) -> list[Diagnostic]:
    """A relation's period that begins before its owner began (a council's `founded`:
    the date field its type declares it `starts` at)."""
    problems = []
    for entity_type in schema.entity_types():
        if not entity_type.starts:
            continue
        began = entity_type.field(entity_type.starts).timeline or "begun"
        for entity in graph.of_type(entity_type.name):
            founded: PartialDate | None = as_date(entity.get(entity_type.starts))
            if founded is None:
                continue
            for f in entity_type.relations:
                start_field = f.period_field("start")
                if start_field is None:
                    continue
                for index, item in enumerate(entity.get(f.name, [])):
                    start = as_date(item.get(start_field.name))
                    if start and surely_before(start, founded):
                        where = f"{f.name}[{index}].{start_field.name}"
                        line, column = entity.mark(where)
                        problems.append(Diagnostic(
                            entity.path, line, column,
                            f"this {f.item_noun} begins {start.iso()}, before the "
                            f"{entity_type.singular} was {began} ({founded.iso()}); "
                            "correct one of the two dates", where))
    return problems

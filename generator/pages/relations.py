"""The relation sections of an entity's page: its own relations, the other side of every
reference to it (grouped by the declared inverse), and, on a source's page, the claims
that cite it. Each section is a table of rows grouped by status (current, former, not
known); `templates/entity/relation.md.j2` draws it."""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from .. import kinds, pagination, schema
from ..graph import Graph, Link, sort_key
from ..markup import escape_inline
from ..records import Entity
from ..schema import COMMON_FIELDS, EntityType, Field
from .periods import grouped, period
from .values import Citations, link, value_markup

FACTS = next(f for f in COMMON_FIELDS if f.name == "facts")
FACT_VALUE, FACT_DATE = FACTS.item.sub("value"), FACTS.item.sub("date")


@dataclass(frozen=True)
class Row:
    cells: tuple[Markup, ...]


@dataclass(frozen=True)
class Section:
    heading: str
    columns: tuple[str, ...]
    groups: tuple[tuple[str, tuple[Row, ...]], ...]  # (label, rows): current, former, undated
    summary: str = ""  # a line under the heading
    counts: str = ""  # of a long list: how its items spread over the choices of a column
    more: pagination.More | None = None  # under a long list's first rows: a link to all


def item_cells(graph: Graph, f: Field, item: dict, cite: Citations) -> list[Markup]:
    """The cells of a relation item other than the entity it names."""
    if f.consent:
        return participation_cells(graph, f, item, cite)
    cells = [period(item)] if f.has_period else []
    for sub in f.columns:
        value = item.get(sub.name, sub.default)
        cells.append(value_markup(graph, sub, value) if value is not None else Markup(""))
    cells.append(cite(item.get(schema.SOURCES)))
    cells.append(Markup(escape_inline(item.get("note", ""))))
    return cells


def item_columns(f: Field) -> list[str]:
    if f.consent:
        return [*PARTICIPATION_COLUMNS, "Sources", "Note"]
    columns = ["Period"] if f.has_period else []
    return [*columns, *(s.label for s in f.columns), "Sources", "Note"]


PARTICIPATION_COLUMNS = ("Signature", "Consent", "Entry into force", "Withdrawal")


def participation_cells(graph: Graph, f: Field, item: dict, cite: Citations) -> list[Markup]:
    """A participant's row as a depositary keeps it: signature, consent to be bound (and
    how), entry into force for it, withdrawal; its actions' and statements' sources."""
    actions_field = f.item.sub(f.consent)
    action_kind = actions_field.item.sub("action").kind
    date_kind = actions_field.item.sub("date").kind
    columns: dict[str, list[str]] = {c: [] for c in PARTICIPATION_COLUMNS}
    cited = list(item.get(schema.SOURCES, []))
    for action in item.get(f.consent, []):
        when = date_kind.show(None, None, action["date"]) if action.get("date") else "date unknown"
        column = schema.ACTION_COLUMNS[action["action"]]
        what = f" ({escape_inline(action_kind.label(action['action']).lower())})" \
            if column != "Signature" else ""
        columns[column].append(f"{when}{what}")
        cited += action.get(schema.SOURCES, [])
    if item.get("in_force"):
        columns["Entry into force"].append(date_kind.show(None, None, item["in_force"]))
    notes = [escape_inline(item.get("note", ""))] if item.get("note") else []
    for name in schema.STATEMENTS:
        for statement in item.get(name, []):
            notes.append(f"{name[:-1].capitalize()}: {escape_inline(statement['text'])}")
            cited += statement.get(schema.SOURCES, [])
    cells = [Markup("; ".join(columns[c])) for c in PARTICIPATION_COLUMNS]
    return [*cells, cite(dict.fromkeys(cited)), Markup(" ".join(notes))]


def participation_counts(f: Field, items: list[dict]) -> str:
    """`3 signatories, 2 parties`: who signed, and who consented and has not withdrawn."""
    signed = consented = 0
    for item in items:
        columns = {schema.ACTION_COLUMNS[a["action"]] for a in item.get(f.consent, [])}
        signed += "Signature" in columns
        consented += "Consent" in columns and "Withdrawal" not in columns
    return (f"{signed} signator{'y' if signed == 1 else 'ies'}, "
            f"{consented} part{'y' if consented == 1 else 'ies'} "
            "(consent to be bound given and not withdrawn)")


def own_relations(graph: Graph, entity: Entity, entity_type: EntityType,
                  cite: Citations) -> list[Section]:
    sections = []
    for f in entity_type.relations:
        key = f.key
        if key is None or not entity.get(f.name):
            continue  # items that name no entity (facts) have a section of their own
        rows = [(item, Row((value_markup(graph, key, item[key.name]),
                            *item_cells(graph, f, item, cite))))
                for item in entity.get(f.name)]
        columns = (key.label, *item_columns(f))
        counts = participation_counts(f, entity.get(f.name)) if f.consent else ""
        sections.append(Section(f.label, columns, grouped(f, rows), counts,
                                long_counts(f, entity.get(f.name))))
    return sections


def declared(graph: Graph, lk: Link) -> Field:
    """The relation or reference field a link comes from."""
    return schema.entity_type(graph.entities[lk.source].type).field(lk.field)


def derived_relations(graph: Graph, entity: Entity, cite: Citations) -> list[Section]:
    """The other side of every reference to this entity, grouped by the declared inverse."""
    by_heading: dict[str, list[Link]] = {}
    for item_link in graph.incoming.get(entity.id, ()):
        if item_link.citation or declared(graph, item_link).terms:
            continue  # shown as footnotes / as the list of holders
        by_heading.setdefault(item_link.inverse, []).append(item_link)
    sections = []
    for heading in sorted(by_heading):
        links = by_heading[heading]
        first = links[0]
        f = declared(graph, first)
        if first.item is not None and f.is_relation:
            ordered = sorted(links, key=lambda lk: sort_key(graph.entities[lk.source]))
            rows = [(lk.item, Row((link(graph.entities[lk.source]),
                                   *item_cells(graph, f, lk.item, cite))))
                    for lk in ordered]
            source_label = schema.entity_type(graph.entities[first.source].type).singular
            columns = (source_label.capitalize(), *item_columns(f))
            sections.append(Section(heading, columns, grouped(f, rows),
                                    counts=long_counts(f, [lk.item for lk in links])))
        else:
            others = sorted((graph.entities[i] for i in {lk.source for lk in links}), key=sort_key)
            rows = [({}, Row((link(e), Markup(escape_inline(e.get("summary", ""))))))
                    for e in others]
            sections.append(Section(heading, ("Name", "Summary"), grouped(NO_PERIOD, rows)))
    return sections


NO_PERIOD = Field("item", kinds.TEXT, "")


def long_counts(f: Field, items: list[dict]) -> str:
    """For a list too long for the entity's page: its items by each choice column."""
    return pagination.choice_counts(items, f.columns) if len(items) > pagination.LONG else ""


def cited_by(graph: Graph, source: Entity) -> list[Section]:
    """What cites this source, grouped by the citing entity's type: each entity once,
    with how many of its claims cite it and which."""
    claims: dict[str, list[tuple[str, Markup]]] = {}
    for lk in graph.incoming.get(source.id, ()):
        if lk.citation:
            claim = claim_label(graph, declared(graph, lk), lk.item) if lk.item is not None \
                else Markup("the entity as a whole")
            claims.setdefault(lk.source, []).append((lk.where, claim))
    if not claims:
        return []
    order = {name: number for number, name in enumerate(schema.MODEL.by_name)}
    citing = sorted((graph.entities[i] for i in claims),
                    key=lambda e: (order[e.type], sort_key(e)))
    groups: dict[str, list[Row]] = {}
    for entity in citing:
        told = [claim for _, claim in sorted(claims[entity.id], key=lambda c: c[0])]
        groups.setdefault(schema.entity_type(entity.type).title, []).append(
            Row((link(entity), Markup(f"{len(told):,}"), Markup("; ".join(told)))))
    total = sum(len(c) for c in claims.values())
    return [Section("Claims citing this source", ("Entity", "Claims", "What they say"),
                    tuple((label, tuple(rows)) for label, rows in groups.items()),
                    f"{total:,} claim{'' if total == 1 else 's'} in {len(claims):,} "
                    f"entit{'y' if len(claims) == 1 else 'ies'}")]


def claim_label(graph: Graph, f: Field, item: dict) -> Markup:
    """`members[2]` → `Members: Armenia, as of 30 November 2017`; `facts[0]` → the fact."""
    if f.key is None:  # an item that names no entity is told by its first field
        first = f.record_fields[0]
        return Markup(escape_inline(f"{f.label}: {item[first.name]}"))
    named = [graph.entities[v] for k, v in item.items() if k != schema.SOURCES
             and isinstance(v, str) and v in graph.entities]
    parts = [link(e) for e in named]
    if f.has_period and any(s.name in item for s in f.record_fields if s.period):
        parts.append(period(item))
    if not parts:  # an item within an item, such as a party's action: its own values
        parts = [escape_inline(", ".join(str(v) for k, v in item.items()
                                         if k != schema.SOURCES and isinstance(v, str)))]
    return Markup(f"{escape_inline(f.label)}: " + ", ".join(parts))

"""The infobox, one table of an entity's key facts, and how current a page's facts are.
Python decides which rows and in what order; `templates/entity/infobox.md.j2` draws them."""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from .. import kinds, schema
from ..dates import PartialDate, as_date
from ..graph import Graph
from ..records import Entity
from ..schema import COMMON_FIELDS, EntityType
from .holders import terms_of
from .relations import declared
from .values import value_markup

# Fields every type has (identifiers, tags): after the names in the infobox.
COMMON_NAMES = frozenset(f.name for f in COMMON_FIELDS)


@dataclass(frozen=True)
class InfoRow:
    """A declared field in the infobox: its label and its value (Markdown)."""

    label: str
    value: Markup


@dataclass(frozen=True)
class Name:
    """A name in another language: the language's name, its BCP 47 tag, the name."""

    language: str
    tag: str
    text: str


@dataclass(frozen=True)
class Infobox:
    """What the infobox shows, in order. Search indexes the heading, the type's own
    fields and an office's holders with the page's opening; the rest is left out."""

    heading: str  # what the entity is: its declared kind, else its type
    fields: tuple[InfoRow, ...]  # the type's own fields
    current: tuple[dict, ...]  # an office's current holders (terms, see `holders`)
    last: dict | None  # else its last recorded holder
    names: tuple[Name, ...]  # in the wiki's own languages, by the language's name
    others: tuple[Name, ...]  # in every other language, folded under the table
    aliases: tuple[str, ...]
    common: tuple[InfoRow, ...]  # identifiers, tags
    facts_as_of: PartialDate | None  # the latest date the page's facts describe
    data: Markup  # the page's JSON export, relative to the page
    last_change: PartialDate | None  # when the entity's file last changed


def kind_label(entity: Entity, entity_type: EntityType) -> str:
    """What the entity is, as the infobox heads it: its declared kind, else its type."""
    f = entity_type.field(entity_type.kind) if entity_type.kind else None
    if f is not None and entity.get(f.name):
        return f.kind.label(entity.get(f.name))
    return entity_type.singular.capitalize()


def infobox(graph: Graph, entity: Entity, entity_type: EntityType, office_terms: list[dict],
            last_change: str | None) -> Infobox:
    """The one table of key facts: the type's own fields, an office's holder, the names
    in other languages, the identifiers, and how current the page is."""
    shown = [f for f in entity_type.fields if f.name in entity.values and f.infobox
             and not f.is_relation and f.name != entity_type.kind]
    terms = [t for t in office_terms if not t["gap"]]
    current = tuple(t for t in terms if t["current"])
    own, others = kinds.names_by_language(entity.get("names", {}), graph.wiki.languages)
    return Infobox(
        heading=kind_label(entity, entity_type),
        fields=tuple(InfoRow(f.label, value_markup(graph, f, entity.values[f.name]))
                     for f in shown if f.name not in COMMON_NAMES),
        current=current,
        last=terms[-1] if terms and not current else None,
        names=tuple(Name(language, tag, name) for tag, language, name in own),
        others=tuple(Name(language, tag, name) for tag, language, name in others),
        aliases=tuple(entity.get("aliases", ())),
        common=tuple(InfoRow(f.label, value_markup(graph, f, entity.values[f.name]))
                     for f in shown if f.name in COMMON_NAMES),
        # A source's dates are about the publication (its `accessed` day above), not facts
        # about the world as of a day: a type that is not `cited` has none.
        facts_as_of=facts_as_of(graph, entity) if entity_type.cited else None,
        data=Markup(f"{entity.id}/data.json"),  # an id is a slug: nothing to escape
        last_change=as_date(last_change) if last_change else None,
    )


def own_dates(entity: Entity) -> list[PartialDate]:
    """Every date in an entity's own fields and relation items."""
    fields = schema.entity_type(entity.type).fields
    return [as_date(d) for f in fields if f.name in entity.values
            for d in f.kind.dates(f, entity.values[f.name])]


def facts_as_of(graph: Graph, entity: Entity) -> PartialDate | None:
    """The latest date that the facts on the entity's page describe: its own dates, those
    of the relation items that name it and the terms of its offices (not the dates of the
    claims that cite it, on a source's page). A relation shown as current had no
    recorded end by then."""
    dates = own_dates(entity)
    for lk in graph.incoming.get(entity.id, ()):
        if lk.item is not None and not lk.citation:
            f = declared(graph, lk)
            dates += [as_date(d) for d in f.item.kind.dates(f.item, lk.item)]
        elif lk.item is None and declared(graph, lk).holders_on_target:  # its offices' terms
            for term in terms_of(graph, graph.entities[lk.source]):
                f = declared(graph, term)
                dates += [as_date(d) for d in f.item.kind.dates(f.item, term.item)]
    return max(dates, key=PartialDate.last_day, default=None)


def wiki_period(graph: Graph) -> tuple[PartialDate, PartialDate] | None:
    """The first and the latest date the wiki's facts describe (sources are not facts
    about the world: their dates are left out)."""
    dates = [d for e in graph.entities.values() if schema.entity_type(e.type).cited
             for d in own_dates(e)]
    if not dates:
        return None
    return min(dates, key=PartialDate.first_day), max(dates, key=PartialDate.last_day)

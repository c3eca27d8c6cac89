"""An office's holders and each holder's succession: who held it when, in order; who
came before and after; whether the record is complete enough to number the holders.
Offices are the targets of relations declared `terms`; the people hold the items."""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from .. import schema
from ..dates import PartialDate, adjacent, as_date, surely_before
from ..graph import Graph, Link, is_term, seats, sort_key
from ..records import Entity
from ..schema import EntityType
from .periods import UNKNOWN, period, period_text, span, term_key
from .relations import declared
from .values import Citations, link


@dataclass(frozen=True)
class Neighbour:
    """Who held an office before or after a term, as the succession box tells it:
    `holder` (who), `earlier`/`later` (who, with a gap not recorded between), `first`
    (nobody: the office began with this term), `in_office` (nobody yet), or
    `not_recorded`."""

    state: str
    who: Markup = Markup("")


NOT_RECORDED = Neighbour("not_recorded")


def terms_of(graph: Graph, office: Entity) -> list[Link]:
    """The terms held in an office (items of a relation declared `terms` naming it), in
    order."""
    return sorted((lk for lk in graph.incoming.get(office.id, ()) if is_term(graph, lk)),
                  key=lambda lk: (term_key(lk.item), lk.source))


def holders(graph: Graph, office: Entity, cite: Citations) -> list[dict]:
    """An office's holders in order of their terms; a term that ended on a day not known
    ends no later than the next one began. Between terms that do not meet, a row says
    that who held it then is not recorded (not that it was vacant: nothing says so). The
    terms are numbered only when the succession is known to be complete."""
    rows, previous_end = [], None  # the end of the last dated term, as written
    terms = terms_of(graph, office)
    numbered = succession_complete(graph, office, terms)
    number, last_holder = 0, None
    for index, lk in enumerate(terms):
        term = span(lk.item)
        if as_date(previous_end) and term.start and gap_between(as_date(previous_end),
                                                                term.start):
            rows.append(dict(person="", gap=True, current=False, number="", sources="",
                             note="", acting=False,
                             period=period_text(previous_end, term.begin, None)))
        acting = bool(lk.item.get("acting"))
        shown_number = ""
        if numbered and term.start and not acting and lk.source != last_holder:
            number, last_holder = number + 1, lk.source
            shown_number = str(number)
        rows.append(dict(person=link(graph.entities[lk.source]), acting=acting, gap=False,
                         number=shown_number, current=term.ongoing,
                         period=period(lk.item, next_start(terms, index)),
                         sources=cite(lk.item.get(schema.SOURCES)),
                         note=lk.item.get("note", "")))
        if term.start:
            previous_end = term.end
    return rows


def gap_between(end: PartialDate, start: PartialDate) -> bool:
    """Whether days surely pass between a period's end and the next one's start."""
    return surely_before(end, start) and not adjacent(end, start)


def succession_complete(graph: Graph, office: Entity, terms: list[Link]) -> bool:
    """Whether the recorded terms of a single-seat office run without a break from the
    day it began (the date its type `starts` at) to the last of them. A term attested
    on one day only (`as_of`) neither makes nor breaks the chain."""
    entity_type = schema.entity_type(office.type)
    reached = as_date(office.get(entity_type.starts)) if entity_type.starts else None
    dated = [span(lk.item) for lk in terms if span(lk.item).begin]
    if reached is None or not dated or seats(office) > 1:
        return False
    for term in dated:
        if reached is None or term.start is None or gap_between(reached, term.start):
            return False
        reached = term.stop  # None when it lasts or its end is not known
    return True


def next_start(terms: list[Link], index: int) -> PartialDate | None:
    """The start of the term after this one, which bounds an end not known."""
    if index + 1 < len(terms) and span(terms[index].item).end == UNKNOWN:
        return span(terms[index + 1].item).start
    return None


def succession(graph: Graph, official: Entity, entity_type: EntityType) -> list[dict]:
    """For each term held (in a relation declared `terms`): who held the office before
    and after; "none" where it is known that nobody did, "not recorded" where nothing
    says. A term attested on one day only is left out when a term of the same holder
    covers that day."""
    boxes = []
    for f in entity_type.relations:
        if not f.terms:
            continue
        for position in official.get(f.name, []):
            office = graph.entities[position[f.key.name]]
            terms = terms_of(graph, office)
            index = next(i for i, lk in enumerate(terms) if lk.item is position)
            if not span(position).begin:
                if covered(terms, terms[index]):
                    continue
                before = after = NOT_RECORDED
            else:
                before, after = neighbours(graph, office, terms, index)
            boxes.append(dict(office=link(office), predecessor=before, successor=after,
                              period=period(position, next_start(terms, index))))
    return boxes


def covered(terms: list[Link], attested: Link) -> bool:
    """Whether a day a holder is attested on falls in a dated term of theirs."""
    day = as_date(span(attested.item).seen)
    for lk in terms:
        term = span(lk.item)
        if lk.source == attested.source and term.start and day \
                and not surely_before(day, term.start) \
                and (not term.end or (term.stop and not surely_before(term.stop, day))):
            return True
    return False


def neighbours(graph: Graph, office: Entity, terms: list[Link], index: int,
               ) -> tuple[Neighbour, Neighbour]:
    """The holders before and after a dated term, among the dated terms."""
    dated = [lk for lk in terms if span(lk.item).begin]
    here = dated.index(terms[index])
    term = span(terms[index].item)
    entity_type = schema.entity_type(office.type)
    began = as_date(office.get(entity_type.starts)) if entity_type.starts else None
    if here > 0:
        prior = dated[here - 1]
        prior_end = span(prior.item).stop
        met = prior_end and not (term.start and gap_between(prior_end, term.start))
        before = Neighbour("holder" if met else "earlier", link(graph.entities[prior.source]))
    elif began and term.start and not gap_between(began, term.start):
        before = Neighbour("first")
    else:
        before = NOT_RECORDED
    if not term.end:
        after = Neighbour("in_office")
    elif here + 1 < len(dated):
        following = dated[here + 1]
        next_begin = span(following.item).start
        met = term.stop and not (next_begin and gap_between(term.stop, next_begin))
        after = Neighbour("holder" if met else "later", link(graph.entities[following.source]))
    else:
        after = NOT_RECORDED
    return before, after


def office_holders(graph: Graph, entity: Entity) -> list[dict]:
    """For a state or council: the people holding its offices (those whose reference to
    it is declared `holders_on_target`)."""
    rows = []
    for lk in graph.incoming.get(entity.id, ()):
        if not declared(graph, lk).holders_on_target:
            continue
        office = graph.entities[lk.source]
        for term in terms_of(graph, office):
            rows.append((sort_key(office), term_key(term.item), dict(
                office=link(office), official=link(graph.entities[term.source]),
                period=period(term.item))))
    return [row for *_, row in sorted(rows, key=lambda r: (r[0], r[1]))]

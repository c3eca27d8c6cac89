"""The data of an entity page's timeline chart: a membership's periods by member, or an
office's terms by holder (`generator/chart.py` draws them as SVG)."""

from __future__ import annotations

from .. import chart
from ..graph import Graph, sort_key
from ..records import Entity
from ..schema import EntityType
from .holders import terms_of
from .periods import period, span
from .values import link


def membership_chart(graph: Graph, entity: Entity, entity_type: EntityType) -> dict:
    """A membership (a relation with a period and a `status`) as a timeline chart: a row
    for each member, a bar for each period; those with no start known listed apart."""
    f = next((f for f in entity_type.relations if f.has_period and f.item.sub("status")),
             None)
    members = entity.get(f.name, []) if f is not None else []
    if not members:
        return holders_chart(graph, entity)
    periods: dict[str, list[chart.Period]] = {}
    undated = []
    for member in members:
        other = graph.entities[member[f.key.name]]
        term = span(member)
        if term.begin:
            periods.setdefault(other.id, []).append(chart.Period(
                term.begin, term.end, member.get("status", "member")))
        else:
            undated.append((link(other), period(member)))
    rows = sorted(((graph.entities[i], tuple(sorted(ps, key=lambda p: chart.year_of(p.start))))
                   for i, ps in periods.items()),
                  key=lambda row: (chart.year_of(row[1][0].start), sort_key(row[0])))
    begins = entity.get(entity_type.starts) if entity_type.starts else None
    svg = chart.timeline(f"{f.label} of {entity.name} over time",
                         [chart.Row(e.name, ps) for e, ps in rows], undated, begins,
                         f.item_noun + "s")
    if not svg and not undated:
        return {}
    return dict(svg=svg, undated=undated, legend=MEMBERSHIP_LEGEND)


MEMBERSHIP_LEGEND = ("Solid: member; outlined: observer or partner; dashed: suspended; an "
                     "arrow: to this day; a dotted line and ?: ended on a date not known.")
TERMS_LEGEND = "An arrow: in office to this day; a dotted line and ?: left on a date not known."


def holders_chart(graph: Graph, office: Entity) -> dict:
    """An office's terms as a timeline chart: a row for each holder, in order."""
    terms = terms_of(graph, office)
    if not terms:
        return {}
    periods: dict[str, list[chart.Period]] = {}
    undated = []
    for lk in terms:
        holder = graph.entities[lk.source]
        term = span(lk.item)
        if term.begin:
            periods.setdefault(holder.id, []).append(chart.Period(term.begin, term.end))
        else:
            undated.append((link(holder), period(lk.item)))
    rows = [chart.Row(graph.entities[i].name, tuple(ps)) for i, ps in periods.items()]
    svg = chart.timeline(f"Holders of {office.name} over time", rows, undated, None, "terms")
    if not svg and not undated:
        return {}
    return dict(svg=svg, undated=undated, legend=TERMS_LEGEND)

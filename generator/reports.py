"""Wiki-wide pages and files: the timeline, the data-quality report and the downloads.

Each is computed from the graph in one pass and rendered through the templates.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from markupsafe import Markup

from .dates import PartialDate, adjacent, as_date, surely_before
from .editor_schema import SCHEMA_FOLDER
from .exports import all_entities_json, entity_json, type_csv
from .graph import Graph, sort_key
from .incremental import Scope
from .records import Entity
from .render import Page, environment, link
from .schema import ENTITY_TYPES, LIST, RECORD, TYPES_BY_NAME

REPORTS = "wiki"  # docs/wiki/: timeline, data quality, downloads
DOWNLOADS = "downloads"


@dataclass(frozen=True)
class Dated:
    date: PartialDate
    entity: Entity
    what: str
    other: Entity | None = None


def report_pages(graph: Graph, scope: Scope | None = None,
                 previous: dict[str, str] | None = None, before: Graph | None = None,
                 ) -> list[Page]:
    """The timeline, data-quality and downloads pages and the data files.

    With a `scope` (what changed since the graph `before`), only the years, entities'
    JSON and types' CSV it touches are made anew; the rest comes from `previous`
    (path -> content of the last run).
    """
    env = environment()
    previous = previous or {}
    years = by_year(timeline(graph))
    dirty = None
    if scope is not None and before is not None:
        dirty = {fact.date.year for g in (graph, before)
                 for fact in timeline(g, scope.touched & set(g.entities))}
    pages = [
        Page(f"{REPORTS}/timeline.md", env.get_template("timeline.md.j2").render(
            years=[(year, len(facts)) for year, facts in years])),
        Page(f"{REPORTS}/data-quality.md", env.get_template("quality.md.j2").render(
            **data_quality(graph), link=link)),
        Page(f"{REPORTS}/downloads.md", env.get_template("downloads.md.j2").render(
            types=[(t, len(graph.of_type(t.name))) for t in ENTITY_TYPES],
            total=len(graph.entities), schemas=SCHEMA_FOLDER)),
    ]
    for year, facts in years:
        path = f"{REPORTS}/timeline/{year}.md"
        if dirty is None or year in dirty or path not in previous:
            rows = [timeline_row(fact.date.human(), link(fact.entity, "../../"), fact.what,
                                 link(fact.other, "../../") if fact.other else "")
                    for fact in facts]
            pages.append(Page(path, env.get_template("timeline-year.md.j2").render(
                year=year, rows=rows)))
        else:
            pages.append(Page(path, previous[path]))
    records = {}
    for entity in graph.entities.values():
        path = data_path(entity)
        if scope is None or entity.id in scope.entity_ids or path not in previous:
            records[path] = entity_json(graph, entity)
            pages.append(Page(path, records[path]))
        else:
            records[path] = previous[path]
    pages.append(Page(f"{DOWNLOADS}/entities.json", all_entities_json(list(records.values()))))
    for entity_type in ENTITY_TYPES:
        path = f"{DOWNLOADS}/{entity_type.name}.csv"
        if scope is None or entity_type.name in scope.changed_types or path not in previous:
            pages.append(Page(path, type_csv(graph, entity_type.name)))
    return pages


@lru_cache(maxsize=200_000)  # after an edit, most rows of a year are as they were
def timeline_row(date: str, entity: Markup, what: str, other: Markup | str) -> Markup:
    return Markup(environment().get_template("timeline-row.md.j2").module.row(
        date, entity, what, other))


def data_path(entity: Entity) -> str:
    return f"{entity.type}/{entity.id}/data.json"


def timeline(graph: Graph, only: set[str] | None = None) -> list[Dated]:
    """Every dated fact in the wiki, in date order; with `only`, the facts that come
    from those entities' data (which include every fact that names them)."""
    facts: list[Dated] = []

    def add(date_text: str | None, entity: Entity, what: str, other: Entity | None = None):
        if date_text:
            facts.append(Dated(as_date(date_text), entity, what, other))

    own_dates = {("councils", "founded"): "founded", ("treaties", "signed"): "signed",
                 ("treaties", "in_force"): "entered into force",
                 ("events", "date"): "took place", ("sources", "published"): "published"}
    entities = graph.entities.values() if only is None else [graph.entities[i] for i in only]
    for entity in entities:
        for (type_name, field), what in own_dates.items():
            if entity.type == type_name:
                add(entity.get(field), entity, what)
        for member in entity.get("members", []) if entity.type == "councils" else []:
            state, status = graph.entities[member["state"]], member.get("status", "member")
            add(member.get("from"), state, f"became {article(status)} of", entity)
            add(member.get("to"), state, f"ceased to be {article(status)} of", entity)
        for party in entity.get("parties", []) if entity.type == "treaties" else []:
            state = graph.entities[party["state"]]
            for field, what in (("signed", "signed"), ("ratified", "ratified"),
                                ("withdrawn", "withdrew from")):
                add(party.get(field), state, what, entity)
        for position in entity.get("positions", []) if entity.type == "officials" else []:
            office = graph.entities[position["office"]]
            add(position.get("from"), entity, "took office as", office)
            add(position.get("to"), entity, "left office as", office)
        for fact in entity.get("facts", []):
            value = fact["value"]
            shown = f"{value:,}" if isinstance(value, int | float) else value
            unit = f" {fact['unit']}" if fact.get("unit") else ""
            add(fact.get("date"), entity, f"{fact['property']}: {shown}{unit}")
    facts.sort(key=lambda f: (f.date.first_day(), f.date.last_day(), sort_key(f.entity), f.what,
                              f.other.id if f.other else ""))
    return facts


def article(word: str) -> str:
    return f"an {word}" if word[0] in "aeiou" else f"a {word}"


def by_year(facts: list[Dated]) -> list[tuple[int, list[Dated]]]:
    years: dict[int, list[Dated]] = {}
    for fact in facts:
        years.setdefault(fact.date.year, []).append(fact)
    return sorted(years.items())


def data_quality(graph: Graph) -> dict:
    """What a contributor could improve next."""
    unsourced, undated = [], []
    for entity in graph.entities.values():
        for f in TYPES_BY_NAME[entity.type].fields:
            if f.kind != LIST or f.item.kind != RECORD:
                continue
            for index, item in enumerate(entity.get(f.name, [])):
                place = Markup(f"{f.name}[{index}]")
                if not item.get("sources"):
                    unsourced.append((entity, place))
                names = {s.name for s in f.item.fields}
                if "from" in names and not (item.get("from") or item.get("to")):
                    undated.append((entity, place))
    return dict(
        unsourced=sorted(unsourced, key=lambda r: (sort_key(r[0]), r[1])),
        undated=sorted(undated, key=lambda r: (sort_key(r[0]), r[1])),
        no_summary=sorted((e for e in graph.entities.values() if not e.get("summary")),
                          key=sort_key),
        no_sources=sorted((e for e in graph.entities.values()
                           if e.type != "sources" and not e.get("sources")), key=sort_key),
        gaps=office_gaps(graph),
    )


def office_gaps(graph: Graph) -> list[tuple[Entity, Entity, Entity, str, str]]:
    """(office, holder before, holder after, end, start) wherever a term ends well before
    the next begins."""
    gaps = []
    for office in sorted(graph.of_type("offices"), key=sort_key):
        terms = sorted(((as_date(lk.item["from"]), as_date(lk.item.get("to")), lk.source)
                        for lk in graph.incoming.get(office.id, ())
                        if lk.field == "positions" and lk.item.get("from")),
                       key=lambda t: (t[0].first_day(), t[2]))
        for (_, end, before), (start, _, after) in zip(terms, terms[1:], strict=False):
            if end is not None and surely_before(end, start) and not adjacent(end, start):
                gaps.append((office, graph.entities[before], graph.entities[after],
                             end.human(), start.human()))
    return gaps

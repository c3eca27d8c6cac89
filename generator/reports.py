"""Wiki-wide pages and files: the timeline, the data-quality report and the downloads.

Each is computed from the graph in one pass and rendered through the templates.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from markupsafe import Markup

from . import asof, schema
from .dates import PartialDate, adjacent, as_date, surely_before
from .editor_schema import schema_text
from .exports import all_entities_json, csv_row, entity_json, type_csv
from .graph import Graph, is_term, sort_key
from .incremental import Scope
from .kinds import Choice
from .markup import escape_inline
from .records import Entity
from .render import Page, environment, link
from .schema import BEGIN, END

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
                 reuse: dict | None = None) -> list[Page]:
    """The timeline, data-quality and downloads pages and the data files.

    With a `scope` (what changed since the graph `before`), only the years, entities'
    JSON and types' CSV it touches are made anew; the rest comes from `previous`
    (path -> content of the last run). `reuse` (kept by `wiki serve`) remembers what
    each entity contributes to the timeline and the data-quality report, so that only
    changed entities are looked at again.
    """
    env = environment()
    previous = previous or {}
    memo = Memo(reuse)
    years: dict[int, list[Fact]] = {}
    for entity in graph.entities.values():
        for fact in memo.get(entity, "facts", entity_facts):
            years.setdefault(fact[0].year, []).append(fact)
    dirty = None if scope is None or before is None else changed_years(graph, before, scope,
                                                                         memo)
    pages = [
        Page(f"{REPORTS}/timeline.md", env.get_template("timeline.md.j2").render(
            years=[(year, len(years[year])) for year in sorted(years)])),
        *quality_pages(graph, memo, previous),
        Page(asof.PAGE, env.get_template("as-of.md.j2").render(
            data=Markup(asof.DATA.rsplit("/", 1)[1]))),
        *asof.asof_pages(graph),
        Page(f"{REPORTS}/downloads.md", env.get_template("downloads.md.j2").render(
            types=[(t, len(graph.of_type(t.name))) for t in schema.entity_types()],
            total=len(graph.entities))),
        *(Page(f"{DOWNLOADS}/{t.name}.schema.json", schema_text(t))
          for t in schema.entity_types()),
    ]
    for year in sorted(years):
        paths = year_paths(year, len(years[year]))
        if dirty is None or year in dirty or any(path not in previous for path in paths):
            rows = [timeline_row(fact.date.human(), link(fact.entity, "../../"), fact.what,
                                 link(fact.other, "../../") if fact.other else "")
                    for fact in in_order(graph, years[year])]
            targets = [Markup(path.rsplit("/", 1)[1]) for path in paths]
            pages += [Page(path, env.get_template("timeline-year.md.j2").render(
                year=year, rows=rows[i * YEAR_ROWS:(i + 1) * YEAR_ROWS], number=i + 1,
                count=len(paths), targets=targets)) for i, path in enumerate(paths)]
        else:
            pages += [Page(path, previous[path]) for path in paths]
    memo.keep_only(graph)
    records = {}
    for entity in graph.entities.values():
        path = data_path(entity)
        if scope is None or entity.id in scope.entity_ids or path not in previous:
            records[path] = entity_json(graph, entity)
            pages.append(Page(path, records[path]))
        else:
            records[path] = previous[path]
    pages.append(Page(f"{DOWNLOADS}/entities.json", all_entities_json(list(records.values()))))
    for entity_type in schema.entity_types():
        path = f"{DOWNLOADS}/{entity_type.name}.csv"
        if scope is None or entity_type.name in scope.changed_types or path not in previous:
            pages.append(Page(path, type_csv(
                graph, entity_type.name, lambda e: memo.get(e, "csv", csv_row))))
    return pages


# Rows of a year's timeline page: a busy year of a large wiki is split into pages that
# stay within the page budget (150 KB of HTML; a row is about 200 bytes).
YEAR_ROWS = 400


def year_paths(year: int, rows: int) -> list[str]:
    """A year's timeline pages: `2024.md`, then `2024-2.md`, … for a year of many facts."""
    count = max(1, -(-rows // YEAR_ROWS))
    return [f"{REPORTS}/timeline/{year}{'' if n == 1 else f'-{n}'}.md"
            for n in range(1, count + 1)]


def changed_years(graph: Graph, before: Graph, scope: Scope, memo: Memo) -> set[int]:
    """The years whose timeline a change alters: those of the facts of the entities that
    changed and, if one was renamed or removed, of the facts of all it touches."""
    changed = {i for i in scope.touched if graph.entities.get(i) is not before.entities.get(i)}
    renamed = any(i not in graph.entities or i not in before.entities
                  or graph.entities[i].name != before.entities[i].name for i in changed)
    ids = scope.touched if renamed else changed
    return {fact[0].year for g in (graph, before) for i in ids & set(g.entities)
            for fact in memo.get(g.entities[i], "facts", entity_facts)}


@lru_cache(maxsize=200_000)  # after an edit, most rows of a year are as they were
def timeline_row(date: str, entity: Markup, what: str, other: Markup | str) -> Markup:
    return Markup(environment().get_template("timeline-row.md.j2").module.row(
        date, entity, what, other))


def data_path(entity: Entity) -> str:
    return f"{entity.type}/{entity.id}/data.json"


# A dated fact: its date, the entity it is about, what happened, and the other entity
# involved (ids, so that a fact stays valid while other entities change).
Fact = tuple[PartialDate, str, str, str | None]

def entity_facts(entity: Entity) -> tuple[Fact, ...]:
    """The dated facts that come from this entity's data (which include every dated
    fact that names it): its dates declared with a `timeline` meaning, those of its
    relations' items, and its facts."""
    facts: list[Fact] = []

    def add(date_text: str | None, subject: str, what: str, other: str | None = None):
        date = as_date(date_text)  # not `unknown`
        if date:
            facts.append((date, subject, what, other))

    entity_type = schema.entity_type(entity.type)
    for f in entity_type.fields:
        if f.timeline:
            add(entity.get(f.name), entity.id, f.timeline)
    for f in entity_type.relations:
        if f.key is None:
            continue
        for item in entity.get(f.name, []):
            subject, other = entity.id, item[f.key.name]
            if f.subject == "key":
                subject, other = other, subject
            for fields, record in dated_records(f.record_fields, item):
                words = timeline_words(fields, record)
                for s in fields:
                    if s.timeline:
                        add(record.get(s.name), subject, s.timeline.format(**words), other)
    for fact in entity.get("facts", []):
        value = fact["value"]
        shown = f"{value:,}" if isinstance(value, int | float) else value
        unit = f" {fact['unit']}" if fact.get("unit") else ""
        add(fact.get("date"), entity.id, f"{fact['property']}: {shown}{unit}")
    return tuple(facts)


def dated_records(fields: tuple, item: dict):
    """An item and the records nested in it (a party's actions), with their fields."""
    yield fields, item
    for f in fields:
        if f.is_relation or (f.item is not None and f.item.kind.is_record):
            for record in item.get(f.name, []):
                yield f.item.fields, record


def timeline_words(fields: tuple, record: dict) -> dict[str, str]:
    """What a timeline phrase's `{status}` or `{action}` stands for in this record:
    the choice's verb (`ratified`), or its label with an article (`a founding member`)."""
    words = {}
    for s in fields:
        value = record.get(s.name, s.default)
        if isinstance(s.kind, Choice) and value:
            words[s.name] = s.kind.verbs.get(value) or article(s.kind.label(value).lower())
    return words


def in_order(graph: Graph, facts: list[Fact]) -> list[Dated]:
    dated = [Dated(date, graph.entities[subject], what,
                   graph.entities[other] if other else None)
             for date, subject, what, other in facts]
    dated.sort(key=lambda f: (f.date.first_day(), f.date.last_day(), sort_key(f.entity),
                              f.what, f.other.id if f.other else ""))
    return dated


class Memo:
    """What an entity contributed to the reports last time, reused while the entity is
    the same object (`wiki serve` reuses the objects of unchanged files)."""

    def __init__(self, store: dict | None) -> None:
        self.store = store if store is not None else {}

    def get(self, entity: Entity, kind: str, compute):
        cached = self.store.get((entity.id, kind))
        if cached is not None and cached[0] is entity:
            return cached[1]
        value = compute(entity)
        self.store[(entity.id, kind)] = (entity, value)
        return value

    def keep_only(self, graph: Graph) -> None:
        """Forget the entities that are no longer in the graph as they were."""
        for key in [k for k, (e, _) in self.store.items()
                    if k[0] != PAGE and graph.entities.get(k[0]) is not e]:
            del self.store[key]


PAGE = ""  # the memo's key for what a whole report showed last time


def same(before: tuple, after: tuple) -> bool:
    """The same objects, in order."""
    return len(before) == len(after) and all(a is b for a, b in zip(before, after, strict=True))


def article(word: str) -> str:
    return f"an {word}" if word[0] in "aeiou" else f"a {word}"


QUALITY_ROWS = 200  # items of a problem on each page of its own
QUALITY_FIRST = 25  # of a problem with pages of its own: the items on the report's page
QUALITY_GROUPS = {"unsourced": "Relations without a source",
                  "undated": "Relations whose period is not known",
                  "gaps": "Offices with gaps between holders",
                  "no_summary": "Entities without a summary",
                  "no_sources": "Entities without a source"}


def quality_pages(graph: Graph, memo: Memo, previous: dict[str, str]) -> list[Page]:
    """The data-quality report and, for a problem found more than `QUALITY_ROWS` times,
    pages of its own (`wiki/data-quality/unsourced-2.md`); their previous content when
    no row changed."""
    rows: dict[str, list] = {"unsourced": [], "undated": [], "no_summary": [],
                             "no_sources": []}
    for entity in graph.entities.values():
        unsourced, undated, no_summary, no_sources = memo.get(entity, "quality",
                                                              entity_quality)
        rows["unsourced"] += [(entity, place_label(graph, place)) for place in unsourced]
        rows["undated"] += [(entity, place_label(graph, place)) for place in undated]
        rows["no_summary"] += [entity] if no_summary else []
        rows["no_sources"] += [entity] if no_sources else []
    for name in ("unsourced", "undated"):
        rows[name].sort(key=lambda r: (sort_key(r[0]), r[1]))
    for name in ("no_summary", "no_sources"):
        rows[name].sort(key=sort_key)
    rows["gaps"] = [gap for office in sorted(offices(graph), key=sort_key)
                    for gap in office_gaps(graph, office, memo)]
    # What the page shows of each entity is its link: its name, type and id.
    shown = [(value.name, value.type, value.id) if isinstance(value, Entity) else value
             for name in sorted(rows) for row in rows[name]
             for value in (row if isinstance(row, tuple) else (row,))]
    path = f"{REPORTS}/data-quality.md"
    parts = {name: [rows[name][i:i + QUALITY_ROWS]
                    for i in range(0, len(rows[name]), QUALITY_ROWS)]
             for name in QUALITY_GROUPS if len(rows[name]) > QUALITY_ROWS}
    paths = [path] + [quality_path(name, n) for name, chunks in parts.items()
                      for n in range(1, len(chunks) + 1)]
    last = memo.store.get((PAGE, path))
    if last is not None and all(p in previous for p in paths) and last[0] == shown \
            and last[1] == paths:
        return [Page(p, previous[p]) for p in paths]
    memo.store[(PAGE, path)] = (shown, paths)
    env = environment()
    counts = {name: len(found) for name, found in rows.items()}
    more = {name: Markup(f"The first {QUALITY_FIRST} of {counts[name]:,}: [all of them, "
                         f"{len(chunks)} pages]({quality_path(name, 1).split('/', 1)[1]}).")
            for name, chunks in parts.items()}
    pages = [Page(path, env.get_template("quality.md.j2").render(
        **{name: (found[:QUALITY_FIRST] if name in parts else found)
           for name, found in rows.items()},
        counts=counts, more=more, link=link))]
    template = env.get_template("quality-part.md.j2")
    for name, chunks in parts.items():
        pages += [Page(quality_path(name, n), template.render(
            heading=QUALITY_GROUPS[name], rows=chunk, number=n, name=name,
            count=len(chunks), total=counts[name], link=link,
            targets=[Markup(quality_path(name, k).rsplit("/", 1)[1])
                     for k in range(1, len(chunks) + 1)]))
            for n, chunk in enumerate(chunks, 1)]
    return pages


def quality_path(name: str, number: int) -> str:
    return f"{REPORTS}/data-quality/{name.replace('_', '-')}-{number}.md"


def place_label(graph: Graph, place: tuple[str, int, str | None]) -> Markup:
    """`position 1 (President of Russia)`: an item by its number and what it names."""
    noun, index, target = place
    named = graph.entities.get(target) if isinstance(target, str) else None
    return Markup(escape_inline(f"{noun} {index + 1}" + (f" ({named.name})" if named else "")))


def entity_quality(entity: Entity) -> tuple[tuple[tuple, ...], tuple[tuple, ...], bool, bool]:
    """What this entity adds to the report: the places of its relations without a source
    and of those without a period; whether it lacks a summary, and sources."""
    unsourced, undated = [], []
    entity_type = schema.entity_type(entity.type)
    for f in entity_type.relations:
        for index, item in enumerate(entity.get(f.name, [])):
            place = (f.item_noun, index, item.get(f.key.name) if f.key else None)
            if not item.get(schema.SOURCES):
                unsourced.append(place)
            if f.has_period and not any(item.get(s.name) for s in f.record_fields
                                        if s.period in ("start", "end")):
                undated.append(place)
    return (tuple(unsourced), tuple(undated), not entity.get("summary"),
            entity_type.cited and not entity.get(schema.SOURCES))


def offices(graph: Graph) -> list[Entity]:
    """The entities held in turn: named by the key of a relation declared `terms`."""
    types = {t for entity_type in schema.entity_types() for f in entity_type.relations
             if f.terms for t in f.key.targets}
    return [entity for t in sorted(types) for entity in graph.of_type(t)]


def office_gaps(graph: Graph, office: Entity, memo: Memo,
                ) -> tuple[tuple[Entity, Entity, Entity, str, str], ...]:
    """(office, holder before, holder after, end, start) wherever a term ends well before
    the next begins."""
    links = tuple(lk for lk in graph.incoming.get(office.id, ())
                  if lk.item is not None and is_term(graph, lk) and lk.item.get(BEGIN))
    cached = memo.store.get((office.id, "gaps"))
    if cached is not None and cached[0] is office and same(cached[1][0], links):
        found = cached[1][1]
    else:
        terms = sorted(((as_date(lk.item[BEGIN]), as_date(lk.item.get(END)), lk.source)
                        for lk in links), key=lambda t: (t[0].first_day(), t[2]))
        found = tuple((before, after, end.human(), start.human())
                      for (_, end, before), (start, _, after)
                      in zip(terms, terms[1:], strict=False)
                      if end is not None and surely_before(end, start)
                      and not adjacent(end, start))
        memo.store[(office.id, "gaps")] = (office, (links, found))
    return tuple((office, graph.entities[before], graph.entities[after], end, start)
                 for before, after, end, start in found)

"""Stage 4: turn the graph into Markdown pages, through the Jinja templates beside this file.

Python here only decides *what* a page shows (which relations, in which order, which
citations); the templates decide how it looks. Every string from the data reaches the
page through `escape_inline` (the environment's `finalize`) unless it is built here as
`Markup` from already-escaped parts.
"""

from __future__ import annotations

import html
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from urllib.parse import quote

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from .dates import adjacent, as_date, surely_before
from .exports import json_ld
from .graph import Graph, Link, sort_key
from .markup import description_markdown, escape_inline
from .records import Entity
from .schema import (
    CHOICE,
    COMMON_FIELDS,
    DATE,
    ENTITY_TYPES,
    LIST,
    RECORD,
    REF,
    TEXT_MAP,
    TYPES_BY_NAME,
    URL,
    EntityType,
    Field,
)

URL_SAFE = ":/?#@!$&'*+,;=%~-._"
TEMPLATES = Path(__file__).parent / "templates"
# Fields not shown in the infobox: they have sections of their own.
COMMON_NAMES = frozenset(f.name for f in COMMON_FIELDS)
OWN_SECTIONS = {"name", "names", "aliases", "summary", "description", "sources", "facts"}
LANGUAGES = {"ru": "Russian", "en": "English", "hy": "Armenian", "be": "Belarusian",
             "kk": "Kazakh", "ky": "Kyrgyz", "tg": "Tajik", "uz": "Uzbek"}


@dataclass(frozen=True)
class Page:
    path: str  # relative to docs/, forward slashes
    content: str


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


def render_pages(graph: Graph, changed: dict[str, str] | None = None,
                 entity_ids: set[str] | None = None) -> list[Page]:
    """Entity pages, and the small pages about the wiki (its overview, the format
    reference, redirects). `changed` maps an entity file to its last commit date;
    `entity_ids` limits which entity pages are rendered (all if None)."""
    entities = [entity for entity in graph.entities.values()
                if entity_ids is None or entity.id in entity_ids]
    return entity_pages(graph, entities, changed) + wiki_pages(graph)


def entity_pages(graph: Graph, entities: Iterable[Entity],
                 changed: dict[str, str] | None = None) -> list[Page]:
    env = environment()
    changed = changed or {}
    return [Page(entity_path(entity), entity_page(env, graph, entity, changed.get(entity.path)))
            for entity in entities]


def wiki_pages(graph: Graph) -> list[Page]:
    """The small pages about the wiki: its overview and redirects. (The format reference
    is committed as docs/reference.md: see `reference`.)"""
    overview = environment().get_template("overview.md.j2").render(
        types=[(t, len(graph.of_type(t.name))) for t in ENTITY_TYPES],
        total=len(graph.entities))
    return [Page("_generated/overview.md", overview), *redirect_pages(graph)]


def entity_path(entity: Entity) -> str:
    return f"{entity.type}/{entity.id}.md"


def redirect_pages(graph: Graph) -> list[Page]:
    """For each former id, a page at the old address that sends the reader on."""
    template = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True,
                           keep_trailing_newline=True).get_template("redirect.html.j2")
    pages = []
    for entity in graph.entities.values():
        for old_id in entity.get("former_ids", []):
            # From <type>/<old-id>.html to <type>/<id>.html, beside it.
            target = f"{entity.id}.html"
            pages.append(Page(f"{entity.type}/{old_id}.html",
                              template.render(name=entity.name, target=target)))
    return pages


@lru_cache(maxsize=2)
def environment(escape: bool = True) -> Environment:
    """Templates for pages; `escape=False` only for text of our own (the format reference)."""
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=False,
        finalize=(lambda value: value if isinstance(value, Markup) else escape_inline(str(value)))
        if escape else None,
    )
    # Front matter reaches the theme's <title> and <meta> unescaped: escape HTML, quote as YAML.
    env.filters["yaml"] = lambda value: Markup(
        json.dumps(html.escape(str(value), quote=True), ensure_ascii=False))
    env.filters["yaml_raw"] = lambda value: Markup(json.dumps(value, ensure_ascii=False))
    return env


def search_words(entity: Entity) -> list[str]:
    """The words of an entity's names for the search index's `tags` field.

    Material's search ranks `tags` far above the text, without stemming and without
    regard to length, so a word is repeated the more, the shorter the name it belongs
    to (the names themselves are left out of the indexed text): `CSTO`, a whole alias,
    outweighs the same word inside an event's long name, and `Путин` in `Владимир Путин`
    outweighs `Путина` inside a meeting's name.
    """
    names = [entity.name, *entity.get("names", {}).values(), *entity.get("aliases", [])]
    weights: dict[str, int] = {}
    for name in names:
        words = [w.strip("()[],.;:\"'«»").casefold() for w in name.split()]
        words = [w for w in words if w]
        for word in words:
            weights[word] = max(weights.get(word, 0), max(1, 4 - len(words)))
    return [html.escape(word) for word, weight in weights.items() for _ in range(weight)]


def link(entity: Entity, base: str = "../") -> Markup:
    return _link(entity.name, entity.type, entity.id, base)


@lru_cache(maxsize=65536)
def _link(name: str, type_name: str, entity_id: str, base: str) -> Markup:
    return Markup(f"[{escape_inline(name)}]({base}{type_name}/{entity_id}.md)")


def value_markup(graph: Graph, f: Field, value, base: str = "../") -> Markup:
    """A declared field's value as Markdown, for infoboxes and tables."""
    if f.kind == REF:
        return link(graph.entities[value], base)
    if f.kind == DATE:
        date = as_date(value)
        return Markup(f'<time datetime="{date.iso()}">{escape_inline(date.human())}</time>')
    if f.kind == URL:
        return Markup(f"[{escape_inline(value)}]({quote(value, safe=URL_SAFE)})")
    if f.kind == LIST and f.item.kind == REF:
        return Markup(", ".join(value_markup(graph, f.item, v, base) for v in value))
    if f.kind == LIST and f.item.kind != RECORD:
        return Markup(", ".join(escape_inline(str(v)) for v in value))
    if f.kind == TEXT_MAP:
        pairs = (f"{escape_inline(k)}: {escape_inline(v)}" for k, v in value.items())
        return Markup(", ".join(pairs))
    if isinstance(value, int | float) and not isinstance(value, bool):
        return Markup(f"{value:,}")  # 22,000
    if f.kind == CHOICE:
        return Markup(escape_inline(str(value).capitalize()))
    return Markup(escape_inline(str(value)))


def entity_page(env: Environment, graph: Graph, entity: Entity,
                last_change: str | None = None) -> str:
    entity_type = TYPES_BY_NAME[entity.type]
    cite = Citations(graph)

    def show(f: Field, value) -> Markup:
        return value_markup(graph, f, value)

    def resolve(target: str):
        other = graph.entities.get(target)
        return None if other is None else (f"../{other.type}/{other.id}.md", other.name)

    shown = [f for f in entity_type.fields if f.name in entity.values
             and f.name not in OWN_SECTIONS and not (f.kind == LIST and f.item.kind == RECORD)]
    infobox = [(f.label, show(f, entity.values[f.name])) for f in shown
               if f.name not in COMMON_NAMES]
    infobox_common = [(f.label, show(f, entity.values[f.name])) for f in shown
                      if f.name in COMMON_NAMES]  # identifiers, tags: after the names
    description = entity.get("description")
    context = dict(
        entity=entity,
        type=entity_type,
        summary=entity.get("summary"),
        infobox=infobox,
        infobox_common=infobox_common,
        names=[(LANGUAGES.get(k, k), v) for k, v in sorted(entity.get("names", {}).items())],
        aliases=entity.get("aliases", []),
        description=Markup(description_markdown(description, resolve)) if description else "",
        entity_sources=cite(entity.get("sources")),
        facts=[(fact, show(Field("value", "value", ""), fact["value"]),
                show(Field("date", DATE, ""), fact["date"]) if "date" in fact else "",
                cite(fact.get("sources"))) for fact in entity.get("facts", [])],
        own_relations=own_relations(graph, entity, entity_type, cite),
        derived=derived_relations(graph, entity, cite),
        holders=holders(graph, entity, cite) if entity.type == "offices" else [],
        succession=succession(graph, entity) if entity.type == "officials" else [],
        office_holders=office_holders(graph, entity),
        cited_by=cited_by(graph, entity) if entity.type == "sources" else [],
        membership_years=membership_years(graph, entity),
        json_ld=json_ld(graph, entity),
        search_names=search_words(entity),
        data_link=Markup(f"[JSON]({entity.id}/data.json)"),
        last_change=as_date(last_change).human() if last_change else "",
        mentioned_in=[link(e) for e in graph.mentioned_in(entity.id)],
        link=link,
        show=show,
    )
    return env.get_template("entity.md.j2").render(
        **context, cite=cite, human_date=lambda text: as_date(text).human())


@dataclass(frozen=True)
class Row:
    cells: tuple[Markup, ...]


@dataclass(frozen=True)
class Section:
    heading: str
    columns: tuple[str, ...]
    groups: tuple[tuple[str, tuple[Row, ...]], ...]  # (label, rows): current, former, undated


def period(item: dict) -> Markup:
    start, end, seen = (as_date(item.get(k)) for k in ("from", "to", "as_of"))
    if start and end:
        text = f"{start.human()} – {end.human()}"
    elif start:
        text = f"since {start.human()}"
    elif end:
        text = f"until {end.human()}"
    elif seen:
        text = f"as of {seen.human()}"
    else:
        text = "dates not recorded"
    return Markup(escape_inline(text))


def status_group(item: dict) -> str:
    if item.get("to") or item.get("withdrawn"):
        return "Former"
    if item.get("from") or item.get("signed") or item.get("ratified"):
        return "Current"
    return "Period not recorded"


GROUP_ORDER = ("Current", "Former", "Period not recorded")


def grouped(rows: list[tuple[dict, Row]], dated: bool) -> tuple[tuple[str, tuple[Row, ...]], ...]:
    if not dated:
        return (("", tuple(row for _, row in rows)),)
    groups: dict[str, list[Row]] = {}
    for item, row in rows:
        groups.setdefault(status_group(item), []).append(row)
    return tuple((label, tuple(groups[label])) for label in GROUP_ORDER if label in groups)


def item_cells(graph: Graph, f: Field, item: dict, cite: Citations, skip: str) -> list[Markup]:
    """The cells of a relation item other than the entity it names."""
    cells = []
    names = [s.name for s in f.item.fields]
    if "from" in names:
        cells.append(period(item))
    for sub in f.item.fields:
        if sub.name in (skip, "from", "to", "as_of", "sources", "note"):
            continue
        value = item.get(sub.name, sub.default)
        cells.append(value_markup(graph, sub, value) if value is not None else Markup(""))
    cells.append(cite(item.get("sources")))
    cells.append(Markup(escape_inline(item.get("note", ""))))
    return cells


def item_columns(f: Field, skip: str) -> list[str]:
    names = [s.name for s in f.item.fields]
    columns = ["Period"] if "from" in names else []
    columns += [s.label for s in f.item.fields
                if s.name not in (skip, "from", "to", "as_of", "sources", "note")]
    return [*columns, "Sources", "Note"]


def is_dated(f: Field) -> bool:
    return any(s.name in ("from", "to", "withdrawn") for s in f.item.fields)


def own_relations(graph: Graph, entity: Entity, entity_type: EntityType,
                  cite: Citations) -> list[Section]:
    sections = []
    for f in entity_type.fields:
        if f.kind != LIST or f.item.kind != RECORD or f.name == "facts":
            continue
        if not entity.get(f.name):
            continue
        key = next(s for s in f.item.fields if s.kind == REF)
        rows = [(item, Row((value_markup(graph, key, item[key.name]),
                            *item_cells(graph, f, item, cite, key.name))))
                for item in entity.get(f.name)]
        columns = (key.label, *item_columns(f, key.name))
        sections.append(Section(f.label, columns, grouped(rows, is_dated(f))))
    return sections


def derived_relations(graph: Graph, entity: Entity, cite: Citations) -> list[Section]:
    """The other side of every reference to this entity, grouped by the declared inverse."""
    by_heading: dict[str, list[Link]] = {}
    for item_link in graph.incoming.get(entity.id, ()):
        if item_link.leaf == "sources" or (entity.type == "offices"
                                            and item_link.field == "positions"):
            continue  # shown as citations / as the list of holders
        by_heading.setdefault(item_link.inverse, []).append(item_link)
    sections = []
    for heading in sorted(by_heading):
        links = by_heading[heading]
        first = links[0]
        declared = TYPES_BY_NAME[graph.entities[first.source].type].field(first.field)
        if first.item is not None and declared.kind == LIST and declared.item.kind == RECORD:
            key = next(s for s in declared.item.fields if s.kind == REF and s.inverse == heading)
            ordered = sorted(links, key=lambda lk: sort_key(graph.entities[lk.source]))
            rows = [(lk.item, Row((link(graph.entities[lk.source]),
                                   *item_cells(graph, declared, lk.item, cite, key.name))))
                    for lk in ordered]
            source_label = TYPES_BY_NAME[graph.entities[first.source].type].singular.capitalize()
            columns = (source_label, *item_columns(declared, key.name))
            sections.append(Section(heading, columns, grouped(rows, is_dated(declared))))
        else:
            others = sorted((graph.entities[i] for i in {lk.source for lk in links}), key=sort_key)
            rows = [({}, Row((link(e), Markup(escape_inline(e.get("summary", ""))))))
                    for e in others]
            sections.append(Section(heading, ("Name", "Summary"), grouped(rows, False)))
    return sections


def term_key(item: dict) -> tuple:
    date = as_date(item.get("from") or item.get("as_of") or item.get("to"))
    return date.first_day() if date else (9999, 12, 31)


def holders(graph: Graph, office: Entity, cite: Citations) -> list[dict]:
    """An office's holders in order of their terms."""
    terms = sorted((lk for lk in graph.incoming.get(office.id, ()) if lk.field == "positions"),
                   key=lambda lk: (term_key(lk.item), lk.source))
    rows, previous_end = [], None
    for lk in terms:
        start = as_date(lk.item.get("from"))
        if (previous_end and start and surely_before(previous_end, start)
                and not adjacent(previous_end, start)):
            rows.append(dict(official="", vacant=True, sources="", note="",
                             period=Markup(escape_inline(
                                 f"{previous_end.human()} – {start.human()}"))))
        rows.append(dict(official=link(graph.entities[lk.source]), vacant=False,
                         number=sum(1 for row in rows if not row["vacant"]) + 1,
                         period=period(lk.item), sources=cite(lk.item.get("sources")),
                         note=lk.item.get("note", "")))
        previous_end = as_date(lk.item.get("to")) if start else None
    return rows


def succession(graph: Graph, official: Entity) -> list[dict]:
    """For each office held: who held it before and after."""
    boxes = []
    for position in official.get("positions", []):
        office = graph.entities[position["office"]]
        terms = sorted((lk for lk in graph.incoming.get(office.id, ())
                        if lk.field == "positions"), key=lambda lk: (term_key(lk.item), lk.source))
        index = next(i for i, lk in enumerate(terms) if lk.item is position)
        before = terms[index - 1].source if index > 0 else None
        after = terms[index + 1].source if index + 1 < len(terms) else None
        boxes.append(dict(
            office=link(office), period=period(position),
            predecessor=link(graph.entities[before]) if before else "",
            successor=link(graph.entities[after]) if after else ""))
    return boxes


def office_holders(graph: Graph, entity: Entity) -> list[dict]:
    """For a state or council: the people holding its offices."""
    rows = []
    for lk in graph.incoming.get(entity.id, ()):
        if lk.field != "belongs_to":
            continue
        office = graph.entities[lk.source]
        for term in graph.incoming.get(office.id, ()):
            if term.field == "positions":
                rows.append((sort_key(office), term_key(term.item), dict(
                    office=link(office), official=link(graph.entities[term.source]),
                    period=period(term.item))))
    return [row for *_, row in sorted(rows, key=lambda r: (r[0], r[1]))]


def cited_by(graph: Graph, source: Entity) -> list[dict]:
    """Every claim that cites this source: the entity and the place in it."""
    claims = []
    for lk in graph.incoming.get(source.id, ()):
        if lk.leaf == "sources":
            citing = graph.entities[lk.source]
            claim = claim_label(graph, lk.where.rsplit(".sources", 1)[0], lk.item) \
                if ".sources" in lk.where else Markup("the entity as a whole")
            claims.append((sort_key(citing), lk.where, dict(entity=link(citing), claim=claim)))
    return [c for *_, c in sorted(claims, key=lambda c: (c[0], c[1]))]


def claim_label(graph: Graph, place: str, item: dict | None) -> Markup:
    """`members[2]` → `Members: Armenia, as of 30 November 2017`; `facts[0]` → the fact."""
    field_name = place.split("[")[0]
    label = field_name.replace("_", " ").capitalize()
    if not item:
        return Markup(escape_inline(label))
    if field_name == "facts":
        return Markup(escape_inline(f"{label}: {item['property']}"))
    named = [graph.entities[v] for k, v in item.items() if k != "sources"
             and isinstance(v, str) and v in graph.entities]
    parts = [link(e) for e in named]
    if any(k in item for k in ("from", "to", "as_of")):
        parts.append(period(item))
    return Markup(f"{escape_inline(label)}: " + ", ".join(parts))


def reference_page() -> Page:
    """The format reference for contributors, from the type declarations."""
    template = environment(escape=False).get_template("reference.md.j2")
    return Page("_generated/reference.md", template.render(types=ENTITY_TYPES, kinds=KIND_NAMES))


KIND_NAMES = {
    "text": "text", "markdown": "Markdown", "date": "date", "url": "http(s) URL",
    "integer": "whole number", "value": "number or text", "choice": "one of",
    "slug": "tag", "ref": "id of", "text_map": "mapping", "list": "list", "record": "mapping",
}


def membership_years(graph: Graph, council: Entity) -> dict:
    """A council's membership as a year-by-year grid: state → the years it was a member."""
    members = council.get("members", []) if council.type == "councils" else []
    dates = [as_date(m.get(k)) for m in members for k in ("from", "to", "as_of") if m.get(k)]
    if not dates:
        return {}
    first, last = min(d.year for d in dates), max(d.year for d in dates)
    if last - first > 60:
        first = last - 60  # keep the grid readable; the tables above give every date
    years = list(range(first, last + 1))
    grid: dict[str, dict[int, str]] = {}
    for member in members:
        marks = grid.setdefault(member["state"], {})
        symbol = {"member": "●", "observer": "○", "suspended": "◐"}[member.get("status", "member")]
        start, end, seen = (as_date(member.get(k)) for k in ("from", "to", "as_of"))
        span = ([y for y in years if start.year <= y <= (end.year if end else last)] if start
                else [seen.year] if seen else [])
        for year in span:
            marks[year] = symbol
    rows = sorted(((graph.entities[state], marks) for state, marks in grid.items()),
                  key=lambda row: sort_key(row[0]))
    return dict(years=years, rows=[(link(e), [marks.get(y, "") for y in years])
                                   for e, marks in rows])

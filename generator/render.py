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

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from . import chart, kinds, pagination, schema
from .dates import PartialDate, adjacent, as_date, surely_before
from .exports import json_ld
from .graph import Graph, Link, is_term, seats, sort_key
from .markup import description_markdown, escape_inline
from .records import Entity
from .schema import COMMON_FIELDS, EntityType, Field

TEMPLATES = Path(__file__).parent / "templates"
# Fields every type has: after the type's own in the infobox.
COMMON_NAMES = frozenset(f.name for f in COMMON_FIELDS)


@dataclass(frozen=True)
class Reads:
    """What rendering an entity's page read of the graph (see `Recording`)."""

    page_of: str  # the entity's id
    entities: frozenset[str]  # looked up
    incoming: frozenset[str]  # whose incoming references it went through
    outgoing: frozenset[str]  # whose outgoing references
    mentions: frozenset[str]  # whose mentions
    types: frozenset[str]  # whose list of entities

    def depends_on(self, changed: set[str], linked: set[str], types: set[str]) -> bool:
        """Whether a change to the entities `changed`, which alters the references to
        and mentions of `linked`, and the entities of `types`, may alter the page."""
        return bool(not self.entities.isdisjoint(changed)
                    or not self.outgoing.isdisjoint(changed)
                    or not self.incoming.isdisjoint(linked)
                    or not self.mentions.isdisjoint(linked)
                    or not self.types.isdisjoint(types))


@dataclass(frozen=True)
class Page:
    path: str  # relative to docs/, forward slashes
    content: str
    reads: Reads | None = field(default=None, compare=False, repr=False)


class ReadsOf:
    """A mapping of the graph that notes each key asked for."""

    __slots__ = ("data", "keys")

    def __init__(self, data: dict) -> None:
        self.data, self.keys = data, set()

    def __getitem__(self, key):
        self.keys.add(key)
        return self.data[key]

    def get(self, key, default=None):
        self.keys.add(key)
        return self.data.get(key, default)

    def __contains__(self, key) -> bool:
        self.keys.add(key)
        return key in self.data


class Recording:
    """The graph as a page sees it, noting what the page reads (for `wiki serve`)."""

    def __init__(self, graph: Graph) -> None:
        self.graph = graph
        self.entities = ReadsOf(graph.entities)
        self.incoming = ReadsOf(graph.incoming)
        self.outgoing = ReadsOf(graph.outgoing)
        self.mentions = ReadsOf(graph.mentions)
        self.types: set[str] = set()

    def of_type(self, type_name: str) -> list[Entity]:
        self.types.add(type_name)
        return self.graph.of_type(type_name)

    mentioned_in = Graph.mentioned_in  # through the recording mappings above

    def reads(self, entity_id: str) -> Reads:
        return Reads(entity_id, frozenset(self.entities.keys), frozenset(self.incoming.keys),
                     frozenset(self.outgoing.keys), frozenset(self.mentions.keys),
                     frozenset(self.types))


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
                 entity_ids: set[str] | None = None, record: bool = False) -> list[Page]:
    """Entity pages, and the small pages about the wiki (its overview, the format
    reference, redirects). `changed` maps an entity file to its last commit date;
    `entity_ids` limits which entity pages are rendered (all if None); with `record`,
    each entity page carries what it read of the graph."""
    entities = [entity for entity in graph.entities.values()
                if entity_ids is None or entity.id in entity_ids]
    return entity_pages(graph, entities, changed, record) + wiki_pages(graph)


def entity_pages(graph: Graph, entities: Iterable[Entity],
                 changed: dict[str, str] | None = None, record: bool = False) -> list[Page]:
    env = environment()
    changed = changed or {}
    pages = []
    for entity in entities:
        recording = Recording(graph) if record else None
        content, lists = entity_page(env, recording or graph, entity, changed.get(entity.path))
        reads = recording.reads(entity.id) if record else None
        pages.append(Page(entity_path(entity), content, reads))
        pages += [Page(path, text, reads) for path, text in lists]
    return pages


def wiki_pages(graph: Graph) -> list[Page]:
    """The small pages about the wiki: its overview and redirects. (The format reference
    is committed as docs/reference.md: see `reference`.)"""
    overview = environment().get_template("overview.md.j2").render(
        types=[(t, len(graph.of_type(t.name))) for t in schema.entity_types()],
        total=len(graph.entities), period=wiki_period(graph))
    return [Page("_generated/overview.md", overview), *redirect_pages(graph), *ignore_files()]


GENERATED_FOLDERS = ("_generated", "wiki", "downloads")  # besides one folder a type


def ignore_files() -> list[Page]:
    """In each folder the generator writes, a `.gitignore` that keeps all of it out of
    git: no list of the types to keep in step by hand. (MkDocs leaves out dot-files.)"""
    folders = (*GENERATED_FOLDERS, *(t.name for t in schema.entity_types()))
    return [Page(f"{folder}/.gitignore", "# Written by the generator: nothing here is "
                 "kept in git.\n*\n") for folder in folders]


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


def search_names(entity: Entity) -> dict[str, list[str]]:
    """An entity's names for search, by language ("" for its name and aliases); the step
    after the build (`search`) weighs them in the index."""
    return {"": [entity.name, *entity.get("aliases", [])],
            **{tag: [name] for tag, name in sorted(entity.get("names", {}).items())}}


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


def entity_page(env: Environment, graph: Graph, entity: Entity,
                last_change: str | None = None) -> tuple[str, list[tuple[str, str]]]:
    """The entity's page, and the pages of its long lists (path, content)."""
    entity_type = schema.entity_type(entity.type)
    cite = Citations(graph)

    def show(f: Field, value) -> Markup:
        return value_markup(graph, f, value)

    def resolve(target: str):
        other = graph.entities.get(target)
        return None if other is None else (f"../{other.type}/{other.id}.md", other.name)

    description = entity.get("description")
    context = dict(
        entity=entity,
        type=entity_type,
        summary=entity.get("summary"),
        heading=kind_label(entity, entity_type),
        description=Markup(description_markdown(description, resolve)) if description else "",
        entity_sources=cite(entity.get(schema.SOURCES)),
        facts=[(fact, show(FACT_VALUE, fact["value"]),
                show(FACT_DATE, fact["date"]) if "date" in fact else "",
                cite(fact.get(schema.SOURCES))) for fact in entity.get("facts", [])],
        relations=own_relations(graph, entity, entity_type, cite)
        + derived_relations(graph, entity, cite) + cited_by(graph, entity),
        holders=holders(graph, entity, cite),
        succession=succession(graph, entity, entity_type),
        office_holders=office_holders(graph, entity),
        timeline=membership_chart(graph, entity, entity_type),
        json_ld=json_ld(graph, entity),
        search_names=search_names(entity),
        mentioned_in=[link(e) for e in graph.mentioned_in(entity.id)],
        link=link,
        show=show,
    )
    context["infobox"] = infobox(graph, entity, entity_type, context["holders"], last_change)
    taken: set[str] = set()
    split = [pagination.split(section, entity.type, entity.id, taken)
             for section in context["relations"]]
    context["relations"] = [section for section, _ in split]
    page = env.get_template("entity.md.j2").render(
        **context, cite=cite, human_date=lambda text: as_date(text).human())
    lists = [part for _, parts in split for part in parts]
    if not lists:
        return page, []
    template = env.get_template("list-page.md.j2")
    return pagination.without_unused_notes(page), [
        (part.path, template.render(
            entity=entity, part=part, link=link,
            pages=[(other.number, Markup(other.path.split("/")[-1]))
                   for _, parts in split for other in parts
                   if other.section.heading == part.section.heading],
            notes=pagination.used_notes("".join(cell for _, rows in part.section.groups
                                                for row in rows for cell in row.cells),
                                        cite.notes()),
            human_date=lambda text: as_date(text).human()))
        for part in lists]


@dataclass(frozen=True)
class InfoRow:
    """A line of the infobox: a label, its value (Markdown) and the value's language."""

    label: str
    value: Markup
    lang: str = ""  # a BCP 47 tag when the value is in another language than English
    searched: bool = True  # indexed by search with the page's opening


def kind_label(entity: Entity, entity_type: EntityType) -> str:
    """What the entity is, as the infobox heads it: its declared kind, else its type."""
    f = entity_type.field(entity_type.kind) if entity_type.kind else None
    if f is not None and entity.get(f.name):
        return f.kind.label(entity.get(f.name))
    return entity_type.singular.capitalize()


def infobox(graph: Graph, entity: Entity, entity_type: EntityType, office_terms: list[dict],
            last_change: str | None) -> list[InfoRow]:
    """The one table of key facts: the type's own fields, an office's holder, the names
    in other languages, the identifiers, and how current the page is."""
    shown = [f for f in entity_type.fields if f.name in entity.values and f.infobox
             and not f.is_relation and f.name != entity_type.kind]
    rows = [InfoRow(f.label, value_markup(graph, f, entity.values[f.name])) for f in shown
            if f.name not in COMMON_NAMES]
    rows += holder_rows(office_terms)
    names = sorted(entity.get("names", {}).items(),
                   key=lambda pair: kinds.language_name(pair[0]).casefold())
    rows += [InfoRow(f"Name in {kinds.language_name(tag)}", Markup(escape_inline(name)),
                     lang=tag, searched=False) for tag, name in names]
    if entity.get("aliases"):
        rows.append(InfoRow("Also known as", Markup(escape_inline(
            ", ".join(entity.get("aliases")))), searched=False))
    rows += [InfoRow(f.label, value_markup(graph, f, entity.values[f.name]), searched=False)
             for f in shown if f.name in COMMON_NAMES]  # identifiers, tags: after the names
    latest = facts_as_of(graph, entity)
    if latest:
        rows.append(InfoRow("Facts as of", Markup(escape_inline(latest.human())),
                            searched=False))
    rows.append(InfoRow("Data", Markup(f"[JSON]({entity.id}/data.json)"), searched=False))
    if last_change:
        rows.append(InfoRow("Last changed", Markup(as_date(last_change).human()),
                            searched=False))
    return rows


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


def holder_rows(office_terms: list[dict]) -> list[InfoRow]:
    """An office's current holder and since when; else the last one recorded."""
    terms = [t for t in office_terms if not t["gap"]]
    if not terms:
        return []
    current = [t for t in terms if t["current"]]
    if current:
        return [InfoRow("Current holder" if len(current) == 1 else "Current holders",
                        Markup("; ".join(f"{t['person']}, {t['period']}" for t in current)))]
    last = terms[-1]
    return [InfoRow("Last recorded holder", Markup(f"{last['person']}, {last['period']}"))]


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
    more: Markup = Markup("")  # under a long list's first rows: the link to all of it


def period(item: dict, bound: PartialDate | None = None) -> Markup:
    """A period in words: `since 2012`, `1992 – 1999`, `1992 – unknown`, `as of …`. With
    `bound` (the next holder's start), an end not known reads `no later than` it."""
    return Markup(escape_inline(period_text(item.get("from"), item.get("to"),
                                            item.get("as_of"), bound)))


@lru_cache(maxsize=65536)
def period_text(begin: str | None, end: str | None, seen: str | None,
                bound: PartialDate | None = None) -> str:
    start, stop = as_date(begin), as_date(end)
    if end == UNKNOWN and bound is not None:
        finish = f"no later than {bound.human()}"
    else:
        finish = stop.human() if stop else "unknown"
    if begin and end:
        return f"{start.human() if start else 'unknown'} – {finish}"
    if start:
        return f"since {start.human()}"
    if begin:  # began on a day not known, still lasts
        return f"since a date not known{f'; as of {as_date(seen).human()}' if seen else ''}"
    if stop:
        return f"until {stop.human()}"
    if end:
        return f"ended, dates not known{f'; as of {as_date(seen).human()}' if seen else ''}" \
            if bound is None else f"until {finish}"
    if seen:
        return f"as of {as_date(seen).human()}"
    return "dates not recorded"


UNKNOWN = kinds.Date.UNKNOWN


def status_group(f: Field, item: dict) -> str:
    """Where a relation item is listed: by the dates its period fields hold."""
    roles = {s.period for s in f.record_fields if s.period and item.get(s.name)}
    if "end" in roles:
        return "Former"
    if "start" in roles:
        return "Current"
    return "Status not known"


GROUP_ORDER = ("Current", "Former", "Status not known")


def grouped(f: Field, rows: list[tuple[dict, Row]]) -> tuple[tuple[str, tuple[Row, ...]], ...]:
    if not is_dated(f):
        return (("", tuple(row for _, row in rows)),)
    groups: dict[str, list[Row]] = {}
    for item, row in rows:
        groups.setdefault(status_group(f, item), []).append(row)
    return tuple((label, tuple(groups[label])) for label in GROUP_ORDER if label in groups)


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


def is_dated(f: Field) -> bool:
    return any(s.period in ("start", "end") for s in f.record_fields)


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


def term_key(item: dict) -> tuple:
    date = as_date(item.get("from") or item.get("as_of") or item.get("to"))
    return date.first_day() if date else (9999, 12, 31)


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
    rows, previous_end = [], None
    terms = terms_of(graph, office)
    numbered = succession_complete(graph, office, terms)
    number, last_holder = 0, None
    for index, lk in enumerate(terms):
        start = as_date(lk.item.get("from"))
        if previous_end and start and gap_between(previous_end, start):
            rows.append(dict(person="", gap=True, current=False, number="", sources="",
                             note="", period=Markup(escape_inline(
                                 f"{previous_end.human()} – {start.human()}"))))
        official = link(graph.entities[lk.source])
        if lk.item.get("acting"):
            official = Markup(f"{official} (acting)")
        shown_number = ""
        if numbered and start and not lk.item.get("acting") and lk.source != last_holder:
            number, last_holder = number + 1, lk.source
            shown_number = str(number)
        rows.append(dict(person=official, gap=False, number=shown_number,
                         current=bool(start) and not lk.item.get("to"),
                         period=period(lk.item, next_start(terms, index)),
                         sources=cite(lk.item.get(schema.SOURCES)),
                         note=lk.item.get("note", "")))
        if start:
            previous_end = as_date(lk.item.get("to"))
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
    dated = [lk for lk in terms if lk.item.get("from")]
    if reached is None or not dated or seats(office) > 1:
        return False
    for lk in dated:
        start = as_date(lk.item["from"])
        if reached is None or start is None or gap_between(reached, start):
            return False
        reached = as_date(lk.item.get("to"))  # None when it lasts or its end is not known
    return True


def next_start(terms: list[Link], index: int) -> PartialDate | None:
    """The start of the term after this one, which bounds an end not known."""
    if index + 1 < len(terms) and terms[index].item.get("to") == UNKNOWN:
        return as_date(terms[index + 1].item.get("from"))
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
            if not position.get("from"):
                if covered(terms, terms[index]):
                    continue
                before = after = Markup("not recorded")
            else:
                before, after = neighbours(graph, office, terms, index)
            boxes.append(dict(office=link(office), predecessor=before, successor=after,
                              period=period(position, next_start(terms, index))))
    return boxes


def covered(terms: list[Link], attested: Link) -> bool:
    """Whether a day a holder is attested on falls in a dated term of theirs."""
    day = as_date(attested.item.get("as_of"))
    for lk in terms:
        start, end = as_date(lk.item.get("from")), as_date(lk.item.get("to"))
        if lk.source == attested.source and start and day and not surely_before(day, start) \
                and (not lk.item.get("to") or (end and not surely_before(end, day))):
            return True
    return False


def neighbours(graph: Graph, office: Entity, terms: list[Link], index: int,
               ) -> tuple[Markup, Markup]:
    """The holders before and after a dated term, among the dated terms."""
    dated = [lk for lk in terms if lk.item.get("from")]
    here = dated.index(terms[index])
    item = terms[index].item
    start, end = as_date(item["from"]), as_date(item.get("to"))
    entity_type = schema.entity_type(office.type)
    began = as_date(office.get(entity_type.starts)) if entity_type.starts else None
    if here > 0:
        prior = dated[here - 1]
        before = link(graph.entities[prior.source])
        prior_end = as_date(prior.item.get("to"))
        if not prior_end or (start and gap_between(prior_end, start)):
            before = Markup(f"not recorded (earlier: {before})")
    elif began and start and not gap_between(began, start):
        before = Markup("none: the first holder")
    else:
        before = Markup("not recorded")
    if not item.get("to"):
        after = Markup("none yet: in office")
    elif here + 1 < len(dated):
        following = dated[here + 1]
        after = link(graph.entities[following.source])
        next_begin = as_date(following.item.get("from"))
        if not end or (next_begin and gap_between(end, next_begin)):
            after = Markup(f"not recorded (later: {after})")
    else:
        after = Markup("not recorded")
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


def reference_page() -> Page:
    """The format reference for contributors, from the type declarations."""
    template = environment(escape=False).get_template("reference.md.j2")
    return Page("_generated/reference.md", template.render(types=schema.entity_types()))


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
        if member.get("from"):
            periods.setdefault(other.id, []).append(chart.Period(
                member["from"], member.get("to"), member.get("status", "member")))
        else:
            undated.append(Markup(f"{link(other)} ({period(member)})"))
    rows = sorted(((graph.entities[i], tuple(sorted(ps, key=lambda p: chart.year_of(p.start))))
                   for i, ps in periods.items()),
                  key=lambda row: (chart.year_of(row[1][0].start), sort_key(row[0])))
    begins = entity.get(entity_type.starts) if entity_type.starts else None
    svg = chart.timeline(f"{f.label} of {entity.name} over time",
                         [chart.Row(e.name, ps) for e, ps in rows], undated, begins,
                         f.item_noun + "s")
    if not svg and not undated:
        return {}
    return dict(svg=svg, undated=Markup(", ").join(undated), legend=MEMBERSHIP_LEGEND)


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
        if lk.item.get("from"):
            periods.setdefault(holder.id, []).append(chart.Period(lk.item["from"],
                                                                  lk.item.get("to")))
        else:
            undated.append(Markup(f"{link(holder)} ({period(lk.item)})"))
    rows = [chart.Row(graph.entities[i].name, tuple(ps)) for i, ps in periods.items()]
    svg = chart.timeline(f"Holders of {office.name} over time", rows, undated, None, "terms")
    if not svg and not undated:
        return {}
    return dict(svg=svg, undated=Markup(", ").join(undated), legend=TERMS_LEGEND)

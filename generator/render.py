"""Stage 4: turn the graph into Markdown pages, through the Jinja templates beside this file.

Python decides *what* a page shows (which relations, in which order, which citations:
the parts of an entity's page are worked out in `generator/pages/`); the templates
decide how it looks. An entity's page is its type's template (`EntityType.page`), which
extends `templates/entity/base.md.j2`.

One escaping boundary: every value a template outputs passes through `escape_inline`
(the environment's `finalize`) unless it is `Markup`, which only the field kinds, the
links and the modules under `pages/` build, from parts they have escaped.
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

from . import pagination, schema
from .dates import as_date
from .exports import json_ld
from .graph import Graph
from .markup import description_markdown, escape_inline
from .pages.charts import membership_chart
from .pages.holders import holders, office_holders, succession, terms_of
from .pages.infobox import infobox, wiki_period
from .pages.relations import (
    FACT_DATE,
    FACT_VALUE,
    cited_by,
    declared,
    derived_relations,
    own_relations,
)
from .pages.values import Citations, View, link, value_markup
from .records import Entity
from .schema import Field
from .tables import without_empty_columns

TEMPLATES = Path(__file__).parent / "templates"
__all__ = ["Citations", "View", "link", "value_markup"]  # for the other page writers
ASOF_PAGE = "wiki/as-of.md"  # the world as of a date (`asof` writes its data)


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
        self.wiki = graph.wiki
        self.types: set[str] = set()

    def of_type(self, type_name: str) -> list[Entity]:
        self.types.add(type_name)
        return self.graph.of_type(type_name)

    mentioned_in = Graph.mentioned_in  # through the recording mappings above

    def reads(self, entity_id: str) -> Reads:
        return Reads(entity_id, frozenset(self.entities.keys), frozenset(self.incoming.keys),
                     frozenset(self.outgoing.keys), frozenset(self.mentions.keys),
                     frozenset(self.types))


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
        auto_reload=False,  # no file check each time a page includes a template
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
        description=Markup(description_markdown(description, resolve)) if description else "",
        entity_sources=cite(entity.get(schema.SOURCES)),
        facts=[(fact, show(FACT_VALUE, fact["value"]),
                show(FACT_DATE, fact["date"]) if "date" in fact else "",
                cite(fact.get(schema.SOURCES))) for fact in entity.get("facts", [])],
        relations=[without_empty_columns(section) for section in
                   own_relations(graph, entity, entity_type, cite)
                   + derived_relations(graph, entity, cite) + cited_by(graph, entity)],
        holders=holders(graph, entity, cite),
        succession=succession(graph, entity, entity_type),
        office_holders=office_holders(graph, entity),
        timeline=membership_chart(graph, entity, entity_type),
        json_ld=json_ld(graph, entity),
        search_names=search_names(entity),
        mentioned_in=[link(e) for e in graph.mentioned_in(entity.id)],
        as_of=Markup(f"../{ASOF_PAGE}?for={entity.id}") if dated_relations(graph, entity)
        else "",
        link=link,
        show=show,
    )
    context["box"] = infobox(graph, entity, entity_type, context["holders"], last_change)
    taken: set[str] = set()
    split = [pagination.split(section, entity.type, entity.id, taken)
             for section in context["relations"]]
    context["relations"] = [section for section, _ in split]
    page = env.get_template(f"entity/{entity_type.page}.md.j2").render(
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


def over_time(f: Field) -> bool:
    """A relation that the page "As of a date" answers for: terms, periods, treaties'
    participations."""
    return f.is_relation and f.key is not None and (f.terms or f.has_period or bool(f.consent))


def dated_relations(graph: Graph, entity: Entity) -> bool:
    """Whether the entity is in the answers of "As of a date": it has, or is named by, a
    relation over time, or its offices have holders."""
    if any(over_time(f) and entity.get(f.name) for f in schema.entity_type(entity.type).fields):
        return True
    for lk in graph.incoming.get(entity.id, ()):
        f = declared(graph, lk)
        if lk.item is not None and not lk.citation and over_time(f):
            return True
        if lk.item is None and f.holders_on_target and terms_of(graph, graph.entities[lk.source]):
            return True
    return False


def reference_page() -> Page:
    """The format reference for contributors, from the type declarations."""
    template = environment(escape=False).get_template("reference.md.j2")
    return Page("_generated/reference.md", template.render(types=schema.entity_types()))



"""The list page of each type (`docs/<type>/index.md`): a table of every entity, in name
order, through which readers reach the entity pages (they stay out of the navigation).

A type with more than `LETTER_PAGES_FROM` entities gets a table for each initial letter
(`docs/<type>/index/<letter>.md`) and, as its list page, the letters with their counts:
a page of thousands of rows is slow to open, and slow to build again after every edit.
"""

from __future__ import annotations

import unicodedata

from . import schema
from .graph import Graph, sort_key
from .records import Entity
from .render import Page, environment, link, value_markup
from .schema import EntityType

LETTER_PAGES_FROM = 500
OTHER = "other"  # names that do not begin with a letter from a to z


def list_pages(graph: Graph, letters: dict[str, set[str] | None] | None = None) -> list[Page]:
    """The list pages; with `letters`, only those of the types it names and, of a type
    with a page for each letter, the pages of the letters it names (all if None)."""
    template = environment().get_template("index.md.j2")
    pages = []
    for entity_type in schema.entity_types():
        if letters is not None and entity_type.name not in letters:
            continue
        entities = sorted(graph.of_type(entity_type.name), key=sort_key)
        folder = entity_type.name
        if len(entities) <= LETTER_PAGES_FROM:
            pages.append(Page(f"{folder}/index.md", template.render(
                type=entity_type, letter=None, letters=[], **table(graph, entity_type,
                                                                   entities, "../"))))
            continue
        groups: dict[str, list[Entity]] = {}
        for entity in entities:
            groups.setdefault(initial(entity), []).append(entity)
        pages.append(Page(f"{folder}/index.md", template.render(
            type=entity_type, letter=None, columns=[], groups=[],
            letters=[(letter, letter_label(letter), len(groups[letter]))
                     for letter in sorted(groups, key=letter_order)])))
        wanted = letters.get(entity_type.name) if letters is not None else None
        for letter, members in groups.items():
            if wanted is None or letter in wanted:
                pages.append(Page(letter_path(entity_type.name, letter), template.render(
                    type=entity_type, letter=letter_label(letter), letters=[],
                    **table(graph, entity_type, members, "../../"))))
    return pages


def table(graph: Graph, entity_type: EntityType, entities: list[Entity], base: str) -> dict:
    """The table's columns and rows; for a type listed by a choice (`list_by`), a table for
    each of its values, in the order of the vocabulary, without that column."""
    by = entity_type.field(entity_type.list_by) if entity_type.list_by else None
    names = [n for n in entity_type.columns if by is None or n != by.name]
    if by is None:
        rows = rows_of(graph, names, entity_type, entities, base)
        return {"groups": [("", rows)] if rows else [],
                "columns": [entity_type.field(n).label for n in names]}
    groups = []
    for value in (*by.kind.values, None):
        members = [e for e in entities if e.get(by.name) == value]
        if members:
            heading = by.kind.plural(value) if value else f"{by.label} not given"
            groups.append((heading, rows_of(graph, names, entity_type, members, base)))
    return {"groups": groups, "columns": [entity_type.field(n).label for n in names]}


def rows_of(graph: Graph, names: list[str], entity_type: EntityType, entities: list[Entity],
            base: str) -> list:
    columns = [entity_type.field(name) for name in names]
    rows = []
    for entity in entities:
        cells = []
        for f in columns:
            value = entity.get(f.name)
            if value in (None, [], {}):
                cells.append("")
            else:
                cells.append(value_markup(graph, f, value, base))
        rows.append((link(entity, base), cells, entity.get("summary", "")))
    return rows


def initial(entity: Entity) -> str:
    """The letter a name is listed under: its first letter without accents, a to z."""
    first = unicodedata.normalize("NFKD", entity.name.casefold())[:1]
    return first if "a" <= first <= "z" else OTHER


def letter_order(letter: str) -> tuple[bool, str]:
    return (letter == OTHER, letter)


def letter_label(letter: str) -> str:
    return "Other" if letter == OTHER else letter.upper()


def letter_path(type_name: str, letter: str) -> str:
    return f"{type_name}/index/{letter}.md"  # no entity has the id `index`


def list_paths(graph: Graph) -> set[str]:
    """Every list page the graph makes."""
    paths = set()
    for type_name in schema.MODEL.by_name:
        paths.add(f"{type_name}/index.md")
        entities = graph.of_type(type_name)
        if len(entities) > LETTER_PAGES_FROM:
            paths |= {letter_path(type_name, initial(e)) for e in entities}
    return paths


def letters_of(graphs: tuple[Graph, ...], ids: set[str], types: set[str],
               ) -> dict[str, set[str] | None]:
    """For each of `types`, the letters under which the entities `ids` are listed in any
    of the graphs; None (every letter) for a type that gains or loses letter pages."""
    letters: dict[str, set[str] | None] = {t: set() for t in types}
    for type_name in types:
        sizes = {len(g.of_type(type_name)) > LETTER_PAGES_FROM for g in graphs}
        if len(sizes) > 1:
            letters[type_name] = None
    for graph in graphs:
        for entity_id in ids:
            entity = graph.entities.get(entity_id)
            if entity is not None and letters.get(entity.type) is not None:
                letters[entity.type].add(initial(entity))
    return letters

"""The list page of each type (`docs/<type>/index.md`): a table of every entity, in name
order, through which readers reach the entity pages (they stay out of the navigation).

A type with more than `LETTER_PAGES_FROM` entities gets a table for each initial letter
(`docs/<type>/index/<letter>.md`) and, as its list page, the letters with their counts:
a page of thousands of rows is slow to open, and slow to build again after every edit.
A letter with more than `ROWS_PER_PAGE` entities (500 offices named "Head of …") is
split further, by longer beginnings of the names, into pages of at most that many rows
(`index/h-1.md`, `index/h-2.md`), each labelled by the beginnings it spans.
"""

from __future__ import annotations

import unicodedata

from . import schema
from .graph import Graph, sort_key
from .records import Entity
from .render import Page, environment, link, value_markup
from .schema import EntityType
from .tables import list_table

LETTER_PAGES_FROM = 200
ROWS_PER_PAGE = 200  # at most, on a page of a letter split further
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
        parts = partition(entities)
        pages.append(Page(f"{folder}/index.md", template.render(
            type=entity_type, letter=None, groups=[],
            letters=[(key, label, len(members)) for key, label, members in parts])))
        wanted = letters.get(entity_type.name) if letters is not None else None
        for key, label, members in parts:
            if wanted is None or key in wanted:
                pages.append(Page(letter_path(entity_type.name, key), template.render(
                    type=entity_type, letter=label, letters=[],
                    **table(graph, entity_type, members, "../../"))))
    return pages


def partition(entities: list[Entity]) -> list[tuple[str, str, list[Entity]]]:
    """A long list's pages, in order: (key, label, entities). A page for each initial
    letter; a letter of more than `ROWS_PER_PAGE` split by longer beginnings."""
    groups: dict[str, list[Entity]] = {}
    for entity in entities:
        groups.setdefault(initial(entity), []).append(entity)
    parts = []
    for letter in sorted(groups, key=letter_order):
        members = groups[letter]
        if len(members) <= ROWS_PER_PAGE:
            parts.append((letter, letter_label(letter), members))
            continue
        runs = merged(divided(members, 2))
        for number, run in enumerate(runs, 1):
            # each beginning as the first name under it writes it: `Meeting of the A`
            first, last = (leaf[1][0].name[:len(leaf[0])] for leaf in (run[0], run[-1]))
            label = first + (f" – {last}" if last != first else "")
            parts.append((f"{letter}-{number}", f"{label}…",
                          [e for _, leaf in run for e in leaf]))
    return parts


def beginning(entity: Entity, length: int) -> str:
    return unicodedata.normalize("NFKD", entity.name.casefold())[:length]


def divided(entities: list[Entity], length: int) -> list[tuple[str, list[Entity]]]:
    """Entities grouped by the first `length` characters of their names, longer where a
    group has more than `ROWS_PER_PAGE`: (beginning, entities), in order."""
    groups: dict[str, list[Entity]] = {}
    for entity in entities:
        groups.setdefault(beginning(entity, length), []).append(entity)
    leaves = []
    for key in sorted(groups):
        members = groups[key]
        if len(members) <= ROWS_PER_PAGE:
            leaves.append((key, members))
        elif all(len(beginning(e, length + 1)) == len(key) for e in members):
            # names alike to the end: pages of the list as it comes
            leaves += [(key, members[i:i + ROWS_PER_PAGE])
                       for i in range(0, len(members), ROWS_PER_PAGE)]
        else:
            leaves += divided(members, length + 1)
    return leaves


def merged(leaves: list[tuple[str, list[Entity]]]) -> list[list[tuple[str, list[Entity]]]]:
    """Neighbouring groups joined while a page holds at most `ROWS_PER_PAGE` rows."""
    runs: list[list[tuple[str, list[Entity]]]] = []
    size = 0
    for leaf in leaves:
        if runs and size + len(leaf[1]) <= ROWS_PER_PAGE:
            runs[-1].append(leaf)
            size += len(leaf[1])
        else:
            runs.append([leaf])
            size = len(leaf[1])
    return runs


def table(graph: Graph, entity_type: EntityType, entities: list[Entity], base: str) -> dict:
    """The tables of a list page, (heading, columns, rows) each, without the columns that
    no row of the table fills (see `tables`); for a type listed by a choice (`list_by`), a
    table for each of its values, in the order of the vocabulary, without that column."""
    by = entity_type.field(entity_type.list_by) if entity_type.list_by else None
    names = [n for n in entity_type.columns if by is None or n != by.name]
    columns = [*(entity_type.field(n).label for n in names), "Summary"]
    if by is None:
        rows = rows_of(graph, names, entity_type, entities, base)
        return {"groups": [("", *list_table(columns, rows))] if rows else []}
    groups = []
    for value in (*by.kind.values, None):
        members = [e for e in entities if e.get(by.name) == value]
        if members:
            heading = by.kind.plural(value) if value else f"{by.label} not given"
            rows = rows_of(graph, names, entity_type, members, base)
            groups.append((heading, *list_table(columns, rows)))
    return {"groups": groups}


def rows_of(graph: Graph, names: list[str], entity_type: EntityType, entities: list[Entity],
            base: str) -> list:
    """(name, cells) for each entity: the declared columns, then the summary."""
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
        rows.append((link(entity, base), (*cells, entity.get("summary", ""))))
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
            paths |= {letter_path(type_name, key)
                      for key, _, _ in partition(sorted(entities, key=sort_key))}
    return paths


def letters_of(graphs: tuple[Graph, ...], ids: set[str], types: set[str],
               ) -> dict[str, set[str] | None]:
    """For each of `types`, the pages (letters) on which the entities `ids` are listed in
    any of the graphs; None (every page) for a type whose pages are not divided the same
    way in every graph (it gains or loses letter pages, or a letter is split otherwise)."""
    letters: dict[str, set[str] | None] = {t: set() for t in types}
    keys: dict[tuple[int, str], dict[str, str]] = {}
    for type_name in types:
        divisions = set()
        for number, graph in enumerate(graphs):
            entities = graph.of_type(type_name)
            if len(entities) <= LETTER_PAGES_FROM:
                divisions.add(None)
                continue
            parts = partition(sorted(entities, key=sort_key))
            keys[number, type_name] = {e.id: key for key, _, members in parts
                                       for e in members}
            divisions.add(tuple((key, members[0].id, members[-1].id)
                                for key, _, members in parts if "-" in key))
        if len(divisions) > 1:
            letters[type_name] = None
    for number, graph in enumerate(graphs):
        for entity_id in ids:
            entity = graph.entities.get(entity_id)
            if entity is not None and letters.get(entity.type) is not None:
                letters[entity.type].add(keys.get((number, entity.type), {}).get(
                    entity_id, initial(entity)))
    return letters

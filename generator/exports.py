"""The wiki's data for machines: JSON next to every page, schema.org JSON-LD inside it,
and downloads of everything (one JSON file, one CSV per type).

The `entity` part of each JSON record is the entity's own YAML data, unchanged, so it
validates against the type's JSON Schema; the relations derived from other entities
sit beside it.
"""

from __future__ import annotations

import csv
import io
import json
from functools import cache

from . import schema
from .graph import Graph
from .kinds import Ref
from .records import Entity
from .schema import Field


def page_url(entity: Entity) -> str:
    """The page's address inside the site (pages have file URLs: see mkdocs.yml)."""
    return f"{entity.type}/{entity.id}.html"


def entity_record(graph: Graph, entity: Entity) -> dict:
    """One entity with what other entities say about it."""
    derived = []
    for link in graph.incoming.get(entity.id, ()):
        other = graph.entities[link.source]
        relation = {"from_entity": other.id, "from_type": other.type, "field": link.where,
                    "relation": link.inverse}
        if link.item is not None and not link.citation:
            relation["item"] = link.item
        derived.append(relation)
    derived.sort(key=lambda r: (r["relation"], r["from_entity"], r["field"]))
    return {
        "id": entity.id,
        "type": entity.type,
        "url": page_url(entity),
        "source_file": entity.path,
        "entity": entity.values,
        "derived": derived,
        "mentioned_by": graph.mentions.get(entity.id, []),
    }


def entity_json(graph: Graph, entity: Entity) -> str:
    return dumps(entity_record(graph, entity))


def all_entities_json(records: list[str]) -> str:
    """The entities' JSON records (as `entity_json` gives them) as one document."""
    return '{"entities": [\n' + ",\n".join(r.rstrip("\n") for r in records) + "\n]}\n"


def dumps(data) -> str:
    # One line per record: json's C encoder runs only without indentation.
    return json.dumps(data, ensure_ascii=False, sort_keys=True) + "\n"


def type_csv(graph: Graph, type_name: str, row=None) -> str:
    """One row per entity; lists joined with "; ", relation items by the id they name.
    `row` (by default `csv_row`) gives an entity's row, so that a caller can keep rows."""
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow(
        ["id", *(f.name for f in csv_fields(schema.entity_type(type_name)))])
    entities = sorted(graph.of_type(type_name), key=lambda e: e.id)
    return out.getvalue() + "".join((row or csv_row)(entity) for entity in entities)


@cache  # asked for each row
def csv_fields(entity_type) -> tuple:
    return tuple(f for f in entity_type.fields if f.name != "description")


def csv_row(entity: Entity) -> str:
    """An entity's line of its type's CSV file."""
    row = [entity.id]
    for f in csv_fields(schema.entity_type(entity.type)):
        value = entity.get(f.name)
        row.append("" if value is None else f.kind.cell(f, value))
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow([defuse(cell) for cell in row])
    return out.getvalue()


def defuse(cell: str) -> str:
    """Spreadsheets run cells that start with = + - @ as formulas; make them text."""
    return "'" + cell if cell[:1] in ("=", "+", "-", "@", "\t", "\r") else cell


def json_ld(graph: Graph, entity: Entity) -> str:
    """schema.org data for search engines, safe to put inside a <script> element: the
    type's schema.org type, and each field declared with a schema.org property."""
    entity_type = schema.entity_type(entity.type)
    data: dict = {"@context": "https://schema.org", "@type": entity_type.schema_org,
                  "@id": f"#{entity.id}", "name": entity.name, "identifier": entity.id}
    names = list(entity.get("names", {}).values()) + entity.get("aliases", [])
    if names:
        data["alternateName"] = names
    if entity.get("summary"):
        data["description"] = entity.get("summary")
    for f in entity_type.fields:
        if f.json_ld and f.name in entity.values:
            value = json_ld_value(graph, f, entity.values[f.name])
            if value:
                data[f.json_ld] = value
    cited = [graph.entities[s].get("url") for s in entity.get(schema.SOURCES, [])]
    if [u for u in cited if u]:
        data["citation"] = [u for u in cited if u]
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    # Nothing in the data may close the <script> element or open a comment.
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def json_ld_value(graph: Graph, f: Field, value):
    """A reference as a thing of its type; a relation as the things its items name, each
    once, in name order; text of a declared type as a thing with that name."""
    if f.is_relation:
        named = {json.dumps(json_ld_value(graph, f.key, item[f.key.name]), sort_keys=True)
                 for item in value}
        return sorted((json.loads(n) for n in named), key=lambda d: tuple(d.values()))
    if isinstance(f.kind, Ref):
        other = graph.entities[value]
        other_type = schema.entity_type(other.type)
        return {"@type": other_type.schema_org, other_type.schema_org_name: other.name}
    if f.json_ld_type:
        return {"@type": f.json_ld_type, "name": value}
    return value

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

from .graph import Graph
from .records import Entity
from .schema import LIST, RECORD, TEXT_MAP, TYPES_BY_NAME


def page_url(entity: Entity) -> str:
    return f"{entity.type}/{entity.id}/"


def entity_record(graph: Graph, entity: Entity) -> dict:
    """One entity with what other entities say about it."""
    derived = []
    for link in graph.incoming.get(entity.id, ()):
        other = graph.entities[link.source]
        relation = {"from_entity": other.id, "from_type": other.type, "field": link.where,
                    "relation": link.inverse}
        if link.item is not None and link.leaf != "sources":
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
    csv.writer(out, lineterminator="\n").writerow(["id", *(f.name for f in csv_fields(type_name))])
    entities = sorted(graph.of_type(type_name), key=lambda e: e.id)
    return out.getvalue() + "".join((row or csv_row)(entity) for entity in entities)


@cache  # asked for each row
def csv_fields(type_name: str) -> tuple:
    return tuple(f for f in TYPES_BY_NAME[type_name].fields if f.name != "description")


def csv_row(entity: Entity) -> str:
    """An entity's line of its type's CSV file."""
    row = [entity.id]
    for f in csv_fields(entity.type):
        value = entity.get(f.name)
        if value is None:
            row.append("")
        elif f.kind == LIST and f.item.kind == RECORD:
            key = next(s.name for s in f.item.fields if s.kind in ("ref", "text"))
            row.append("; ".join(str(item.get(key, "")) for item in value))
        elif f.kind == LIST:
            row.append("; ".join(map(str, value)))
        elif f.kind == TEXT_MAP:
            row.append("; ".join(f"{k}: {v}" for k, v in value.items()))
        else:
            row.append(str(value))
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow([defuse(cell) for cell in row])
    return out.getvalue()


def defuse(cell: str) -> str:
    """Spreadsheets run cells that start with = + - @ as formulas; make them text."""
    return "'" + cell if cell[:1] in ("=", "+", "-", "@", "\t", "\r") else cell


SCHEMA_ORG_TYPES = {"states": "Country", "officials": "Person", "offices": "Role",
                    "councils": "Organization", "treaties": "Legislation", "events": "Event",
                    "sources": "CreativeWork"}


def json_ld(graph: Graph, entity: Entity) -> str:
    """schema.org data for search engines, safe to put inside a <script> element."""
    data: dict = {"@context": "https://schema.org", "@type": SCHEMA_ORG_TYPES[entity.type],
                  "@id": f"#{entity.id}", "name": entity.name, "identifier": entity.id}
    names = list(entity.get("names", {}).values()) + entity.get("aliases", [])
    if names:
        data["alternateName"] = names
    if entity.get("summary"):
        data["description"] = entity.get("summary")
    if entity.type == "officials":
        data["hasOccupation"] = [{"@type": "Role", "roleName": graph.entities[p["office"]].name}
                                 for p in entity.get("positions", [])]
    if entity.type == "councils":
        if entity.get("parent"):
            data["parentOrganization"] = {"@type": "Organization",
                                          "name": graph.entities[entity.get("parent")].name}
        members = [graph.entities[m["state"]].name for m in entity.get("members", [])]
        if members:
            data["member"] = [{"@type": "Country", "name": n} for n in sorted(set(members))]
        if entity.get("founded"):
            data["foundingDate"] = entity.get("founded")
    if entity.type == "treaties" and entity.get("signed"):
        data["legislationDate"] = entity.get("signed")
    if entity.type == "events":
        if entity.get("date"):
            data["startDate"] = entity.get("date")
        if entity.get("place"):
            data["location"] = {"@type": "Place", "name": entity.get("place")}
    if entity.type == "sources":
        for key, name in (("url", "url"), ("published", "datePublished"),
                          ("publisher", "publisher"), ("language", "inLanguage"),
                          ("title", "headline")):
            if entity.get(key):
                data[name] = entity.get(key)
    cited = [graph.entities[s].get("url") for s in entity.get("sources", [])]
    if [u for u in cited if u]:
        data["citation"] = [u for u in cited if u]
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    # Nothing in the data may close the <script> element or open a comment.
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


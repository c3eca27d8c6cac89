"""JSON Schema for each entity type, from the declarations in `schema`.

Editors that speak the YAML language server use these files to autocomplete and check
entity files as they are typed; `wiki schema` writes them to `docs/schemas/`, where a
test keeps them in step with the declarations.
"""

from __future__ import annotations

import json

from .schema import (
    CHOICE,
    DATE,
    ENTITY_TYPES,
    INTEGER,
    LIST,
    MARKDOWN,
    RECORD,
    REF,
    SLUG,
    TEXT,
    TEXT_MAP,
    URL,
    VALUE,
    EntityType,
    Field,
)

SCHEMA_FOLDER = "docs/schemas"
SLUG_PATTERN = "^[a-z0-9]+(-[a-z0-9]+)*$"
# YAML reads an unquoted `1992` as a number and `1992-05-15` as a date; both are fine.
DATE_SCHEMA = {
    "anyOf": [
        {"type": "string", "pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$"},
        {"type": "integer", "minimum": 1, "maximum": 9999},
    ]
}


# `wiki check` reads every scalar as the text written, so `name: 1984`, `tags: [2017]` and
# `capital: true` are text there; YAML (and so an editor) reads them as numbers and
# booleans, which text fields accept too.
SCALAR_TYPES = ["string", "number", "boolean"]
# A tag or id written as digits alone is read as a whole number.
DIGITS = {"type": "integer", "minimum": 0}


def schema_path(entity_type: EntityType) -> str:
    return f"{SCHEMA_FOLDER}/{entity_type.name}.schema.json"


def field_schema(f: Field) -> dict:
    if f.kind == TEXT:
        result: dict = {"type": SCALAR_TYPES, "minLength": 1, "pattern": r"^[^\n]*$"}
    elif f.kind == MARKDOWN:
        result = {"type": SCALAR_TYPES, "minLength": 1}
    elif f.kind == DATE:
        result = dict(DATE_SCHEMA)
    elif f.kind == URL:
        result = {"type": "string", "pattern": r"^https?://[^\s]+$", "format": "uri"}
    elif f.kind == INTEGER:
        result = {"type": "integer", "minimum": 1}
    elif f.kind == VALUE:
        result = {"type": SCALAR_TYPES}
    elif f.kind == CHOICE:
        result = {"enum": list(f.choices)}
    elif f.kind in (SLUG, REF):
        result = {"anyOf": [{"type": "string", "pattern": SLUG_PATTERN}, DIGITS]}
        if f.kind == REF:
            result["x-entity-types"] = list(f.targets)
    elif f.kind == TEXT_MAP:
        result = {
            "type": "object",
            "propertyNames": {"pattern": "^[a-z][a-z0-9_-]{0,31}$"},
            "additionalProperties": {"type": SCALAR_TYPES, "minLength": 1,
                                     "pattern": r"^[^\n]*$"},
        }
    elif f.kind == LIST:
        result = {"type": "array", "items": field_schema(f.item)}
    elif f.kind == RECORD:
        result = record_schema(f.fields)
    else:
        raise AssertionError(f"undeclared field kind {f.kind}")
    if f.name != "item":
        result["description"] = describe(f)
        result["markdownDescription"] = describe(f)
    if f.default is not None:
        result["default"] = f.default
    return result


def describe(f: Field) -> str:
    if f.kind == REF:
        return f"{f.doc} The id of a {' or '.join(t.rstrip('s') for t in f.targets)}."
    if f.kind == LIST and f.item.kind == REF:
        return f"{f.doc} Ids of {' or '.join(f.item.targets)}."
    return f.doc


def record_schema(fields: tuple[Field, ...]) -> dict:
    return {
        "type": "object",
        "additionalProperties": False,
        "required": [f.name for f in fields if f.required],
        "properties": {f.name: field_schema(f) for f in fields},
    }


def entity_schema(entity_type: EntityType) -> dict:
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"{entity_type.name}.schema.json",
        "title": f"A {entity_type.singular} of the CSTO reference wiki",
        "description": f"{entity_type.doc} One file per entity: "
        f"entities/{entity_type.name}/<id>.yaml.",
        **record_schema(entity_type.fields),
    }


def schema_files() -> dict[str, str]:
    """Each schema file's path (from the project root) and its text."""
    return {
        schema_path(t): json.dumps(entity_schema(t), indent=2, ensure_ascii=False) + "\n"
        for t in ENTITY_TYPES
    }


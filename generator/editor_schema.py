"""JSON Schema for each entity type, from the declarations in `schema`.

Editors that speak the YAML language server use these files to autocomplete and check
entity files as they are typed; `wiki schema` writes them to `docs/schemas/`, where a
test keeps them in step with the declarations.
"""

from __future__ import annotations

import json
from pathlib import Path

from . import schema
from .kinds import record_schema
from .schema import EntityType

SCHEMA_FOLDER = "docs/schemas"
def schema_path(entity_type: EntityType) -> str:
    return f"{SCHEMA_FOLDER}/{entity_type.name}.schema.json"


def entity_schema(entity_type: EntityType) -> dict:
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"{entity_type.name}.schema.json",
        "title": f"{entity_type.a.capitalize()} of the wiki",
        "description": f"{entity_type.doc} One file per entity: "
        f"entities/{entity_type.name}/<id>.yaml.",
        **record_schema(entity_type.fields),
    }


def schema_text(entity_type: EntityType) -> str:
    return json.dumps(entity_schema(entity_type), indent=2, ensure_ascii=False) + "\n"


VSCODE_SETTINGS = ".vscode/settings.json"


def schema_files(root: Path | None = None) -> dict[str, str]:
    """Each file `wiki schema` writes (its path from the project root) and its text: the
    schemas, and with `root` where it has VS Code settings, their mapping of each type's
    folder to its schema (the settings' other keys kept as they are)."""
    files = {schema_path(t): schema_text(t) for t in schema.entity_types()}
    if root is not None and (root / VSCODE_SETTINGS).exists():
        settings = json.loads((root / VSCODE_SETTINGS).read_text(encoding="utf-8"))
        settings["yaml.schemas"] = {f"./{schema_path(t)}": [f"entities/{t.name}/*.yaml"]
                                    for t in schema.entity_types()}
        files[VSCODE_SETTINGS] = json.dumps(settings, indent=2, ensure_ascii=False) + "\n"
    return files

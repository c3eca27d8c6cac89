"""`wiki new`: a new entity file with its required fields and the optional ones as comments."""

from __future__ import annotations

from pathlib import Path

from . import schema
from .editor_schema import schema_path
from .schema import EntityType
from .source import id_problems, slugify

ENTITIES = "entities"


def new_entity_problem(root: Path, type_name: str, entity_id: str) -> str:
    """Why the file cannot be made, or an empty string."""
    problems = id_problems(entity_id)
    if problems:
        suggestion = slugify(entity_id)
        message = problems[0].split(";")[0]
        return f"{message}; try '{suggestion}'" if suggestion else message
    for existing in sorted((root / ENTITIES).glob(f"*/{entity_id}.yaml")):
        return f"the id '{entity_id}' is already used by {existing.relative_to(root).as_posix()}"
    for existing in sorted((root / ENTITIES).glob("*/*.yaml")):
        if existing.stem.casefold() == entity_id.casefold():
            return (f"the id '{entity_id}' differs only by case from "
                    f"{existing.relative_to(root).as_posix()}")
    return ""


def entity_file(entity_type: EntityType, entity_id: str, name: str) -> str:
    lines = [
        f"# yaml-language-server: $schema=../../{schema_path(entity_type)}",
        f"# {entity_type.doc}",
        "# Uncomment the fields you can source; the contributor guide explains each one.",
        f"name: {quote(name)}",
    ]
    for f in entity_type.fields:
        if f.name == "name":
            continue
        lines.extend(f"# {line}" for line in f.example_yaml().splitlines())
    return "\n".join(lines) + "\n"


def quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def write_new_entity(root: Path, type_name: str, entity_id: str, name: str | None) -> Path:
    entity_type = schema.entity_type(type_name)
    target = root / ENTITIES / type_name / f"{entity_id}.yaml"
    target.parent.mkdir(parents=True, exist_ok=True)
    title = name or title_of(entity_id)
    with target.open("x", encoding="utf-8") as file:  # never replace an existing file
        file.write(entity_file(entity_type, entity_id, title))
    return target


SMALL_WORDS = frozenset("a an and as at by for from in into of on or the to with".split())


def title_of(entity_id: str) -> str:
    """A name from an id: `president-of-kazakhstan` → `President of Kazakhstan`."""
    words = entity_id.split("-")
    return " ".join(w if i and w in SMALL_WORDS else w.capitalize() for i, w in enumerate(words))

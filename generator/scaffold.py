"""`wiki new`: a new entity file with its required fields and the optional ones as comments."""

from __future__ import annotations

from pathlib import Path

from .editor_schema import schema_path
from .schema import LIST, RECORD, TEXT_MAP, TYPES_BY_NAME, EntityType, Field
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
        lines.extend(f"# {line}" for line in example(f).splitlines())
    return "\n".join(lines) + "\n"


def example(f: Field) -> str:
    if f.example:
        return f.example
    if f.kind == LIST and f.item.kind == RECORD:
        required = [s for s in f.item.fields if s.required] or list(f.item.fields[:1])
        first, *rest = required
        body = [f"  - {first.name}: …"] + [f"    {s.name}: …" for s in rest]
        return "\n".join([f"{f.name}:", *body, "    sources: [source-id]"])
    if f.kind == LIST:
        return f"{f.name}: [{'source-id' if f.name == 'sources' else '…'}]"
    if f.kind == TEXT_MAP:
        return f"{f.name}:\n  key: …"
    if f.choices:
        return f"{f.name}: {f.default or f.choices[0]}  # one of: {', '.join(f.choices)}"
    if f.kind == "markdown":
        return f"{f.name}: |\n  … [[other-id]] links to another entity."
    if f.kind == "date":
        return f"{f.name}: YYYY-MM-DD  # or YYYY-MM, or YYYY"
    return f"{f.name}: …"


def quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def write_new_entity(root: Path, type_name: str, entity_id: str, name: str | None) -> Path:
    entity_type = TYPES_BY_NAME[type_name]
    target = root / ENTITIES / type_name / f"{entity_id}.yaml"
    target.parent.mkdir(parents=True, exist_ok=True)
    title = name or " ".join(word.capitalize() for word in entity_id.split("-"))
    with target.open("x", encoding="utf-8") as file:  # never replace an existing file
        file.write(entity_file(entity_type, entity_id, title))
    return target

"""Entity fields written out as YAML the way a contributor writes them: block lists of
relation items, flow lists of ids, descriptions as `|` blocks, quotes only where needed."""

from __future__ import annotations

import json
import re

HEADER = "# yaml-language-server: $schema=../../docs/schemas/{type}.schema.json"
DATE = re.compile(r"\d{4}(?:-\d{2}(?:-\d{2})?)?")
# Text safe without quotes: starts with a letter, no `: `, ` #` or other indicators.
PLAIN = re.compile(r"[A-Za-z\u0400-\u04ff][^:#\[\]{}\"|>&*!%@`\\]*(?<! )")
RESERVED_WORDS = {"yes", "no", "true", "false", "on", "off", "null", "y", "n"}


def entity_file(type_name: str, fields: dict) -> str:
    lines = [HEADER.format(type=type_name)]
    for key, value in fields.items():
        lines += field_lines(key, value)
    return "\n".join(lines) + "\n"


def field_lines(key: str, value) -> list[str]:
    if isinstance(value, dict):
        return [f"{key}:", *(f"  {k}: {scalar(v)}" for k, v in value.items())]
    if isinstance(value, list) and value and isinstance(value[0], dict):
        return [f"{key}:", *(line for item in value for line in item_lines(item))]
    if isinstance(value, list) and key == "aliases":
        return [f"{key}:", *(f"  - {scalar(v)}" for v in value)]
    if isinstance(value, list):
        return [f"{key}: {flow(value)}"]
    if key == "description":
        return [f"{key}: |", *(f"  {line}" if line else "" for line in value.rstrip().split("\n"))]
    return [f"{key}: {scalar(value)}"]


def item_lines(item: dict) -> list[str]:
    """One relation item: `  - state: russia` and its other fields beneath."""
    lines = []
    for key, value in item.items():
        lead = "  - " if not lines else "    "
        if isinstance(value, list) and value and isinstance(value[0], dict):  # actions
            lines.append(f"{lead}{key}:")
            lines += ["    " + line for record in value for line in item_lines(record)]
            continue
        text = flow(value) if isinstance(value, list) else scalar(value)
        lines.append(f"{lead}{key}: {text}")
    return lines


def flow(values: list[str]) -> str:
    return "[" + ", ".join(scalar(v) for v in values) + "]"


def scalar(value) -> str:
    if isinstance(value, int):
        return str(value)
    text = str(value)
    if DATE.fullmatch(text) or (PLAIN.fullmatch(text) and text.lower() not in RESERVED_WORDS):
        return text
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a YAML double-quoted one

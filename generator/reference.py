"""The files written from the type declarations and committed: the editors' JSON Schemas
and the format reference, `docs/reference.md`.

They are committed so that they can be read where the repository is read (GitHub shows
the reference; editors fetch the schemas by path). `wiki schema` rewrites them and
`wiki schema --check` fails when one is out of date, as a test does.
"""

from __future__ import annotations

from pathlib import Path

from .editor_schema import schema_files
from .render import reference_page

REFERENCE_PATH = "docs/reference.md"
HEADER = """\
# Format reference

Every field of every entity type. Fields marked *required* must be present; every other
field may be left out. How to write an entity file is in the [contributing guide](contributing.md).

This page is written from the type declarations in `generator/schema.py` by `wiki schema`;
do not edit it by hand.

## Entity types

"""


def reference_text() -> str:
    body = reference_page().content.strip("\n")
    return HEADER + "\n".join(github_cells(line) if line.startswith("|") else line
                               for line in body.splitlines()) + "\n"


def github_cells(row: str) -> str:
    """A `|` in a code span splits a table cell on GitHub, though not in MkDocs: written
    as an HTML code element with `&#124;`, it reads the same in both."""
    parts = row.split("`")
    if len(parts) % 2 == 0:  # an unpaired backtick: no code spans to read
        return row
    for index in range(1, len(parts) - 1, 2):  # the code spans' contents
        if "|" in parts[index]:
            parts[index] = f"<code>{parts[index].replace('|', '&#124;')}</code>"
        else:
            parts[index] = f"`{parts[index]}`"
    return "".join(parts)


def declared_files(root: Path | None = None) -> dict[str, str]:
    """Each file's path from the project root, and the text it must have (with `root`,
    VS Code's settings too, which keep their other keys)."""
    return {**schema_files(root), REFERENCE_PATH: reference_text()}


def stale_files(root: Path) -> list[str]:
    """The declared files that are missing or differ from what the declarations give."""
    return [path for path, text in declared_files(root).items()
            if not (root / path).is_file() or (root / path).read_text(encoding="utf-8") != text]


def write_declared_files(root: Path) -> list[str]:
    """Write the files that differ; return their paths."""
    changed = stale_files(root)
    texts = declared_files(root)
    for path in changed:
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(texts[path], encoding="utf-8")
    return changed

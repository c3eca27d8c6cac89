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

## The forms at a glance

```yaml
# A term or membership: no `to` while it lasts; `to: unknown` when it ended on a day not
# known (never a guessed date); `as_of` alone when a source shows it on one day only.
positions:
  - office: president-of-russia
    from: 2012-05-07
    sources: [kremlin-2012-05-07-inauguration]
  - office: secretary-general
    from: 2017
    to: unknown
    acting: true
    sources: [news-2017-11-30-summit]
# A membership's status (member, founding-member, associate-member, observer, partner,
# dialogue-partner, candidate, applicant, suspended); a change of status is a new item.
members:
  - state: uzbekistan
    from: 2012-12-19
    status: suspended
    sources: [tass-2012-12-19-uzbekistan-suspended]
# A treaty party's actions, as a depositary records them.
parties:
  - state: kazakhstan
    actions:
      - action: signature
        date: 1992-05-15
      - action: ratification
        date: 1992-12-23
    in_force: 1994-04-20
    reservations:
      - text: In the wiki's own words.
        sources: [depositary-record]
    sources: [depositary-record]
# Names keyed by BCP 47 tags; identifiers by a declared scheme, shown as links.
names:
  ru: Россия
  zh-Hans: 俄罗斯
identifiers:
  wikidata: Q159
  iso-3166-1-alpha-2: RU
# A source: a web page or article needs its url; a dataset gives its version.
kind: dataset
version: "2024.1"
published: 2024-03
accessed: 2026-11-30
```

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

"""The page budget: no entity page grows with the size of the wiki.

Real data has heavy tails: an organization of 196 members, a state in 80 organizations,
a dataset cited by 15,000 claims. A relation list longer than `LONG` rows keeps its
first `FIRST_ROWS` on the entity's page, under a summary (counts by status and kind),
and moves whole to pages of its own, `ROWS_PER_PAGE` rows each, beside the entity's page:
`councils/un--members.md`, `councils/un--members-2.md`. (An id never holds `--`, so
these names cannot meet an entity's.) The pages of a list link to one another and back,
and are kept out of search: the entity's page is what search finds.

Rows carry citation marks numbered on the entity's page; each page keeps the notes of
the marks it shows, and only those (`used_notes`).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace

from markupsafe import Markup

from .kinds import Choice

LONG = 50  # rows a list may have on the entity's page
FIRST_ROWS = 20  # rows of a longer list kept on the entity's page
ROWS_PER_PAGE = 100  # rows on each page of a list's own pages


@dataclass(frozen=True)
class More:
    """Under a long list's first rows on the entity's page: how many are shown, of how
    many, and the file of the list's first page (a slug: nothing to escape)."""

    first: int
    total: int
    target: Markup


@dataclass(frozen=True)
class ListPage:
    """One page of a long list: its path (relative to docs/), its place among the list's
    pages, and its rows, grouped as on the entity's page."""

    path: str
    number: int
    count: int
    section: object  # render.Section with this page's rows


def page_path(type_name: str, entity_id: str, slug: str, number: int) -> str:
    return f"{type_name}/{entity_id}--{slug}{'' if number == 1 else f'-{number}'}.md"


def slug(heading: str) -> str:
    return "-".join(re.findall(r"[a-z0-9]+", heading.lower())) or "list"


def row_count(section) -> int:
    return sum(len(rows) for _, rows in section.groups)


def split(section, type_name: str, entity_id: str, taken: set[str]) -> tuple[object, list]:
    """A section as the entity's page shows it, and its own pages (none if it is short).
    `taken` holds the slugs of the page's other lists, which this one must not reuse."""
    total = row_count(section)
    if total <= LONG:
        return section, []
    name = slug(section.heading)
    while name in taken:
        name += "-list"
    taken.add(name)
    flat = [(label, row) for label, rows in section.groups for row in rows]
    chunks = [flat[i:i + ROWS_PER_PAGE] for i in range(0, len(flat), ROWS_PER_PAGE)]
    pages = [ListPage(page_path(type_name, entity_id, name, n), n, len(chunks),
                      replace(section, groups=regroup(chunk), summary="", counts="",
                              more=None))
             for n, chunk in enumerate(chunks, 1)]
    first = regroup(flat[:FIRST_ROWS])
    counts = ", ".join(f"{len(rows):,} {label.lower()}" for label, rows in section.groups
                       if label)
    summary = "; ".join(part for part in (
        f"{section.summary or f'{total:,} in all'}{f': {counts}' if counts else ''}",
        section.counts) if part) + "."
    more = More(FIRST_ROWS, total, Markup(pages[0].path.split("/")[-1]))
    return replace(section, groups=first, summary=summary, more=more), pages


def regroup(flat: list) -> tuple:
    """(label, row) pairs back into groups, in order."""
    groups: list[tuple[str, list]] = []
    for label, row in flat:
        if not groups or groups[-1][0] != label:
            groups.append((label, []))
        groups[-1][1].append(row)
    return tuple((label, tuple(rows)) for label, rows in groups)


def choice_counts(items: list[dict], columns: list) -> str:
    """`by status: 170 member, 20 observer`: how the items spread over each column that
    offers a choice (`kinds.Choice`), when they do not all have the same value."""
    parts = []
    for column in columns:
        if not isinstance(column.kind, Choice):
            continue
        counted = Counter(item.get(column.name, column.default) for item in items)
        counted.pop(None, None)
        if len(counted) > 1:
            spread = ", ".join(f"{n:,} {column.kind.label(value).lower()}"
                               for value, n in sorted(counted.items(),
                                                      key=lambda pair: (-pair[1], pair[0])))
            parts.append(f"by {column.label.lower()}: {spread}")
    return "; ".join(parts)


NOTE_MARK = re.compile(r"\[\^(\d+)\](?!:)")


NOTE_LINE = re.compile(r"^\[\^(\d+)\]: .*\n", re.MULTILINE)


def used_notes(markdown: str, notes: list) -> list:
    """The notes (number, source) whose marks the Markdown shows."""
    used = {int(n) for n in NOTE_MARK.findall(markdown)}
    return [(number, source) for number, source in notes if number in used]


def without_unused_notes(markdown: str) -> str:
    """The page without the notes of marks that moved to a list's own pages."""
    used = set(NOTE_MARK.findall(markdown))
    return NOTE_LINE.sub(lambda m: m.group(0) if m.group(1) in used else "", markdown)

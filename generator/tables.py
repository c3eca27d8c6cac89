"""What the wiki's tables have in common: a column shows only when some row of its table
has a value in it. A type declares its list's columns once for every wiki; one wiki
leaves a field empty everywhere (no council with a founding date), one relation's items
carry no date of signature: such a column would be a header over blank cells.

The list pages prune each table (each group of a list by kind is a table of its own);
an entity page prunes each relation's table as a whole, all its groups (current, former)
together, so that they keep the same columns.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import TypeVar

T = TypeVar("T")


def is_empty(cell: object) -> bool:
    return not str(cell).strip()


def filled_columns(rows: Sequence[Sequence[object]], width: int) -> list[int]:
    """The indexes of the `width` columns that hold a value in at least one row."""
    return [index for index in range(width)
            if any(not is_empty(cells[index]) for cells in rows)]


def pick(values: Sequence[T], indexes: Sequence[int]) -> tuple[T, ...]:
    return tuple(values[index] for index in indexes)


def without_empty_columns(section):
    """A relation's section (render.Section) without the columns empty in all its rows."""
    rows = [row.cells for _, group in section.groups for row in group]
    kept = filled_columns(rows, len(section.columns))
    if len(kept) == len(section.columns):
        return section
    return replace(section, columns=pick(section.columns, kept), groups=tuple(
        (label, tuple(replace(row, cells=pick(row.cells, kept)) for row in group))
        for label, group in section.groups))


def list_table(columns: Sequence[str], rows: Sequence[tuple[object, Sequence[object]]],
               ) -> tuple[tuple[str, ...], list[tuple[object, tuple[object, ...]]]]:
    """A list page's table, (name, cells) rows under `columns`, without its empty columns
    (the name is never empty)."""
    kept = filled_columns([cells for _, cells in rows], len(columns))
    return pick(columns, kept), [(name, pick(cells, kept)) for name, cells in rows]

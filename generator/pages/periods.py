"""Periods in words and the status they give a relation item (current, former, not
known). The period fields are found by their declared roles (`start`, `end`, `seen`)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from markupsafe import Markup

from .. import kinds
from ..dates import PartialDate, as_date
from ..markup import escape_inline
from ..schema import BEGIN, END, SEEN, Field

UNKNOWN = kinds.Date.UNKNOWN


@dataclass(frozen=True)
class Span:
    """An item's period as written: `begin` and `end` (a date, `unknown`, or None), and
    `seen`, the one day a source attests it on when the period is not known."""

    begin: str | None
    end: str | None
    seen: str | None

    @property
    def start(self) -> PartialDate | None:
        return as_date(self.begin)

    @property
    def stop(self) -> PartialDate | None:
        return as_date(self.end)

    @property
    def ongoing(self) -> bool:
        """Begun on a known day, with no end recorded."""
        return bool(self.start) and not self.end


def span(item: dict) -> Span:
    return Span(item.get(BEGIN), item.get(END), item.get(SEEN))


def period(item: dict, bound: PartialDate | None = None) -> Markup:
    """A period in words: `since 2012`, `1992 – 1999`, `1992 – unknown`, `as of …`. With
    `bound` (the next holder's start), an end not known reads `no later than` it."""
    s = span(item)
    return Markup(escape_inline(period_text(s.begin, s.end, s.seen, bound)))


@lru_cache(maxsize=65536)
def period_text(begin: str | None, end: str | None, seen: str | None,
                bound: PartialDate | None = None) -> str:
    start, stop = as_date(begin), as_date(end)
    if end == UNKNOWN and bound is not None:
        finish = f"no later than {bound.human()}"
    else:
        finish = stop.human() if stop else "unknown"
    if begin and end:
        return f"{start.human() if start else 'unknown'} – {finish}"
    if start:
        return f"since {start.human()}"
    if begin:  # began on a day not known, still lasts
        return f"since a date not known{f'; as of {as_date(seen).human()}' if seen else ''}"
    if stop:
        return f"until {stop.human()}"
    if end:
        return f"ended, dates not known{f'; as of {as_date(seen).human()}' if seen else ''}" \
            if bound is None else f"until {finish}"
    if seen:
        return f"as of {as_date(seen).human()}"
    return "dates not recorded"


def status_group(f: Field, item: dict) -> str:
    """Where a relation item is listed: by the dates its period fields hold."""
    roles = {s.period for s in f.record_fields if s.period and item.get(s.name)}
    if "end" in roles:
        return "Former"
    if "start" in roles:
        return "Current"
    return "Status not known"


GROUP_ORDER = ("Current", "Former", "Status not known")


def grouped(f: Field, rows: list[tuple[dict, object]]) -> tuple[tuple[str, tuple], ...]:
    if not is_dated(f):
        return (("", tuple(row for _, row in rows)),)
    groups: dict[str, list] = {}
    for item, row in rows:
        groups.setdefault(status_group(f, item), []).append(row)
    return tuple((label, tuple(groups[label])) for label in GROUP_ORDER if label in groups)


def is_dated(f: Field) -> bool:
    return any(s.period in ("start", "end") for s in f.record_fields)


def term_key(item: dict) -> tuple:
    """Terms in order: by their start, else the day they are attested on, else their end."""
    date = as_date(item.get(BEGIN) or item.get(SEEN) or item.get(END))
    return date.first_day() if date else (9999, 12, 31)

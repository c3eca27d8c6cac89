"""The world as of a date: the data the page `wiki/as-of` reads, as one script file.

For every entity that others relate to over time (an office and its holders, a council
and its members, a treaty and its parties) the file lists the dated items of the
relation, each with four bounds that the page's script compares with the reader's day:
the earliest and the latest day it may have begun, the earliest and the latest day it
may have ended. A day between the latest start and the earliest end is certain; a day
between the earliest start and the latest end only possible, and the page says so. Which
relations go in follows from the declarations: relations of `terms` (grouped by the
seat), relations with a period (grouped by their owner), and a treaty's participations
(`consent`, bound from the date a field declared `binds_from` gives).

The file is JavaScript (`window.WIKI_ASOF = {…};`) rather than JSON, so that it loads
from disk (file://), where a fetch of JSON would not. Its text is data for the script,
which puts it into the page as text, never as markup; `<`, `>` and `&` are escaped too,
so that the file stays inert wherever it is included.
"""

from __future__ import annotations

import json
from datetime import date, timedelta

from . import schema
from .dates import PartialDate, as_date
from .graph import Graph, seats, sort_key
from .pages.holders import next_start, terms_of
from .pages.periods import period_text, span
from .render import ASOF_PAGE, Page
from .schema import BEGIN, END

PAGE = ASOF_PAGE
DATA = ASOF_PAGE.replace(".md", "-data.js")
EARLIEST, LATEST = "", "~"  # before and after every ISO date, as strings compare
ATTESTED_WINDOW = timedelta(days=366)  # an `as_of` alone is shown this near its day

# A row: (the other entity's id, its status, earliest start, latest start, earliest
# end, latest end, the period in words, why it is uncertain even on a certain day) and,
# not written, the first and last day of a day it was recorded on alone (`as_of`).
Row = tuple[str, str, str, str, str, str, str, str, tuple[str, str] | None]


def asof_pages(graph: Graph) -> list[Page]:
    """The page's data file (the page itself is `as-of.md.j2`, rendered with the
    reports)."""
    return [Page(DATA, data_script(asof_data(graph)))]


def asof_data(graph: Graph) -> dict:
    """The sections (a type's title and its entities with their rows) and the names."""
    groups: dict[str, dict[str, list[Row]]] = {}
    for entity_type in schema.entity_types():
        for f in entity_type.relations:
            if f.key is None or f.terms or not (f.consent or f.has_period):
                continue  # terms: by the seat, below
            for entity in graph.of_type(entity_type.name):
                for item in entity.get(f.name, []):
                    other = item[f.key.name]
                    rows = participation_rows(graph, entity, f, item) if f.consent \
                        else [period_row(other, status(f, item), item,
                                         began=began(entity))]
                    owned = groups.setdefault(entity_type.name, {})
                    owned.setdefault(entity.id, []).extend(r for r in rows if r)
    held = {}
    for seat in seat_entities(graph):
        rows = []
        terms = terms_of(graph, seat)
        for index, lk in enumerate(terms):
            f = schema.entity_type(graph.entities[lk.source].type).field(lk.field)
            rows.append(period_row(lk.source, status(f, lk.item), lk.item,
                                   next_start(terms, index), began=began(seat)))
        groups.setdefault(seat.type, {})[seat.id] = [r for r in rows if r]
        held[seat.id] = seats(seat)
    named: set[str] = set()
    words: dict[str, int] = {"": 0}
    sections = []
    for entity_type in schema.entity_types():
        found = groups.get(entity_type.name)
        if not found:
            continue
        entries = []
        for entity_id in sorted(found, key=lambda i: sort_key(graph.entities[i])):
            rows = found[entity_id]
            if not rows:
                continue
            if entity_id not in held:  # a seat's terms stay in their order
                rows = sorted(rows, key=lambda r: (sort_key(graph.entities[r[0]]), r[3], r[2]))
            entity = graph.entities[entity_id]
            # A seat held by one at a time: someone surely in it rules the others out.
            entries.append([entity_id, 1 if held.get(entity_id) == 1 else 0,
                            owner_of(graph, entity),
                            [packed(r, words) for r in rows if not covered(r, rows)]])
            named |= {entity_id, *(r[0] for r in rows)}
        if entries:
            sections.append({"title": entity_type.title, "entities": entries})
    names = {i: [graph.entities[i].name, graph.entities[i].type] for i in sorted(named)}
    return {"root": "../", "names": names, "words": list(words), "sections": sections}


def packed(row: Row, words: dict[str, int]) -> list:
    """A row as written: its status and doubt by their number in `words`; a latest
    start or end the same as the earliest, 0 (a tenth of the file at 10,000 entities)."""
    other, status_words, a, b, c, e, text, doubt, _ = row
    return [other, words.setdefault(status_words, len(words)), a, 0 if b == a else b,
            c, 0 if e == c else e, text, words.setdefault(doubt, len(words))]


def covered(row: Row, rows: list[Row]) -> bool:
    """A relation recorded on a day (`as_of` alone) that a dated period of the same
    entity and status surely spans: it adds nothing."""
    seen = row[-1]
    return bool(seen) and any(
        other is not row and other[:2] == row[:2] and not other[-1]
        and other[3] <= seen[0] and seen[1] < other[4] for other in rows)


def data_script(data: dict) -> str:
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=False)
    for raw, escaped in (("&", "\\u0026"), ("<", "\\u003c"), (">", "\\u003e"),
                         ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(raw, escaped)
    return ("// The data of the page \"As of a date\", written by the generator.\n"
            f"window.WIKI_ASOF = {text};\n")


def seat_entities(graph: Graph):
    """The entities held in turn: those named by the key of a relation of `terms`."""
    types = {t for entity_type in schema.entity_types() for f in entity_type.relations
             if f.terms for t in f.key.targets}
    return [entity for t in sorted(types) for entity in graph.of_type(t)
            if any(True for _ in terms_of(graph, entity))]


def began(entity) -> PartialDate | None:
    """The day the entity began: the date field its type declares it `starts` at."""
    starts = schema.entity_type(entity.type).starts
    return as_date(entity.get(starts)) if starts else None


def owner_of(graph: Graph, entity) -> str:
    """The state or council an office belongs to (a reference declared
    `holders_on_target`), so that the page can show a state's offices with it."""
    for f in schema.entity_type(entity.type).fields:
        if f.holders_on_target and isinstance(entity.get(f.name), str):
            return entity.get(f.name)
    return ""


def status(f: schema.Field, item: dict) -> str:
    """The item's choices and flags in words: `Founding member`, `Acting`."""
    words = []
    for sub in f.columns:
        value = item.get(sub.name, sub.default)
        if value is True:
            words.append(sub.label)
        elif isinstance(value, str) and hasattr(sub.kind, "label"):
            words.append(sub.kind.label(value))
    return ", ".join(words)


def day(parts: tuple[int, int, int], shift: int = 0) -> str:
    return (date(*parts) + timedelta(days=shift)).isoformat()


def bounds(begin: str | None, end: str | None, seen: str | None,
           bound: PartialDate | None = None,
           began: PartialDate | None = None) -> tuple[str, str, str, str] | None:
    """(earliest start, latest start, earliest end, latest end) of a period; an end is
    the first day it no longer held. None when no date at all is recorded. Nothing
    starts before the day its owner `began` (an office created, a council founded)."""
    found = unbounded(begin, end, seen, bound)
    if found is None or began is None or found[0] >= day(began.first_day()):
        return found
    a, b, c, e = found
    a = day(began.first_day())
    return a, max(a, b), c, e


def unbounded(begin: str | None, end: str | None, seen: str | None,
              bound: PartialDate | None = None) -> tuple[str, str, str, str] | None:
    start, stop, attested = as_date(begin), as_date(end), as_date(seen)
    if start is None and stop is None and attested is None and not (begin or end):
        return None
    if attested is not None and not begin and not end:
        # Known on a day only: shown near that day, never certain off it.
        first, last = date(*attested.first_day()), date(*attested.last_day())
        return ((first - ATTESTED_WINDOW).isoformat(), last.isoformat(),
                day(attested.first_day(), 1), (last + ATTESTED_WINDOW).isoformat())
    if start is not None:
        a, b = day(start.first_day()), day(start.last_day())
    else:  # began on a day not known (or not recorded): held by the day it was seen;
        # shown, uncertain, within a year before the first day it is known to have held
        known = attested or stop
        a = (date(*known.first_day()) - ATTESTED_WINDOW).isoformat() if known else EARLIEST
        b = day(attested.last_day()) if attested else LATEST
    if stop is not None:
        c, e = day(stop.first_day()), day(stop.last_day(), 1 if stop.day == 0 else 0)
    elif end:  # ended on a day not known (held on its first day), no later than the
        # next holder began
        c = day(start.last_day(), 1) if start is not None else EARLIEST
        if attested is not None:
            c = max(c, day(attested.first_day(), 1))
        e = day(bound.last_day()) if bound else LATEST
    else:  # lasts
        c = e = LATEST
    return a, b, c, e


def period_row(other: str, words: str, item: dict, bound: PartialDate | None = None,
               doubt: str = "",
               began: PartialDate | None = None) -> Row | None:
    written = span(item)
    begin, end, seen = written.begin, written.end, written.seen
    found = bounds(begin, end, seen, bound, began)
    if found is None:
        return None
    attested = as_date(seen) if seen and not begin and not end else None
    alone = (day(attested.first_day()), day(attested.last_day())) if attested else None
    return (other, words, *found, period_text(begin, end, seen, bound), doubt, alone)


def participation_rows(graph: Graph, treaty, f: schema.Field, item: dict) -> list[Row]:
    """A party's time as a signatory and as bound by the treaty: bound from its consent
    (ratification, accession…) once the treaty is in force for it, until it withdrew."""
    actions = f.item.sub(f.consent)
    dated: dict[str, PartialDate] = {}
    for action in item.get(f.consent, []):
        column = schema.ACTION_COLUMNS[action[actions.item.sub("action").name]]
        when = as_date(action.get("date"))
        if when is not None and (column not in dated or when < dated[column]):
            dated[column] = when
    signed, consent, left = (dated.get(c) for c in ("Signature", "Consent", "Withdrawal"))
    own = next((as_date(item.get(s.name)) for s in f.record_fields if s.binds_from), None)
    general = next((as_date(treaty.get(s.name)) for s in
                    schema.entity_type(treaty.type).fields if s.binds_from), None)
    other = item[f.key.name]
    end = left.iso() if left else None
    rows: list[Row | None] = []
    if consent is not None:
        binds = own or (max(consent, general, key=PartialDate.last_day) if general else None)
        if binds is None:
            rows.append(period_row(other, "Consented to be bound", {BEGIN: consent.iso(),
                                   END: end}, doubt="the treaty's entry into force is not "
                                   "recorded"))
        else:
            if signed is not None and signed.last_day() < binds.first_day():
                rows.append(period_row(other, "Signed, not yet bound",
                                       {BEGIN: signed.iso(), END: binds.iso()}))
            rows.append(period_row(other, "Bound", {BEGIN: binds.iso(), END: end}))
    elif signed is not None:
        if general is not None and signed.last_day() < general.first_day():
            rows.append(period_row(other, "Signed, not yet in force",
                                   {BEGIN: signed.iso(), END: general.iso()}))
            rows.append(period_row(other, "Signed; consent to be bound not recorded",
                                   {BEGIN: general.iso(), END: end},
                                   doubt="its ratification is not recorded"))
        elif general is not None:  # signed once in force
            rows.append(period_row(other, "Signed; consent to be bound not recorded",
                                   {BEGIN: signed.iso(), END: end},
                                   doubt="its ratification is not recorded"))
        else:
            rows.append(period_row(other, "Signed", {BEGIN: signed.iso(), END: end}))
    return [r for r in rows if r]

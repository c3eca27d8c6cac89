"""A timeline chart of who belonged or held office when, drawn as SVG when the site is
built: no script, no request to another host.

One row for each member (or holder), one bar for each of its periods, on an axis from
the founding (or the first date known) to the end of the current year. A period still
running reaches the axis's end with an arrow; a period whose end is not known
(`to: unknown`) fades into a dotted line and a question mark. Members known only on a
day, or with no date, are listed under the chart. Everything is drawn in `currentColor`,
so the chart follows the page's text colour in dark mode and prints in black; statuses
differ by shape (solid, outlined, dashed), not by colour alone. The `<title>` and
`<desc>` are its text alternative, and the table below it gives every date.

The axis ends with the current year, not today, so that a page changes once a year
rather than every day.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from markupsafe import Markup

from .dates import as_date, today

WIDTH, LABELS, RIGHT = 680, 190, 16  # px: the chart (within the content column), names, margin
ROW, BAR, TOP = 16, 10, 34  # a row's height, a bar's, the axis above the rows
NAME_LENGTH = 30  # characters of a name shown beside its bars
UNKNOWN_STUB = 1.0  # years of solid bar before an end not known fades out
OUTLINED = frozenset({"observer", "partner", "dialogue-partner", "candidate", "applicant"})


@dataclass(frozen=True)
class Period:
    start: str  # a date as written: 1992, 1992-05, 1992-05-15
    end: str | None = None  # None: still running; "unknown": ended, day not known
    status: str = "member"


@dataclass(frozen=True)
class Row:
    name: str
    periods: tuple[Period, ...]


def year_of(text: str, last: bool = False) -> float:
    """A date as a fraction of years: its first day (or its last, with `last`)."""
    y, m, d = as_date(text).last_day() if last else as_date(text).first_day()
    return y + (m - 1) / 12 + (d - 1) / 365


def timeline(title: str, rows: list[Row], undated: list[str], begins: str | None,
             what: str = "memberships") -> Markup:
    """The chart as an HTML block for a Markdown page, or nothing without a dated row."""
    if not rows:
        return Markup("")
    starts = [year_of(p.start) for row in rows for p in row.periods]
    first = int(min([*starts, *([year_of(begins)] if begins else [])]))
    end = today().year + 1  # the axis runs to the end of the current year
    span = max(1, end - first)
    scale = (WIDTH - LABELS - RIGHT) / span

    def x(year: float) -> float:
        return round(LABELS + (min(max(year, first), end) - first) * scale, 1)

    height = TOP + ROW * len(rows) + 6
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="wiki-chart" role="img" '
             f'viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" '
             f'aria-labelledby="chart-title chart-desc">',
             f'<title id="chart-title">{escape(title)}</title>',
             f'<desc id="chart-desc">{escape(description(rows, undated, first, what))}</desc>',
             ]  # its look is in docs/assets/stylesheets/wiki.css (`.wiki-chart`)
    step = next(s for s in (1, 2, 5, 10, 20, 50) if span / s <= 12)
    ticks = range(first - first % step + (step if first % step else 0), end + 1, step)
    for year in [first, *(t for t in ticks if t - first >= step * 0.7)]:  # from the first year
        parts.append(f'<line class="g" x1="{x(year)}" y1="{TOP - 8}" x2="{x(year)}" '
                     f'y2="{height - 4}"/><text x="{x(year)}" y="{TOP - 12}" '
                     f'text-anchor="middle">{year}</text>')
    for number, row in enumerate(rows):
        top = TOP + number * ROW
        name = row.name if len(row.name) <= NAME_LENGTH else row.name[:NAME_LENGTH - 1] + "…"
        parts.append(f'<text x="{LABELS - 6}" y="{top + BAR}" text-anchor="end">'
                     f'{escape(name)}</text>')
        parts += [bar(period, top, x, end) for period in row.periods]
    parts.append("</svg>")
    return Markup("".join(parts))


def bar(period: Period, top: int, x, end: int) -> str:
    """One period: solid for a member, outlined for an observer or the like, dashed
    while suspended; an arrow while it lasts, a fading dotted line when its end is not
    known."""
    style = "s" if period.status == "suspended" else "o" if period.status in OUTLINED else "m"
    start = year_of(period.start)
    if period.end == "unknown":
        stop, tail = start + UNKNOWN_STUB, "unknown"
    elif period.end:
        stop, tail = year_of(period.end, last=True), ""
    else:
        stop, tail = end, "ongoing"
    left, right = x(start), max(x(stop), x(start) + 1)
    drawn = (f'<rect class="{style}" x="{left}" y="{top + 1}" width="{round(right - left, 1)}" '
             f'height="{BAR}"/>')
    middle = top + 1 + BAR / 2
    if tail == "ongoing":
        drawn += (f'<path class="m" d="M{right} {top - 1}l6 {BAR / 2 + 2}l-6 '
                  f'{BAR / 2 + 2}z"/>')
    elif tail == "unknown":
        drawn += (f'<line class="u" x1="{right}" y1="{middle}" x2="{right + 24}" '
                  f'y2="{middle}"/><text x="{right + 27}" y="{top + BAR}">?</text>')
    return drawn


def description(rows: list[Row], undated: list[str], first: int, what: str) -> str:
    periods = [p for row in rows for p in row.periods]
    ongoing = sum(1 for p in periods if not p.end)
    unknown = sum(1 for p in periods if p.end == "unknown")
    what = what if len(periods) != 1 else what.removesuffix("s")
    text = (f"{len(periods)} {what} of {len(rows)} from {first} to {today().year}: "
            f"{ongoing} ongoing, {len(periods) - ongoing - unknown} ended"
            f"{f', {unknown} ended on a date not known' if unknown else ''}.")
    if undated:
        text += f" Not drawn, with no period known: {len(undated)}."
    return text + " The table below gives every date."

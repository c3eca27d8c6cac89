"""Dates at the precision known: `1992`, `1992-05`, `1992-05-15`."""

from __future__ import annotations

import calendar
import datetime
import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from .diagnostics import shown

PATTERN = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
DAY_FIRST = re.compile(r"^(\d{1,2})[./](\d{1,2})[./](\d{4})$")  # 30.11.2017, 30/11/2017
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")


@dataclass(frozen=True, order=True)
class PartialDate:
    year: int
    month: int = 0  # 0: unknown
    day: int = 0  # 0: unknown

    def first_day(self) -> tuple[int, int, int]:
        return (self.year, self.month or 1, self.day or 1)

    def last_day(self) -> tuple[int, int, int]:
        month = self.month or 12
        return (self.year, month, self.day or calendar.monthrange(self.year, month)[1])

    def iso(self) -> str:
        parts = [f"{self.year:04d}"]
        if self.month:
            parts.append(f"{self.month:02d}")
        if self.day:
            parts.append(f"{self.day:02d}")
        return "-".join(parts)

    def human(self) -> str:
        """`15 May 1992`, `May 1992`, `1992`."""
        if not self.month:
            return str(self.year)
        if not self.day:
            return f"{MONTHS[self.month - 1]} {self.year}"
        return f"{self.day} {MONTHS[self.month - 1]} {self.year}"


def parse_date(text: str) -> tuple[PartialDate | None, str]:
    """The date, or None and a message saying what is wrong with it."""
    match = PATTERN.match(text.strip())
    if not match:
        return None, (f"{shown(text)} is not a date; write it as YYYY, YYYY-MM or YYYY-MM-DD "
                      f"({meant(text) or '1992, 1992-05, 1992-05-15'})")
    year, month, day = (int(g) if g else 0 for g in match.groups())
    if year == 0:
        return None, f"'{text}' is not a date: there is no year 0"
    if match.group(2) and not 1 <= month <= 12:
        return None, f"'{text}' is not a date: there is no month {month} (months are 01 to 12)"
    if match.group(3):
        last = calendar.monthrange(year, month)[1]
        if day == 0:
            return None, f"'{text}' is not a date: there is no day 0"
        if day > last:
            return None, f"'{text}' is not a date: {MONTHS[month - 1]} {year} has {last} days"
    return PartialDate(year, month, day), ""


def meant(text: str) -> str:
    """The ISO date a day-first date such as `30.11.2017` stands for, as a hint; both
    readings when `05/11/2017` could also be month-first."""
    match = DAY_FIRST.match(text.strip())
    if not match:
        return ""
    day, month, year = (int(g) for g in match.groups())
    readings = [iso(year, month, day)]
    if "/" in text:
        readings.append(iso(year, day, month))
    found = list(dict.fromkeys(r for r in readings if r))
    return f"here: {' or '.join(found)}" if found else ""


def iso(year: int, month: int, day: int) -> str:
    if year and 1 <= month <= 12 and 1 <= day <= calendar.monthrange(year, month)[1]:
        return f"{year:04d}-{month:02d}-{day:02d}"
    return ""


@lru_cache(maxsize=65536)  # the same dates recur on many pages
def as_date(text: str | None) -> PartialDate | None:
    """A date already validated, or None."""
    return parse_date(text)[0] if text else None


def surely_before(a: PartialDate, b: PartialDate) -> bool:
    """True when every day `a` may mean comes before every day `b` may mean."""
    return a.last_day() < b.first_day()


def adjacent(end: PartialDate, start: PartialDate) -> bool:
    """A term ending one day (or month, or year) and the next starting the next."""
    if end.day and start.day:
        return date(*end.last_day()) + timedelta(days=1) == date(*start.first_day())
    if end.month and start.month:
        return (end.year * 12 + end.month + 1) == (start.year * 12 + start.month)
    return end.year + 1 >= start.year


TODAY: date | None = None  # set by `wiki check --today` for data staged ahead


def today() -> date:
    """The day after which a date is in the future."""
    return TODAY or datetime.date.today()

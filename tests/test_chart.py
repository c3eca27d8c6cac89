"""The timeline chart: golden SVGs, the axis from the founding to this year, its size.

Set UPDATE_EXPECTED=1 to rewrite the golden files after a deliberate change, then look
at them in a browser.
"""

from __future__ import annotations

import os
import re
from datetime import date
from pathlib import Path

import pytest

from generator import chart, dates

GOLDEN = Path(__file__).parent / "cases" / "charts"
SMALL_COUNCIL = [
    chart.Row("North Land", (chart.Period("1992-05-15", "1999"), chart.Period("2005"))),
    chart.Row("South Land", (chart.Period("1992-05-15", "unknown"),
                             chart.Period("1993", None, "observer"))),
    chart.Row("West Land", (chart.Period("2001-03", "2004", "suspended"),)),
]


@pytest.fixture(autouse=True)
def this_year(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(dates, "TODAY", date(2026, 11, 30))


def golden(name: str, svg: str) -> str:
    path = GOLDEN / f"{name}.svg"
    if os.environ.get("UPDATE_EXPECTED"):
        path.write_text(svg + "\n", encoding="utf-8")
    return path.read_text(encoding="utf-8").removesuffix("\n")


def test_a_small_council() -> None:
    svg = chart.timeline("Members of Test Alliance over time", SMALL_COUNCIL,
                         ["East Land"], "1992-05-15")
    assert svg == golden("small-council", svg)
    assert "5 memberships of 3 from 1992 to 2026: 2 ongoing, 2 ended, 1 ended on a date " \
        "not known. Not drawn, with no period known: 1." in svg


def test_from_the_founding_to_this_year() -> None:
    """The axis starts at the founding, before any member joined, and ends with this
    year; a membership still running reaches the end with an arrow."""
    rows = [chart.Row("Founding State", (chart.Period("1945-10-24"),)),
            chart.Row("Late Joiner", (chart.Period("2011-07-14"),))]
    svg = chart.timeline("Members of the United Nations over time", rows, [], "1945-10-24")
    assert svg == golden("founding-to-today", svg)
    years = [int(y) for y in re.findall(r'text-anchor="middle">(\d{4})<', svg)]
    assert years[0] == 1945 and years[-1] <= 2027
    right_edge = chart.WIDTH - chart.RIGHT
    assert svg.count(f'<path class="m" d="M{right_edge}.0 ') == 2  # both still members
    assert ">2011<" not in svg  # not the last date in the data: this year


def test_two_hundred_rows_stay_small() -> None:
    rows = [chart.Row(f"State number {n}", (chart.Period(f"{1945 + n % 70}-01-01",
                                                         None if n % 3 else "2000"),))
            for n in range(200)]
    svg = chart.timeline("Members over time", rows, [], "1945")
    assert svg.count("<rect") == 200
    assert len(svg.encode()) < 40_000, len(svg.encode())

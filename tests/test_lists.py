"""List pages stay within the page budget however the names are spread."""

from __future__ import annotations

from generator.graph import sort_key
from generator.lists import ROWS_PER_PAGE, partition
from generator.records import Entity

DEPARTMENTS = ("Archives", "Customs", "Finance", "Migration", "Statistics")


def office(number: int, name: str) -> Entity:
    return Entity(f"office-{number}", "offices", f"entities/offices/office-{number}.yaml",
                  {"name": name}, {})


def test_a_letter_of_names_alike_is_split_by_longer_beginnings() -> None:
    """500 offices named "Head of the … Department" and a few others: no page holds
    more than ROWS_PER_PAGE rows, every office is listed once, in name order."""
    offices = [office(n, f"Head of the {DEPARTMENTS[n % 5]} Department of Land {n}")
               for n in range(500)]
    offices += [office(500 + n, f"{word} of Land {n}")
                for n, word in enumerate(["Ambassador", "Governor", "Head"])]
    entities = sorted(offices, key=sort_key)
    parts = partition(entities)
    assert [e for _, _, members in parts for e in members] == entities
    assert max(len(members) for _, _, members in parts) <= ROWS_PER_PAGE
    assert [(key, label, len(members)) for key, label, members in parts] == [
        ("a", "A", 1), ("g", "G", 1),
        ("h-1", "Head of L – Head of the A…", 101),  # "Head of Land 2", the archives
        ("h-2", "Head of the C – Head of the F…", 200),  # customs and finance
        ("h-3", "Head of the M – Head of the S…", 200)]

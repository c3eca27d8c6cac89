"""What "the world as of a date" would cost to ship, two ways, measured on a corpus.

    python benchmarks/asof.py CORPUS

(a) a small script over the data: one JSON file holding, for every office, council and
    treaty, the dated items of its relation (who, from, to, as of) — the browser picks
    the items that hold on the reader's day;
(b) static pages per year: for every year the data spans, a Markdown page listing, for
    every office, council and treaty, the items that held in any part of that year.

It prints the bytes of each, raw and gzipped (as a server or the zip would send them),
and the number of files. The pages are counted as Markdown: the HTML MkDocs makes of
them is larger (each page also carries the theme's navigation, some 30 kB).
"""

from __future__ import annotations

import gzip
import json
import sys
from pathlib import Path

from generator.dates import as_date
from generator.graph import is_term
from generator.pipeline import check

RELATIONS = {"offices": None, "councils": "members", "treaties": "parties"}


def dated_items(graph) -> dict[str, list[tuple[str, str, str, str]]]:
    """Each office, council and treaty: (other entity, from, to, as of) of its items."""
    found: dict[str, list[tuple[str, str, str, str]]] = {}
    for entity in graph.entities.values():
        if entity.type == "offices":
            items = [(lk.source, lk.item.get("from", ""), lk.item.get("to", ""),
                      lk.item.get("as_of", ""))
                     for lk in graph.incoming.get(entity.id, ()) if is_term(graph, lk)]
        elif entity.type == "councils":
            items = [(m["state"], m.get("from", ""), m.get("to", ""), m.get("as_of", ""))
                     for m in entity.get("members", [])]
        elif entity.type == "treaties":
            items = []
            for party in entity.get("parties", []):
                dates = {a["action"]: a.get("date", "") for a in party.get("actions", [])}
                begin = party.get("in_force") or next(
                    (d for a, d in dates.items() if a not in ("signature", "withdrawal",
                                                             "denunciation")), "")
                end = dates.get("withdrawal") or dates.get("denunciation") or ""
                items.append((party["state"], begin, end, ""))
        else:
            continue
        found[entity.id] = items
    return found


def held_in(item: tuple[str, str, str, str], year: int) -> bool:
    begin, end, seen = (as_date(d) if d and d != "unknown" else None for d in item[1:])
    if seen is not None:
        return seen.year == year
    if begin is None:
        return False
    return begin.year <= year and (end is None or end.year >= year)


def main(corpus: Path) -> None:
    outcome = check(corpus)
    graph = outcome.graph
    items = dated_items(graph)
    names = {i: graph.entities[i].name for i in
             {*items, *(other for rows in items.values() for other, *_ in rows)}}
    data = json.dumps({"names": names, "items": items}, ensure_ascii=False,
                      separators=(",", ":")).encode()
    years = sorted({d.year for rows in items.values() for row in rows
                    for d in (as_date(x) for x in row[1:] if x and x != "unknown") if d})
    pages = []
    for year in range(years[0], years[-1] + 1):
        lines = [f"# The world in {year}\n"]
        for entity_id, rows in items.items():
            held = [r for r in rows if held_in(r, year)]
            if held:
                entity = graph.entities[entity_id]
                lines.append(f"\n## [{entity.name}](../{entity.type}/{entity_id}.md)\n")
                lines += [f"- [{names[r[0]]}](../x/{r[0]}.md) {r[1]}–{r[2]} {r[3]}\n"
                          for r in held]
        pages.append("".join(lines).encode())
    result = {
        "entities": len(graph.entities),
        "script_data": {"files": 1, "bytes": len(data), "gzip": len(gzip.compress(data))},
        "year_pages": {"files": len(pages), "bytes": sum(map(len, pages)),
                       "gzip": sum(len(gzip.compress(p)) for p in pages),
                       "largest": max(map(len, pages))},
    }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main(Path(sys.argv[1]))

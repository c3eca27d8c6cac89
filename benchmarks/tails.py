"""Page sizes and build time on a corpus with real data's heavy tails, beside the uniform one.

    python benchmarks/tails.py                        # 10,000 entities: about 5 minutes
    python benchmarks/tails.py --entities 1000 --json
    python benchmarks/tails.py --generator HEAD --keep /dev/shm/tails

For each corpus (`corpus.py`, then `corpus.py --tails`) it runs `wiki build` as people run
it (the site and its offline copy) and reads the built site: the HTML pages' sizes (the
largest, the 99th percentile, the median, how many exceed the page budget), the search
indexes per entity, and the build time per entity.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

try:
    from .corpus import write_corpus
    from .run import run_child, snapshot, wiki_build_command
except ImportError:  # run as a script: `python benchmarks/tails.py`
    from corpus import write_corpus  # type: ignore[no-redef]
    from run import run_child, snapshot, wiki_build_command  # type: ignore[no-redef]

BUDGET = 150 * 1024  # bytes of HTML a page may have (issue 14)


def percentile(sizes: list[int], share: float) -> int:
    """The size below which `share` of the pages fall (nearest rank)."""
    ordered = sorted(sizes)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def page_sizes(site: Path) -> dict:
    """The HTML pages of a built site: their size distribution and the largest ones."""
    sizes = {path.relative_to(site).as_posix(): path.stat().st_size
             for path in site.rglob("*.html")}
    values = list(sizes.values())
    largest = sorted(sizes.items(), key=lambda item: (-item[1], item[0]))[:8]
    return {"pages": len(values), "largest": largest,
            "p99": percentile(values, 0.99), "median": percentile(values, 0.5),
            "over_budget": sum(1 for size in values if size > BUDGET)}


def measure(corpus: Path, entities: int, seed: int, tails: bool,
            site_files: Path | None = None) -> dict:
    """Write a corpus, build it with `wiki build` and read the site."""
    extra = {"site_files": site_files} if site_files else {}
    numbers = write_corpus(corpus, entities, seed, tails=tails, **extra)
    build = run_child(wiki_build_command(corpus))
    if build.returncode != 0:
        raise SystemExit(f"wiki build failed on {corpus}:\n{build.stderr[-3000:]}")
    site = corpus / "site"
    index = (site / "search" / "search_index.json").stat().st_size
    from_disk = site / "search" / "search_index.js"
    total = sum(numbers.values())
    return {"entities": total, "build_seconds": build.seconds,
            "build_cpu_seconds": build.cpu_seconds,
            "build_ms_per_entity": 1000 * build.seconds / total,
            "search_index_bytes_per_entity": index / total,
            "offline_index_bytes_per_entity": (from_disk.stat().st_size / total
                                               if from_disk.is_file() else None),
            **page_sizes(site)}


def report(results: dict[str, dict]) -> str:
    uniform, heavy = results["uniform"], results["tails"]
    rows = [("", "uniform", "heavy tails")]

    def row(label: str, key: str, fmt: str) -> None:
        rows.append((label, *(fmt.format(r[key]) if r[key] is not None else "–"
                              for r in (uniform, heavy))))

    row("entities", "entities", "{:,}")
    row("HTML pages", "pages", "{:,}")
    row("largest page", "largest", "{0[0][1]:,} B")
    row("99th percentile", "p99", "{:,} B")
    row("median", "median", "{:,} B")
    row(f"pages over {BUDGET // 1024} KB", "over_budget", "{:,}")
    row("search index per entity", "search_index_bytes_per_entity", "{:,.0f} B")
    row("offline index per entity", "offline_index_bytes_per_entity", "{:,.0f} B")
    row("wiki build (wall)", "build_seconds", "{:.1f} s")
    row("wiki build (CPU)", "build_cpu_seconds", "{:.1f} s")
    row("wiki build per entity", "build_ms_per_entity", "{:.2f} ms")
    width = max(len(r[0]) for r in rows)
    lines = [f"{r[0]:<{width}}  {r[1]:>14}  {r[2]:>14}" for r in rows]
    lines.append(f"build per entity, heavy tails / uniform: "
                 f"{heavy['build_ms_per_entity'] / uniform['build_ms_per_entity']:.2f}×")
    for name, result in results.items():
        lines.append(f"\nlargest pages, {name}:")
        lines += [f"  {size:>10,} B  {path}" for path, size in result["largest"]]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--entities", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--generator", metavar="REF",
                        help="measure generator/, mkdocs.yml and docs/ as committed at REF")
    parser.add_argument("--keep", type=Path, help="build the corpora here and keep them")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--only", choices=("uniform", "tails"),
                        help="build one of the two corpora alone")
    args = parser.parse_args(argv)
    work = args.keep or Path(tempfile.mkdtemp(prefix="wiki-tails-"))
    work.mkdir(parents=True, exist_ok=True)
    site_files = snapshot(args.generator, work) if args.generator else None
    results = {}
    for name, tails in (("uniform", False), ("tails", True)):
        if args.only and name != args.only:
            continue
        corpus = work / f"{name}-{args.entities}"
        results[name] = measure(corpus, args.entities, args.seed, tails, site_files)
        print(f"{name}: built in {results[name]['build_seconds']:.1f} s", file=sys.stderr)
    print(json.dumps(results, indent=2) if args.json or args.only else report(results))


if __name__ == "__main__":
    main()

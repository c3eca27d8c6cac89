"""How fast the wiki builds, at 1,000 and 10,000 synthetic entities (100,000 with --large).

    python benchmarks/run.py                   # a table for 1,000 and 10,000 entities
    python benchmarks/run.py --sizes 1000 --json
    python benchmarks/run.py --large           # also 100,000, generator figures only (slow)
    python benchmarks/run.py --profile         # and a cProfile of the slowest stage

Every measurement runs in a fresh interpreter: the generator stages, the parse+write floor
and the incremental runs through `stages.py`, the site builds as `mkdocs build` and
`wiki build`. Peak memory is each child process's maximum resident set (wait4).
"""

from __future__ import annotations

import argparse
import importlib.metadata
import io
import json
import os
import platform
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

try:
    from .corpus import REPOSITORY, SHARES, write_corpus
except ImportError:  # run as a script: `python benchmarks/run.py`
    from corpus import REPOSITORY, SHARES, write_corpus  # type: ignore[no-redef]

HERE = Path(__file__).resolve().parent
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


@dataclass(frozen=True)
class Child:
    """A finished child process: wall and CPU seconds, peak memory, what it printed."""

    seconds: float
    cpu_seconds: float
    peak_rss_mb: float
    returncode: int
    stdout: str
    stderr: str


def run_child(command: list[str]) -> Child:
    """Run to the end; away from the repository, whose generator/ would shadow a snapshot."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        process = subprocess.Popen(command, stdout=out, stderr=err, env=ENV,
                                   cwd=tempfile.gettempdir())
        _, status, usage = os.wait4(process.pid, 0)  # wait4: this child's own rusage
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0), err.seek(0)
        return Child(seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024,
                     process.returncode, out.read().decode(), err.read().decode())


def run_stages(*args: str) -> Child:
    """`stages.py` with these arguments, in a fresh interpreter."""
    child = run_child([sys.executable, str(HERE / "stages.py"), *args])
    if child.returncode != 0:
        raise SystemExit(f"stages.py {args[0]} failed:\n{child.stderr[-3000:]}")
    return child


def stage_figures(*args: str) -> tuple[dict, Child]:
    """What `stages.py` measured (it prints JSON), and its process."""
    child = run_stages(*args)
    return json.loads(child.stdout), child


# ---- one size ----------------------------------------------------------------------------


def measure(size: int, seed: int, work: Path, site: bool, site_files: Path,
            repeat: int) -> dict:
    """Every figure for a corpus of `size` entities; the site builds only with `site`."""
    corpus = work / f"corpus-{size}"
    started = time.perf_counter()
    write_corpus(corpus, size, seed, site_files)
    figures = {"entities": size, "corpus_seconds": time.perf_counter() - started,
               "load_average": os.getloadavg()[0]}
    figures |= corpus_sizes(corpus)
    figures |= generator_figures(corpus, repeat)
    figures |= floor_figures(corpus, work / f"floor-{size}", figures, repeat)
    figures |= incremental_figures(corpus)
    if site:
        figures |= site_figures(corpus, work / f"bare-site-{size}", size)
    return figures


def corpus_sizes(corpus: Path) -> dict:
    files = list((corpus / "entities").rglob("*.yaml"))
    return {"yaml_bytes_average": sum(f.stat().st_size for f in files) / len(files)}


def generator_figures(corpus: Path, repeat: int) -> dict:
    result, child = stage_figures("generate", str(corpus), str(repeat))
    figures = {f"stage:{s['stage']}": (s["seconds"], s["cpu_seconds"]) for s in result["stages"]}
    pages = [p for p in (corpus / "docs").glob("*/*.md")
             if p.parent.name in SHARES and p.name != "index.md"]
    return figures | {
        "generator_seconds": sum(s["seconds"] for s in result["stages"]),
        "generator_cpu_seconds": sum(s["cpu_seconds"] for s in result["stages"]),
        "generator_peak_rss_mb": child.peak_rss_mb,
        "stage_peak_rss_mb": {s["stage"]: s["peak_rss_mb"] for s in result["stages"]},
        "pages": result["pages"],
        "pages_written": result["written"],
        "entity_page_bytes_average": sum(p.stat().st_size for p in pages) / max(1, len(pages)),
        "all_page_bytes": result["page_bytes"],
        "generator_package": result["generator_package"],
        "gc_threshold": result["gc_threshold"],
    }


def floor_figures(corpus: Path, scratch: Path, generator: dict, repeat: int) -> dict:
    result, _ = stage_figures("floor", str(corpus), str(scratch), str(repeat))
    shutil.rmtree(scratch, ignore_errors=True)
    floor = result["parse_seconds"] + result["write_seconds"]
    floor_cpu = result["parse_cpu_seconds"] + result["write_cpu_seconds"]
    return {"floor_parse_seconds": result["parse_seconds"],
            "floor_parse_cpu_seconds": result["parse_cpu_seconds"],
            "floor_write_seconds": result["write_seconds"],
            "floor_write_cpu_seconds": result["write_cpu_seconds"],
            "floor_seconds": floor, "floor_cpu_seconds": floor_cpu,
            "generator_vs_floor": generator["generator_seconds"] / floor,
            "generator_vs_floor_cpu": generator["generator_cpu_seconds"] / floor_cpu}


def incremental_figures(corpus: Path) -> dict:
    result, _ = stage_figures("incremental", str(corpus))
    result["edited_file"] = result.pop("edited")
    del result["peak_rss_mb"], result["generator_package"], result["gc_threshold"]
    return result


def site_figures(corpus: Path, bare_site: Path, size: int) -> dict:
    """A bare `mkdocs build` of the generated pages against the whole `wiki build`: once
    after an edit (the pages carry no record of what they were made from, since the
    incremental runs left none, so it checks and renders everything), and once with the
    pages up to date (after `wiki generate`, as after any build)."""
    bare = run_child([sys.executable, "-m", "mkdocs", "build", "-q",
                      "-f", str(corpus / "mkdocs.yml"), "-d", str(bare_site)])
    shutil.rmtree(bare_site, ignore_errors=True)
    edited = run_child(wiki_build_command(corpus))
    run_child([sys.executable, "-m", "generator", "generate", "--root", str(corpus)])
    wiki = run_child(wiki_build_command(corpus))
    for name, child in (("mkdocs build", bare), ("wiki build", edited), ("wiki build", wiki)):
        if child.returncode != 0:
            raise SystemExit(f"{name} failed at {size} entities:\n{child.stderr[-3000:]}")
    index = (corpus / "site" / "search" / "search_index.json").stat().st_size
    from_disk = corpus / "site" / "search" / "search_index.js"
    archive = next((corpus / "dist").glob("*-offline.zip"))  # named after the site
    return {"mkdocs_seconds": bare.seconds, "mkdocs_cpu_seconds": bare.cpu_seconds,
            "mkdocs_peak_rss_mb": bare.peak_rss_mb,
            "wiki_build_edited_seconds": edited.seconds,
            "wiki_build_edited_cpu_seconds": edited.cpu_seconds,
            "wiki_build_seconds": wiki.seconds, "wiki_build_cpu_seconds": wiki.cpu_seconds,
            "wiki_build_peak_rss_mb": max(wiki.peak_rss_mb, edited.peak_rss_mb),
            "wiki_build_command": " ".join(wiki_build_command(Path("CORPUS"))[1:]),
            "build_edited_vs_mkdocs": edited.seconds / bare.seconds,
            "build_edited_vs_mkdocs_cpu": edited.cpu_seconds / bare.cpu_seconds,
            "build_vs_mkdocs": wiki.seconds / bare.seconds,
            "build_vs_mkdocs_cpu": wiki.cpu_seconds / bare.cpu_seconds,
            "search_index_bytes": index, "search_index_bytes_per_entity": index / size,
            **({"offline_index_bytes_per_entity": from_disk.stat().st_size / size}
               if from_disk.is_file() else {}),
            **({"archive_bytes": archive.stat().st_size} if archive.is_file() else {})}


def wiki_build_command(corpus: Path) -> list[str]:
    """`wiki build` as people run it: the site and its offline copy."""
    return [sys.executable, "-m", "generator", "build", "--root", str(corpus)]


def profile(corpus: Path, stage: str) -> str:
    return run_stages("profile", str(corpus), stage).stdout


# ---- the machine and the report ----------------------------------------------------------


def snapshot(ref: str, work: Path) -> Path:
    """generator/, mkdocs.yml and docs/ as committed at `ref`, which the measurements then
    use instead of the working tree (through PYTHONPATH), so that edits made to the tree
    while they run cannot change what is measured."""
    folder = work / "snapshot"
    folder.mkdir()
    archive = subprocess.run(["git", "-C", str(REPOSITORY), "archive", ref, "generator",
                              "mkdocs.yml", "docs"], capture_output=True, check=True).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(folder, filter="data")
    ENV["PYTHONPATH"] = str(folder)
    return folder


def machine(ref: str | None) -> dict:
    def version(package: str) -> str:
        try:
            return importlib.metadata.version(package)
        except importlib.metadata.PackageNotFoundError:
            return "absent"

    import yaml

    meminfo = Path("/proc/meminfo").read_text().split("\n")[0].split()
    git = ["git", "-C", str(REPOSITORY)]
    commit = subprocess.run([*git, "rev-parse", "--short", ref or "HEAD"], capture_output=True,
                            text=True).stdout.strip()
    dirty = ref is None and subprocess.run(
        [*git, "status", "--porcelain", "--", "generator", "mkdocs.yml", "docs"],
        capture_output=True, text=True).stdout.strip()
    return {"cpus": os.cpu_count(), "memory_gib": round(int(meminfo[1]) / 2**20, 1),
            "python": platform.python_version(), "mkdocs": version("mkdocs"),
            "mkdocs_material": version("mkdocs-material"), "pyyaml": version("PyYAML"),
            "libyaml": bool(getattr(yaml, "__with_libyaml__", False)),
            "jinja2": version("Jinja2"),
            "commit": commit + (" + uncommitted changes" if dirty else "")}


# A row of the table: (keys, label, format, target); keys "" is a heading, "STAGES" the
# generator's stages. Times are shown as wall / CPU seconds: the machine may be shared.
ROWS = [
    ("", "Corpus", "", ""),
    ("yaml_bytes_average", "entity file, average", "{:,.0f} B", "~1,200 B"),
    ("entity_page_bytes_average", "entity page, average", "{:,.0f} B", "~1,500 B"),
    ("pages", "files generated", "{:,}", ""),
    ("load_average", "load average when measured", "{:.1f}", ""),
    ("", "Generator, first run into an empty docs/ (wall / CPU)", "", ""),
    ("STAGES", "", "", ""),
    (("generator_seconds", "generator_cpu_seconds"), "generator total", "{:.2f} / {:.2f} s", ""),
    ("generator_peak_rss_mb", "peak memory", "{:,.0f} MB", ""),
    (("floor_parse_seconds", "floor_parse_cpu_seconds"), "floor: compose every file",
     "{:.2f} / {:.2f} s", ""),
    (("floor_write_seconds", "floor_write_cpu_seconds"), "floor: write every page",
     "{:.2f} / {:.2f} s", ""),
    (("floor_seconds", "floor_cpu_seconds"), "floor total", "{:.2f} / {:.2f} s", ""),
    (("generator_vs_floor", "generator_vs_floor_cpu"), "generator / floor",
     "{:.1f}× / {:.1f}×", "≤ 1.5× at 10,000"),
    ("", "Incremental (wall / CPU)", "", ""),
    (("unchanged_seconds", "unchanged_cpu_seconds"), "wiki generate, no change, all rendered",
     "{:.2f} / {:.2f} s", ""),
    ("unchanged_written", "wiki generate, no change: files written", "{:,}", "0"),
    (("unchanged_recorded_seconds", "unchanged_recorded_cpu_seconds"),
     "wiki generate, no change, known", "{:.2f} / {:.2f} s", ""),
    ("unchanged_recorded_written", "wiki generate, no change, known: files written", "{:,}",
     "0"),
    (("serve_start_seconds", "serve_start_cpu_seconds"), "wiki serve: first run, with cache",
     "{:.2f} / {:.2f} s", ""),
    (("serve_unchanged_seconds", "serve_unchanged_cpu_seconds"), "wiki serve: no change",
     "{:.2f} / {:.2f} s", ""),
    ("serve_unchanged_written", "wiki serve: no change: files written", "{:,}", "0"),
    (("edit_seconds", "edit_cpu_seconds"), "wiki serve: one summary edited",
     "{:.2f} / {:.2f} s", "< 1 s at 10,000"),
    ("edit_written", "wiki serve: one summary edited: files written", "{:,}", ""),
    ("", "Site (wall / CPU)", "", ""),
    (("mkdocs_seconds", "mkdocs_cpu_seconds"), "bare mkdocs build", "{:.1f} / {:.1f} s", ""),
    ("mkdocs_peak_rss_mb", "bare mkdocs build: peak memory", "{:,.0f} MB", ""),
    (("wiki_build_edited_seconds", "wiki_build_edited_cpu_seconds"),
     "wiki build, after an edit", "{:.1f} / {:.1f} s", "< 60 s at 10,000"),
    (("build_edited_vs_mkdocs", "build_edited_vs_mkdocs_cpu"), "  / mkdocs build",
     "{:.2f}× / {:.2f}×", "≤ 1.1×"),
    (("wiki_build_seconds", "wiki_build_cpu_seconds"), "wiki build, pages up to date",
     "{:.1f} / {:.1f} s", "< 60 s at 10,000"),
    (("build_vs_mkdocs", "build_vs_mkdocs_cpu"), "  / mkdocs build",
     "{:.2f}× / {:.2f}×", "≤ 1.1×"),
    ("wiki_build_peak_rss_mb", "wiki build: peak memory", "{:,.0f} MB", ""),
    ("search_index_bytes", "search index", "{:,} B", ""),
    ("search_index_bytes_per_entity", "search index per entity", "{:,.0f} B", "≤ 1,024 B"),
    ("offline_index_bytes_per_entity", "offline copy's search index per entity", "{:,.0f} B",
     "≤ 1,024 B"),
    ("archive_bytes", "offline copy (zip)", "{:,} B", ""),
]


def table(results: dict[int, dict]) -> str:
    sizes = list(results)
    lines = [["", *(f"{s:,} entities" for s in sizes), "target"]]
    for keys, label, fmt, target in ROWS:
        if keys == "STAGES":
            lines += stage_rows(results)
        elif not keys:
            lines.append([label, *([""] * len(sizes)), ""])
        else:
            cells = [cell(results[s], keys, fmt) for s in sizes]
            if any(text != "—" for text in cells):  # `--no-site` leaves the site rows out
                lines.append([f"  {label}", *cells, target])
    headings = [i for i, row in enumerate(lines) if not row[0].startswith(" ")]
    empty = {i for i, j in zip(headings, [*headings[1:], len(lines)], strict=True) if j == i + 1}
    lines = [row for i, row in enumerate(lines) if i not in empty or i == 0]
    widths = [max(len(row[i]) for row in lines) for i in range(len(lines[0]))]
    return "\n".join("  ".join(text.ljust(width) if i == 0 else text.rjust(width)
                               for i, (text, width) in enumerate(zip(row, widths, strict=True)))
                     .rstrip() for row in lines)


def cell(figures: dict, keys: str | tuple[str, ...], fmt: str) -> str:
    keys = (keys,) if isinstance(keys, str) else keys
    if not all(key in figures for key in keys):
        return "—"
    return fmt.format(*(figures[key] for key in keys))


def stage_rows(results: dict[int, dict]) -> list[list[str]]:
    names = list(dict.fromkeys(k for r in results.values() for k in r if k.startswith("stage:")))
    return [[f"  {name[6:]}", *(cell(r, name, "{0[0]:.2f} / {0[1]:.2f} s")
                                for r in results.values()), ""] for name in names]


def describe(info: dict) -> str:
    return (f"{info['cpus']} CPUs, {info['memory_gib']} GiB; Python {info['python']}, "
            f"MkDocs {info['mkdocs']}, Material {info['mkdocs_material']}, PyYAML "
            f"{info['pyyaml']} (libyaml: {info['libyaml']}), Jinja2 {info['jinja2']}; "
            f"generator at {info['commit']}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000",
                        help="entity counts, comma-separated  [default: 1000,10000]")
    parser.add_argument("--large", action="store_true",
                        help="also 100,000 entities, generator figures only (minutes)")
    parser.add_argument("--no-site", action="store_true", help="skip the two site builds")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=1, metavar="N",
                        help="run the generator and the floor N times; keep each stage's best")
    parser.add_argument("--json", action="store_true", help="print JSON, not a table")
    parser.add_argument("--profile", action="store_true",
                        help="profile the slowest generator stage at the largest size")
    parser.add_argument("--generator", metavar="REF",
                        help="measure generator/, mkdocs.yml and docs/ as committed at this "
                        "git revision  [default: the working tree]")
    parser.add_argument("--keep", type=Path, help="keep the corpora in this new folder")
    args = parser.parse_args(argv)
    plan = [(int(s), not args.no_site) for s in args.sizes.split(",")]
    plan += [(100_000, False)] if args.large else []
    if args.keep:
        args.keep.mkdir(parents=True)  # a new folder: nothing of the user's is overwritten
    work = (args.keep or Path(tempfile.mkdtemp(prefix="wiki-bench-"))).resolve()
    try:
        site_files = snapshot(args.generator, work) if args.generator else REPOSITORY
        report = run(plan, args.seed, work, args.profile, site_files, args.repeat)
        report["machine"] = machine(args.generator)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    print_report(report, args.json)


def run(plan: list[tuple[int, bool]], seed: int, work: Path, want_profile: bool,
        site_files: Path, repeat: int) -> dict:
    results = {}
    for size, site in plan:
        print(f"measuring {size:,} entities…", file=sys.stderr)
        results[size] = measure(size, seed, work, site, site_files, repeat)
    report = {"seed": seed, "repeat": repeat, "results": results}
    if want_profile:
        size = max(results)
        stages = {k[6:]: v[0] for k, v in results[size].items() if k.startswith("stage:")}
        slowest = max(stages, key=stages.get)
        report["profile"] = {"entities": size, "stage": slowest,
                             "text": profile(work / f"corpus-{size}", slowest)}
    return report


def print_report(report: dict, as_json: bool) -> None:
    if as_json:
        print(json.dumps(report, indent=1))
        return
    print(describe(report["machine"]))
    print(table(report["results"]))
    for size, figures in report["results"].items():
        print(f"{size:,}: the edit of {figures['edited_file']} rewrote "
              f"{', '.join(figures['edit_written_pages'])}")
    if "profile" in report:
        p = report["profile"]
        print(f"\ncProfile of {p['stage']} at {p['entities']:,} entities:\n{p['text']}")


if __name__ == "__main__":
    main()

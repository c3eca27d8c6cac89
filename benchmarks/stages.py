"""In-process measurements, each run by `run.py` in a fresh interpreter and printed as JSON.

    python benchmarks/stages.py generate CORPUS [REPEAT]       # each generator stage, timed
    python benchmarks/stages.py floor CORPUS SCRATCH [REPEAT]  # parse every file, write every page
    python benchmarks/stages.py incremental CORPUS    # generate again: unchanged, one edit
    python benchmarks/stages.py profile CORPUS STAGE  # cProfile of one stage, as text

With REPEAT, the first run into an empty folder is repeated and each stage's best time kept.

The stage functions are called directly, in the order `generator/pipeline.py` runs them.
"""

from __future__ import annotations

import cProfile
import dataclasses
import gc
import inspect
import io
import json
import os
import pstats
import resource
import sys
import time
from pathlib import Path

import yaml

import generator
from generator import pipeline
from generator.graph import link_entities
from generator.output import MANIFEST, conflicts, read_manifest, write_pages
from generator.records import check_documents
from generator.render import render_pages
from generator.source import load_documents

try:  # stages the pipeline gained after the first five; absent in older checkouts
    from generator.history import last_changed
    from generator.reports import report_pages
except ImportError:
    last_changed = report_pages = None
try:  # the list pages, once part of render_pages
    from generator.lists import list_pages
except ImportError:
    list_pages = None
try:  # the entity pages rendered in several processes, the lists and reports meanwhile
    from generator.pipeline import render_all
except ImportError:
    render_all = None
try:  # the entity files read and checked in several processes
    from generator.pipeline import read_in_processes
except ImportError:
    read_in_processes = None
try:  # the wiki's own settings (its name, its languages), which pages follow
    from generator.config import read_config
except ImportError:
    read_config = None
try:  # what `wiki serve` keeps between regenerations
    from generator.incremental import Cache
except ImportError:
    Cache = None


class Clock:
    """Wall and CPU seconds of each stage, and the process's peak memory once it has run."""

    def __init__(self) -> None:
        self.stages: list[dict] = []

    def run(self, name: str, stage):
        cpu, started = cpu_seconds(), time.perf_counter()
        result = stage()
        self.stages.append({
            "stage": name,
            "seconds": time.perf_counter() - started,
            "cpu_seconds": cpu_seconds() - cpu,
            "peak_rss_mb": peak_rss_mb(),
        })
        return result


class Profiler(Clock):
    """Runs the stages as they are, but one of them under cProfile."""

    def __init__(self, wanted: str) -> None:
        super().__init__()
        self.wanted = wanted
        self.stats: pstats.Stats | None = None

    def run(self, name: str, stage):
        if name != self.wanted:
            return stage()
        profiler = cProfile.Profile()
        result = profiler.runcall(stage)
        self.stats = pstats.Stats(profiler, stream=io.StringIO())
        return result


def cpu_seconds() -> float:
    """CPU time of this process and of the processes it forked and waited for."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def run_generator(root: Path, clock: Clock) -> tuple[list, object]:
    """Every stage of `pipeline.generate`, called one by one; the pages and what was written."""
    if read_in_processes is not None:  # read and checked in several processes
        entities = clock.run(f"pipeline.read_in_processes ({pipeline.forked.cpus()} processes)",
                             lambda: checked(read_in_processes(root)))
    else:
        documents = clock.run("source.load_documents", lambda: checked(load_documents(root)))
        entities = clock.run("records.check_documents",
                             lambda: checked(check_documents(documents)))
    graph = clock.run("graph.link_entities", lambda: checked(link_entities(entities)))
    if read_config is not None and "wiki" in {f.name for f in dataclasses.fields(graph)}:
        graph = dataclasses.replace(graph, wiki=read_config(root))  # as pipeline.generate
    changed = None if last_changed is None else clock.run(
        "history.last_changed", lambda: last_changed(root))
    if render_all is not None:  # the pages, shared out between processes
        pages = clock.run(f"pipeline.render_all ({pipeline.forked.cpus()} processes)",
                          lambda: render_all(graph, changed, None))
    else:
        pages = clock.run("render.render_pages", lambda: render_pages(graph, changed))
        if list_pages is not None:
            pages += clock.run("lists.list_pages", lambda: list_pages(graph))
        if report_pages is not None:
            pages += clock.run("reports.report_pages", lambda: report_pages(graph))
    docs = root / "docs"
    owned = clock.run("output.read_manifest", lambda: read_manifest(docs))
    if clock.run("output.conflicts", lambda: conflicts(docs, pages, owned, "docs")):
        raise SystemExit("the corpus's docs/ holds files the generator did not write")
    return pages, clock.run("output.write_pages", lambda: write_pages(docs, pages, owned))


def checked(result):
    value, problems = result
    if problems:
        raise SystemExit(f"the corpus has {len(problems)} problems, first: {problems[0]}")
    return value


def measure_generate(root: Path, repeat: int = 1) -> dict:
    """The first generation into an empty docs/, `repeat` times: each stage's best run."""
    runs = []
    for number in range(repeat):
        if number:  # as before the first run: no pages in memory, none in docs/
            pages = written = None
            gc.collect()
            remove_generated(root / "docs")
            os.sync()
        clock = Clock()
        pages, written = run_generator(root, clock)
        runs.append(clock.stages)
    return {"stages": best(runs), "pages": len(pages), "written": len(written.written),
            "page_bytes": sum(len(p.content.encode("utf-8")) for p in pages)}


def best(runs: list[list[dict]]) -> list[dict]:
    """Each stage's fastest run; the others were slowed down by something else."""
    return [min(same, key=lambda stage: stage["seconds"]) for same in zip(*runs, strict=True)]


def remove_generated(docs: Path) -> None:
    """Every file the generator's manifest lists, the manifest, and the emptied folders."""
    listed = [docs / path for path in read_manifest(docs)]
    for path in listed:
        path.unlink(missing_ok=True)
    (docs / MANIFEST).unlink()
    for folder in sorted({p.parent for p in listed}, key=lambda f: -len(f.parts)):
        if folder != docs and not any(folder.iterdir()):
            folder.rmdir()


def measure_floor(root: Path, scratch: Path, repeat: int = 1) -> dict:
    """The least any generator must do: parse every entity file, write every page (into
    a new folder each time)."""
    files = sorted((root / "entities").rglob("*.yaml"))
    docs = root / "docs"
    pages = {path: (docs / path).read_bytes() for path in read_manifest(docs)}

    def parse():
        for path in files:
            yaml.compose(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)

    def write(folder: Path):
        for path, data in pages.items():
            target = folder / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)

    runs = []
    for number in range(repeat):
        os.sync()
        clock = Clock()
        clock.run("parse", parse)
        clock.run("write", lambda: write(scratch / str(number)))  # noqa: B023 (run at once)
        runs.append(clock.stages)
    parsed, written = best(runs)
    return {"parse_seconds": parsed["seconds"], "parse_cpu_seconds": parsed["cpu_seconds"],
            "write_seconds": written["seconds"], "write_cpu_seconds": written["cpu_seconds"],
            "files": len(files), "pages": len(pages)}


def measure_incremental(root: Path) -> dict:
    """`generate` again with nothing changed, as `wiki generate` runs it: first after the
    stages wrote the pages (which left no record of what they were made from, so it
    renders everything and compares), then again (with that record, when the generator
    keeps one). Then as `wiki serve` runs it, with the cache it keeps between runs (when
    the generator has one): a first run, a run with nothing changed, and a run after one
    entity's summary is edited."""
    clock = Clock()
    whole = clock.run("unchanged", lambda: checked_outcome(pipeline.generate(root)))
    recorded = clock.run("unchanged_recorded", lambda: checked_outcome(pipeline.generate(root)))
    cache = new_cache()
    serve = lambda: checked_outcome(serve_generate(root, cache))  # noqa: E731
    if cache is not None:
        clock.run("serve_start", serve)
        unchanged = clock.run("serve_unchanged", serve)
    edited = edit_one_entity(root)
    after_edit = clock.run("edit", serve)
    figures = {f"{s['stage']}_{unit}": s[key] for s in clock.stages
               for unit, key in (("seconds", "seconds"), ("cpu_seconds", "cpu_seconds"))}
    figures |= {"unchanged_written": len(whole.written.written),
                "unchanged_recorded_written": len(recorded.written.written),
                "unchanged_recorded_skipped": getattr(recorded, "up_to_date", None) is not None,
                "edited": edited,
                "edit_written": len(after_edit.written.written),
                "edit_written_pages": sorted(after_edit.written.written),
                "serve_cache": cache is not None}
    if cache is not None:
        figures["serve_unchanged_written"] = len(unchanged.written.written)
    return figures


def new_cache():
    """The cache `wiki serve` keeps between regenerations, or None before there was one."""
    if Cache is None or "cache" not in inspect.signature(pipeline.generate).parameters:
        return None
    return Cache()


def serve_generate(root: Path, cache):
    """One regeneration as `wiki serve` runs it after a file is saved."""
    if cache is None:
        return pipeline.generate(root)
    outcome = pipeline.generate(root, cache=cache)
    gc.freeze()  # as `wiki serve` does: what the cache keeps is not scanned for cycles again
    return outcome


def checked_outcome(outcome):
    if outcome.problems:
        raise SystemExit(f"generate found problems: {outcome.problems[0]}")
    return outcome


def edit_one_entity(root: Path) -> str:
    """Change the summary of the official in the middle of the id order."""
    officials = sorted((root / "entities" / "officials").glob("*.yaml"))
    path = officials[len(officials) // 2]
    lines = path.read_text(encoding="utf-8").split("\n")
    index = next(i for i, line in enumerate(lines) if line.startswith("summary:"))
    lines[index] = "summary: Edited by the benchmark, to time one change."
    path.write_text("\n".join(lines), encoding="utf-8")
    return path.relative_to(root).as_posix()


def profile_stage(root: Path, wanted: str, limit: int = 25) -> str:
    """The named stage under cProfile: its hottest functions by own and by total time."""
    profiler = Profiler(wanted)
    run_generator(root, profiler)
    if profiler.stats is None:
        raise SystemExit(f"no stage named {wanted}")
    stats = profiler.stats.strip_dirs()
    stats.sort_stats("tottime").print_stats(limit)
    stats.sort_stats("cumulative").print_stats(limit)
    return stats.stream.getvalue()


def set_up_as_the_command() -> None:
    """What the `wiki` command does before any subcommand (its click group's body): today,
    it makes Python's cycle collector run rarely. The figures are then the command's."""
    from generator import cli

    callback = getattr(getattr(cli, "main", None), "callback", None)
    if callback is not None:
        callback()


def main(argv: list[str]) -> None:
    command, root, *rest = argv
    root = Path(root)
    set_up_as_the_command()
    os.sync()  # earlier writes flushed now rather than during the timed ones
    if command == "profile":
        print(profile_stage(root, rest[0]))
        return
    commands = {"generate": lambda: measure_generate(root, *map(int, rest)),
                "floor": lambda: measure_floor(root, Path(rest[0]), *map(int, rest[1:])),
                "incremental": lambda: measure_incremental(root)}
    result = commands[command]()
    result["peak_rss_mb"] = peak_rss_mb()
    result["generator_package"] = str(Path(generator.__file__).parent)
    result["gc_threshold"] = gc.get_threshold()
    print(json.dumps(result))


if __name__ == "__main__":
    main(sys.argv[1:])

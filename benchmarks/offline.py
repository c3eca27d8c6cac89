"""How the offline copy behaves in a real browser: pages opened from file://, search, and
whether building the search index blocks the page. Debian's Chromium, driven by Playwright.

    python benchmarks/offline.py                              # 10,000 entities, 3 runs
    python benchmarks/offline.py --entities 1000 --runs 5 --json
    python benchmarks/offline.py --work /dev/shm/offline --keep  # keep corpus, site, copy
    python benchmarks/offline.py --work /dev/shm/offline --reuse # measure that copy again
    python benchmarks/offline.py --profile                    # and where the time goes

It writes a synthetic corpus (`corpus.py`), runs `python -m generator build` on it (the
online site and the offline archive), unzips the archive and opens its pages from file://
in headless Chromium, with the browser tests' arguments. Every page is opened in a new
browser context. Each run measures:

- opening three entity pages (an official, the middle event and council by id):
  navigation start to DOMContentLoaded and to the `load` event (Navigation Timing), and
  the longest task until `load`. From file://, Material inserts `search/search_index.js`
  (the whole index as one `var __index = {...}` script) while the page loads, so `load`
  waits for it;
- search for the official's English name and for its Russian name (`names.ru`); the
  official is the one nearest the middle by id whose names no other official has. Typed
  as a reader would ("/" opens search, the name, End), timed from the "/" key's
  timestamp (when the browser received it, even if the page was busy) to the first result
  link in the page. Cold: typed as soon as `load` has fired. Opening search makes Material
  post the index to its search "worker", which the iframe-worker shim runs in a hidden
  iframe, on the page's main thread: the worker builds the lunr index, then answers.
  Warm: the box emptied, search closed, and the name typed again in the same page;
- the main thread from that first key until the worker is ready: the longest task
  (PerformanceObserver 'longtask'), all long tasks, the longest gap between animation
  frames.

Figures are best / median of the runs. `--profile` adds one cold search under Chrome
tracing (not counted in the figures): main-thread self time by trace event, the index
script's parse, and the V8 sample profile by script and by function.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

import yaml

from generator.config import read_config

try:
    from .corpus import REPOSITORY, write_corpus
except ImportError:  # run as a script: `python benchmarks/offline.py`
    from corpus import REPOSITORY, write_corpus  # type: ignore[no-redef]

CHROMIUM = Path(os.environ.get("WIKI_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]  # as tests/browser/conftest.py
PAGE_TYPES = ("officials", "events", "councils")  # the official's name is the query
TIMEOUT_MS = 300_000
SEARCH_BOX = "input.md-search__input"
RESULT = "a.md-search-result__link"

# Runs in the page before its own scripts. Times are performance.now() milliseconds, from
# navigation start; key events carry the browser's time of the key press as timeStamp.
PROBE = r"""
(() => {
  if (window !== window.top) return;  // not in the search worker's iframe
  const b = window.__bench = {longtasks: [], gaps: [], keys: [], ready: null, result: null,
                              indexInserted: null, indexLoaded: null, setup: null,
                              error: null};
  let shim;  // the iframe-worker shim's class: note when Material posts the index to it
  Object.defineProperty(window, "IFrameWorker", {configurable: true, get: () => shim,
    set: value => {
      shim = value;
      const post = value.prototype.postMessage;
      value.prototype.postMessage = function (message) {
        if (message && message.type === 0 && b.setup === null) b.setup = performance.now();
        return post.call(this, message);
      };
    }});
  try {
    new PerformanceObserver(list => {
      for (const e of list.getEntries()) b.longtasks.push([e.startTime, e.duration, e.name]);
    }).observe({type: "longtask", buffered: true});
  } catch (error) { b.error = String(error); }
  addEventListener("message", e => {  // the shim's worker posts to the page: 1 is "ready"
    if (e.data && e.data.type === 1 && b.ready === null) b.ready = performance.now();
  });
  addEventListener("keydown", e => { b.keys.push([e.key, e.timeStamp]); }, true);
  let last = null;
  const frame = t => {
    if (last !== null && t - last > 50) b.gaps.push([last, t - last]);
    last = t;
    requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
  new MutationObserver(records => {
    const now = performance.now();
    for (const record of records) for (const node of record.addedNodes) {
      if (node.tagName === "SCRIPT" && /search_index\.js/.test(node.src)) {
        b.indexInserted = now;
        node.addEventListener("load", () => { b.indexLoaded = performance.now(); });
      }
    }
    if (b.result === null && document.querySelector("a.md-search-result__link")) {
      b.result = now;
    }
  }).observe(document, {childList: true, subtree: true});
})();
"""
NAVIGATION = """() => {
  const n = performance.getEntriesByType("navigation")[0];
  const paint = performance.getEntriesByName("first-contentful-paint")[0];
  return {dcl: n.domContentLoadedEventEnd, load: n.loadEventEnd,
          fcp: paint ? paint.startTime : null};
}"""

# Main-thread trace events worth naming in --profile, as Chrome's performance panel does.
TRACE_CATEGORIES = [
    "devtools.timeline",
    "disabled-by-default-devtools.timeline",
    "v8.execute",
    "disabled-by-default-v8.gc",
    "disabled-by-default-v8.cpu_profiler",
    "blink.user_timing",
    "loading",
]


@dataclass(frozen=True)
class Entity:
    type: str
    id: str
    name: str
    russian: str

    @property
    def page(self) -> str:  # the offline copy has plain file URLs
        return f"{self.type}/{self.id}.html"


# ---- building --------------------------------------------------------------------------


def build(work: Path, entities: int, seed: int, reuse: bool) -> dict:
    """The corpus, `wiki build` of it, and its archive unzipped; what it took."""
    corpus, copy = work / f"corpus-{entities}", work / f"offline-{entities}"
    figures: dict = {}
    if not (reuse and (corpus / "dist" / read_config(corpus).archive_name).is_file()):
        shutil.rmtree(corpus, ignore_errors=True)
        started = time.perf_counter()
        write_corpus(corpus, entities, seed)
        figures["corpus_seconds"] = time.perf_counter() - started
        command = [sys.executable, "-m", "generator", "build", "--root", str(corpus)]
        figures["build_command"] = " ".join(["python", *command[1:]])
        print(f"building {entities:,} entities: {figures['build_command']}", file=sys.stderr)
        started = time.perf_counter()
        done = subprocess.run(
            command,
            cwd=REPOSITORY,
            capture_output=True,
            text=True,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        )
        figures["build_seconds"] = time.perf_counter() - started
        if done.returncode != 0:
            raise SystemExit(f"wiki build failed:\n{done.stdout[-2000:]}{done.stderr[-3000:]}")
        shutil.rmtree(copy, ignore_errors=True)
    if not (copy / "index.html").is_file():
        with zipfile.ZipFile(corpus / "dist" / read_config(corpus).archive_name) as bundle:
            top = {name.split("/", 1)[0] for name in bundle.namelist()}
            bundle.extractall(work / f"unzipped-{entities}")
        shutil.rmtree(copy, ignore_errors=True)
        os.replace(work / f"unzipped-{entities}" / top.pop(), copy)
        shutil.rmtree(work / f"unzipped-{entities}")
    search = copy / "search"
    figures |= {
        "archive_bytes": (corpus / "dist" / read_config(corpus).archive_name).stat().st_size,
        # The site's index, for a server: not in the archive.
        "search_index_json_bytes": (corpus / "site" / "search" / "search_index.json").stat()
        .st_size,
        "search_index_js_bytes": (search / "search_index.js").stat().st_size,
    }
    return figures


def middle(corpus: Path, type_name: str, unique: bool = False) -> Entity:
    """The entity of this type in the middle by id; with `unique`, the one nearest the
    middle whose English and Russian names no other entity of its type has (the corpus
    has namesakes, and the search for a name should have one right first result)."""
    files = sorted((corpus / "entities" / type_name).glob("*.yaml"))
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    entities = []
    for path in files if unique else [files[len(files) // 2]]:
        fields = yaml.load(path.read_text(encoding="utf-8"), Loader=loader)
        entities.append(Entity(type_name, path.stem, fields["name"], fields["names"]["ru"]))
    if not unique:
        return entities[0]
    names = Counter(n for e in entities for n in {e.name, e.russian})
    half = len(entities) // 2
    nearest = sorted(range(len(entities)), key=lambda i: (abs(i - half), i))
    for i in nearest:
        if names[entities[i].name] == names[entities[i].russian] == 1:
            return entities[i]
    return entities[half]


# ---- measuring -------------------------------------------------------------------------


class Browser:
    """One Chromium; each measurement in a new context, so nothing carries over."""

    def __init__(self, playwright, executable: Path) -> None:
        self.chromium = playwright.chromium.launch(
            executable_path=str(executable), args=CHROMIUM_ARGS
        )

    def page(self):
        context = self.chromium.new_context(viewport={"width": 1280, "height": 900})
        context.set_default_timeout(TIMEOUT_MS)
        context.add_init_script(PROBE)
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.bench_errors = errors  # type: ignore[attr-defined]
        return page

    def close(self) -> None:
        self.chromium.close()


def probe_of(page) -> dict:
    """What the probe recorded; closes the page's context."""
    page.evaluate("() => new Promise(r => setTimeout(r, 100))")  # let the observers report
    probe = page.evaluate("() => window.__bench")
    if probe["error"]:
        raise SystemExit(f"the page's probe failed: {probe['error']}")
    if page.bench_errors:
        raise SystemExit(f"JavaScript errors on {page.url}: {page.bench_errors}")
    probe["navigation"] = page.evaluate(NAVIGATION)
    page.context.close()
    return probe


def blocking(probe: dict, start: float, end: float) -> dict:
    """How long the main thread was busy between `start` and `end` (ms from navigation
    start): its longest task, all long tasks, and the longest gap between frames."""
    during = [(s, d, name) for s, d, name in probe["longtasks"] if s + d > start and s < end]
    longest = max(during, key=lambda t: t[1], default=(0, 0, ""))
    gaps = [d for s, d in probe["gaps"] if s + d > start and s < end]
    return {
        "longest_task_ms": longest[1],
        "longest_task_in": longest[2],
        "long_tasks_ms": sum(d for _, d, _ in during),
        "longest_frame_gap_ms": max(gaps, default=0),
    }


def open_page(browser: Browser, url: str) -> dict:
    """Navigation start to DOMContentLoaded and to `load` (which waits for the search index
    script: Material inserts it while the page loads); long tasks until `load`."""
    page = browser.page()
    page.goto(url, wait_until="load")
    probe = probe_of(page)
    navigation = probe["navigation"]
    return {
        "dcl_ms": navigation["dcl"],
        "load_ms": navigation["load"],
        "fcp_ms": navigation["fcp"],
        "index_script_inserted_ms": probe["indexInserted"],
        "index_script_loaded_ms": probe["indexLoaded"],
        **blocking(probe, 0, navigation["load"]),
    }


def type_query(page, query: str) -> None:
    """As a reader: "/" opens search and focuses the box, then the text, then End (Material
    reads the query on keyup)."""
    page.keyboard.press("/")
    page.keyboard.insert_text(query)
    page.keyboard.press("End")


def wait_for_result(page) -> dict:
    page.wait_for_function("() => window.__bench.result !== null", polling=50)
    return page.evaluate("() => window.__bench")


def search(browser: Browser, url: str, query: str) -> dict:
    """Cold: typed right after `load`, which first loads and builds the search index;
    warm: the box emptied, search closed, and the query typed again."""
    page = browser.page()
    page.goto(url, wait_until="load")
    type_query(page, query)
    cold = wait_for_result(page)
    first = page.locator(RESULT).first.evaluate("a => a.href")
    typed = cold["keys"][0][1]
    page.keyboard.press("Control+A")
    page.keyboard.press("Backspace")
    page.wait_for_function(f"() => !document.querySelector('{RESULT}')", polling=50)
    page.keyboard.press("Escape")
    page.evaluate("() => { const b = window.__bench; b.result = null; b.keys = []; }")
    type_query(page, query)
    warm = wait_for_result(page)
    value = page.locator(SEARCH_BOX).input_value()
    if value != query:
        raise SystemExit(f"the search box holds {value!r}, not {query!r}")
    probe = probe_of(page)
    return {
        "cold_ms": cold["result"] - typed,
        "warm_ms": warm["result"] - warm["keys"][0][1],
        "load_ms": probe["navigation"]["load"],
        "typed_at_ms": typed,
        "index_script_inserted_ms": cold["indexInserted"],
        "index_script_loaded_ms": cold["indexLoaded"],
        "setup_posted_ms": cold["setup"],
        "ready_ms": cold["ready"],
        "cold_result_at_ms": cold["result"],
        "first_result": first.split("?")[0],
        **blocking(probe, typed, cold["ready"]),
    }


def measure(copy: Path, corpus: Path, runs: int, executable: Path) -> dict:
    from playwright.sync_api import sync_playwright

    pages = [middle(corpus, type_name, type_name == "officials") for type_name in PAGE_TYPES]
    official = pages[0]
    queries = [("en", official.name), ("ru", official.russian)]
    base = copy.as_uri() + "/"
    opened: dict[str, list[dict]] = defaultdict(list)
    searched: dict[str, list[dict]] = defaultdict(list)
    with sync_playwright() as playwright:
        browser = Browser(playwright, executable)
        version = browser.chromium.version
        for run in range(runs):
            print(f"run {run + 1} of {runs}", file=sys.stderr)
            for entity in pages:
                opened[entity.page].append(open_page(browser, base + entity.page))
            for lang, query in queries:
                searched[lang].append(search(browser, base + official.page, query))
        browser.close()
    own = base + official.page
    return {
        "chromium": version,
        "pages": [
            {"page": e.page, "bytes": (copy / e.page).stat().st_size, "runs": opened[e.page]}
            for e in pages
        ],
        "searches": [
            {
                "lang": lang,
                "query": query,
                "expected": official.page,
                "own_page_first": all(r["first_result"] == own for r in searched[lang]),
                "runs": searched[lang],
            }
            for lang, query in queries
        ],
    }


# ---- --profile: one cold search under Chrome tracing ----------------------------------


def profile(copy: Path, corpus: Path, executable: Path, trace_file: Path | None) -> dict:
    from playwright.sync_api import sync_playwright

    official = middle(corpus, "officials", unique=True)
    with sync_playwright() as playwright:
        browser = Browser(playwright, executable)
        page = browser.page()
        browser.chromium.start_tracing(page=page, categories=TRACE_CATEGORIES)
        page.goto(copy.as_uri() + "/" + official.page, wait_until="load")
        type_query(page, official.name)
        probe = wait_for_result(page)
        navigation = page.evaluate(NAVIGATION)
        trace = browser.chromium.stop_tracing()
        browser.close()
    if trace_file is not None:
        trace_file.write_bytes(trace)
    events = json.loads(trace)
    events = events["traceEvents"] if isinstance(events, dict) else events
    # The renderer that ran the page: the process whose events name the copy's files.
    marker = json.dumps(copy.as_uri())[1:-1]
    pid = Counter(e["pid"] for e in events if marker in json.dumps(e.get("args", {})))
    events = [e for e in events if e.get("pid") == pid.most_common(1)[0][0]]
    typed = probe["keys"][0][1]
    return {
        "query": official.name,
        "probe": {
            "load_ms": navigation["load"],
            "typed_at_ms": typed,
            "index_script_loaded_ms": probe["indexLoaded"],
            "setup_posted_ms": probe["setup"],
            "ready_ms": probe["ready"],
            "result_ms": probe["result"],
        },
        **main_thread(events),
        "js": js_profile(events),
    }


def main_thread(events: list[dict]) -> dict:
    """Self time of each trace event on the renderer's main thread, in ms; the index
    script's parse (streamed, on a background thread) and evaluation; the longest tasks."""
    names = {
        e["tid"]: e["args"]["name"]
        for e in events
        if e.get("ph") == "M" and e["name"] == "thread_name"
    }
    spans = sorted(
        (
            e
            for e in events
            if e.get("ph") == "X" and "dur" in e and names.get(e["tid"]) == "CrRendererMain"
        ),
        key=lambda e: (e["ts"], -e["dur"]),
    )
    own: Counter = Counter()
    stack: list[dict] = []
    for e in spans:
        while stack and stack[-1]["ts"] + stack[-1]["dur"] <= e["ts"]:
            stack.pop()
        if stack:
            parent = stack[-1]
            own[parent["name"]] -= min(e["dur"], parent["ts"] + parent["dur"] - e["ts"])
        own[e["name"]] += e["dur"]
        stack.append(e)

    def index_script(name: str) -> float:
        return (
            sum(
                e.get("dur", 0)
                for e in events
                if e["name"] == name and "search_index.js" in json.dumps(e.get("args", {}))
            )
            / 1000
        )

    tasks = sorted((e["dur"] for e in spans if e["name"] == "RunTask"), reverse=True)
    return {
        "main_thread_self_ms": {name: round(us / 1000, 1) for name, us in own.most_common(12)},
        "longest_tasks_ms": [round(us / 1000) for us in tasks[:5]],
        "index_script_ms": {
            name: round(index_script(name), 1)
            for name in ("v8.parseOnBackground", "v8.compile", "EvaluateScript")
        },
    }


def js_profile(events: list[dict], top: int = 15) -> dict:
    """The V8 sample profile in the trace: self time by function and by script, in ms."""
    nodes: dict[tuple, tuple[str, str]] = {}
    self_us: Counter = Counter()
    for e in events:
        if e.get("name") != "ProfileChunk":
            continue
        data = e.get("args", {}).get("data", {})
        cpu = data.get("cpuProfile", {})
        for node in cpu.get("nodes", []):
            frame = node.get("callFrame", {})
            script = frame.get("url", "").rsplit("/", 1)[-1].split("?")[0]
            nodes[(e.get("id"), node["id"])] = (frame.get("functionName") or "(anonymous)", script)
        for sample, delta in zip(cpu.get("samples", []), data.get("timeDeltas", []), strict=False):
            self_us[(e.get("id"), sample)] += max(delta, 0)
    by_function: Counter = Counter()
    by_script: Counter = Counter()
    for key, us in self_us.items():
        name, script = nodes.get(key, ("(unknown)", ""))
        if name != "(idle)":
            by_function[f"{name} {script}".strip()] += us
            by_script[script or name] += us
    return {
        "self_ms_by_script": {k: round(v / 1000, 1) for k, v in by_script.most_common(8)},
        "self_ms_by_function": {k: round(v / 1000, 1) for k, v in by_function.most_common(top)},
    }


# ---- the report ------------------------------------------------------------------------


def best_median(values: list[float]) -> str:
    return f"{min(values):,.0f} / {statistics.median(values):,.0f} ms"


def stats(values: list[float]) -> dict:
    return {"best": min(values), "median": statistics.median(values)}


def summary(report: dict) -> dict:
    """The headline figures, best and median over the runs (pages: over every opening)."""
    opened = [run for page in report["pages"] for run in page["runs"]]
    figures = {
        f"page_{key}": stats([run[key] for run in opened])
        for key in ("dcl_ms", "load_ms", "longest_task_ms")
    }
    for entry in report["searches"]:
        for key in ("cold_ms", "warm_ms", "longest_task_ms", "longest_frame_gap_ms"):
            figures[f"search_{entry['lang']}_{key}"] = stats([r[key] for r in entry["runs"]])
    return figures


def text(report: dict) -> str:
    b = report["build"]
    lines = [
        f"Offline copy of {report['entities']:,} entities (seed {report['seed']}), "
        f"Chromium {report['chromium']}, {report['runs']} runs: best / median; "
        f"load average {report['load_average']:.1f} before, "
        f"{report['load_average_after']:.1f} after"
    ]
    if "build_seconds" in b:
        lines.append(f"  wiki build (site and offline archive)  {b['build_seconds']:>12.1f} s")
    lines += [
        f"  search/search_index.json (online only) {b['search_index_json_bytes']:>12,} B",
        f"  search/search_index.js                 {b['search_index_js_bytes']:>12,} B",
        f"  archive                                {b['archive_bytes']:>12,} B",
    ]
    keys = {"dcl_ms": "DOMContentLoaded", "load_ms": "load", "longest_task_ms": "longest task"}
    labels = [f"{page['page']} ({page['bytes'] / 1000:.0f} KB)" for page in report["pages"]]
    width = max(len(label) for label in labels)
    lines += [
        "Opening an entity page, from navigation start:",
        f"  {'':{width}} " + " ".join(f"{heading:>18}" for heading in keys.values()),
    ]
    medians: dict[str, list[float]] = defaultdict(list)
    for label, page in zip(labels, report["pages"], strict=True):
        cells = []
        for key in keys:
            values = [run[key] for run in page["runs"]]
            medians[key].append(statistics.median(values))
            cells.append(best_median(values))
        lines.append(f"  {label:{width}} " + " ".join(f"{cell:>18}" for cell in cells))
    lines.append(
        f"  {'median of the pages':{width}} "
        + " ".join(f"{statistics.median(medians[k]):>15,.0f} ms" for k in keys)
    )
    opened = [run for page in report["pages"] for run in page["runs"]]
    loaded = [r for r in opened if r["index_script_loaded_ms"] is not None]
    if loaded:
        lines.append(
            "  `load` waits for search/search_index.js: inserted at {:,.0f} ms, run at "
            "{:,.0f} ms (medians)".format(
                statistics.median(r["index_script_inserted_ms"] for r in loaded),
                statistics.median(r["index_script_loaded_ms"] for r in loaded),
            )
        )
    lines.append("Search, from the first key to the first result in the page:")
    for entry in report["searches"]:
        runs = entry["runs"]
        first = (
            "its own page first"
            if entry["own_page_first"]
            else ("first: " + runs[0]["first_result"].split("/")[-1])
        )
        lines += [
            f"  {entry['query']!r} ({entry['lang']}, {first})",
            "    cold: typed right after load  " + best_median([r["cold_ms"] for r in runs]),
            "    warm: index ready             " + best_median([r["warm_ms"] for r in runs]),
        ]
    cold = [r for e in report["searches"] for r in e["runs"]]

    def median(key: str) -> float:
        return statistics.median(r[key] for r in cold)

    def over_cold(key: str) -> str:
        return best_median([r[key] for r in cold])

    tasks_in = ", ".join(sorted({r["longest_task_in"] for r in cold}))
    lines += [
        f"  cold, medians from navigation start: load {median('load_ms'):,.0f} ms, first "
        f"key {median('typed_at_ms'):,.0f} ms, index posted to the worker "
        f"{median('setup_posted_ms'):,.0f} ms, worker ready {median('ready_ms'):,.0f} ms, "
        f"first result {median('cold_result_at_ms'):,.0f} ms",
        "Main thread from the first key until the search index is ready (cold runs):",
        f"  longest task                 {over_cold('longest_task_ms')}  (in: {tasks_in})",
        f"  all long tasks               {over_cold('long_tasks_ms')}",
        f"  longest gap between frames   {over_cold('longest_frame_gap_ms')}",
    ]
    if "profile" in report:
        lines += profile_text(report["profile"])
    return "\n".join(lines)


def profile_text(p: dict) -> list[str]:
    times = p["probe"]
    typed = times["typed_at_ms"]
    lines = [
        f"Profile of one cold search for {p['query']!r}, under tracing: load "
        f"{times['load_ms']:,.0f} ms, first key {typed:,.0f} ms; from that key: index "
        f"posted to the worker {times['setup_posted_ms'] - typed:,.0f} ms, worker ready "
        f"{times['ready_ms'] - typed:,.0f} ms, first result "
        f"{times['result_ms'] - typed:,.0f} ms",
        "  search_index.js: "
        + ", ".join(f"{name} {ms:,.0f} ms" for name, ms in p["index_script_ms"].items()),
        f"  longest main-thread tasks: {', '.join(map(str, p['longest_tasks_ms']))} ms",
        "  main-thread self time by trace event:",
    ]
    lines += [f"    {ms:>9,.1f} ms  {name}" for name, ms in p["main_thread_self_ms"].items()]
    lines.append("  JS samples, self time by script:")
    lines += [f"    {ms:>9,.1f} ms  {name}" for name, ms in p["js"]["self_ms_by_script"].items()]
    lines.append("  JS samples, self time by function:")
    lines += [f"    {ms:>9,.1f} ms  {name}" for name, ms in p["js"]["self_ms_by_function"].items()]
    return lines


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--entities", type=int, default=10_000, help="[default: 10000]")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--runs", type=int, default=3, help="measure N times [default: 3]")
    parser.add_argument(
        "--work", type=Path, help="work in this folder [default: a new one in /dev/shm or /tmp]"
    )
    parser.add_argument(
        "--keep", action="store_true", help="keep the corpus, site and unzipped copy"
    )
    parser.add_argument(
        "--reuse", action="store_true", help="measure the copy already built in --work, if any"
    )
    parser.add_argument(
        "--profile",
        action="store_true",
        help="also trace one cold search: main-thread time and a JS profile",
    )
    parser.add_argument(
        "--chromium", type=Path, default=CHROMIUM, help=f"[default: {CHROMIUM}, or $WIKI_CHROMIUM]"
    )
    parser.add_argument("--json", action="store_true", help="print JSON, not a table")
    args = parser.parse_args(argv)
    if not args.chromium.is_file():
        raise SystemExit(f"no Chromium at {args.chromium}: `make chromium` installs Debian's")
    shm = Path("/dev/shm")
    if args.work:
        args.work.mkdir(parents=True, exist_ok=True)
        work = args.work.resolve()
    else:
        work = Path(
            tempfile.mkdtemp(
                prefix="wiki-offline-bench-", dir=shm if os.access(shm, os.W_OK) else None
            )
        )
    try:
        report = {
            "entities": args.entities,
            "seed": args.seed,
            "runs": args.runs,
            "load_average": os.getloadavg()[0],
        }
        report["build"] = build(work, args.entities, args.seed, args.reuse)
        corpus, copy = work / f"corpus-{args.entities}", work / f"offline-{args.entities}"
        report |= measure(copy, corpus, args.runs, args.chromium)
        if args.profile:
            trace = work / f"trace-{args.entities}.json" if args.keep else None
            report["profile"] = profile(copy, corpus, args.chromium, trace)
        report["summary"] = summary(report)
        report["load_average_after"] = os.getloadavg()[0]
    finally:
        if not args.keep:
            for name in (f"corpus-{args.entities}", f"offline-{args.entities}"):
                shutil.rmtree(work / name, ignore_errors=True)
            if not args.work:
                shutil.rmtree(work, ignore_errors=True)
    print(json.dumps(report, indent=1) if args.json else text(report))


if __name__ == "__main__":
    main()

"""How long `wiki serve` takes to show a saved YAML edit in the browser.

    python benchmarks/preview.py CORPUS [--edits 3] [--json]

Starts `wiki serve` on a corpus (as `corpus.py` writes it), waits for the first build,
opens an official's page in Debian's Chromium (through Playwright), then, several times,
changes that official's summary in its YAML file and times how long the open page takes
to show the new text: the file event, the regeneration, MkDocs building the changed
pages, the live-reload poll and the browser loading the page again.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

CHROMIUM = os.environ.get("WIKI_CHROMIUM", "/usr/bin/chromium")
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_served(url: str, process: subprocess.Popen, timeout: float) -> float:
    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        if process.poll() is not None:
            raise SystemExit(f"wiki serve stopped:\n{process.stdout.read()[-3000:]}")
        try:
            with urllib.request.urlopen(url, timeout=5):
                return time.perf_counter() - started
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"wiki serve did not serve {url} within {timeout:.0f} s")


def middle_official(corpus: Path) -> Path:
    files = sorted((corpus / "entities" / "officials").glob("*.yaml"))
    return files[len(files) // 2]


def measure(corpus: Path, edits: int, timeout: float = 1800) -> dict:
    from playwright.sync_api import sync_playwright

    port = free_port()
    official = middle_official(corpus)
    url = f"http://127.0.0.1:{port}/officials/{official.stem}.html"
    original = official.read_text(encoding="utf-8")
    process = subprocess.Popen(
        [sys.executable, "-m", "generator", "serve", "--root", str(corpus),
         "--dev-addr", f"127.0.0.1:{port}"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=ENV)
    times = []
    try:
        start_seconds = wait_until_served(url, process, timeout)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM,
                                                 args=["--no-sandbox", "--disable-gpu"])
            page = browser.new_page()
            page.goto(url)
            for number in range(1, edits + 1):
                time.sleep(1.5)  # let the server settle, as between two saves
                marker = f"Edited for the benchmark, time {number}"
                text = re.sub(r"(?m)^summary: .*$", f"summary: {marker}.", original)
                assert text != original, f"{official} has no summary line"
                saved = time.perf_counter()
                official.write_text(text, encoding="utf-8")
                page.wait_for_function(
                    "marker => document.body && document.body.innerText.includes(marker)",
                    arg=marker, timeout=120_000, polling=20)
                times.append(time.perf_counter() - saved)
            browser.close()
    finally:
        official.write_text(original, encoding="utf-8")
        process.terminate()
        try:
            output = process.communicate(timeout=20)[0]
        except subprocess.TimeoutExpired:
            process.kill()
            output = process.communicate()[0]
    updates = re.findall(r"Regenerated in ([\d.]+) s; rebuilt (\d+) files in ([\d.]+) s", output)
    return {"serve_first_build_seconds": start_seconds, "edited_file": official.name,
            "browser_seconds": times, "browser_seconds_median": statistics.median(times),
            "regenerate_seconds": [float(r) for r, _, _ in updates][:edits],
            "rebuilt_files": [int(n) for _, n, _ in updates][:edits],
            "rebuild_seconds": [float(b) for _, _, b in updates][:edits],
            "output": output}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--edits", type=int, default=3)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    figures = measure(args.corpus.resolve(), args.edits)
    if args.json:
        print(json.dumps(figures, indent=1))
        return
    print(f"wiki serve, first build: {figures['serve_first_build_seconds']:.1f} s")
    for seconds, regenerate, files, rebuild in zip(
            figures["browser_seconds"], figures["regenerate_seconds"],
            figures["rebuilt_files"], figures["rebuild_seconds"], strict=False):
        print(f"edit shown in the browser after {seconds:.2f} s (regenerated in "
              f"{regenerate:.2f} s, MkDocs rebuilt {files} files in {rebuild:.2f} s)")


if __name__ == "__main__":
    main()

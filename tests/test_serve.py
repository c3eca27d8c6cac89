"""`wiki serve`: a live preview that follows YAML edits and survives broken ones."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.read().decode("utf-8")


def wait_for(predicate, timeout: float = 60.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if predicate():
                return True
        except OSError:
            pass
        time.sleep(0.2)
    return False


@pytest.fixture
def server(basic_wiki: Path):
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "generator", "serve", "--root", str(basic_wiki),
         "--dev-addr", f"127.0.0.1:{port}"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    base = f"http://127.0.0.1:{port}"
    try:
        assert wait_for(lambda: "North Land" in fetch(f"{base}/states/north/")), "no preview"
        yield basic_wiki, base, process
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


def test_saved_yaml_edit_shows_up_and_broken_edit_keeps_last_good_page(server) -> None:
    wiki, base, process = server
    north = wiki / "entities" / "states" / "north.yaml"
    north.write_text(north.read_text().replace("capital: Northtown", "capital: Borealis"))
    assert wait_for(lambda: "Borealis" in fetch(f"{base}/states/north/")), "edit not shown"

    north.write_text("name: [broken\n")
    time.sleep(2)
    assert "Borealis" in fetch(f"{base}/states/north/")  # the last good page stays
    process.terminate()
    output = process.communicate(timeout=10)[0]
    assert "entities/states/north.yaml:" in output
    assert "The preview keeps the last good pages." in output

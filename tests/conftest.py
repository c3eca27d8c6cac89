"""Shared helpers: a throw-away copy of the wiki around a chosen set of entities."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import generator  # noqa: F401  (chooses the engine, as WIKI_ENGINE says, before a test imports mkdocs)

REPO = Path(__file__).resolve().parent.parent
CASES = REPO / "tests" / "cases"
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
# Work shared out between processes needs fork (Linux and macOS); where there is none the
# generator works in one process, and the tests of sharing are skipped.
needs_fork = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork")


def hand_written_docs() -> list[Path]:
    """The files under docs/ that people wrote (not the generator)."""
    docs = REPO / "docs"
    try:
        generated = set(json.loads((docs / ".generated.json").read_text())["files"])
    except (OSError, ValueError, KeyError):
        generated = set()
    return [p for p in sorted(docs.rglob("*")) if p.is_file()
            and p.relative_to(docs).as_posix() not in generated
            and p.name != ".generated.json" and not p.name.endswith(".tmp")]


def make_wiki(target: Path, entities: Path) -> Path:
    """A wiki folder at `target`: the repository's config and hand-written pages, and
    a copy of `entities`."""
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "mkdocs.yml", target / "mkdocs.yml")
    for path in hand_written_docs():
        destination = target / "docs" / path.relative_to(REPO / "docs")
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(path, destination)
    shutil.copytree(entities, target / "entities", symlinks=True)
    return target


def run_wiki(*args: str, cwd: Path | None = None, timeout: float = 300,
             env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """The real command line, as a user runs it (with `env` added to the environment)."""
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd or REPO,
                          capture_output=True, text=True, timeout=timeout,
                          env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})})


@pytest.fixture
def basic_wiki(tmp_path: Path) -> Path:
    return make_wiki(tmp_path / "wiki", CASES / "valid" / "basic" / "entities")

"""The same entities give byte-identical output, whatever the hash seed or file order."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest

import generator.source
from generator.output import MANIFEST
from generator.pipeline import generate

from .conftest import CASES, REPO, make_wiki, needs_fork


def generated_bytes(docs: Path) -> dict[str, bytes]:
    """Every file the generator wrote. Of its manifest, all but the state of the files
    on this disk (their times and inodes), which tells the next run whether they changed."""
    files = {p.relative_to(docs).as_posix(): p.read_bytes()
             for p in sorted(docs.rglob("*")) if p.is_file()}
    manifest = json.loads(files[MANIFEST])
    assert len(manifest["made_from"].pop("files")) == 64  # a SHA-256 digest
    files[MANIFEST] = json.dumps(manifest).encode()
    return files


@pytest.mark.parametrize("entities", [REPO / "entities", CASES / "valid" / "basic" / "entities"],
                         ids=["real", "basic"])
def test_hash_seed_does_not_change_the_output(tmp_path: Path, entities: Path) -> None:
    outputs = []
    for seed in ("1", "2"):
        wiki = make_wiki(tmp_path / seed, entities)
        subprocess.run([sys.executable, "-m", "generator", "generate", "--root", str(wiki)],
                       check=True, capture_output=True, env={**os.environ, "PYTHONHASHSEED": seed})
        outputs.append(generated_bytes(wiki / "docs"))
    assert outputs[0] == outputs[1]


def test_file_system_order_does_not_change_the_output(tmp_path: Path, monkeypatch) -> None:
    """The generator lists files with os.walk, whose order is the file system's: here it
    is shuffled two ways (and the test checks that the two orders differ)."""
    outputs, orders = [], []
    original = os.walk
    for order in (0, 1):
        seen: list[str] = []

        def shuffled(top, *args, _order=order, _seen=seen, **kwargs):
            chooser = random.Random(_order)
            for folder, folders, files in original(top, *args, **kwargs):
                chooser.shuffle(folders)  # os.walk descends in this order
                chooser.shuffle(files)
                _seen.extend(files)
                yield folder, folders, files

        monkeypatch.setattr(generator.source.os, "walk", shuffled)
        wiki = make_wiki(tmp_path / str(order), CASES / "valid" / "basic" / "entities")
        assert generate(wiki).problems == []
        outputs.append(generated_bytes(wiki / "docs"))
        orders.append(seen)
    assert orders[0] != orders[1] and sorted(orders[0]) == sorted(orders[1])
    assert outputs[0] == outputs[1]


@needs_fork
def test_pages_rendered_in_three_processes_are_the_pages_rendered_in_one(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from benchmarks.corpus import write_corpus
    from generator import forked, pipeline

    write_corpus(tmp_path / "one", 300, seed=5)
    write_corpus(tmp_path / "three", 300, seed=5)
    pids: list[int] = []
    fork = os.fork
    monkeypatch.setattr(forked.os, "fork", lambda: pids.append(fork()) or pids[-1])
    monkeypatch.setattr(pipeline, "ENTITIES_PER_PROCESS", 50)
    monkeypatch.setattr(pipeline, "FILES_PER_PROCESS", 50)
    assert generate(tmp_path / "one", jobs=1).problems == [] and pids == []
    outcome = generate(tmp_path / "three", jobs=3)
    assert outcome.problems == [] and len(pids) == 4  # two to read, two to render
    one = generated_bytes(tmp_path / "one" / "docs")
    three = generated_bytes(tmp_path / "three" / "docs")
    assert len(one) > 600 and one == three
    assert [page.path for page in outcome.pages] == [
        page.path for page in pipeline.render(tmp_path / "one", outcome.graph, None, jobs=1)[0]]


@needs_fork
def test_files_checked_in_three_processes_give_the_problems_of_one(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from benchmarks.corpus import write_corpus
    from generator import forked, pipeline
    from generator.pipeline import check

    write_corpus(tmp_path, 300, seed=6)
    entities = tmp_path / "entities"
    officials = sorted((entities / "officials").glob("*.yaml"))
    for number, path in enumerate(officials[::7]):  # spread over every share
        text = path.read_text(encoding="utf-8")
        path.write_text(text + ("colour: blue\n" if number % 2 else "  bad: [\n"),
                        encoding="utf-8")
    (entities / "states" / "notes.txt").write_text("out of place", encoding="utf-8")
    (entities / "states" / "Bad Id.yaml").write_text("name: X\n", encoding="utf-8")
    one = check(tmp_path, jobs=1)
    pids: list[int] = []
    fork = os.fork
    monkeypatch.setattr(forked.os, "fork", lambda: pids.append(fork()) or pids[-1])
    monkeypatch.setattr(pipeline, "FILES_PER_PROCESS", 50)
    three = check(tmp_path, jobs=3)
    assert len(pids) == 2
    assert len(one.problems) > 10 and three.problems == one.problems
    assert list(three.graph.entities) == list(one.graph.entities)

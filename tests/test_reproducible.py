"""The same entities give byte-identical output, whatever the hash seed or file order."""

from __future__ import annotations

import os
import random
import subprocess
import sys
from pathlib import Path

import pytest

import generator.source
from generator.pipeline import generate

from .conftest import CASES, REPO, make_wiki


def generated_bytes(docs: Path) -> dict[str, bytes]:
    return {p.relative_to(docs).as_posix(): p.read_bytes()
            for p in sorted(docs.rglob("*")) if p.is_file()}


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
    outputs = []
    original = Path.rglob
    for order in (0, 1):
        def shuffled(self, pattern, _order=order):
            found = list(original(self, pattern))
            random.Random(_order).shuffle(found)
            return iter(found)

        monkeypatch.setattr(generator.source.Path, "rglob", shuffled)
        wiki = make_wiki(tmp_path / str(order), CASES / "valid" / "basic" / "entities")
        assert generate(wiki).problems == []
        outputs.append(generated_bytes(wiki / "docs"))
    assert outputs[0] == outputs[1]

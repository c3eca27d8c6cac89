"""Golden pages: each valid case under tests/cases/valid/ generates exactly its expected/ files.

Set UPDATE_EXPECTED=1 to rewrite expected/ after a deliberate change, then review the diff.
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest

from generator import dates
from generator.pipeline import generate

from .conftest import CASES, make_wiki

TODAY = date(2026, 11, 30)
VALID = sorted(p for p in (CASES / "valid").iterdir() if (p / "entities").is_dir())


def generated_files(docs: Path, owned: set[str]) -> dict[str, str]:
    """The pages, without what needs no golden copy: the `.gitignore` of each folder
    (which would hide expected/ from git) and the copies of the editors' schemas."""
    return {path: (docs / path).read_text(encoding="utf-8") for path in sorted(owned)
            if not path.endswith((".gitignore", ".schema.json"))}


@pytest.mark.parametrize("case", VALID, ids=lambda p: p.name)
def test_generated_pages_match_expected(case: Path, tmp_path: Path,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(dates, "TODAY", TODAY)  # the timeline charts run to this year
    wiki = make_wiki(tmp_path / "wiki", case / "entities")
    outcome = generate(wiki)
    assert outcome.problems == []
    produced = generated_files(wiki / "docs", {page.path for page in outcome.pages})
    expected_dir = case / "expected"
    if os.environ.get("UPDATE_EXPECTED"):
        for path, text in produced.items():
            (expected_dir / path).parent.mkdir(parents=True, exist_ok=True)
            (expected_dir / path).write_text(text, encoding="utf-8")
    expected = {p.relative_to(expected_dir).as_posix(): p.read_text(encoding="utf-8")
                for p in sorted(expected_dir.rglob("*")) if p.is_file()}
    assert sorted(produced) == sorted(expected)
    for path, text in expected.items():
        assert produced[path] == text, f"{path} differs from {expected_dir / path}"

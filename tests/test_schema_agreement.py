"""The editors' JSON Schemas and `wiki check` agree on every entity file of every case.

An editor that underlines a file `wiki check` accepts teaches contributors to ignore it;
one that passes a file `wiki check` refuses is no help. Each entity file under
tests/cases/ is given to both: `wiki check` (as a contributor runs it) and
check-jsonschema (the independent validator an editor or CI would run). They must give the
same verdict, except where `wiki check` sees what no schema of one file can (listed
below, each with its reason): then only `wiki check` may refuse.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import pytest

from generator.pipeline import check
from generator.schema import MODEL

from .conftest import CASES, REPO

# Cases whose defect lies beyond one file's fields, or in how the file is written.
BEYOND_A_SCHEMA = {
    "date-impossible-day": "the calendar: 2017-02-30 has the form of a date",
    "date-impossible-month": "the calendar: month 13 has the form of a date",
    "date-membership-before-founding": "another file's date",
    "date-term-overlap": "other items' dates",
    "date-term-overlap-open-ended": "other items' dates",
    "date-to-before-from": "the order of two dates",
    "description-data-link": "the links inside Markdown",
    "description-javascript-link": "the links inside Markdown",
    "description-reference-link-bad-scheme": "the links inside Markdown",
    "former-id-in-use": "other files' ids",
    "former-id-twice": "other files' former ids",
    "id-in-two-type-folders": "other files' names",
    "id-index": "the file's name",
    "id-lookalike-letter": "the file's name (and its reference is to that name)",
    "id-non-ascii": "the file's name",
    "id-upper-case": "the file's name",
    "id-with-spaces": "the file's name",
    "id-with-underscore": "the file's name",
    "ref-missing-entity": "whether another file exists",
    "ref-wrong-type": "another file's type",
    "wikilink-unresolved": "the links inside Markdown",
    "wikilink-unresolved-folded": "the links inside Markdown",
    "wikilink-unresolved-quoted": "the links inside Markdown",
    "yaml-anchor-and-alias": "how the YAML is written: anchors are refused",
    "yaml-byte-order-mark": "how the file is encoded",
    "many-problems": "a mixture, some beyond a schema",
    "date-in-the-future": "today's date",
    "seat-attested-within-another-term": "other files' terms",
    "seat-attested-same-day": "other files' terms",
    "source-web-page-without-url": "a field required by another's value (kept simple in the "
    "schema)",
    "description-link-without-scheme": "the links inside Markdown",
}

# Cases not given to the validator at all: its YAML reader would not come back, or crash.
UNSAFE_FOR_THE_VALIDATOR = {
    "yaml-alias-bomb": "aliases that expand to 2**n values (why `wiki check` refuses anchors)",
    "yaml-deep-nesting": "100,000 brackets deep: a RecursionError (why `wiki check` bounds "
    "the depth)",
}


def entity_files() -> list[tuple[str, Path]]:
    """(case name, file) for each entity file in a type folder of a case."""
    found = []
    for kind in ("valid", "invalid"):
        for case in sorted((CASES / kind).iterdir()):
            if case.name in UNSAFE_FOR_THE_VALIDATOR:
                continue
            for path in sorted((case / "entities").glob("*/*.yaml")):
                if path.parent.name in MODEL and path.is_file() \
                        and not path.is_symlink():
                    found.append((f"{kind}/{case.name}", path))
    return found


def refused_by_schema(files: list[Path]) -> set[Path]:
    """The files check-jsonschema refuses (or cannot read), one run per type."""
    by_type: dict[str, list[Path]] = defaultdict(list)
    for path in files:
        by_type[path.parent.name].append(path)
    refused = set()
    for type_name, paths in sorted(by_type.items()):
        result = subprocess.run(
            [sys.executable, "-m", "check_jsonschema", "-o", "JSON", "--schemafile",
             str(REPO / "docs" / "schemas" / f"{type_name}.schema.json"), *map(str, paths)],
            capture_output=True, text=True, timeout=300)
        report = json.loads(result.stdout)
        refused |= {Path(e["filename"])
                    for e in report.get("errors", []) + report.get("parse_errors", [])}
    return refused


def refused_by_check(case: Path) -> set[Path]:
    """The files `wiki check` reports problems in (its own function, in this process:
    the command's exit codes and output are tested with the cases themselves)."""
    return {case / problem.path for problem in check(case).problems}


@pytest.fixture(scope="module")
def verdicts() -> dict[Path, tuple[str, bool, bool]]:
    """Each file: its case, refused by the schema, refused by `wiki check`."""
    files = entity_files()
    by_schema = refused_by_schema([path for _, path in files])
    by_check: set[Path] = set()
    for case in sorted({name for name, _ in files}):
        by_check |= refused_by_check(CASES / case)
    return {path: (case, path in by_schema, path in by_check) for case, path in files}


def test_the_cases_cover_both_verdicts(verdicts) -> None:
    assert len(verdicts) > 150
    assert sum(by_schema for _, by_schema, _ in verdicts.values()) > 20
    assert sum(not by_check for _, _, by_check in verdicts.values()) > 50


def test_the_schema_never_refuses_what_check_accepts(verdicts) -> None:
    wrongly = [f"{case}: {path.name}" for path, (case, by_schema, by_check) in verdicts.items()
               if by_schema and not by_check]
    assert wrongly == []


def test_check_refuses_nothing_the_schema_could_see_and_accepts(verdicts) -> None:
    missed = [f"{case}: {path.name}" for path, (case, by_schema, by_check) in verdicts.items()
              if by_check and not by_schema and case.split("/")[1] not in BEYOND_A_SCHEMA]
    assert missed == []


def test_every_case_beyond_a_schema_is_still_one(verdicts) -> None:
    """An entry whose files the schema now refuses too is removed, so that the list
    stays the truth."""
    beyond = {case.split("/")[1] for case, by_schema, by_check in verdicts.values()
              if by_check and not by_schema}
    assert sorted(set(BEYOND_A_SCHEMA) - beyond) == []
    names = {p.name for p in (CASES / "invalid").iterdir()}
    assert set(UNSAFE_FOR_THE_VALIDATOR) <= names


def test_numbers_and_booleans_in_text_fields_are_text_for_both(tmp_path: Path) -> None:
    states = tmp_path / "entities" / "states"
    states.mkdir(parents=True)
    (states / "nineteen-eighty-four.yaml").write_text(
        "name: 1984\nsummary: 2.5\ncapital: true\nnames:\n  ru: 1984\naliases: [1984]\n"
        "tags: [2017]\nfacts:\n  - property: founded\n    value: true\n")
    assert refused_by_check(tmp_path) == set()
    assert refused_by_schema([states / "nineteen-eighty-four.yaml"]) == set()

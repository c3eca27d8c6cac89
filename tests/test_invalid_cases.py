"""Broken entity files and hand-written pages: `wiki check` reports every problem at once,
exactly, and never crashes.

Each folder under tests/cases/invalid/ is a small wiki around one defect (a source entity
and the broken file), and `expected.txt` holds the exact output of
`wiki check --root <case>`. The cases of hand-written pages (`page-*`, with a `docs/`
folder) are checked with the repository's mkdocs.yml, copied in at run time. The command runs as a user runs it, in a subprocess with a time
and a memory limit, so a hang, a crash or a runaway input fails the test.

A few files cannot live in the repository: a 10 MB file, names Windows cannot check out
(`con.yaml`), two names that differ only in case (they collide on macOS and Windows) and
symbolic links (plain files on Windows). `SETUP` writes those into a copy of the case
at run time.

After a deliberate change of wording, regenerate the expected output with

    UPDATE_EXPECTED=1 python -m pytest tests/test_invalid_cases.py

and read every changed line of the diff: each message must be right and say how to fix it.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from .conftest import CASES, REPO

INVALID = CASES / "invalid"
TIMEOUT = 20  # seconds, for one run of the command
MEMORY = 1 << 30  # bytes of address space
UPDATE = os.environ.get("UPDATE_EXPECTED") == "1"


def write_large_file(root: Path) -> None:
    """A valid-looking entity of 10 MB: refused by its size, before it is read."""
    text = "name: Russia\ndescription: |\n" + "  Lorem ipsum dolor sit amet.\n" * 350_000
    (root / "entities" / "states" / "russia.yaml").write_text(text)


def write_windows_reserved_names(root: Path) -> None:
    (root / "entities" / "states" / "con.yaml").write_text("name: Con\nsources: [report]\n")
    (root / "entities" / "councils" / "aux.yaml").write_text(
        "name: Auxiliary Council\nsources: [report]\n")


def write_name_differing_by_case(root: Path) -> None:
    (root / "entities" / "states" / "Russia.yaml").write_text(
        "name: Russian Federation\nsources: [report]\n")


def link_outside(root: Path) -> None:
    (root / "entities" / "states" / "russia.yaml").symlink_to("../../outside.yaml")


def link_to_nothing(root: Path) -> None:
    (root / "entities" / "states" / "russia.yaml").symlink_to("gone.yaml")


SETUP: dict[str, Callable[[Path], None]] = {
    "yaml-file-too-large": write_large_file,
    "id-windows-reserved": write_windows_reserved_names,
    "id-differs-only-by-case": write_name_differing_by_case,
    "file-symlink-outside": link_outside,
    "file-symlink-broken": link_to_nothing,
}
CASE_NAMES = sorted(p.name for p in INVALID.iterdir() if p.is_dir())


def limit_memory() -> None:
    try:
        import resource  # POSIX only; elsewhere the timeout alone holds
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))
    except (ImportError, ValueError, OSError):  # macOS refuses to lower RLIMIT_AS
        pass


def run_check(root: Path, *options: str, timeout: float = TIMEOUT) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "generator", "check", "--root", str(root), *options],
        cwd=REPO, capture_output=True, text=True, timeout=timeout,
        preexec_fn=limit_memory if os.name == "posix" else None,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )


def case_root(name: str, tmp_path: Path) -> Path:
    """The case folder itself, or a copy completed by its SETUP step, or with the site's
    configuration beside its hand-written pages."""
    pages = (INVALID / name / "docs").is_dir()
    if name not in SETUP and not pages:
        return INVALID / name
    root = tmp_path / name
    shutil.copytree(INVALID / name, root, symlinks=True)
    if pages:
        shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    if name in SETUP:
        for folder in ("states", "councils"):
            (root / "entities" / folder).mkdir(parents=True, exist_ok=True)
        SETUP[name](root)
    return root


@pytest.mark.parametrize("name", CASE_NAMES)
def test_invalid_case_reports_exactly_the_expected_problems(name: str, tmp_path: Path) -> None:
    result = run_check(case_root(name, tmp_path))
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == 1, result.stderr
    expected = INVALID / name / "expected.txt"
    if UPDATE:
        expected.write_text(result.stdout, encoding="utf-8")
    assert result.stdout == expected.read_text(encoding="utf-8")
    lines = result.stdout.splitlines()
    warnings = sum(": warning: " in line for line in lines)
    problems = len(lines) - warnings
    summary = f"{problems} problem{'s' if problems > 1 else ''}"
    if warnings:
        summary += f" and {warnings} warning{'s' if warnings > 1 else ''}"
    assert result.stderr.startswith(f"{summary} in ")


def test_every_case_has_its_expected_output_and_setup() -> None:
    assert len(CASE_NAMES) >= 50
    for name in CASE_NAMES:
        expected = INVALID / name / "expected.txt"
        assert expected.is_file() and expected.read_text(), f"{name}: no expected.txt"
        assert (INVALID / name / "entities").is_dir(), f"{name}: no entities/"
    assert set(SETUP) <= set(CASE_NAMES)


def test_many_problems_are_all_reported_at_once_and_sorted() -> None:
    lines = (INVALID / "many-problems" / "expected.txt").read_text().splitlines()
    files = [line.split(":", 1)[0] for line in lines]
    assert len(set(files)) >= 6
    positions = [(path, int(line), int(column)) for path, line, column in
                 (re.match(r"([^:]+):(\d+):(\d+): ", text).groups() for text in lines)]
    assert positions == sorted(positions)
    assert len(lines) == len(set(lines))


def test_json_format_lists_the_same_problems() -> None:
    case = INVALID / "many-problems"
    result = run_check(case, "--format", "json")
    assert result.returncode == 1
    items = json.loads(result.stdout)
    assert all(set(item) == {"path", "line", "column", "message", "where", "severity"}
               for item in items)
    as_text = [f"{i['path']}:{i['line']}:{i['column']}: "
               + ("warning: " if i["severity"] == "warning" else "")
               + (f"{i['where']}: " if i["where"] else "") + i["message"] for i in items]
    assert as_text == (case / "expected.txt").read_text().splitlines()


def test_github_format_gives_one_annotation_per_problem() -> None:
    case = INVALID / "many-problems"
    result = run_check(case, "--format", "github")
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    expected = (case / "expected.txt").read_text().splitlines()
    assert len(lines) == len(expected)
    for annotation, text in zip(lines, expected, strict=True):
        path, line, column, rest = text.split(":", 3)
        level, rest = ("warning", rest[len(" warning: "):]) if rest.startswith(" warning: ") \
            else ("error", rest.lstrip())
        assert annotation == f"::{level} file={path},line={line},col={column}::{rest}"


def test_the_real_entities_check_clean_even_strictly() -> None:
    """No problem, and no fact without its source: what CI asks of a pull request."""
    result = run_check(REPO, "--strict")
    assert (result.returncode, result.stdout) == (0, ""), result.stdout
    assert "Traceback" not in result.stderr


COUNT = 60_000
ADVERSARIAL = {  # files of nearly 1 MB, the size limit, packed with problems
    "states/links.yaml": "name: A\ndescription: |\n  "
    + " ".join(f"[[missing-{i}]]" for i in range(50_000)),
    "states/same-link.yaml": "name: B\ndescription: |\n  " + " [[nope]]" * COUNT,
    "states/scripts.yaml": "name: C\ndescription: >\n  " + " [a](javascript:x)" * 50_000,
    "states/fields.yaml": "name: D\n" + "".join(f"field-{i}: x\n" for i in range(COUNT)),
    "states/tags.yaml": "name: E\ntags:\n" + "".join(f"  - Tag{i}\n" for i in range(COUNT)),
    "councils/items.yaml": "name: F\nmembers:\n" + "".join(f"  - x{i}: 1\n" for i in range(COUNT)),
    "states/nested.yaml": "name: G\nsummary: " + "[" * 900_000,
    "states/flow.yaml": "name: H\nsources: [" + ", ".join(f"s{i}" for i in range(COUNT)) + "]",
    "states/aliases.yaml": "name: I\nb0: &b0 [x]\n"  # 2 ** 20000 values, if expanded
    + "".join(f"b{i}: &b{i} [*b{i - 1}, *b{i - 1}]\n" for i in range(1, 20_000)),
}


@pytest.mark.parametrize("rel", sorted(ADVERSARIAL))
def test_a_file_full_of_problems_is_checked_in_bounded_time(rel: str, tmp_path: Path) -> None:
    """Checking takes time linear in the file's size, whatever the file holds."""
    text = ADVERSARIAL[rel]
    assert len(text.encode()) < 1_000_000
    path = tmp_path / "entities" / rel
    path.parent.mkdir(parents=True)
    path.write_text(text + "\n")
    (tmp_path / "entities" / "sources").mkdir()
    for i in range(500):  # enough ids that looking for the one meant costs something
        (tmp_path / "entities" / "sources" / f"source-{i}.yaml").write_text(
            f"name: S{i}\nkind: book\n")
    result = run_check(tmp_path)
    assert "Traceback" not in result.stderr, result.stderr[-2000:]
    assert result.returncode == 1
    assert {line.split(":", 1)[0] for line in result.stdout.splitlines()} == {
        f"entities/{rel}"}


def test_unsourced_facts_are_warnings_that_only_strict_checks_fail(tmp_path: Path) -> None:
    states = tmp_path / "entities" / "states"
    states.mkdir(parents=True)
    (states / "russia.yaml").write_text("name: Russia\n", encoding="utf-8")
    expected = ("entities/states/russia.yaml:1:1: warning: this state cites no source; list "
                "the sources that state it in `sources`\n")
    relaxed = run_check(tmp_path)
    assert (relaxed.returncode, relaxed.stdout) == (0, expected)
    assert relaxed.stderr == "1 warning in 1 file\n"
    strict = run_check(tmp_path, "--strict")
    assert (strict.returncode, strict.stdout) == (1, expected)


def test_today_can_be_moved_for_data_staged_ahead() -> None:
    case = INVALID / "date-in-the-future"
    assert run_check(case).returncode == 1
    staged = run_check(case, "--today", "2100-01-01")
    assert (staged.returncode, staged.stdout) == (0, ""), staged.stdout

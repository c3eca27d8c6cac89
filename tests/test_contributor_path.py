"""A first contribution, walked as the guide tells it, on a clean clone of the repository.

The set-up (`make check`), `wiki new`, an edit, the pre-commit hook refusing a broken
commit and passing a good one, `wiki check` and `wiki diff`: each step as a contributor
runs it, in a clone with nothing in it but what git holds (no .venv, no generated pages).
The set-up installs from the package index, as a contributor's does.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import REPO

GIT_IDENTITY = {"GIT_AUTHOR_NAME": "Jane Contributor", "GIT_AUTHOR_EMAIL": "jane@example.org",
                "GIT_COMMITTER_NAME": "Jane Contributor",
                "GIT_COMMITTER_EMAIL": "jane@example.org"}
TEST_TOOLS = ("pytest", "playwright", "hypothesis", "ruff")


def tracked_files_as_a_repository(target: Path) -> Path:
    """The repository's tracked files as they are now, committed to a new `main`: what a
    clone of this change would hold."""
    listed = subprocess.run(["git", "ls-files", "-z"], cwd=REPO, capture_output=True,
                            check=True).stdout.decode().split("\0")
    for name in filter(None, listed):
        source = REPO / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    for command in (["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-qm", "main"]):
        subprocess.run(["git", *command], cwd=target, check=True, capture_output=True,
                       env={**os.environ, **GIT_IDENTITY})
    return target


@pytest.fixture(scope="module")
def clone(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("path")
    origin = tracked_files_as_a_repository(base / "origin")
    subprocess.run(["git", "clone", "-q", str(origin), str(base / "clone")], check=True)
    return base / "clone"


def run(clone: Path, *command: str, timeout: float = 600) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH")}
    env.update(GIT_IDENTITY, PRE_COMMIT_HOME=str(clone.parent / "pre-commit-cache"))
    return subprocess.run(command, cwd=clone, capture_output=True, text=True, env=env,
                          timeout=timeout)


def test_the_contributors_path(clone: Path) -> None:
    # Set up once: the README's and the guide's one command.
    setup = run(clone, "make", "check", f"PYTHON={sys.executable}", timeout=1200)
    assert setup.returncode == 0, setup.stdout[-3000:] + setup.stderr[-3000:]
    entities = len(list((clone / "entities").glob("*/*.yaml")))
    assert f"No problems in {entities} entities." in setup.stderr
    assert (clone / ".git" / "hooks" / "pre-commit").is_file()
    installed = run(clone, ".venv/bin/python", "-m", "pip", "list", "--format=freeze").stdout
    names = {line.split("==")[0].lower().replace("_", "-") for line in installed.splitlines()}
    assert {"csto-wiki", "pre-commit"} <= names
    assert not names & set(TEST_TOOLS), "editing needs no test tools"

    # A new entity, on a branch of its own.
    assert run(clone, "git", "checkout", "-qb", "add-jane-doe").returncode == 0
    new = run(clone, ".venv/bin/wiki", "new", "officials", "jane-doe")
    assert new.returncode == 0, new.stderr
    entity = clone / "entities" / "officials" / "jane-doe.yaml"
    written = entity.read_text()

    # An edit with a mistake: the hook refuses the commit and says where.
    entity.write_text(written + "positions:\n  - office: president-of-nowhere\n"
                      "    sources: [tass-2017-11-30-csto-minsk]\n"
                      "sources: [tass-2017-11-30-csto-minsk]\n")
    run(clone, "git", "add", "entities")
    refused = run(clone, "git", "commit", "-qm", "Add Jane Doe")
    said = refused.stdout + refused.stderr  # git passes on the hook's output on stderr
    assert refused.returncode == 1, said
    assert "wiki check (set up with `make check`)" in said and "Failed" in said
    assert "entities/officials/jane-doe.yaml:" in said and "president-of-nowhere" in said

    # Corrected, the same commit goes through the hook.
    entity.write_text(entity.read_text().replace("president-of-nowhere", "president-of-russia"))
    run(clone, "git", "add", "entities")
    committed = run(clone, "git", "commit", "-qm", "Add Jane Doe")
    assert committed.returncode == 0, committed.stdout + committed.stderr
    assert "Passed" in committed.stdout + committed.stderr

    check = run(clone, ".venv/bin/wiki", "check")
    assert (check.returncode, check.stderr) == (0, f"No problems in {entities + 1} entities.\n")

    # What the pull request does, against the branch it will merge into.
    diff = run(clone, ".venv/bin/wiki", "diff")
    assert diff.returncode == 0, diff.stderr
    assert diff.stdout.startswith("## Wiki changes since `origin/main`\n\n"
                                  "Entities: 1 added, 0 removed, 0 renamed, 0 changed. "
                                  "Relations: 1 gained, 0 lost.\n")
    assert "- official **Jane Doe** (`jane-doe`)\n" in diff.stdout
    assert "- **Jane Doe** → `positions` → **President of Russia**\n" \
        in diff.stdout

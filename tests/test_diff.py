"""`wiki diff`: a change summarised in entities and relations, for a pull-request comment."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from .conftest import CASES, run_wiki


def git(folder: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.email=wiki@example.org", "-c", "user.name=Wiki", *args],
                   cwd=folder, check=True, capture_output=True)


def test_diff_summarises_entities_and_relations(tmp_path: Path) -> None:
    shutil.copytree(CASES / "valid" / "basic" / "entities", tmp_path / "entities")
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-qm", "base")
    entities = tmp_path / "entities"
    north = entities / "states" / "north.yaml"
    north.write_text(north.read_text().replace("capital: Northtown", "capital: New Northtown"))
    officials = entities / "officials"
    (officials / "bob-second.yaml").rename(officials / "robert-second.yaml")
    cid = entities / "officials" / "cid-third.yaml"
    cid.write_text(cid.read_text().replace("bob-second", "robert-second"))
    (entities / "states" / "east.yaml").write_text("name: East Land\n")
    alliance = entities / "councils" / "alliance.yaml"
    alliance.write_text(alliance.read_text().replace(
        "members:\n", "members:\n  - state: east\n    from: 2020\n").replace(
        "    to: 1999\n", "    to: 2000\n"))
    (entities / "events" / "hostile-text.yaml").unlink()

    result = run_wiki("diff", "--root", str(tmp_path), "HEAD")
    assert result.returncode == 0, result.stderr
    assert result.stdout == """## Wiki changes since `HEAD`

Entities: 1 added, 1 removed, 1 renamed, 3 changed. Relations: 2 gained, 1 lost.

**2 additions without a source** (marked ⚠ below): cite the source of each in its `sources`.

### Added

- state **East Land** (`east`) ⚠ no source

### Removed

- event **&lt;script&gt;alert\\('name'\\)&lt;/script&gt; &amp; \\{\\{ config\\.site\\_name \\}\\}** \
(`hostile-text`)

### Renamed

- `bob-second` → official **Bob Second** (`robert-second`)

### Changed

- council **Test Alliance** (`alliance`): `members` 2 items added, 1 item removed
- official **Cid Third** (`cid-third`): `description` Succeeded \\[\\[bob\\-second\\]\\] as \\[\\[alliance\\-chair\\|chair\\]\\]\\. → \
Succeeded \\[\\[robert\\-second\\]\\] as \\[\\[alliance\\-chair\\|chair\\]\\]\\.
- state **North Land** (`north`): `capital` Northtown → New Northtown

### Relations gained

- **Test Alliance** → `members` → **East Land** (from 2020) ⚠ no source
- **Test Alliance** → `members` → **North Land** (from 1992\\-05\\-15, to 2000)

### Relations lost

- **Test Alliance** → `members` → **North Land** (from 1992\\-05\\-15, to 1999)

### Old addresses that will break

- `bob-second`: add `former_ids: [bob-second]` to `robert-second`
- `hostile-text`: if another entity replaces it, list the id in its `former_ids`
"""


def test_diff_without_changes_and_with_a_bad_ref(tmp_path: Path) -> None:
    shutil.copytree(CASES / "valid" / "basic" / "entities", tmp_path / "entities")
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-qm", "base")
    same = run_wiki("diff", "--root", str(tmp_path))
    assert same.returncode == 0
    assert same.stdout.endswith("No change to the wiki's content.\n")
    bad = run_wiki("diff", "--root", str(tmp_path), "no-such-branch")
    assert bad.returncode == 2
    assert bad.stderr.startswith("error: cannot read the entities at 'no-such-branch': ")


def committed_wiki(folder: Path) -> Path:
    shutil.copytree(CASES / "valid" / "basic" / "entities", folder / "entities")
    git(folder, "init", "-q", "-b", "main")
    git(folder, "add", ".")
    git(folder, "commit", "-qm", "base")
    return folder


def test_a_bulk_change_is_summarised_within_a_comment_and_written_whole(tmp_path: Path) -> None:
    wiki = committed_wiki(tmp_path / "wiki")
    sources = wiki / "entities" / "sources"
    for i in range(1700):
        (sources / f"bulk-{i:04d}.yaml").write_text(f"name: Bulk report {i} {'x' * 200}\n")
    result = run_wiki("diff", "--root", str(wiki), "--output", str(tmp_path / "full.md"))
    assert result.returncode == 0, result.stderr
    assert len(result.stdout) <= 65_536
    assert "Entities: 1700 added, 0 removed, 0 renamed, 0 changed." in result.stdout
    assert "Only the first " in result.stdout and "`wiki diff --output FILE`" in result.stdout
    shown = result.stdout.count("- source **Bulk report")
    assert 100 < shown < 1700
    assert f"- … and {1700 - shown} more\n" in result.stdout
    full = (tmp_path / "full.md").read_text()
    assert full.count("- source **Bulk report") == 1700 and "… and" not in full
    assert result.stderr == f"Wrote the full report to {tmp_path / 'full.md'}\n"


def test_the_base_is_the_branch_a_pull_request_would_merge_into(tmp_path: Path) -> None:
    original = committed_wiki(tmp_path / "original")
    subprocess.run(["git", "clone", "-q", str(original), str(tmp_path / "fork")], check=True)
    fork = tmp_path / "fork"
    git(fork, "checkout", "-qb", "new-state")
    (fork / "entities" / "states" / "east.yaml").write_text("name: East Land\n")
    git(fork, "add", ".")
    git(fork, "commit", "-qm", "East Land")  # committed: HEAD would show no change
    own = run_wiki("diff", "--root", str(fork))
    assert own.stdout.startswith("## Wiki changes since `origin/main`\n\nEntities: 1 added")
    # In a fork, the original is the remote `upstream`; its main has moved on meanwhile.
    north = original / "entities" / "states" / "north.yaml"
    north.write_text(north.read_text().replace("Northtown", "Nordstadt"))
    git(original, "commit", "-qam", "Nordstadt")
    git(fork, "remote", "add", "upstream", str(original))
    git(fork, "fetch", "-q", "upstream")
    upstream = run_wiki("diff", "--root", str(fork))
    assert upstream.stdout.startswith("## Wiki changes since `upstream/main`\n")
    assert "`capital` Nordstadt → Northtown" in upstream.stdout

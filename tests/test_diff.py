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
        "members:\n", "members:\n  - state: east\n    from: 2020\n"))
    (entities / "events" / "hostile-text.yaml").unlink()

    result = run_wiki("diff", "--root", str(tmp_path), "HEAD")
    assert result.returncode == 0, result.stderr
    assert result.stdout == """## Wiki changes since `HEAD`

Entities: 1 added, 1 removed, 1 renamed, 3 changed. Relations: 1 gained, 0 lost.

### Added

- state **East Land** (`east`)

### Removed

- event **&lt;script&gt;alert\\('name'\\)&lt;/script&gt; &amp; \\{\\{ config\\.site\\_name \\}\\}** \
(`hostile-text`)

### Renamed

- `bob-second` → official **Bob Second** (`robert-second`)

### Changed

- council **Test Alliance** (`alliance`): `members`
- official **Cid Third** (`cid-third`): `description`
- state **North Land** (`north`): `capital`

### Relations gained

- **Test Alliance** → `members` → **East Land**
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

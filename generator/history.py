"""When each entity file last changed, from git history (one `git log` for all files)."""

from __future__ import annotations

import subprocess
from pathlib import Path


def last_changed(root: Path, folder: str = "entities") -> dict[str, str]:
    """Path (from the repository root, like `entities/states/russia.yaml`) → the date
    (YYYY-MM-DD) of the last commit that changed it. Empty outside a git checkout."""
    try:
        top = subprocess.run(["git", "rev-parse", "--show-toplevel"], cwd=root,
                             capture_output=True, text=True, timeout=30)
        if top.returncode != 0 or Path(top.stdout.strip()).resolve() != root.resolve():
            return {}  # not a checkout of this wiki (a copy inside another repository)
        log = subprocess.run(["git", "log", "--format=%x00%cs", "--name-only", "--", folder],
                             cwd=root, capture_output=True, text=True, timeout=120)
    except (OSError, subprocess.SubprocessError):
        return {}
    if log.returncode != 0:
        return {}
    changed: dict[str, str] = {}
    date = ""
    for line in log.stdout.splitlines():
        if line.startswith("\x00"):
            date = line[1:]
        elif line and date:
            changed.setdefault(line, date)
    return changed

"""Stage 5: write the rendered pages into `docs/`, touching only the generator's own files.

A manifest (`docs/.generated.json`) records every file the generator wrote and the
hash of what it wrote. A page is written only when its content changed, each through a
temporary file renamed into place; a file the manifest does not list is never replaced;
a listed file that no page needs any more is removed only if it is still as written.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

from .diagnostics import Diagnostic
from .render import Page

MANIFEST = ".generated.json"


@dataclass(frozen=True)
class WriteResult:
    written: tuple[str, ...]  # paths relative to docs/
    removed: tuple[str, ...]
    kept: tuple[str, ...]  # no longer generated, but changed by hand: left in place


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_manifest(docs: Path) -> dict[str, str]:
    try:
        data = json.loads((docs / MANIFEST).read_text(encoding="utf-8"))
        return {str(k): str(v) for k, v in data.get("files", {}).items()}
    except (OSError, ValueError, AttributeError):
        return {}


def conflicts(docs: Path, pages: list[Page], owned: dict[str, str],
              docs_label: str = "docs") -> list[Diagnostic]:
    """Pages that would replace a file the generator did not write (`owned`: the
    manifest as `read_manifest` gives it)."""
    return [
        Diagnostic(f"{docs_label}/{page.path}", 1, 1,
                   "this file was not written by the generator, which would now write an "
                   "entity page here; move the file or rename the entity")
        for page in pages
        if page.path not in owned and (docs / page.path).exists()
    ]


def write_pages(docs: Path, pages: list[Page], owned: dict[str, str],
                unchanged: frozenset[str] = frozenset()) -> WriteResult:
    """Bring `docs/` in line with `pages`, given the manifest `owned` of the files the
    generator wrote last time. Call `conflicts` first.

    `unchanged` names pages known to be as this generator last wrote them (`wiki serve`
    knows which it did not render again); they are neither read nor hashed.
    """
    written, removed, kept = [], [], []
    recorded: dict[str, str] = {}
    for page in pages:
        assert ".." not in page.path.split("/") and not page.path.startswith("/")
        if page.path in unchanged and page.path in owned:
            recorded[page.path] = owned[page.path]
            continue
        data = page.content.encode("utf-8")
        recorded[page.path] = digest(data)
        target = docs / page.path
        if target.exists() and target.read_bytes() == data:
            continue
        replace_file(target, data)
        written.append(page.path)
    for path, hash_written in sorted(owned.items()):
        if path in recorded:
            continue
        target = docs / path
        if not target.exists():
            continue
        if digest(target.read_bytes()) == hash_written:
            target.unlink()
            removed.append(path)
            remove_empty_parents(target.parent, docs)
        else:
            kept.append(path)
    manifest = {"note": "Files written by the wiki generator; it removes only these.",
                "files": dict(sorted(recorded.items()))}
    data = (json.dumps(manifest, indent=1) + "\n").encode("utf-8")
    if not (docs / MANIFEST).exists() or (docs / MANIFEST).read_bytes() != data:
        replace_file(docs / MANIFEST, data)
    return WriteResult(tuple(written), tuple(removed), tuple(kept))


def replace_file(target: Path, data: bytes) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.tmp")
    temporary.write_bytes(data)
    os.replace(temporary, target)


def remove_empty_parents(folder: Path, docs: Path) -> None:
    while folder != docs and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent

"""Stage 5: write the rendered pages into `docs/`, touching only the generator's own files.

A manifest (`docs/.generated.json`) records every file the generator wrote and the
hash of what it wrote. A page is written only when its content changed, each through a
temporary file renamed into place; a file the manifest does not list is never replaced;
a listed file that no page needs any more is removed only if it is still as written.

The manifest also records what the pages were made from (a digest of the entities, the
generator and the git dates) and the state of the files as written, so that a run with
nothing changed can tell so without rendering anything (`is_up_to_date`).
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
    """The files the generator wrote: path -> hash of what it wrote."""
    return owned_files(load_manifest(docs))


def load_manifest(docs: Path) -> dict:
    """The manifest as written (empty if there is none, or it is not one)."""
    try:
        data = json.loads((docs / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) and isinstance(data.get("files", {}), dict) else {}


def owned_files(manifest: dict) -> dict[str, str]:
    """Of a manifest `load_manifest` gave, the files: path -> hash of what was written."""
    return {str(k): str(v) for k, v in manifest.get("files", {}).items()}


def is_up_to_date(docs: Path, manifest: dict, made_from: dict) -> dict | None:
    """The manifest's record when the pages in `docs` were made from `made_from` (the
    same inputs) and every file is still as the generator left it; else None."""
    record = manifest.get("made_from")
    if not isinstance(record, dict) or record.get("inputs") != made_from.get("inputs"):
        return None
    files = manifest.get("files", {})
    return record if record.get("files") == files_state(docs, files) else None


def files_state(docs: Path, paths) -> str | None:
    """A digest of the size, time and identity of each file (None if one is missing):
    it changes when any of them is written, replaced or removed."""
    digest = hashlib.sha256()
    for path in sorted(paths):
        try:
            status = os.stat(docs / path)
        except OSError:
            return None
        digest.update(b"%s %d %d %d %d\0" % (path.encode("utf-8", "surrogateescape"),
                                               status.st_size, status.st_mtime_ns,
                                               status.st_ino, status.st_ctime_ns))
    return digest.hexdigest()


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
                unchanged: frozenset[str] = frozenset(),
                made_from: dict | None = None) -> WriteResult:
    """Bring `docs/` in line with `pages`, given the manifest `owned` of the files the
    generator wrote last time. Call `conflicts` first.

    `unchanged` names pages known to be as this generator last wrote them (`wiki serve`
    knows which it did not render again); they are neither read nor hashed. `made_from`
    (what the pages were made from) is recorded for `is_up_to_date`.
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
    manifest: dict = {"note": "Files written by the wiki generator; it removes only these."}
    if made_from is not None:
        manifest["made_from"] = {**made_from, "files": files_state(docs, recorded)}
    manifest["files"] = dict(sorted(recorded.items()))
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

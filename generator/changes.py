"""`wiki diff REF`: what a change does to the wiki, as Markdown for a pull-request comment.

Both sides go through the same stages as a build (load, check, link), so the summary
speaks of entities and relations, not of lines in YAML files.
"""

from __future__ import annotations

import io
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

from . import schema
from .graph import Graph
from .markup import escape_inline
from .pipeline import check


class GitError(Exception):
    """The base revision could not be read; the message says why."""


@dataclass(frozen=True)
class Changes:
    added: list[str]
    removed: list[str]
    renamed: list[tuple[str, str]]
    changed: dict[str, list[str]]  # id -> changed field names
    gained: list[tuple[str, str, str]]  # (source, field, target)
    lost: list[tuple[str, str, str]]
    problems: int  # problems in the current files


def graph_at(root: Path, ref: str) -> Graph:
    """The wiki's graph as it was at a git revision."""
    try:
        archive = subprocess.run(["git", "archive", "--format=tar", ref, "entities"],
                                 cwd=root, capture_output=True, check=True, timeout=120).stdout
    except FileNotFoundError:
        raise GitError("git is not installed") from None
    except subprocess.CalledProcessError as error:
        message = error.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(message[-1] if message else f"cannot read {ref}") from None
    with tempfile.TemporaryDirectory() as folder:
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(folder, filter="data")
        return check(Path(folder)).graph


def relations(graph: Graph) -> set[tuple[str, str, str]]:
    return {(link.source, link.where.split("[")[0].split(".")[0], link.target)
            for links in graph.outgoing.values() for link in links if not link.citation}


def compare(before: Graph, after: Graph, problems: int = 0) -> Changes:
    old, new = before.entities, after.entities
    added = sorted(set(new) - set(old))
    removed = sorted(set(old) - set(new))
    renamed = []
    for old_id in list(removed):
        match = next((i for i in added if new[i].type == old[old_id].type
                      and (new[i].name == old[old_id].name
                           or strip(new[i].values) == strip(old[old_id].values))), None)
        if match:
            renamed.append((old_id, match))
            removed.remove(old_id)
            added.remove(match)
    pairs = [(i, i) for i in sorted(set(old) & set(new))] + renamed
    changed = {}
    for old_id, new_id in pairs:
        a, b = old[old_id].values, new[new_id].values
        fields = [f for f in schema.entity_type(new[new_id].type).fields
                  if a.get(f.name) != b.get(f.name)]
        if fields:
            changed[new_id] = [f.name for f in fields]
    renames = dict(renamed)
    was = {(renames.get(s, s), f, renames.get(t, t)) for s, f, t in relations(before)}
    now = relations(after)
    return Changes(added, removed, renamed, changed, sorted(now - was), sorted(was - now),
                   problems)


def strip(values: dict) -> dict:
    return {k: v for k, v in values.items() if k != "name"}


def diff(root: Path, ref: str) -> tuple[Changes, Graph, Graph]:
    before = graph_at(root, ref)
    current = check(root)
    return compare(before, current.graph, len(current.problems)), before, current.graph


def markdown(changes: Changes, before: Graph, after: Graph, ref: str) -> str:
    def label(entity_id: str, graph: Graph) -> str:
        entity = graph.entities[entity_id]
        name = escape_inline(entity.name)
        return f"{schema.entity_type(entity.type).singular} **{name}** (`{entity_id}`)"

    def relation(item: tuple[str, str, str], graph: Graph) -> str:
        source, field, target = item
        return (f"**{escape_inline(graph.entities[source].name)}** → `{field}` → "
                f"**{escape_inline(graph.entities[target].name)}**")

    counts = [f"{len(changes.added)} added", f"{len(changes.removed)} removed",
              f"{len(changes.renamed)} renamed", f"{len(changes.changed)} changed"]
    lines = [f"## Wiki changes since `{ref}`", "",
             f"Entities: {', '.join(counts)}. Relations: {len(changes.gained)} gained, "
             f"{len(changes.lost)} lost."]
    if changes.problems:
        lines += ["", f"**{changes.problems} problems** in the changed files: run `wiki check`."]
    sections = [
        ("Added", [label(i, after) for i in changes.added]),
        ("Removed", [label(i, before) for i in changes.removed]),
        ("Renamed", [f"`{a}` → {label(b, after)}" for a, b in changes.renamed]),
        ("Changed", [f"{label(i, after)}: {', '.join(f'`{f}`' for f in fields)}"
                     for i, fields in sorted(changes.changed.items())]),
        ("Relations gained", [relation(r, after) for r in changes.gained]),
        ("Relations lost", [relation(r, before) for r in changes.lost]),
    ]
    for heading, items in sections:
        if items:
            lines += ["", f"### {heading}", "", *(f"- {item}" for item in items)]
    if not any(items for _, items in sections):
        lines += ["", "No change to the wiki's content."]
    return "\n".join(lines) + "\n"

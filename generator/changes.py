"""`wiki diff REF`: what a change does to the wiki, as Markdown for a pull-request comment.

Both sides go through the same stages as a build (load, check, link), so the summary
speaks of entities and relations, not of lines in YAML files: fields changed from old to
new values, relations gained and lost with their dates, and additions that cite no source.
A summary always fits in a pull-request comment; the full report can go to a file.
"""

from __future__ import annotations

import io
import json
import subprocess
import tarfile
import tempfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from . import schema
from .diagnostics import counted
from .graph import Graph
from .markup import escape_inline
from .pipeline import check

COMMENT_LIMIT = 65_536  # characters in a GitHub pull-request comment
SHORT = 60  # characters of a value shown
# What tells two relation items between the same entities apart, besides sources and notes.
QUALIFIERS = ("from", "to", "as_of", "status", "acting", "actions", "in_force", "role")


class GitError(Exception):
    """The base revision could not be read; the message says why."""


@dataclass(frozen=True, order=True)
class Relation:
    """`source` names `target` in `field`, with the item's dates and status, if any."""

    source: str
    field: str
    target: str
    qualifiers: tuple[tuple[str, str], ...] = ()
    sourced: bool = True  # the item cites a source, or is not an item that can


@dataclass(frozen=True)
class Changes:
    added: list[str]
    removed: list[str]
    renamed: list[tuple[str, str]]
    changed: dict[str, list[tuple[str, object, object]]]  # id -> (field, old, new)
    gained: list[Relation]
    lost: list[Relation]
    problems: int  # problems in the current files


def git(root: Path, *args: str) -> bytes:
    try:
        return subprocess.run(["git", *args], cwd=root, capture_output=True, check=True,
                              timeout=120).stdout
    except FileNotFoundError:
        raise GitError("git is not installed") from None
    except subprocess.CalledProcessError as error:
        message = error.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(message[-1] if message else f"git {args[0]} failed") from None


def default_base(root: Path) -> str:
    """The branch a pull request from here would merge into: the default branch of the
    remote `upstream` (a fork's original), else that of `origin`, else the current
    branch's upstream; HEAD when none is set."""
    for remote in ("upstream", "origin"):
        for ref in (f"refs/remotes/{remote}/HEAD", f"refs/remotes/{remote}/main",
                    f"refs/remotes/{remote}/master"):
            try:
                name = git(root, "rev-parse", "--verify", "--quiet", "--symbolic-full-name",
                           ref).decode().strip()
            except GitError:
                continue
            if name:
                return name.removeprefix("refs/remotes/")
    try:
        return git(root, "rev-parse", "--abbrev-ref", "--symbolic-full-name",
                   "@{upstream}").decode().strip() or "HEAD"
    except GitError:
        return "HEAD"


def graph_at(root: Path, ref: str) -> Graph:
    """The wiki's graph as it was at a git revision."""
    archive = git(root, "archive", "--format=tar", ref, "entities")
    with tempfile.TemporaryDirectory() as folder:
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(folder, filter="data")
        return check(Path(folder)).graph


def relations(graph: Graph) -> set[Relation]:
    found = set()
    for links in graph.outgoing.values():
        for link in links:
            if link.citation:
                continue
            item = link.item or {}
            qualifiers = tuple((k, str(item[k])) for k in QUALIFIERS if k in item)
            found.add(Relation(link.source, link.where.split("[")[0].split(".")[0],
                               link.target, qualifiers, link.item is None
                               or bool(item.get(schema.SOURCES))))
    return found


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
        fields = [(f.name, a.get(f.name), b.get(f.name))
                  for f in schema.entity_type(new[new_id].type).fields
                  if a.get(f.name) != b.get(f.name)]
        if fields:
            changed[new_id] = fields
    renames = dict(renamed)
    was = {Relation(renames.get(r.source, r.source), r.field, renames.get(r.target, r.target),
                    r.qualifiers, r.sourced) for r in relations(before)}
    now = relations(after)
    # A relation that only gained or lost a source has not changed.
    was_keys = {key(r) for r in was}
    now_keys = {key(r) for r in now}
    return Changes(added, removed, renamed, changed,
                   sorted(r for r in now if key(r) not in was_keys),
                   sorted(r for r in was if key(r) not in now_keys), problems)


def key(relation: Relation) -> tuple:
    return relation.source, relation.field, relation.target, relation.qualifiers


def strip(values: dict) -> dict:
    return {k: v for k, v in values.items() if k != "name"}


def diff(root: Path, ref: str) -> tuple[Changes, Graph, Graph]:
    before = graph_at(root, ref)
    current = check(root)
    return compare(before, current.graph, len(current.problems)), before, current.graph


def markdown(changes: Changes, before: Graph, after: Graph, ref: str,
             limit: int | None = COMMENT_LIMIT) -> str:
    """The report; with `limit`, as many of the first changes of each kind as fit in
    that many characters, with a count of the rest."""
    head, sections = report_parts(changes, before, after, ref)
    longest = max((len(items) for _, items in sections), default=0)
    full = render(head, sections, longest)
    if limit is None or len(full) <= limit:
        return full
    low, high = 0, longest  # the most items of each kind that fit: render(low) always does
    while low < high:
        middle = (low + high + 1) // 2
        if len(render(head, sections, middle)) <= limit:
            low = middle
        else:
            high = middle - 1
    return render(head, sections, low)


def render(head: list[str], sections: list[tuple[str, list[str]]], cap: int) -> str:
    lines = list(head)
    cut = any(len(items) > cap for _, items in sections)
    if cut:
        shown = f"Only the first {cap} of each kind are listed" if cap else "Too many to list"
        lines += ["", f"{shown}: `wiki diff --output FILE` writes every change to a file."]
    for heading, items in sections:
        if items:
            lines += ["", f"### {heading}", "", *(f"- {item}" for item in items[:cap])]
            if len(items) > cap:
                lines.append(f"- … and {len(items) - cap} more")
    if not any(items for _, items in sections):
        lines += ["", "No change to the wiki's content."]
    return "\n".join(lines) + "\n"


def report_parts(changes: Changes, before: Graph, after: Graph,
                 ref: str) -> tuple[list[str], list[tuple[str, list[str]]]]:
    def name(entity_id: str, graph: Graph) -> str:
        return f"**{short(graph.entities[entity_id].name, 80)}**"

    def label(entity_id: str, graph: Graph) -> str:
        entity = graph.entities[entity_id]
        singular = schema.entity_type(entity.type).singular
        return f"{singular} {name(entity_id, graph)} (`{entity_id}`)"

    def relation(item: Relation, graph: Graph) -> str:
        dates = ", ".join(f"{k.replace('_', ' ')} {short(v)}" for k, v in item.qualifiers)
        return (f"{name(item.source, graph)} → `{item.field}` → {name(item.target, graph)}"
                + (f" ({dates})" if dates else "") + ("" if item.sourced else UNSOURCED))

    def added(entity_id: str) -> str:
        entity = after.entities[entity_id]
        cited = schema.entity_type(entity.type).cited
        flag = UNSOURCED if cited and not entity.get(schema.SOURCES) else ""
        return label(entity_id, after) + flag

    unsourced = (sum(bool(added(i).endswith(UNSOURCED)) for i in changes.added)
                 + sum(not r.sourced for r in changes.gained))
    counts = [f"{len(changes.added)} added", f"{len(changes.removed)} removed",
              f"{len(changes.renamed)} renamed", f"{len(changes.changed)} changed"]
    head = [f"## Wiki changes since `{ref[:80].replace('`', '')}`", "",
            f"Entities: {', '.join(counts)}. Relations: {len(changes.gained)} gained, "
            f"{len(changes.lost)} lost."]
    if changes.problems:
        head += ["", f"**{counted(changes.problems, 'problem')}** in the changed files: run "
                 "`wiki check`."]
    if unsourced:
        head += ["", f"**{counted(unsourced, 'addition')} without a source** (marked "
                 "⚠ below): cite the source of each in its `sources`."]
    sections = [
        ("Added", [added(i) for i in changes.added]),
        ("Removed", [label(i, before) for i in changes.removed]),
        ("Renamed", [f"`{a}` → {label(b, after)}" for a, b in changes.renamed]),
        ("Changed", [f"{label(i, after)}: " + "; ".join(field_change(*c) for c in fields)
                     for i, fields in sorted(changes.changed.items())]),
        ("Relations gained", [relation(r, after) for r in changes.gained]),
        ("Relations lost", [relation(r, before) for r in changes.lost]),
        ("Old addresses that will break", broken_addresses(changes, after)),
    ]
    return head, sections


def broken_addresses(changes: Changes, after: Graph) -> list[str]:
    """Ids that disappear with no entity listing them in `former_ids`: their pages and
    every link to them will break."""
    kept = {old for entity in after.entities.values() for old in entity.get("former_ids", [])}
    gone = [(old, None) for old in changes.removed] + list(changes.renamed)
    return [f"`{old}`: " + (f"add `former_ids: [{old}]` to `{new}`" if new else
                            "if another entity replaces it, list the id in its `former_ids`")
            for old, new in sorted(gone) if old not in kept]


UNSOURCED = " ⚠ no source"


def field_change(field: str, old: object, new: object) -> str:
    """`capital` Northtown → New Northtown, or what was added to and removed from a list."""
    if old is None:
        return f"`{field}` added: {value(new)}"
    if new is None:
        return f"`{field}` removed (was {value(old)})"
    if isinstance(old, list) and isinstance(new, list):
        gone, came = Counter(map(canonical, old)), Counter(map(canonical, new))
        plus, minus = list((came - gone).elements()), list((gone - came).elements())
        if all(not isinstance(v, dict | list) for v in old + new):
            return f"`{field}` " + ", ".join([*(f"+{short(v)}" for v in plus),
                                              *(f"−{short(v)}" for v in minus)])
        parts = [f"{counted(len(plus), 'item')} added" if plus else "",
                 f"{counted(len(minus), 'item')} removed" if minus else ""]
        return f"`{field}` " + (", ".join(filter(None, parts)) or "items reordered")
    if isinstance(old, dict) and isinstance(new, dict):
        keys = sorted(set(old) | set(new))
        return "; ".join(field_change(f"{field}.{k}", old.get(k), new.get(k))
                         for k in keys if old.get(k) != new.get(k))
    return f"`{field}` {value(old)} → {value(new)}"


def canonical(item: object) -> str:
    return json.dumps(item, sort_keys=True, ensure_ascii=False, default=str)


def value(item: object) -> str:
    if isinstance(item, list):
        return counted(len(item), "item")
    if isinstance(item, dict):
        return ", ".join(f"{k}: {short(v)}" for k, v in sorted(item.items()))
    return short(item)


def short(text: object, limit: int = SHORT) -> str:
    """A value as one line of Markdown that shows as itself, cut short when long."""
    text = " ".join(str(text).split())
    if len(text) > limit:
        text = text[:limit - 1] + "…"
    return escape_inline(text)

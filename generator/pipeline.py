"""The whole generator in one straight line: load → check → link → render → write.

Each stage returns its result and the problems it found; all problems are collected
and, if there are any, nothing is written.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .diagnostics import Diagnostic, ordered
from .graph import Graph, link_entities
from .history import last_changed
from .output import WriteResult, conflicts, write_pages
from .records import check_documents
from .render import Page, render_pages
from .reports import report_pages
from .source import load_documents


@dataclass(frozen=True)
class Outcome:
    problems: list[Diagnostic]
    graph: Graph | None = None
    pages: tuple[Page, ...] = ()
    written: WriteResult | None = None


def check(root: Path) -> Outcome:
    """Every problem in `root/entities`, without writing anything."""
    documents, problems = load_documents(root)
    entities, found = check_documents(documents)
    problems += found
    graph, found = link_entities(entities)
    problems += found
    return Outcome(ordered(problems), graph)


def generate(root: Path, docs: Path | None = None) -> Outcome:
    """Check, then write the pages into `docs/` — only when there is no problem."""
    outcome = check(root)
    if outcome.problems:
        return outcome
    docs = docs or root / "docs"
    pages = render_pages(outcome.graph, last_changed(root)) + report_pages(outcome.graph)
    clashes = conflicts(docs, pages, docs.relative_to(root).as_posix()
                        if docs.is_relative_to(root) else str(docs))
    if clashes:
        return Outcome(clashes, outcome.graph, tuple(pages))
    return Outcome([], outcome.graph, tuple(pages), write_pages(docs, pages))

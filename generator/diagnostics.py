"""Problems found in contributors' files, as values, and how they are printed."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One problem, located in a file. Line and column count from 1."""

    path: str  # relative to the project root, with forward slashes
    line: int
    column: int
    message: str
    where: str = ""  # the place inside the document: `members[2].from`

    def text(self) -> str:
        place = f"{self.where}: " if self.where else ""
        return f"{self.path}:{self.line}:{self.column}: {place}{self.message}"

    def github(self) -> str:
        message = self.text().split(": ", 1)[1]
        for raw, escaped in (("%", "%25"), ("\r", "%0D"), ("\n", "%0A")):
            message = message.replace(raw, escaped)
        location = f"file={self.path},line={self.line},col={self.column}"
        return f"::error {location}::{message}"


def ordered(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """Sorted by file and line, each problem once."""
    return sorted(set(diagnostics))


def format_report(diagnostics: list[Diagnostic], style: str = "text") -> str:
    """The report the CLI prints: one line per problem, or a JSON document."""
    items = ordered(diagnostics)
    if style == "json":
        return json.dumps([asdict(d) for d in items], ensure_ascii=False, indent=2)
    if style == "github":
        return "\n".join(d.github() for d in items)
    return "\n".join(d.text() for d in items)


def summary(diagnostics: list[Diagnostic]) -> str:
    files = len({d.path for d in diagnostics})
    problems = len(set(diagnostics))
    noun = "problem" if problems == 1 else "problems"
    where = "file" if files == 1 else "files"
    return f"{problems} {noun} in {files} {where}"

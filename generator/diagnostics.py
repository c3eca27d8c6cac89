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
    severity: str = "error"  # or "warning": reported, fatal only with `--strict`

    def text(self) -> str:
        place = f"{self.where}: " if self.where else ""
        level = "warning: " if self.severity == "warning" else ""
        return f"{self.path}:{self.line}:{self.column}: {level}{place}{self.message}"

    def github(self) -> str:
        """A GitHub Actions annotation, escaped as Actions expects: a `:` or `,` in the
        file name or a line break in the message cannot cut it short."""
        message = f"{self.where}: {self.message}" if self.where else self.message
        path = _escape(self.path).replace(":", "%3A").replace(",", "%2C")
        location = f"file={path},line={self.line},col={self.column}"
        return f"::{self.severity} {location}::{_escape(message)}"


def _escape(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def shown(value: object, limit: int = 60) -> str:
    """A contributor's value quoted for a one-line message: line breaks and control
    characters made visible, and a long value cut short."""
    text = str(value)
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    if not text.isprintable():
        text = "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in text)
    return f"'{text}'"


def ordered(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """Sorted by file and line, each problem once."""
    return sorted(set(diagnostics), key=_position)


def _position(d: Diagnostic) -> tuple[str, int, int, str, str]:
    # A plain tuple compares much faster than the dataclass's generated `__lt__`.
    return (d.path, d.line, d.column, d.message, d.where)


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
    found = set(diagnostics)
    warnings = sum(1 for d in found if d.severity == "warning")
    problems = len(found) - warnings
    parts = [counted(problems, "problem")] if problems else []
    if warnings:
        parts.append(counted(warnings, "warning"))
    return f"{' and '.join(parts)} in {counted(files, 'file')}"


def counted(count: int, noun: str, nouns: str = "") -> str:
    """`1 problem`, `2 problems`: a count with its noun in the right number."""
    return f"{count} {noun if count == 1 else nouns or noun + 's'}"

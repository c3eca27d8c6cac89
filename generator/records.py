"""Stage 2: check each composed document against its type's declared fields.

The result is a plain record per entity: the values as Python data (text, numbers,
lists, mappings) and the position of every value, so that later stages can point at
the exact line of a reference or a date.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass, field

import yaml

from . import dates, schema
from .dates import PartialDate, as_date, surely_before
from .diagnostics import Diagnostic, shown
from .schema import EntityType, Field
from .source import PLAIN_TAGS, Document, node_kind

NULL_TAG = "tag:yaml.org,2002:null"


@dataclass(frozen=True)
class Entity:
    """A checked entity. `values` holds only the declared fields whose values are valid;
    `marks` maps a place inside the document (`members[2].from`) to its line and column;
    `excerpts` holds each Markdown value as written in the file, and where it starts.

    An entity whose file has problems is still returned, with what could be read, so
    that its id counts as taken and its valid references are still checked.
    """

    id: str
    type: str
    path: str
    values: dict
    marks: dict = field(repr=False, compare=False)
    excerpts: dict = field(default_factory=dict, repr=False, compare=False)

    @property
    def name(self) -> str:
        return self.values.get("name", self.id)

    def get(self, name: str, default=None):
        return self.values.get(name, default)

    def mark(self, where: str) -> tuple[int, int]:
        while where not in self.marks and where:
            where = where.rpartition(".")[0] if "." in where else ""
        return self.marks.get(where, (1, 1))

    def locator(self, where: str, text: str) -> Callable[[int, int], tuple[int, int]]:
        """A function giving the line and column of `text[offset:offset + length]`, a piece
        of the Markdown value at `where`, found in the file as written: the value may be
        folded, quoted or indented there, so its offsets are not the file's.

        Ask for pieces in the order they appear: each search goes on from the last one,
        so that a value with many pieces is still read once.
        """
        if where not in self.excerpts:
            return lambda offset, length: self.mark(where)
        raw, first_line, first_column = self.excerpts[where]
        last = {"offset": 0, "index": 0, "line": first_line, "line_start": -first_column}

        def locate(offset: int, length: int) -> tuple[int, int]:
            piece = text[offset:offset + length]
            index = last["index"] - 1
            for _ in range(text.count(piece, last["offset"], offset) + 1):
                index = raw.find(piece, index + 1)
                if index < 0:  # written differently in the file (escaped, split)
                    return self.mark(where)
            line = last["line"] + raw.count("\n", last["index"], index)
            newline = raw.rfind("\n", last["index"], index)
            line_start = newline if newline >= 0 else last["line_start"]
            last.update(offset=offset, index=index, line=line, line_start=line_start)
            return line, index - line_start

        return locate


# What `check_documents` may reuse: path -> (the document checked, its entity, problems).
Reuse = dict[str, tuple[Document, "Entity", list[Diagnostic]]]


def check_documents(documents: list[Document], reuse: Reuse | None = None,
                    ) -> tuple[list[Entity], list[Diagnostic]]:
    """Check each document against its type. With `reuse`, a document already checked
    (the very same object, as `load_documents` hands back for an unchanged file) gives
    back the same entity, so later stages can tell what changed by identity."""
    entities: list[Entity] = []
    problems: list[Diagnostic] = []
    seen: Reuse = {}
    for document in documents:
        cached = reuse.get(document.path) if reuse is not None else None
        if cached is not None and cached[0] is document:
            entities.append(cached[1])
            problems.extend(cached[2])
            seen[document.path] = cached
            continue
        found_before = len(problems)
        checker = _Checker(document)
        values = {}
        if document.root is not None:  # else its problems are already reported
            values = checker.record(document.root, schema.entity_type(document.type).fields, "")
        problems.extend(checker.problems)
        entity = Entity(document.id, document.type, document.path, values,
                        checker.marks, checker.excerpts)
        entities.append(entity)
        seen[document.path] = (document, entity, problems[found_before:])
    if reuse is not None:
        reuse.clear()
        reuse.update(seen)
    return entities, problems


class _Checker:
    def __init__(self, document: Document) -> None:
        self.path = document.path
        self.id = document.id
        self.type: EntityType = schema.entity_type(document.type)
        self.problems: list[Diagnostic] = []
        self.marks: dict[str, tuple[int, int]] = {"": (1, 1)}
        self.excerpts: dict[str, tuple[str, int, int]] = {}
        self.reported: set[str] = set()  # places with a problem, here or in `source`
        self.lookups_left = 1000  # of "did you mean" for unknown fields
        self.lines = document.lines

    def report(self, node: yaml.Node, where: str, message: str) -> None:
        mark = node.start_mark
        self.problems.append(Diagnostic(self.path, mark.line + 1, mark.column + 1, message, where))
        self.reported.add(where)

    def record(self, node: yaml.MappingNode, fields: tuple[Field, ...], where: str) -> dict:
        declared = {f.name: f for f in fields}
        values: dict = {}
        home = "" if where else self.home_of(node, declared)
        for key, value in node.value:
            name = key.value if isinstance(key, yaml.ScalarNode) else None
            place = f"{where}.{name}" if where else str(name)
            if name not in declared:
                message, meant = self.unknown_field(name, declared, where, home)
                self.report(key, place if name else where, message)
                if meant:  # a misspelt required field is not also reported as missing
                    self.reported.add(f"{where}.{meant}" if where else meant)
                continue
            checked = self.value(value, declared[name], place)
            if checked is not None:
                values[name] = checked
        for f in fields:
            if f.required and f.name not in values and not self.reported_at(where, f.name):
                label = f"this {self.type.singular}" if not where else "this item"
                doc = f.doc.rstrip(".")
                self.report(node, where, f"{label} has no `{f.name}`; add it "
                            f"({doc[0].lower()}{doc[1:]})")
        for f in fields:
            if f.required_if and f.name not in values and not self.reported_at(where, f.name):
                other, when = f.required_if
                value = values.get(other, next((x.default for x in fields if x.name == other),
                                               None))
                if value in when:
                    label = f"this {self.type.singular}" if not where else "this item"
                    doc = re.sub(r"\s*\([^)]*\)", "", f.doc.split(":")[0].split(".")[0])
                    self.report(node, where, f"{label} has no `{f.name}`; a `{other}: {value}` "
                                f"needs it ({doc[0].lower()}{doc[1:]})")
        self.check_period(values, fields, where)
        return values

    def reported_at(self, where: str, name: str) -> bool:
        place = f"{where}.{name}" if where else name
        return place in self.reported

    def home_of(self, node: yaml.MappingNode, declared: dict[str, Field]) -> str:
        """The one other type that has every unknown field of this file, if there is one:
        a file put in the wrong folder is known by its fields."""
        unknown = {key.value for key, _ in node.value
                   if isinstance(key, yaml.ScalarNode) and key.value not in declared}
        unknown.discard("id")
        if not unknown or len(unknown) > 100:
            return ""
        homes = [t.name for t in schema.entity_types()
                 if t is not self.type and unknown <= {f.name for f in t.fields}]
        return homes[0] if len(homes) == 1 else ""

    def unknown_field(self, name: str | None, declared: dict[str, Field],
                      where: str, home: str = "") -> tuple[str, str]:
        """The message, and the declared field the name is probably a misspelling of."""
        if name is None:
            return "field names must be plain words", ""
        owner = f"a `{where.split('[')[0]}` item" if where else self.type.a
        message = f"unknown field {shown(name)}: {owner} has no such field"
        if name == "id" and not where:
            return (f"{message}: the file name is the id (this file's is '{self.id}'); remove "
                    "this line, and to change the id, rename the file"), ""
        if home:
            return (f"{message}; `{name}` is a field of {home}: is this file in the wrong "
                    f"folder? {schema.entity_type(home).title} go in entities/{home}/"), ""
        meant = self.reference_named(name, declared)
        if meant:
            doc = declared[meant].doc.rstrip(".")
            return f"{message}; did you mean '{meant}' ({doc[0].lower()}{doc[1:]})?", meant
        close = []
        if self.lookups_left > 0:  # a file of thousands of unknown fields stays fast
            self.lookups_left -= 1
            close = difflib.get_close_matches(name.lower(), list(declared), n=1, cutoff=0.6)
        if close:
            return f"{message}; did you mean '{close[0]}'?", close[0]
        return f"{message}; the fields are: {', '.join(declared)}", ""

    @staticmethod
    def reference_named(name: str, declared: dict[str, Field]) -> str:
        """The field that refers to the type a name is the singular of: an office's
        `state` is its `belongs_to`."""
        for f in declared.values():
            if any(schema.entity_type(t).singular == name.lower() for t in f.targets
                   if t in schema.MODEL):
                return f.name
        return ""

    def value(self, node: yaml.Node, f: Field, where: str):
        self.marks[where] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if node.tag not in PLAIN_TAGS:  # `source` reported the tag
            self.reported.add(where)
            return None
        if isinstance(node, yaml.ScalarNode) and node.tag == NULL_TAG:
            return self.empty(node, where)
        return f.kind.check(self, node, f, where)

    def empty(self, node: yaml.Node, where: str) -> None:
        what = "item" if where.endswith("]") else "field"
        return self.checked(node, where, None, "the value is empty; fill it in or remove the "
                            f"{what}")

    def future(self, date: PartialDate) -> str:
        """Why a date cannot be: it is still to come. (`wiki check --today` moves today,
        for data staged ahead.)"""
        today = dates.today()
        if date.first_day() <= (today.year, today.month, today.day):
            return ""
        return (f"{date.iso()} is in the future (today is {today.isoformat()}): the wiki "
                "records what has happened; a plan is told in words, in the description")

    def keep_excerpt(self, node: yaml.ScalarNode, where: str) -> None:
        """Keep a Markdown value as written, to place positions inside it later."""
        self.marks[where] = self.content_start(node)
        self.excerpts[where] = self.excerpt(node)

    def line_of_text(self, node: yaml.Node, where: str) -> str | None:
        """A mapping's value: one line of text."""
        if node.tag not in PLAIN_TAGS:  # `source` reported the tag
            return None
        if isinstance(node, yaml.ScalarNode) and (node.tag == NULL_TAG or not node.value.strip()):
            return self.checked(node, where, None, "the value is empty; fill it in or remove "
                                "the key")
        if not isinstance(node, yaml.ScalarNode):
            return self.wrong(node, where, "a single line of text")
        if "\n" in node.value.strip():
            return self.checked(node, where, None, "this must be a single line of text; join "
                                "its lines into one")
        self.marks[where] = (node.start_mark.line + 1, node.start_mark.column + 1)
        return node.value.strip()

    def excerpt(self, node: yaml.Node) -> tuple[str, int, int]:
        """The node's text as written in the file, and the line and column it starts at."""
        start, end = node.start_mark, node.end_mark
        lines = list(self.lines[start.line:end.line + 1])
        if lines:  # cut the end first: it may be on the first line too
            lines[-1] = lines[-1][:end.column]
            lines[0] = lines[0][start.column:]
        return "\n".join(lines), start.line + 1, start.column + 1

    def content_start(self, node: yaml.ScalarNode) -> tuple[int, int]:
        """Where the text of a scalar begins: for `|` and `>` blocks, the next line."""
        line, column = node.start_mark.line, node.start_mark.column
        if node.style in ("|", ">"):
            line += 1
            while line < len(self.lines) and not self.lines[line].strip():
                line += 1
            text = self.lines[line] if line < len(self.lines) else ""
            column = len(text) - len(text.lstrip(" "))
        elif node.style in ("'", '"'):
            column += 1
        return line + 1, column + 1

    def checked(self, node: yaml.Node, where: str, value, message: str):
        if message:
            self.report(node, where, message)
            return None
        return value

    def wrong(self, node: yaml.Node, where: str, expected: str) -> None:
        self.report(node, where, f"this must be {expected}, not a {node_kind(node)}")
        return None

    def check_period(self, values: dict, fields: tuple[Field, ...], where: str) -> None:
        """A date before one it cannot precede: a period that ends before it begins."""
        for f in fields:
            for earlier in f.after:
                first, last = as_date(values.get(earlier)), as_date(values.get(f.name))
                if first and last and surely_before(last, first):
                    place = f"{where}.{f.name}" if where else f.name
                    line, column = self.marks.get(place, (1, 1))
                    self.problems.append(Diagnostic(
                        self.path, line, column,
                        f"`{f.name}` ({last.iso()}) is before `{earlier}` ({first.iso()}); "
                        "correct one of the two dates", place))

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
from urllib.parse import urlsplit

import yaml

from .dates import as_date, parse_date, surely_before
from .diagnostics import Diagnostic, shown
from .schema import (
    CHOICE,
    DATE,
    ENTITY_TYPES,
    INTEGER,
    LIST,
    MARKDOWN,
    RECORD,
    REF,
    SLUG,
    TEXT,
    TEXT_MAP,
    TYPES_BY_NAME,
    URL,
    VALUE,
    EntityType,
    Field,
)
from .source import PLAIN_TAGS, Document, lookalike_notes, node_kind, slugify
from .source import SLUG as SLUG_PATTERN

KEY_PATTERN = re.compile(r"^[a-z][a-z0-9_-]{0,31}$")
INT_TAG = "tag:yaml.org,2002:int"
FLOAT_TAG = "tag:yaml.org,2002:float"
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
            values = checker.record(document.root, TYPES_BY_NAME[document.type].fields, "")
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
        self.type: EntityType = TYPES_BY_NAME[document.type]
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
            self.marks[place] = (value.start_mark.line + 1, value.start_mark.column + 1)
            checked = self.value(value, declared[name], place)
            if checked is not None:
                values[name] = checked
        for f in fields:
            if f.required and f.name not in values and not self.reported_at(where, f.name):
                label = f"this {self.type.singular}" if not where else "this item"
                doc = f.doc.rstrip(".")
                self.report(node, where, f"{label} has no `{f.name}`; add it "
                            f"({doc[0].lower()}{doc[1:]})")
        if fields is self.type.fields:
            self.check_period(values, where)
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
        homes = [t.name for t in ENTITY_TYPES
                 if t is not self.type and unknown <= {f.name for f in t.fields}]
        return homes[0] if len(homes) == 1 else ""

    def unknown_field(self, name: str | None, declared: dict[str, Field],
                      where: str, home: str = "") -> tuple[str, str]:
        """The message, and the declared field the name is probably a misspelling of."""
        if name is None:
            return "field names must be plain words", ""
        owner = f"a `{where.split('[')[0]}` item" if where else f"a {self.type.singular}"
        message = f"unknown field {shown(name)}: {owner} has no such field"
        if name == "id" and not where:
            return (f"{message}: the file name is the id (this file's is '{self.id}'); remove "
                    "this line, and to change the id, rename the file"), ""
        if home:
            return (f"{message}; `{name}` is a field of {home}: is this file in the wrong "
                    f"folder? {TYPES_BY_NAME[home].title} go in entities/{home}/"), ""
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
            ref = f.item if f.kind == LIST and f.item.kind == REF else f
            if ref.kind == REF and any(TYPES_BY_NAME[t].singular == name.lower()
                                       for t in ref.targets):
                return f.name
        return ""

    def value(self, node: yaml.Node, f: Field, where: str):
        if node.tag not in PLAIN_TAGS:  # `source` reported the tag
            self.reported.add(where)
            return None
        if isinstance(node, yaml.ScalarNode) and node.tag == NULL_TAG:
            self.report(node, where, empty(where))
            return None
        if f.kind == LIST:
            if isinstance(node, yaml.ScalarNode) and f.item.kind != RECORD:
                single = f"`[{node.value}]`" if "\n" not in node.value.strip() else "`[…]`"
                self.report(node, where, f"this must be a list; for a single item write {single}")
                return None
            if not isinstance(node, yaml.SequenceNode):
                return self.wrong(node, where, "a list, with one `- ` item per line")
            items = []
            for index, item in enumerate(node.value):
                place = f"{where}[{index}]"
                self.marks[place] = (item.start_mark.line + 1, item.start_mark.column + 1)
                checked = self.value(item, f.item, place)
                if checked is not None:
                    items.append(checked)
            return items
        if f.kind == RECORD:
            if isinstance(node, yaml.ScalarNode) and f.fields[0].required:
                example = f"{f.fields[0].name}: {node.value.strip()}"[:60]
                self.report(node, where, "this item must be fields, not a single value: "
                            f"write `- {example}`, with any other fields below it")
                return None
            if not isinstance(node, yaml.MappingNode):
                return self.wrong(node, where, "a mapping of fields (`key: value` lines)")
            values = self.record(node, f.fields, where)
            self.check_period(values, where)
            return values
        if f.kind == TEXT_MAP:
            return self.text_map(node, where)
        if not isinstance(node, yaml.ScalarNode):
            return self.wrong(node, where, SCALAR_NAMES.get(f.kind, "a single value"))
        return self.scalar(node, f, where)

    def scalar(self, node: yaml.ScalarNode, f: Field, where: str):
        text = node.value
        if f.kind in (TEXT, MARKDOWN):
            if not text.strip():
                self.report(node, where, empty(where))
                return None
            if f.kind == TEXT and "\n" in text.strip():
                self.report(node, where, "this must be a single line of text; join its lines "
                            "into one")
                return None
            if f.kind == MARKDOWN:
                self.marks[where] = self.content_start(node)
                self.excerpts[where] = self.excerpt(node)
                return text
            return text.strip()
        if f.kind == DATE:
            _, message = parse_date(text)
            return self.checked(node, where, text.strip(), message)
        if f.kind == URL:
            return self.checked(node, where, text.strip(), url_problem(text.strip()))
        if f.kind == INTEGER:
            if node.tag != INT_TAG or not text.isdigit() or int(text) < 1:
                return self.checked(node, where, None, f"{shown(text)} is not a whole number "
                                    "of 1 or more")
            return int(text)
        if f.kind == VALUE:
            if node.tag == INT_TAG and re.fullmatch(r"[-+]?\d+", text):
                return int(text)
            if node.tag == FLOAT_TAG and re.fullmatch(r"[-+]?\d+\.\d+", text):
                return float(text)
            return text.strip()
        if f.kind == CHOICE:
            if text not in f.choices:
                close = difflib.get_close_matches(text.lower(), f.choices, n=1, cutoff=0.6)
                hint = f"; did you mean '{close[0]}'?" if close else ""
                return self.checked(node, where, None, f"{shown(text)} is not one of: "
                                    f"{', '.join(f.choices)}{hint}")
            return text
        if f.kind in (SLUG, REF):
            if not SLUG_PATTERN.match(text):
                return self.checked(node, where, None, not_a_slug(text, f.kind))
            return text
        raise AssertionError(f"undeclared field kind {f.kind}")

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

    def text_map(self, node: yaml.Node, where: str) -> dict | None:
        if not isinstance(node, yaml.MappingNode):
            return self.wrong(node, where, "a mapping (`key: text` lines)")
        values = {}
        for key, value in node.value:
            name = key.value if isinstance(key, yaml.ScalarNode) else ""
            place = f"{where}.{name}"
            if not KEY_PATTERN.match(name):
                self.report(key, place, f"{shown(name)} is not a valid key: use a short "
                            "lower-case code such as `ru` or `wikidata`")
            elif value.tag not in PLAIN_TAGS:  # `source` reported the tag
                continue
            elif isinstance(value, yaml.ScalarNode) and (value.tag == NULL_TAG
                                                          or not value.value.strip()):
                self.report(value, place, "the value is empty; fill it in or remove the key")
            elif not isinstance(value, yaml.ScalarNode):
                self.wrong(value, place, "a single line of text")
            elif "\n" in value.value.strip():
                self.report(value, place, "this must be a single line of text; join its lines "
                            "into one")
            else:
                self.marks[place] = (value.start_mark.line + 1, value.start_mark.column + 1)
                values[name] = value.value.strip()
        return values

    def checked(self, node: yaml.Node, where: str, value, message: str):
        if message:
            self.report(node, where, message)
            return None
        return value

    def wrong(self, node: yaml.Node, where: str, expected: str) -> None:
        self.report(node, where, f"this must be {expected}, not a {node_kind(node)}")
        return None

    def check_period(self, values: dict, where: str) -> None:
        """A period that ends before it begins."""
        for start, end in (("from", "to"), ("signed", "withdrawn"), ("signed", "in_force"),
                           ("ratified", "withdrawn")):
            first, last = as_date(values.get(start)), as_date(values.get(end))
            if first and last and surely_before(last, first):
                place = f"{where}.{end}" if where else end
                line, column = self.marks.get(place, (1, 1))
                self.problems.append(Diagnostic(
                    self.path, line, column,
                    f"`{end}` ({last.iso()}) is before `{start}` ({first.iso()}); correct "
                    "one of the two dates", place))


SCALAR_NAMES = {
    TEXT: "a single line of text",
    MARKDOWN: "text (Markdown)",
    DATE: "a date (YYYY, YYYY-MM or YYYY-MM-DD)",
    URL: "a web address",
    INTEGER: "a whole number",
    VALUE: "a number or text",
    CHOICE: "one word",
    SLUG: "a lower-case word",
    REF: "an id",
}


def empty(where: str) -> str:
    what = "item" if where.endswith("]") else "field"
    return f"the value is empty; fill it in or remove the {what}"


def url_problem(url: str) -> str:
    try:
        parts = urlsplit(url)
    except ValueError:  # such as an unclosed `[` in the host
        return f"{shown(url)} is not a valid web address"
    if not parts.scheme and "." in url.split("/")[0]:
        return f"{shown(url)} is not a complete web address; start it with https://"
    if parts.scheme not in ("http", "https"):
        return f"{shown(url)} is not allowed: use an http:// or https:// address"
    if not parts.netloc or any(c.isspace() for c in url):
        return f"{shown(url)} is not a complete web address"
    return ""


def not_a_slug(text: str, kind: str) -> str:
    """Why a reference or tag is refused, with the id or tag probably meant."""
    noun = "id" if kind == REF else "tag"
    last = text.replace("\\", "/").rstrip("/").split("/")[-1]
    meant = slugify(re.sub(r"\.ya?ml$", "", last))
    hint = f"; did you mean '{meant}'?" if meant and meant != text else ""
    notes = "".join(f"; {note}" for note in lookalike_notes(text))
    return (f"{shown(text)} is not {'an' if kind == REF else 'a'} {noun}: {noun}s are "
            f"lower-case letters a-z, digits and single hyphens{notes}{hint}")

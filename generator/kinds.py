"""Field kinds: what a value of a field may be, one class a kind.

Each kind knows, for a field of its kind, how to check a value from a YAML node (with
its position, and a hint), how to describe itself in JSON Schema, how to show a value
on a page (as Markdown), how to name itself in the format reference, how to give an
example for `wiki new`, and how to write a value into a CSV cell. Nothing outside this
module branches on what kind a field is.

The checker handed to `check` is `records._Checker`: it reports problems at a node,
keeps the position of every value, and checks nested records.
"""

from __future__ import annotations

import dataclasses
import difflib
import functools
import re
from typing import TYPE_CHECKING
from urllib.parse import quote, urlsplit

import yaml
from markupsafe import Markup

from .dates import as_date, parse_date
from .diagnostics import shown
from .markup import escape_inline
from .source import SLUG, lookalike_notes, slugify

if TYPE_CHECKING:
    from .schema import Field

INT_TAG = "tag:yaml.org,2002:int"
FLOAT_TAG = "tag:yaml.org,2002:float"
BOOL_TAG = "tag:yaml.org,2002:bool"
SLUG_PATTERN = "^[a-z0-9]+(-[a-z0-9]+)*$"
# `wiki check` reads every scalar as the text written, so `name: 1984`, `tags: [2017]` and
# `capital: true` are text there; YAML (and so an editor) reads them as numbers and
# booleans, which text fields accept too. A tag or id of digits alone reads as a number.
SCALAR_TYPES = ["string", "number", "boolean"]
DIGITS = {"type": "integer", "minimum": 0}
URL_SAFE = ":/?#@!$&'*+,;=%~-._"
KEY_PATTERN = re.compile(r"^[a-z][a-z0-9_-]{0,31}$")


class Kind:
    """A scalar kind: one value on one line."""

    name = ""
    words = ""  # in the format reference: "date"
    expected = "a single value"  # in "this must be …, not a list"

    def check(self, checker, node: yaml.Node, f: Field, where: str):
        if not isinstance(node, yaml.ScalarNode):
            return checker.wrong(node, where, self.expected)
        return self.scalar(checker, node, f, where)

    def scalar(self, checker, node: yaml.ScalarNode, f: Field, where: str):
        return node.value.strip()

    def json_schema(self, f: Field) -> dict:
        return {"type": "string"}

    def describe(self, f: Field) -> str:
        return self.words

    def example(self, f: Field) -> str:
        """The value part of a YAML example line."""
        return "…"

    def show(self, view, f: Field, value) -> Markup:
        """The value as Markdown on a page; `view` links entities (`render.View`)."""
        return Markup(escape_inline(str(value)))

    def cell(self, f: Field, value) -> str:
        return str(value)

    # What a value holds, for the stages that walk every field.
    def references(self, f: Field, value, where: str, item: dict | None):
        return ()

    def dates(self, f: Field, value) -> tuple:
        return ()


class Text(Kind):
    name, words, expected = "text", "text", "a single line of text"

    def scalar(self, checker, node, f, where):
        text = node.value
        if not text.strip():
            return checker.empty(node, where)
        if "\n" in text.strip():
            return checker.checked(node, where, None, "this must be a single line of text; "
                                   "join its lines into one")
        return text.strip()

    def json_schema(self, f):
        return {"type": SCALAR_TYPES, "minLength": 1, "pattern": r"^[^\n]*$"}


class MarkdownText(Kind):
    name, words, expected = "markdown", "Markdown", "text (Markdown)"

    def scalar(self, checker, node, f, where):
        if not node.value.strip():
            return checker.empty(node, where)
        checker.keep_excerpt(node, where)
        return node.value

    def json_schema(self, f):
        return {"type": SCALAR_TYPES, "minLength": 1}

    def example(self, f):
        return "|\n  … [[other-id]] links to another entity."


class Date(Kind):
    """ISO 8601 at the precision known; with `unknown`, the word `unknown` too (a period's
    end known to have come, on a day not known)."""

    name, words = "date", "date"
    expected = "a date (YYYY, YYYY-MM or YYYY-MM-DD)"
    SCHEMA = {"anyOf": [{"type": "string", "pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$"},
                        {"type": "integer", "minimum": 1, "maximum": 9999}]}
    UNKNOWN = "unknown"

    def __init__(self, unknown: bool = False) -> None:
        self.unknown = unknown
        if unknown:
            self.words = "date or `unknown`"
            self.expected = "a date (YYYY, YYYY-MM or YYYY-MM-DD) or `unknown`"

    def scalar(self, checker, node, f, where):
        text = node.value.strip()
        if self.unknown and text == self.UNKNOWN:
            return text
        date, message = parse_date(node.value)
        if date is not None and not message:
            message = checker.future(date)
        elif self.unknown and text.lower() in ("unknown", "?", "n/a", "none", "null"):
            message = f"{shown(text)} is not a date; write `unknown`, in lower case"
        return checker.checked(node, where, text, message)

    def json_schema(self, f):
        # YAML reads an unquoted `1992` as a number and `1992-05-15` as a date; both fine.
        schema = {"anyOf": [dict(option) for option in self.SCHEMA["anyOf"]]}
        if self.unknown:
            schema["anyOf"].append({"const": self.UNKNOWN})
        return schema

    def example(self, f):
        return "YYYY-MM-DD  # or YYYY-MM, or YYYY" + (", or unknown" if self.unknown else "")

    def show(self, view, f, value):
        if value == self.UNKNOWN:
            return Markup("unknown")
        date = as_date(value)
        return Markup(f'<time datetime="{date.iso()}">{escape_inline(date.human())}</time>')

    def dates(self, f, value):
        return () if value == self.UNKNOWN else (value,)


class Url(Kind):
    name, words, expected = "url", "http(s) URL", "a web address"

    def scalar(self, checker, node, f, where):
        text = node.value.strip()
        return checker.checked(node, where, text, url_problem(text))

    def json_schema(self, f):
        return {"type": "string", "pattern": r"^https?://[^\s]+$", "format": "uri"}

    def example(self, f):
        return "https://…"

    def show(self, view, f, value):
        return Markup(f"[{escape_inline(value)}]({quote(value, safe=URL_SAFE)})")


class Integer(Kind):
    name, words, expected = "integer", "whole number", "a whole number"

    def scalar(self, checker, node, f, where):
        text = node.value
        if node.tag != INT_TAG or not text.isdigit() or int(text) < 1:
            return checker.checked(node, where, None, f"{shown(text)} is not a whole number "
                                   "of 1 or more")
        return int(text)

    def json_schema(self, f):
        return {"type": "integer", "minimum": 1}

    def example(self, f):
        return str(f.default or 1)

    def show(self, view, f, value):
        return Markup(f"{value:,}")


class Value(Kind):
    name, words, expected = "value", "number or text", "a number or text"

    def scalar(self, checker, node, f, where):
        text = node.value
        if node.tag == INT_TAG and re.fullmatch(r"[-+]?\d+", text):
            return int(text)
        if node.tag == FLOAT_TAG and re.fullmatch(r"[-+]?\d+\.\d+", text):
            return float(text)
        return text.strip()

    def json_schema(self, f):
        return {"type": SCALAR_TYPES}

    def show(self, view, f, value):
        if isinstance(value, int | float) and not isinstance(value, bool):
            return Markup(f"{value:,}")  # 22,000
        return Markup(escape_inline(str(value)))


class Flag(Kind):
    name, words, expected = "flag", "`true` or `false`", "`true` or `false`"

    def scalar(self, checker, node, f, where):
        if node.tag != BOOL_TAG or node.value.lower() not in ("true", "false"):
            return checker.checked(node, where, None, f"{shown(node.value)} is not `true` or "
                                   "`false`")
        return node.value.lower() == "true"

    def json_schema(self, f):
        return {"type": "boolean"}

    def example(self, f):
        return "true"

    def show(self, view, f, value):
        return Markup("yes" if value else "no")


class Choice(Kind):
    """One of a declared vocabulary; each value may have a reader's label."""

    name, words, expected = "choice", "one of", "one word"

    def __init__(self, *values: str, labels: dict[str, str] | None = None,
                 verbs: dict[str, str] | None = None,
                 plurals: dict[str, str] | None = None) -> None:
        self.values = values
        self.labels = labels or {}
        self.plurals = plurals or {}  # headings of lists: "Agencies", not "Agencys"
        self.verbs = verbs or {}  # on the timeline: "ratified", not "a ratification"

    def scalar(self, checker, node, f, where):
        text = node.value
        if text not in self.values:
            close = difflib.get_close_matches(text.lower(), self.values, n=1, cutoff=0.6) or [
                v for v in self.values if len(text) >= 4 and v.startswith(text.lower()[:4])][:1]
            hint = f"; did you mean '{close[0]}'?" if close else ""
            return checker.checked(node, where, None, f"{shown(text)} is not one of: "
                                   f"{', '.join(self.values)}{hint}")
        return text

    def json_schema(self, f):
        return {"enum": list(self.values)}

    def describe(self, f):
        return "one of: " + ", ".join(f"`{v}`" for v in self.values)

    def example(self, f):
        return f"{f.default or self.values[0]}  # one of: {', '.join(self.values)}"

    def label(self, value: str) -> str:
        return self.labels.get(value) or value.replace("-", " ").capitalize()

    def plural(self, value: str) -> str:
        return self.plurals.get(value) or f"{self.label(value)}s"

    def show(self, view, f, value):
        return Markup(escape_inline(self.label(value)))


class Slug(Kind):
    name, words, expected = "slug", "tag", "a lower-case word"
    noun = "tag"

    def scalar(self, checker, node, f, where):
        text = node.value
        if not SLUG.match(text):
            # YAML reads `[2017]` as a number; a tag of digits is still a tag.
            return checker.checked(node, where, None, self.not_a_slug(text))
        return text

    def not_a_slug(self, text: str) -> str:
        """Why a reference or tag is refused, with the one probably meant."""
        last = text.replace("\\", "/").rstrip("/").split("/")[-1]
        meant = slugify(re.sub(r"\.ya?ml$", "", last))
        hint = f"; did you mean '{meant}'?" if meant and meant != text else ""
        notes = "".join(f"; {note}" for note in lookalike_notes(text))
        article = "an" if self.noun[0] in "aeiou" else "a"
        return (f"{shown(text)} is not {article} {self.noun}: {self.noun}s are lower-case "
                f"letters a-z, digits and single hyphens{notes}{hint}")

    def json_schema(self, f):
        return {"anyOf": [{"type": "string", "pattern": SLUG_PATTERN}, DIGITS]}


class Ref(Slug):
    """The id of an entity of one of `targets`."""

    name, expected, noun = "ref", "an id", "id"

    def __init__(self, *targets: str) -> None:
        self.targets = targets

    def json_schema(self, f):
        return {"anyOf": [{"type": "string", "pattern": SLUG_PATTERN}, DIGITS],
                "x-entity-types": list(self.targets)}

    def describe(self, f):
        return "id of " + " or ".join(self.targets)

    def example(self, f):
        return f"{self.targets[0].rstrip('s')}-id"

    def show(self, view, f, value):
        return view.link(value)

    def references(self, f, value, where, item):
        yield f, value, where, item


class TextMap(Kind):
    """A mapping of short keys (schemes, codes) to one line of text."""

    name, words, expected = "text_map", "mapping", "a mapping (`key: text` lines)"
    key_hint = "a short lower-case code such as `wikidata`"

    def check(self, checker, node, f, where):
        if not isinstance(node, yaml.MappingNode):
            return checker.wrong(node, where, self.expected)
        values = {}
        for key, value in node.value:
            name = key.value if isinstance(key, yaml.ScalarNode) else ""
            place = f"{where}.{name}"
            problem = self.key_problem(name)
            if problem:
                checker.report(key, place, problem)
                continue
            text = checker.line_of_text(value, place)
            if text is None:
                continue
            problem = self.value_problem(name, text)
            if problem:
                checker.report(value, place, problem)
                continue
            values[name] = text
        return values

    def key_problem(self, key: str) -> str:
        if KEY_PATTERN.match(key):
            return ""
        return f"{shown(key)} is not a valid key: use {self.key_hint}"

    def value_problem(self, key: str, value: str) -> str:
        return ""

    def json_schema(self, f):
        return {"type": "object", "propertyNames": {"pattern": KEY_PATTERN.pattern},
                "additionalProperties": {"type": SCALAR_TYPES, "minLength": 1,
                                         "pattern": r"^[^\n]*$"}}

    def example(self, f):
        return "\n  key: …"

    def show(self, view, f, value):
        pairs = (f"{escape_inline(k)}: {escape_inline(v)}" for k, v in value.items())
        return Markup(", ".join(pairs))

    def cell(self, f, value):
        return "; ".join(f"{k}: {v}" for k, v in value.items())


class LanguageMap(TextMap):
    """Names keyed by BCP 47 language tags: `ru`, `zh-Hans`, `sr-Latn`, `be-tarask`."""

    name, words = "language_map", "mapping of language tags to text"
    TAG = re.compile(r"^[a-z]{2,3}(-[A-Z][a-z]{3})?(-([A-Z]{2}|\d{3}))?"
                     r"(-([a-z\d]{5,8}|\d[a-z\d]{3}))*$")

    def key_problem(self, key: str) -> str:
        if self.TAG.match(key):
            return ""
        meant = canonical_tag(key)
        hint = (f"; write {meant!r}" if meant and meant != key and self.TAG.match(meant)
                else "")
        return (f"{shown(key)} is not a BCP 47 language tag (language, then script and region, "
                f"joined by hyphens: `ru`, `zh-Hans`, `pt-BR`){hint}")

    def json_schema(self, f):
        return {"type": "object", "propertyNames": {"pattern": self.TAG.pattern},
                "additionalProperties": {"type": SCALAR_TYPES, "minLength": 1,
                                         "pattern": r"^[^\n]*$"}}

    def example(self, f):
        return "\n  ru: …"

    def show(self, view, f, value):
        pairs = (f"{escape_inline(language_name(k))}: {escape_inline(v)}"
                 for k, v in value.items())
        return Markup(", ".join(pairs))


def names_by_language(names: dict, own: tuple[str, ...],
                      ) -> tuple[list[tuple[str, str, str]], list[tuple[str, str, str]]]:
    """`names` (tag → name) as (tag, language name, name), sorted by language name: those
    in the wiki's `own` languages (a tag or its region and script variants: `zh` takes
    `zh-Hans`), and all the others."""
    rows = sorted(((tag, language_name(tag), str(name)) for tag, name in names.items()),
                  key=lambda row: (row[1].casefold(), row[0]))
    mine = [row for row in rows if any(row[0] == tag or row[0].startswith(f"{tag}-")
                                       for tag in own)]
    return mine, [row for row in rows if row not in mine]


def canonical_tag(key: str) -> str:
    """`zh_CN` → `zh-CN`, `ZH-hans` → `zh-Hans`: the usual case of each part."""
    parts = [p for p in re.split(r"[-_]", key.strip()) if p]
    out = []
    for index, part in enumerate(parts):
        if index == 0:
            out.append(part.lower())
        elif len(part) == 4 and part.isalpha():
            out.append(part.capitalize())
        elif len(part) == 2 and part.isalpha() or len(part) == 3 and part.isdigit():
            out.append(part.upper())
        else:
            out.append(part.lower())
    return "-".join(out)


def language_name(tag: str) -> str:
    """The language's English name from CLDR (Babel): `Russian`, `Chinese (Simplified)`;
    the tag itself when CLDR has no name for it."""
    return _language_name(tag)


@functools.lru_cache(maxsize=1024)
def _language_name(tag: str) -> str:
    try:
        from babel import Locale, UnknownLocaleError

        try:
            return Locale.parse(tag, sep="-").get_display_name("en") or tag
        except (UnknownLocaleError, ValueError):
            language = Locale.parse("en").languages.get(tag.split("-")[0])
            return language or tag
    except ImportError:  # Babel comes with mkdocs-material; without it, the tag
        return tag


@dataclasses.dataclass(frozen=True)
class Scheme:
    """A kind of identifier: what its values look like and where one is looked up."""

    name: str  # the key: `wikidata`
    label: str  # the reader's: `Wikidata`
    pattern: str  # what a value looks like
    example: str
    link: str = ""  # the address of a value's record, `{}` standing for the value


class Identifiers(TextMap):
    """Ids in other databases, keyed by a declared scheme; shown as links."""

    name, words = "identifiers", "mapping of schemes to ids"

    def __init__(self, *schemes: Scheme) -> None:
        self.schemes = {s.name: s for s in schemes}

    def key_problem(self, key: str) -> str:
        if key in self.schemes:
            return ""
        close = difflib.get_close_matches(key.lower(), list(self.schemes), n=1, cutoff=0.6)
        hint = f"did you mean '{close[0]}'? " if close else ""
        return (f"{shown(key)} is not a known identifier scheme; {hint}the schemes are: "
                f"{', '.join(self.schemes)} (a new one is declared in generator/schema.py)")

    def value_problem(self, key: str, value: str) -> str:
        scheme = self.schemes[key]
        if re.fullmatch(scheme.pattern, value):
            return ""
        article = "an" if scheme.label[0] in "AEIOU" else "a"
        return (f"{shown(value)} is not {article} {scheme.label} id; it looks like "
                f"{scheme.example!r}")

    def json_schema(self, f):
        return {"type": "object", "additionalProperties": False,
                "properties": {s.name: {"type": ["string", "integer"],
                                        "pattern": s.pattern.join("^$"),
                                        "description": f"{s.label}: {s.example}"}
                               for s in self.schemes.values()}}

    def describe(self, f):
        return "mapping of schemes to ids: " + ", ".join(f"`{s}`" for s in self.schemes)

    def example(self, f):
        first = next(iter(self.schemes.values()))
        return f"\n  {first.name}: {first.example}"

    def show(self, view, f, value):
        return Markup(", ".join(self.link(k, v) for k, v in value.items()))

    def link(self, key: str, value: str) -> str:
        scheme = self.schemes[key]
        label = f"{escape_inline(scheme.label)}: "
        if not scheme.link:
            return label + escape_inline(value)
        url = scheme.link.format(quote(value, safe=""))
        return f"{label}[{escape_inline(value)}]({url})"


class ListOf(Kind):
    """A list of `f.item`."""

    name, expected = "list", "a list, with one `- ` item per line"

    def check(self, checker, node, f, where):
        if isinstance(node, yaml.ScalarNode) and not f.item.kind.is_record:
            single = f"`[{node.value}]`" if "\n" not in node.value.strip() else "`[…]`"
            return checker.checked(node, where, None,
                                   f"this must be a list; for a single item write {single}")
        if not isinstance(node, yaml.SequenceNode):
            return checker.wrong(node, where, self.expected)
        items = []
        for index, element in enumerate(node.value):
            checked = checker.value(element, f.item, f"{where}[{index}]")
            if checked is not None:
                items.append(checked)
        return items

    def json_schema(self, f):
        return {"type": "array", "items": f.item.json_schema()}

    def describe(self, f):
        if f.item.kind.is_record:
            return "list of items (below)"
        return f"list of {f.item.kind.describe(f.item)}"

    def example(self, f):
        if f.item.kind.is_record:
            return f.item.kind.item_example(f.item)
        return f"[{f.item.kind.example(f.item)}]"

    def show(self, view, f, value):
        return Markup(", ".join(f.item.kind.show(view, f.item, v) for v in value))

    def cell(self, f, value):
        return "; ".join(f.item.kind.cell(f.item, v) for v in value)

    def references(self, f, value, where, item):
        for index, element in enumerate(value):
            yield from f.item.kind.references(f.item, element, f"{where}[{index}]", item)

    def dates(self, f, value):
        return tuple(d for element in value for d in f.item.kind.dates(f.item, element))


class Record(Kind):
    """A mapping with declared `f.fields`: a relation item, or a nested record."""

    name, words, expected = "record", "mapping", "a mapping of fields (`key: value` lines)"
    is_record = True

    def check(self, checker, node, f, where):
        first = f.fields[0]
        if isinstance(node, yaml.ScalarNode) and first.required:
            example = f"{first.name}: {node.value.strip()}"[:60]
            return checker.checked(node, where, None, "this item must be fields, not a single "
                                   f"value: write `- {example}`, with any other fields below it")
        if not isinstance(node, yaml.MappingNode):
            return checker.wrong(node, where, self.expected)
        return checker.record(node, f.fields, where)

    def json_schema(self, f):
        return record_schema(f.fields)

    def item_example(self, f) -> str:
        required = [s for s in f.fields if s.required] or list(f.fields[:1])
        first, *rest = required
        body = [f"\n  - {first.name}: {first.kind.example(first)}"]
        body += [f"\n    {s.name}: {s.kind.example(s)}" for s in rest]
        return "".join(body) + "\n    sources: [source-id]"

    def cell(self, f, value):
        """An item by the entity it names, or else by its first line of text."""
        key = next(s for s in f.fields if isinstance(s.kind, Ref | Text))
        return str(value.get(key.name, ""))

    def references(self, f, value, where, item):
        for sub in f.fields:
            if sub.name in value:
                yield from sub.kind.references(sub, value[sub.name], f"{where}.{sub.name}",
                                               value)

    def dates(self, f, value):
        return tuple(d for sub in f.fields if sub.name in value
                     for d in sub.kind.dates(sub, value[sub.name]))


Kind.is_record = False


def record_schema(fields) -> dict:
    return {
        "type": "object",
        "additionalProperties": False,
        "required": [f.name for f in fields if f.required],
        "properties": {f.name: f.json_schema() for f in fields},
    }


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


TEXT, MARKDOWN, DATE, URL = Text(), MarkdownText(), Date(), Url()
PERIOD_DATE = Date(unknown=True)
INTEGER, VALUE, FLAG, SLUG_KIND = Integer(), Value(), Flag(), Slug()
TEXT_MAP, LIST, RECORD, LANGUAGES = TextMap(), ListOf(), Record(), LanguageMap()

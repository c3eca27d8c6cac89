"""Stage 1: read `entities/<type>/<id>.yaml` into YAML node trees that keep their positions.

Files are composed, never constructed: no tag can build an object, dates stay the text
the contributor wrote, and every node keeps the line and column it came from. Anything
that is not a plain tree of mappings, lists and scalars is refused here with a message.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from .diagnostics import Diagnostic
from .schema import TYPES_BY_NAME

try:
    LOADER = yaml.CSafeLoader
except AttributeError:  # PyYAML built without libyaml: correct, only slower
    LOADER = yaml.SafeLoader

MAX_BYTES = 1_000_000
MAX_DEPTH = 32
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# Names Windows cannot create, whatever the extension.
WINDOWS_RESERVED = {"con", "prn", "aux", "nul"} | {f"{p}{n}" for p in ("com", "lpt") for n in range(1, 10)}
PLAIN_TAGS = {
    "tag:yaml.org,2002:" + name
    for name in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq")
}
YAML_HINTS = {
    "found a tab character that violates indentation": "a tab is used for indentation; "
    "indent with spaces",
    "found character that cannot start any token": "this character cannot start a value here "
    "(a tab used for indentation? indent with spaces)",
    "mapping values are not allowed in this context": "a colon followed by a space cannot "
    "appear in an unquoted value; put the value in quotes",
    "did not find expected key": "this line does not line up with the fields above it; check "
    "its indentation",
    "found unexpected end of stream": "the file ends inside a quoted value or a list; close "
    "the quote or bracket",
}


@dataclass(frozen=True)
class Document:
    """One entity file, composed: its id, type and the root mapping node."""

    path: str  # relative to the project root, forward slashes
    type: str
    id: str
    root: yaml.MappingNode
    lines: tuple[str, ...]  # the text, to place positions inside block scalars


def load_documents(root: Path, entities_dir: str = "entities") -> tuple[list[Document], list[Diagnostic]]:
    """Read every entity file under `root/entities_dir`, in a stable order."""
    documents: list[Document] = []
    problems: list[Diagnostic] = []
    base = root / entities_dir
    if not base.is_dir():
        return [], [Diagnostic(entities_dir, 1, 1, "the entities folder does not exist")]
    for path in sorted(base.rglob("*"), key=lambda p: p.relative_to(base).as_posix()):
        rel = path.relative_to(root).as_posix()
        inner = path.relative_to(base).parts
        if path.is_dir() and not path.is_symlink():
            if len(inner) == 1 and inner[0] not in TYPES_BY_NAME and not inner[0].startswith("."):
                problems.append(Diagnostic(rel, 1, 1, unknown_folder(inner[0])))
            continue
        if any(part.startswith(".") for part in inner):
            continue
        if path.suffix == ".yml":
            problems.append(Diagnostic(rel, 1, 1, "entity files end in .yaml; rename it to "
                                       f"{path.stem}.yaml"))
            continue
        if path.suffix != ".yaml":
            continue
        if len(inner) != 2 or inner[0] not in TYPES_BY_NAME:
            problems.append(Diagnostic(rel, 1, 1, "entity files go in entities/<type>/<id>.yaml; "
                                       + unknown_folder(inner[0] if len(inner) > 1 else "")))
            continue
        document, found = load_document(path, rel, inner[0], base)
        problems.extend(found)
        if document is not None:
            documents.append(document)
    return documents, problems


def unknown_folder(name: str) -> str:
    known = ", ".join(TYPES_BY_NAME)
    label = f"'{name}' is not an entity type" if name else "no type folder"
    return f"{label}; the folders are: {known}"


def load_document(path: Path, rel: str, type_name: str, base: Path) -> tuple[Document | None, list[Diagnostic]]:
    entity_id = path.stem
    problems = [Diagnostic(rel, 1, 1, m) for m in id_problems(entity_id)]

    def fail(message: str, line: int = 1, column: int = 1) -> tuple[None, list[Diagnostic]]:
        return None, [*problems, Diagnostic(rel, line, column, message)]

    if path.is_symlink() and not path.resolve().is_relative_to(base.resolve()):
        return fail("this file is a symbolic link to a place outside entities/; "
                    "entity files must be real files in the repository")
    if path.stat().st_size > MAX_BYTES:
        return fail(f"the file is larger than the {MAX_BYTES // 1_000_000} MB limit for an entity; "
                    "split it or shorten its description")
    data = path.read_bytes()
    if not data.strip():
        return fail("the file is empty; an entity needs at least a `name`")
    if data.startswith(b"\xef\xbb\xbf"):
        return fail("the file starts with a byte-order mark; save it as UTF-8 without BOM")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line, column = position_of(data, error.start)
        return fail("the file is not valid UTF-8 (byte "
                    f"0x{data[error.start]:02x}); save it as UTF-8", line, column)
    if "\x00" in text:
        line, column = position_of(data, data.index(b"\x00"))
        return fail("the file contains a NUL character; it must be plain text", line, column)
    depth_problem = nesting_problem(text)
    if depth_problem:
        return fail(*depth_problem)
    try:
        root = yaml.compose(text, Loader=LOADER)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        problem = (error.problem or "").strip()
        message = YAML_HINTS.get(problem, f"this is not valid YAML: {problem}")
        return fail(message, mark.line + 1, mark.column + 1) if mark else fail(message)
    except yaml.YAMLError as error:
        return fail(f"this is not valid YAML: {error}")
    if root is None:
        return fail("the file has no content; an entity needs at least a `name`")
    if not isinstance(root, yaml.MappingNode):
        line, column = root.start_mark.line + 1, root.start_mark.column + 1
        return fail("the file must be a mapping of fields (`name: …`) at the top level, "
                    f"not a {node_kind(root)}", line, column)
    found = structure_problems(root, rel)
    problems.extend(found)
    if any(d.message.startswith("anchors and aliases") for d in found):
        return None, problems  # shared nodes could expand without bound further on
    return Document(rel, type_name, entity_id, root, tuple(text.split("\n"))), problems


def id_problems(entity_id: str) -> list[str]:
    if not SLUG.match(entity_id):
        suggestion = slugify(entity_id)
        hint = f"; rename the file to {suggestion}.yaml" if suggestion else ""
        return [f"'{entity_id}' is not a valid id: use lower-case letters a-z, digits and "
                f"single hyphens{hint}"]
    if entity_id in WINDOWS_RESERVED:
        return [f"'{entity_id}' is a reserved file name on Windows; choose another id"]
    return []


def slugify(text: str) -> str:
    return "-".join(re.findall(r"[a-z0-9]+", text.lower()))


def position_of(data: bytes, offset: int) -> tuple[int, int]:
    """Line and column (from 1) of a byte offset; the column counts characters."""
    line_start = data.rfind(b"\n", 0, offset) + 1
    column = len(data[line_start:offset].decode("utf-8", errors="replace")) + 1
    return data.count(b"\n", 0, offset) + 1, column


def nesting_problem(text: str) -> tuple[str, int, int] | None:
    """Refuse absurdly deep nesting before the C composer recurses into it.

    The depth of a YAML document is at most its number of lines plus its bracket and
    indicator characters, so most files need no further look.
    """
    bound = text.count("\n") + sum(text.count(c) for c in "[{-?")
    if bound <= 200:
        return None
    depth = 0
    try:
        for event in yaml.parse(text, Loader=LOADER):
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    mark = event.start_mark
                    return (f"values are nested more than {MAX_DEPTH} levels deep; an entity "
                            "needs only a few", mark.line + 1, mark.column + 1)
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
    except yaml.YAMLError:
        return None  # compose reports the syntax error with its position
    return None


def structure_problems(root: yaml.Node, rel: str) -> list[Diagnostic]:
    """Tags, anchors and duplicate keys: the YAML features an entity file must not use."""
    problems: list[Diagnostic] = []
    seen: set[int] = set()
    stack: list[yaml.Node] = [root]
    while stack:
        node = stack.pop()
        mark = node.start_mark
        if id(node) in seen:
            problems.append(Diagnostic(rel, mark.line + 1, mark.column + 1,
                            "anchors and aliases (&name, *name) are not allowed; "
                            "write the value out"))
            continue
        seen.add(id(node))
        if node.tag not in PLAIN_TAGS:
            problems.append(Diagnostic(rel, mark.line + 1, mark.column + 1,
                            f"the tag '{node.tag}' is not allowed; write a plain value"))
            continue
        if isinstance(node, yaml.MappingNode):
            keys: dict[str, yaml.Node] = {}
            for key, value in node.value:
                if isinstance(key, yaml.ScalarNode) and key.value in keys:
                    first = keys[key.value].start_mark.line + 1
                    problems.append(Diagnostic(
                        rel, key.start_mark.line + 1, key.start_mark.column + 1,
                        f"the field '{key.value}' appears twice (first on line {first}); "
                        "YAML would silently keep only this one — merge them"))
                elif isinstance(key, yaml.ScalarNode):
                    keys[key.value] = key
                stack.extend((key, value))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
    return problems


def node_kind(node: yaml.Node) -> str:
    if isinstance(node, yaml.MappingNode):
        return "mapping"
    if isinstance(node, yaml.SequenceNode):
        return "list"
    return "single value"

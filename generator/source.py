"""Stage 1: read `entities/<type>/<id>.yaml` into YAML node trees that keep their positions.

Files are composed, never constructed: no tag can build an object, dates stay the text
the contributor wrote, and every node keeps the line and column it came from. Anything
that is not a plain tree of mappings, lists and scalars is refused here with a message.
"""

from __future__ import annotations

import difflib
import hashlib
import os
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import yaml

from .diagnostics import Diagnostic, shown

try:
    LOADER = yaml.CSafeLoader
except AttributeError:  # PyYAML built without libyaml: correct, only slower
    LOADER = yaml.SafeLoader

MAX_BYTES = 1_000_000
MAX_DEPTH = 32
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# Names Windows cannot create, whatever the extension.
WINDOWS_RESERVED = {"con", "prn", "aux", "nul"} | {
    f"{p}{n}" for p in ("com", "lpt") for n in range(1, 10)
}
YAML_TAG = "tag:yaml.org,2002:"
PLAIN_TAGS = {
    YAML_TAG + name
    for name in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq")
}


@dataclass(frozen=True)
class Document:
    """One entity file, composed: its id, type and the root mapping node.

    `root` is None when the file could not be read (its problems are reported here): the
    id still counts as taken, so references to it are not reported as missing too.
    """

    path: str  # relative to the project root, forward slashes
    type: str
    id: str
    root: yaml.MappingNode | None
    lines: tuple[str, ...] = ()  # the text, to place positions inside block scalars


# What `load_documents` may reuse: path -> (the file's stat key, its document, problems).
Reuse = dict[str, tuple[tuple, Document, list[Diagnostic]]]


def load_documents(
    root: Path, entities_dir: str = "entities", reuse: Reuse | None = None,
    share: tuple[int, int] = (0, 1),
) -> tuple[list[Document], list[Diagnostic]]:
    """Read every entity file under `root/entities_dir`, in a stable order.

    With `reuse` (kept between calls by `wiki serve`), a file whose size, inode and
    modification time are unchanged is not read again; `reuse` is brought up to date.
    With `share=(i, n)`, only every n-th entity file from the i-th is read, and only the
    first share reports files out of place: n processes read a share each.
    """
    number, shares = share
    counted = -1
    documents: list[Document] = []
    problems: list[Diagnostic] = []
    base = root / entities_dir
    if not base.is_dir():
        return [], [Diagnostic(entities_dir, 1, 1, f"there is no {entities_dir}/ folder here; run "
                               "the command in the wiki's folder, or give that folder with --root")]
    prefix = base.relative_to(root).as_posix() if base.is_relative_to(root) else entities_dir
    listed = sorted(walk(base))
    taken = {stem: f"{prefix}/{inner}" for inner, _, is_folder in listed
             if not is_folder and inner.endswith(".yaml")
             and SLUG.match(stem := inner.rsplit("/", 1)[-1][:-5])}
    seen: Reuse = {}
    for inner_text, path, is_folder in listed:
        rel = f"{prefix}/{inner_text}"
        inner = tuple(inner_text.split("/"))
        if any(part.startswith(".") for part in inner):
            continue
        an_entity_file = (len(inner) == 2 and inner[0] in type_names() and not is_folder
                          and inner[1].endswith(".yaml"))
        problem = "" if an_entity_file else placement_problem(Path(path), inner)
        if problem:
            if number == 0:
                problems.append(Diagnostic(rel, 1, 1, problem))
        elif an_entity_file:
            counted += 1
            if counted % shares != number:
                continue
            key = stat_key(path)
            cached = reuse.get(rel) if reuse is not None else None
            if cached is not None and key is not None and cached[0] == key \
                    and SLUG.match(inner[1][:-5]):  # an invalid id's message depends on others
                document, found = cached[1], cached[2]
            else:
                document, found = load_document(Path(path), rel, inner[0], base, taken)
            if reuse is not None and key is not None:
                seen[rel] = (key, document, found)
            problems.extend(found)
            documents.append(document)
    if reuse is not None:
        reuse.clear()
        reuse.update(seen)
    return documents, problems


def type_names() -> dict:
    """The declared types by folder name. (`schema` is imported when asked: its field
    kinds use this module's id pattern.)"""
    from .schema import MODEL

    return MODEL.by_name


def walk(base: Path):
    """(path inside `base` with forward slashes, full path, is a folder) for everything
    below `base`; symbolic links to folders are listed as folders, not followed. Paths are
    strings: making a Path for each of 10,000 files costs more than reading the folder."""
    for folder, folders, files in os.walk(base):
        inside = os.path.relpath(folder, base).replace(os.sep, "/")
        for names, is_folder in ((folders, True), (files, False)):
            for name in names:
                yield ((name if inside == "." else f"{inside}/{name}"),
                       os.path.join(folder, name), is_folder)


def fingerprint(root: Path, entities_dir: str = "entities") -> str:
    """A digest of everything under `root/entities_dir`: each name, and each file's bytes.
    Equal digests mean the generator would read the same input."""
    digest = hashlib.sha256()
    base = root / entities_dir
    for inner, path, is_folder in sorted(walk(base)) if base.is_dir() else ():
        digest.update(inner.encode("utf-8", "surrogateescape") + b"\0%d\0" % is_folder)
        if not is_folder:
            try:
                with open(path, "rb") as file:
                    digest.update(hashlib.sha256(file.read()).digest())
            except OSError as error:  # unreadable now: what load_documents will say differs
                digest.update(str(error.errno).encode())
    return digest.hexdigest()


def stat_key(path: str) -> tuple | None:
    try:
        status = os.stat(path)
    except OSError:
        return None
    return (status.st_mtime_ns, status.st_size, status.st_ino, status.st_ctime_ns)


def placement_problem(path: Path, inner: tuple[str, ...]) -> str:
    """Why a file or folder under entities/ is in the wrong place, or "" when it is not.

    A folder that is not a type is reported once, not once for each file in it.
    """
    looks_like_entity = path.suffix.lower() in (".yaml", ".yml") and not path.is_dir()
    if inner[0] not in type_names():
        if len(inner) > 1:
            return ""
        if path.is_dir():
            return f"{shown(inner[0])} is not an entity type, so nothing in it is read; " + \
                type_hint(inner[0])
        if looks_like_entity:
            return (f"this file is not in a type folder; move it to entities/<type>/{path.name}, "
                    f"where <type> is one of: {', '.join(type_names())}")
        return ""
    if len(inner) == 1 and path.is_symlink():
        return ("this folder is a symbolic link; type folders must be real folders in the "
                "repository")
    if len(inner) > 2 and looks_like_entity:
        return (f"this file is in a subfolder, where it is not read; move it to "
                f"entities/{inner[0]}/{path.name}")
    if len(inner) == 2 and looks_like_entity and path.suffix != ".yaml":
        return f"entity files end in .yaml, or they are not read; rename it to {path.stem}.yaml"
    return ""


def type_hint(name: str) -> str:
    close = difflib.get_close_matches(name.lower(), list(type_names()), n=1, cutoff=0.6)
    if close:
        return f"did you mean {close[0]}/?"
    return f"the type folders are: {', '.join(type_names())}"


def load_document(path: Path, rel: str, type_name: str, base: Path,
                  taken: dict[str, str]) -> tuple[Document, list[Diagnostic]]:
    entity_id = path.stem
    problems = [Diagnostic(rel, 1, 1, m) for m in id_problems(entity_id, taken)]

    def fail(message: str, line: int = 1, column: int = 1) -> tuple[Document, list[Diagnostic]]:
        return Document(rel, type_name, entity_id, None), [*problems,
                                                           Diagnostic(rel, line, column, message)]

    text, problem = read_text(path, base)
    if problem:
        return fail(*problem)
    if not text.strip():
        return fail("the file is empty; an entity needs at least a `name`")
    root, problem = compose(text)
    if problem:
        return fail(*problem)
    if root is None:
        return fail("the file has no content, only comments; an entity needs at least a `name`")
    if not isinstance(root, yaml.MappingNode):
        line, column = root.start_mark.line + 1, root.start_mark.column + 1
        fix = ("remove the `- ` in front of the fields" if isinstance(root, yaml.SequenceNode)
               else "start with a line such as `name: …`")
        return fail("the file must be a mapping of fields (`name: …` lines) at the top level, "
                    f"not a {node_kind(root)}; {fix}", line, column)
    found = structure_problems(root, rel)
    problems.extend(found)
    if any(d.message.startswith("anchors and aliases") for d in found):
        root = None  # shared nodes could expand without bound further on
    return Document(rel, type_name, entity_id, root, tuple(text.split("\n"))), problems


def read_text(path: Path, base: Path) -> tuple[str, tuple | None]:
    """The file's text, or why it cannot be read: (message, line, column)."""
    try:
        if path.is_symlink():
            try:
                target = path.resolve(strict=True)
            except (OSError, RuntimeError):  # missing target, or a loop
                return "", ("this symbolic link points to no file; replace it with the real "
                            "file", 1, 1)
            if not target.is_relative_to(base.resolve()):
                return "", ("this file is a symbolic link to a place outside entities/; entity "
                            "files must be real files in the repository", 1, 1)
        if not path.is_file():
            return "", ("this is not a regular file; an entity must be a plain text file", 1, 1)
        with path.open("rb") as stream:
            data = stream.read(MAX_BYTES + 1)
    except OSError as error:
        return "", (f"the file cannot be read ({error.strerror or error}); check its "
                    "permissions", 1, 1)
    if len(data) > MAX_BYTES:
        return "", (f"the file is larger than the {MAX_BYTES // 1_000_000} MB an entity may "
                    "have; shorten its description or split it into several entities", 1, 1)
    if data.startswith(b"\xef\xbb\xbf"):
        return "", ("the file starts with a byte-order mark (BOM); save it as UTF-8 without "
                    "BOM", 1, 1)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line, column = position_of(data, error.start)
        return "", (f"the file is not valid UTF-8 (byte 0x{data[error.start]:02x} here); save "
                    "it with the UTF-8 encoding", line, column)
    if "\x00" in text:
        line, column = position_of(data, data.index(b"\x00"))
        return "", ("the file contains a NUL character here; an entity must be plain text", line,
                    column)
    return text, None


def id_problems(entity_id: str, taken: dict[str, str] | None = None) -> list[str]:
    if not SLUG.match(entity_id):
        rule = (f"{shown(entity_id)} is not a valid id: use lower-case letters a-z, digits and "
                "single hyphens")
        rule += "".join(f"; {note}" for note in lookalike_notes(entity_id))
        suggestion = slugify(entity_id)
        if suggestion in (taken or {}):
            return [f"{rule}; the id '{suggestion}' is already used by {taken[suggestion]}, so "
                    "merge the two files or choose another id"]
        if suggestion:
            return [f"{rule}; rename the file to {suggestion}.yaml"]
        return [f"{rule}; write the name in Latin letters"]
    if entity_id == "index":
        return ["'index' is the name of each type's list page (docs/<type>/index.md); "
                "choose another id"]
    if entity_id in WINDOWS_RESERVED:
        return [f"'{entity_id}' is a reserved file name on Windows, where this file cannot be "
                "created; choose another id"]
    return []


# Cyrillic and Greek letters drawn like Latin ones: typed by a keyboard left in another
# layout, they make an id that looks right and matches nothing.
LOOKALIKES = dict(zip(
    "аеіјкорсухѕԁһӏԛԝАВЕІЈКМНОРСТУХЅαικνορυχΑΒΕΖΗΙΚΜΝΟΡΤΥΧ",
    "aeijkopcyxsdhlqwABEIJKMHOPCTYXSaikvopuxABEZHIKMNOPTYX", strict=True))


def latin(text: str) -> str:
    """The text with look-alike letters replaced by the Latin ones meant, when the text
    mixes them with Latin letters and has no other non-ASCII letter: `kаzakhstan` (with a
    Cyrillic а) is `kazakhstan`, but `россия` is Russian, not a slip."""
    if text.isascii() or not any(c.isascii() and c.isalpha() for c in text):
        return text
    if any(not c.isascii() and c not in LOOKALIKES for c in text):
        return text
    return "".join(LOOKALIKES.get(c, c) for c in text)


def lookalike_notes(text: str, limit: int = 3) -> list[str]:
    """Each look-alike letter named by its code point, with the Latin letter meant."""
    if latin(text) == text:
        return []
    found = list(dict.fromkeys(c for c in text if c in LOOKALIKES))
    notes = [f"'{c}' is U+{ord(c):04X} {unicodedata.name(c, '?')}, not the Latin "
             f"'{LOOKALIKES[c]}'" for c in found[:limit]]
    return notes + ([f"and {len(found) - limit} more look-alike letters"]
                    if len(found) > limit else [])


def slugify(text: str) -> str:
    return "-".join(re.findall(r"[a-z0-9]+", latin(text).lower()))


def position_of(data: bytes, offset: int) -> tuple[int, int]:
    """Line and column (from 1) of a byte offset; the column counts characters."""
    line_start = data.rfind(b"\n", 0, offset) + 1
    column = len(data[line_start:offset].decode("utf-8", errors="replace")) + 1
    return data.count(b"\n", 0, offset) + 1, column


def compose(text: str) -> tuple[yaml.Node | None, tuple | None]:
    """The node tree of the text, or the problem that stops it: (message, line, column)."""
    depth_problem = nesting_problem(text)
    if depth_problem:
        return None, depth_problem
    try:
        return yaml.compose(text, Loader=LOADER), None
    except yaml.MarkedYAMLError as error:
        return None, syntax_problem(error, text.split("\n"))
    except yaml.reader.ReaderError as error:
        index = text.find(chr(error.character))
        line = text.count("\n", 0, index) + 1
        column = index - text.rfind("\n", 0, index)
        return None, (f"the file contains the invisible control character "
                      f"U+{error.character:04X} here, which YAML does not allow; delete it",
                      line, column)
    except yaml.YAMLError as error:
        return None, (f"this is not valid YAML: {' '.join(str(error).split())}", 1, 1)


def syntax_problem(error: yaml.MarkedYAMLError, lines: list[str]) -> tuple[str, int, int]:
    """A YAML syntax error in plain words, placed where the fix goes.

    Both of PyYAML's parsers are covered (libyaml's and the pure-Python one): they
    word their errors differently.
    """
    problem, context = error.problem or "", error.context or ""
    mark = error.problem_mark or error.context_mark
    line, column = (mark.line, mark.column) if mark else (0, 0)
    text = lines[line] if line < len(lines) else ""
    char = text[column] if column < len(text) else ""
    at = (line + 1, column + 1)
    start = error.context_mark
    opening = (start.line + 1, start.column + 1) if start else at
    if "tab" in problem or char == "\t":
        return ("a tab is used for indentation here; indent with spaces", *at)
    if "cannot start any token" in problem or re.search(r"(keys|entries) are not allowed",
                                                          problem):
        return (f"an unquoted value cannot start with {shown(char)}; put the value in quotes",
                *at)
    if "mapping values are not allowed" in problem:
        key = text[:column]
        if key.startswith(" ") and re.fullmatch(r" +[\w-]+", key):
            return ("this line is indented more than the field above it; line the fields up",
                    line + 1, len(key) - len(key.lstrip()) + 1)
        return ("a colon followed by a space cannot appear in an unquoted value; put the "
                "value in quotes", *at)
    if "quoted scalar" in context and "end of stream" in problem:
        return ("this quoted value is never closed; add the closing quote", *opening)
    if "escape" in problem or "hexdecimal" in problem:
        return ("a backslash in double quotes starts an escape such as \\n; write \\\\ for "
                "a backslash, or use single quotes", *at)
    for kind, opener, closer in (("sequence", "[", "]"), ("mapping", "{", "}")):
        if f"flow {kind}" in context:
            return (f"the `{opener}` here is not closed: add `{closer}` after the last item, "
                    "and a comma between items", *opening)
    if "could not find expected ':'" in problem:
        return ("this line is not a field: write it as `field: value`, or indent it under the "
                "field whose value it continues", *opening)
    if "another document" in problem:
        return ("a file holds one entity; remove this `---` and what follows it, or move that "
                "to a file of its own", *at)
    if "undefined alias" in problem:
        return ("anchors and aliases (&name, *name) are not allowed; write the value out", *at)
    if "block" in context and not text[:column].strip():
        return ("this line does not line up with the lines above it; check its indentation",
                *at)
    if "block" in context:
        return ("unexpected text after a value; if it belongs to the value, put the whole "
                "value in quotes", *at)
    return (f"this is not valid YAML: {' '.join(problem.split())}", *at)


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
                    return (f"values are nested more than {MAX_DEPTH} levels deep, far more "
                            "than an entity needs; check the brackets and indentation here",
                            mark.line + 1, mark.column + 1)
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
    except yaml.YAMLError as error:
        # libyaml 0.2.6 stops at its own depth limit while scanning ahead, before the
        # parser has passed our limit: find the place in the brackets ourselves.
        if "maximum nesting depth" in str(error):
            line, column = deep_bracket(text) or (error.problem_mark.line + 1,
                                                  error.problem_mark.column + 1)
            return (f"values are nested more than {MAX_DEPTH} levels deep, far more than an "
                    "entity needs; check the brackets and indentation here", line, column)
        return None  # compose reports the syntax error with its position
    return None


def deep_bracket(text: str) -> tuple[int, int] | None:
    """Line and column of the first `[` or `{` nested deeper than MAX_DEPTH, outside
    quotes and comments. The top-level mapping counts as the first level."""
    depth, line, column, quote = 1, 1, 0, ""
    for index, char in enumerate(text):
        column += 1
        if char == "\n":
            line, column = line + 1, 0
            if quote == "#":
                quote = ""
        elif quote:
            if char == quote or (quote == "#" and char == "\n"):
                quote = ""
        elif char in "'\"" or (char == "#" and (index == 0 or text[index - 1] in " \t")):
            quote = char
        elif char in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                return line, column
        elif char in "]}":
            depth -= 1
    return None


def structure_problems(root: yaml.Node, rel: str) -> list[Diagnostic]:
    """Tags, anchors and duplicate keys: the YAML features an entity file must not use."""
    problems: list[Diagnostic] = []
    seen: set[int] = set()
    shared: set[int] = set()
    stack: list[yaml.Node] = [root]

    def report(node: yaml.Node, message: str) -> None:
        mark = node.start_mark
        problems.append(Diagnostic(rel, mark.line + 1, mark.column + 1, message))

    while stack:
        node = stack.pop()
        if id(node) in seen:  # an alias: reported once, at its anchor
            if id(node) not in shared:
                shared.add(id(node))
                report(node, "anchors and aliases (&name, *name) are not allowed; write the "
                       "value out each time")
            continue
        seen.add(id(node))
        if node.tag not in PLAIN_TAGS:
            report(node, f"the tag {shown(written_tag(node.tag))} is not allowed; remove it "
                   "and write a plain value")
            continue
        if isinstance(node, yaml.MappingNode):
            keys: dict[str, yaml.Node] = {}
            for key, value in node.value:
                if isinstance(key, yaml.ScalarNode) and key.value in keys:
                    first = keys[key.value].start_mark.line + 1
                    report(key, f"the field {shown(key.value)} is given twice (first on line "
                           f"{first}); only one would count: keep one, or merge the two")
                elif isinstance(key, yaml.ScalarNode):
                    keys[key.value] = key
                stack.extend((key, value))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
    return problems


def written_tag(tag: str) -> str:
    """A tag as the contributor wrote it: `!!python/object`, not its expanded form."""
    return "!!" + tag.removeprefix(YAML_TAG) if tag.startswith(YAML_TAG) else tag


def node_kind(node: yaml.Node) -> str:
    if isinstance(node, yaml.MappingNode):
        return "mapping"
    if isinstance(node, yaml.SequenceNode):
        return "list"
    return "single value"

"""Which engine builds the site: MkDocs, or ProperDocs, its maintained fork.

MkDocs 1.6 is the last of MkDocs 1.x; ProperDocs continues it, reads mkdocs.yml and runs
MkDocs' plugins and Material unchanged. Once `properdocs.replacement` is imported, every
`mkdocs.*` import gets ProperDocs' module instead, so the choice is made here, when the
`generator` package is first imported, before any of its modules imports `mkdocs`.

- `WIKI_ENGINE=properdocs` asks for ProperDocs, `WIKI_ENGINE=mkdocs` for MkDocs;
- without it, MkDocs, or ProperDocs when MkDocs is not installed;
- run as a plugin by `mkdocs build` or `properdocs build`, the engine already running.

ProperDocs logs under `properdocs.*`, plugins (Material's, the wiki's) under `mkdocs.*`.
As ProperDocs' own command does, the `mkdocs` logger is then made a child of the
`properdocs` one, so that `logger()`, the engine's top logger, sees every message of the
build, whatever its logger's name: that is where warnings are shown and counted.
"""

from __future__ import annotations

import importlib
import importlib.util
import logging
import os
import sys

ENGINES = {"mkdocs": "MkDocs", "properdocs": "ProperDocs"}  # module: name shown
VARIABLE = "WIKI_ENGINE"


class EngineError(Exception):
    """The engine asked for cannot be used; the message says why."""


def installed(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is not None
    except ValueError:  # in sys.modules without a spec
        return module in sys.modules


def running() -> str | None:
    """The engine whose `mkdocs` module is imported already, if any."""
    mkdocs = sys.modules.get("mkdocs")
    if mkdocs is None:
        return None
    return "properdocs" if mkdocs is sys.modules.get("properdocs") else "mkdocs"


def choose(asked: str | None) -> str:
    """The engine's module name, for the value of WIKI_ENGINE (None or empty: unset)."""
    current = running()
    asked = (asked or "").strip().lower()
    if asked and asked not in ENGINES:
        raise EngineError(f"{VARIABLE} must be {' or '.join(map(repr, ENGINES))}, not {asked!r}")
    if current is not None:
        if asked and asked != current:
            raise EngineError(f"{VARIABLE} asks for {ENGINES[asked]}, but {ENGINES[current]} "
                              "is running this build")
        return current
    if asked:
        if not installed(asked):
            raise EngineError(f"{VARIABLE} asks for {ENGINES[asked]}, which is not installed: "
                              f"pip install {asked}")
        return asked
    if installed("mkdocs") or not installed("properdocs"):
        return "mkdocs"
    return "properdocs"


def _use(module: str) -> None:
    if module == "properdocs" and running() is None:
        importlib.import_module("properdocs.replacement")
    if module == "properdocs":
        legacy = logging.getLogger("mkdocs")
        legacy.parent, legacy.propagate = logging.getLogger("properdocs"), True
        legacy.setLevel(logging.NOTSET)


def logger() -> logging.Logger:
    """The engine's top logger: every message of a build reaches it."""
    return logging.getLogger(NAME)


def label() -> str:
    """The engine's name as its users know it."""
    return ENGINES[NAME]


# A wrong WIKI_ENGINE is kept as `PROBLEM` for the command to report (as a usage error)
# rather than raised here, where importing any part of the generator would fail.
try:
    NAME = choose(os.environ.get(VARIABLE))
    PROBLEM: str | None = None
except EngineError as error:
    NAME, PROBLEM = choose(None), str(error)
_use(NAME)

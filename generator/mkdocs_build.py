"""MkDocs' `build`, with the pages outside the navigation built in several processes.

MkDocs reads, converts and writes one page after another; at 10,000 entities that is a
minute and a half on one CPU while the others wait. No page depends on the content of a
page that is not in the navigation (the theme shows only the navigation's titles), so
those pages, the entity pages, are shared out between forked processes, each reading,
converting and writing its share. What the site needs from them afterwards comes back
to this process: each page's search entries, its anchors and links to anchors (checked
across pages at the end, as MkDocs does), and what it logged.

The result is the same site, file for file, as MkDocs' own build (a test compares them),
and it is the same build in every other respect: the same plugin events, in the same
order for every page, warnings counted the same way in strict mode.

A plugin may keep something from each page for later (a tags index, a blog's archive);
in another process that would be lost. So the pages are shared out only when every
plugin is known to keep nothing but search entries: the wiki's own plugins (marked
`parallel_safe`) and the search and offline plugins below. Any other plugin, or a
system other than Linux (see forked), gets MkDocs' own build.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from urllib.parse import urljoin

from mkdocs import utils
from mkdocs.commands.build import (
    _build_extra_template,
    _build_page,
    _build_theme_template,
    _populate_page,
    build,
)
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, BuildError
from mkdocs.structure.files import File, Files, InclusionLevel, get_files, set_exclusions
from mkdocs.structure.nav import get_navigation
from mkdocs.structure.pages import Page

from . import engine, forked

log = logging.getLogger("mkdocs.commands.build")

# Plugins of other packages known to keep nothing from a page but their search entries.
KNOWN_SAFE = {
    "material.plugins.search.plugin.SearchPlugin",
    "material.plugins.offline.plugin.OfflinePlugin",
}


def run(config: MkDocsConfig, *, jobs: int | None = None,
        serve_url: str | None = None) -> None:
    """Build the site as `mkdocs.commands.build.build` does, in up to `jobs` processes
    (default: one for each CPU)."""
    jobs = forked.processes(jobs)
    if jobs == 1 or not plugins_allow_sharing(config):
        build(config, serve_url=serve_url)
        return
    _build(config, jobs, serve_url)


def plugins_allow_sharing(config: MkDocsConfig) -> bool:
    return all(getattr(plugin, "parallel_safe", False)
               or f"{type(plugin).__module__}.{type(plugin).__qualname__}" in KNOWN_SAFE
               for plugin in config.plugins.values())


@dataclass
class PageResult:
    """What the site needs from a page built in another process."""
    src_uri: str
    entries: list = field(default_factory=list)
    anchors: set[str] | None = None
    links_to_anchors: dict[str, dict[str, str]] | None = None
    records: list[logging.LogRecord] = field(default_factory=list)


@dataclass
class ShareResult:
    pages: list[PageResult]
    error: str | None = None  # what stopped the share: "Type: message", a BuildError's message
    build_error: bool = False


class PageBuildError(Exception):
    """A page failed in another process; the message names the original exception."""


def _build(config: MkDocsConfig, jobs: int, serve_url: str | None) -> None:
    """`mkdocs.commands.build.build`, step for step, but for the shared pages."""
    logger = engine.logger()  # the engine's warnings and the plugins', whatever their logger
    warning_counter = utils.CountHandler()
    warning_counter.setLevel(logging.WARNING)
    if config.strict:
        logger.addHandler(warning_counter)
    inclusion = InclusionLevel.is_in_serve if serve_url else InclusionLevel.is_included
    try:
        start = time.monotonic()
        config = config.plugins.on_config(config)
        config.plugins.on_pre_build(config=config)
        log.info("Cleaning site directory")
        utils.clean_directory(config.site_dir)
        if not serve_url:
            log.info(f"Building documentation to directory: {config.site_dir}")

        files = get_files(config)
        env = config.theme.get_env()
        files.add_files_from_theme(env, config)
        files = config.plugins.on_files(files, config=config)
        set_exclusions(files, config)
        nav = get_navigation(files, config)
        nav = config.plugins.on_nav(nav, config=config, files=files)

        log.debug("Reading markdown pages.")
        in_nav = {page.file.src_uri for page in nav.pages}
        excluded, own, shared = [], [], []
        for file in files.documentation_pages(inclusion=inclusion):
            if file.page is None and file.inclusion.is_not_in_nav():
                if serve_url and file.inclusion.is_excluded():
                    excluded.append(urljoin(serve_url, file.url))
                Page(None, file, config)
            assert file.page is not None
            (own if file.src_uri in in_nav else shared).append(file)
        for file in own:  # the navigation's titles, which every page shows
            _populate_page(file.page, config, files)
        if excluded:
            log.info("The following pages are being built only for the preview but will be "
                     "excluded from `mkdocs build` per `draft_docs` config:\n  - "
                     + "\n  - ".join(excluded))

        env = config.plugins.on_env(env, config=config, files=files)
        log.debug("Copying static assets.")
        files.copy_static_files(inclusion=inclusion)
        for template in config.theme.static_templates:
            _build_theme_template(template, env, files, config, nav)
        for template in config.extra_templates:
            _build_extra_template(template, files, config, nav)

        log.debug("Building markdown pages.")
        doc_files = files.documentation_pages(inclusion=inclusion)
        builder = _Builder(config, files, doc_files, nav, env)
        shares = share_out(shared, jobs, builder.build_share, first=own)
        builder.gather(shares, {file.src_uri for file in shared})

        log_level = config.validation.links.anchors
        for file in doc_files:
            file.page.validate_anchor_links(files=files, log_level=log_level)
        config.plugins.on_post_build(config=config)
        if counts := warning_counter.get_counts():
            msg = ", ".join(f"{v} {k.lower()}s" for k, v in counts)
            raise Abort(f"Aborted with {msg} in strict mode!")
        log.info(f"Documentation built in {time.monotonic() - start:.2f} seconds")
    except Exception as e:
        config.plugins.on_build_error(error=e)
        if isinstance(e, BuildError):
            log.error(str(e))
            raise Abort("Aborted with a BuildError!") from None
        raise
    finally:
        logger.removeHandler(warning_counter)


class _Builder:
    """Builds pages, keeping for each what the site needs of it; gathers the results."""

    def __init__(self, config: MkDocsConfig, files: Files, doc_files: Sequence[File],
                 nav, env) -> None:
        self.config, self.files, self.doc_files, self.nav, self.env = (
            config, files, doc_files, nav, env)
        self.search = search_indexes(config)

    def build_share(self, share: Sequence[File], populated: Sequence[File] = ()) -> ShareResult:
        """Build the `populated` pages (already read), then read and build `share`,
        until one fails."""
        pages: list[PageResult] = []
        for file, populate in [*((f, False) for f in populated), *((f, True) for f in share)]:
            result = PageResult(file.src_uri)
            pages.append(result)
            before = [len(index.entries) for index in self.search]
            try:
                with captured(result.records):
                    if populate:
                        _populate_page(file.page, self.config, self.files)
                    _build_page(file.page, self.config, self.doc_files, self.nav, self.env,
                                excluded=file.inclusion.is_excluded())
            except Exception as error:  # reported once every share is back, as MkDocs would
                if isinstance(error, BuildError):  # MkDocs reports those by their message
                    return ShareResult(pages, str(error), build_error=True)
                return ShareResult(pages, f"{type(error).__name__}: {error}")
            finally:
                for index, n in zip(self.search, before, strict=True):
                    result.entries.append(index.entries[n:])
                    del index.entries[n:]
                page = file.page
                result.anchors = page.present_anchor_ids
                if page.links_to_anchors is not None:
                    result.links_to_anchors = {to.src_uri: links for to, links
                                               in page.links_to_anchors.items()}
        return ShareResult(pages)

    def gather(self, shares: list[ShareResult], shared: set[str]) -> None:
        """Every page's log records and search entries, in MkDocs' order of the pages;
        the anchors of pages built elsewhere; then the first failure, if any."""
        results = {result.src_uri: result for share in shares for result in share.pages}
        for file in self.doc_files:
            result = results.get(file.src_uri)
            if result is None:
                continue
            for record in result.records:
                logging.getLogger(record.name).handle(record)
            for index, entries in zip(self.search, result.entries, strict=True):
                index.entries.extend(entries)
            if file.src_uri in shared:
                file.page.present_anchor_ids = result.anchors
                file.page.links_to_anchors = None if result.links_to_anchors is None else {
                    self.files.get_file_from_path(uri): links
                    for uri, links in result.links_to_anchors.items()}
        for share in shares:
            if share.error is not None:
                if share.build_error:
                    raise BuildError(share.error)
                raise PageBuildError(share.error)


@contextmanager
def captured(records: list[logging.LogRecord]) -> Iterator[None]:
    """What the engine's loggers log meanwhile goes into `records` instead, to be handled
    later, in the pages' order (and counted then, in strict mode)."""
    logger = engine.logger()
    handlers, propagate = logger.handlers, logger.propagate
    logger.handlers, logger.propagate = [_Capture(records)], False
    try:
        yield
    finally:
        logger.handlers, logger.propagate = handlers, propagate


class _Capture(logging.Handler):
    def __init__(self, records: list[logging.LogRecord]) -> None:
        super().__init__(logging.NOTSET)
        self.records = records

    def emit(self, record: logging.LogRecord) -> None:
        record.msg, record.args = record.getMessage(), None  # ready to be pickled
        if record.exc_info:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
            record.exc_info = None
        self.records.append(record)


def search_indexes(config: MkDocsConfig) -> list:
    """The search indexes of the plugins (Material's and the wiki's), whose `entries`
    list grows as pages are built."""
    indexes = []
    for plugin in config.plugins.values():
        index = getattr(plugin, "search_index", None)
        if index is not None and isinstance(getattr(index, "entries", None), list):
            indexes.append(index)
    return indexes


def share_out(shared: Sequence[File], jobs: int,
              build_share: Callable[..., ShareResult], first: Sequence[File]) -> list[ShareResult]:
    """`build_share` for each of `jobs` shares of `shared`, all but the first in forked
    processes; the first, with the pages `first` (read already), here meanwhile."""
    shares = [list(shared[i::jobs]) for i in range(jobs)]
    calls = [partial(build_share, shares[0], first),
             *(partial(build_share, share) for share in shares[1:] if share)]
    try:
        return forked.run(calls)
    except forked.ForkedError as error:  # not a page: build_share reports those
        return [ShareResult([], str(error))]

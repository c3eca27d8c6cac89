"""`wiki serve`: a preview that shows a saved YAML edit in the browser within a second or two.

`mkdocs serve` rebuilds the whole site after any change (at 10,000 entities, minutes;
even its `--dirty` builds walk every page). Here MkDocs builds the site once and its
state (files, navigation, theme) stays in memory. After an edit the generator, with its
`Cache`, writes only the pages the edit changed, and only those go through MkDocs again:
read, converted, put in the theme, written, and their search entries replaced. A page
added or removed joins or leaves the same state. Only a change to `mkdocs.yml` rebuilds
everything.

The preview watches `entities/`, `mkdocs.yml` and the hand-written parts of `docs/` with
the operating system's file events (MkDocs' own server polls every file twice a second).
"""

from __future__ import annotations

import gc
import logging
import os
import shutil
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

from mkdocs.commands.build import _build_page, _build_theme_template, _populate_page
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.livereload import LiveReloadServer, _serve_url
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel, set_exclusions
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from watchdog.events import (
    FileClosedEvent,
    FileCreatedEvent,
    FileDeletedEvent,
    FileModifiedEvent,
    FileMovedEvent,
    FileSystemEvent,
    FileSystemEventHandler,
)
from watchdog.observers import Observer

from . import finish, mkdocs_build, schema
from .diagnostics import counted
from .incremental import Cache
from .output import read_manifest
from .pipeline import Outcome, generate

log = logging.getLogger("mkdocs.wiki.preview")
SNIPPETS = "_generated/"  # pages included into hand-written ones by pymdownx.snippets


class _Keep(BasePlugin):
    """Keeps what a full build knew once it has gathered it, for the partial builds."""

    parallel_safe = True  # keeps nothing from a page (see mkdocs_build)

    def __init__(self, preview: Preview) -> None:
        self.preview = preview

    def on_env(self, env, *, config: MkDocsConfig, files: Files):
        self.preview.config, self.preview.files, self.preview.env = config, files, env
        return env

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        self.preview.nav = nav
        return nav


class Preview:
    """A site in `site_dir`, kept in step with `root`'s entities and docs."""

    def __init__(self, root: Path, site_dir: Path, dev_addr: str,
                 report: Callable[[Outcome], None]) -> None:
        # Absolute, as the paths the file events name are compared with these.
        self.root, self.site_dir, self.report = root.resolve(), site_dir, report
        self.docs = root / "docs"
        self.config_file = root / "mkdocs.yml"
        self.cache = Cache()
        self.dev_addr = dev_addr
        self.config: MkDocsConfig | None = None
        self.files: Files | None = None
        self.nav: Navigation | None = None
        self.env = None
        self.changed: set[str] = set()  # absolute paths the file events named
        self.lock = threading.Lock()
        self.page_facts: dict[str, finish.PageFacts] | None = None  # see `finish`

    # ---- the full build, at the start and after mkdocs.yml changes ----------------------

    def load_config(self) -> MkDocsConfig:
        config = load_config(config_file=str(self.config_file), site_dir=str(self.site_dir),
                             dev_addr=self.dev_addr)
        host, port = config.dev_addr
        self.mount_path = urlsplit(config.site_url or "/").path
        config.site_url = self.serve_url = _serve_url(host, port, self.mount_path)
        config.plugins["wiki-preview"] = _Keep(self)
        return config

    def start(self) -> Outcome:
        """Generate every page and build the whole site."""
        outcome = generate(self.root, cache=self.cache)
        config = self.load_config()
        config.plugins.on_startup(command="serve", dirty=False)
        self.build_all(config)
        gc.freeze()  # what the cache and MkDocs keep need not be scanned for cycles again
        # Both builds forked processes, which left this one's memory copy-on-write: the
        # first regeneration would take back each page of the cache at a fault (0.7 s at
        # 10,000 entities). A round with nothing changed takes that time now, not after
        # the first save.
        generate(self.root, cache=self.cache)
        return outcome

    def build_all(self, config: MkDocsConfig | None = None) -> None:
        mkdocs_build.run(config or self.load_config(), serve_url=self.serve_url)
        self.finish()

    def finish(self, pages: list[str] | None = None, removed: list[str] = ()) -> None:
        """What `wiki build` adds after the engine (edit buttons, JSON-LD, the ranked
        search index), to the pages built (all of them without `pages`). The entity
        pages' front matter is read once, then again only for the pages rebuilt."""
        types = [t.name for t in schema.entity_types()]
        if pages is None or self.page_facts is None:
            self.page_facts = None
        else:
            finish.refresh(self.page_facts, self.docs, [*pages, *removed])
        self.page_facts = finish.finish_site(self.site_dir, self.docs, types, pages=pages,
                                             facts=self.page_facts)

    # ---- after a change ---------------------------------------------------------------

    def take_changes(self) -> set[str]:
        with self.lock:
            changed, self.changed = self.changed, set()
        return changed

    def update(self) -> None:
        """Bring the site in line with whatever the file events named since last time."""
        changed = self.take_changes()
        if str(self.config_file) in changed:
            log.info("mkdocs.yml changed: building the whole site again")
            self.build_all()
            gc.freeze()
            return
        started = time.perf_counter()
        pages: set[str] = set()
        entities = str(self.root / "entities") + os.sep
        if any(path.startswith(entities) for path in changed):
            outcome = generate(self.root, cache=self.cache)
            gc.freeze()
            if outcome.problems:
                self.report(outcome)
                return
            pages |= set(outcome.written.written) | set(outcome.written.removed)
        pages |= self.hand_written(changed)
        if not pages:
            return
        generated = time.perf_counter()
        self.rebuild(pages)
        log.info(f"Regenerated in {generated - started:.2f} s; rebuilt "
                 f"{counted(len(pages), 'file')} in {time.perf_counter() - generated:.2f} s")

    def hand_written(self, changed: set[str]) -> set[str]:
        """docs/-relative paths of the changed files under docs/: only its hand-written
        parts are watched (the generator's manifest, a hidden file, raises no event)."""
        return {Path(path).relative_to(self.docs).as_posix() for path in changed
                if Path(path).is_relative_to(self.docs)}

    def rebuild(self, paths: set[str]) -> None:
        """Pass these docs/-relative files through MkDocs again: the pages built, the other
        files copied; files new to the site added to it, those gone removed."""
        config, files = self.config, self.files
        assert config is not None and files is not None
        added, removed, pages = [], [], []
        for path in sorted(paths | self.pages_including(paths)):
            file = files.get_file_from_path(path)
            exists = (self.docs / path).is_file()
            if file is None and exists:
                file = File(path, config.docs_dir, config.site_dir, config.use_directory_urls)
                files.append(file)
                added.append(file)
            elif file is not None and not exists:
                files.remove(file)
                removed.append(file)
                continue
            if file is not None:
                pages.append(file)
        if added:
            set_exclusions(added, config)
            config.plugins.on_files(Files(added), config=config)
        for file in removed:
            self.forget_search_entries(file)
            Path(file.abs_dest_path).unlink(missing_ok=True)
        doc_files = files.documentation_pages(inclusion=InclusionLevel.is_in_serve)
        for file in pages:
            if not file.inclusion.is_in_serve():
                continue
            if not file.is_documentation_page():
                file.copy_file()
                continue
            if file.page is None:
                Page(None, file, config)
            self.forget_search_entries(file)
            _populate_page(file.page, config, files)
            _build_page(file.page, config, doc_files, self.nav, self.env)
        if any(file.is_documentation_page() for file in pages + removed):
            self.write_search_index()
            self.finish([file.dest_uri for file in pages if file.is_documentation_page()],
                        [file.dest_uri for file in removed if file.is_documentation_page()])
        if any(file.is_documentation_page() for file in added + removed):
            for template in config.theme.static_templates:  # the sitemap lists every page
                _build_theme_template(template, self.env, files, config, self.nav)

    def pages_including(self, paths: set[str]) -> set[str]:
        """Hand-written pages that include a changed snippet (`--8<-- "overview.md"`)."""
        snippets = {p.removeprefix(SNIPPETS) for p in paths if p.startswith(SNIPPETS)}
        if not snippets:
            return set()
        found = set()
        for file in self.files.documentation_pages():
            if file.src_uri.count("/") == 0 or file.src_uri.startswith(SNIPPETS):
                text = Path(file.abs_src_path).read_text(encoding="utf-8")
                if any(f'--8<-- "{name}"' in text for name in snippets):
                    found.add(file.src_uri)
        return found

    # ---- the search index -------------------------------------------------------------

    def search_plugin(self):
        plugin = self.config.plugins.get("material/search") or self.config.plugins.get("search")
        return plugin if plugin is not None and getattr(plugin, "search_index", None) else None

    def forget_search_entries(self, file: File) -> None:
        """Drop a page's entries: building it again adds them afresh."""
        plugin = self.search_plugin()
        if plugin is None:
            return
        url = file.url
        plugin.search_index.entries = [
            entry for entry in plugin.search_index.entries
            if entry["location"] != url and not entry["location"].startswith(url + "#")]

    def write_search_index(self) -> None:
        plugin = self.search_plugin()
        if plugin is not None:
            plugin.on_post_build(config=self.config)

    # ---- serving ----------------------------------------------------------------------

    def serve(self) -> None:
        host, port = self.config.dev_addr
        server = LiveReloadServer(builder=self.update, host=host, port=port,
                                  root=str(self.site_dir), mount_path=self.mount_path)
        # File events rather than MkDocs' polling, which would stat 10,000 files twice a
        # second; the server still waits for the events to settle, then calls update().
        server.observer = _ChangesOnly()
        server.error_handler = self.error_page
        recorder = _Recorder(self)
        for path, recursive in self.watched():
            server.watch(str(path), recursive=recursive)
            server.observer.schedule(recorder, str(path), recursive=recursive)
        try:
            server.serve()
        except KeyboardInterrupt:
            log.info("Shutting down...")
        finally:
            server.shutdown()
            self.config.plugins.on_shutdown()

    def error_page(self, code: int) -> bytes | None:
        page = self.site_dir / f"{code}.html"
        return page.read_bytes() if code in (404, 500) and page.is_file() else None

    def watched(self) -> list[tuple[Path, bool]]:
        """entities/, mkdocs.yml and the hand-written parts of docs/: its top folder and
        its subfolders the generator does not write into (a recursive watch of all of
        docs/ would need a watch for each of thousands of folders)."""
        generated = {path.split("/")[0] for path in read_manifest(self.docs)}
        folders = [(self.root / "entities", True), (self.config_file, False),
                   (self.docs, False)]
        folders += [(sub, True) for sub in sorted(self.docs.iterdir())
                    if sub.is_dir() and sub.name not in generated
                    and sub.name + "/" != SNIPPETS]
        return folders


class _ChangesOnly(Observer):
    """The operating system's file events, without those of files merely opened or read
    (the generator reads the files it watches) and those of hidden files: the generator's
    manifest in docs/ and its temporary files, and editors' swap files, would each start
    another round and reload the browser a second time."""

    def schedule(self, handler, path, *, recursive=False, event_filter=None, **kwargs):
        return super().schedule(_NotHidden(handler), path, recursive=recursive,
                                event_filter=event_filter or CHANGES, **kwargs)


class _NotHidden(FileSystemEventHandler):
    def __init__(self, handler: FileSystemEventHandler) -> None:
        self.handler = handler

    def dispatch(self, event: FileSystemEvent) -> None:
        paths = [event.src_path] + ([event.dest_path] if event.dest_path else [])
        if not all(os.path.basename(os.fsdecode(p)).startswith(".") for p in paths):
            self.handler.dispatch(event)


CHANGES = [FileCreatedEvent, FileModifiedEvent, FileDeletedEvent, FileMovedEvent,
           FileClosedEvent]


class _Recorder(FileSystemEventHandler):
    def __init__(self, preview: Preview) -> None:
        self.preview = preview

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.is_directory:
            return
        with self.preview.lock:
            self.preview.changed.add(os.fsdecode(event.src_path))
            if event.dest_path:  # moved
                self.preview.changed.add(os.fsdecode(event.dest_path))


def serve(root: Path, dev_addr: str, report: Callable[[Outcome], None]) -> None:
    site_dir = Path(tempfile.mkdtemp(prefix="wiki-preview-"))
    try:
        preview = Preview(root, site_dir, dev_addr, report)
        outcome = preview.start()
        if outcome.problems:
            report(outcome)
        preview.serve()
    finally:
        shutil.rmtree(site_dir, ignore_errors=True)

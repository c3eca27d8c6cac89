"""The MkDocs side of the wiki (`plugins: [wiki]` in mkdocs.yml): a thin adapter.

Entity pages are generated, so their "edit" button must open the entity's YAML file in
the repository rather than the Markdown the generator wrote; and their schema.org data,
which the generator puts in the front matter, belongs in the page's <head>, where
instant navigation leaves it alone.

The search index keeps only the opening of an entity page (the sections after it are
marked `data-search-exclude`), yet Material's search plugin would parse the whole page
to find that out: a fifth of a 10,000-page build. So it is handed the opening alone.

The site is also read from disk (the offline copy is the same site, zipped). There the
browser cannot fetch `search_index.json`: Material loads `search/search_index.js`
instead, which this plugin writes (as Material's `offline` plugin would). That index is
smaller still: each entity page's title, its names in every language and aliases (the
`tags`) and its summary, without the description and infobox. Read from disk, the
browser builds the index on the page's own thread each time search is first opened on
a page, for as long as it takes (2.4 s at 10,000 entities with descriptions).

MkDocs and ProperDocs run this plugin; Zensical runs none (README, "Engines"), so what
it does is lost there. It also anchors the snippets' folder, which mkdocs.yml gives as a
plain path from the wiki's folder, so that the build may run from any folder.
"""

from __future__ import annotations

import os
import posixpath
from types import SimpleNamespace

from material.plugins.search.plugin import SearchIndex, SearchPlugin
from mkdocs import utils
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from . import schema

# Where the part of an entity page that search indexes ends: the first section that the
# template marks `{ data-search-exclude }`; every later one is marked too. For the index
# read from disk, the infobox that follows the summary ends it.
UNSEARCHED = "<h2 data-search-exclude"
UNSEARCHED_OFFLINE = '<div class="wiki-infobox"'


def is_entity_page(file) -> bool:
    folder, name = posixpath.split(file.src_uri)
    return folder in schema.MODEL.by_name and name != "index.md"


def with_type_lists(nav: list) -> list:
    """The navigation with each declared type's list page after the first entry (the
    home page), unless mkdocs.yml places it already: mkdocs.yml lists no types."""
    listed = {value for entry in nav if isinstance(entry, dict) for value in entry.values()
              if isinstance(value, str)}
    lists = [{t.title: f"{t.name}/index.md"} for t in schema.entity_types()
             if f"{t.name}/index.md" not in listed]
    return [*nav[:1], *lists, *nav[1:]]


def anchor_includes(config: MkDocsConfig) -> None:
    """pymdownx.snippets reads a relative `base_path` from the current folder; mkdocs.yml
    gives it from the wiki's folder (as a plain path, not MkDocs' own `!relative`, so
    that other engines read it too). Made absolute, it holds wherever the build runs."""
    options = config.mdx_configs.get("pymdownx.snippets")
    if not options:
        return
    folder = os.path.dirname(os.path.abspath(config.config_file_path))
    paths = options.get("base_path", ["."])
    options["base_path"] = [os.path.join(folder, path)
                            for path in ([paths] if isinstance(paths, str) else paths)]


class WikiPlugin(BasePlugin):
    # Keeps nothing from a page for later but its entries in `search_index`, which a
    # build in several processes gathers (see mkdocs_build).
    parallel_safe = True
    serving = False  # `mkdocs serve` or `wiki serve`: no reader opens the site from disk
    search_index: SearchIndex | None = None  # the index for reading from disk
    unsearched: str | None = None  # the part of the current page kept from search

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving = command == "serve"

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        if not config.repo_url:
            config.edit_uri = None  # no repository to point at: no edit buttons
        if config.nav is not None:
            config.nav = with_type_lists(config.nav)
        anchor_includes(config)
        return config

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        """A second index, configured as Material's (whose settings are complete now)."""
        search = next((plugin for plugin in config.plugins.values()
                       if isinstance(plugin, SearchPlugin) and plugin.config.enabled), None)
        self.search_index = (None if search is None or self.serving
                             else SearchIndex(**search.config))

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        if not config.edit_uri:
            return files
        for file in files.documentation_pages():
            folder, name = posixpath.split(file.src_uri)
            if is_entity_page(file):
                # edit_uri points at docs/; the YAML file sits beside it in entities/.
                # A long list's own pages (`id--members.md`) are made from it too.
                yaml_path = f"entities/{folder}/{name[:-3].split('--')[0]}.yaml"
                file.edit_uri = posixpath.relpath(yaml_path, "docs")
            elif folder.split("/")[0] in (*schema.MODEL.by_name, "wiki"):
                # Lists (with their letter pages), the timeline's years, the reports:
                # made from all entities, with no file of their own to edit.
                file.edit_uri = None
        return files

    @event_priority(100)  # before the search plugin
    def _searched_part_only(self, context, *, page: Page, config, nav):
        entity = is_entity_page(page.file)
        if entity:
            cut = page.content.find(UNSEARCHED)
            if cut >= 0:
                self.unsearched = page.content[cut:]
                page.content = page.content[:cut]
        if self.search_index is not None:
            content = page.content
            if entity and (end := content.find(UNSEARCHED_OFFLINE)) >= 0:
                content = content[:end]
            self.search_index.add_entry_from_context(SimpleNamespace(
                meta=page.meta, content=content, toc=page.toc, url=page.url, title=page.title))
        return context

    @event_priority(-100)  # after it
    def _whole_page(self, context, *, page: Page, config, nav):
        if self.unsearched is not None:
            page.content += self.unsearched
            self.unsearched = None
        return context

    on_page_context = CombinedEvent(_searched_part_only, _whole_page)

    @event_priority(-100)  # as Material's offline plugin: after the search plugin's
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.search_index is None:  # no search, or serving: nobody reads it from disk
            return
        data = self.search_index.generate_search_index(None)
        path = os.path.join(config.site_dir, "search", "search_index.js")
        utils.write_file(f"var __index = {data}".encode(), path)

    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str:
        data = page.meta.get("json_ld")
        if not isinstance(data, str) or "<" in data:
            return output  # the generator escapes < in JSON-LD; anything else is not ours
        script = f'<script type="application/ld+json">{data}</script>\n'
        return output.replace("</head>", script + "</head>", 1)

"""The MkDocs side of the wiki (`plugins: [wiki]` in mkdocs.yml): only what must be a plugin.

Edit buttons that open an entity's YAML, the schema.org JSON-LD in each entity page's
<head>, the ranked search index and the copy read from disk are made after the build,
from the built site (`finish`, `search`), so that a site built by any engine (MkDocs,
ProperDocs, Zensical, which runs no MkDocs plugin) has them when `wiki build` builds it.
What is left here changes the engine's own configuration or input, which no step after
the build can:

- the navigation gains each declared type's list page after the home page;
- the snippets' folder, which mkdocs.yml gives as a plain path from the wiki's folder,
  is anchored there, so that the build may run from any folder;
- without a repository (`repo_url`), no edit buttons;
- search reads only the opening of an entity page: the sections after it are marked
  `data-search-exclude`, yet Material's search plugin would parse the whole page to find
  that out, a fifth of a 10,000-page build. So it is handed the opening alone (a saving
  of speed only: the index is the same, which a test checks).
"""

from __future__ import annotations

import os
import posixpath

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.pages import Page

from . import schema

# Where the part of an entity page that search indexes ends: the first section that the
# template marks `{ data-search-exclude }`; every later one is marked too.
UNSEARCHED = "<h2 data-search-exclude"


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
    # Keeps nothing from a page for later (see mkdocs_build).
    parallel_safe = True
    unsearched: str | None = None  # the part of the current page kept from search

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        if not config.repo_url:
            config.edit_uri = None  # no repository to point at: no edit buttons
        if config.nav is not None:
            config.nav = with_type_lists(config.nav)
        anchor_includes(config)
        return config

    @event_priority(100)  # before the search plugin
    def _searched_part_only(self, context, *, page: Page, config, nav):
        if is_entity_page(page.file):
            cut = page.content.find(UNSEARCHED)
            if cut >= 0:
                self.unsearched = page.content[cut:]
                page.content = page.content[:cut]
        return context

    @event_priority(-100)  # after it
    def _whole_page(self, context, *, page: Page, config, nav):
        if self.unsearched is not None:
            page.content += self.unsearched
            self.unsearched = None
        return context

    on_page_context = CombinedEvent(_searched_part_only, _whole_page)

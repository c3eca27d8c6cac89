"""The MkDocs side of the wiki (`plugins: [wiki]` in mkdocs.yml): a thin adapter.

Entity pages are generated, so their "edit" button must open the entity's YAML file in
the repository rather than the Markdown the generator wrote; and their schema.org data,
which the generator puts in the front matter, belongs in the page's <head>, where
instant navigation leaves it alone.

The search index keeps only the opening of an entity page (the sections after it are
marked `data-search-exclude`), yet Material's search plugin would parse the whole page
to find that out: a fifth of a 10,000-page build. So it is handed the opening alone.

The offline copy's search index is smaller still: each entity page's title, its names
in every language and aliases (the `tags`) and its summary, without the description
and infobox. Read from disk, the browser builds the index on the page's own thread each
time search is first opened on a page, for as long as it takes (2.4 s at 10,000
entities with descriptions).
"""

from __future__ import annotations

import posixpath

from material.plugins.offline.plugin import OfflinePlugin
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from .schema import TYPES_BY_NAME

# Where the part of an entity page that search indexes ends: the first section that the
# template marks `{ data-search-exclude }`; every later one is marked too. In the
# offline copy, the infobox that follows the summary ends it.
UNSEARCHED = "<h2 data-search-exclude"
UNSEARCHED_OFFLINE = '<div class="wiki-infobox"'


def is_entity_page(file) -> bool:
    folder, name = posixpath.split(file.src_uri)
    return folder in TYPES_BY_NAME and name != "index.md"


class WikiPlugin(BasePlugin):
    parallel_safe = True  # keeps nothing from a page for later (see mkdocs_build)
    offline = False  # building the offline copy
    unsearched: str | None = None  # the part of the current page kept from search

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        if not config.repo_url:
            config.edit_uri = None  # no repository to point at: no edit buttons
        self.offline = any(isinstance(plugin, OfflinePlugin) and plugin.config.enabled
                           for plugin in config.plugins.values())
        return config

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        if not config.edit_uri:
            return files
        for file in files.documentation_pages():
            folder, name = posixpath.split(file.src_uri)
            if is_entity_page(file):
                # edit_uri points at docs/; the YAML file sits beside it in entities/.
                yaml_path = f"entities/{folder}/{name[:-3]}.yaml"
                file.edit_uri = posixpath.relpath(yaml_path, "docs")
            elif folder.split("/")[0] in (*TYPES_BY_NAME, "wiki"):
                # Lists (with their letter pages), the timeline's years, the reports:
                # made from all entities, with no file of their own to edit.
                file.edit_uri = None
        return files

    @event_priority(100)  # before the search plugin
    def _searched_part_only(self, context, *, page: Page, config, nav):
        if not is_entity_page(page.file):
            return context
        ends = [page.content.find(marker) for marker in
                ((UNSEARCHED, UNSEARCHED_OFFLINE) if self.offline else (UNSEARCHED,))]
        cut = min((end for end in ends if end >= 0), default=-1)
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

    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str:
        data = page.meta.get("json_ld")
        if not isinstance(data, str) or "<" in data:
            return output  # the generator escapes < in JSON-LD; anything else is not ours
        script = f'<script type="application/ld+json">{data}</script>\n'
        return output.replace("</head>", script + "</head>", 1)

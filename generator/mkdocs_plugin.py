"""The MkDocs side of the wiki (`plugins: [wiki]` in mkdocs.yml): a thin adapter.

Entity pages are generated, so their "edit" button must open the entity's YAML file in
the repository rather than the Markdown the generator wrote; and their schema.org data,
which the generator puts in the front matter, belongs in the page's <head>, where
instant navigation leaves it alone.
"""

from __future__ import annotations

import posixpath

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from .schema import TYPES_BY_NAME


class WikiPlugin(BasePlugin):
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        if not config.repo_url:
            config.edit_uri = None  # no repository to point at: no edit buttons
        return config

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        if not config.edit_uri:
            return files
        for file in files.documentation_pages():
            folder, name = posixpath.split(file.src_uri)
            if folder in TYPES_BY_NAME and name != "index.md":
                # edit_uri points at docs/; the YAML file sits beside it in entities/.
                yaml_path = f"entities/{folder}/{name[:-3]}.yaml"
                file.edit_uri = posixpath.relpath(yaml_path, "docs")
            elif folder in TYPES_BY_NAME or folder == "wiki":
                file.edit_uri = None  # generated from all entities: nothing to edit
        return files

    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str:
        data = page.meta.get("json_ld")
        if not isinstance(data, str) or "<" in data:
            return output  # the generator escapes < in JSON-LD; anything else is not ours
        script = f'<script type="application/ld+json">{data}</script>\n'
        return output.replace("</head>", script + "</head>", 1)

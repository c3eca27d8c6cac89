"""What makes a wiki this wiki rather than another: read from its `mkdocs.yml`, never
written in the code.

- `site_name` names the wiki; the offline archive is named after it (its slug):
  `site_name: Nordic Council Wiki` gives `dist/nordic-council-wiki-offline.zip`, which
  unzips into the folder `nordic-council-wiki/`.
- `extra: wiki: languages:` lists the wiki's own languages, as BCP 47 tags (`[en, ru]`):
  an infobox shows the names in them; the names in every other language are folded into
  a block of their own. Without it, the theme's `language` alone (else `en`).

The file is read as plain data: MkDocs' `!ENV` and `!relative` tags are read as empty
values, as none of the keys above may use them.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import yaml

CONFIG_FILE = "mkdocs.yml"


@dataclass(frozen=True)
class WikiConfig:
    name: str = "Reference Wiki"  # site_name
    languages: tuple[str, ...] = ("en",)  # the wiki's own, in the order given

    @property
    def slug(self) -> str:
        """The name in lower-case ASCII words joined by hyphens: `nordic-council-wiki`."""
        plain = unicodedata.normalize("NFKD", self.name).encode("ascii", "ignore").decode()
        return "-".join(re.findall(r"[a-z0-9]+", plain.casefold())) or "wiki"

    @property
    def archive_name(self) -> str:
        """The offline copy's file name (in `dist/`, and in the site at `downloads/`)."""
        return f"{self.slug}-offline.zip"

    @property
    def archive_folder(self) -> str:
        """The folder the offline copy unzips into."""
        return self.slug


class _PlainLoader(yaml.SafeLoader):
    """Safe YAML that reads any tag (`!ENV [SITE_URL, …]`) as an empty value."""


_PlainLoader.add_multi_constructor("!", lambda loader, suffix, node: None)


def read_config(root: Path) -> WikiConfig:
    """The configuration of the wiki in `root`; the defaults where `mkdocs.yml` is missing
    or does not say."""
    path = root / CONFIG_FILE
    if not path.is_file():
        return WikiConfig()
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=_PlainLoader) or {}
    return config_from(data)


def config_from(data: dict) -> WikiConfig:
    name = str(data.get("site_name") or WikiConfig.name)
    wiki = (data.get("extra") or {}).get("wiki") or {}
    languages = wiki.get("languages")
    if not languages:
        theme = data.get("theme") or {}
        languages = [theme.get("language") or "en"] if isinstance(theme, dict) else ["en"]
    if isinstance(languages, str):
        languages = [languages]
    return WikiConfig(name, tuple(str(tag) for tag in languages))

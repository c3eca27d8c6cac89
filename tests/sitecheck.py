"""A small crawler of a built site: every internal link and anchor must resolve."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for name in ("id", "name"):
            if values.get(name):
                self.ids.add(values[name])
        for name in ("href", "src"):
            if values.get(name) is not None:
                self.links.append(values[name])


def parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def target_file(site: Path, page: Path, url: str) -> Path:
    path = unquote(urlsplit(url).path)
    target = (page.parent / path) if path else page
    if path.endswith("/") or target.is_dir():
        target = target / "index.html"
    return target.resolve()


def broken_links(site: Path) -> list[str]:
    """`page: link` for every internal link or anchor in the site that leads nowhere."""
    site = site.resolve()
    pages = {p.resolve(): parse(p) for p in site.rglob("*.html")}
    broken = []
    for path, page in sorted(pages.items()):
        if (path.name == "404.html" and path.parent == site
                and any(url.startswith("/") for url in page.links)):
            continue  # served for any missing URL, so online its links are absolute by design
        for url in page.links:
            parts = urlsplit(url)
            if parts.scheme or parts.netloc or url.startswith(("mailto:", "data:")):
                continue
            target = target_file(site, path, url)
            if not target.is_relative_to(site) or not target.exists():
                broken.append(f"{path.relative_to(site)}: {url}")
                continue
            fragment = unquote(parts.fragment)
            if fragment and target.suffix == ".html":
                ids = pages[target].ids if target in pages else parse(target).ids
                if fragment not in ids and fragment != "__skip":
                    broken.append(f"{path.relative_to(site)}: {url} (no anchor)")
    return broken

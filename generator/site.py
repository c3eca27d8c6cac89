"""Stage 6: MkDocs builds the pages into a site, which replaces the previous one whole.

One build serves both ways of reading:

- the site, for a web server (`site/`);
- the offline copy, read from disk after unzipping (`dist/<slug>-offline.zip`, named
  after the site_name in mkdocs.yml, see config; also shipped inside the site at
  `downloads/` and linked from every page's footer).

Pages have file URLs (`use_directory_urls: false` in mkdocs.yml), so their links work on
a server and from disk alike; from disk, Material leaves out instant navigation and loads
the search index from `search/search_index.js`, through the iframe-worker shim listed in
`extra.polyfills`. After the engine, a step over the built pages (`finish`) adds what the
wiki adds whichever engine built them: edit buttons that open the YAML, JSON-LD, the
ranked search index and that copy of it. So the offline copy is the finished site,
zipped; only then is the download link, with the archive's size, added to the site's
footers.

The site is built into a staging folder and swapped in only when all of it is built, so a
failed build leaves the previous site and archive as they were.
"""

from __future__ import annotations

import fnmatch
import logging
import os
import posixpath
import re
import shutil
import struct
import tempfile
import zipfile
from datetime import datetime
from functools import partial
from pathlib import Path
from urllib.parse import urlsplit

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")  # mkdocs-material's notice on every build

from mkdocs.config import load_config  # noqa: E402
from mkdocs.config.defaults import MkDocsConfig  # noqa: E402
from mkdocs.exceptions import Abort, ConfigurationError  # noqa: E402
from mkdocs.utils import get_build_date  # noqa: E402

from . import engine, finish, forked, mkdocs_build, schema  # noqa: E402
from .config import read_config  # noqa: E402

DOWNLOADS = "downloads"  # where the online site ships the archive
# Left out of the archive: sitemaps list the online site's URLs, of no use from disk;
# source maps serve only a browser's developer tools (a third of the archive's size);
# from disk, search reads search_index.js, not the (larger) JSON index.
NOT_ARCHIVED = ("sitemap.xml", "sitemap.xml.gz", "*.map", "search/search_index.json")
FOOTER = '<div class="md-copyright">'
FILES_PER_ZIP_PROCESS = 2000  # at least: below that, one process zips faster
PAGES_PER_LINK_PROCESS = 1000  # the same, for putting the download link in the footers


class SiteError(Exception):
    """The site could not be built; the message says why."""


def build_site(root: Path, site_dir: Path, strict: bool = True, offline: bool = True,
               archive: Path | None = None, jobs: int | None = None) -> Path | None:
    """Build the site into `site_dir` and, with `offline`, the zipped offline copy at
    `archive` (default `root/dist/<slug>-offline.zip`, after the wiki's name: see
    config); return the archive's path.
    MkDocs builds in up to `jobs` processes (see mkdocs_build).

    Everything is built in a staging folder and swapped in only when all of it built.
    """
    site_dir = site_dir.resolve()
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    wiki = read_config(root)
    archive = (archive or root / "dist" / wiki.archive_name).resolve() if offline else None
    staging = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}-", dir=site_dir.parent))
    staging.chmod(0o755)  # mkdtemp makes it private; a web server must read the site
    pending = archive.with_name(f".{archive.name}.tmp") if archive else None
    try:
        config = run_mkdocs(root, staging, strict, jobs=jobs)
        finish.finish_site(staging, Path(config.docs_dir),
                           [t.name for t in schema.entity_types()], jobs)
        if pending is not None:
            pending.parent.mkdir(parents=True, exist_ok=True)
            zip_folder(staging, pending, wiki.archive_folder, jobs)
            ship_archive(staging, pending, f"{DOWNLOADS}/{wiki.archive_name}", jobs)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        if pending is not None:
            pending.unlink(missing_ok=True)
        raise
    previous = site_dir.with_name(f".{site_dir.name}-previous")
    shutil.rmtree(previous, ignore_errors=True)
    if site_dir.exists():
        os.replace(site_dir, previous)
    os.replace(staging, site_dir)
    shutil.rmtree(previous, ignore_errors=True)
    if pending is not None and archive is not None:
        os.replace(pending, archive)
    return archive


def run_mkdocs(root: Path, site_dir: Path, strict: bool, jobs: int | None = None
               ) -> MkDocsConfig:
    """One MkDocs build of `root/mkdocs.yml` into `site_dir`, in up to `jobs` processes
    (see mkdocs_build), its failures as SiteError; returns its configuration."""
    try:
        config = load_config(str(root / "mkdocs.yml"), site_dir=str(site_dir), strict=strict)
        check_config(config)
        mkdocs_build.run(config, jobs=jobs)
        return config
    except (Abort, ConfigurationError) as error:
        raise SiteError(str(error) or "MkDocs reported warnings (strict mode)") from None
    except SiteError:
        raise
    except mkdocs_build.PageBuildError as error:  # in another process; it names the error
        raise SiteError(str(error)) from None
    except Exception as error:  # a plugin or Markdown extension failed on a page
        raise SiteError(f"{type(error).__name__}: {error}") from None


def check_config(config: MkDocsConfig) -> None:
    """What the offline copy needs of mkdocs.yml."""
    if config.use_directory_urls:
        raise SiteError("mkdocs.yml must set `use_directory_urls: false`: the offline copy "
                        "is the site itself, read from disk, where folder links do not work")
    # Search from file:// runs through the iframe-worker shim; it must be a local copy.
    shims = [str(url) for url in config.extra.get("polyfills") or [] if "iframe-worker" in str(url)]
    if not shims or any(urlsplit(url).scheme or urlsplit(url).netloc for url in shims):
        raise SiteError("mkdocs.yml must list a local copy of the iframe-worker shim under "
                        "extra.polyfills, or search does not work in the offline copy")


def zip_folder(folder: Path, archive: Path, top: str, jobs: int | None = None) -> Path:
    """Zip every file of `folder` but those NOT_ARCHIVED under the folder name `top`, in
    a stable order. Above a few thousand files, `jobs` processes compress a share each
    (at 10,000 entities 4.8 s of work), and their archives are joined."""
    files = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        relative = path.relative_to(folder).as_posix()
        if not any(fnmatch.fnmatch(relative, pattern) for pattern in NOT_ARCHIVED):
            files.append(relative)
    jobs = forked.processes(jobs, len(files), FILES_PER_ZIP_PROCESS)
    shares = forked.split(files, jobs) or [[]]
    parts = [archive.with_name(f"{archive.name}.{number}") for number in range(len(shares))]
    try:
        forked.run([partial(_zip_files, folder, share, part, top)
                    for share, part in zip(shares, parts, strict=True)])
        join_archives(parts, archive)
    finally:
        for part in parts:
            part.unlink(missing_ok=True)
    return archive


def _zip_files(folder: Path, files: list[str], archive: Path, top: str) -> None:
    """Each file with the day of the build as its time (MkDocs' build date, which
    SOURCE_DATE_EPOCH sets), not the moment it was written: the same site gives the same
    archive, byte for byte, all that day."""
    day = datetime.fromisoformat(get_build_date()).timetuple()[:6]
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as bundle:
        for relative in files:
            member = zipfile.ZipInfo(f"{top}/{relative}", date_time=day)
            member.compress_type = zipfile.ZIP_DEFLATED
            member.external_attr = 0o644 << 16  # -rw-r--r--
            if relative == NOT_FOUND_PAGE:
                bundle.writestr(member, offline_not_found((folder / relative).read_text(
                    encoding="utf-8")))
                continue
            with (folder / relative).open("rb") as source, bundle.open(member, "w") as target:
                shutil.copyfileobj(source, target, 1 << 20)


NOT_FOUND_PAGE = "404.html"
MATERIAL_BASE = re.compile(r'"base": "(/[^"]*)"')


def offline_not_found(html: str) -> str:
    """The 404 page for reading from disk. A server sends it for a missing address at any
    depth, so MkDocs links its styles and pages by absolute path ("/assets/…"), which from
    disk means the root of the file system; at the top of the copy, relative paths work."""
    found = MATERIAL_BASE.search(html)
    if found is None:
        return html
    base = found.group(1).rstrip("/") + "/"
    html = html.replace(f'href="{base}', 'href="').replace(f'src="{base}', 'src="')
    return html.replace(found.group(0), '"base": "."', 1)


def join_archives(parts: list[Path], archive: Path) -> None:
    """One archive of the members of `parts`, in order, copied as they are compressed."""
    with zipfile.ZipFile(archive, "w") as joined:
        for part in parts:
            with zipfile.ZipFile(part) as source, part.open("rb") as raw:
                for member in source.infolist():
                    raw.seek(member.header_offset)
                    header = raw.read(30)
                    if header[:4] != b"PK\x03\x04":
                        raise SiteError(f"{part.name} is not a readable zip archive")
                    name_length, extra_length = struct.unpack("<HH", header[26:30])
                    raw.seek(member.header_offset + 30 + name_length + extra_length)
                    data = raw.read(member.compress_size)
                    member.header_offset = joined.fp.tell()
                    joined.fp.write(member.FileHeader())
                    joined.fp.write(data)
                    joined.filelist.append(member)
                    joined.NameToInfo[member.filename] = member
        # What ZipFile.write leaves behind, so that closing writes the directory.
        joined.start_dir = joined.fp.tell()
        joined._didModify = True


def ship_archive(site: Path, archive: Path, uri: str, jobs: int | None = None) -> None:
    """Put the archive in the site at `uri` and link it, with its size, from every page's
    footer (in `jobs` processes: at 10,000 entities that is 230 MB of pages to rewrite)."""
    target = site / uri
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(archive, target)
    pages = sorted(path.relative_to(site).as_posix() for path in site.rglob("*.html"))
    pages = [page for page in pages if page != "404.html"]  # its links are absolute
    size = archive.stat().st_size / 1e6
    jobs = forked.processes(jobs, len(pages), PAGES_PER_LINK_PROCESS)
    forked.run([partial(link_download, site, share, size, uri)
                for share in forked.split(pages, jobs)])


def link_download(site: Path, pages: list[str], size: float, uri: str) -> None:
    for page in pages:
        path = site / page
        html = path.read_text(encoding="utf-8")
        if FOOTER not in html:
            continue
        href = posixpath.relpath(uri, posixpath.dirname(page) or ".")
        link = (f'<div class="md-copyright__highlight">Read it offline: '
                f'<a href="{href}" download>download the wiki</a> (zip, {size:.1f} MB), '
                f'unzip it and open index.html.</div>')
        path.write_text(html.replace(FOOTER, FOOTER + link, 1), encoding="utf-8")


def quiet_mkdocs_logging(verbose: bool = False, progress: bool = False) -> None:
    """Show MkDocs' warnings and errors the way `mkdocs build` does; with `progress`
    its progress messages too, with `verbose` everything (whatever the engine)."""
    logger = engine.logger()
    if not any(getattr(h, "_wiki", False) for h in logger.handlers):
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
        handler._wiki = True  # type: ignore[attr-defined]
        # `wiki serve` rebuilds dirty on purpose; the warning would follow every save.
        handler.addFilter(lambda record: "'dirty' build is being performed" not in
                          record.getMessage())
        logger.addHandler(handler)
    logger.setLevel(logging.DEBUG if verbose else logging.INFO if progress else logging.WARNING)
    logger.propagate = False

"""Stage 6: MkDocs builds the pages into a site, which replaces the previous one whole.

Two builds from the one mkdocs.yml:

- the online site, for a web server (`site/`);
- the offline copy, read from disk after unzipping (`dist/csto-wiki-offline.zip`, also
  shipped inside the online site at `downloads/` and linked from every page's footer).
  It turns on mkdocs-material's `offline` plugin (plain file URLs, the search index as a
  script, the iframe-worker shim from `extra.polyfills` so search runs from file://) and
  drops instant navigation, which cannot work from file://.

Both are built into temporary folders; only when both succeed are the site and the
archive swapped in, so a failed build leaves the previous ones as they were. On Linux the
offline copy is built in a second process while this one builds the online site, which
waits for the archive only when it starts writing pages (their footers give its size).
"""

from __future__ import annotations

import fnmatch
import logging
import multiprocessing
import os
import shutil
import sys
import tempfile
import zipfile
from pathlib import Path
from urllib.parse import urlsplit

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")  # mkdocs-material's notice on every build

from material.plugins.offline.plugin import OfflinePlugin  # noqa: E402
from mkdocs.config import load_config  # noqa: E402
from mkdocs.config.defaults import MkDocsConfig  # noqa: E402
from mkdocs.exceptions import Abort, ConfigurationError  # noqa: E402
from mkdocs.plugins import BasePlugin  # noqa: E402
from mkdocs.structure.files import File, Files  # noqa: E402
from mkdocs.structure.pages import Page  # noqa: E402

from . import mkdocs_build  # noqa: E402

ARCHIVE_NAME = "csto-wiki-offline.zip"
ARCHIVE_FOLDER = "csto-wiki"  # the folder the archive unzips into
DOWNLOAD_URI = f"downloads/{ARCHIVE_NAME}"  # where the online site ships the archive
# Left out of the archive: sitemaps list the online site's URLs, of no use from disk, and
# source maps serve only a browser's developer tools (a third of the archive's size).
NOT_ARCHIVED = ("sitemap.xml", "sitemap.xml.gz", "*.map")
FOOTER = '<div class="md-copyright">'

log = logging.getLogger("mkdocs.plugins.wiki")


class SiteError(Exception):
    """The site could not be built; the message says why."""


def build_site(root: Path, site_dir: Path, strict: bool = True, offline: bool = True,
               archive: Path | None = None, jobs: int | None = None) -> Path | None:
    """Build the site into `site_dir` and, with `offline`, the zipped offline copy at
    `archive` (default `root/dist/csto-wiki-offline.zip`); return the archive's path.

    Everything is built in staging folders and swapped in only when all of it built.
    """
    site_dir = site_dir.resolve()
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    archive = (archive or root / "dist" / ARCHIVE_NAME).resolve() if offline else None
    staging = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}-", dir=site_dir.parent))
    staging.chmod(0o755)  # mkdtemp makes it private; a web server must read the site
    work = Path(tempfile.mkdtemp(prefix="wiki-offline-")) if offline else None
    pending = archive.with_name(f".{archive.name}.tmp") if archive else None
    offline_copy = None
    try:
        if work is not None:
            offline_copy = OfflineCopy(root, work, strict, jobs)
        run_mkdocs(root, staging, strict, offline=False, download=offline_copy, jobs=jobs)
        if pending is not None and offline_copy is not None:
            pending.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(offline_copy.archive, pending)  # beside it, for an atomic swap
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        if pending is not None:
            pending.unlink(missing_ok=True)
        raise
    finally:
        if offline_copy is not None:
            offline_copy.stop()
        if work is not None:
            shutil.rmtree(work, ignore_errors=True)
    previous = site_dir.with_name(f".{site_dir.name}-previous")
    shutil.rmtree(previous, ignore_errors=True)
    if site_dir.exists():
        os.replace(site_dir, previous)
    os.replace(staging, site_dir)
    shutil.rmtree(previous, ignore_errors=True)
    if pending is not None and archive is not None:
        os.replace(pending, archive)
    return archive


class OfflineCopy:
    """The offline copy's build and zip, in a second process where `fork` is at hand (one
    CPU each for the two builds), else here and now. `wait()` gives the archive."""

    def __init__(self, root: Path, work: Path, strict: bool, jobs: int | None = None) -> None:
        self.archive = work / ARCHIVE_NAME
        self.process = None
        arguments = (root, work / ARCHIVE_FOLDER, strict, self.archive, jobs)
        if sys.platform == "linux":
            for stream in (sys.stdout, sys.stderr):
                stream.flush()  # or the second process would print what waits there again
            context = multiprocessing.get_context("fork")
            self.result, sending = context.Pipe(duplex=False)
            self.process = context.Process(target=_build_offline_copy,
                                           args=(*arguments, sending), daemon=True)
            self.process.start()
            sending.close()
        else:
            build_offline_copy(*arguments)

    def wait(self) -> Path:
        if self.process is not None:
            try:
                problem = self.result.recv()
            except EOFError:
                problem = "the offline copy's build stopped unexpectedly"
            self.process.join()
            self.process = None
            if problem:
                raise SiteError(problem)
        return self.archive

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.join()
            self.process = None


def build_offline_copy(root: Path, copy: Path, strict: bool, archive: Path,
                       jobs: int | None = None) -> None:
    run_mkdocs(root, copy, strict, offline=True, jobs=jobs)
    zip_folder(copy, archive, ARCHIVE_FOLDER)


def _build_offline_copy(root: Path, copy: Path, strict: bool, archive: Path,
                        jobs: int | None, result) -> None:
    """In the second process: build, zip, and send back what went wrong, if anything."""
    try:
        build_offline_copy(root, copy, strict, archive, jobs)
        result.send("")
    except SiteError as error:
        result.send(str(error))
    except BaseException as error:  # noqa: BLE001 - reported by the first process
        result.send(f"the offline copy: {type(error).__name__}: {error}")
    finally:
        result.close()


def run_mkdocs(root: Path, site_dir: Path, strict: bool, offline: bool,
               download: OfflineCopy | None = None, jobs: int | None = None) -> None:
    """One MkDocs build of `root/mkdocs.yml` into `site_dir`, in up to `jobs` processes
    (see mkdocs_build), its failures as SiteError."""
    try:
        config = load_config(str(root / "mkdocs.yml"), site_dir=str(site_dir), strict=strict)
        configure(config, offline)
        if download is not None:
            config.plugins["wiki/download"] = OfflineDownload(download)
        mkdocs_build.run(config, jobs=jobs)
    except (Abort, ConfigurationError) as error:
        raise SiteError(str(error) or "MkDocs reported warnings (strict mode)") from None
    except SiteError:
        raise
    except mkdocs_build.PageBuildError as error:  # in another process; it names the error
        raise SiteError(str(error)) from None
    except Exception as error:  # a plugin or Markdown extension failed on a page
        raise SiteError(f"{type(error).__name__}: {error}") from None


def configure(config: MkDocsConfig, offline: bool) -> None:
    """Turn mkdocs.yml's offline plugin on or off, whatever WIKI_OFFLINE says."""
    plugins = [p for p in config.plugins.values() if isinstance(p, OfflinePlugin)]
    if not plugins:
        raise SiteError("mkdocs.yml lists no `offline` plugin, which the offline copy needs")
    for plugin in plugins:
        plugin.config.enabled = offline
    if not offline:
        return
    # Material skips instant navigation from file:// anyway; its docs say to turn it off.
    features = config.theme.get("features") or []
    config.theme["features"] = [f for f in features if not f.startswith("navigation.instant")]
    # Without a local copy of the iframe-worker shim, the plugin loads it from a CDN.
    shims = [str(url) for url in config.extra.get("polyfills") or [] if "iframe-worker" in str(url)]
    if not shims or any(urlsplit(url).scheme or urlsplit(url).netloc for url in shims):
        raise SiteError("mkdocs.yml must list a local copy of the iframe-worker shim under "
                        "extra.polyfills; otherwise the offline copy loads it from a CDN")


def zip_folder(folder: Path, archive: Path, top: str) -> Path:
    """Zip every file of `folder` under the folder name `top`, in a stable order."""
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as bundle:
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            relative = path.relative_to(folder).as_posix()
            if not any(fnmatch.fnmatch(relative, pattern) for pattern in NOT_ARCHIVED):
                bundle.write(path, f"{top}/{relative}")
    return archive


class OfflineDownload(BasePlugin):
    """Ships the offline archive in the online site and links it from every footer."""

    parallel_safe = True  # keeps nothing from a page (see mkdocs_build)

    def __init__(self, offline_copy: OfflineCopy) -> None:
        super().__init__()
        self.offline_copy = offline_copy
        self.file: File | None = None

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        self.file = File.generated(config, DOWNLOAD_URI,
                                   abs_src_path=str(self.offline_copy.archive))
        files.append(self.file)
        return files

    def on_env(self, env, *, config: MkDocsConfig, files: Files):
        """Every page is read and converted; before they are written, the archive."""
        self.offline_copy.wait()
        return env

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        assert self.file is not None
        if FOOTER not in output:
            log.warning("No footer on '%s' to link the offline copy from", page.file.src_uri)
            return output
        size = self.offline_copy.archive.stat().st_size / 1e6
        link = (f'<div class="md-copyright__highlight">Read it offline: '
                f'<a href="{self.file.url_relative_to(page.file)}" download>download the '
                f'wiki</a> (zip, {size:.1f} MB), unzip it and open index.html.</div>')
        return output.replace(FOOTER, FOOTER + link, 1)


def quiet_mkdocs_logging(verbose: bool = False, progress: bool = False) -> None:
    """Show MkDocs' warnings and errors the way `mkdocs build` does; with `progress`
    its progress messages too, with `verbose` everything."""
    logger = logging.getLogger("mkdocs")
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

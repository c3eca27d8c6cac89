"""Stage 6: MkDocs builds the pages into a site, which replaces the previous one whole."""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
from pathlib import Path

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")  # mkdocs-material's notice on every build

from mkdocs.commands.build import build  # noqa: E402
from mkdocs.config import load_config  # noqa: E402
from mkdocs.exceptions import Abort, ConfigurationError  # noqa: E402


class SiteError(Exception):
    """The site could not be built; the message says why."""


def build_site(root: Path, site_dir: Path, strict: bool = True) -> None:
    """Build into a fresh folder beside `site_dir`, then swap it in."""
    site_dir = site_dir.resolve()
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}-", dir=site_dir.parent))
    try:
        config = load_config(str(root / "mkdocs.yml"), site_dir=str(staging), strict=strict)
        build(config)
    except (Abort, ConfigurationError) as error:
        shutil.rmtree(staging, ignore_errors=True)
        raise SiteError(str(error) or "MkDocs reported warnings (strict mode)") from None
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    previous = site_dir.with_name(f".{site_dir.name}-previous")
    shutil.rmtree(previous, ignore_errors=True)
    if site_dir.exists():
        os.replace(site_dir, previous)
    os.replace(staging, site_dir)
    shutil.rmtree(previous, ignore_errors=True)


def quiet_mkdocs_logging(verbose: bool = False) -> None:
    """Show MkDocs' warnings and errors the way `mkdocs build` does."""
    logger = logging.getLogger("mkdocs")
    if not any(getattr(h, "_wiki", False) for h in logger.handlers):
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
        handler._wiki = True  # type: ignore[attr-defined]
        logger.addHandler(handler)
    logger.setLevel(logging.DEBUG if verbose else logging.WARNING)
    logger.propagate = False

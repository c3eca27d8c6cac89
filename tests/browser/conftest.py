"""The wiki in a real browser: Debian's Chromium, driven by Playwright.

One browser and one build of the real entities/ serve the whole session. Each test runs
twice: against the online site, served over http://127.0.0.1 by a server started here,
and against the offline copy, unzipped from the archive and opened from file://. Every
request to a host other than this machine is blocked, recorded and fails the test; a
failing test leaves a screenshot in test-artifacts/.
"""

from __future__ import annotations

import functools
import http.server
import os
import re
import threading
import time
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from generator.config import read_config
from generator.pipeline import generate
from generator.site import build_site

from ..conftest import REPO, make_wiki

CHROMIUM = Path(os.environ.get("WIKI_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync",
                 "--disable-quic"]
ARTIFACTS = REPO / "test-artifacts"
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}
LOCAL_SCHEMES = {"file", "data", "blob", "about"}
TIMEOUT_MS = 10_000
REPORTS = pytest.StashKey[dict]()


def under_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    """Keep each phase's report on the test, so that fixtures know whether it failed."""
    report = yield
    item.stash.setdefault(REPORTS, {})[report.when] = report
    return report


@pytest.fixture(scope="session")
def browser():
    """Chromium for the whole session. Missing: a failure under CI, a skip elsewhere."""
    problem = None
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        problem = "the playwright package is not installed: pip install -e '.[test]'"
    if problem is None and not CHROMIUM.is_file():
        problem = f"no Chromium at {CHROMIUM}: `make chromium` installs Debian's"
    if problem:
        if under_ci():
            pytest.fail(f"browser tests cannot run under CI: {problem}", pytrace=False)
        pytest.skip(problem)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM),
                                              args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@dataclass(frozen=True)
class Build:
    wiki: Path  # the throw-away wiki folder (entities/, docs/, mkdocs.yml)
    site: Path  # the online site
    archive: Path  # the offline archive, as `wiki build` leaves it in dist/
    offline: Path  # the archive, unzipped: the folder holding index.html
    seconds: float


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args) -> None:  # noqa: A002
        pass


@pytest.fixture(scope="session")
def httpd() -> Iterator[http.server.ThreadingHTTPServer]:
    """A server bound to a free port of 127.0.0.1, not yet serving (see `server`)."""
    listener = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _QuietHandler)
    yield listener
    listener.server_close()


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory,
          httpd: http.server.ThreadingHTTPServer) -> Build:
    """The real entities/, generated and built once (online and offline) in a tmp folder,
    for publication at the test server's address, as SITE_URL tells `wiki build`."""
    started = time.perf_counter()
    folder = tmp_path_factory.mktemp("browser")
    wiki = make_wiki(folder / "wiki", REPO / "entities")
    outcome = generate(wiki)
    assert outcome.problems == [], outcome.problems
    with pytest.MonkeyPatch.context() as env:
        env.setenv("SITE_URL", f"http://127.0.0.1:{httpd.server_address[1]}/")
        archive = build_site(wiki, wiki / "site")
    assert archive is not None and archive.is_file()
    with zipfile.ZipFile(archive) as bundle:
        bundle.extractall(folder / "unzipped")
    return Build(wiki, wiki / "site", archive,
                 folder / "unzipped" / read_config(wiki).archive_folder,
                 time.perf_counter() - started)


@pytest.fixture(scope="session")
def server(built: Build, httpd: http.server.ThreadingHTTPServer) -> Iterator[str]:
    """The online site, served over http; yields its base URL."""
    httpd.RequestHandlerClass = functools.partial(_QuietHandler, directory=str(built.site))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()
        thread.join(5)


@dataclass(frozen=True)
class Site:
    """One way of reading the wiki. Pages are named as folders: "", "states/",
    "officials/vladimir-putin/"; `url` and `path_of` translate to and from the files
    (states/index.html, officials/vladimir-putin.html)."""

    kind: str  # "online" or "offline"
    base: str
    folder: Path  # the site's files: served online, opened from disk offline

    def url(self, path: str) -> str:
        if path == "" or path.endswith("/"):
            index = f"{path}index.html"
            path = index if (self.folder / index).is_file() else f"{path[:-1]}.html"
        return self.base + path

    def path_of(self, url: str) -> str | None:
        """The page's name for a URL of this site, without query or fragment."""
        parts = urlsplit(url)
        address = f"{parts.scheme}://{parts.netloc}{parts.path}"
        if not address.startswith(self.base):
            return None
        path = re.sub(r"(^|/)index\.html$", r"\1", address[len(self.base):])
        return re.sub(r"\.html$", "/", path)


@pytest.fixture(params=["online", "offline"])
def site(request: pytest.FixtureRequest, built: Build) -> Site:
    if request.param == "online":
        return Site("online", request.getfixturevalue("server"), built.site)
    return Site("offline", built.offline.as_uri() + "/", built.offline)




@dataclass
class Traffic:
    """What the pages asked for that must not happen."""

    blocked: list[str] = field(default_factory=list)  # requests to another host
    errors: list[str] = field(default_factory=list)  # uncaught JavaScript errors


def is_local(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in LOCAL_SCHEMES or (
        parts.scheme in ("http", "https", "ws", "wss") and parts.hostname in LOCAL_HOSTS)


# Every URL but those of this machine; matched inside the browser, so local requests are
# not held up by a round trip to Python.
NOT_LOCAL = re.compile(r"^(?!(?:file|data|blob|about):|(?:https?|wss?)://"
                       r"(?:127\.0\.0\.1|localhost|\[::1\])(?:[:/]|$))")


@dataclass
class Recorder:
    """Where the session's browser context reports to: the running test's Traffic."""

    current: Traffic = field(default_factory=Traffic)

    def note(self, url: str) -> None:
        if url not in self.current.blocked:
            self.current.blocked.append(url)

    def guard(self, route) -> None:
        self.note(route.request.url)
        route.abort("blockedbyclient")

    def seen(self, request) -> None:  # also requests the router may not see (workers')
        if not is_local(request.url):
            self.note(request.url)


@pytest.fixture(scope="session")
def recorder() -> Recorder:
    return Recorder()


@pytest.fixture(scope="session")
def context(browser, recorder: Recorder):
    """One browser context for the session: its HTTP cache keeps the tests quick."""
    shared = browser.new_context(viewport={"width": 1280, "height": 900})
    shared.set_default_timeout(TIMEOUT_MS)
    shared.route(NOT_LOCAL, recorder.guard)
    shared.on("request", recorder.seen)
    yield shared
    shared.close()


@pytest.fixture
def traffic(recorder: Recorder) -> Traffic:
    recorder.current = Traffic()
    return recorder.current


@pytest.fixture
def page(context, traffic: Traffic, request: pytest.FixtureRequest):
    """A fresh page; the test fails if it asked for another host or raised an error."""
    tab = context.new_page()
    tab.on("pageerror", lambda error: traffic.errors.append(f"{tab.url}: {error}"))
    yield tab
    reports = request.node.stash.get(REPORTS, {})
    failed = (any(r.failed for r in reports.values()) or traffic.blocked
              or traffic.errors)
    if failed:
        ARTIFACTS.mkdir(exist_ok=True)
        name = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.nodeid.split("::", 1)[-1])
        try:
            tab.screenshot(path=str(ARTIFACTS / f"browser-{name}.png"), full_page=True)
        except Exception as error:  # the page may be gone with the failure
            print(f"no screenshot: {error}")
    tab.close()
    assert traffic.blocked == [], "requests to another host: " + ", ".join(traffic.blocked)
    assert traffic.errors == [], \
        "JavaScript errors: " + "; ".join(traffic.errors)

"""Browser fixtures: built sites served on 127.0.0.1, and a Chromium page that must stay quiet.

Playwright drives Debian's Chromium (`/usr/bin/chromium`, installed by scripts/install-browser);
it never downloads a browser of its own. One Chromium per test session (per xdist worker):
Playwright's `launch()` always starts it with a fresh temporary `--user-data-dir` of its own and
deletes it afterwards (it refuses one passed in `args`), so no real profile is read or written.
Each test then gets a new browser context: its own storage, cache and cookies, nothing shared.

The `page` fixture fails the test when the page logs a console error, throws, or sends a request
anywhere but the local test servers (such requests are also blocked, so a regression that adds a
CDN cannot reach the internet from the test suite).
"""

from __future__ import annotations

import fcntl
import os
import socket
import threading
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import uvicorn
import yaml
from playwright.sync_api import (
    Browser,
    BrowserContext,
    ConsoleMessage,
    Page,
    Playwright,
    Route,
    sync_playwright,
)

from braindiet.site.build import build
from braindiet.site.serve import LiveState, make_app

CHROMIUM = Path(os.environ.get("BRAINDIET_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
DESKTOP = {"width": 1366, "height": 900}
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"

# host:port of every server the tests started; a request anywhere else is a failure
LOCAL_SERVERS: set[str] = set()


# ---- sites and servers ---------------------------------------------------------------------


@dataclass
class Served:
    """A built site and the address it is served at."""

    root: Path
    base_url: str

    def url(self, path: str) -> str:
        return self.base_url + path


class _ThreadedServer:
    """braindiet's own Starlette app under uvicorn, in a thread, on a port the OS picked."""

    def __init__(self, output: Path) -> None:
        self.state = LiveState()
        config = uvicorn.Config(make_app(output, self.state), log_level="warning",
                                timeout_graceful_shutdown=1, lifespan="off")
        self.server = uvicorn.Server(config)
        self.socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.socket.bind(("127.0.0.1", 0))
        self.thread = threading.Thread(target=self.server.run, kwargs={"sockets": [self.socket]},
                                       daemon=True)

    @property
    def netloc(self) -> str:
        host, port = self.socket.getsockname()[:2]
        return f"{host}:{port}"

    def __enter__(self) -> str:
        self.thread.start()
        for _ in range(500):
            if self.server.started or not self.thread.is_alive():
                break
            threading.Event().wait(0.01)
        if not self.server.started:
            raise RuntimeError("the test server did not start")
        LOCAL_SERVERS.add(self.netloc)
        return f"http://{self.netloc}"

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        for _ in range(200):
            # a live-reload stream waits in a worker thread; each bump wakes it, so the
            # server's shutdown never waits for that wait to time out
            self.state.bump()
            self.thread.join(timeout=0.05)
            if not self.thread.is_alive():
                break
        self.socket.close()


def _built_once(tmp_path_factory: pytest.TempPathFactory, name: str, site_root: Path | None,
                dev: bool = False) -> Path:
    """Build a site once per test run: xdist workers share the folder, behind a file lock."""
    shared = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        shared = shared.parent  # the run's folder, above each worker's own
    out = shared / f"browser-{name}-site"
    with open(shared / f"browser-{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (out / "index.html").exists():
            result = build(site_root, out, dev=dev)
            assert result.pages > 0, f"nothing was built from {site_root}"
    return out


def _serve(out: Path) -> Iterator[Served]:
    with _ThreadedServer(out) as base_url:
        yield Served(out, base_url)


@pytest.fixture(scope="session")
def example_server(example_root: Path, tmp_path_factory: pytest.TempPathFactory,
                   ) -> Iterator[Served]:
    """The embedded example site, built and served."""
    yield from _serve(_built_once(tmp_path_factory, "example", example_root))


@pytest.fixture(scope="session")
def corpus_server(corpus_root: Path, tmp_path_factory: pytest.TempPathFactory,
                  ) -> Iterator[Served]:
    """The real 301-page knowledge base, built and served."""
    yield from _serve(_built_once(tmp_path_factory, "corpus", corpus_root))


@pytest.fixture(scope="session")
def corpus_2026_server(corpus_2026_root: Path, tmp_path_factory: pytest.TempPathFactory,
                       ) -> Iterator[Served]:
    """The knowledge base as of August 2026 (a Docusaurus tree as its authors write it)."""
    yield from _serve(_built_once(tmp_path_factory, "corpus-2026", corpus_2026_root))


@pytest.fixture(scope="session")
def serve_built(tmp_path_factory: pytest.TempPathFactory
                ) -> Iterator[Callable[[str, Path, bool], Served]]:
    """`serve_built(name, site_folder, dev)`: that site built once per run and served until
    the session ends, for tests that write a small site of their own."""
    served: dict[str, Served] = {}
    with ExitStack() as stack:
        def serve(name: str, site_root: Path, dev: bool = False) -> Served:
            if name not in served:
                out = _built_once(tmp_path_factory, name, site_root, dev=dev)
                served[name] = stack.enter_context(contextmanager(_serve)(out))
            return served[name]

        yield serve


@pytest.fixture(scope="session")
def problem_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """A tiny site full of mistakes, built as `braindiet serve` builds it (problems shown)."""
    source = write_problem_site(tmp_path_factory.mktemp("problems-src"))
    yield from _serve(_built_once(tmp_path_factory, "problems", source, dev=True))


REFERENCES = "/docs/papers/BRAIN-Diet-References"


def write_problem_site(root: Path) -> Path:
    """One food page (/docs/foods/kale) with a good citation, a missing one, a dead link and an
    unknown component."""

    def page(title: str, tags: list[str], body: str = "", **fields: object) -> str:
        front = yaml.safe_dump({"title": title, "tags": tags, **fields}, sort_keys=False)
        return f"---\n{front}---\n\n{body}\n"

    files = {
        "static/bibtex/BRAIN-diet.bib": (
            "@article{real_key_2020,\n  title = {A Real Title},\n  author = {Doe, Jane},\n"
            "  journal = {Journal},\n  year = {2020},\n}\n"),
        "docs/tags.yml": "".join(f"{tag}:\n  label: {tag}\n" for tag in (
            "Substance", "Food", "Biological Target", "Therapeutic Area")),
        "docs/papers/BRAIN-Diet-References.md": page("References", [], "<BibTexReferences />"),
        "docs/therapeutic-areas/adhd.md": page("ADHD", ["Therapeutic Area"]),
        "docs/biological-targets/focus.md": page("Focus", ["Biological Target", "ADHD"]),
        "docs/substances/mg.md": page("Magnesium", ["Substance", "Focus"],
                                      mechanisms={"Focus": "Helps."}),
        "docs/foods/kale.md": page("Kale", ["Food", "Magnesium"], "\n\n".join([
            f"Known: [Doe 2020]({REFERENCES}#real_key_2020).",
            f"Missing: [Nobody 1999]({REFERENCES}#nobody_missing_1999).",
            "Dead: [a page that is gone](/docs/foods/gone).",
            "<NoSuchComponent />",
            "<FoodSubstances details={frontMatter} />",
        ])),
    }
    for relative, text in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


# ---- the browser ---------------------------------------------------------------------------


@dataclass
class BrowserLog:
    """What the page did that a reader would not see: console errors and every request."""

    console_errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)

    def outside_requests(self) -> list[str]:
        return [url for url in self.requests if not _is_local(url)]


def _is_local(url: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme in ("data", "blob", "about"):
        return True  # never leaves the page
    return parts.scheme in ("http", "https", "ws") and parts.netloc in LOCAL_SERVERS


@pytest.fixture(scope="session")
def playwright_driver() -> Iterator[Playwright]:
    if not CHROMIUM.exists():
        message = f"Chromium not found at {CHROMIUM} (run scripts/install-browser)"
        if os.environ.get("BRAINDIET_REQUIRE_BROWSER") == "1":
            pytest.fail(message)
        pytest.skip(message)
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="session")
def browser(playwright_driver: Playwright) -> Iterator[Browser]:
    chromium = playwright_driver.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                                 args=CHROMIUM_ARGS)
    try:
        yield chromium
    finally:
        chromium.close()


@pytest.fixture
def browser_log() -> BrowserLog:
    return BrowserLog()


@pytest.fixture
def browser_context(browser: Browser, browser_log: BrowserLog) -> Iterator[BrowserContext]:
    """A new, empty browser context: light colour scheme, desktop size, no motion."""
    context = browser.new_context(viewport=DESKTOP, color_scheme="light", reduced_motion="reduce",
                                  locale="en-GB", service_workers="block")
    context.set_default_timeout(10_000)

    def guard(route: Route) -> None:
        url = route.request.url
        if _is_local(url):
            route.continue_()
        else:
            browser_log.blocked.append(url)
            route.abort("blockedbyclient")

    context.route("**/*", guard)
    context.on("request", lambda request: browser_log.requests.append(request.url))
    try:
        yield context
    finally:
        context.close()


@pytest.fixture
def page(browser_context: BrowserContext, browser_log: BrowserLog) -> Iterator[Page]:
    """A page in a fresh browser; the test fails if it logs an error or calls out."""
    page = browser_context.new_page()

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            where = message.location.get("url", "")
            browser_log.console_errors.append(f"{message.text} ({where})")

    page.on("console", on_console)
    page.on("pageerror", lambda error: browser_log.console_errors.append(f"uncaught: {error}"))
    yield page
    problems = []
    if browser_log.console_errors:
        problems.append("console errors:\n  " + "\n  ".join(browser_log.console_errors))
    outside = browser_log.outside_requests()
    if outside:
        problems.append("requests that left the local server:\n  " + "\n  ".join(outside))
    if problems:
        pytest.fail("\n".join(problems), pytrace=False)


@pytest.fixture(scope="session")
def screenshots() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS

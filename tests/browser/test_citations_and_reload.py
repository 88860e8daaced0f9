"""Citation previews, and `braindiet serve` reloading the open tab after an edit.

The live-reload test runs the real command line on a copy of the example site and prints how
long the open tab took to show an edit (also written to test-artifacts/live-reload.txt). It
asserts the behaviour, not the time: a wall-clock limit would fail on a busy machine.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import Page, expect

from braindiet.project import example_site

if TYPE_CHECKING:
    from tests.browser.conftest import BrowserLog, Served

pytestmark = pytest.mark.browser

MAGNESIUM = "/docs/substances/nutrients/micronutrients/minerals/macro/magnesium"
REFERENCES = "/docs/papers/BRAIN-Diet-References"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


# ---- citation previews ---------------------------------------------------------------------


@pytest.mark.corpus
def test_pointing_at_a_citation_previews_its_entry(page: Page, corpus_server: Served,
                                                   screenshots: Path) -> None:
    page.goto(corpus_server.url(MAGNESIUM))
    citation = page.locator('a.citation[data-cite="clerc_magnesium_2013"]').first
    preview = page.locator(".cite-preview")
    expect(preview).to_be_hidden()

    citation.scroll_into_view_if_needed()
    citation.hover()
    expect(preview).to_be_visible()
    expect(preview).to_have_attribute("role", "tooltip")
    expect(preview).to_contain_text("Clerc, P.")
    expect(preview).to_contain_text("(2013)")
    expect(preview).to_contain_text("Magnesium sulfate protects")
    expect(citation).to_have_attribute("aria-describedby", "cite-preview")
    link, tip = citation.bounding_box(), preview.bounding_box()
    assert link and tip and abs(tip["y"] - (link["y"] + link["height"])) < 40  # beside it
    page.screenshot(path=screenshots / "explore-citation-preview.png")

    page.keyboard.press("Escape")
    expect(preview).to_be_hidden()
    expect(citation).not_to_have_attribute("aria-describedby", "cite-preview")

    citation.click()
    expect(page).to_have_url(re.compile(re.escape(REFERENCES) + r"/?#clerc_magnesium_2013$"))
    entry = page.locator("li.reference#clerc_magnesium_2013")
    expect(entry).to_be_in_viewport()
    expect(entry).to_contain_text("Clerc")


@pytest.mark.corpus
def test_a_focused_citation_previews_too(page: Page, corpus_server: Served) -> None:
    page.goto(corpus_server.url(MAGNESIUM))
    citation = page.locator('a.citation[data-cite="clerc_magnesium_2013"]').first
    citation.focus()
    preview = page.locator(".cite-preview")
    expect(preview).to_be_visible()
    expect(preview).to_contain_text("Clerc")
    page.keyboard.press("Tab")  # focus moves on: the preview goes
    expect(preview).to_be_hidden()


@pytest.mark.corpus
def test_an_unresolved_citation_says_so(page: Page, corpus_server: Served,
                                        screenshots: Path) -> None:
    page.goto(corpus_server.url("/docs/biological-targets/inflammation"))
    broken = page.locator("span.citation.unresolved").first  # no live link to nowhere
    key = broken.get_attribute("data-cite")
    broken.scroll_into_view_if_needed()
    broken.hover()
    preview = page.locator(".cite-preview")
    expect(preview).to_be_visible()
    expect(preview).to_contain_text(f"{key} is not in the bibliography")
    expect(preview).to_have_class(re.compile(r"cite-preview--missing"))
    page.locator("[data-theme-toggle]").click()
    broken.hover()
    page.screenshot(path=screenshots / "explore-citation-missing-dark.png")


def test_example_citation_preview(page: Page, example_server: Served) -> None:
    page.goto(example_server.url(MAGNESIUM))
    citation = page.locator("a.citation").first
    citation.scroll_into_view_if_needed()
    citation.hover()
    key = citation.get_attribute("data-cite")
    entry = page.locator(f"#ref-{key} .reference__text").inner_text()
    expect(page.locator(".cite-preview .cite-preview__text")).to_have_text(entry)


# ---- live reload ---------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def braindiet_command() -> list[str]:
    script = Path(sys.executable).with_name("braindiet")
    return [str(script)] if script.exists() else [sys.executable, "-m", "braindiet.cli"]


@pytest.fixture
def live_server(tmp_path: Path, browser_log: BrowserLog) -> Iterator[tuple[Path, str]]:
    """`braindiet serve` on a copy of the example site: (the copy, the server's address)."""
    root = tmp_path / "site"
    shutil.copytree(example_site(), root)
    port = free_port()
    log = (tmp_path / "serve.log").open("w")
    server = subprocess.Popen(
        [*braindiet_command(), "serve", str(root), "--port", str(port),
         "--output", str(tmp_path / "out")],
        stdout=log, stderr=subprocess.STDOUT, env={**os.environ, "NO_COLOR": "1"})
    address = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                with urllib.request.urlopen(address + "/", timeout=2):
                    break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    log.flush()
                    pytest.fail("braindiet serve did not start:\n" +
                                (tmp_path / "serve.log").read_text())
                time.sleep(0.1)
        # the page fixture fails on requests to servers it does not know: tell it of this one
        type(browser_log).outside_requests.__globals__["LOCAL_SERVERS"].add(f"127.0.0.1:{port}")
        yield root, address
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()


def test_serve_reloads_the_open_tab_after_an_edit(page: Page, live_server: tuple[Path, str]
                                                  ) -> None:
    root, address = live_server
    with page.expect_response(lambda r: "/__braindiet/events" in r.url):
        page.goto(address + "/docs/foods/almonds/")  # the tab follows the server's events
    expect(page.locator("h1")).to_have_text("Almonds")
    marker = "Zorbleberry almonds, freshly edited"
    source = root / "docs/foods/almonds.md"
    text = source.read_text(encoding="utf-8")
    assert "Almonds are a good source" in text

    started = time.perf_counter()
    source.write_text(text.replace("Almonds are a good source", marker + ". Almonds are a good "
                                   "source", 1), encoding="utf-8")
    expect(page.locator(".doc__body")).to_contain_text(marker, timeout=20_000)
    latency = time.perf_counter() - started
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "live-reload.txt").write_text(
        f"edit on disk -> open tab shows it: {latency * 1000:.0f} ms\n", encoding="utf-8")
    print(f"\nlive reload: the open tab showed the edit {latency * 1000:.0f} ms after the save")

    # the search index catches up right after the reload
    deadline = time.monotonic() + 30
    while True:
        page.keyboard.press("/")
        page.locator(".search__input").fill("zorbleberry")
        found = page.locator(".search__results [role=option]")
        try:
            expect(found.first).to_be_visible(timeout=2_000)
            break
        except AssertionError:
            if time.monotonic() > deadline:
                raise
            page.reload()
    expect(found.first.locator(".search-result__title")).to_have_text("Almonds")

"""The search box over a sharded index: one query finds pages wherever their shard is, ranked
as one list, and the kind filter still narrows it (the embedded example has four shards)."""

from __future__ import annotations

import gzip
import json
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import Page, expect

from braindiet.site.search import MANIFEST, SEARCH_DIR

if TYPE_CHECKING:
    from pathlib import Path

    from tests.browser.conftest import Served

pytestmark = pytest.mark.browser


@dataclass(frozen=True)
class Indexed:
    shard: str
    title: str
    kind: str
    words: frozenset[str]


def indexed_pages(site: Path) -> tuple[list[str], dict[str, Indexed]]:
    """The shards the built site lists, and what each page's shard file says of it, by URL."""
    index = site / SEARCH_DIR
    shards = json.loads((index / MANIFEST).read_text(encoding="utf-8"))["shards"]
    pages: dict[str, Indexed] = {}
    for shard in shards:
        for file in (index / shard / "fragment").glob("*.pf_fragment"):
            data = gzip.decompress(file.read_bytes())
            fragment = json.loads(data[data.index(b"{"):])
            text = " ".join([fragment["content"], *fragment["meta"].values()])  # alt text too
            words = frozenset(re.findall(r"\w+", text.lower()))
            pages[fragment["url"]] = Indexed(shard, fragment["meta"]["title"],
                                             fragment["meta"].get("kind", "Page"), words)
    return shards, pages


def shown(page: Page) -> list[str]:
    return page.locator(".search__results [role=option] a").evaluate_all(
        "links => links.map(link => link.getAttribute('href'))")


def search(page: Page, text: str) -> None:
    box = page.locator(".search__input")
    box.fill(text)
    expect(page.locator(".search__results [role=option]").first).to_be_visible()
    expect(page.locator(".search__status")).to_contain_text("↑↓")


def test_one_search_finds_the_pages_of_every_shard(page: Page, example_server: Served) -> None:
    shards, pages = indexed_pages(example_server.root)
    assert len(shards) > 1
    mentioning = {url for url, p in pages.items() if "magnesium" in p.words}
    assert len({pages[url].shard for url in mentioning}) > 1  # the test means something

    page.goto(example_server.url("/"))
    search(page, "magnesium")
    results = page.locator(".search__results [role=option]")
    expect(results.first.locator(".search-result__title")).to_have_text("Magnesium")
    expect(results.first.locator(".search-result__kind")).to_have_text("Substance")
    expect(results.first.locator(".search-result__excerpt mark").first).to_have_text(
        re.compile("magnesium", re.IGNORECASE))  # highlighted, from whichever shard
    assert set(shown(page)) == mentioning

    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text("Magnesium")


def test_a_page_only_its_own_shard_holds_is_found_by_its_title(page: Page,
                                                                example_server: Served) -> None:
    shards, pages = indexed_pages(example_server.root)
    last = sorted((url for url, p in pages.items() if p.shard == shards[-1]
                   and p.title.isalpha()), key=lambda url: pages[url].title)[0]
    page.goto(example_server.url("/"))
    search(page, pages[last].title)
    expect(page.locator(".search__results [role=option]").first.locator(
        ".search-result__title")).to_have_text(pages[last].title)
    assert shown(page)[0] == last


def test_the_kind_filter_narrows_results_from_every_shard(page: Page,
                                                          example_server: Served) -> None:
    _, pages = indexed_pages(example_server.root)
    foods = {url for url, p in pages.items() if "magnesium" in p.words and p.kind == "Food"}
    assert len({pages[url].shard for url in foods}) > 1

    page.goto(example_server.url("/"))
    search(page, "magnesium")
    chip = page.locator(".search__chip[data-kind='Food']")
    expect(chip.locator(".count")).to_have_text(str(len(foods)))
    chip.click()
    expect(chip).to_have_attribute("aria-pressed", "true")
    expect(page.locator(".search__results [role=option]")).to_have_count(len(foods))
    assert set(shown(page)) == foods
    assert set(page.locator(".search-result__kind").all_text_contents()) == {"Food"}

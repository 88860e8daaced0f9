"""Search shards kept in the cache: a shard Pagefind made once is taken from there the next time
its pages read the same (the output folder deleted, another output folder), never when its files
changed since; and a page's shard depends only on what Pagefind reads of the page."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.test_incremental_build import (
    Clock,
    assert_same_files,
    cli_build,
    every_shard_indexed,
    everything,
)
from tests.test_incremental_property import small_site
from tests.test_search_index import page_html

from braindiet.site.build import build
from braindiet.site.search import (
    _IGNORED_ELEMENT,
    IGNORED,
    SEARCH_DIR,
    SEARCHABLE,
    ShardStore,
    marked_tags,
    read_inside,
    search_digest,
)

# Counting the shards Pagefind makes: none may come from another test's builds.
pytestmark = pytest.mark.usefixtures("private_search_store")


def clean_build(root: Path, folder: Path) -> dict[str, bytes]:
    with every_shard_indexed():
        build(root, folder)
    return everything(folder)


def test_a_build_into_an_emptied_folder_takes_the_search_index_from_the_cache(tmp_path: Path
                                                                              ) -> None:
    root, output = small_site(tmp_path / "src"), tmp_path / "out" / "site"
    Clock().settle(root)
    assert "search index rebuilt" in cli_build(root, output)
    shutil.rmtree(output)
    again = cli_build(root, output)
    assert "search index reused" in again and "0 unchanged" in again  # every page rendered
    assert_same_files(everything(output), clean_build(root, tmp_path / "clean" / "site"))
    elsewhere = cli_build(root, tmp_path / "elsewhere" / "site")
    assert "search index reused" in elsewhere


def test_a_kept_shard_whose_files_changed_since_is_made_again(tmp_path: Path) -> None:
    """A site's search files may be hard links to the kept ones: a file edited in place in the
    site changes the kept copy too, which must then not be used."""
    root, output = small_site(tmp_path / "src"), tmp_path / "out" / "site"
    Clock().settle(root)
    cli_build(root, output)
    fragment = sorted((output / SEARCH_DIR).rglob("*.pf_fragment"))[0]
    with fragment.open("r+b") as handle:  # in place, as an editor or a minifier might
        handle.write(b"broken")
    shutil.rmtree(output)
    line = cli_build(root, output)
    assert re.search(r"search index updated \(1 of \d+ shards\)", line), line
    assert_same_files(everything(output), clean_build(root, tmp_path / "clean" / "site"))


def test_the_store_keeps_the_most_recently_used_shards(tmp_path: Path) -> None:
    made = tmp_path / "made"
    (made / "fragment").mkdir(parents=True)
    (made / "fragment" / "a.pf_fragment").write_bytes(b"fragment")
    store = ShardStore(tmp_path / "store")
    for key in ("first", "second", "third"):
        store.keep(key, made, frozenset({"fragment/a.pf_fragment"}))
    assert store.take("first", tmp_path / "taken") is not None  # now the most recently used
    store.prune(keep=2)
    assert store.take("second", tmp_path / "second") is None
    for key in ("first", "third"):
        taken = tmp_path / f"again-{key}"
        assert store.take(key, taken) == frozenset({"fragment/a.pf_fragment"})
        assert (taken / "fragment" / "a.pf_fragment").read_bytes() == b"fragment"


texts = st.text(st.characters(blacklist_characters="<>&'", blacklist_categories=("Cs",)),
                max_size=30)


@given(texts, texts)
def test_a_page_searches_the_same_whatever_surrounds_its_searchable_part(sidebar: str,
                                                                         footer: str) -> None:
    page = page_html("Zinc", "Zinc text.")
    around = page.replace("Other page 3", sidebar).replace("Footer text", footer)
    assert search_digest(around.encode()) == search_digest(page.encode())
    searched_differently = page.replace("Zinc text.", f"Zinc text. {sidebar}!")
    assert search_digest(searched_differently.encode()) != search_digest(page.encode())
    assert search_digest(page.replace(" data-pagefind-body", "").encode()) is None


html_bits = st.lists(st.sampled_from([
    "<div", "<p", "<section", " ", "\n", "x", ">", "<", "=", "'", "data-pagefind-ignore",
    "data-pagefind-body", "data-pagefind-ignored", "xdata-pagefind-ignore", " id=", "<img",
    "<IMG", " ID=", "-id=", "</div>", "\t",
]), max_size=30).map("".join)


@given(html_bits)
def test_marked_tags_are_found_as_the_pattern_finds_them(html: str) -> None:
    data = html.encode()
    found = [m.span() for m in marked_tags(_IGNORED_ELEMENT, IGNORED, data)]
    assert found == [m.span() for m in _IGNORED_ELEMENT.finditer(data)]
    body = re.compile(rb"<([a-zA-Z][a-zA-Z0-9-]*)\b[^>]*\sdata-pagefind-body\b[^>]*>")
    assert [m.span() for m in marked_tags(body, SEARCHABLE, data)] == \
        [m.span() for m in body.finditer(data)]


@given(html_bits)
def test_what_pagefind_reads_inside_a_part_is_found_in_any_case(html: str) -> None:
    assert read_inside(html.encode()) == bool(re.search(rb"<img\b|\sid=", html.encode(),
                                                        re.IGNORECASE))

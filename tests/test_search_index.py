"""The search index on disk: shards re-indexed only when their pages change, a live site's old
files kept for a tab that loaded them, and pages cut down for Pagefind indexed as if whole."""

from __future__ import annotations

import gzip
import json
import subprocess
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from braindiet.site.record import content_digest
from braindiet.site.search import (
    ENTRY_FILE,
    MANIFEST,
    SEARCH_DIR,
    SEARCHABLE,
    SearchIndex,
    index_files,
    index_site,
    pagefind_command,
    search_part,
)

SIDEBAR = "".join(f"<li><a href='/docs/other-{n}/'>Other page {n}</a></li>" for n in range(60))


def page_html(name: str, text: str, kind: str = "Food") -> str:
    return (f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>{name}</title>"
            f"</head><body class='kind'><nav class='sidebar'><ul>{SIDEBAR}</ul></nav>"
            f"<main><article class='doc' data-pagefind-body><h1>{name}</h1>"
            f"<p data-pagefind-meta='kind' data-pagefind-ignore>{kind}</p>"
            f"<figure data-pagefind-ignore><img src='/img/{name}.svg' alt='Drawing of {name}'>"
            f"</figure><div><p>{text}</p><div data-pagefind-ignore><table><tr><td>Not "
            f"searched</td></tr></table></div></div><section data-pagefind-ignore>"
            f"<h2 id='sources'>Sources</h2><p>A source.</p></section><h2 id='more'>More</h2>"
            f"<p>More text.</p>"
            f"</article></main><footer><p>Footer text</p></footer></body></html>")


def write_page(folder: Path, name: str, text: str) -> None:
    page = folder / name / "index.html"
    page.parent.mkdir(parents=True, exist_ok=True)
    page.write_text(page_html(name, text), encoding="utf-8")


def searchable(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): content_digest(p.read_bytes())
            for p in sorted(folder.rglob("*.html"))
            if SEARCH_DIR not in p.parts and SEARCHABLE in p.read_bytes()}


def shards_listed(folder: Path) -> list[str]:
    listed = json.loads((folder / SEARCH_DIR / MANIFEST).read_text(encoding="utf-8"))["shards"]
    assert isinstance(listed, list)
    return listed


def meta_file(shard: Path) -> str:
    """The file the entry names first: what a tab loads right after the entry."""
    entry = json.loads((shard / ENTRY_FILE).read_text(encoding="utf-8"))
    (language,) = entry["languages"].values()
    return f"pagefind.{language['hash']}.pf_meta"


def fragments(shard: Path, current: SearchIndex | None = None) -> dict[str, dict[str, object]]:
    """What the index says of each page (Pagefind's fragment files), by URL; only the files
    of `current` when given (a live site keeps the previous generation's files too)."""
    found: dict[str, dict[str, object]] = {}
    for file in shard.glob("fragment/*.pf_fragment"):
        if current is not None and \
                file.relative_to(shard.parent).as_posix() not in current.files:
            continue
        data = gzip.decompress(file.read_bytes())
        fragment = json.loads(data[data.index(b"{"):])  # after Pagefind's signature
        found[fragment["url"]] = fragment
    return found


def test_reindexing_keeps_the_previous_index_files_for_one_generation(tmp_path: Path) -> None:
    write_page(tmp_path, "spinach", "Spinach holds magnesium.")
    write_page(tmp_path, "almonds", "Almonds hold magnesium too.")
    first = index_site(tmp_path, searchable(tmp_path))
    index = tmp_path / SEARCH_DIR
    assert first.files == index_files(index)
    (shard,) = shards_listed(tmp_path)
    first_meta = meta_file(index / shard)

    write_page(tmp_path, "almonds", "Almonds, freshly edited: zorbleberry.")
    second = index_site(tmp_path, searchable(tmp_path), first)
    assert meta_file(index / shard) != first_meta  # the entry names the new index ...
    assert first.files | second.files == index_files(index)  # ... and every old file is there
    assert not list(tmp_path.glob(".pagefind-*"))  # no temporary folder left behind

    write_page(tmp_path, "almonds", "Almonds, edited again.")
    third = index_site(tmp_path, searchable(tmp_path), second)
    assert second.files | third.files == index_files(index)
    assert not (index / shard / first_meta).exists()


def test_an_edit_reindexes_only_the_shard_of_the_edited_page(tmp_path: Path) -> None:
    for n in range(40):
        write_page(tmp_path, f"food-{n}", f"Food number {n} holds magnesium.")
    first = index_site(tmp_path, searchable(tmp_path))
    assert first.rebuilt == len(first.shards) > 1 and first.outcome == "rebuilt"
    index = tmp_path / SEARCH_DIR
    before = {path: (index / path).stat() for path in first.files}

    write_page(tmp_path, "food-7", "Food number 7, edited: zorbleberry.")
    second = index_site(tmp_path, searchable(tmp_path), first)
    assert second.rebuilt == 1 and second.outcome == f"updated (1 of {len(first.shards)} shards)"
    (edited,) = [name for name in first.shards if first.shards[name] != second.shards[name]]
    assert "/food-7/" in fragments(index / edited)
    for path, stat in before.items():
        if not path.startswith(f"{edited}/") and path != MANIFEST:  # the others: untouched
            assert (index / path).stat().st_mtime_ns == stat.st_mtime_ns

    nothing = index_site(tmp_path, searchable(tmp_path), second)
    assert nothing.rebuilt == 0 and nothing.outcome == "reused"


def test_every_page_is_found_in_one_shard_and_the_shards_are_listed(tmp_path: Path) -> None:
    for n in range(40):
        write_page(tmp_path, f"food-{n}", f"Food number {n}.")
    made = index_site(tmp_path, searchable(tmp_path))
    listed = shards_listed(tmp_path)
    assert listed == sorted(made.shards) and len(listed) > 1
    urls = [url for shard in listed for url in fragments(tmp_path / SEARCH_DIR / shard)]
    assert sorted(urls) == sorted(f"/food-{n}/" for n in range(40))


def test_removing_a_page_drops_it_from_the_index(tmp_path: Path) -> None:
    for n in range(20):
        write_page(tmp_path, f"food-{n}", f"Food number {n}.")
    first = index_site(tmp_path, searchable(tmp_path))
    (tmp_path / "food-3" / "index.html").unlink()
    second = index_site(tmp_path, searchable(tmp_path), first)
    assert second.rebuilt == 1
    urls = [url for shard in shards_listed(tmp_path)
            for url in fragments(tmp_path / SEARCH_DIR / shard, second)]
    assert "/food-3/" not in urls and len(urls) == 19


def test_a_page_cut_down_for_pagefind_is_indexed_as_the_whole_page(tmp_path: Path) -> None:
    """Pagefind reads only the head and the searchable element of the copy it is given; what
    it records of the page (text, title, kind, anchors) is what the whole page gives."""
    site, whole = tmp_path / "site", tmp_path / "whole"
    for folder in (site, whole):
        write_page(folder, "magnesium", "Magnesium supports <b>nerves</b> &amp; muscles.")
    copy = search_part((site / "magnesium/index.html").read_bytes())
    assert copy is not None and b"Other page" not in copy  # no sidebar
    assert b"Not searched" not in copy  # an ignored table is left out of the copy ...
    assert b"Drawing of" in copy and b"id='sources'" in copy  # ... an image or anchor is not
    index_site(site, searchable(site))
    subprocess.run([*pagefind_command(), "--site", str(whole), "--output-path",
                    str(whole / "index"), "--silent"], check=True)
    (shard,) = shards_listed(site)
    cut = fragments(site / SEARCH_DIR / shard)
    assert cut == fragments(whole / "index")
    assert cut["/magnesium/"]["meta"] == {"title": "magnesium", "kind": "Food",
                                          "image": "/img/magnesium.svg",
                                          "image_alt": "Drawing of magnesium"}
    assert "Not searched" not in str(cut["/magnesium/"]["content"])


def test_pages_with_pagefind_markup_outside_the_body_are_given_whole() -> None:
    page = page_html("Zinc", "Zinc text.")
    assert search_part(page.encode()) is not None
    meta_outside = page.replace("<footer>", "<footer data-pagefind-meta='extra'>")
    two_bodies = page.replace("<footer>", "<footer data-pagefind-body>")
    commented = page.replace("<h1>", "<!-- </article> --><h1>")
    inline_script = page.replace("<h1>", "<script>var a = '</article>';</script><h1>")
    unmarked = page.replace(" data-pagefind-body", "")
    for whole in (meta_outside, two_bodies, commented, inline_script, unmarked):
        assert search_part(whole.encode()) is None


texts = st.text(st.characters(blacklist_characters="<>&", blacklist_categories=("Cs",)),
                max_size=40)


@given(st.lists(texts, max_size=5), texts, st.integers(min_value=0, max_value=3))
def test_the_cut_keeps_the_head_and_the_whole_searchable_element(sidebar: list[str], body: str,
                                                                  nesting: int) -> None:
    element = ("<article class='doc' data-pagefind-body><h1>Title</h1>"
               + "<article>" * nesting + f"<p>{body}</p>" + "</article>" * nesting
               + "<script src='/a.js' defer></script></article>")
    head = "<!doctype html><html lang='de'><head><title>T</title></head><body>"
    page = head + "".join(f"<nav><p>{s}</p></nav>" for s in sidebar) + element \
        + "<article><p>after</p></article></body></html>"
    cut = search_part(page.encode("utf-8"))
    assert cut == (head + element + "</body></html>\n").encode("utf-8")


def test_an_empty_site_has_an_empty_shard_list(tmp_path: Path) -> None:
    made = index_site(tmp_path, {})
    assert made == SearchIndex({}, frozenset({MANIFEST}), 0) and shards_listed(tmp_path) == []


def test_a_new_shard_count_replaces_every_shard_and_the_old_ones_go_a_generation_later(
        tmp_path: Path) -> None:
    for n in range(15):
        write_page(tmp_path, f"food-{n}", f"Food number {n}.")
    first = index_site(tmp_path, searchable(tmp_path))
    write_page(tmp_path, "food-15", "The sixteenth food.")  # 16 pages: more shards
    second = index_site(tmp_path, searchable(tmp_path), first)
    assert not set(first.shards) & set(second.shards) and len(second.shards) > len(first.shards)
    assert second.outcome == "rebuilt" and shards_listed(tmp_path) == sorted(second.shards)
    folders = {p.name for p in (tmp_path / SEARCH_DIR).iterdir() if p.is_dir()}
    assert folders == set(first.shards) | set(second.shards)  # the old ones, for open tabs
    write_page(tmp_path, "food-15", "The sixteenth food, edited.")
    index_site(tmp_path, searchable(tmp_path), second)
    folders = {p.name for p in (tmp_path / SEARCH_DIR).iterdir() if p.is_dir()}
    assert folders == set(second.shards)

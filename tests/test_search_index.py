"""Re-indexing a live site: a tab that loaded the old search index keeps finding its files."""

from __future__ import annotations

import json
from pathlib import Path

from braindiet.site.search import ENTRY_FILE, SEARCH_DIR, index_files, index_site


def write_page(folder: Path, name: str, text: str) -> None:
    page = folder / name / "index.html"
    page.parent.mkdir(parents=True, exist_ok=True)
    page.write_text(f"<!doctype html><html lang='en'><head><title>{name}</title></head>"
                    f"<body><main data-pagefind-body><h1>{name}</h1><p>{text}</p></main>"
                    "</body></html>", encoding="utf-8")


def meta_file(index: Path) -> str:
    """The file the entry names first: what a tab loads right after the entry."""
    entry = json.loads((index / ENTRY_FILE).read_text(encoding="utf-8"))
    (language,) = entry["languages"].values()
    return f"pagefind.{language['hash']}.pf_meta"


def test_reindexing_keeps_the_previous_index_files_for_one_generation(tmp_path: Path) -> None:
    write_page(tmp_path, "spinach", "Spinach holds magnesium.")
    write_page(tmp_path, "almonds", "Almonds hold magnesium too.")
    first = index_site(tmp_path)
    index = tmp_path / SEARCH_DIR
    assert first == index_files(index)
    first_meta = meta_file(index)

    write_page(tmp_path, "almonds", "Almonds, freshly edited: zorbleberry.")
    second = index_site(tmp_path, keep=first)
    assert meta_file(index) != first_meta  # the entry names the new index ...
    assert first | second == index_files(index)  # ... and every old file is still there
    assert not list(tmp_path.glob(".pagefind-*"))  # no temporary folder left behind

    write_page(tmp_path, "almonds", "Almonds, edited again.")
    third = index_site(tmp_path, keep=second)
    assert second | third == index_files(index)
    assert not (index / first_meta).exists()

"""The dev server's search index: after an edit it re-indexes only the shards whose pages
changed, and the index it then serves is the one a clean build writes."""

from __future__ import annotations

import shutil
from pathlib import Path

from braindiet.project import example_site
from braindiet.site.build import build
from braindiet.site.incremental import LiveSite
from braindiet.site.search import SEARCH_DIR, index_files


def current_index(live: LiveSite) -> dict[str, bytes]:
    index = live.output / SEARCH_DIR
    return {path: (index / path).read_bytes() for path in sorted(live.search_index.files)}


def clean_index(live: LiveSite, scratch: Path) -> dict[str, bytes]:
    build(live.root, scratch, dev=live.dev)
    index = scratch / SEARCH_DIR
    return {path: (index / path).read_bytes() for path in sorted(index_files(index))}


def test_an_edit_reindexes_its_shards_and_serves_what_a_clean_build_writes(tmp_path: Path
                                                                          ) -> None:
    root = tmp_path / "site"
    shutil.copytree(example_site(), root)
    live = LiveSite(root, tmp_path / "live")
    first = live.search_index
    assert len(first.shards) > 1

    almonds = root / "docs/foods/almonds.md"
    almonds.write_text(almonds.read_text(encoding="utf-8").replace(
        "Tree nut providing", "Zorbleberry tree nut providing"), encoding="utf-8")
    live.rebuild()
    live.reindex()
    second = live.search_index
    assert 0 < second.rebuilt < len(second.shards)  # the pages naming almonds' description
    assert current_index(live) == clean_index(live, tmp_path / "clean-1")
    on_disk = index_files(live.output / SEARCH_DIR)
    assert first.files | second.files == on_disk  # the old files, for a tab that has them

    live.reindex()  # nothing changed since: nothing is re-indexed, nothing removed
    assert live.search_index.rebuilt == 0
    assert index_files(live.output / SEARCH_DIR) == on_disk

    (root / "docs/foods/onions.md").unlink()
    live.rebuild()
    live.reindex()
    assert current_index(live) == clean_index(live, tmp_path / "clean-2")
    assert index_files(live.output / SEARCH_DIR) == live.search_index.files | second.files

"""The rendered files a command-line build keeps in the cache: a build into an emptied or
damaged output folder writes back what none of whose inputs changed, byte for byte what a
build that renders everything writes; whatever is wrong with the store costs only time."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.test_incremental_build import (
    Clock,
    assert_same_files,
    cli_build,
    everything,
    reference_build,
)
from tests.test_incremental_property import small_site

from braindiet.site import build as site_build
from braindiet.site import store as rendered_store
from braindiet.site.record import record_key
from braindiet.site.store import NAMESPACE, SUFFIX, RenderedStore

pytestmark = pytest.mark.usefixtures("private_search_store")


def restored_and_rendered(line: str) -> tuple[int, int]:
    import re

    rendered = re.search(r"([\d,]+) rendered", line)
    restored = re.search(r"([\d,]+) restored from the cache", line)
    assert rendered is not None, line
    return (int(restored[1].replace(",", "")) if restored else 0,
            int(rendered[1].replace(",", "")))


def segments(root: Path, output: Path) -> list[Path]:
    store = RenderedStore.in_cache(record_key(root.resolve(), output.resolve()))
    assert store is not None
    return sorted(store.folder.glob(f"*{SUFFIX}"))


@pytest.fixture()
def built(tmp_path: Path) -> tuple[Path, Path]:
    root, output = small_site(tmp_path / "src"), tmp_path / "out" / "site"
    Clock().settle(root)
    cli_build(root, output)
    return root, output


def test_a_build_into_an_emptied_folder_writes_back_what_it_rendered(
        built: tuple[Path, Path], tmp_path: Path) -> None:
    root, output = built
    shutil.rmtree(output)
    line = cli_build(root, output)
    restored, rendered = restored_and_rendered(line)
    files = int(line.split(" files:")[0].rsplit("(", 1)[1].replace(",", ""))
    # what reads the permalink ledger (whose history was in the folder) is made again
    assert restored > files // 2 and restored + rendered == files
    reference_build(root, tmp_path / "empty" / "site", tmp_path, search=True)
    got, want = everything(output), everything(tmp_path / "reference" / "site")
    assert_same_files(got, want)


def test_files_deleted_from_the_output_are_written_back(built: tuple[Path, Path],
                                                        tmp_path: Path) -> None:
    root, output = built
    clean = everything(output)
    (output / "docs/foods/almonds/index.html").unlink()
    shutil.rmtree(output / "docs/substances")
    line = cli_build(root, output)
    assert restored_and_rendered(line)[0] >= 2
    assert_same_files(everything(output), clean)


@pytest.mark.parametrize("damage", ["flipped bytes", "truncated", "deleted"])
def test_a_damaged_store_costs_rendering_not_correctness(damage: str,
                                                         built: tuple[Path, Path]) -> None:
    root, output = built
    clean = everything(output)
    found = segments(root, output)
    assert found
    for segment in found:
        data = segment.read_bytes()
        if damage == "flipped bytes":
            segment.write_bytes(bytes(b ^ 0x20 for b in data))
        elif damage == "truncated":
            segment.write_bytes(data[: len(data) // 3])
        else:
            segment.unlink()
    shutil.rmtree(output)
    restored, rendered = restored_and_rendered(cli_build(root, output))
    if damage == "truncated":  # the files in the part left are as they were
        assert restored > 0 and rendered > 0
    else:
        assert restored == 0
    assert_same_files(everything(output), clean)
    shutil.rmtree(output)  # the build just made stored what it rendered again
    assert restored_and_rendered(cli_build(root, output))[0] > 0
    assert_same_files(everything(output), clean)


def test_workers_store_what_they_render(tmp_path: Path,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """Forked render workers each keep a segment of their own (however the tasks fell to
    them); a later build reads them."""
    monkeypatch.setattr(site_build, "PARALLEL_FROM", 2)
    root, output = small_site(tmp_path / "src"), tmp_path / "out" / "site"
    Clock().settle(root)
    site_build.build(root, output, workers=2, incremental=True)
    clean = everything(output)
    assert segments(root, output)
    shutil.rmtree(output)
    result = site_build.build(root, output, workers=2, incremental=True)
    assert result.restored > result.files // 2
    assert_same_files(everything(output), clean)


def test_segments_no_build_uses_are_deleted(built: tuple[Path, Path]) -> None:
    root, output = built
    for _ in range(3):
        shutil.rmtree(output)
        cli_build(root, output)  # each writes a segment of what it made again
    store = RenderedStore.in_cache(record_key(root.resolve(), output.resolve()))
    assert store is not None
    stray = store.folder / f"orphan{SUFFIX}"
    stray.write_bytes(b"left by a build that was stopped")
    shutil.rmtree(output)
    cli_build(root, output)
    assert stray not in segments(root, output)
    assert len(segments(root, output)) <= 2  # the first build's, and the last one's
    assert store.folder.parent.name == NAMESPACE


# ---- the store itself -----------------------------------------------------------------------

blobs = st.dictionaries(st.text("abcdefgh/", min_size=1, max_size=8),
                        st.binary(max_size=300), min_size=1, max_size=30)


@settings(max_examples=60, deadline=None)
@given(first=blobs, second=blobs, slack=st.sampled_from([0, 10**9]))
def test_the_store_reads_back_what_it_kept_after_tidying(first: dict[str, bytes],
                                                         second: dict[str, bytes],
                                                         slack: int) -> None:
    """Two builds' worth of files; the second keeps some of the first's. After tidying,
    every live file reads back as written, whether or not the store was compacted."""
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        store = RenderedStore(Path(folder))
        places = {path: store.append(data) for path, data in first.items()}
        live = {path: place for path, place in places.items() if path in second}
        for path, data in second.items():
            if path not in live or first[path] != data:
                live[path] = store.append(data)
        wanted = {path: data for path, data in second.items()}
        patched = pytest.MonkeyPatch()
        patched.setattr(rendered_store, "SLACK", slack)
        try:
            kept = store.tidy({path: place for path, place in live.items() if place})
        finally:
            patched.undo()
        reader = RenderedStore(Path(folder))
        assert {path: reader.read(place) for path, place in kept.items()} == wanted
        used = {place.segment for place in kept.values()}
        assert {p.name for p in Path(folder).iterdir()} == used
        if slack == 0 and kept:
            assert len(used) == 1  # compacted into one segment

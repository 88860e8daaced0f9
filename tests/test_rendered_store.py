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
from braindiet.site.record import content_digest, record_key
from braindiet.site.store import NAMESPACE, RenderedStore

pytestmark = pytest.mark.usefixtures("private_search_store")


def restored_and_rendered(line: str) -> tuple[int, int]:
    import re

    rendered = re.search(r"([\d,]+) rendered", line)
    restored = re.search(r"([\d,]+) restored from the cache", line)
    assert rendered is not None, line
    return (int(restored[1].replace(",", "")) if restored else 0,
            int(rendered[1].replace(",", "")))


def store_of(root: Path, output: Path) -> RenderedStore:
    store = RenderedStore.in_cache(record_key(root.resolve(), output.resolve()))
    assert store is not None
    return store


def entries(root: Path, output: Path) -> list[Path]:
    return sorted(p for p in store_of(root, output).folder.glob("*/*") if p.is_file())


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


@pytest.mark.parametrize("damage", ["written through in place", "replaced", "deleted"])
def test_a_damaged_store_costs_rendering_not_correctness(damage: str,
                                                         built: tuple[Path, Path]) -> None:
    root, output = built
    clean = everything(output)
    found = entries(root, output)
    assert len(found) > len(clean) // 2
    for entry in found:
        if damage == "written through in place":  # the site's file is the same file
            with entry.open("r+b") as handle:
                handle.write(b"<!-- edited -->")
        elif damage == "replaced":
            entry.unlink()
            entry.write_bytes(b"something else")
        else:
            shutil.rmtree(entry.parent, ignore_errors=True)
    shutil.rmtree(output)
    assert restored_and_rendered(cli_build(root, output))[0] == 0
    assert_same_files(everything(output), clean)
    shutil.rmtree(output)  # the build just made kept what it rendered again
    assert restored_and_rendered(cli_build(root, output))[0] > 0
    assert_same_files(everything(output), clean)


def test_the_store_links_the_sites_files(built: tuple[Path, Path]) -> None:
    """Keeping a file costs no copy: each entry is the site's file itself."""
    root, output = built
    site_files = {p.stat().st_ino for p in output.rglob("*") if p.is_file()}
    assert {p.stat().st_ino for p in entries(root, output)} <= site_files


def test_workers_store_what_they_render(tmp_path: Path,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """Forked render workers keep what each renders; a later build puts it back."""
    monkeypatch.setattr(site_build, "PARALLEL_FROM", 2)
    root, output = small_site(tmp_path / "src"), tmp_path / "out" / "site"
    Clock().settle(root)
    site_build.build(root, output, workers=2, incremental=True)
    clean = everything(output)
    assert entries(root, output)
    shutil.rmtree(output)
    result = site_build.build(root, output, workers=2, incremental=True)
    assert result.restored > result.files // 2
    assert_same_files(everything(output), clean)


def test_entries_no_build_uses_are_deleted(built: tuple[Path, Path], tmp_path: Path) -> None:
    root, output = built
    store = store_of(root, output)
    stray = store.entry("ff" + "0" * 30)
    stray.write_bytes(b"kept by a build of an earlier version of the site")
    before = set(entries(root, output))
    spinach = root / "docs/foods/spinach.md"
    spinach.write_text(spinach.read_text(encoding="utf-8").replace("Leafy.", "Crisp."),
                       encoding="utf-8")
    Clock().settle(root)
    cli_build(root, output)
    after = set(entries(root, output))
    assert stray not in after
    assert before - after and after - before  # the edited page's old bytes went, new came
    pages = [path.read_bytes() for path in (output / "docs").rglob("*.html")]
    assert {content_digest(page) for page in pages} <= {p.name for p in after}


def test_only_the_stores_of_the_latest_output_folders_are_kept(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BRAINDIET_CACHE", str(tmp_path / "cache"))  # no other test's stores
    root = small_site(tmp_path / "src")
    Clock().settle(root)
    outputs = [tmp_path / f"out-{n}" / "site" for n in range(rendered_store.KEPT_STORES + 2)]
    for output in outputs:
        cli_build(root, output)
    kept = [output for output in outputs if store_of(root, output).folder.exists()]
    assert kept == outputs[-rendered_store.KEPT_STORES:]


# ---- the store itself -----------------------------------------------------------------------

blobs = st.dictionaries(st.text("abcdef0123456789", min_size=4, max_size=8),
                        st.binary(max_size=300), min_size=1, max_size=20)


@settings(max_examples=40, deadline=None)
@given(first=blobs, second=blobs)
def test_kept_files_read_back_as_they_were_written(first: dict[str, bytes],
                                                   second: dict[str, bytes]) -> None:
    """Two builds' files, by digest; after tidying for the second, each of its files reads
    back as written and nothing else is left."""
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        store = RenderedStore(base / NAMESPACE / "site")
        stamps = {}
        for generation, files in enumerate((first, second)):
            for name, data in files.items():
                written = base / f"site-{generation}" / name
                written.parent.mkdir(parents=True, exist_ok=True)
                written.write_bytes(data)
                stamps[name] = store.keep(written, name)
        store.tidy(second.keys())
        for name, data in second.items():
            stamped = stamps[name]
            assert stamped is not None
            entry = store.kept(name, stamped)
            assert entry is not None and entry.read_bytes() == data
        assert {p.name for p in store.folder.glob("*/*")} == set(second)


def test_static_files_come_back_from_the_store_until_their_source_changes(
        built: tuple[Path, Path], tmp_path: Path) -> None:
    root, output = built
    statics = sorted(p.relative_to(root / "static").as_posix()
                     for p in (root / "static").rglob("*") if p.is_file())
    assert statics
    first = statics[0]
    inode = (output / first).stat().st_ino
    shutil.rmtree(output)
    cli_build(root, output)
    assert (output / first).stat().st_ino == inode  # the same file, linked back
    assert (output / first).read_bytes() == (root / "static" / first).read_bytes()
    source = root / "static" / first
    source.write_bytes(source.read_bytes() + b"\n% changed\n")
    Clock().settle(root)
    shutil.rmtree(output)
    cli_build(root, output)
    assert (output / first).read_bytes() == source.read_bytes()
    reference_build(root, tmp_path / "empty" / "site", tmp_path, search=True)
    assert_same_files(everything(output), everything(tmp_path / "reference" / "site"))

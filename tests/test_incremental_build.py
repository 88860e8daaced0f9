"""Edit-sized command-line builds: after any series of edits, `braindiet build` into the same
folder writes byte for byte what a build that renders everything writes, and says what it
rendered and what it kept.

The reference is a full build (no record) into a copy of the folder as the previous build left
it, so both see the same permalink ledger: the ledger's history and the `permalink-changed`
reports depend on the previous build by design. A build into a fresh folder is compared too,
for everything but the ledger.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from unittest.mock import patch

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.conftest import page
from tests.test_incremental_property import Edit, edits, small_site
from typer.testing import CliRunner

from braindiet.cli import app
from braindiet.content.ledger import LEDGER_PATH
from braindiet.diagnostics import Diagnostic
from braindiet.site.build import build
from braindiet.site.record import BuildResult, up_to_date
from braindiet.site.search import ShardStore

# Counting the shards Pagefind makes: none may come from another test's builds.
pytestmark = pytest.mark.usefixtures("private_search_store")


runner = CliRunner()
DAY_NS = 86_400 * 10**9


def everything(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def assert_same_files(got: dict[str, bytes], want: dict[str, bytes]) -> None:
    assert sorted(got) == sorted(want), set(got) ^ set(want)
    assert [path for path in want if got[path] != want[path]] == []


class Clock:
    """Gives each edited file an mtime of its own, well in the past, so the build record's
    stamps are trusted (a file written just before a build is never trusted: see record.py)
    and an edit that keeps a file's size still changes its stamp."""

    def __init__(self) -> None:
        self.next_ns = time.time_ns() - DAY_NS

    def settle(self, root: Path) -> None:
        recent = time.time_ns() - DAY_NS // 2
        for path in sorted(root.rglob("*")):
            if path.is_file() and path.stat().st_mtime_ns > recent:
                self.next_ns += 10**9
                os.utime(path, ns=(self.next_ns, self.next_ns))


def command_line_build(root: Path, output: Path, search: bool) -> BuildResult:
    """What `braindiet build` does, in process (search off keeps the property test fast)."""
    return up_to_date(root, output, search=search) or build(root, output, search=search,
                                                            incremental=True)


@contextmanager
def every_shard_indexed() -> Iterator[None]:
    """A clean build's search index: Pagefind makes every shard, none comes from the cache."""
    with patch.object(ShardStore, "in_cache", return_value=None):
        yield


def reference_build(root: Path, output: Path, scratch: Path, search: bool) -> BuildResult:
    """A build that renders and indexes everything, from the same previous site."""
    reference = scratch / "reference" / "site"
    shutil.rmtree(reference.parent, ignore_errors=True)
    reference.parent.mkdir(parents=True)
    if output.exists():
        shutil.copytree(output, reference)
    with every_shard_indexed():
        return build(root, reference, search=search, workers=1)


def same_folder(diagnostics: list[Diagnostic], folder: Path, instead: Path) -> list[Diagnostic]:
    """The diagnostics as a build into `instead` words them (some name the ledger's file)."""
    return [replace(d, message=d.message.replace(str(folder), str(instead)))
            for d in diagnostics]


def build_and_compare(root: Path, output: Path, scratch: Path, search: bool = False
                      ) -> BuildResult:
    reference = reference_build(root, output, scratch, search)
    result = command_line_build(root, output, search)
    assert_same_files(everything(output), everything(scratch / "reference" / "site"))
    assert result.diagnostics == same_folder(reference.diagnostics, reference.output, output)
    assert (result.pages, result.files) == (reference.pages, reference.files)
    fresh = scratch / "fresh" / "site"
    shutil.rmtree(fresh.parent, ignore_errors=True)
    with every_shard_indexed():
        build(root, fresh, search=search, workers=1)
    got, want = everything(output), everything(fresh)
    del got[LEDGER_PATH], want[LEDGER_PATH]
    assert_same_files(got, want)
    return result


@settings(max_examples=40, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.lists(st.tuples(edits, st.booleans()), min_size=1, max_size=5))
def test_command_line_builds_over_random_edit_series_equal_full_builds(
        series: list[tuple[Edit, bool]]) -> None:
    """Each step edits the site and, at random, deletes the output folder first (the build
    then writes back from the cache what the edit did not reach)."""
    with tempfile.TemporaryDirectory() as scratch_dir:
        scratch = Path(scratch_dir)
        root, output, clock = small_site(scratch / "src"), scratch / "out" / "site", Clock()
        clock.settle(root)
        build_and_compare(root, output, scratch)
        for edit, emptied in series:
            edit(root)
            clock.settle(root)
            if emptied:
                shutil.rmtree(output)
            build_and_compare(root, output, scratch)
        again = up_to_date(root, output, search=False)  # no edit since: nothing to do
        assert again is not None and again.rendered == 0


# ---- named edits, through the command itself, search index included -------------------

def cli_build(root: Path, output: Path) -> str:
    result = runner.invoke(app, ["build", str(root), "-o", str(output), "-q"])
    assert result.exit_code == 0, result.output
    return " ".join(result.output.split())


def counts(line: str) -> tuple[int, int, int]:
    """(files, rendered, unchanged) from the end line."""
    found = re.search(r"\(([\d,]+) files: ([\d,]+) rendered, ([\d,]+) unchanged", line)
    assert found is not None, line
    files, rendered, unchanged = (int(n.replace(",", "")) for n in found.groups())
    return files, rendered, unchanged


@pytest.fixture()
def site(tmp_path: Path) -> Iterator[tuple[Path, Path, Clock]]:
    root, clock = small_site(tmp_path / "src"), Clock()
    clock.settle(root)
    yield root, tmp_path / "out" / "site", clock


def edit_and_build(site: tuple[Path, Path, Clock], tmp_path: Path, edit: Edit) -> str:
    root, output, clock = site
    edit(root)
    clock.settle(root)
    reference = reference_build(root, output, tmp_path, search=True)
    line = cli_build(root, output)
    assert_same_files(everything(output), everything(tmp_path / "reference" / "site"))
    assert reference.files > 10
    return line


def _text(relative: str, old: str, new: str) -> Edit:
    def edit(root: Path) -> None:
        path = root / relative
        assert old in path.read_text(encoding="utf-8")
        path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    return edit


def _move(relative: str, to: str) -> Edit:
    def edit(root: Path) -> None:
        (root / to).parent.mkdir(parents=True, exist_ok=True)
        (root / relative).rename(root / to)
    return edit


def _new(relative: str, text: str) -> Edit:
    return lambda root: (root / relative).write_text(text, encoding="utf-8")


NAMED: dict[str, list[Edit]] = {
    "body edit": [_text("docs/foods/spinach.md", "Leafy.", "Leafy and green.")],
    "add a page": [_new("docs/foods/kale.md", page("Kale", "Food", "Magnesium",
                                                   body="Curly."))],
    "delete a page": [lambda root: (root / "docs/foods/spinach.md").unlink()],
    "rename a slug": [_text("docs/foods/almonds.md", "title: Almonds",
                            "title: Almonds\nslug: almond-nuts")],
    "move a file": [_move("docs/foods/almonds.md", "docs/foods/nuts/almonds.md")],
    "retag": [_text("docs/foods/spinach.md", "- Magnesium", "- Vegan")],
    "edit the .bib": [_text("static/refs.bib", "Magnesium Sulfate", "Magnesium Chloride")],
    "edit tags.yml": [_text("docs/tags.yml", "label: Vegan", "label: Plant-based")],
    "edit braindiet.toml": [_text("braindiet.toml", 'title = "Small"', 'title = "Smaller"')],
    "a static file": [_new("static/img/note.txt", "hello")],
    "a link to a page, then its rename": [
        _text("docs/recipes/salad.md", "<RecipeFoods", "[nuts](../foods/almonds.md)\n\n"
                                                      "<RecipeFoods"),
        _text("docs/foods/almonds.md", "title: Almonds", "title: Almonds\nslug: almond-nuts"),
    ],
}


@pytest.mark.parametrize("name", sorted(NAMED))
def test_a_named_edit_builds_what_a_full_build_writes(name: str, site: tuple[Path, Path, Clock],
                                                      tmp_path: Path) -> None:
    root, output, _ = site
    first = cli_build(root, output)
    files, rendered, _ = counts(first)
    assert rendered == files and "search index rebuilt" in first
    for edit in NAMED[name]:
        files, rendered, unchanged = counts(edit_and_build(site, tmp_path, edit))
        assert rendered + unchanged == files
        if name.startswith("edit "):  # the settings, tags.yml, the bibliography reach far
            assert rendered > 0
        elif name != "a static file":
            assert 0 < rendered < files // 2  # the pages the edit reaches, not the rest
    if name == "a link to a page, then its rename":
        html = (output / "docs/recipes/salad/index.html").read_text(encoding="utf-8")
        assert 'href="/docs/foods/almond-nuts/"' in html


def test_the_end_line_says_what_was_rendered_and_what_was_kept(site: tuple[Path, Path, Clock],
                                                               tmp_path: Path) -> None:
    root, output, _ = site
    cli_build(root, output)
    again = cli_build(root, output)
    files, rendered, unchanged = counts(again)
    assert (rendered, unchanged) == (0, files) and "search index reused" in again
    static = edit_and_build(site, tmp_path, _new("static/img/note.txt", "hello"))
    assert "search index reused" in static  # no searchable page changed
    body = edit_and_build(site, tmp_path, _text("docs/foods/spinach.md", "Leafy.", "Crisp."))
    # seven searchable pages make two search shards: only the spinach page's is made again
    assert "search index updated (1 of 2 shards)" in body
    assert 0 < counts(body)[1] < files // 2


def test_a_damaged_output_folder_is_repaired(site: tuple[Path, Path, Clock],
                                             tmp_path: Path) -> None:
    root, output, _ = site
    cli_build(root, output)
    clean = everything(output)
    (output / "index.html").write_text("edited by hand", encoding="utf-8")
    (output / "docs/foods/almonds/index.html").unlink()
    (output / "stray.txt").write_text("not ours", encoding="utf-8")
    index = next((output / "pagefind").rglob("*.pf_fragment"))
    index.write_bytes(b"broken")
    cli_build(root, output)
    assert_same_files(everything(output), clean)


def test_an_edit_changes_the_site_in_place(site: tuple[Path, Path, Clock],
                                           tmp_path: Path) -> None:
    """The folders of the pages it did not reach are the same folders (not made again), and a
    file left in the folder that no build made goes, as a full build would drop it."""
    root, output, _ = site
    cli_build(root, output)
    untouched = output / "docs/foods/almonds"
    folders = {path: path.stat().st_ino for path in (output, untouched)}
    (output / "stray.txt").write_text("not ours", encoding="utf-8")
    line = edit_and_build(site, tmp_path, _text("docs/foods/spinach.md", "Leafy.", "Crisp."))
    assert 0 < counts(line)[1] < counts(line)[0] // 2
    assert {path: path.stat().st_ino for path in folders} == folders
    assert "Crisp." in (output / "docs/foods/spinach/index.html").read_text(encoding="utf-8")


def test_an_edit_build_stopped_while_it_moves_files_in_is_caught_up(
        site: tuple[Path, Path, Clock], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Half of a patch in place: the files already moved in are not the ones the record
    stamped, so the next build does not trust what it cannot vouch for."""
    root, output, clock = site
    cli_build(root, output)
    _text("docs/foods/spinach.md", "Leafy.", "Crisp.")(root)
    _new("docs/foods/kale.md", page("Kale", "Food", "Magnesium", body="Curly."))(root)
    clock.settle(root)
    moved = []
    real_replace = os.replace

    def stop_halfway(source: str, target: str) -> None:
        if Path(target).is_relative_to(output):  # a file of the site (the cache's pass)
            if moved:
                raise KeyboardInterrupt
            moved.append(target)
        real_replace(source, target)

    with monkeypatch.context() as patched:
        patched.setattr(os, "replace", stop_halfway)
        with pytest.raises(KeyboardInterrupt):
            command_line_build(root, output, search=True)
    assert moved
    cli_build(root, output)
    reference_build(root, output, tmp_path, search=True)
    assert_same_files(everything(output), everything(tmp_path / "reference" / "site"))
    assert "Crisp." in (output / "docs/foods/spinach/index.html").read_text(encoding="utf-8")


def test_an_edit_right_after_a_build_is_not_missed(site: tuple[Path, Path, Clock]) -> None:
    """Within the clock's granularity a same-size rewrite keeps size and mtime: a file that
    recent is never trusted to be unchanged."""
    root, output, _ = site
    spinach = root / "docs/foods/spinach.md"
    spinach.write_text(spinach.read_text(encoding="utf-8").replace("Leafy.", "Green."),
                       encoding="utf-8")
    cli_build(root, output)
    spinach.write_text(spinach.read_text(encoding="utf-8").replace("Green.", "Crisp."),
                       encoding="utf-8")
    cli_build(root, output)
    html = (output / "docs/foods/spinach/index.html").read_text(encoding="utf-8")
    assert "Crisp." in html and "Green." not in html


def test_a_failed_edit_sized_build_keeps_the_previous_site(
        site: tuple[Path, Path, Clock], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root, output, clock = site
    cli_build(root, output)
    before = everything(output)

    def explode(*args: object, **kwargs: object) -> None:
        raise RuntimeError("disk on fire")

    _text("docs/foods/spinach.md", "Leafy.", "Crisp.")(root)
    clock.settle(root)
    with monkeypatch.context() as patched:
        patched.setattr("braindiet.site.pages.documents.document_page", explode)
        with pytest.raises(RuntimeError):
            command_line_build(root, output, search=True)
    assert everything(output) == before
    assert [p.name for p in output.parent.iterdir()] == ["site"]  # no half-written folder
    line = cli_build(root, output)  # and the next build catches up
    assert "Crisp." in (output / "docs/foods/spinach/index.html").read_text(encoding="utf-8")
    assert counts(line)[1] > 0
    reference_build(root, output, tmp_path, search=True)
    assert_same_files(everything(output), everything(tmp_path / "reference" / "site"))


@pytest.mark.corpus
def test_an_edit_sized_corpus_build_equals_a_full_build(corpus_root: Path, tmp_path: Path
                                                        ) -> None:
    root, output, clock = tmp_path / "src", tmp_path / "out" / "site", Clock()
    shutil.copytree(corpus_root, root)
    clock.settle(root)
    cli_build(root, output)
    food = sorted((root / "docs/foods").rglob("*.md"))[0]
    line = edit_and_build((root, output, clock), tmp_path,
                          lambda _: food.write_text(food.read_text(encoding="utf-8")
                                                    + "\nA sentence added.\n",
                                                    encoding="utf-8"))
    files, rendered, unchanged = counts(line)
    assert files > 1000 and 0 < rendered < 20 and rendered + unchanged == files
    shards = re.search(r"search index updated \((\d+) of (\d+) shards\)", line)
    assert shards is not None, line  # only the shards of the pages the edit reached
    assert 0 < int(shards[1]) <= rendered and int(shards[1]) < int(shards[2])
    again = cli_build(root, output)
    assert counts(again)[1] == 0 and "search index reused" in again

"""Issue 15, no lost site: the previous build survives a full disk, a broken search index and a
kill at any point of the swap."""

from __future__ import annotations

import errno
import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.conftest import PROJECT_ROOT
from tests.hostile import make_site, tree
from typer.testing import CliRunner

import braindiet.site.output as output_module
import braindiet.site.search as search_module
from braindiet.cli import app
from braindiet.site.build import build
from braindiet.site.output import Staging, recover
from braindiet.site.search import SearchIndexError


@pytest.fixture
def previous(tmp_path: Path) -> tuple[Path, Path, dict[str, bytes]]:
    """A site, its good build in `out`, and that build's files; the site is then edited."""
    site = make_site(tmp_path / "site")
    out = tmp_path / "out"
    build(site, out)
    before = tree(out)
    (site / "docs/foods/kale.md").write_text("---\ntitle: Kale\n---\nA new page.\n")
    return site, out, before


def leftovers(out: Path) -> list[str]:
    return sorted(p.name for p in out.parent.glob(f".{out.name}.*"))


def test_disk_full_while_writing_pages_keeps_the_previous_site(
        previous: tuple[Path, Path, dict[str, bytes]], monkeypatch: pytest.MonkeyPatch) -> None:
    site, out, before = previous
    written = 0
    real_write = Staging.write

    def write_until_full(self: Staging, output: output_module.Output) -> None:
        nonlocal written
        written += 1
        if written > 5:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), output.path)
        real_write(self, output)

    monkeypatch.setattr(Staging, "write", write_until_full)
    result = CliRunner().invoke(app, ["build", str(site), "-o", str(out), "-q"])
    assert result.exit_code == 1 and "No space left on device" in result.output
    assert tree(out) == before and leftovers(out) == []


def test_disk_full_during_the_search_step_fails_the_build_and_keeps_the_previous_site(
        previous: tuple[Path, Path, dict[str, bytes]], monkeypatch: pytest.MonkeyPatch) -> None:
    """Pagefind on a full disk exits 0 and leaves empty files: the build must notice."""
    site, out, before = previous
    real_run = subprocess.run

    def pagefind_on_a_full_disk(*args: object, **kwargs: object) -> object:
        completed = real_run(*args, **kwargs)  # type: ignore[call-overload]
        index = Path(args[0][args[0].index("--output-path") + 1])  # type: ignore[index]
        for fragment in index.rglob("*.pf_fragment"):
            fragment.write_bytes(b"")
        return completed

    monkeypatch.setattr(search_module.subprocess, "run", pagefind_on_a_full_disk)
    result = CliRunner().invoke(app, ["build", str(site), "-o", str(out), "-q"])
    assert result.exit_code == 1 and "search index incomplete" in result.output
    assert "0 errors" not in result.output
    assert tree(out) == before and leftovers(out) == []


@pytest.mark.parametrize("broken", ["pagefind-entry.json", "wasm.en.pagefind", "pagefind.js"])
def test_search_index_missing_a_required_file_fails_the_build(
        previous: tuple[Path, Path, dict[str, bytes]], monkeypatch: pytest.MonkeyPatch,
        broken: str) -> None:
    site, out, before = previous
    real_run = subprocess.run

    def pagefind_losing_a_file(*args: object, **kwargs: object) -> object:
        completed = real_run(*args, **kwargs)  # type: ignore[call-overload]
        index = Path(args[0][args[0].index("--output-path") + 1])  # type: ignore[index]
        (index / broken).unlink()
        return completed

    monkeypatch.setattr(search_module.subprocess, "run", pagefind_losing_a_file)
    with pytest.raises(SearchIndexError):
        build(site, out)
    assert tree(out) == before


@pytest.fixture
def tiny_disk(tmp_path: Path) -> Iterator[Path]:
    """A real 1.8 MB file system (tmpfs), where mounting one is allowed (root on Linux)."""
    disk = tmp_path / "disk"
    disk.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1800k", "tmpfs", str(disk)],
                             capture_output=True, check=False)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.decode().strip()}")
    try:
        yield disk
    finally:
        subprocess.run(["umount", "-l", str(disk)], check=False)


def test_really_full_disk_keeps_the_previous_site(tmp_path: Path, tiny_disk: Path) -> None:
    site = make_site(tmp_path / "site")
    out = tiny_disk / "site"
    assert CliRunner().invoke(app, ["build", str(site), "-o", str(out), "-q"]).exit_code == 0
    before = tree(out)
    for number in range(60):  # pages enough to fill what the disk has left
        (site / f"docs/foods/food-{number}.md").write_text(
            f"---\ntitle: Food {number}\ntags: [Magnesium]\n---\n" + "Words. " * 400 + "\n")
    result = CliRunner().invoke(app, ["build", str(site), "-o", str(out), "-q"])
    assert result.exit_code == 1 and "build failed" in result.output
    assert tree(out) == before and leftovers(out) == []


# ---- kills ---------------------------------------------------------------------------------

KILLER = """
import os, signal, sys
from pathlib import Path
import braindiet.site.output as output
site, out, point = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
def die():
    os.kill(os.getpid(), signal.SIGKILL)
real_exchange, real_rename = output._exchange, Path.rename
if point == "before-swap":
    output.Staging.commit = lambda self, site=(): die()
elif point == "after-exchange":
    def exchange_then_die(first, second):
        real_exchange(first, second) or sys.exit("no exchange on this system")
        die()
    output._exchange = exchange_then_die
elif point == "between-renames":
    output._exchange = lambda first, second: False
    def rename_then_die(self, target):
        result = real_rename(self, target)
        if ".old-" in str(target):
            die()
        return result
    Path.rename = rename_then_die
from braindiet.site.build import build
build(site, out, search=False)
"""


def run_build(site: Path, out: Path, point: str = "none") -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONPATH": str(PROJECT_ROOT / "src")}
    return subprocess.Popen([sys.executable, "-c", KILLER, str(site), str(out), point], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


@pytest.fixture
def two_builds(tmp_path: Path) -> tuple[Path, Path, dict[str, bytes], dict[str, bytes]]:
    """A site with its previous build in `out`, and what the next build (of an edit) writes."""
    site = make_site(tmp_path / "site")
    out = tmp_path / "out"
    build(site, out, search=False)
    old = tree(out)
    (site / "docs/foods/kale.md").write_text("---\ntitle: Kale\n---\nA new page.\n")
    build(site, tmp_path / "new", search=False)
    return site, out, old, tree(tmp_path / "new")


@pytest.mark.parametrize("point", ["before-swap", "after-exchange", "between-renames"])
def test_kill_at_the_swap_keeps_a_complete_site(
        two_builds: tuple[Path, Path, dict[str, bytes], dict[str, bytes]], point: str) -> None:
    site, out, old, new = two_builds
    process = run_build(site, out, point)
    assert process.wait(timeout=120) == -signal.SIGKILL, process.stderr.read()  # type: ignore
    if point != "between-renames":
        assert tree(out) == (new if point == "after-exchange" else old)  # never without a site
    recover(out)  # what the next build does first
    assert tree(out) == (new if point == "after-exchange" else old)
    assert leftovers(out) == []


def test_kill_between_the_two_renames_then_a_failing_build_keeps_the_previous_site(
        two_builds: tuple[Path, Path, dict[str, bytes], dict[str, bytes]],
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The only copy sits in `.out.old-*`: the next build must restore it, not delete it."""
    site, out, old, _new = two_builds
    assert run_build(site, out, "between-renames").wait(timeout=120) == -signal.SIGKILL
    assert not out.exists() and len(leftovers(out)) == 2  # retired old site, finished new one

    def full_disk(self: Staging, output: output_module.Output) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), output.path)

    monkeypatch.setattr(Staging, "write", full_disk)
    with pytest.raises(OSError):
        build(site, out, search=False)
    assert tree(out) == old and leftovers(out) == []


def test_sigkill_at_random_moments_always_leaves_the_old_or_the_new_site(
        two_builds: tuple[Path, Path, dict[str, bytes], dict[str, bytes]]) -> None:
    site, out, _old, _new = two_builds
    started = time.monotonic()
    assert run_build(site, out).wait(timeout=120) == 0
    duration = time.monotonic() - started
    chooser = random.Random(15)
    outcomes = []
    for round_number in range(6):
        previous = tree(out)
        (site / "docs/foods/kale.md").write_text(f"---\ntitle: Kale\n---\nRound {round_number}.\n")
        build(site, out.parent / "expected", search=False)
        expected = tree(out.parent / "expected")
        process = run_build(site, out)
        time.sleep(chooser.uniform(0.3, 1.1) * duration)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=60)
        recover(out)  # what the next build does first
        assert tree(out) in (previous, expected)
        outcomes.append("new" if tree(out) == expected else "old")
    print("sites after each kill:", outcomes)
    assert leftovers(out) == []

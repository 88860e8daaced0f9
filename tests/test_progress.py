"""Progress bars: counts on a terminal, nothing when output is not one or under --quiet."""

from __future__ import annotations

import io
import os
import re
import select
import subprocess
import sys
from pathlib import Path

import pytest
from rich.console import Console
from tests.conftest import page, write_site
from typer.testing import CliRunner

from braindiet import progress
from braindiet.cli import app

pty = pytest.importorskip("pty")
runner = CliRunner()
BAR = "━"
ESCAPE = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def terminal() -> Console:
    return Console(file=io.StringIO(), force_terminal=True, width=100)


def written(console: Console) -> str:
    file = console.file
    assert isinstance(file, io.StringIO)
    return ESCAPE.sub("", file.getvalue())


def test_a_terminal_shows_each_step_with_its_count() -> None:
    console = terminal()
    with progress.shown(console=console):
        for _ in progress.track(range(7), "render"):
            pass
        with progress.step("bibliography", 40) as advance:
            advance(25)
    shown = written(console)
    assert "render" in shown and "7/7" in shown
    assert "bibliography" in shown and "/40" in shown
    assert BAR in shown


def test_output_that_is_not_a_terminal_gets_no_progress() -> None:
    console = Console(file=io.StringIO(), width=100)
    with progress.shown(console=console):
        assert list(progress.track(range(7), "render")) == list(range(7))
    assert written(console) == ""


def test_quiet_shows_nothing_even_on_a_terminal() -> None:
    console = terminal()
    with progress.shown(quiet=True, console=console), progress.step("render", 3) as advance:
        advance(3)
    assert written(console) == ""


def test_steps_outside_a_command_cost_nothing_and_print_nothing(
        capsys: pytest.CaptureFixture[str]) -> None:
    assert list(progress.track(["a", "b"], "checks")) == ["a", "b"]
    with progress.step("search") as advance:
        advance(5)
    assert capsys.readouterr() == ("", "")


@pytest.fixture(scope="module")
def small_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two pages, with two errors (a broken link, a malformed key) and some warnings."""
    return write_site(tmp_path_factory.mktemp("progress") / "site", {
        "docs/foods/links.md": page("Links", "Food", body="[b](/docs/foods/nothing)"),
        "docs/substances/zn.md": page("Zinc", "Substance", inchikey="not-a-key"),
    })


def test_a_build_whose_output_is_captured_shows_no_bars(small_site: Path, tmp_path: Path
                                                          ) -> None:
    result = runner.invoke(app, ["build", str(small_site), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0
    assert "built 2 pages" in result.stderr
    assert BAR not in result.output and "\x1b[" not in result.output


def in_terminal(*arguments: str, module: str = "braindiet.cli") -> str:
    """What `braindiet ARGUMENTS` writes to a terminal (a pseudo-terminal), escapes removed."""
    leader, follower = pty.openpty()
    command = [sys.executable, "-m", module, *arguments]
    process = subprocess.Popen(command, stdin=follower, stdout=follower, stderr=follower,
                               env={**os.environ, "COLUMNS": "120", "TERM": "xterm"})
    os.close(follower)
    chunks: list[bytes] = []
    while select.select([leader], [], [], 120)[0]:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the command ended and closed the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    process.wait(timeout=120)
    os.close(leader)
    assert process.returncode in (0, 1)
    return ESCAPE.sub("", b"".join(chunks).decode("utf-8", "replace"))


def test_a_build_on_a_terminal_shows_bars_with_counts(small_site: Path, tmp_path: Path) -> None:
    shown = in_terminal("build", str(small_site), "-o", str(tmp_path / "out"))
    for step in ("load docs/", "checks", "render", "search"):
        assert re.search(rf"{re.escape(step)}\s+{BAR}+.*?(\d+)/\1", shown), step
    assert "built 2 pages" in shown  # the summary still follows the bars


def test_quiet_on_a_terminal_prints_nothing_but_errors(small_site: Path) -> None:
    shown = in_terminal("check", str(small_site), "--quiet")
    assert BAR not in shown
    assert "link-broken" in shown and "inchikey-malformed" in shown
    assert "warning" not in shown and "tag-unknown" not in shown
    assert "checked" not in shown  # no summary line


def test_export_on_a_terminal_counts_the_edges(small_site: Path, tmp_path: Path) -> None:
    target = tmp_path / "graph.json"
    shown = in_terminal("export", str(small_site), "-o", str(target))
    assert re.search(rf"export\s+{BAR}+.*?(\d+)/\1", shown)
    assert target.read_text(encoding="utf-8").startswith("{")
    assert BAR not in in_terminal("export", str(small_site), "-o", str(target), "--quiet")


def test_nutrition_match_and_chem_resolve_count_their_pages_on_a_terminal(
        small_site: Path) -> None:
    matched = in_terminal("nutrition", "match", str(small_site))
    assert re.search(rf"match\s+{BAR}+.*?1/1", matched)
    assert "Links" in matched  # the candidates are printed as before
    resolved = in_terminal("chem", "resolve", str(small_site))
    assert re.search(rf"structures\s+{BAR}+.*?1/1", resolved)
    quiet = in_terminal("nutrition", "match", str(small_site), "--quiet")
    assert BAR not in quiet and "Links" in quiet

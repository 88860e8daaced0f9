"""The build server (`braindiet/launch.py`): a command it serves gives what the command gives
run in its own process (files, output, exit status), in the caller's folder and environment;
the server keeps nothing of one command for the next, and leaves when idle."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.conftest import page
from tests.test_progress import BAR, in_terminal

from braindiet import example_site, launch

LAUNCH = [sys.executable, "-m", "braindiet.launch"]


def everything(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def wait_for(condition: object, seconds: float = 60.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if callable(condition) and condition():
            return True
        time.sleep(0.05)
    return False


@pytest.fixture
def served(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, str]]:
    """A running server of its own (private runtime folder), and the environment that
    reaches it."""
    runtime = tmp_path / "runtime"
    runtime.mkdir(mode=0o700)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(runtime))
    monkeypatch.setenv("BRAINDIET_DAEMON", "on")
    env = dict(os.environ)
    server = subprocess.Popen([*LAUNCH, "--serve"], env=env, stdin=subprocess.DEVNULL,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                              start_new_session=True)
    socket = launch.socket_path()
    if not wait_for(lambda: socket.exists() or server.poll() is not None, 600):
        raise AssertionError("the server never listened")
    assert server.poll() is None, server.communicate()[1]
    yield env
    server.terminate()
    server.wait(30)


def socket_files(runtime: Path) -> list[Path]:
    """The sockets of servers for this runtime folder (or its short stand-in)."""
    os.environ["XDG_RUNTIME_DIR"], previous = str(runtime), os.environ.get("XDG_RUNTIME_DIR")
    try:
        folder = launch.socket_path("0" * launch.KEY_CHARS).parent
    finally:
        if previous is None:
            del os.environ["XDG_RUNTIME_DIR"]
        else:
            os.environ["XDG_RUNTIME_DIR"] = previous
    return sorted(folder.glob("*.sock"))


def run(arguments: list[str], env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*LAUNCH, *arguments], env=env, cwd=cwd, capture_output=True,
                          text=True, timeout=600, check=False)


def site_with_problems(root: Path) -> Path:
    site = root / "kb"
    shutil.copytree(example_site(), site)
    (site / "docs/foods/broken.md").write_text(
        page("Broken", "no-such-tag", body="See [nowhere](../nowhere.md)."))
    return site


def test_a_served_build_writes_what_a_build_in_its_own_process_writes(
        served: dict[str, str], tmp_path: Path) -> None:
    site_with_problems(tmp_path)
    alone = dict(served, BRAINDIET_DAEMON="off", BRAINDIET_CACHE=str(tmp_path / "cache-a"))
    here = run(["build", "kb", "-o", "out-alone", "-q"], alone, tmp_path)
    there = run(["build", "kb", "-o", "out-served", "-q"],
                dict(served, BRAINDIET_CACHE=str(tmp_path / "cache-b")), tmp_path)
    assert here.returncode == there.returncode == 0, here.stderr + there.stderr
    assert everything(tmp_path / "out-served") == everything(tmp_path / "out-alone")
    # the served build used the caller's cache folder, resolved from the caller's folder
    assert (tmp_path / "cache-b").is_dir()
    assert there.stderr.split("(")[0] == here.stderr.split("(")[0]  # "built N pages" line


def test_a_served_check_prints_and_fails_as_it_would_alone(served: dict[str, str],
                                                           tmp_path: Path) -> None:
    site = site_with_problems(tmp_path)
    arguments = ["check", str(site), "--format", "json", "--strict"]
    here = run(arguments, dict(served, BRAINDIET_DAEMON="off"), tmp_path)
    there = run(arguments, served, tmp_path)
    assert here.returncode == there.returncode == 1
    assert "no-such-tag" in there.stdout
    assert there.stdout == here.stdout


def test_the_server_keeps_nothing_between_commands(served: dict[str, str],
                                                   tmp_path: Path) -> None:
    """An edit between two served checks is seen: each command is a fresh child."""
    site = site_with_problems(tmp_path)
    first = run(["check", str(site), "--format", "json"], served, tmp_path)
    (site / "docs/foods/broken.md").write_text("---\ntitle: Broken\n---\nMended.\n")
    second = run(["check", str(site), "--format", "json"], served, tmp_path)
    assert "no-such-tag" in first.stdout
    assert "no-such-tag" not in second.stdout


def test_the_caller_hears_that_it_was_served(served: dict[str, str], tmp_path: Path,
                                              capfd: pytest.CaptureFixture[str]) -> None:
    site = site_with_problems(tmp_path)
    status = launch.hand_over(["check", str(site), "--format", "json"])
    assert status == 0  # None would mean: nobody answered, run it here
    assert "no-such-tag" in capfd.readouterr().out


def test_a_served_build_on_a_terminal_shows_its_progress_there(served: dict[str, str],
                                                                tmp_path: Path) -> None:
    """The child draws on the caller's terminal: it was handed the caller's descriptors."""
    shown = in_terminal("build", str(example_site()), "-o", str(tmp_path / "out"),
                        module="braindiet.launch")
    assert re.search(rf"render\s+{BAR}+.*?(\d+)/\1", shown)
    assert "built " in shown


def test_ctrl_c_reaches_the_served_command(served: dict[str, str], tmp_path: Path,
                                           corpus_root: Path) -> None:
    """Interrupted once it is rendering, the served build stops: no site appears."""
    out = tmp_path / "out"
    client = subprocess.Popen([*LAUNCH, "build", str(corpus_root), "-o", str(out)],
                              env=dict(served, BRAINDIET_CACHE=str(tmp_path / "cache")),
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    assert wait_for(lambda: list(tmp_path.glob(".out.building-*")), 300)
    client.send_signal(signal.SIGINT)
    client.communicate(timeout=120)
    assert client.returncode != 0
    # had it not stopped, the client would have waited for it to finish (and `out` exist)
    assert not out.exists() and not list(tmp_path.glob(".out.building-*"))


def test_a_different_python_setting_gets_a_server_of_its_own(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PYTHONHASHSEED", "1")
    first = launch.server_key()
    monkeypatch.setenv("PYTHONHASHSEED", "2")
    assert launch.server_key() != first


def test_an_idle_server_leaves(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    runtime = tmp_path / "runtime"
    runtime.mkdir(mode=0o700)
    env = dict(os.environ, XDG_RUNTIME_DIR=str(runtime), BRAINDIET_DAEMON_IDLE="0.5")
    server = subprocess.Popen([*LAUNCH, "--serve"], env=env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    assert server.wait(120) == 0
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(runtime))
    assert not launch.socket_path().exists()


def test_switched_off_no_server_is_started(tmp_path: Path) -> None:
    runtime = tmp_path / "runtime"
    runtime.mkdir(mode=0o700)
    env = dict(os.environ, XDG_RUNTIME_DIR=str(runtime), BRAINDIET_DAEMON="off")
    completed = run(["check", str(example_site()), "-q"], env, tmp_path)
    assert completed.returncode == 0
    time.sleep(1)
    assert socket_files(runtime) == []


def test_a_command_run_here_leaves_a_server_for_the_next(tmp_path: Path) -> None:
    runtime = tmp_path / "runtime"
    runtime.mkdir(mode=0o700)
    env = dict(os.environ, XDG_RUNTIME_DIR=str(runtime), BRAINDIET_DAEMON="on",
               BRAINDIET_DAEMON_IDLE="20")
    completed = run(["check", str(example_site()), "-q"], env, tmp_path)
    assert completed.returncode == 0
    assert wait_for(lambda: socket_files(runtime), 600)

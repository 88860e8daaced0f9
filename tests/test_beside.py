"""A task computed beside the rest of the work (`parallel.Beside`): in a forked child, with the
result a plain call gives, and the error a plain call raises.

Forking is refused in a process running threads (a pytest-xdist worker runs some), so each test
runs in a child forked for it, which runs only the thread that forked it."""

from __future__ import annotations

import os
import time
import traceback
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from braindiet.parallel import Beside, can_fork


def single_threaded(test: Callable[[], None]) -> None:
    """Run `test` in a forked child of this process, failing here as it fails there."""
    reading, writing = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(reading)
        status = 0
        try:
            assert can_fork()
            test()
        except BaseException:
            os.write(writing, traceback.format_exc().encode())
            status = 1
        finally:
            os._exit(status)
    os.close(writing)
    with os.fdopen(reading, "rb") as source:
        failure = source.read().decode()
    _, status = os.waitpid(pid, 0)
    assert status == 0, failure

values = st.recursive(st.none() | st.integers() | st.text() | st.floats(allow_nan=False),
                      lambda inner: st.lists(inner) | st.dictionaries(st.text(), inner),
                      max_leaves=200)


@settings(max_examples=20, deadline=None)
@given(values)
def test_the_result_is_what_a_plain_call_gives(value: object) -> None:
    def test() -> None:
        with Beside(lambda: value) as pending:
            assert pending.result() == value
    single_threaded(test)


def test_the_task_runs_in_another_process_while_this_one_goes_on() -> None:
    def test() -> None:
        with Beside(os.getpid) as pending:
            assert pending.result() != os.getpid()
        with Beside(os.getpid, fork=False) as here:
            assert here.result() == os.getpid()
    single_threaded(test)


def test_a_result_larger_than_a_pipe_holds_arrives_whole() -> None:
    def test() -> None:
        big = list(range(500_000))
        with Beside(lambda: (os.getpid(), big)) as pending:
            child, got = pending.result()
            assert got == big and child != os.getpid()
    single_threaded(test)


def test_a_failing_task_raises_here_as_a_plain_call_would() -> None:
    def fail() -> None:
        raise ValueError("no such page")

    def test() -> None:
        with Beside(fail) as pending, pytest.raises(ValueError, match="no such page"):
            pending.result()
    single_threaded(test)


def test_a_child_whose_result_is_not_wanted_is_stopped(tmp_path: Path) -> None:
    started = tmp_path / "pid"

    def slow() -> None:
        started.write_text(str(os.getpid()))
        time.sleep(60)

    def test() -> None:
        with pytest.raises(RuntimeError), Beside(slow):
            deadline = time.monotonic() + 30
            while (not started.exists() or not started.read_text()) \
                    and time.monotonic() < deadline:
                time.sleep(0.01)
            raise RuntimeError("the build failed meanwhile")
        with pytest.raises(ProcessLookupError):  # killed and reaped: no such process any more
            os.kill(int(started.read_text()), 0)
    single_threaded(test)


BACKGROUND_DRIVER = """
import os, sys, time
from pathlib import Path
from braindiet.parallel import in_background

marker, result = Path(sys.argv[1]), Path(sys.argv[2])

def write_once_allowed() -> None:
    deadline = time.monotonic() + 60
    while not marker.exists() and time.monotonic() < deadline:
        time.sleep(0.01)
    written = result.with_suffix(".partial")
    written.write_text(str(os.getpid()))
    written.rename(result)

in_background(write_once_allowed)
print(os.getpid())
"""


def test_work_in_the_background_holds_neither_the_command_nor_its_output(
        tmp_path: Path) -> None:
    """The command ends, and whoever reads its output hears the end, while the background
    child still waits (for a file the test makes only after that); then the child finishes."""
    import subprocess
    import sys

    marker, result = tmp_path / "go", tmp_path / "result"
    command = subprocess.run([sys.executable, "-c", BACKGROUND_DRIVER, str(marker), str(result)],
                             capture_output=True, text=True, timeout=50)
    assert command.returncode == 0, command.stderr
    assert not result.exists()
    marker.touch()
    deadline = time.monotonic() + 60
    while not result.exists() and time.monotonic() < deadline:
        time.sleep(0.01)
    assert result.read_text() not in ("", command.stdout.strip())  # written by another process

"""A task computed beside the rest of the work (`parallel.Beside`): in a forked child, with the
result a plain call gives, and the error a plain call raises."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from braindiet.parallel import Beside

values = st.recursive(st.none() | st.integers() | st.text() | st.floats(allow_nan=False),
                      lambda inner: st.lists(inner) | st.dictionaries(st.text(), inner),
                      max_leaves=200)


@settings(max_examples=20, deadline=None)
@given(values)
def test_the_result_is_what_a_plain_call_gives(value: object) -> None:
    with Beside(lambda: value) as pending:
        assert pending.result() == value


def test_the_task_runs_in_another_process_while_this_one_goes_on() -> None:
    with Beside(os.getpid) as pending:
        assert pending.result() != os.getpid()
    with Beside(os.getpid, fork=False) as here:
        assert here.result() == os.getpid()


def test_a_result_larger_than_a_pipe_holds_arrives_whole() -> None:
    big = list(range(500_000))
    with Beside(lambda: big) as pending:
        assert pending.result() == big


def test_a_failing_task_raises_here_as_a_plain_call_would() -> None:
    def fail() -> None:
        raise ValueError("no such page")

    with Beside(fail) as pending, pytest.raises(ValueError, match="no such page"):
        pending.result()


def test_a_child_whose_result_is_not_wanted_is_stopped(tmp_path: Path) -> None:
    started = tmp_path / "pid"

    def slow() -> None:
        started.write_text(str(os.getpid()))
        time.sleep(60)

    with pytest.raises(RuntimeError), Beside(slow):
        while not started.exists() or not started.read_text():
            time.sleep(0.01)
        raise RuntimeError("the build failed meanwhile")
    with pytest.raises(ProcessLookupError):  # killed and reaped: no such process any more
        os.kill(int(started.read_text()), 0)

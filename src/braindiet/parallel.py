"""Independent tasks spread over forked worker processes, results in order; and one task
computed beside the rest of the work (`Beside`).

Forked workers inherit everything the parent prepared (a parsed style, a built site) instead of
receiving it pickled, so only the results travel back. Forking is used only where it is safe:
on platforms that can fork, and in a process running no other thread (a thread holding a lock
at the moment of the fork would leave the child waiting for it forever: the dev server's).
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import os
import pickle
import signal
import threading
from collections.abc import Callable
from typing import Any, Generic, TypeVar

from braindiet import progress

T = TypeVar("T")

# The task of the running `forked_map`, inherited by its workers.
_TASK: Callable[[int], Any] | None = None


def can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1


def forked_map(task: Callable[[int], T], count: int, workers: int | None = None,
               parallel_from: int = 2, done: Callable[[int], None] | None = None) -> list[T]:
    """`[task(0), ..., task(count - 1)]`, in worker processes when there are at least
    `parallel_from` tasks, more than one worker (default: one per core) and forking is safe.
    `done(n)` is told, in this process, each time `n` more tasks have finished."""
    workers = (os.cpu_count() or 1) if workers is None else workers
    finished = done or _ignore
    if workers < 2 or count < max(parallel_from, 2) or not can_fork():
        results = []
        for index in range(count):
            results.append(task(index))
            finished(1)
        return results
    global _TASK
    _TASK = task
    # a few chunks per worker: tasks differ in cost, and one long chunk would keep a core idle
    size = max(1, -(-count // (workers * 4)))
    chunks = [range(start, min(start + size, count)) for start in range(0, count, size)]
    parts: list[list[T]] = []
    gc.freeze()  # the workers share the parent's objects; the collector need not copy them
    try:
        with multiprocessing.get_context("fork").Pool(min(workers, len(chunks))) as pool:
            for part in pool.imap(_run_chunk, chunks):
                parts.append(part)
                finished(len(part))
    finally:
        _TASK = None
        gc.unfreeze()
    return [result for part in parts for result in part]


def _ignore(count: int) -> None:
    pass


def _run_chunk(indices: range) -> list[Any]:
    assert _TASK is not None
    return [_TASK(index) for index in indices]


class Beside(Generic[T]):
    """`task()`, computed in a forked child while this process goes on with other work (the
    machines this runs on have a second core that a build's serial steps leave idle).

    `result()` waits for the child and returns what it computed, through a pipe (so it must
    pickle); where forking is not safe, or the child failed, `task()` runs here instead, so the
    result, or the error, is the one a plain call gives. Used as a context manager, a child
    whose result is never asked for is stopped on the way out. With `fork` false the task
    simply runs when its result is asked for."""

    def __init__(self, task: Callable[[], T], fork: bool = True) -> None:
        self._task = task
        self._child: tuple[int, int] | None = None  # (pid, the pipe's reading end)
        if not fork or not can_fork():
            return
        reading, writing = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: compute, send, and leave without running the parent's exits
            os.close(reading)
            progress.never_here()  # the command's bars are the parent's to draw
            status = 1
            try:
                data = pickle.dumps(task(), protocol=pickle.HIGHEST_PROTOCOL)
                with os.fdopen(writing, "wb") as sink:
                    sink.write(data)
                status = 0
            finally:
                os._exit(status)
        os.close(writing)
        self._child = (pid, reading)

    def result(self) -> T:
        if self._child is None:
            return self._task()
        pid, reading = self._child
        self._child = None
        with os.fdopen(reading, "rb") as source:
            data = source.read()  # before waiting: a result larger than the pipe holds
        _, status = os.waitpid(pid, 0)
        if status != 0 or not data:
            return self._task()
        value: T = pickle.loads(data)
        return value

    def __enter__(self) -> Beside[T]:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._child is not None:
            pid, reading = self._child
            self._child = None
            os.close(reading)
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)

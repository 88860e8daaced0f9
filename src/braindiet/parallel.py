"""Independent tasks spread over forked worker processes, results in order; and one task
computed beside the rest of the work (`Beside`).

Forked workers inherit everything the parent prepared (a parsed style, a built site) instead of
receiving it pickled, so only the results travel back. Forking is used only where it is safe:
on platforms that can fork, and in a process running no other thread (a thread holding a lock
at the moment of the fork would leave the child waiting for it forever: the dev server's).
Every fork holds Ctrl+C back until the child is known to whoever must stop it
(`interrupts_held`).
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import os
import pickle
import signal
import tempfile
import threading
from collections.abc import Callable, Iterator
from typing import Any, BinaryIO, Generic, NoReturn, TypeVar, overload

from braindiet import progress

T = TypeVar("T")
R = TypeVar("R")
MAX_CHUNK = 500  # tasks; a chunk's results are unpickled at once, so this bounds what is in flight

# The task of the running `forked_map`, inherited by its workers.
_TASK: Callable[[int], Any] | None = None
_INTERRUPTS = {signal.SIGINT, signal.SIGTERM, signal.SIGHUP}


def can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1


@contextlib.contextmanager
def interrupts_held() -> Iterator[Callable[[], None]]:
    """Ctrl+C (and SIGTERM, SIGHUP) held back in this thread until the block ends, then raised
    there; the block gets what a child forked in it calls to be interruptible again.

    Every fork needs it: an interrupt arriving while Python runs its at-fork hooks is raised
    inside one, printed as "ignored" and lost (the build it was to stop went on to the end),
    and one arriving just after the fork would leave a child nobody knows to stop."""
    before = signal.pthread_sigmask(signal.SIG_BLOCK, _INTERRUPTS)

    def release() -> None:
        signal.pthread_sigmask(signal.SIG_SETMASK, before)

    try:
        yield release
    finally:
        release()


@contextlib.contextmanager
def forked() -> Iterator[int]:
    """`os.fork()` inside `interrupts_held`: the parent records its child in the block."""
    with interrupts_held() as release:
        pid = os.fork()
        if pid == 0:
            release()
        yield pid


_BACKGROUND: set[int] = set()  # children of `in_background` not yet reaped


def in_background(task: Callable[[], object]) -> None:
    """`task()` in a forked child nobody waits for (what it makes is a file it writes), or
    here where forking is not safe. The child's standard streams are /dev/null: a caller
    reading the command's output does not wait for it."""
    for pid in list(_BACKGROUND):
        with contextlib.suppress(ChildProcessError):
            if os.waitpid(pid, os.WNOHANG)[0] == 0:
                continue
        _BACKGROUND.discard(pid)
    if not can_fork():
        task()
        return
    try:
        with forked() as pid:
            if pid == 0:
                status = 1
                try:
                    quiet = os.open(os.devnull, os.O_RDWR)
                    for stream in (0, 1, 2):
                        os.dup2(quiet, stream)
                    progress.never_here()
                    task()
                    status = 0
                finally:
                    os._exit(status)
            _BACKGROUND.add(pid)
    except OSError:  # no process to spare
        task()


@overload
def forked_map(task: Callable[[int], T], count: int, workers: int | None = None,
               parallel_from: int = 2, done: Callable[[int], None] | None = None) -> list[T]: ...


@overload
def forked_map(task: Callable[[int], T], count: int, workers: int | None = None,
               parallel_from: int = 2, done: Callable[[int], None] | None = None, *,
               received: Callable[[T], R]) -> list[R]: ...


def forked_map(task: Callable[[int], Any], count: int, workers: int | None = None,
               parallel_from: int = 2, done: Callable[[int], None] | None = None, *,
               received: Callable[[Any], Any] | None = None) -> list[Any]:
    """`[task(0), ..., task(count - 1)]`, in worker processes when there are at least
    `parallel_from` tasks, more than one worker (default: one per core) and forking is safe.
    `done(n)` is told, in this process, each time `n` more tasks have finished. `received`,
    given, turns each result into what is kept, here, as its chunk arrives: what a worker
    sends (unpickled copies) then lives for one chunk, not for the whole map."""
    workers = (os.cpu_count() or 1) if workers is None else workers
    finished = done or _ignore
    keep = received or _itself
    if workers < 2 or count < max(parallel_from, 2) or not can_fork():
        results = []
        for index in range(count):
            results.append(keep(task(index)))
            finished(1)
        return results
    global _TASK
    _TASK = task
    # a few chunks per worker: tasks differ in cost, and one long chunk would keep a core idle
    size = min(max(1, -(-count // (workers * 4))), MAX_CHUNK)
    chunks = [range(start, min(start + size, count)) for start in range(0, count, size)]
    parts: list[list[Any]] = []
    gc.freeze()  # the workers share the parent's objects; the collector need not copy them
    try:
        with contextlib.ExitStack() as stack:
            with interrupts_held() as release:  # an interrupt held back stops the pool
                pool = stack.enter_context(multiprocessing.get_context("fork").Pool(
                    min(workers, len(chunks)), initializer=_worker_started, initargs=(release,)))
            for part in pool.imap(_run_chunk, chunks):
                parts.append([keep(result) for result in part])
                finished(len(part))
    finally:
        _TASK = None
        gc.unfreeze()
    return [result for part in parts for result in part]


def _itself(result: T) -> T:
    return result


def _ignore(count: int) -> None:
    pass


def _worker_started(release: Callable[[], None]) -> None:
    """Ctrl+C is the parent's to hear: it stops the pool (a worker interrupted in a task would
    print its traceback, and the parent then waits for a task that never ends)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    release()


def _run_chunk(indices: range) -> list[Any]:
    assert _TASK is not None
    return [_TASK(index) for index in indices]


class Beside(Generic[T]):
    """`task()`, computed in a forked child while this process goes on with other work (the
    machines this runs on have a second core that a build's serial steps leave idle).

    `result()` waits for the child and returns what it computed, through a file (so it must
    pickle); where forking is not safe, or the child failed, `task()` runs here instead, so the
    result, or the error, is the one a plain call gives. Used as a context manager, a child
    whose result is never asked for is stopped on the way out. With `fork` false the task
    simply runs when its result is asked for."""

    def __init__(self, task: Callable[[], T], fork: bool = True) -> None:
        self._task = task
        self._child: tuple[int, BinaryIO] | None = None  # (pid, the file it leaves its result in)
        if not fork or not can_fork():
            return
        # A file, not a pipe: a child with its result ready leaves at once, rather than wait,
        # holding what it copied of this process (1.8 GB at 100,000 pages), to be read
        holder = tempfile.TemporaryFile()  # noqa: SIM115 - closed by result() or __exit__
        try:
            with forked() as pid:
                if pid == 0:
                    _compute_and_leave(task, holder)
                self._child = (pid, holder)
        except BaseException:  # an interrupt held back across the fork: the child stops too
            self.__exit__()
            holder.close()
            raise

    def result(self) -> T:
        if self._child is None:
            return self._task()
        pid, holder = self._child
        self._child = None
        _, status = os.waitpid(pid, 0)
        with holder:
            holder.seek(0)
            data = holder.read()
        if status != 0 or not data:
            return self._task()
        value: T = pickle.loads(data)
        return value

    def __enter__(self) -> Beside[T]:
        return self

    def __exit__(self, *exc: object) -> None:
        """Stop a child whose result was not asked for."""
        if self._child is not None:
            pid, holder = self._child
            self._child = None
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            holder.close()


def _compute_and_leave(task: Callable[[], object], holder: BinaryIO) -> NoReturn:
    """A child's work: compute, leave the result, and go without running the parent's exits."""
    progress.never_here()  # the command's bars are the parent's to draw
    status = 1
    try:
        pickle.dump(task(), holder, protocol=pickle.HIGHEST_PROTOCOL)
        holder.flush()
        status = 0
    finally:
        os._exit(status)

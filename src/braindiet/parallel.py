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
import select
import signal
import struct
import tempfile
import threading
from collections.abc import Callable, Iterator
from typing import Any, BinaryIO, Generic, NoReturn, TypeVar, overload

from braindiet import progress

T = TypeVar("T")
R = TypeVar("R")
MAX_CHUNK = 500  # tasks: a chunk's results are unpickled at once; this bounds what is in flight
MAX_CHUNKS = 8192  # their numbers must all fit in a pipe's buffer (64 KB) before any is read

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
    """`[task(0), ..., task(count - 1)]`, on `workers` cores (default: all) when there are at
    least `parallel_from` tasks, more than one worker and forking is safe: this process works
    through the tasks together with `workers - 1` forked helpers. `done(n)` is told, here,
    each time `n` more tasks have finished. `received`, given, turns each result into what is
    kept, here, as its chunk arrives: what a helper sends (unpickled copies) then lives for
    one chunk, not for the whole map.

    This process takes its share rather than wait: a helper's results must be pickled to come
    back, and each helper touches, and so copies, much of what it inherited (2 GB of a
    100,000-page build's render)."""
    workers = (os.cpu_count() or 1) if workers is None else workers
    finished = done or _ignore
    keep = received or _itself
    if workers < 2 or count < max(parallel_from, 2) or not can_fork():
        results = []
        for index in range(count):
            results.append(keep(task(index)))
            finished(1)
        return results
    # a few chunks per worker: tasks differ in cost, and one long chunk would keep a core idle
    size = min(max(1, -(-count // (workers * 4))), MAX_CHUNK)
    size = max(size, -(-count // MAX_CHUNKS))
    chunks = [range(start, min(start + size, count)) for start in range(0, count, size)]
    parts: list[list[Any] | None] = [None] * len(chunks)

    def arrived(number: int, part: list[Any]) -> None:
        parts[number] = [keep(result) for result in part]
        finished(len(part))

    gc.freeze()  # the helpers share this process's objects; the collector need not copy them
    try:
        with _Crew(task, chunks, min(workers, len(chunks)) - 1) as crew:
            for number in crew.own_chunks():
                arrived(number, [task(index) for index in chunks[number]])
                for answer in crew.answers(wait=False):
                    arrived(*answer)
            for answer in crew.answers(wait=True):
                arrived(*answer)
    finally:
        gc.unfreeze()
    for number, part in enumerate(parts):
        if part is None:  # a helper died with it: done here, as without helpers
            arrived(number, [task(index) for index in chunks[number]])
    return [result for part in parts if part is not None for result in part]


def _itself(result: T) -> T:
    return result


def _ignore(count: int) -> None:
    pass


_TOKEN = struct.Struct("!I")  # a chunk's number in the queue of chunks
_LENGTH = struct.Struct("!Q")  # a helper's answer: its length, then (number, part or error)


class _Crew:
    """Helpers forked to work through `chunks` with this process: every chunk's number is
    written, before any helper starts, into one pipe that each worker (helpers and this
    process) reads a number at a time, so a worker that finishes early takes more. Each helper
    answers through a pipe of its own."""

    def __init__(self, task: Callable[[int], Any], chunks: list[range], helpers: int) -> None:
        self.queue, writing = os.pipe()
        try:
            for number in range(len(chunks)):  # fits: at most MAX_CHUNKS numbers
                os.write(writing, _TOKEN.pack(number))
        finally:
            os.close(writing)  # the queue ends when it is empty
        self.helpers: dict[int, int] = {}  # the reading end of each helper's pipe: its pid
        try:
            for _ in range(helpers):
                self._fork(task, chunks)
        except BaseException:
            self.__exit__()
            raise

    def _fork(self, task: Callable[[int], Any], chunks: list[range]) -> None:
        reading, writing = os.pipe()
        try:
            with forked() as pid:
                if pid == 0:
                    os.close(reading)
                    for earlier in self.helpers:
                        os.close(earlier)
                    _help(task, chunks, self.queue, writing)
                self.helpers[reading] = pid  # before an interrupt held back is raised
        finally:
            os.close(writing)

    def own_chunks(self) -> Iterator[int]:
        while token := os.read(self.queue, _TOKEN.size):
            yield _TOKEN.unpack(token)[0]

    def answers(self, wait: bool) -> Iterator[tuple[int, list[Any]]]:
        """The parts helpers have sent: those ready now, or (`wait`) all until they end."""
        while self.helpers:
            ready, _, _ = select.select(list(self.helpers), [], [], None if wait else 0)
            if not ready:
                return
            for reading in ready:
                answer = _read_answer(reading)
                if answer is None:  # the helper is done (or died: its chunk is redone)
                    os.close(reading)
                    os.waitpid(self.helpers.pop(reading), 0)
                    continue
                number, part, error = answer
                if error is not None:
                    raise error
                yield number, part

    def __enter__(self) -> _Crew:
        return self

    def __exit__(self, *exc: object) -> None:
        """Stop the helpers still working (after an error or an interrupt here)."""
        for reading, pid in self.helpers.items():
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
            os.close(reading)
            os.waitpid(pid, 0)
        self.helpers.clear()
        os.close(self.queue)


def _help(task: Callable[[int], Any], chunks: list[range], queue: int, writing: int
          ) -> NoReturn:
    """A helper's life: take chunks from the queue until it is empty, answer each."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C is the parent's to hear
    progress.never_here()
    status = 1
    try:
        with os.fdopen(writing, "wb") as answers:
            while token := os.read(queue, _TOKEN.size):
                number = _TOKEN.unpack(token)[0]
                answer: tuple[int, list[Any], Exception | None]
                try:
                    answer = (number, [task(index) for index in chunks[number]], None)
                except Exception as error:  # raised in the parent, as a plain call raises it
                    answer = (number, [], error)
                data = pickle.dumps(answer, protocol=pickle.HIGHEST_PROTOCOL)
                answers.write(_LENGTH.pack(len(data)))
                answers.write(data)
                answers.flush()
        status = 0
    finally:
        os._exit(status)


def _read_answer(reading: int) -> tuple[int, list[Any], Exception | None] | None:
    header = _read_exactly(reading, _LENGTH.size)
    if header is None:
        return None
    data = _read_exactly(reading, _LENGTH.unpack(header)[0])
    if data is None:
        return None
    answer: tuple[int, list[Any], Exception | None] = pickle.loads(data)
    return answer


def _read_exactly(reading: int, size: int) -> bytes | None:
    chunks: list[bytes] = []
    while size:
        chunk = os.read(reading, min(size, 1 << 20))
        if not chunk:
            return None
        chunks.append(chunk)
        size -= len(chunk)
    return b"".join(chunks)


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

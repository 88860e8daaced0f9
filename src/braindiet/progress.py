"""Progress bars, with counts, for the steps that can take more than a second.

A command lets bars be shown while it works (`shown`, unless `--quiet`) and the steps report
to them (`step`, `track`): loading, checks, the bibliography, rendering, search, `nutrition
match`, `chem resolve`, `export`. Bars are drawn on stderr, only when it is a terminal, and
vanish when the work is done, before the command prints its results. Everywhere else (output
that is not a terminal, `--quiet`, a library call, a test, `serve`) a step costs nothing and
prints nothing.

The display runs no thread of its own (rich's auto-refresh would start one): the build forks
worker processes, and forking a process that runs threads is not safe. It redraws when a step
starts, advances or ends, at most ten times a second.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Collection, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, TypeVar

from rich.console import Console

if TYPE_CHECKING:
    from rich.progress import Progress, TaskID

T = TypeVar("T")
Advance = Callable[[int], None]
REDRAW_EVERY = 0.1  # seconds


class _Display:
    """The bars on the terminal, started with the first step."""

    def __init__(self, console: Console) -> None:
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
        )

        # What the command prints on stdout meanwhile goes above the bars when it shares the
        # terminal; a file or a pipe receives it untouched. stderr is left alone: forked
        # workers inherit it, and must not draw.
        self.progress: Progress = Progress(
            TextColumn("{task.description:<12}"), BarColumn(), MofNCompleteColumn(),
            TimeElapsedColumn(), console=console, auto_refresh=False, transient=True,
            redirect_stdout=sys.stdout.isatty(), redirect_stderr=False)
        self.owner = os.getpid()  # a forked worker inherits the display but must not draw
        self.drawn = 0.0
        self.progress.start()

    def add(self, description: str, total: int | None) -> TaskID:
        task = self.progress.add_task(description, total=total)
        self.redraw(now=True)
        return task

    def redraw(self, now: bool = False) -> None:
        moment = time.monotonic()
        if now or moment - self.drawn >= REDRAW_EVERY:
            self.progress.refresh()
            self.drawn = moment


_console: Console | None = None  # where bars may be drawn, while a command allows them
_display: _Display | None = None


@contextmanager
def shown(quiet: bool = False, console: Console | None = None) -> Iterator[None]:
    """Let the steps run inside draw bars on `console` (default: stderr), unless `quiet` or
    it is not a terminal; the bars are removed at the end."""
    global _console, _display
    console = console or Console(stderr=True)
    if quiet or not console.is_terminal or _console is not None:
        yield
        return
    _console = console
    try:
        yield
    finally:
        if _display is not None and _display.owner == os.getpid():
            _display.progress.stop()
        _console = _display = None


def never_here() -> None:
    """In a process forked to work beside the command: it must never draw the command's bars
    (a forked worker of a running display knows it is not the owner; this one may have been
    forked before the first bar)."""
    global _console, _display
    _console = _display = None


def _current() -> _Display | None:
    global _display
    if _console is None:
        return None
    if _display is None:
        _display = _Display(_console)
    return _display if _display.owner == os.getpid() else None


def _ignore(count: int = 1) -> None:
    pass


@contextmanager
def step(description: str, total: int | None = None) -> Iterator[Advance]:
    """A bar for one step, `total` its count (None: not known); yields `advance(count)`."""
    display = _current()
    if display is None:
        yield _ignore
        return
    task = display.add(description, total)

    def advance(count: int = 1) -> None:
        display.progress.advance(task, count)
        display.redraw()

    try:
        yield advance
    finally:
        if total is not None:  # a finished bar stays full, with its count, until the end
            display.progress.update(task, completed=total)
        display.redraw(now=True)


def track(items: Collection[T], description: str) -> Iterator[T]:
    """`items`, one at a time, counted on a bar."""
    with step(description, len(items)) as advance:
        for item in items:
            yield item
            advance(1)


def tracked_loop(items: Collection[T], description: str, quiet: bool = False) -> Iterator[T]:
    """`track` for a command's own loop, shown for as long as the loop runs. What the loop
    prints on stdout appears above the bar."""
    with shown(quiet):
        yield from track(items, description)

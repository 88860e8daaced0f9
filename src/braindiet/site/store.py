"""The files a command-line build rendered, kept in the cache, so a build into an emptied or
damaged output folder writes them back instead of rendering them again.

Each process that renders appends what it makes to a segment file of its own (one open file,
written in order: a cold build pays one sequential write, not a second file per page). The
build record says, for every file of the site, where its bytes are (`Stored`); a later build
that finds the file missing from the output folder, and none of its inputs changed, reads
them back and checks them against the digest the record holds. Anything missing, short or
different is rendered again: the store can only save time, never change a byte of the site.

Segments no record points into are deleted; when most of the bytes kept are of files that
have since changed, the ones still in use are copied into one new segment.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from braindiet.cache import cache_dir

NAMESPACE = "rendered"
SUFFIX = ".segment"
SLACK = 8_000_000  # bytes of files no longer in use kept before the store is compacted


@dataclass(frozen=True, slots=True)
class Stored:
    """Where one file's bytes are in the store."""

    segment: str  # a file name in the store's folder
    offset: int
    length: int


class RenderedStore:
    """The segments of one site's builds into one output folder."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._writer: tuple[int, str, int] | None = None  # (pid, segment, descriptor)
        self._readers: dict[str, int] = {}
        self._reader_pid = os.getpid()

    @classmethod
    def in_cache(cls, key: str) -> RenderedStore | None:
        """The store for the build whose record is `key`; None when the cache is off."""
        folder = cache_dir()
        return cls(folder / NAMESPACE / key) if folder is not None else None

    def append(self, data: bytes) -> Stored | None:
        """Keep `data`; None when the cache cannot take it (read-only, full), which only
        costs a later build the rendering."""
        try:
            segment, descriptor = self._segment()
            offset = os.lseek(descriptor, 0, os.SEEK_END)
            view = memoryview(data)
            while view:
                view = view[os.write(descriptor, view):]
        except OSError:
            return None
        return Stored(segment, offset, len(data))

    def read(self, stored: Stored) -> bytes | None:
        """The bytes kept at `stored`, or None when the segment is gone or too short."""
        if os.getpid() != self._reader_pid:  # a forked worker: the parent's offsets are its own
            self._readers, self._reader_pid = {}, os.getpid()
        try:
            descriptor = self._readers.get(stored.segment)
            if descriptor is None:
                descriptor = os.open(self.folder / stored.segment, os.O_RDONLY)
                self._readers[stored.segment] = descriptor
            data = os.pread(descriptor, stored.length, stored.offset)
        except (OSError, ValueError):
            return None
        return data if len(data) == stored.length else None

    def tidy(self, live: Mapping[str, Stored]) -> dict[str, Stored]:
        """Delete the segments none of `live` (the files of the build just made, by path) is
        in; when the rest hold more than `SLACK` bytes beyond the live ones, copy those into
        one new segment first. Returns where each live file is afterwards."""
        self._close()
        sizes = self._segment_sizes()
        used = {stored.segment for stored in live.values()}
        waste = sum(sizes.get(name, 0) for name in used) - _live_bytes(live.values())
        if waste > SLACK:
            live = self._compacted(live)
            used = {stored.segment for stored in live.values()}
        for name in sizes.keys() - used:
            (self.folder / name).unlink(missing_ok=True)
        return dict(live)

    def _compacted(self, live: Mapping[str, Stored]) -> Mapping[str, Stored]:
        moved: dict[Stored, Stored | None] = {}
        for stored in sorted(set(live.values()), key=lambda s: (s.segment, s.offset)):
            data = self.read(stored)
            moved[stored] = self.append(data) if data is not None else None
        self._close()
        if any(place is None for place in moved.values()):
            return live  # the copy failed part way: keep what was there
        return {path: moved[stored] or stored for path, stored in live.items()}

    def _segment(self) -> tuple[str, int]:
        if self._writer is None or self._writer[0] != os.getpid():
            self.folder.mkdir(parents=True, exist_ok=True)
            name = f"{secrets.token_hex(8)}{SUFFIX}"
            descriptor = os.open(self.folder / name, os.O_WRONLY | os.O_CREAT | os.O_EXCL,
                                 0o644)
            self._writer = (os.getpid(), name, descriptor)
        return self._writer[1], self._writer[2]

    def _segment_sizes(self) -> dict[str, int]:
        try:
            entries = list(os.scandir(self.folder))
        except OSError:
            return {}
        return {entry.name: entry.stat().st_size for entry in entries
                if entry.name.endswith(SUFFIX)}

    def _close(self) -> None:
        if self._writer is not None and self._writer[0] == os.getpid():
            os.close(self._writer[2])
        self._writer = None
        if self._reader_pid == os.getpid():
            for descriptor in self._readers.values():
                os.close(descriptor)
        self._readers, self._reader_pid = {}, os.getpid()


def _live_bytes(places: Iterable[Stored]) -> int:
    return sum(stored.length for stored in set(places))

"""The files a command-line build rendered, kept in the cache, so a build into an emptied or
damaged output folder puts them back instead of rendering them again.

The store holds each file under the digest of its bytes as a hard link to the file the build
wrote: keeping it costs one directory entry, no copy and no space while the site exists, and
putting it back is one more link (on a disk, making a new file costs many times a link). The
build record holds the stamp (inode, size, mtime) of each entry as it was kept: an entry
whose stamp differs (the site's file was written through in place, the entry replaced) is
not used, and the file is rendered again. Where the cache is on another file system than the
site, nothing is kept: the store can only save time, never change a byte of the site.

Entries no file of the last build uses are deleted after each build; the stores of the
output folders least recently built are deleted whole (see `KEPT_STORES`).
"""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Collection
from pathlib import Path

from braindiet.cache import cache_dir

NAMESPACE = "rendered"
KEPT_STORES = 8  # output folders whose files are kept; builds of a ninth drop the oldest

Stamp = tuple[int, int, int]  # inode, size, mtime_ns


class RenderedStore:
    """The kept files of one site's builds into one output folder."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    @classmethod
    def in_cache(cls, key: str) -> RenderedStore | None:
        """The store for the builds whose record is `key`; None when the cache is off."""
        folder = cache_dir()
        return cls(folder / NAMESPACE / key) if folder is not None else None

    def entry(self, digest: str) -> Path:
        return self.folder / digest[:2] / digest

    def keep(self, written: Path, digest: str) -> Stamp | None:
        """Keep the file just `written`, whose bytes have `digest`: its entry's stamp, or None
        when it cannot be kept (another file system, a read-only or full cache)."""
        entry = self.entry(digest)
        fresh = entry.with_name(f".{digest}.{os.getpid()}")
        try:
            entry.parent.mkdir(parents=True, exist_ok=True)
            os.link(written, fresh)
            os.replace(fresh, entry)  # an entry of the same bytes is replaced by the newest
            return stamp(entry)
        except OSError:
            with contextlib.suppress(OSError):
                fresh.unlink(missing_ok=True)
            return None

    def kept(self, digest: str, stamped: Stamp) -> Path | None:
        """The entry of `digest`, if it is still as it was kept (`stamped`)."""
        entry = self.entry(digest)
        return entry if stamp(entry) == stamped else None

    def tidy(self, live: Collection[str]) -> None:
        """Delete the entries of digests not in `live` (the last build's files), and the
        stores of output folders built less recently than the last `KEPT_STORES`."""
        wanted = set(live)
        try:
            groups = list(os.scandir(self.folder))
        except OSError:
            return
        for group in groups:
            if not group.is_dir(follow_symlinks=False):
                continue
            for found in os.scandir(group.path):
                if found.name not in wanted:
                    Path(found.path).unlink(missing_ok=True)
        os.utime(self.folder)
        _drop_stores_but_the_newest(self.folder.parent)


def _drop_stores_but_the_newest(namespace: Path) -> None:
    try:
        stores = sorted(((entry.stat().st_mtime_ns, entry.path) for entry in os.scandir(namespace)
                         if entry.is_dir(follow_symlinks=False)), reverse=True)
    except OSError:
        return
    for _, path in stores[KEPT_STORES:]:
        shutil.rmtree(path, ignore_errors=True)


def stamp(path: Path) -> Stamp | None:
    try:
        found = os.stat(path, follow_symlinks=False)
    except OSError:
        return None
    return found.st_ino, found.st_size, found.st_mtime_ns

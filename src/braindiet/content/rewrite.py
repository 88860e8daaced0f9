"""Rewriting a page in place without ever losing it: read exactly, write atomically.

A page is read as its bytes decode (a BOM stays `\\ufeff`, CRLF stays CRLF), so an edit that
changes one line can give back every other byte. The new text goes to a temporary file beside
the page, is flushed to disk, and replaces the page in one rename: a crash, a kill or a full
disk leaves either the old page or the new one, never half of one. If the page changed on disk
since it was read (an editor saved it meanwhile), nothing is written.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


class PageChanged(RuntimeError):
    """The page on disk is no longer the text the rewrite started from."""


def read_exact(path: Path) -> str:
    """The page's text with every byte accounted for (no newline translation, BOM kept)."""
    return path.read_bytes().decode("utf-8")


def replace_text(path: Path, before: str, after: str) -> None:
    """Replace `path`, last read as `before`, by `after`, atomically."""
    real = path.resolve()  # a symlinked page is rewritten where it really lives
    if real.read_bytes() != before.encode("utf-8"):
        raise PageChanged(f"{path} changed on disk since it was read; nothing written")
    mode = real.stat().st_mode & 0o7777
    handle, temporary = tempfile.mkstemp(prefix=f".{real.name[:200]}.", suffix=".tmp",
                                         dir=real.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(after.encode("utf-8"))
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, real)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    _sync_folder(real.parent)


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX); where folders cannot be opened, skip it."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)

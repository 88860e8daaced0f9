"""The files a site reads or copies, and the one rule for all of them: nothing outside the site.

A symlink is followed only when its target lies inside the site folder; one that leads out of
it (to `/etc/passwd`, say), loops, or dangles is reported and neither read nor copied. Only
regular files are read: a FIFO or a device under `docs/` would hang or flood a build.
"""

from __future__ import annotations

import os
import posixpath
import re
import stat
from collections.abc import Callable
from pathlib import Path

from braindiet.diagnostics import Diagnostic, error, warning

MAX_PATH_BYTES = 1024  # a URL path in front matter longer than this names no real file
_SCHEME = re.compile(r"^\s*[a-zA-Z][a-zA-Z0-9+.-]*:")


def inside(path: Path, folder: Path) -> bool:
    """`path` is `folder` or lies below it (both as given: resolve them first if needed)."""
    return path == folder or path.is_relative_to(folder)


def refusal(path: Path, site_root: Path) -> str | None:
    """Why the file at `path` must not be read as part of the site, or None when it may."""
    try:
        real = path.resolve(strict=True)
        mode = real.stat().st_mode
    except RuntimeError:
        return "it is a symlink loop"
    except OSError as exc:
        return "it is a dangling symlink" if path.is_symlink() else f"cannot read it: {exc}"
    if not inside(real, site_root.resolve()):
        return f"it is a symlink to {real}, outside the site"
    if not stat.S_ISREG(mode):
        return "it is not a regular file"
    return None


def walk(folder: Path, site_root: Path, wanted: Callable[[str], bool] = lambda name: True,
         skip_folder: Callable[[str], bool] = lambda name: False,
         ) -> tuple[dict[str, Path], list[Diagnostic]]:
    """Every file below `folder` that may be read, by POSIX path relative to it (sorted), and
    a warning for each one that may not. Symlinked folders are not entered."""
    found: dict[str, Path] = {}
    problems: list[Diagnostic] = []
    root = site_root.resolve()
    for current, subfolders, names in os.walk(folder):
        here = Path(current)
        relative = os.path.relpath(current, folder).replace(os.sep, "/")
        prefix = "" if relative == "." else relative + "/"
        kept = []
        for name in sorted(subfolders):
            if skip_folder(name):
                continue
            if (here / name).is_symlink():
                problems.append(warning("symlink-not-followed", "a symlinked folder is not "
                                        "read or copied", _shown(here / name, root)))
                continue
            kept.append(name)
        subfolders[:] = kept
        for name in sorted(names):
            if not wanted(name):
                continue
            path = here / name
            reason = refusal(path, root) if path.is_symlink() or not path.is_file() else None
            if reason is not None:
                problems.append(error("file-refused", f"not read or copied: {reason}",
                                      _shown(path, root)))
                continue
            found[prefix + name] = path
    return dict(sorted(found.items())), problems


def _shown(path: Path, root: Path) -> str:
    """A path as diagnostics show it: relative to the site where possible."""
    absolute = Path(os.path.abspath(path))
    return absolute.relative_to(root).as_posix() if absolute.is_relative_to(root) else str(path)


def url_problem(url: str) -> str | None:
    """Why a front-matter file reference (`/img/x.png`, `./x.png`) cannot be used."""
    if _SCHEME.match(url):
        return "a URL with a scheme (javascript:, data:, http:) is not a file of the site"
    if "\0" in url:
        return "it holds a NUL byte"
    if len(url.encode("utf-8")) > MAX_PATH_BYTES:
        return f"it is longer than {MAX_PATH_BYTES} bytes"
    return None


def file_under(folder: Path, relative: str) -> Path | None:
    """The regular file `relative` names below `folder`, or None: missing, leaving the folder
    (by `..` or a symlink), or not a file."""
    if url_problem(relative) is not None:
        return None
    relative = relative.split("#", 1)[0].split("?", 1)[0].lstrip("/")
    if not relative or leaves(relative):
        return None
    clean = posixpath.normpath(relative)
    path = folder / clean
    try:
        if not path.resolve().is_relative_to(folder.resolve()) or not path.is_file():
            return None
    except (OSError, RuntimeError):
        return None
    return path


def leaves(relative: str) -> bool:
    """A relative reference whose `..` climbs above the folder it is read from."""
    depth = 0
    for segment in relative.split("#", 1)[0].split("?", 1)[0].split("/"):
        if segment == "..":
            depth -= 1
            if depth < 0:
                return True
        elif segment not in ("", "."):
            depth += 1
    return False

"""Writing the site: whole builds swap in atomically, rebuilds replace single files atomically.

A build writes into a fresh sibling folder and swaps it for the target in two renames, so a
failed build leaves the previous site as it was. The dev server's rebuilds write only the files
that changed, each through a temporary file and a rename, so a reader never sees half a page.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Output:
    path: str  # relative to the output folder, POSIX
    data: bytes


def write_atomically(target: Path, outputs: list[Output], static_dir: Path | None,
                     finish: Callable[[Path], None] | None = None) -> None:
    """Write into a fresh sibling folder, then swap it for `target` in two renames.

    `finish` runs on the complete folder before the swap (the search index is made there).
    """
    target = target.resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.building-", dir=target.parent))
    try:
        if static_dir is not None and static_dir.is_dir():
            shutil.copytree(static_dir, staging, dirs_exist_ok=True)
        for output in outputs:
            path = staging / output.path
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(output.data)
        if finish is not None:
            finish(staging)
        _swap(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _swap(staging: Path, target: Path) -> None:
    os.chmod(staging, 0o755)
    if not target.exists():
        staging.rename(target)
        return
    retired = target.with_name(f".{target.name}.old-{os.getpid()}")
    target.rename(retired)
    staging.rename(target)
    shutil.rmtree(retired, ignore_errors=True)


def write_file(target: Path, output: Output) -> None:
    """Replace one file of a live site atomically."""
    path = target / output.path
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile("wb", dir=path.parent, delete=False,
                                     prefix=f".{path.name}.") as handle:
        handle.write(output.data)
    os.chmod(handle.name, 0o644)
    os.replace(handle.name, path)


def remove_file(target: Path, relative: str) -> None:
    path = target / relative
    path.unlink(missing_ok=True)
    for parent in path.parents:  # drop folders the removal emptied, up to the site root
        if parent == target or not parent.is_relative_to(target):
            break
        try:
            parent.rmdir()
        except OSError:
            break

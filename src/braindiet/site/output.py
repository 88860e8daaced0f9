"""Writing the site: whole builds swap in atomically, rebuilds replace single files atomically.

A build writes into a fresh sibling folder and swaps it for the target in two renames, so a
failed build leaves the previous site as it was. The dev server's rebuilds write only the files
that changed, each through a temporary file and a rename, so a reader never sees half a page.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Output:
    path: str  # relative to the output folder, POSIX
    data: bytes


class Staging:
    """A fresh sibling folder a whole build writes into, swapped for the target when done.

    Used as a context manager: if anything fails before `commit()`, the staging folder is
    removed and the target is left exactly as it was. Leftovers of builds that were killed
    (`.NAME.building-*`, `.NAME.old-*`) are cleared when the next build starts.
    """

    def __init__(self, target: Path, static_dir: Path | None) -> None:
        self.target = target.resolve()
        self.target.parent.mkdir(parents=True, exist_ok=True)
        for leftover in self.target.parent.glob(f".{self.target.name}.*-*"):
            if leftover.name.startswith((f".{self.target.name}.building-",
                                         f".{self.target.name}.old-")):
                shutil.rmtree(leftover, ignore_errors=True)
        self.folder = Path(tempfile.mkdtemp(prefix=f".{self.target.name}.building-",
                                            dir=self.target.parent))
        if static_dir is not None and static_dir.is_dir():
            shutil.copytree(static_dir, self.folder, dirs_exist_ok=True)

    def write(self, output: Output) -> None:
        path = self.folder / output.path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(output.data)

    def commit(self) -> None:
        os.chmod(self.folder, 0o755)
        if not self.target.exists():
            self.folder.rename(self.target)
            return
        retired = self.target.with_name(f".{self.target.name}.old-{os.getpid()}")
        self.target.rename(retired)
        self.folder.rename(self.target)
        # Deleting thousands of files takes longer than writing them: let `rm` do it
        # after we return; a next build clears whatever it leaves.
        subprocess.Popen(["rm", "-rf", str(retired)], stdin=subprocess.DEVNULL,
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                         start_new_session=True)

    def __enter__(self) -> Staging:
        return self

    def __exit__(self, kind: object, error: object, trace: object) -> None:
        if error is not None:
            shutil.rmtree(self.folder, ignore_errors=True)


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

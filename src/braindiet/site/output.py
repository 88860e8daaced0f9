"""Writing the site: whole builds swap in atomically, rebuilds replace single files atomically.

A build writes into a fresh sibling folder and swaps it for the target. Where the system can
(Linux `renameat2(RENAME_EXCHANGE)`), the two folders trade places in one step, so the target
always holds a complete site; elsewhere two renames are used, and a build killed between them
leaves the previous site in `.NAME.old-*`, which the next build puts back before anything else.
A command-line build that can reuse files of the previous site hard-links them into the new
folder, so the swap stays atomic and a file that did not change keeps its inode and mtime.
An edit-sized build (`Patch`) writes only what changed into the sibling folder, and moves
each file into the intact previous site: no new folder for each of its pages.
The dev server's rebuilds write only the files that changed, each through a temporary file and
a rename, so a reader never sees half a page.

Every path is checked before it is written: it must stay inside the output folder. And the
output folder itself must not be, hold, or lie inside anything the site is read from.
"""

from __future__ import annotations

import ctypes
import errno
import os
import shutil
import subprocess
import tempfile
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

MAX_NAME_BYTES = 255  # what Linux, macOS and Windows file systems allow for one name


@dataclass(frozen=True, slots=True)
class Output:
    path: str  # relative to the output folder, POSIX
    data: bytes


class UnsafeOutputPath(ValueError):
    """A file of the site would be written outside the output folder (or cannot be named)."""


class OutputRefused(ValueError):
    """The output folder overlaps the sources, or holds something that is not a built site."""


def safe_relative(path: str) -> str:
    """`path` if it names a file inside the output folder; UnsafeOutputPath otherwise."""
    parts = path.split("/")
    if not path or "\0" in path or "\\" in path or \
            any(part in ("", ".", "..") or len(part.encode("utf-8")) > MAX_NAME_BYTES
                for part in parts):
        raise UnsafeOutputPath(f"refusing to write {path[:80]!r}: not a path inside the output "
                               "folder")
    return path


def check_target(target: Path, sources: Iterable[Path]) -> None:
    """Refuse (OutputRefused) an output folder that is, holds or lies inside a source, or an
    existing folder that is not a braindiet build: replacing it would delete what the user
    wrote."""
    real = target.resolve()
    for source in sources:
        held = source.resolve()
        if real == held or real.is_relative_to(held) or held.is_relative_to(real):
            raise OutputRefused(f"refusing to build into {target}: it overlaps {source}, which "
                                "the site is read from; choose an output folder outside it")
    if real.exists() and not real.is_dir():
        raise OutputRefused(f"refusing to build into {target}: it is not a folder")
    if real.is_dir() and any(real.iterdir()) and not looks_built(real):
        raise OutputRefused(f"refusing to replace {target}: it holds files but is not a site "
                            "braindiet built; remove it or choose another output folder")


def looks_built(folder: Path) -> bool:
    """A folder an earlier braindiet build wrote (its JSON API index and sitemap are there)."""
    return (folder / "api" / "index.json").is_file() and (folder / "sitemap.xml").is_file()


class Staging:
    """A fresh sibling folder a whole build writes into, swapped for the target when done.

    Used as a context manager: if anything fails before `commit()`, the staging folder is
    removed and the target is left exactly as it was. Leftovers of builds that were killed
    are dealt with when the next build starts (see `recover`).
    """

    def __init__(self, target: Path, static_files: Mapping[str, Path],
                 sources: Iterable[Path] = (), unchanged_static: Mapping[str, Path] = {}
                 ) -> None:
        """`unchanged_static`: static files the previous site holds as they are now (by path
        in the site, the previous site's copy): linked rather than copied again."""
        check_target(target, sources)
        self.target = target.resolve()
        self.target.parent.mkdir(parents=True, exist_ok=True)
        recover(self.target)
        self.folder = Path(tempfile.mkdtemp(prefix=f".{self.target.name}.building-",
                                            dir=self.target.parent))
        self.committed = False
        self.linked: set[str] = set()
        self.folders: set[str] = set()  # the folders made in the staging folder, by path
        try:
            for relative, source in static_files.items():
                kept = unchanged_static.get(relative)
                if kept is None or not self.link(relative, kept):
                    path = self.folder / safe_relative(relative)
                    path.parent.mkdir(parents=True, exist_ok=True)
                    shutil.copy2(source, path)
        except BaseException:
            shutil.rmtree(self.folder, ignore_errors=True)
            raise

    def write(self, output: Output) -> None:
        path = self.folder / safe_relative(output.path)
        self._make_parent(output.path)
        if output.path in self.linked:  # writing through the link would change the old site
            path.unlink()
            self.linked.discard(output.path)
        path.write_bytes(output.data)

    def link(self, relative: str, kept: Path) -> bool:
        """Keep a file of the previous site as it is (a hard link: no copy, same mtime); False
        when that cannot be done (the file went, another file system), so the caller writes."""
        path = os.path.join(self.folder, safe_relative(relative))
        self._make_parent(relative)
        try:
            os.link(kept, path, follow_symlinks=False)
        except FileExistsError:  # a static file of the same name, or a second call
            try:
                os.unlink(path)
                os.link(kept, path, follow_symlinks=False)
            except OSError:
                return False
        except OSError:
            return False
        self.linked.add(relative)
        return True

    def shares(self, relative: str) -> None:
        """The file at `relative` has another name now (the cache's store links it): writing
        it again must replace it, not write through to the other name."""
        self.linked.add(relative)

    def _make_parent(self, relative: str) -> None:
        _make_parent(self.folder, relative, self.folders)

    def source(self, relative: str) -> Path:
        """Where the new site's file `relative` is until the commit."""
        return self.folder / relative

    def commit(self, site: Collection[str] = ()) -> None:
        """Put the new site in place of the target. (`site`, every file the build made or
        kept outside the folders written whole, is what a `Patch` keeps of the target.)"""
        os.chmod(self.folder, 0o755)
        if not self.target.exists():
            self.folder.rename(self.target)
            self.committed = True
            return
        retired = self.target.with_name(f".{self.target.name}.old-{os.getpid()}")
        if _exchange(self.folder, self.target):  # one atomic step: no instant without a site
            self.committed = True
            self.folder.rename(retired)
        else:  # killed between these two, the next build restores `retired` (see `recover`)
            self.target.rename(retired)
            self.folder.rename(self.target)
            self.committed = True
        _delete_later(retired)

    def __enter__(self) -> Staging:
        return self

    def __exit__(self, kind: object, error: object, trace: object) -> None:
        if error is not None and not self.committed:
            shutil.rmtree(self.folder, ignore_errors=True)


class Patch(Staging):
    """An edit-sized build's changes, made to an intact previous site in place.

    What is written goes into a fresh sibling folder; a file the previous site holds as it
    is stays where it is. `commit` deletes what the new site lacks, moves each written file
    into the target (a rename: a reader sees the old file or the new, never half of one) and
    swaps in each of the `whole` folders (the search index, whose files go together) in one
    step. If anything fails before `commit`, the target is as it was. On a disk, making a
    folder for each of a thousand pages costs more than rendering the few that changed."""

    def __init__(self, target: Path, static_files: Mapping[str, Path],
                 sources: Iterable[Path] = (), unchanged_static: Mapping[str, Path] = {},
                 whole: tuple[str, ...] = (), present: Iterable[str] = ()) -> None:
        """`present`: every file in the target now (its folders are not walked again)."""
        self.whole = whole
        self.present = present
        super().__init__(target, static_files, sources, unchanged_static)

    def link(self, relative: str, kept: Path) -> bool:
        if kept == self.target / relative:
            return True  # in place already
        return super().link(relative, kept)

    def source(self, relative: str) -> Path:
        staged = self.folder / relative
        return staged if staged.exists() else self.target / relative

    def commit(self, site: Collection[str] = ()) -> None:
        written = [relative for relative in _files(self.folder)
                   if relative.split("/", 1)[0] not in self.whole]
        keep = set(site) | set(written)
        self.committed = True  # from here on the target changes; the record's stamps tell
        for relative in self.present:
            if relative.split("/", 1)[0] not in self.whole and relative not in keep:
                remove_file(self.target, relative)  # with the folders it empties (the
                # name of one may be a file's now)
        made: set[str] = set()
        for relative in written:
            _make_parent(self.target, relative, made)
            os.replace(self.folder / relative, self.target / relative)
        for name in self.whole:
            new, old = self.folder / name, self.target / name
            if new.is_dir() and old.is_dir() and _exchange(new, old):
                continue  # the old one is in the sibling folder now, deleted with it
            if old.exists():
                old.rename(self.folder / f".old-{name}")
            if new.is_dir():
                new.rename(old)
        _delete_later(self.folder)


def _make_parent(root: Path, relative: str, made: set[str]) -> None:
    """The folder under `root` a file goes in, made once (`made`: the folders made so far; a
    thousand files in a few folders would otherwise ask for each folder a thousand times)."""
    parent = relative.rpartition("/")[0]
    if parent and parent not in made:
        os.makedirs(os.path.join(root, parent), exist_ok=True)
        made.add(parent)


def _delete_later(folder: Path) -> None:
    """Deleting thousands of files takes longer than writing them: `rm` does it after we
    return; a next build clears whatever it leaves (see `recover`)."""
    subprocess.Popen(["rm", "-rf", str(folder)], stdin=subprocess.DEVNULL,
                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                     start_new_session=True)


def _files(folder: Path) -> list[str]:
    """Every file under `folder`, by POSIX path within it."""
    found = []
    for directory, _, names in os.walk(folder):
        prefix = os.path.relpath(directory, folder).replace(os.sep, "/")
        found += [name if prefix == "." else f"{prefix}/{name}" for name in names]
    return found


def recover(target: Path) -> None:
    """Tidy what killed builds left beside `target`: a site retired but never replaced is put
    back first; unfinished staging folders and retired sites are deleted after that."""
    building = sorted(target.parent.glob(f".{target.name}.building-*"))
    retired = sorted(target.parent.glob(f".{target.name}.old-*"),
                     key=lambda p: p.stat().st_mtime_ns)
    if not target.exists() and retired:
        retired.pop().rename(target)
    for leftover in (*building, *retired):
        shutil.rmtree(leftover, ignore_errors=True)


def _exchange(first: Path, second: Path) -> bool:
    """Swap two paths in one atomic step; False where the system cannot (then nothing moved)."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return False
    at_cwd, rename_exchange = -100, 2
    if renameat2(at_cwd, os.fsencode(first), at_cwd, os.fsencode(second), rename_exchange) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(second))


def write_file(target: Path, output: Output) -> None:
    """Replace one file of a live site atomically."""
    path = target / safe_relative(output.path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile("wb", dir=path.parent, delete=False,
                                     prefix=f".{path.name[:200]}.") as handle:
        try:
            handle.write(output.data)
        except BaseException:
            os.unlink(handle.name)
            raise
    os.chmod(handle.name, 0o644)
    os.replace(handle.name, path)


def remove_file(target: Path, relative: str) -> None:
    path = target / safe_relative(relative)
    path.unlink(missing_ok=True)
    for parent in path.parents:  # drop folders the removal emptied, up to the site root
        if parent == target or not parent.is_relative_to(target):
            break
        try:
            parent.rmdir()
        except OSError:
            break

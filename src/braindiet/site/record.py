"""The record a command-line build keeps in the cache, so the next build redoes only what changed.

`braindiet serve` knows, in memory, what each output read (`braindiet.dependencies`). A
command-line build keeps that knowledge between runs: for the last build of one site into one
output folder, the record holds what each produced file read and the fingerprint of that data
(a `Snapshot`), the digest of each produced file, a stamp of every file of the site folder and
of every file the build left in the output folder, and what the build reported.

With it the next build
- stops at once when no file of the site changed and the output folder is exactly as the build
  left it (`up_to_date`: this module imports nothing heavy, so the check runs before the site
  modules load, in a fraction of the time loading them takes);
- otherwise re-renders only the files that read data which changed, keeps the others (a hard
  link to the previous site's file, or, where that file is gone, to the copy in the cache's
  `RenderedStore`); each shard of the search index none of whose pages
  changed comes from the cache (see `site/build.py`, `site/search.py`).

Stamps are (inode, size, mtime in ns). A file written in the last second before the build
started gets no stamp (like Git's "racily clean" entries): a second edit within the clock's
granularity would keep size and mtime, so such a file always counts as changed next time.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from site import getsitepackages, getusersitepackages

from braindiet import example_site
from braindiet.cache import cache_dir, digest
from braindiet.content.publishing import LeftOut
from braindiet.dependencies import Snapshot
from braindiet.diagnostics import Diagnostic
from braindiet.site.reads import KeyTable, Reads
from braindiet.site.search import search_digest
from braindiet.site.store import RenderedStore
from braindiet.site.store import Stamp as StoreStamp

FORMAT = "6"  # bump when the record changes shape
NAMESPACE = "build-record"
RACY_NS = 1_000_000_000  # a file this close to the build's start gets no stamp
SKIPPED_FOLDERS = ("node_modules", "__pycache__")  # npm packages, bytecode: never read

Stamp = tuple[int, int, int]  # inode, size, mtime_ns


@dataclass(slots=True)
class BuildResult:
    output: Path
    pages: int
    files: int
    diagnostics: list[Diagnostic] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)
    standalone: int = 0  # src/pages/ pages, built at their own paths
    left_out: list[LeftOut] = field(default_factory=list)  # drafts and excluded pages
    redirects: int = 0  # redirect pages written
    rendered: int = 0  # files made this time; the others were kept from the previous build
    restored: int = 0  # of the others, files written back from the cache's copy
    search: str = "rebuilt"  # the search index: "rebuilt", "reused", "updated (...)", "none"

    @property
    def work(self) -> str:
        """What this build did, for the end line: `3 rendered, 1,255 unchanged, search index
        reused`."""
        kept = self.files - self.rendered - self.restored
        parts = [f"{self.rendered:,} rendered", f"{kept:,} unchanged"]
        if self.restored:
            parts.insert(1, f"{self.restored:,} restored from the cache")
        if self.search != "none":
            parts.append(f"search index {self.search}")
        return ", ".join(parts)


@dataclass(frozen=True, slots=True)
class Made:
    """One produced file, as the build left it."""

    reads: Reads  # the dependency keys it read
    digest: str  # of its bytes
    search: str | None  # digest of what Pagefind reads of it; None: not a searchable page
    stored: StoreStamp | None = None  # its entry in the cache's `RenderedStore`, as kept

    @classmethod
    def of(cls, reads: Reads, data: bytes) -> Made:
        return cls(reads, content_digest(data), search_digest(data))


SPARE_KEYS = 4096  # keys no live data has that the table may hold before it is renumbered


@dataclass(slots=True)
class Details:
    """The part of the record only a build that renders needs (loaded lazily: it is large)."""

    snapshot: Snapshot
    made: dict[str, Made]
    settings: str  # digest of the files every page depends on (see `build.settings_of`)
    static: dict[str, StoreStamp] = field(default_factory=dict)  # their store entries
    keys: KeyTable = field(default_factory=KeyTable)  # what numbers the files' reads

    @classmethod
    def of(cls, snapshot: Snapshot, made: dict[str, Made], settings: str,
           static: dict[str, StoreStamp], keys: KeyTable) -> Details:
        """The details to keep; the key table renumbered when keys no data has any more
        (pages deleted or renamed, build after build) outnumber the live ones."""
        if len(keys) > 2 * len(snapshot.keys) + SPARE_KEYS:
            keys = KeyTable()
            made = {path: replace(m, reads=keys.pack(m.reads)) for path, m in made.items()}
        return cls(snapshot, made, settings, static, keys)


@dataclass(slots=True)
class BuildRecord:
    root: str
    output: str
    dev: bool
    search: bool
    tools: str
    inputs: dict[str, Stamp | None]  # every file of the site folder, by path within it
    outputs: dict[str, Stamp]  # every file of the output folder, by path within it
    result: BuildResult
    details_pickle: bytes

    @property
    def details(self) -> Details:
        details = pickle.loads(self.details_pickle)
        assert isinstance(details, Details)
        return details

    @classmethod
    def make(cls, root: Path, output: Path, dev: bool, search: bool,
             inputs: dict[str, Stamp | None], result: BuildResult, details: Details
             ) -> BuildRecord:
        body = pickle.dumps(details, protocol=pickle.HIGHEST_PROTOCOL)
        return cls(str(root), str(output), dev, search, tools(), inputs,
                   output_stamps(output), result, body)

    @classmethod
    def load(cls, root: Path, output: Path, dev: bool, search: bool) -> BuildRecord | None:
        """The record of the last build of `root` into `output` with the same settings and
        the same code, if the cache holds one."""
        path = record_path(root, output)
        if path is None:
            return None
        try:
            with path.open("rb") as handle:
                record = pickle.load(handle)
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError,
                TypeError, ValueError):
            return None
        if not isinstance(record, cls) or (record.root, record.output, record.dev,
                                           record.search) != (str(root), str(output), dev,
                                                              search) \
                or record.tools != tools():
            return None
        return record

    def store(self) -> None:
        path = record_path(Path(self.root), Path(self.output))
        if path is None:
            return
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            temporary = path.with_name(f".{path.name}.{os.getpid()}")
            with temporary.open("wb") as handle:  # streamed: at 10,000 pages it is 100 MB
                pickle.dump(self, handle, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, path)
        except OSError:
            pass  # a read-only or full cache costs the next build time, never correctness

    def kept(self, output: Path, current: Mapping[str, Stamp]) -> dict[str, Path]:
        """The files of the output folder (whose files are `current`) that are still as this
        build left them."""
        return {relative: output / relative for relative, stamp in self.outputs.items()
                if current.get(relative) == stamp}


@dataclass(slots=True)
class Plan:
    """What a build keeps from the previous one: files whose inputs did not change, files it
    may find it makes again byte for byte, and static files (the search index's shards come
    from the cache, `search.ShardStore`)."""

    reuse: dict[str, Made]  # produced files kept (or restored) as they are, not rendered again
    earlier: dict[str, tuple[str, Path]]  # every intact produced file: its digest, its file
    static: dict[str, Path]  # static files unchanged since, by path in the site: their copy
    settings: str
    patch: bool = False  # the previous site is intact and most of it kept: change it in place
    present: frozenset[str] = frozenset()  # every file in the output folder now
    stored_static: dict[str, StoreStamp] = field(default_factory=dict)  # as `Details.static`
    keys: KeyTable = field(default_factory=KeyTable)  # numbers the reads, this build's too

    @classmethod
    def of(cls, record: BuildRecord | None, target: Path, root: Path, snapshot: Snapshot,
           settings: tuple[bytes, ...], static_files: Mapping[str, Path],
           store: RenderedStore | None = None) -> Plan:
        settings_digest = digest(settings)
        if record is None:
            return cls({}, {}, {}, settings_digest)
        details = record.details
        keys = details.keys
        present = output_stamps(target)
        kept = record.kept(target, present)
        earlier = {path: (m.digest, kept[path]) for path, m in details.made.items()
                   if path in kept}
        reuse: dict[str, Made] = {}
        if details.settings == settings_digest:  # else every page may have changed
            dirty = keys.known(details.snapshot.dirty(snapshot))
            reuse = {path: m for path, m in details.made.items()
                     if (path in earlier or m.stored is not None) and not m.reads.touches(dirty)}
        static: dict[str, Path] = {}
        for relative, source in static_files.items():
            if not _unchanged(record, root, source):
                continue
            copy = kept.get(relative)
            if copy is None and store is not None and relative in details.static:
                copy = store.kept(static_key(relative, source), details.static[relative])
            if copy is not None:
                static[relative] = copy
        patch = len(kept) == len(record.outputs) and 2 * len(reuse) >= len(details.made)
        return cls(reuse, earlier, static, settings_digest, patch, frozenset(present),
                   details.static, keys)


def _unchanged(record: BuildRecord, root: Path, source: Path) -> bool:
    try:
        relative = source.relative_to(root).as_posix()
    except ValueError:
        return False
    before = record.inputs.get(relative)
    return before is not None and stamp(source) == before


def search_pages(made: Mapping[str, Made], static_files: Mapping[str, Path]
                 ) -> dict[str, str]:
    """What Pagefind indexes, by path in the site, with the digest of what it reads of each
    (`search_digest`): the searchable pages, static HTML files marked searchable included
    (every HTML file, whole, when none is marked, as Pagefind does)."""
    static = {relative: source.read_bytes() for relative, source in sorted(static_files.items())
              if relative.endswith(".html") and relative not in made}
    pages = {path: m.search for path, m in made.items() if m.search is not None}
    pages |= {relative: searched for relative, data in static.items()
              if (searched := search_digest(data)) is not None}
    if pages:
        return pages
    return {**{path: m.digest for path, m in made.items() if path.endswith(".html")},
            **{relative: content_digest(data) for relative, data in static.items()}}


def content_digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def static_key(relative: str, source: Path) -> str:
    """What names a static file's copy in the `RenderedStore`: its path in the site and the
    stamp of its source (reading every image to digest it would cost more than copying)."""
    return hashlib.blake2b(repr((relative, stamp(source))).encode(), digest_size=16).hexdigest()


def record_key(root: Path, output: Path) -> str:
    """What names the record of builds of `root` into `output` (and their `RenderedStore`)."""
    return digest([FORMAT, str(root), str(output)])


def record_path(root: Path, output: Path) -> Path | None:
    folder = cache_dir()
    if folder is None:
        return None
    return folder / NAMESPACE / f"{record_key(root, output)}.pickle"


def up_to_date(site: Path | None, output: Path, dev: bool = False, search: bool = True
               ) -> BuildResult | None:
    """What the last build reported, when building again would change nothing: no file of the
    site changed and the output folder is exactly as that build left it. Otherwise None."""
    started = time.perf_counter()
    root, target = (site or example_site()).resolve(), output.resolve()
    record = BuildRecord.load(root, target, dev, search)
    if record is None or input_stamps(root) != record.inputs \
            or output_stamps(target) != record.outputs:
        return None
    return replace(record.result, output=output, rendered=0, search="reused" if search
                   else "none", seconds={"check": time.perf_counter() - started})


def stamp(path: Path | str) -> Stamp | None:
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return stat.st_ino, stat.st_size, stat.st_mtime_ns


def input_stamps(root: Path, started_ns: int | None = None) -> dict[str, Stamp | None]:
    """Every file of the site folder (hidden folders and npm packages aside) with its stamp.
    Given the build's start, a file modified less than `RACY_NS` before it gets None."""
    stamps: dict[str, Stamp | None] = {}
    for relative, found in _walk(root, skip_hidden=True):
        if started_ns is not None and found is not None and found[2] > started_ns - RACY_NS:
            found = None
        stamps[relative] = found
    return stamps


def output_stamps(output: Path) -> dict[str, Stamp]:
    return {relative: found for relative, found in _walk(output, skip_hidden=False)
            if found is not None}


def _walk(root: Path, skip_hidden: bool) -> Iterator[tuple[str, Stamp | None]]:
    pending = [("", str(root))]
    while pending:
        prefix, folder = pending.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            if skip_hidden and (entry.name.startswith(".") or entry.name in SKIPPED_FOLDERS):
                continue
            relative = prefix + entry.name
            if entry.is_dir():  # follows symlinks, as the site's readers do
                pending.append((relative + "/", entry.path))
            else:
                yield relative, stamp(entry.path)


def tools() -> str:
    """braindiet's code and the libraries that shape the output, by file stamps (reading
    the code, or asking each library's version, would cost more than the whole check): the
    package's files, and the folders packages are installed in, whose stamps change when a
    package is installed, upgraded or removed."""
    package = Path(__file__).resolve().parent.parent
    code = sorted((relative, found) for relative, found in _walk(package, skip_hidden=True)
                  if not relative.startswith("examples/"))
    installed = [(folder, stamp(folder)) for folder in _package_folders()]
    return digest([FORMAT, sys.version, repr(code), repr(installed)])


def _package_folders() -> list[str]:
    folders = [*getsitepackages(), getusersitepackages()]
    return sorted({folder for folder in folders if os.path.isdir(folder)})

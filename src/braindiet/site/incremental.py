"""Incremental rebuilds for the dev server: after an edit, redo exactly the files it can change.

Every file of a build records what it read (see `braindiet.dependencies`). After an edit the
site is loaded again (unchanged pages are reused, not re-parsed) and summarised as a
`Snapshot`: for each read-key, a fingerprint of the data behind it. Keys whose fingerprint
changed are dirty; a file is made again when it read a dirty key, and only written when its
bytes differ. Settings and tags.yml reach every page, so editing them rebuilds everything.

The tests hold this to one standard: after any series of edits, the live folder is byte for
byte what a clean full build of the same sources writes.
"""

from __future__ import annotations

import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path

from braindiet.checks import run_checks
from braindiet.dependencies import Snapshot
from braindiet.diagnostics import Diagnostic
from braindiet.project import Project, load_project
from braindiet.site.build import (
    KeysRead,
    prepare,
    produce,
    render_and_index,
    settings_of,
    snapshot_of,
)
from braindiet.site.features import producers
from braindiet.site.output import Output, Staging, remove_file, safe_relative, write_file
from braindiet.site.record import Made, Plan, search_pages
from braindiet.site.search import NO_INDEX, SEARCH_DIR, SearchIndex, ShardStore, index_site
from braindiet.site.view import SiteView


def _verified(snapshot: Snapshot, files: KeysRead) -> KeysRead:
    for path, reads in files.items():
        snapshot.verify(reads, path)
    return files


@dataclass(slots=True)
class RebuildReport:
    full: bool
    made: int  # files produced again
    written: int  # files whose bytes changed
    removed: int
    seconds: float
    diagnostics: list[Diagnostic] = field(default_factory=list)


class LiveSite:
    """A built site kept in memory, rebuilt in place as its sources change."""

    def __init__(self, root: Path, output: Path, dev: bool = True, search: bool = True) -> None:
        self.root, self.output, self.dev, self.search = root.resolve(), output, dev, search
        self.project: Project
        self.site: SiteView
        self.snapshot: Snapshot
        self.files: KeysRead = {}
        self.made: dict[str, Made] = {}  # what each file is: the search index's input
        self.static_stamp: dict[str, tuple[int, int]] = {}
        self.search_index: SearchIndex = NO_INDEX  # the index in place: its shards, its files
        self.settings = self._settings()
        self.last = self.full_build(workers=None)

    @property
    def pages(self) -> int:
        return len(self.project.documents)

    # ---- whole builds -----------------------------------------------------------------

    def _load(self, previous: Project | None = None) -> tuple[Project, SiteView, list[Diagnostic]]:
        project = load_project(self.root, reuse=previous, dev=self.dev)
        diagnostics = run_checks(project)
        site = prepare(project, diagnostics, dev=self.dev)
        return project, site, diagnostics

    def full_build(self, workers: int | None = 1) -> RebuildReport:
        """Everything again. Worker processes only before the server's threads start: forking
        a threaded process is not safe."""
        started = time.perf_counter()
        self.settings = self._settings()
        self.project, self.site, diagnostics = self._load()
        self.snapshot = snapshot_of(self.project, self.site)
        nothing_kept = Plan.of(None, self.output, self.root, self.snapshot, self.settings,
                               self.project.static_files)
        with Staging(self.output, self.project.static_files, self.project.sources) as staging:
            made, _, index = render_and_index(staging, self.site, self.snapshot, nothing_kept,
                                              workers, self.search, self.project.static_files)
            staging.commit()
        self.made, self.keys = made, nothing_kept.keys
        self.files = {path: frozenset(m.reads) for path, m in made.items()}
        self.search_index = index or NO_INDEX
        self.static_stamp = _static_stamps(self.project.static_files)
        self.last = RebuildReport(True, len(self.files), len(self.files), 0,
                                  time.perf_counter() - started, diagnostics)
        return self.last

    # ---- incremental rebuilds ---------------------------------------------------------

    def rebuild(self, changed: set[Path] | None = None) -> RebuildReport:
        """Bring the live folder up to date with the sources. `changed` (the watcher's list)
        is only a hint: what changed is found by comparing, so nothing can be missed."""
        if self._settings() != self.settings:
            return self.full_build()
        started = time.perf_counter()
        project, site, diagnostics = self._load(previous=self.project)
        snapshot = snapshot_of(project, site)
        dirty = self.snapshot.dirty(snapshot)
        made = written = 0
        fresh: KeysRead = {}
        fresh_made: dict[str, Made] = {}
        outputs: list[Output] = []
        outputs_made: list[str] = []
        for producer in producers(site):
            previous = self.files.get(producer.path)
            if previous is not None and not (previous & dirty):
                fresh[producer.path] = previous
                fresh_made[producer.path] = self.made[producer.path]
                continue
            data, fresh[producer.path] = produce(site, producer)
            fresh_made[producer.path] = Made.of(self.keys.pack(fresh[producer.path]), data)
            outputs_made.append(producer.path)
            made += 1
            if previous is None or _on_disk(self.output / producer.path) != data:
                outputs.append(Output(producer.path, data))
        for output in outputs:  # everything rendered before anything is written
            write_file(self.output, output)
            written += 1
        _verified(snapshot, {path: fresh[path] for path in outputs_made})
        removed = [path for path in self.files if path not in fresh]
        assert not any(path.startswith(f"{SEARCH_DIR}/") for path in removed)
        for path in removed:
            remove_file(self.output, path)
        self._sync_static(project.static_files)
        self.project, self.site, self.snapshot, self.files = project, site, snapshot, fresh
        self.made = fresh_made
        self.last = RebuildReport(False, made, written, len(removed),
                                  time.perf_counter() - started, diagnostics)
        return self.last

    def reindex(self) -> None:
        """Re-index the search shards whose pages changed (the server does it after the
        reload, so edits show at once and search catches up); the previous files stay for
        one more generation, for tabs that loaded them."""
        if self.search:
            pages = search_pages(self.made, self.project.static_files)
            self.search_index = index_site(self.output, pages, self.search_index,
                                           store=ShardStore.in_cache())

    def _settings(self) -> tuple[bytes, ...]:
        return settings_of(self.root)

    def _sync_static(self, static_files: dict[str, Path]) -> None:
        """Copy new and changed static files; drop the ones removed from static/."""
        stamps = _static_stamps(static_files)
        for relative, stamp in stamps.items():
            if self.static_stamp.get(relative) != stamp and relative not in self.files:
                target = self.output / safe_relative(relative)
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(static_files[relative], target)
        for relative in self.static_stamp.keys() - stamps.keys():
            if relative not in self.files:
                remove_file(self.output, relative)
        self.static_stamp = stamps


def _on_disk(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None


def _static_stamps(static_files: dict[str, Path]) -> dict[str, tuple[int, int]]:
    stamps: dict[str, tuple[int, int]] = {}
    for relative, path in static_files.items():
        try:
            stat = path.stat()
        except OSError:  # removed since the site was loaded: the next rebuild drops it
            continue
        stamps[relative] = (stat.st_mtime_ns, stat.st_size)
    return stamps

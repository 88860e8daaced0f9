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

import hashlib
import shutil
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from braindiet.checks import run_checks
from braindiet.config import CONFIG_FILE, load_config
from braindiet.content.tags import TAGS_FILE
from braindiet.diagnostics import Diagnostic
from braindiet.graph.aliases import normalize
from braindiet.graph.links import citations
from braindiet.project import Project, load_project
from braindiet.site.build import Reads, build_into, prepare, produce
from braindiet.site.output import Output, Staging, remove_file, write_file
from braindiet.site.pages import SiteView, producers
from braindiet.site.search import SEARCH_DIR, index_files, index_site


def _fingerprint(*parts: object) -> str:
    return hashlib.blake2b(repr(parts).encode("utf-8"), digest_size=12).hexdigest()


@dataclass(slots=True)
class Snapshot:
    """A fingerprint of everything a file may read, by dependency key."""

    keys: dict[str, str] = field(default_factory=dict)

    @classmethod
    def of(cls, project: Project, site: SiteView) -> Snapshot:
        graph = project.graph
        keys: dict[str, str] = {}
        nutrition = site.ctx.nutrition
        for document in project.documents:
            permalink = document.permalink
            keys[f"doc:{permalink}"] = _fingerprint(document.source_hash, document.site_path)
            keys[f"label:{permalink}"] = _fingerprint(document.title, document.label,
                                                      str(document.kind), document.site_path)
            keys[f"card:{permalink}"] = _fingerprint(
                document.description, document.meta.list_image,
                site.ctx.structures.get(permalink))
            composition = nutrition.foods.get(document) if nutrition is not None else None
            keys[f"figures:{permalink}"] = _fingerprint(
                repr(composition), getattr(document.meta, "contribution_levels", None))
        outgoing: dict[str, list[tuple[str, ...]]] = defaultdict(list)
        incoming: dict[str, list[tuple[str, ...]]] = defaultdict(list)
        for edge in graph.edges():
            mechanism = graph.mechanism(edge.source, edge.target) or ""
            row = (edge.source.permalink, str(edge.relation), edge.target.permalink, mechanism)
            outgoing[edge.source.permalink].append(row)
            incoming[edge.target.permalink].append(row)
        for document in project.documents:
            keys[f"out:{document.permalink}"] = _fingerprint(sorted(outgoing[document.permalink]))
            keys[f"in:{document.permalink}"] = _fingerprint(sorted(incoming[document.permalink]))
        for name in graph.aliases.names():
            keys[f"name:{name}"] = _fingerprint(
                [d.permalink for d in graph.aliases.resolve(name).pages])
        for document in project.documents:  # a permalink is a name too
            keys.setdefault(f"name:{normalize(document.permalink)}", document.permalink)
        for concept, carriers in graph.tag_concepts().items():
            keys[f"tag:{concept}"] = _fingerprint(sorted(d.permalink for d in carriers))
        for permalink, (tag, pages) in site.tag_carriers.items():
            keys[f"tagpage:{permalink}"] = _fingerprint(
                tag, sorted(d.permalink for d in pages))
        keys["tagpages"] = _fingerprint(sorted((k, v) for k, v in keys.items()
                                               if k.startswith("tagpage:")))
        for folder, node in site.nav.categories.items():
            keys[f"folder:{folder}"] = _fingerprint(_nav_rows(node))
        keys["inventory"] = _fingerprint(sorted((d.permalink, str(d.kind), d.title, d.label)
                                                for d in project.documents))
        keys["kinds"] = _fingerprint(sorted({str(d.kind) for d in project.documents}))
        keys["citations"] = _fingerprint(sorted(
            (d.permalink, tuple(c.key for c in citations(graph, d, project.config.references_page)))
            for d in project.documents))
        keys["graph"] = _fingerprint(keys["inventory"], sorted(  # front matter and edges
            (d.permalink, repr(d.front.data)) for d in project.documents),
            sorted(v for k, v in keys.items() if k.startswith(("out:", "in:"))))
        for key, html in site.ctx.references.items():
            keys[f"bib:{key}"] = _fingerprint(html)
        keys["bib:*"] = _fingerprint(sorted(site.ctx.references.items()),
                                     [(r.key, r.year, r.title) for r in project.bibliography])
        keys["nutrition:foods"] = _fingerprint(sorted(
            (d.permalink, d.title, d.label, keys[f"figures:{d.permalink}"])
            for d in project.documents if str(d.kind) == "food"))
        for file, problems in site.problems.items():
            keys[f"problems:{file}"] = _fingerprint(problems)
        return cls(keys)

    def dirty(self, newer: Snapshot) -> set[str]:
        """Keys whose data changed, appeared or disappeared."""
        names = self.keys.keys() | newer.keys.keys()
        return {k for k in names if self.keys.get(k) != newer.keys.get(k)}


def _nav_rows(node: object) -> list[tuple[object, ...]]:
    children = getattr(node, "children", [])
    return [(getattr(node, "label", ""), getattr(node, "permalink", ""))] + [
        (c.label, c.permalink, c.position, c.is_category) for c in children]


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

    def __init__(self, root: Path, output: Path, dev: bool = True) -> None:
        self.root, self.output, self.dev = root.resolve(), output, dev
        self.project: Project
        self.site: SiteView
        self.snapshot: Snapshot
        self.files: Reads = {}
        self.static_stamp: dict[str, tuple[int, int]] = {}
        self.search_files: frozenset[str] = frozenset()  # the current search index's files
        self.settings = self._settings()
        self.last = self.full_build(workers=None)

    @property
    def pages(self) -> int:
        return len(self.project.documents)

    # ---- whole builds -----------------------------------------------------------------

    def _load(self, previous: Project | None = None) -> tuple[Project, SiteView, list[Diagnostic]]:
        project = load_project(self.root, reuse=previous)
        diagnostics = run_checks(project)
        site = prepare(project, diagnostics, dev=self.dev)
        return project, site, diagnostics

    def full_build(self, workers: int | None = 1) -> RebuildReport:
        """Everything again. Worker processes only before the server's threads start: forking
        a threaded process is not safe."""
        started = time.perf_counter()
        self.settings = self._settings()
        self.project, self.site, diagnostics = self._load()
        with Staging(self.output, self.project.static_dir) as staging:
            self.files = build_into(staging, self.site, workers, search=True)
        self.search_files = index_files(self.output / SEARCH_DIR)
        self.snapshot = Snapshot.of(self.project, self.site)
        self.static_stamp = _static_stamps(self.project.static_dir)
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
        snapshot = Snapshot.of(project, site)
        dirty = self.snapshot.dirty(snapshot)
        made = written = 0
        fresh: Reads = {}
        outputs: list[Output] = []
        for producer in producers(site):
            previous = self.files.get(producer.path)
            if previous is not None and not (previous & dirty):
                fresh[producer.path] = previous
                continue
            data, fresh[producer.path] = produce(site, producer)
            made += 1
            if previous is None or _on_disk(self.output / producer.path) != data:
                outputs.append(Output(producer.path, data))
        for output in outputs:  # everything rendered before anything is written
            write_file(self.output, output)
            written += 1
        removed = [path for path in self.files if path not in fresh]
        assert not any(path.startswith(f"{SEARCH_DIR}/") for path in removed)
        for path in removed:
            remove_file(self.output, path)
        self._sync_static(project.static_dir)
        self.project, self.site, self.snapshot, self.files = project, site, snapshot, fresh
        self.last = RebuildReport(False, made, written, len(removed),
                                  time.perf_counter() - started, diagnostics)
        return self.last

    def reindex(self) -> None:
        """Refresh the search index (seconds on large sites: the server does it after the
        reload, so edits show at once and search catches up)."""
        self.search_files = index_site(self.output, keep=self.search_files)

    def _settings(self) -> tuple[bytes, ...]:
        """The files every page depends on: the settings and tags.yml."""
        config, _ = load_config(self.root)
        files = (self.root / CONFIG_FILE, self.root / config.docs_dir / TAGS_FILE)
        return tuple(p.read_bytes() if p.is_file() else b"" for p in files)

    def _sync_static(self, static_dir: Path) -> None:
        """Copy new and changed static files; drop the ones removed from static/."""
        stamps = _static_stamps(static_dir)
        for relative, stamp in stamps.items():
            if self.static_stamp.get(relative) != stamp and relative not in self.files:
                target = self.output / relative
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(static_dir / relative, target)
        for relative in self.static_stamp.keys() - stamps.keys():
            if relative not in self.files:
                remove_file(self.output, relative)
        self.static_stamp = stamps


def _on_disk(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None


def _static_stamps(static_dir: Path) -> dict[str, tuple[int, int]]:
    if not static_dir.is_dir():
        return {}
    return {p.relative_to(static_dir).as_posix(): (p.stat().st_mtime_ns, p.stat().st_size)
            for p in static_dir.rglob("*") if p.is_file()}

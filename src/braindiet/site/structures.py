"""Structure drawings: one SVG per InChIKey, shared by every substance page showing it."""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial

from braindiet.project import Project
from braindiet.render.context import StructureView
from braindiet.science.chemistry.model import StructureSource
from braindiet.site.view import Producer, SiteView

STRUCTURES_DIR = "img/structures"


def structure_views(project: Project) -> dict[str, StructureView]:
    """Views of each substance's structure, one SVG file per InChIKey.

    A structure that could not be verified is not shown, not even the page's own image of it:
    the image would claim a compound the key does not name.
    """
    views: dict[str, StructureView] = {}
    for document, structure in project.structures.items():
        if structure.svg is not None:
            name = structure.computed_inchikey or structure.inchikey or document.doc_id
            views[document.permalink] = StructureView(
                url=f"/{STRUCTURES_DIR}/{name}.svg", svg=structure.svg,
                formula=structure.formula, weight=structure.weight_text,
                inchikey=structure.inchikey, source=str(structure.source))
        elif structure.source is StructureSource.IMAGE and structure.image_path is not None:
            meta_image = getattr(document.meta, "inchi_image", None) or ""
            views[document.permalink] = StructureView(url=meta_image, inchikey=structure.inchikey,
                                                      source=str(structure.source))
    return views


def producers(site: SiteView) -> Iterable[Producer]:
    drawings: dict[str, tuple[str, list[str]]] = {}
    for permalink, view in sorted(site.ctx.structures.items()):
        if view.svg is not None:
            drawings.setdefault(view.url.lstrip("/"), (view.svg, []))[1].append(permalink)
    for path, (svg, substances) in drawings.items():
        yield Producer(path, partial(structure_file, svg=svg, substances=tuple(substances)))


def structure_file(site: SiteView, svg: str, substances: tuple[str, ...]) -> bytes:
    """One drawing, shared by every substance page with that InChIKey."""
    graph = site.ctx.graph
    for permalink in substances:
        page = graph.page_at(permalink)
        if page is not None:
            site.ctx.card_of(page)
    return svg.encode("utf-8")

"""Every file of the website as a function of the rendered graph: pages, tags, home, sitemap."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any
from xml.sax.saxutils import escape as xml_escape

from markupsafe import Markup

from braindiet.content.document import Document
from braindiet.content.schema import KIND_FOLDERS, Kind
from braindiet.content.tags import Tag
from braindiet.diagnostics import Diagnostic
from braindiet.render.components.views import card
from braindiet.render.context import RenderContext
from braindiet.render.markdown import RenderedBody, render_body
from braindiet.render.nutrition import Panel, food_panel, recipe_panel
from braindiet.render.templating import environment
from braindiet.site.assets import asset_urls
from braindiet.site.nav import Navigation, NavNode

KIND_LABELS: dict[Kind, str] = {
    Kind.SUBSTANCE: "Substance", Kind.FOOD: "Food", Kind.RECIPE: "Recipe",
    Kind.TARGET: "Biological target", Kind.AREA: "Therapeutic area", Kind.PAPER: "Paper",
}
KIND_PLURALS: dict[Kind, str] = {
    Kind.RECIPE: "Recipes", Kind.FOOD: "Foods", Kind.SUBSTANCE: "Substances",
    Kind.TARGET: "Biological targets", Kind.AREA: "Therapeutic areas", Kind.PAPER: "Papers",
}
CHAIN_ORDER = (Kind.RECIPE, Kind.FOOD, Kind.SUBSTANCE, Kind.TARGET, Kind.AREA)


@dataclass(frozen=True, slots=True)
class Output:
    path: str  # relative to the output folder, POSIX
    data: bytes


@dataclass(slots=True)
class SiteView:
    """What every emitted file may use, prepared once per build."""

    ctx: RenderContext
    nav: Navigation
    problems: dict[str, list[Diagnostic]] = field(default_factory=dict)  # site_path -> list
    dev: bool = False  # the dev server shows each page's problems in the page

    def output_path(self, permalink: str) -> str:
        path = permalink.strip("/")
        return f"{path}/index.html" if path else "index.html"

    def common(self, current_folder: str = "") -> dict[str, Any]:
        ctx = self.ctx
        top = current_folder.split("/", 1)[0]
        kinds_present = {d.kind for d in ctx.graph.documents}
        top_links = [{"label": KIND_PLURALS[kind], "url": ctx.url(f"/docs/{folder}"),
                      "current": folder == top}
                     for folder, kind in KIND_FOLDERS.items()
                     if kind in kinds_present and kind is not Kind.PAPER]
        return {"site": ctx.config, "url": ctx.url, "assets": asset_urls(ctx.url),
                "top_links": top_links, "page_count": len(ctx.graph.documents),
                "nav": self.nav, "dev": self.dev}

    def open_folders(self, folder: str) -> set[str]:
        parts = folder.split("/") if folder else []
        return {"/".join(parts[:depth]) for depth in range(1, len(parts) + 1)}


def _render(template: str, **values: Any) -> bytes:
    return environment().get_template(template).render(**values).encode("utf-8")


def _tag_links(site: SiteView, document: Document) -> list[dict[str, str]]:
    uses = site.ctx.graph.tag_uses.get(document, [])
    return [{"label": use.tag.label, "url": site.ctx.url(use.tag.permalink)} for use in uses]


def document_page(site: SiteView, document: Document) -> tuple[Output, RenderedBody]:
    body = render_body(site.ctx, document)
    html = _render(
        "page.html.j2", **site.common(document.folder),
        page_title=document.title, page_label=document.label, description=document.description,
        kind=str(document.kind), kind_label=KIND_LABELS.get(document.kind, ""),
        breadcrumbs=site.nav.trail(document, document.folder), body=body,
        tags=_tag_links(site, document), current=document.permalink,
        open_folders=site.open_folders(document.folder),
        problems=site.problems.get(document.site_path, []) if site.dev else [],
        structure=site.ctx.structures.get(document.permalink),
        nutrition=_nutrition_panel(site, document),
        page_references=_page_references(site, body),
    )
    return Output(site.output_path(document.permalink), html), body


def _page_references(site: SiteView, body: RenderedBody) -> list[dict[str, Any]]:
    """The page's own reference list: its citations in order of first appearance."""
    return [{"key": key, "html": Markup(site.ctx.references[key]) if key in site.ctx.references
             else None, "url": site.ctx.citation_url(key)} for key in body.citations]


def _nutrition_panel(site: SiteView, document: Document) -> Panel | None:
    nutrition = site.ctx.nutrition
    if nutrition is None:
        return None
    if document.kind is Kind.FOOD:
        return food_panel(nutrition, document)
    if document.kind is Kind.RECIPE:
        return recipe_panel(nutrition, document)
    return None


def _listing(site: SiteView, permalink: str, folder: str, title: str, **values: Any) -> Output:
    values.setdefault("groups", [])
    values.setdefault("folders", [])
    values.setdefault("tag_index", [])
    values.setdefault("description", "")
    values.setdefault("kind_label", "")
    values.setdefault("empty", "")
    html = _render("listing.html.j2", **site.common(folder), page_title=title,
                   page_label=values.pop("page_label", title), current=permalink,
                   open_folders=site.open_folders(folder),
                   breadcrumbs=values.pop("breadcrumbs", []), **values)
    return Output(site.output_path(permalink), html)


def _groups_by_kind(site: SiteView, documents: Iterable[Document]) -> list[dict[str, Any]]:
    by_kind: dict[Kind, list[Document]] = defaultdict(list)
    for document in documents:
        by_kind[document.kind].append(document)
    order = [*CHAIN_ORDER, Kind.PAPER, Kind.SECTION, Kind.PAGE]
    return [{"title": KIND_PLURALS.get(kind, "Pages"), "anchor": str(kind),
             "items": [card(site.ctx, d) for d in by_kind[kind]]}
            for kind in order if by_kind.get(kind)]


def tag_pages(site: SiteView) -> list[Output]:
    """One page per tag in use, listing the pages that carry it, grouped by kind."""
    carriers: dict[str, tuple[Tag, list[Document]]] = {}
    for document, uses in site.ctx.graph.tag_uses.items():
        for use in uses:
            carriers.setdefault(use.tag.permalink, (use.tag, []))[1].append(document)
    outputs = []
    for permalink, (tag, documents) in sorted(carriers.items()):
        ordered = sorted(set(documents), key=lambda d: (d.label.casefold(), d.permalink))
        outputs.append(_listing(
            site, permalink, "", f"Tagged “{tag.label}”", kind_label="Tag",
            description=tag.description or f"{len(ordered)} pages carry this tag.",
            page_label=tag.label, groups=_groups_by_kind(site, ordered),
            breadcrumbs=[NavNode("Tags", "/docs/tags")]))
    counts = sorted(((tag, len(set(docs))) for tag, docs in carriers.values()),
                    key=lambda item: item[0].label.casefold())
    outputs.append(_listing(
        site, "/docs/tags", "", "Tags", description="Every tag used on a page, and how often.",
        tag_index=[{"label": tag.label, "url": site.ctx.url(tag.permalink), "count": count}
                   for tag, count in counts]))
    return outputs


def folder_indexes(site: SiteView) -> list[Output]:
    """Landing pages for folders that have none of their own (Docusaurus' generated index)."""
    outputs = []
    for node in site.nav.generated_indexes():
        assert node.folder is not None
        documents = [c.document for c in node.children if c.document and not c.is_category]
        folders = [{"url": site.ctx.url(c.permalink), "title": c.label,
                    "description": c.document.description if c.document else ""}
                   for c in node.children if c.is_category]
        outputs.append(_listing(
            site, node.permalink, node.folder, node.label, folders=folders,
            groups=[{"title": "", "anchor": "", "items": [card(site.ctx, d) for d in documents]}]
            if documents else [],
            breadcrumbs=site.nav.trail(None, node.folder.rsplit("/", 1)[0]
                                       if "/" in node.folder else "")))
    return outputs


def home_page(site: SiteView) -> Output:
    graph = site.ctx.graph
    counts: dict[Kind, int] = defaultdict(int)
    for document in graph.documents:
        counts[document.kind] += 1
    folder_of = {kind: folder for folder, kind in KIND_FOLDERS.items()}
    chain = [{"label": KIND_PLURALS[k], "count": counts[k],
              "url": site.ctx.url(f"/docs/{folder_of[k]}")} for k in CHAIN_ORDER if counts[k]]
    areas = [card(site.ctx, d) for d in graph.documents if d.kind is Kind.AREA]
    areas.sort(key=lambda c: c.title.casefold())
    sections = [card(site.ctx, node.document) for node in site.nav.root.children
                if node.is_category and node.document is not None]
    html = _render("home.html.j2", **site.common(), chain=chain, current="/", areas=areas,
                   sections=sections, description=site.ctx.config.tagline)
    return Output("index.html", html)


def not_found_page(site: SiteView) -> Output:
    return Output("404.html", _render("404.html.j2", **site.common(), description=""))


def sitemap(site: SiteView, permalinks: Iterable[str]) -> Output:
    base = (site.ctx.config.url or "").rstrip("/")
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    for permalink in sorted(set(permalinks)):
        lines.append(f"<url><loc>{xml_escape(base + site.ctx.url(permalink))}</loc></url>")
    lines.append("</urlset>")
    return Output("sitemap.xml", ("\n".join(lines) + "\n").encode("utf-8"))

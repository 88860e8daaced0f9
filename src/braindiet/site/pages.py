"""Every file of the website as a function of the rendered graph: pages, tags, home, sitemap."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import partial
from typing import Any
from xml.sax.saxutils import escape as xml_escape

from markupsafe import Markup, escape

from braindiet.content import kinds
from braindiet.content.document import Document
from braindiet.content.kinds import CHAIN_KINDS, KINDS, Kind
from braindiet.content.permalinks import FINDER_PERMALINK, GRAPH_PERMALINK, TAGS_PERMALINK
from braindiet.content.tags import Tag
from braindiet.dependencies import read, read_card, read_doc
from braindiet.diagnostics import Diagnostic
from braindiet.render.components.views import card, cards, folder_cards
from braindiet.render.context import RenderContext
from braindiet.render.markdown import RenderedBody, render_body
from braindiet.render.nutrition import Panel, food_panel, recipe_panel
from braindiet.render.templating import environment
from braindiet.site import api
from braindiet.site.assets import asset_urls, packaged_assets
from braindiet.site.explore import explore_producers
from braindiet.site.nav import Navigation, NavNode


@dataclass(frozen=True, slots=True)
class Producer:
    """One file of the site and the function that makes it (recording what it reads)."""

    path: str
    make: Callable[[SiteView], bytes]


@dataclass(slots=True)
class SiteView:
    """What every emitted file may use, prepared once per build."""

    ctx: RenderContext
    nav: Navigation
    problems: dict[str, list[Diagnostic]] = field(default_factory=dict)  # site_path -> list
    dev: bool = False  # the dev server shows each page's problems in the page
    tag_carriers: dict[str, tuple[Tag, list[Document]]] = field(default_factory=dict)
    _sidebars: dict[str, str] = field(default_factory=dict)  # open folder -> HTML
    kinds_present: set[Kind] = field(default_factory=set)

    def __post_init__(self) -> None:
        self.kinds_present = {d.kind for d in self.ctx.graph.documents}
        carriers: dict[str, tuple[Tag, dict[Document, None]]] = {}
        for document, uses in self.ctx.graph.tag_uses.items():
            for use in uses:
                carriers.setdefault(use.tag.permalink, (use.tag, {}))[1][document] = None
        self.tag_carriers = {p: (tag, list(pages)) for p, (tag, pages) in carriers.items()}

    def output_path(self, permalink: str) -> str:
        path = permalink.strip("/")
        return f"{path}/index.html" if path else "index.html"

    def common(self, current_folder: str = "") -> dict[str, Any]:
        ctx = self.ctx
        read("kinds")
        for folder in ("", *self.open_folders(current_folder)):
            read(f"folder:{folder}")  # the sidebar and breadcrumbs show these folders
        top = current_folder.split("/", 1)[0]
        top_links = [{"label": k.plural, "url": ctx.url(f"/docs/{k.folder}"),
                      "current": k.folder == top}
                     for k in KINDS if k.folder and k.kind in self.kinds_present
                     and k.kind is not Kind.PAPER]
        return {"site": ctx.config, "url": ctx.url, "assets": asset_urls(ctx.url),
                "top_links": top_links, "nav": self.nav, "dev": self.dev}

    def sidebar(self, folder: str, current: str) -> Markup:
        """The sidebar opened down to `folder`, with the page at `current` marked."""
        if folder not in self._sidebars:
            template = environment().get_template("sidebar.html.j2")
            self._sidebars[folder] = template.render(
                nav=self.nav, open_folders=self.open_folders(folder), url=self.ctx.url)
        return Markup(mark_current(self._sidebars[folder], current))

    def open_folders(self, folder: str) -> set[str]:
        parts = folder.split("/") if folder else []
        return {"/".join(parts[:depth]) for depth in range(1, len(parts) + 1)}


def mark_current(sidebar: str, permalink: str) -> str:
    """Mark the current page's entry (`data-nav` names each entry's permalink)."""
    marker = f'data-nav="{escape(permalink)}"'
    at = sidebar.find(marker)
    if at < 0:
        return sidebar
    item_start = sidebar.rfind("<li class=\"", 0, at)
    link_end = sidebar.find(">", sidebar.find("<a ", at))
    if item_start < 0 or link_end < 0:
        return sidebar
    marked = (sidebar[:item_start] + '<li class="nav__item--current ' +
              sidebar[item_start + len('<li class="'):link_end] + ' aria-current="page"' +
              sidebar[link_end:])
    return marked


def _kind_badge(kind: Kind) -> str:
    """Pages on the chain and papers say what they are; plain pages and sections do not."""
    return kinds.label(kind) if kinds.info(kind).folder else ""


def _render(template: str, **values: Any) -> bytes:
    return environment().get_template(template).render(**values).encode("utf-8")


def _tag_links(site: SiteView, document: Document) -> list[dict[str, str]]:
    uses = site.ctx.graph.tag_uses.get(document, [])
    return [{"label": use.tag.label, "url": site.ctx.url(use.tag.permalink)} for use in uses]


def document_page(site: SiteView, document: Document) -> bytes:
    read_doc(document.permalink)
    if site.dev:
        read(f"problems:{document.site_path}")
    body = render_body(site.ctx, document)
    html = _render(
        "page.html.j2", **site.common(document.folder),
        page_title=document.title, page_label=document.label, description=document.description,
        kind=str(document.kind), kind_label=_kind_badge(document.kind),
        breadcrumbs=site.nav.trail(document, document.folder), body=body,
        tags=_tag_links(site, document),
        sidebar=site.sidebar(document.folder, document.permalink),
        problems=site.problems.get(document.site_path, []) if site.dev else [],
        structure=site.ctx.structures.get(document.permalink),
        nutrition=_nutrition_panel(site, document),
        page_references=_page_references(site, body),
    )
    return html


def _page_references(site: SiteView, body: RenderedBody) -> list[dict[str, Any]]:
    """The page's own reference list: its citations in order of first appearance."""
    found = [(key, site.ctx.reference(key)) for key in body.citations]
    return [{"key": key, "html": Markup(html) if html is not None else None,
             "url": site.ctx.citation_url(key)} for key, html in found]


def _nutrition_panel(site: SiteView, document: Document) -> Panel | None:
    nutrition = site.ctx.nutrition
    if nutrition is None:
        return None
    if document.kind is Kind.FOOD:
        return food_panel(nutrition, document)
    if document.kind is Kind.RECIPE:
        return recipe_panel(nutrition, document)
    return None


def _listing(site: SiteView, permalink: str, folder: str, title: str, **values: Any) -> bytes:
    values.setdefault("groups", [])
    values.setdefault("folders", "")
    values.setdefault("tag_index", [])
    values.setdefault("description", "")
    values.setdefault("kind_label", "")
    values.setdefault("empty", "")
    html = _render("listing.html.j2", **site.common(folder), page_title=title,
                   page_label=values.pop("page_label", title),
                   sidebar=site.sidebar(folder, permalink),
                   breadcrumbs=values.pop("breadcrumbs", []), **values)
    return html


def _groups_by_kind(site: SiteView, documents: Iterable[Document]) -> list[dict[str, Any]]:
    by_kind: dict[Kind, list[Document]] = defaultdict(list)
    for document in documents:
        by_kind[document.kind].append(document)
    return [{"title": k.plural, "anchor": str(k.kind),
             "count": len(pages), "cards": cards([card(site.ctx, d) for d in pages])}
            for k in KINDS if (pages := by_kind.get(k.kind))]


def tag_page(site: SiteView, permalink: str) -> bytes:
    """The pages carrying one tag, grouped by kind."""
    read(f"tagpage:{permalink}")
    tag, documents = site.tag_carriers[permalink]
    ordered = sorted(documents, key=lambda d: (d.label.casefold(), d.permalink))
    return _listing(site, permalink, "", f"Tagged “{tag.label}”", kind_label="Tag",
                    description=tag.description or f"{len(ordered)} pages carry this tag.",
                    page_label=tag.label, groups=_groups_by_kind(site, ordered),
                    breadcrumbs=[NavNode("Tags", TAGS_PERMALINK)])


def tag_index(site: SiteView) -> bytes:
    read("tagpages")
    counts = sorted(((tag, len(docs)) for tag, docs in site.tag_carriers.values()),
                    key=lambda item: (item[0].label.casefold(), item[0].permalink))
    return _listing(
        site, TAGS_PERMALINK, "", "Tags", description="Every tag used on a page, and how often.",
        tag_index=[{"label": tag.label, "url": site.ctx.url(tag.permalink), "count": count}
                   for tag, count in counts])


def folder_index(site: SiteView, folder: str) -> bytes:
    """The landing page of a folder that has none of its own (Docusaurus' generated index)."""
    read(f"folder:{folder}")
    node = site.nav.categories[folder]
    documents = [c.document for c in node.children if c.document and not c.is_category]
    folders = [{"url": site.ctx.url(c.permalink), "title": c.label,
                "description": _described(c.document)} for c in node.children if c.is_category]
    return _listing(
        site, node.permalink, folder, node.label, folders=folder_cards(folders),
        groups=[{"title": "", "anchor": "", "count": len(documents),
                 "cards": cards([card(site.ctx, d) for d in documents])}] if documents else [],
        breadcrumbs=site.nav.trail(None, folder.rsplit("/", 1)[0] if "/" in folder else ""))


def _described(document: Document | None) -> str:
    if document is None:
        return ""
    read_card(document.permalink)
    return document.description


def home_page(site: SiteView) -> bytes:
    read("inventory")
    graph = site.ctx.graph
    counts: dict[Kind, int] = defaultdict(int)
    for document in graph.documents:
        counts[document.kind] += 1
    chain = [{"label": kinds.plural(k), "count": counts[k],
              "url": site.ctx.url(f"/docs/{kinds.info(k).folder}")}
             for k in CHAIN_KINDS if counts[k]]
    area_cards = [card(site.ctx, d) for d in graph.documents if d.kind is Kind.AREA]
    area_cards.sort(key=lambda c: c.title.casefold())
    section_cards = [card(site.ctx, node.document) for node in site.nav.root.children
                     if node.is_category and node.document is not None]
    areas = cards(area_cards) if area_cards else ""
    sections = cards(section_cards) if section_cards else ""
    return _render("home.html.j2", **site.common(), chain=chain, current="/", areas=areas,
                   sections=sections, description=site.ctx.config.tagline)


def not_found_page(site: SiteView) -> bytes:
    return _render("404.html.j2", **site.common(), description="")


def sitemap(site: SiteView) -> bytes:
    read("inventory")
    read("tagpages")
    permalinks = ["/", TAGS_PERMALINK, GRAPH_PERMALINK, FINDER_PERMALINK,
                  *(d.permalink for d in site.ctx.graph.documents),
                  *site.tag_carriers, *(node.permalink for node in site.nav.generated_indexes())]
    base = (site.ctx.config.url or "").rstrip("/")
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    for permalink in sorted(set(permalinks)):
        lines.append(f"<url><loc>{xml_escape(base + site.ctx.url(permalink))}</loc></url>")
    lines.append("</urlset>")
    return ("\n".join(lines) + "\n").encode("utf-8")


def structure_file(site: SiteView, svg: str, substances: tuple[str, ...]) -> bytes:
    """One drawing, shared by every substance page with that InChIKey."""
    for permalink in substances:
        read_card(permalink)
    return svg.encode("utf-8")


def producers(site: SiteView) -> list[Producer]:
    """Every file the site consists of (static/ aside), each with the function making it."""
    graph = site.ctx.graph
    made: dict[str, Producer] = {}

    def add(path: str, make: Callable[[SiteView], bytes]) -> None:
        made.setdefault(path, Producer(path, make))

    for document in graph.documents:
        add(site.output_path(document.permalink), partial(document_page, document=document))
    for permalink in site.tag_carriers:
        add(site.output_path(permalink), partial(tag_page, permalink=permalink))
    add(site.output_path(TAGS_PERMALINK), tag_index)
    for node in site.nav.generated_indexes():
        assert node.folder is not None
        add(site.output_path(node.permalink), partial(folder_index, folder=node.folder))
    add("index.html", home_page)
    add("404.html", not_found_page)
    add("sitemap.xml", sitemap)
    drawings: dict[str, tuple[str, list[str]]] = {}
    for permalink, view in sorted(site.ctx.structures.items()):
        if view.svg is not None:
            drawings.setdefault(view.url.lstrip("/"), (view.svg, []))[1].append(permalink)
    for path, (svg, substances) in drawings.items():
        add(path, partial(structure_file, svg=svg, substances=tuple(substances)))
    url = site.ctx.url
    add(api.GRAPH_PATH, lambda s: api.graph_file(s.ctx.graph).data)
    add(api.INDEX_PATH, lambda s: api.index_file(s.ctx.graph, url).data)
    for document in graph.documents:
        add(api.page_api_path(document.permalink),
            partial(_api_page, document=document))
    for asset in packaged_assets():
        add(asset.published, partial(_asset, data=asset.data))
    made.update((p.path, p) for p in explore_producers(site) if p.path not in made)
    return sorted(made.values(), key=lambda p: p.path)


def _api_page(site: SiteView, document: Document) -> bytes:
    return api.page_file(site.ctx.graph, document, site.ctx.url).data


def _asset(site: SiteView, data: bytes) -> bytes:
    return data

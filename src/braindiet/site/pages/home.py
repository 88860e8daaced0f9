"""The home page, the 404 page and the sitemap."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from html import escape

from braindiet.content import kinds
from braindiet.content.kinds import CHAIN_KINDS, Kind
from braindiet.content.permalinks import FINDER_PERMALINK, GRAPH_PERMALINK, TAGS_PERMALINK
from braindiet.render.components.views import card, cards
from braindiet.site.layout import common, render
from braindiet.site.view import Producer, SiteView


def producers(site: SiteView) -> Iterable[Producer]:
    yield Producer("index.html", home_page)
    yield Producer("404.html", not_found_page)
    yield Producer("sitemap.xml", sitemap)


def home_page(site: SiteView) -> bytes:
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
    return render("home.html.j2", **common(site), chain=chain, current="/", areas=areas,
                  sections=sections, description=site.ctx.config.tagline)


def not_found_page(site: SiteView) -> bytes:
    return render("404.html.j2", **common(site), description="")


def sitemap(site: SiteView) -> bytes:
    tag_pages = [tag.permalink for tag, _ in site.tag_pages()]
    permalinks = ["/", TAGS_PERMALINK, GRAPH_PERMALINK, FINDER_PERMALINK,
                  *(d.permalink for d in site.ctx.graph.documents),
                  *(d.permalink for d in site.ctx.graph.standalone_pages()),
                  *tag_pages, *(node.permalink for node in site.nav.generated_indexes())]
    base = (site.ctx.config.url or "").rstrip("/")
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    for permalink in sorted(set(permalinks)):
        lines.append(f"<url><loc>{escape(base + site.ctx.url(permalink), quote=False)}</loc></url>")
    lines.append("</urlset>")
    return ("\n".join(lines) + "\n").encode("utf-8")

"""One HTML page per document: its body, tags, structure, nutrition and its own sources."""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from typing import Any

from markupsafe import Markup

from braindiet.content import kinds
from braindiet.content.document import Document
from braindiet.content.kinds import CHAIN_INDEX, MECHANISM_KINDS, Kind
from braindiet.content.schema import SubstanceMeta
from braindiet.graph.knowledge import DOC, FOLDER
from braindiet.render.components.phenomes import relationship_table
from braindiet.render.ions import ion_badge
from braindiet.render.markdown import RenderedBody, render_body
from braindiet.render.nutrition import Panel, food_panel, recipe_panel
from braindiet.render.sanitize import sanitize
from braindiet.site.layout import common, render, sidebar
from braindiet.site.view import Producer, SiteView, output_path


def producers(site: SiteView) -> Iterable[Producer]:
    """Every page under docs/, and the standalone pages (src/pages/) at their own paths."""
    graph = site.ctx.graph
    for document in [*graph.documents, *graph.standalone_pages()]:
        yield Producer(output_path(document.permalink), partial(document_page, document=document))


def document_page(site: SiteView, document: Document) -> bytes:
    DOC.read(document.permalink)
    FOLDER.read(document.folder)  # which folder's entry it is (a category may link to it)
    folder = site.nav.folder_of(document)
    body = render_body(site.ctx, document)
    if site.ctx.config.sanitize:  # a setting: reaching every page, it rebuilds everything
        body.html = Markup(sanitize(body.html))
    return render(
        "page.html.j2", **common(site, folder),
        page_title=document.title, page_label=document.label, description=document.description,
        kind=str(document.kind), kind_label=_kind_badge(document.kind),
        on_chain=document.kind in CHAIN_INDEX,
        breadcrumbs=site.nav.trail(document, folder), body=body,
        tags=_tag_links(site, document),
        sidebar=sidebar(site, folder, document.permalink),
        problems=site.problems_of(document),
        **_identity(site, document),
        nutrition=_nutrition_panel(site, document),
        relationships=_relationships(site, document),
        page_references=_page_references(site, body),
        **page_options(site, document),
    )


def page_options(site: SiteView, document: Document) -> dict[str, Any]:
    """What the page's front matter asks of its layout, and a dev build's draft mark."""
    reason = site.ctx.graph.unpublished(document) if site.dev else None
    unpublished = None
    if reason is not None:
        draft = reason == "draft"
        unpublished = {"mark": "Draft" if draft else "Not published",
                       "text": "This page is a draft: the published site leaves it out."
                       if draft else f"The published site leaves this page out ({reason})."}
    return {"hide_title": document.meta.hide_title,
            "hide_toc": document.meta.hide_table_of_contents, "unpublished": unpublished}


def _identity(site: SiteView, document: Document) -> dict[str, Any]:
    """What stands for a substance at the top of its page: the ion its page names
    (`ion_notation: Mg2+`) as a badge, else its structure, unless `show_inchi: false`.

    The original hides structures on mineral pages unless `show_inchi: true`; here a structure
    is shown wherever one is verified, since mineral pages with no ion of their own (all of the
    Dec-2025 tree's) have nothing else to show. On the Aug-2026 tree, where every mineral page
    names its ion, both rules show the same thing."""
    meta = document.meta
    structure = site.ctx.structures.get(document.permalink)
    if not isinstance(meta, SubstanceMeta) or document.kind is not Kind.SUBSTANCE:
        return {"structure": structure, "ion": None}
    if meta.ion_notation:
        return {"structure": None, "ion": ion_badge(meta.ion_notation)}
    return {"structure": None if meta.show_inchi is False else structure, "ion": None}


def _kind_badge(kind: Kind) -> str:
    """Pages on the chain and papers say what they are; plain pages and sections do not."""
    return kinds.label(kind) if kinds.info(kind).folder else ""


def _tag_links(site: SiteView, document: Document) -> list[dict[str, str]]:
    uses = site.ctx.graph.tag_uses(document)
    return [{"label": use.tag.label, "url": site.ctx.url(use.tag.permalink)} for use in uses]


def _page_references(site: SiteView, body: RenderedBody) -> list[dict[str, Any]]:
    """The page's own reference list: its citations in order of first appearance."""
    found = [(key, site.ctx.reference(key)) for key in body.citations]
    return [{"key": key, "html": Markup(html) if html is not None else None,
             "url": site.ctx.citation_url(key)} for key, html in found]


def _relationships(site: SiteView, document: Document) -> Markup | None:
    """A mechanism's or a system's phenome rows as a table (its own, else its parts')."""
    if document.kind not in (*MECHANISM_KINDS, Kind.SYSTEM):
        return None
    return relationship_table(site.ctx, document) or None


# The authors' components show a page's nutrition where the page places them.
_NUTRITION_COMPONENTS = {"NutritionTable", "RecipeNutrition"}


def _nutrition_panel(site: SiteView, document: Document) -> Panel | None:
    nutrition = site.ctx.nutrition
    if nutrition is None:
        return None
    if any(use.name in _NUTRITION_COMPONENTS for use in document.outline.components):
        return None
    if nutrition.table_of(document) is not None or nutrition.weighed_of(document) is not None:
        return None  # a stored panel or a weighed recipe: the components above show it
    if document.kind is Kind.FOOD:
        return food_panel(nutrition, document)
    if document.kind is Kind.RECIPE:
        return recipe_panel(nutrition, document)
    return None

"""Listings: pages carrying a tag, the contents of a folder, all substances; and Collapse."""

from __future__ import annotations

from markupsafe import Markup

from braindiet.content.document import Document
from braindiet.content.kinds import Kind
from braindiet.render.components.registry import Attributes, component
from braindiet.render.components.signature import Attribute, Type
from braindiet.render.components.views import (
    CARDS,
    COLLECTIONS,
    folder_cards,
    page_cards,
    text_attribute,
)
from braindiet.render.context import RenderContext

LISTING = (Attribute("tag", Type.TAG, required=True), Attribute("filter", Type.FOLDER))


@component("DocList", attributes=LISTING, styles=(CARDS,),
           summary="pages carrying a tag, optionally within a folder (as TagList)")
@component("TagList", attributes=LISTING, styles=(CARDS,),
           summary="pages carrying a tag, optionally within a folder")
def tag_list(ctx: RenderContext, page: Document, attributes: Attributes,
             children: Markup) -> Markup:
    tag = text_attribute(attributes, "tag")
    assert tag is not None
    folder = text_attribute(attributes, "filter", required=False)
    pages = [d for d in ctx.graph.tagged(tag, folder) if d is not page and not d.is_section]
    if not pages:
        within = f" in {folder}" if folder else ""
        return Markup('<p class="empty">No page{} carries the tag “{}” yet.</p>\n').format(
            within, tag)
    return page_cards(ctx, pages)


@component("FolderList", attributes=(Attribute("folder", Type.FOLDER, required=True),),
           styles=(CARDS,), summary="subfolders and pages of a folder")
def folder_list(ctx: RenderContext, page: Document, attributes: Attributes,
                children: Markup) -> Markup:
    folder = (text_attribute(attributes, "folder") or "").strip("/")
    subfolders, pages = ctx.graph.children(folder)
    folders = [folder_card(ctx, path) for path in subfolders]
    items = [d for d in pages if d is not page]
    return folder_cards(folders) + (page_cards(ctx, items) if items else Markup(""))


def folder_card(ctx: RenderContext, path: str) -> dict[str, str]:
    view = ctx.graph.folder(path)  # named, linked and described by its category or page
    if view.page is not None:
        ctx.card_of(view.page)
    name = path.rsplit("/", 1)[-1]
    return {"url": ctx.url(view.permalink),
            "title": name.replace("-", " ").title() if view.named_by == "name" else view.label,
            "description": view.description}


@component("SubstanceList", attributes=(Attribute("tag", Type.TAG),
                                         Attribute("filter", Type.FOLDER)),
           styles=(CARDS,), summary="all substances, or those carrying a tag")
def substance_list(ctx: RenderContext, page: Document, attributes: Attributes,
                   children: Markup) -> Markup:
    tag = text_attribute(attributes, "tag", required=False)
    folder = text_attribute(attributes, "filter", required=False)
    pool = ctx.graph.tagged(tag, folder) if tag else ctx.graph.documents
    substances = sorted((d for d in pool if d.kind is Kind.SUBSTANCE),
                        key=lambda d: (d.label.casefold(), d.permalink))
    return page_cards(ctx, substances)


@component("Collapse", container=True, styles=(COLLECTIONS,),
           attributes=(Attribute("title"), Attribute("open", Type.BOOLEAN)),
           summary="a collapsible block of Markdown")
def collapse(ctx: RenderContext, page: Document, attributes: Attributes,
             children: Markup) -> Markup:
    title = text_attribute(attributes, "title", required=False) or "Details"
    return Markup('<details class="collapse">\n<summary>{}</summary>\n'
                  '<div class="collapse__body">\n{}\n</div>\n</details>\n').format(title, children)

"""Pages that list other pages: one per tag, the tag index, and generated folder indexes."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from functools import partial
from typing import Any

from braindiet.content.document import Document
from braindiet.content.kinds import KINDS, Kind
from braindiet.content.permalinks import TAGS_PERMALINK
from braindiet.render.components.views import folder_cards, page_cards
from braindiet.site.layout import common, render, sidebar
from braindiet.site.nav import NavNode
from braindiet.site.view import Producer, SiteView, output_path


def producers(site: SiteView) -> Iterable[Producer]:
    for permalink in site.tag_carriers:
        yield Producer(output_path(permalink), partial(tag_page, permalink=permalink))
    yield Producer(output_path(TAGS_PERMALINK), tag_index)
    for node in site.nav.generated_indexes():
        assert node.folder is not None
        yield Producer(output_path(node.permalink), partial(folder_index, folder=node.folder))


def listing(site: SiteView, permalink: str, folder: str, title: str, **values: Any) -> bytes:
    values.setdefault("groups", [])
    values.setdefault("folders", "")
    values.setdefault("tag_index", [])
    values.setdefault("description", "")
    values.setdefault("kind_label", "")
    values.setdefault("empty", "")
    return render("listing.html.j2", **common(site, folder), page_title=title,
                  page_label=values.pop("page_label", title),
                  sidebar=sidebar(site, folder, permalink),
                  breadcrumbs=values.pop("breadcrumbs", []), **values)


def groups_by_kind(site: SiteView, documents: Iterable[Document]) -> list[dict[str, Any]]:
    by_kind: dict[Kind, list[Document]] = defaultdict(list)
    for document in documents:
        by_kind[document.kind].append(document)
    return [{"title": k.plural, "anchor": str(k.kind),
             "count": len(pages), "cards": page_cards(site.ctx, pages)}
            for k in KINDS if (pages := by_kind.get(k.kind))]


def tag_page(site: SiteView, permalink: str) -> bytes:
    """The pages carrying one tag, grouped by kind."""
    tag, documents = site.tag_page(permalink)
    ordered = sorted(documents, key=lambda d: (d.label.casefold(), d.permalink))
    return listing(site, permalink, "", f"Tagged “{tag.label}”", kind_label="Tag",
                   description=tag.description or f"{len(ordered)} pages carry this tag.",
                   page_label=tag.label, groups=groups_by_kind(site, ordered),
                   breadcrumbs=[NavNode("Tags", TAGS_PERMALINK)])


def tag_index(site: SiteView) -> bytes:
    counts = sorted(((tag, len(docs)) for tag, docs in site.tag_pages()),
                    key=lambda item: (item[0].label.casefold(), item[0].permalink))
    return listing(
        site, TAGS_PERMALINK, "", "Tags", description="Every tag used on a page, and how often.",
        tag_index=[{"label": tag.label, "url": site.ctx.url(tag.permalink), "count": count}
                   for tag, count in counts])


def folder_index(site: SiteView, folder: str) -> bytes:
    """The landing page of a folder that has none of its own (Docusaurus' generated index)."""
    view = site.ctx.graph.folder(folder)
    node = site.nav.categories[folder]
    documents = [c.document for c in node.children if c.document and not c.is_category
                 and not c.document.meta.exclude_from_folder_list]
    folders = [{"url": site.ctx.url(c.permalink), "title": c.label,
                "description": _described(site, c)}
               for c in node.children if c.is_category]
    return listing(
        site, node.permalink, folder, node.label, folders=folder_cards(folders),
        description=view.description,
        groups=[{"title": "", "anchor": "", "count": len(documents),
                 "cards": page_cards(site.ctx, documents)}] if documents else [],
        breadcrumbs=site.nav.trail(None, folder.rsplit("/", 1)[0] if "/" in folder else ""))


def _described(site: SiteView, node: NavNode) -> str:
    """A subfolder's card: its category's description, else its page's."""
    assert node.folder is not None
    view = site.ctx.graph.folder(node.folder)
    if view.page is not None:
        site.ctx.card_of(view.page)
    return view.description

"""How a link in a page is drawn: a citation, a page, a file, an outside address or a broken
link. Markdown links and the links components draw from their data (`<PhenomeBibLinks>`) look
the same, so a reader sees a citation as a citation wherever it is written."""

from __future__ import annotations

from markupsafe import Markup, escape

from braindiet.content.document import Document
from braindiet.graph.links import LinkKind, resolve_href
from braindiet.render.context import RenderContext


def link_attributes(ctx: RenderContext, page: Document, href: str) -> dict[str, str]:
    """The attributes of `<a>` for `href` written on `page`. A citation of a key the
    bibliography lacks gets no `href`: the references page has no anchor for it, so it is
    drawn as broken text (named in its title, focusable for its preview), not a live link;
    see `link_tag`."""
    target = resolve_href(ctx.graph, page, href, ctx.config.references_page)
    if target.kind is LinkKind.CITATION:
        return citation_attributes(ctx, target.citation_key)
    if target.kind is LinkKind.BROKEN:
        return {"href": ctx.url(target.href), "class": "broken-link",
                "title": "This link points to a page that does not exist"}
    if target.kind is LinkKind.EXTERNAL:
        return {"href": href, "rel": "noopener"}
    if target.kind is LinkKind.ANCHOR:
        return {"href": href}
    return {"href": ctx.url(target.href)}


def citation_attributes(ctx: RenderContext, key: str) -> dict[str, str]:
    """The attributes of a citation of `key`, however it is written (a link, component data,
    a registry paper)."""
    if ctx.reference(key) is not None:
        return {"href": ctx.citation_url(key), "class": "citation", "data-cite": key}
    return {"class": "citation unresolved", "data-cite": key, "tabindex": "0",
            "title": f"Citation {key} is not in the bibliography"}


def link_tag(attributes: dict[str, str]) -> str:
    """`a` for a link, `span` for what `link_attributes` left without a destination."""
    return "a" if "href" in attributes else "span"


def citation_key(ctx: RenderContext, page: Document, href: str) -> str | None:
    """The citation key `href` cites, if it is a citation."""
    target = resolve_href(ctx.graph, page, href, ctx.config.references_page)
    return target.citation_key if target.kind is LinkKind.CITATION else None


def link_html(attributes: dict[str, str], inner: Markup | str) -> Markup:
    """The whole element for a link's attributes (see `link_tag`) around `inner`."""
    tag = link_tag(attributes)  # f-strings: Markup.format costs ten times as much per link
    shown = " ".join(f'{name}="{escape(value)}"' for name, value in attributes.items())
    return Markup(f"<{tag} {shown}>{escape(inner)}</{tag}>")

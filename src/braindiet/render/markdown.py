"""A page's body to HTML: the holes of its template filled with the render context.

The content layer renders what the page's text alone decides once, right after its one parse
(`content.template`); what needs the graph is left as holes, filled here in reading order: a
link resolved (and a citation noted), an image's URL, raw HTML's site-absolute URLs, a
component expanded.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape
from typing import Any

from markupsafe import Markup

from braindiet.content.body import component_links
from braindiet.content.document import Document
from braindiet.content.markdown import parse
from braindiet.content.template import (
    HEAD,
    HOLE,
    BodyTemplate,
    ComponentHole,
    Hole,
    ImageHole,
    LinkClose,
    LinkOpen,
    RawHtml,
    TocEntry,
    prerender,
)
from braindiet.render.components import render_component
from braindiet.render.context import RenderContext
from braindiet.render.hrefs import citation_key, link_attributes, link_tag

HUB_PANEL = "data-brs-fm-hub"  # marks a collapsible hub panel, written by a page or a component

__all__ = ["HEAD", "HUB_PANEL", "RenderedBody", "TocEntry", "render_body", "template_of"]


@dataclass(slots=True)
class RenderedBody:
    html: Markup
    toc: list[TocEntry] = field(default_factory=list)
    citations: list[str] = field(default_factory=list)  # keys, in order of first appearance
    has_title_heading: bool = False
    head: Markup = field(default_factory=Markup)  # what the page's <Head> puts in <head>
    hub_panels: bool = False  # it has collapsible hub panels (hub-panels.js opens them)


def template_of(page: Document) -> BodyTemplate:
    """The template the load made; a page made some other way is parsed here."""
    return page.template if page.template is not None else prerender(parse(page.body))


def render_body(ctx: RenderContext, page: Document) -> RenderedBody:
    template = template_of(page)
    filling = _Filling(ctx, page, template.holes)
    html = filling.fill(template.text)
    return RenderedBody(Markup(html), [e for e in template.headings if e.level in (2, 3)],
                        list(filling.citations), template.has_title_heading,
                        Markup("".join(filling.head)), HUB_PANEL in html)


class _Filling:
    """One page's holes, filled in the order the page reads (links note citations as they
    come, a component after what it wraps)."""

    def __init__(self, ctx: RenderContext, page: Document, holes: tuple[Hole, ...]) -> None:
        self.ctx, self.page, self.holes = ctx, page, holes
        self.citations: dict[str, None] = {}
        self.head: list[str] = []
        self.link_tags: list[str] = []  # links do not nest, but images inside them do
        base = ctx.config.base_url.rstrip("/")
        self.base = base

    def fill(self, text: str) -> str:
        if HOLE not in text:
            return text
        parts = text.split(HOLE)
        for index in range(1, len(parts), 2):
            parts[index] = self._hole(self.holes[int(parts[index])])
        return "".join(parts)

    def _hole(self, hole: Hole) -> str:
        if isinstance(hole, LinkOpen):
            return self._link_open(hole)
        if isinstance(hole, LinkClose):
            return f"</{self.link_tags.pop() if self.link_tags else 'a'}>"
        if isinstance(hole, ImageHole):
            return f'<img src="{escape(self.ctx.url(hole.src))}" alt="{escape(hole.alt)}" ' \
                   'loading="lazy">'
        if isinstance(hole, RawHtml):
            return self._raw_html(hole.html)
        return self._component(hole)

    def _link_open(self, hole: LinkOpen) -> str:
        attrs = link_attributes(self.ctx, self.page, hole.href)
        if "data-cite" in attrs:
            self.citations.setdefault(attrs["data-cite"], None)
        if hole.title:
            attrs.setdefault("title", hole.title)
        rendered = " ".join(f'{name}="{escape(value)}"' for name, value in attrs.items())
        tag = link_tag(attrs)
        self.link_tags.append(tag)
        return f"<{tag} {rendered}>"

    def _raw_html(self, html: str) -> str:
        """Raw HTML passes through; site-absolute URLs get the base URL like everything else."""
        if self.base:
            for attribute in ("src", "href"):
                html = html.replace(f'{attribute}="/', f'{attribute}="{self.base}/')
        return html

    def _component(self, hole: ComponentHole) -> str:
        children = self.fill(hole.children)
        if hole.meta["name"] == HEAD and not hole.inline:  # its tags go in the <head>
            self.head.append(children)
            return ""
        self._note_citations(hole.meta["attributes"])
        return str(render_component(self.ctx, self.page, hole.meta, Markup(children)))

    def _note_citations(self, attributes: dict[str, Any]) -> None:
        """Citations a component's data attributes write out join the page's own reference
        list, in the order the page cites them, as inline citations do."""
        for href, _text in component_links(attributes):
            key = citation_key(self.ctx, self.page, href)
            if key is not None:
                self.citations.setdefault(key, None)

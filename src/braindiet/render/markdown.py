"""A page's tokens to HTML: anchors on headings, links resolved, components expanded.

The tokens come from the content layer's one parse; rendering never re-parses text. Renderer
rules read the page and the render context from markdown-it's `env`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from html import escape
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.token import Token
from markdown_it.utils import OptionsDict
from markupsafe import Markup

from braindiet.content.body import component_links, plain_text
from braindiet.content.document import Document
from braindiet.content.markdown import parse
from braindiet.render.anchors import Slugger
from braindiet.render.components import render_component
from braindiet.render.context import RenderContext
from braindiet.render.hrefs import citation_key, link_attributes, link_tag

HEAD = "Head"  # `import Head from '@docusaurus/Head'`: tags for the document's <head>
HUB_PANEL = "data-brs-fm-hub"  # marks a collapsible hub panel, written by a page or a component


@dataclass(frozen=True, slots=True)
class TocEntry:
    level: int
    text: str
    anchor: str


@dataclass(slots=True)
class RenderedBody:
    html: Markup
    toc: list[TocEntry] = field(default_factory=list)
    citations: list[str] = field(default_factory=list)  # keys, in order of first appearance
    has_title_heading: bool = False
    head: Markup = field(default_factory=Markup)  # what the page's <Head> puts in <head>
    hub_panels: bool = False  # it has collapsible hub panels (hub-panels.js opens them)


def render_body(ctx: RenderContext, page: Document) -> RenderedBody:
    tokens = parse(page.body)  # parsed again rather than kept: tokens cost ~200 KB a page
    toc, anchors = _headings(tokens)
    md = _markdown()
    env: dict[str, Any] = {"ctx": ctx, "page": page, "anchors": anchors, "citations": {},
                           "head": []}
    env["render"] = lambda part: _render_tokens(md, part, env)
    html = _render_tokens(md, tokens, env)
    first = _first_shown(tokens)
    has_title = first is not None and first.type == "heading_open" and first.tag == "h1"
    return RenderedBody(Markup(html), [e for e in toc if e.level in (2, 3)],
                        list(env["citations"]), has_title, Markup("".join(env["head"])),
                        HUB_PANEL in html)


def _first_shown(tokens: Sequence[Token]) -> Token | None:
    """The first token a reader sees: not blank HTML, ESM lines or a <Head>."""
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if token.type == "component_open" and token.meta["name"] == HEAD:
            index = _matching_close(tokens, index)
        elif not (token.type == "mdx_esm" or (token.type == "html_block"
                  and not token.content.strip())):
            return token
        index += 1
    return None


def _headings(tokens: Sequence[Token]) -> tuple[list[TocEntry], dict[int, str]]:
    slugger = Slugger()
    toc: list[TocEntry] = []
    anchors: dict[int, str] = {}
    for index, token in enumerate(tokens):
        if token.type == "heading_open" and index + 1 < len(tokens):
            text = plain_text(tokens[index + 1])
            anchor = slugger.slug(text)
            anchors[index] = anchor
            toc.append(TocEntry(int(token.tag[1]), text, anchor))
    return toc, anchors


# ---- renderer rules ----------------------------------------------------------------------


def _heading_open(self: Any, tokens: Sequence[Token], idx: int, options: OptionsDict,
                  env: dict[str, Any]) -> str:
    anchor = env["anchors"].get(idx)
    if anchor is None:
        rendered: str = self.renderToken(tokens, idx, options, env)
        return rendered
    return f'<{tokens[idx].tag} id="{escape(anchor)}">'


def _heading_close(self: Any, tokens: Sequence[Token], idx: int, options: OptionsDict,
                   env: dict[str, Any]) -> str:
    opening = next(i for i in range(idx - 1, -1, -1) if tokens[i].type == "heading_open")
    anchor = env["anchors"].get(opening)
    link = (f'<a class="anchor" href="#{escape(anchor)}" aria-label="Link to this section" '
            f'data-pagefind-ignore>#</a>' if anchor else "")
    return f"{link}</{tokens[idx].tag}>\n"


def _link_open(self: Any, tokens: Sequence[Token], idx: int, options: OptionsDict,
               env: dict[str, Any]) -> str:
    token = tokens[idx]
    ctx: RenderContext = env["ctx"]
    attrs = link_attributes(ctx, env["page"], str(token.attrs.get("href", "")))
    if "data-cite" in attrs:
        env["citations"].setdefault(attrs["data-cite"], None)
    if token.attrs.get("title"):
        attrs.setdefault("title", str(token.attrs["title"]))
    rendered = " ".join(f'{name}="{escape(value)}"' for name, value in attrs.items())
    tag = link_tag(attrs)
    env.setdefault("link_tags", []).append(tag)  # links do not nest, but images inside do
    return f"<{tag} {rendered}>"


def _link_close(self: Any, tokens: Sequence[Token], idx: int, options: OptionsDict,
                env: dict[str, Any]) -> str:
    tags: list[str] = env.get("link_tags") or ["a"]
    return f"</{tags.pop()}>"


def _image(self: Any, tokens: Sequence[Token], idx: int, options: OptionsDict,
           env: dict[str, Any]) -> str:
    token = tokens[idx]
    ctx: RenderContext = env["ctx"]
    src = ctx.url(str(token.attrs.get("src", "")))
    alt = self.renderInlineAsText(token.children or [], options, env)
    return f'<img src="{escape(src)}" alt="{escape(alt)}" loading="lazy">'


def _html(self: Any, tokens: Sequence[Token], idx: int, options: OptionsDict,
          env: dict[str, Any]) -> str:
    """Raw HTML passes through; site-absolute URLs get the base URL like everything else."""
    ctx: RenderContext = env["ctx"]
    html = tokens[idx].content
    base = ctx.config.base_url.rstrip("/")
    if base:
        for attribute in ("src", "href"):
            html = html.replace(f'{attribute}="/', f'{attribute}="{base}/')
    return html


def _table_open(self: Any, tokens: Sequence[Token], idx: int, options: OptionsDict,
                env: dict[str, Any]) -> str:
    return '<div class="table-scroll"><table>\n'


def _table_close(self: Any, tokens: Sequence[Token], idx: int, options: OptionsDict,
                 env: dict[str, Any]) -> str:
    return "</table></div>\n"


def _component(self: Any, tokens: Sequence[Token], idx: int, options: OptionsDict,
               env: dict[str, Any]) -> str:
    token = tokens[idx]
    children = ""
    if token.type == "component_open":
        children = env["render"](tokens[idx + 1 : _matching_close(tokens, idx)])
    if token.meta["name"] == HEAD:  # Docusaurus' <Head>: its tags go in the document's <head>
        env["head"].append(children)
        return ""
    _note_citations(env, token.meta["attributes"])
    return str(render_component(env["ctx"], env["page"], token.meta, Markup(children)))


def _component_inline(self: Any, tokens: Sequence[Token], idx: int, options: OptionsDict,
                      env: dict[str, Any]) -> str:
    token = tokens[idx]
    children = self.renderInline(token.children or [], options, env)
    _note_citations(env, token.meta["attributes"])
    return str(render_component(env["ctx"], env["page"], token.meta, Markup(children)))


def _note_citations(env: dict[str, Any], attributes: dict[str, Any]) -> None:
    """Citations a component's data attributes write out join the page's own reference list,
    in the order the page cites them, as inline citations do."""
    for href, _text in component_links(attributes):
        key = citation_key(env["ctx"], env["page"], href)
        if key is not None:
            env["citations"].setdefault(key, None)


def _matching_close(tokens: Sequence[Token], start: int) -> int:
    depth = 0
    for index in range(start, len(tokens)):
        if tokens[index].type == "component_open":
            depth += 1
        elif tokens[index].type == "component_close":
            depth -= 1
            if depth == 0:
                return index
    return len(tokens)


def _render_tokens(md: MarkdownIt, tokens: Sequence[Token], env: dict[str, Any]) -> str:
    """markdown-it's render loop, except that a container component consumes its children."""
    renderer: RendererHTML = md.renderer  # type: ignore[assignment]  # the one md uses
    options = md.options
    output: list[str] = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if token.type == "inline":
            output.append(renderer.renderInline(token.children or [], options, env))
        elif token.type in renderer.rules:
            output.append(renderer.rules[token.type](tokens, index, options, env))
        elif token.type != "component_close":
            output.append(renderer.renderToken(tokens, index, options, env))
        if token.type == "component_open":
            index = _matching_close(tokens, index)
        index += 1
    return "".join(output)


@cache
def _markdown() -> MarkdownIt:
    """A renderer-only MarkdownIt: the parser's rules are irrelevant, only render rules."""
    md = MarkdownIt("commonmark", {"html": True})
    rules = {
        "heading_open": _heading_open, "heading_close": _heading_close,
        "link_open": _link_open, "link_close": _link_close, "image": _image,
        "html_block": _html, "html_inline": _html,
        "table_open": _table_open, "table_close": _table_close,
        "component": _component, "component_open": _component,
        "component_inline": _component_inline,
    }
    for name, rule in rules.items():
        md.add_render_rule(name, rule)
    return md

"""A page's body rendered as far as its own text decides: HTML with holes for the graph.

Only a few tokens need more than the page to render: a link (where it leads, whether it is a
citation), an image and raw HTML naming site-absolute URLs (the base URL), and a component (a
query on the graph). Paragraphs, lists, tables, headings and their anchors depend on the text
alone, so they are rendered once, right after the one parse, and the tokens are dropped: they
cost ~200 KB a page, a template about the size of its HTML. `render/markdown.py` fills the
holes, in the order the page reads, with the render context.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from html import escape
from typing import Any, NamedTuple

from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.token import Token
from markdown_it.utils import OptionsDict

from braindiet.content.anchors import Slugger
from braindiet.content.body import plain_text

# markdown-it turns every NUL of the source into U+FFFD, so in the HTML it marks only holes:
# a hole is written HOLE + its index + HOLE.
HOLE = "\x00"
HEAD = "Head"  # `import Head from '@docusaurus/Head'`: tags for the document's <head>


# Named tuples, not dataclasses: warm builds unpickle every page's template from the cache,
# and a tuple is rebuilt some ten times faster.
class LinkOpen(NamedTuple):
    href: str
    title: str


class LinkClose(NamedTuple):
    """Closes the tag its link opened (`a`, or `span` for a citation that resolves nowhere)."""


class ImageHole(NamedTuple):
    src: str
    alt: str


class RawHtml(NamedTuple):
    """Raw HTML naming a site-absolute URL (`src="/…"`, `href="/…"`): the base URL goes in."""

    html: str


class ComponentHole(NamedTuple):
    meta: dict[str, Any]  # the component token's: name, attributes, problem, unclosed
    children: str  # what it wraps, as marked HTML (its holes are in the same template)
    inline: bool = False  # used within a line (a <Head> is one only on a line of its own)


Hole = LinkOpen | LinkClose | ImageHole | RawHtml | ComponentHole


class TocEntry(NamedTuple):
    level: int
    text: str
    anchor: str


class BodyTemplate(NamedTuple):
    text: str  # the body's HTML, holes marked
    holes: tuple[Hole, ...]
    headings: tuple[TocEntry, ...]  # every heading, with its anchor
    has_title_heading: bool  # the first thing a reader sees is an `# h1`


def prerender(tokens: Sequence[Token]) -> BodyTemplate:
    """The body's tokens (from `content.markdown.parse`) as a template."""
    headings, anchors = _headings(tokens)
    holes: list[Hole] = []
    md = _markdown()
    # `offset`: where the tokens being rendered start in the page's (a container's children
    # are rendered as a slice), so a heading finds its anchor by its index in the page
    env: dict[str, Any] = {"anchors": anchors, "holes": holes, "offset": 0}
    text = _render_tokens(md, tokens, env)
    first = _first_shown(tokens)
    has_title = first is not None and first.type == "heading_open" and first.tag == "h1"
    return BodyTemplate(text, tuple(holes), tuple(headings), has_title)


def _hole(env: dict[str, Any], hole: Hole) -> str:
    holes: list[Hole] = env["holes"]
    holes.append(hole)
    return f"{HOLE}{len(holes) - 1}{HOLE}"


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
    anchor = env["anchors"].get(env["offset"] + idx)
    if anchor is None:
        rendered: str = self.renderToken(tokens, idx, options, env)
        return rendered
    return f'<{tokens[idx].tag} id="{escape(anchor)}">'


def _heading_close(self: Any, tokens: Sequence[Token], idx: int, options: OptionsDict,
                   env: dict[str, Any]) -> str:
    opening = next(i for i in range(idx - 1, -1, -1) if tokens[i].type == "heading_open")
    anchor = env["anchors"].get(env["offset"] + opening)
    link = (f'<a class="anchor" href="#{escape(anchor)}" aria-label="Link to this section" '
            f'data-pagefind-ignore>#</a>' if anchor else "")
    return f"{link}</{tokens[idx].tag}>\n"


def _link_open(self: Any, tokens: Sequence[Token], idx: int, options: OptionsDict,
               env: dict[str, Any]) -> str:
    attrs = tokens[idx].attrs
    return _hole(env, LinkOpen(str(attrs.get("href", "")), str(attrs.get("title") or "")))


def _link_close(self: Any, tokens: Sequence[Token], idx: int, options: OptionsDict,
                env: dict[str, Any]) -> str:
    return _hole(env, LinkClose())


def _image(self: Any, tokens: Sequence[Token], idx: int, options: OptionsDict,
           env: dict[str, Any]) -> str:
    token = tokens[idx]
    alt = self.renderInlineAsText(token.children or [], options, env)
    return _hole(env, ImageHole(str(token.attrs.get("src", "")), alt))


def _html(self: Any, tokens: Sequence[Token], idx: int, options: OptionsDict,
          env: dict[str, Any]) -> str:
    html = tokens[idx].content
    if 'src="/' in html or 'href="/' in html:
        return _hole(env, RawHtml(html))
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
        offset = env["offset"]
        env["offset"] = offset + idx + 1
        children = _render_tokens(_markdown(), tokens[idx + 1 : _matching_close(tokens, idx)],
                                  env)
        env["offset"] = offset
    return _hole(env, ComponentHole(token.meta, children))


def _component_inline(self: Any, tokens: Sequence[Token], idx: int, options: OptionsDict,
                      env: dict[str, Any]) -> str:
    token = tokens[idx]
    children: str = self.renderInline(token.children or [], options, env)
    return _hole(env, ComponentHole(token.meta, children, inline=True))


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

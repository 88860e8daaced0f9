"""What a page's body points at: links, images, components and headings, each with its line;
and the raw HTML in it that would run code.

Read once from the parsed token tree; `check`, the graph and the renderer all use these lists.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from html.parser import HTMLParser
from typing import NamedTuple

from markdown_it.token import Token

from braindiet.content.attributes import literal_data
from braindiet.content.markdown import AttributeValue


# Named tuples, not dataclasses: every build unpickles each page's outline from the cache,
# and a tuple is rebuilt many times faster than a frozen dataclass (see content/template.py).
class Link(NamedTuple):
    href: str
    text: str
    line: int  # 1-based line in the file


class Image(NamedTuple):
    src: str
    line: int


class ComponentUse(NamedTuple):
    name: str
    attributes: dict[str, AttributeValue]
    line: int
    problem: str = ""  # attribute syntax error, if any
    unclosed: bool = False


class Heading(NamedTuple):
    level: int
    text: str
    line: int


class ActiveHtml(NamedTuple):
    """Raw HTML that runs code in the reader's browser: a script, an event handler, a
    `javascript:` URL."""

    code: str  # html-script, html-event-handler, html-javascript-url
    what: str  # "a <script> element"
    line: int


@dataclass(slots=True)
class BodyOutline:
    links: list[Link] = field(default_factory=list)
    images: list[Image] = field(default_factory=list)
    components: list[ComponentUse] = field(default_factory=list)
    headings: list[Heading] = field(default_factory=list)
    active_html: list[ActiveHtml] = field(default_factory=list)


URL_ATTRIBUTES = frozenset({"href", "src", "action", "formaction", "xlink:href", "data",
                            "poster", "srcdoc"})
_CODE_URL = re.compile(r"^\s*(javascript|vbscript|data\s*:\s*text/html)", re.IGNORECASE)


class _HtmlCollector(HTMLParser):
    """In raw HTML, with their offsets in lines: the `src` of each `<img>` and `href` of each
    `<a>`, and what would run code."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.urls: list[tuple[str, str, int]] = []  # (tag, url, 0-based line)
        self.active: list[tuple[str, str, int]] = []  # (code, what, 0-based line)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        offset = self.getpos()[0] - 1
        wanted = {"img": "src", "a": "href"}.get(tag)
        if tag in ("script", "iframe", "object", "embed"):
            self.active.append(("html-script", f"a <{tag}> element", offset))
        for name, value in attrs:
            if name == wanted and value:
                self.urls.append((tag, value, offset))
            if name.startswith("on"):
                self.active.append(("html-event-handler", f"an event handler {name}=", offset))
            elif name in URL_ATTRIBUTES and value and _CODE_URL.match(value):
                scheme = value.strip().split(":", 1)[0].lower()
                self.active.append(("html-javascript-url", f"a {scheme}: URL in {name}=",
                                    offset))

    handle_startendtag = handle_starttag


def outline(tokens: list[Token], first_line: int) -> BodyOutline:
    """Collect what the body references; `first_line` is the file line the body starts on."""
    result = BodyOutline()
    heading_level = 0
    for token in tokens:
        start = first_line + token.map[0] if token.map else first_line
        if token.type in ("component", "component_open"):
            _collect_component(token, start, result)
        elif token.type == "heading_open":
            heading_level = int(token.tag[1])
        elif token.type == "inline":
            if heading_level:
                result.headings.append(Heading(heading_level, plain_text(token), start))
                heading_level = 0
            _collect_inline(token, start, result)
        elif token.type == "html_block":
            _collect_html(token.content, start, result)
    return result


def _collect_component(token: Token, line: int, result: BodyOutline) -> None:
    meta = token.meta
    result.components.append(ComponentUse(meta["name"], meta["attributes"], line,
                                          meta["problem"], meta["unclosed"]))
    for href, text in component_links(meta["attributes"]):
        result.links.append(Link(href, text, line))


def component_links(attributes: dict[str, AttributeValue]) -> list[tuple[str, str]]:
    """The links a component's data attributes write out: each object with a text `href`
    (`items={[{"href": "/docs/papers/refs#key", "label": "Doe (2020)"}]}`) links there, its
    `label` the link text; a citation written this way is a citation like any other."""
    found: list[tuple[str, str]] = []
    for value in attributes.values():
        data = literal_data(value)
        for item in data if isinstance(data, list) else [data]:
            if isinstance(item, dict) and isinstance(item.get("href"), str):
                label = item.get("label")
                found.append((str(item["href"]), label if isinstance(label, str) else ""))
    return found


def _collect_inline(token: Token, line: int, result: BodyOutline) -> None:
    children = token.children or []
    for index, child in enumerate(children):
        if child.type in ("softbreak", "hardbreak"):
            line += 1
        elif child.type == "component_inline":
            _collect_component(child, line, result)
            _collect_inline(child, line, result)
        elif child.type == "link_open":
            result.links.append(Link(str(child.attrs.get("href", "")),
                                     _link_text(children, index), line))
        elif child.type == "image":
            result.images.append(Image(str(child.attrs.get("src", "")), line))
        elif child.type == "html_inline":
            _collect_html(child.content, line, result)


def _collect_html(html: str, line: int, result: BodyOutline) -> None:
    urls, active = _html_findings(html)
    for tag, url, offset in urls:
        if tag == "img":
            result.images.append(Image(url, line + offset))
        else:
            result.links.append(Link(url, "", line + offset))
    result.active_html += [ActiveHtml(code, what, line + offset) for code, what, offset in active]


# Only tags with attributes, and the four active elements, are ever reported.
_BARE_TAGS = re.compile(r"(?:[^<]|</?[A-Za-z][A-Za-z0-9]*\s*/?>)*")
_ACTIVE_TAG = re.compile(r"<\s*(?:script|iframe|object|embed)\b", re.IGNORECASE)
_Findings = tuple[tuple[tuple[str, str, int], ...], tuple[tuple[str, str, int], ...]]


@lru_cache(maxsize=4096)
def _html_findings(html: str) -> _Findings:
    """The URLs and active parts of one raw HTML fragment, by line offset within it. Pages
    repeat the same fragments (`</p>`, `<br/>`, a scoring key's markup hundreds of times), and
    most are bare tags with nothing to report: neither needs HTMLParser again (Aug-2026: 7,634
    fragments, 65 % bare tags, a quarter of the rest one of eight)."""
    if _BARE_TAGS.fullmatch(html) and not _ACTIVE_TAG.search(html):
        return (), ()
    collector = _HtmlCollector()
    collector.feed(html)
    collector.close()
    return tuple(collector.urls), tuple(collector.active)


def _link_text(children: list[Token], open_index: int) -> str:
    parts: list[str] = []
    for child in children[open_index + 1 :]:
        if child.type == "link_close":
            break
        parts.append(child.content)
    return "".join(parts)


def plain_text(token: Token) -> str:
    return "".join(child.content for child in _leaves(token.children or []))


def _leaves(children: list[Token]) -> Iterator[Token]:
    for child in children:
        if child.type in ("text", "code_inline"):
            yield child
        elif child.children:
            yield from _leaves(child.children)

"""Raw HTML in page bodies that runs code: scripts, event handlers, `javascript:` links.

Bodies come from the site's own authors, so such HTML is published as written by default; but
an author (or a reviewer of an outside contribution) should know it is there. With
`sanitize = true` in braindiet.toml the build removes it, and the warning says so.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from html.parser import HTMLParser

from markdown_it.token import Token

from braindiet.content.document import Document
from braindiet.content.markdown import parse
from braindiet.diagnostics import Diagnostic, warning
from braindiet.project import Project

URL_ATTRIBUTES = frozenset({"href", "src", "action", "formaction", "xlink:href", "data",
                            "poster", "srcdoc"})
_CODE_URL = re.compile(r"^\s*(javascript|vbscript|data\s*:\s*text/html)", re.IGNORECASE)


class _ActiveHtml(HTMLParser):
    """Collects (code, what, line offset) for every piece of HTML that would run code."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, str, int]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        offset = self.getpos()[0] - 1
        if tag in ("script", "iframe", "object", "embed"):
            self.found.append(("html-script", f"a <{tag}> element", offset))
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(("html-event-handler", f"an event handler {name}=", offset))
            elif name in URL_ATTRIBUTES and value and _CODE_URL.match(value):
                scheme = value.strip().split(":", 1)[0].lower()
                self.found.append(("html-javascript-url", f"a {scheme}: URL in {name}=", offset))

    handle_startendtag = handle_starttag


def active_html(html: str) -> list[tuple[str, str, int]]:
    """What in `html` would run code, with each finding's line offset within it."""
    parser = _ActiveHtml()
    parser.feed(html)
    parser.close()
    return parser.found


def _html_tokens(tokens: list[Token], line: int = 0) -> Iterator[tuple[Token, int]]:
    """Every raw-HTML token with the 0-based body line it starts on."""
    for token in tokens:
        here = token.map[0] if token.map else line
        if token.type in ("html_block", "html_inline"):
            yield token, here
        if token.children:
            yield from _html_tokens(token.children, here)


def page_findings(document: Document) -> Iterator[tuple[str, str, int]]:
    """(code, what, file line) for one page's body."""
    for token, line in _html_tokens(parse(document.body)):
        # a block may span lines; an inline token is one tag, on its paragraph's first line
        for code, what, offset in active_html(token.content):
            yield code, what, document.body_start_line + line + offset


# Whatever `active_html` can find contains one of these; a page without any needs no parse
# (parsing every body again cost a fifth of a warm build).
_MAYBE_ACTIVE = re.compile(
    r"<(?:script|iframe|object|embed)|\bon[a-z]+\s*=|javascript|vbscript|data\s*:|&#",
    re.IGNORECASE)


def check_body_html(project: Project) -> Iterator[Diagnostic]:
    removed = project.config.sanitize
    for document in project.documents:
        if "<" not in document.body or not _MAYBE_ACTIVE.search(document.body):
            continue
        for code, what, line in page_findings(document):
            outcome = "removed from the page (sanitize = true)" if removed else \
                "published as written; set sanitize = true in braindiet.toml to remove it"
            yield warning(code, f"the body holds {what}, which runs code in the reader's "
                          f"browser: {outcome}", document.site_path, line)

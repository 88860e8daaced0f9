"""What a link in a page points at: a page, a tag page, a citation, a static file, the web.

`check` reports the ones that point nowhere; the renderer rewrites `.md` paths to permalinks.
Both ask here, so a link that checks clean is a link that renders right.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from enum import StrEnum
from urllib.parse import unquote, urlsplit

from braindiet.content.document import Document
from braindiet.content.kinds import Kind
from braindiet.content.mechanisms import OntologyMeta
from braindiet.content.permalinks import TAGS_PERMALINK, generated_page_at
from braindiet.graph.knowledge import KnowledgeGraph


class LinkKind(StrEnum):
    PAGE = "page"
    TAG = "tag"
    GENERATED = "generated"  # a page braindiet makes itself: the graph view, the recipe finder
    CITATION = "citation"
    STATIC = "static"  # a file under static/, e.g. /img/... or /bibtex/...
    EXTERNAL = "external"  # http(s), mailto, ...
    ANCHOR = "anchor"  # #fragment on the same page
    BROKEN = "broken"


@dataclass(frozen=True, slots=True)
class LinkTarget:
    kind: LinkKind
    page: Document | None = None
    fragment: str = ""
    path: str = ""  # static path (URL-decoded, leading /) or the unresolved target
    href: str = ""  # where the rendered link should point

    @property
    def citation_key(self) -> str:
        return self.fragment if self.kind is LinkKind.CITATION else ""


def resolve_href(graph: KnowledgeGraph, source: Document, href: str,
                 references_page: str) -> LinkTarget:
    href = href.strip()
    parts = urlsplit(href)
    if parts.scheme or href.startswith("//"):
        return LinkTarget(LinkKind.EXTERNAL, href=href)
    fragment = unquote(parts.fragment)
    if not parts.path:
        return LinkTarget(LinkKind.ANCHOR, source, fragment, href=href)
    path = unquote(parts.path)
    if not path.startswith("/"):
        return _relative(graph, source, path, fragment, references_page)
    page_path = path.rstrip("/") or "/"
    if page_path.endswith((".md", ".mdx")) and page_path.startswith("/docs/"):
        return _relative(graph, source, page_path, fragment, references_page)
    page = graph.page_at(page_path)
    if page is not None:
        kind = LinkKind.CITATION if page.permalink == references_page and fragment \
            else LinkKind.PAGE
        return LinkTarget(kind, page, fragment, href=href)
    if page_path == references_page:  # the references page itself is missing
        return LinkTarget(LinkKind.BROKEN, None, fragment, path=page_path, href=href)
    if page_path == TAGS_PERMALINK or page_path.startswith(TAGS_PERMALINK + "/"):
        known = page_path == TAGS_PERMALINK or any(
            t.permalink.rstrip("/") == page_path for t in graph.declared_tags())
        return LinkTarget(LinkKind.TAG if known else LinkKind.BROKEN, path=page_path, href=href)
    if generated_page_at(page_path) is not None:
        return LinkTarget(LinkKind.GENERATED, path=page_path, href=href)
    if page_path == "/docs" or page_path.startswith("/docs/"):
        return LinkTarget(LinkKind.BROKEN, path=page_path, href=href)
    return LinkTarget(LinkKind.STATIC, path=path, fragment=fragment, href=href)


def _relative(graph: KnowledgeGraph, source: Document, path: str, fragment: str,
              references_page: str) -> LinkTarget:
    """`./mankai.md` or `../foods/x.md`: a file path relative to the linking page's file."""
    if path.startswith("/docs/"):
        target_file = posixpath.normpath(path[len("/docs/"):])
    else:
        target_file = posixpath.normpath(posixpath.join(source.folder, path))
    if not target_file.endswith((".md", ".mdx")):
        if _looks_like_file(path):
            return LinkTarget(LinkKind.STATIC, path=path, href=path)  # next to the page
        url = posixpath.normpath(posixpath.join(posixpath.dirname(source.permalink), path))
        page = graph.page_at(url)
        kind = LinkKind.PAGE if page is not None else LinkKind.BROKEN
        return LinkTarget(kind, page, fragment, path=url, href=url)
    document = graph.page_in_file(target_file)
    if document is None:
        return LinkTarget(LinkKind.BROKEN, None, fragment, path=target_file, href=path)
    kind = LinkKind.CITATION if document.permalink == references_page and fragment \
        else LinkKind.PAGE
    href = document.permalink + (f"#{fragment}" if fragment else "")
    return LinkTarget(kind, document, fragment, href=href)


def _looks_like_file(path: str) -> bool:
    return "." in posixpath.basename(path)


@dataclass(frozen=True, slots=True)
class Citation:
    key: str
    text: str  # the link text, e.g. "Clerc et al. 2013"
    line: int | None
    file: str | None = None  # where it is written, when not in the page's own file


def citations(graph: KnowledgeGraph, document: Document, references_page: str) -> list[Citation]:
    """Every citation of a page, in page order: links to the references page with a `#key`
    in its body (a component's link data, as `<PhenomeBibLinks items=…/>` gives it, among
    them: `content.body` reads those as links), then the keys its front matter cites (a
    mechanism's `references` and its rows' `citation_key`s), then, for a phenome page, its
    registry entry's papers."""
    found = []
    for link in document.outline.links:
        target = resolve_href(graph, document, link.href, references_page)
        if target.kind is LinkKind.CITATION:
            found.append(Citation(target.citation_key, link.text, link.line))
    found += _front_matter_citations(graph, document, references_page)
    entry = graph.registry_phenome(document) if document.kind is Kind.PHENOME else None
    registry = graph.registry()
    if entry is not None and registry is not None:
        line = registry.entry_line(entry)
        found += [Citation(paper.citation_key, paper.label or paper.citation_key, line,
                           registry.path) for paper in entry.papers() if paper.citation_key]
    return found


_MARKDOWN_LINK = re.compile(r"\[([^\]]*)\]\(([^)\s]+)\)")
_ROW_LISTS = ("phenome_relationships", "functional_outcome_context")


def _front_matter_citations(graph: KnowledgeGraph, document: Document,
                            references_page: str) -> list[Citation]:
    meta = document.meta
    if not isinstance(meta, OntologyMeta):
        return []
    found = []
    lines = document.front.item_lines.get("references", [])
    for index, written in enumerate(meta.references):
        line = lines[index] if index < len(lines) else document.line_of("references")
        for text, href in _MARKDOWN_LINK.findall(written):
            target = resolve_href(graph, document, href, references_page)
            if target.kind is LinkKind.CITATION:
                found.append(Citation(target.citation_key, text, line))
    for key in _ROW_LISTS:
        for position, row in enumerate(getattr(meta, key, ())):
            row_index = meta.source_index(key, position)
            for number, reference in enumerate(row.references):
                path = f"{key}.{row_index}.references.{number}.citation_key"
                line = document.front.node_lines.get(path, document.line_of(key))
                found.append(Citation(reference.citation_key, reference.label, line))
    return found


def cited_by(graph: KnowledgeGraph, references_page: str) -> dict[str, list[Document]]:
    """Citation key -> the pages citing it (each once, ordered by title)."""
    pages: dict[str, dict[Document, None]] = {}
    for document in graph.documents:
        for citation in citations(graph, document, references_page):
            pages.setdefault(citation.key, {})[document] = None
    return {key: sorted(found, key=lambda d: (d.label.casefold(), d.permalink))
            for key, found in sorted(pages.items())}

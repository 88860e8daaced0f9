"""Links, citations and images: everything a page points at must exist."""

from __future__ import annotations

import posixpath
from collections.abc import Iterator
from urllib.parse import unquote

from braindiet.content import files
from braindiet.content.document import Document
from braindiet.diagnostics import Diagnostic, error
from braindiet.graph.links import LinkKind, citations, resolve_href
from braindiet.project import Project


def _pages(project: Project) -> list[Document]:
    """Pages under docs/ and standalone pages alike point at pages, entries and files (and so
    do the pages generated from the registry, whose citations are the registry's)."""
    return [*project.documents, *project.standalone, *project.generated]


def check_citations(project: Project) -> Iterator[Diagnostic]:
    for document in _pages(project):
        for citation in citations(project.graph, document, project.config.references_page):
            if citation.key not in project.bibliography:
                yield error("citation-missing",
                            f"citation key {citation.key!r} is not in the bibliography",
                            citation.file or document.site_path, citation.line,
                            hint="add the entry to the .bib file or fix the key")


def check_links(project: Project) -> Iterator[Diagnostic]:
    references_page = project.config.references_page
    for document in _pages(project):
        for link in document.outline.links:
            target = resolve_href(project.graph, document, link.href, references_page)
            if target.kind is LinkKind.BROKEN:
                yield error("link-broken", f"link to {link.href!r}: no such page",
                            document.site_path, link.line)
            elif target.kind is LinkKind.STATIC and not _static_exists(project, document,
                                                                        target.path):
                yield error("link-broken", f"link to {link.href!r}: no such file",
                            document.site_path, link.line)


def check_images(project: Project) -> Iterator[Diagnostic]:
    for document in _pages(project):
        for key in ("list_image", "inchi_image"):
            src = getattr(document.meta, key, None)
            refused = files.url_problem(src) if isinstance(src, str) else None
            if isinstance(src, str) and refused is None and _leaves_static(src):
                refused = f"it leads outside {project.config.static_dir}/"
            if refused is not None:
                yield error("image-refused", f"{key} cannot be used: {refused}",
                            document.site_path, document.line_of(key))
            elif src and not _static_exists(project, document, src):
                yield error("image-missing", f"{key} {src!r} is not a file under "
                            f"{project.config.static_dir}/", document.site_path,
                            document.line_of(key))
        for image in document.outline.images:
            if _is_local(image.src) and not _static_exists(project, document, image.src):
                yield error("image-missing", f"image {image.src!r} does not exist",
                            document.site_path, image.line)


def _leaves_static(src: str) -> bool:
    return files.leaves(src.lstrip("/")) if src.startswith("/") else False


def _is_local(src: str) -> bool:
    return not (src.startswith(("http://", "https://", "//", "data:")))


def _static_exists(project: Project, document: Document, url_path: str) -> bool:
    """`/img/x.png` lives in static/; `./x.png` sits next to the page in docs/. A URL may
    percent-encode its path (`my%20photo.jpg` is the file `my photo.jpg`)."""
    path = unquote(url_path.split("#", 1)[0].split("?", 1)[0])
    if path.startswith("/"):
        base = project.config.base_url.rstrip("/")
        if base and path.startswith(base + "/"):
            path = path[len(base):]
        return files.file_under(project.static_dir, path) is not None
    relative = posixpath.normpath(posixpath.join(document.folder, path))
    return files.file_under(project.content.docs_dir, relative) is not None

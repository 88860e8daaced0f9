"""Component tags: known names, the attributes they need, and tags naming the right pages."""

from __future__ import annotations

from collections.abc import Iterator

from braindiet.content.body import ComponentUse
from braindiet.content.components import SIGNATURES, Signature
from braindiet.content.document import Document
from braindiet.content.markdown import Expression
from braindiet.diagnostics import Diagnostic, error, warning
from braindiet.project import Project


def check_components(project: Project) -> Iterator[Diagnostic]:
    for document in project.documents:
        for use in document.outline.components:
            yield from _check_use(project, document, use)


def _check_use(project: Project, document: Document, use: ComponentUse) -> Iterator[Diagnostic]:
    where = (document.site_path, use.line)
    signature = SIGNATURES.get(use.name)
    if signature is None:
        known = ", ".join(sorted(SIGNATURES))
        yield error("component-unknown", f"unknown component <{use.name}>", *where,
                    hint=f"known components: {known}")
        return
    if use.problem:
        yield error("component-syntax", f"<{use.name}>: {use.problem}", *where)
    if use.unclosed and signature.container:
        yield error("component-syntax", f"<{use.name}> is never closed with </{use.name}>",
                    *where)
    for name in signature.required:
        if name not in use.attributes:
            yield error("component-attribute", f"<{use.name}> needs a {name}= attribute", *where)
    for name in sorted(set(use.attributes) - signature.accepted):
        yield warning("component-attribute", f"<{use.name}> has no attribute {name!r}; ignored",
                      *where)
    if signature.about_a_page:
        yield from _check_subject(project, document, use, signature)
    elif use.name in ("TagList", "DocList") and isinstance(use.attributes.get("tag"), str):
        yield from _check_tag_listing(project, document, use)
    elif use.name == "FolderList" and isinstance(use.attributes.get("folder"), str):
        folder = str(use.attributes["folder"]).strip("/")
        if not (project.content.docs_dir / folder).is_dir():
            yield error("component-attribute", f"<FolderList>: no folder docs/{folder}", *where)


def _check_subject(project: Project, document: Document, use: ComponentUse,
                   signature: Signature) -> Iterator[Diagnostic]:
    where = (document.site_path, use.line)
    tag, details = use.attributes.get("tag"), use.attributes.get("details")
    kind = signature.subject
    assert kind is not None
    if isinstance(details, Expression) or (tag is None and details is None):
        if tag is None and details is None:
            yield warning("component-attribute",
                          f"<{use.name}> names no page (tag= or details={{frontMatter}}); "
                          "it shows this page", *where)
        if document.kind is not kind:
            yield error("component-attribute",
                        f"<{use.name}> describes this page, which is a {document.kind}, "
                        f"not a {kind}", *where)
        return
    if not isinstance(tag, str):
        yield error("component-attribute", f"<{use.name}>: tag must be a quoted name", *where)
        return
    if project.graph.page_of_kind(tag, kind) is not None:
        return
    pages = project.graph.resolve(tag).pages
    reason = (f"it means {', '.join(p.site_path for p in pages)}" if pages
              else "no page has that name")
    message = f"<{use.name} tag={tag!r}>: no {kind} page of that name ({reason})"
    if project.graph.tagged(tag):
        yield warning("component-attribute", f"{message}; listing pages tagged {tag!r} instead",
                      *where)
    else:
        yield error("component-attribute", message, *where)


def _check_tag_listing(project: Project, document: Document,
                       use: ComponentUse) -> Iterator[Diagnostic]:
    tag = str(use.attributes["tag"])
    folder = use.attributes.get("filter")
    folder = folder if isinstance(folder, str) else None
    if folder and not (project.content.docs_dir / folder.strip("/")).is_dir():
        yield error("component-attribute", f"<{use.name}>: filter names no folder docs/{folder}",
                    document.site_path, use.line)
    elif not project.graph.tagged(tag, folder):
        within = f" in {folder}/" if folder else ""
        yield warning("component-empty", f"<{use.name} tag={tag!r}> lists nothing: no page"
                      f"{within} carries that tag", document.site_path, use.line)

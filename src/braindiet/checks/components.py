"""Component tags against the registry: known names, attributes of the right type, the folders
and tags they name, and tags naming pages of the right kind."""

from __future__ import annotations

from collections.abc import Iterator

from braindiet.content.body import ComponentUse
from braindiet.content.document import Document
from braindiet.diagnostics import Diagnostic, Severity, error, warning
from braindiet.project import Project
from braindiet.render.components import REGISTRY
from braindiet.render.components.signature import Signature, Type


def check_components(project: Project) -> Iterator[Diagnostic]:
    for document in project.documents:
        for use in document.outline.components:
            yield from _check_use(project, document, use)


def _check_use(project: Project, document: Document, use: ComponentUse) -> Iterator[Diagnostic]:
    where = (document.site_path, use.line)
    registered = REGISTRY.get(use.name)
    if registered is None:
        known = ", ".join(sorted(REGISTRY))
        yield error("component-unknown", f"unknown component <{use.name}>", *where,
                    hint=f"known components: {known}")
        return
    signature = registered.signature
    if use.problem:  # its attributes could not be read: nothing more to say about them
        yield error("component-syntax", f"<{use.name}>: {use.problem}", *where)
        return
    if use.unclosed and signature.container:
        yield error("component-syntax", f"<{use.name}> is never closed with </{use.name}>",
                    *where)
    faults = list(_attribute_faults(signature, use, where))
    yield from faults
    if any(d.severity is Severity.ERROR for d in faults):
        return  # the checks below would only restate a wrong or missing value
    yield from _check_folders(project, document, use, signature)
    if signature.subject is not None:
        yield from _check_subject(project, document, use, signature)


def _attribute_faults(signature: Signature, use: ComponentUse,
                      where: tuple[str, int]) -> Iterator[Diagnostic]:
    """Missing required attributes, values of the wrong type, attributes it does not have."""
    for attribute in signature.accepted:
        value = use.attributes.get(attribute.name)
        if value is None:
            if attribute.required:
                yield error("component-attribute",
                            f"<{use.name}> needs a {attribute.name}= attribute", *where,
                            hint=f"{attribute.name}= is {attribute.type.example(attribute.name)}")
            continue
        problem = attribute.problem(value)
        if problem:
            yield error("component-attribute", f"<{use.name}> {attribute.name}= {problem}",
                        *where)
    for name in sorted(set(use.attributes) - {a.name for a in signature.accepted}):
        known = ", ".join(a.name for a in signature.accepted) or "none"
        yield warning("component-attribute", f"<{use.name}> has no attribute {name!r}; ignored",
                      *where, hint=f"its attributes: {known}")


def _check_folders(project: Project, document: Document, use: ComponentUse,
                   signature: Signature) -> Iterator[Diagnostic]:
    """Folders must exist; a listing of a tag (within its folder, if it names one) that no page
    carries lists nothing."""
    where = (document.site_path, use.line)
    folder: str | None = None
    for attribute in signature.accepted:
        value = use.attributes.get(attribute.name)
        if attribute.type is Type.FOLDER and isinstance(value, str):
            folder = value.strip("/")
            if not (project.content.docs_dir / folder).is_dir():
                yield error("component-attribute",
                            f"<{use.name}>: {attribute.name}= names no folder docs/{folder}",
                            *where)
                return
    for attribute in signature.accepted:
        tag = use.attributes.get(attribute.name)
        if attribute.type is Type.TAG and isinstance(tag, str) \
                and not project.graph.tagged(tag, folder):
            within = f" in {folder}/" if folder else ""
            yield warning("component-empty", f"<{use.name} {attribute.name}={tag!r}> lists "
                          f"nothing: no page{within} carries that tag", *where)


def _check_subject(project: Project, document: Document, use: ComponentUse,
                   signature: Signature) -> Iterator[Diagnostic]:
    """`details={frontMatter}` (or nothing) must sit on a page of the kind; `tag=` name one."""
    where = (document.site_path, use.line)
    tag, details = use.attributes.get("tag"), use.attributes.get("details")
    kind = signature.subject
    assert kind is not None
    if details is not None or tag is None:
        if tag is None and details is None:
            yield warning("component-attribute",
                          f"<{use.name}> names no page (tag= or details={{frontMatter}}); "
                          "it shows this page", *where)
        if document.kind is not kind:
            yield error("component-attribute",
                        f"<{use.name}> describes this page, which is a {document.kind}, "
                        f"not a {kind}", *where)
        return
    assert isinstance(tag, str)  # its type was checked
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

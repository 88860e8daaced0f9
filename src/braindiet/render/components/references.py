"""`BibTexReferences`: the bibliography, one anchor per citation key."""

from __future__ import annotations

from markupsafe import Markup

from braindiet.content.document import Document
from braindiet.render.components.registry import Attributes, ComponentError, component
from braindiet.render.components.signature import Attribute, Type
from braindiet.render.context import RenderContext
from braindiet.render.templating import environment
from braindiet.science.bibliography import sort_keys
from braindiet.science.bibliography.completeness import incomplete_reasons

SORT_FIELDS = ("year", "author", "title", "key")
DIRECTIONS = ("asc", "desc")


@component("BibTexReferences", styles=("references.css",), attributes=(
    Attribute("title"), Attribute("showCitationKeys", Type.BOOLEAN),
    Attribute("sortBy", choices=SORT_FIELDS), Attribute("sortDirection", choices=DIRECTIONS),
    Attribute("fileId"), Attribute("style"),  # Docusaurus' options: one bibliography, APA 7
), summary="the formatted bibliography, one anchor per citation key")
def bibtex_references(ctx: RenderContext, page: Document, attributes: Attributes,
                      children: Markup) -> Markup:
    by = str(attributes.get("sortBy", "author"))
    direction = str(attributes.get("sortDirection", "asc"))
    if by not in SORT_FIELDS or direction not in DIRECTIONS:
        raise ComponentError(f"cannot sort by {by!r} {direction!r}; sortBy is one of "
                             f"{', '.join(SORT_FIELDS)} and sortDirection asc or desc.")
    bibliography = ctx.all_references()
    keys = sort_keys(bibliography, by, direction)  # type: ignore[arg-type]
    entries = [{"key": key, "html": Markup(ctx.reference(key) or key),
                "incomplete": _sentence(incomplete_reasons(bibliography.entries[key])),
                "cited_by": [{"url": ctx.page_url(d), "title": d.label}
                             for d in ctx.cited_by.get(key, [])]} for key in keys]
    template = environment().get_template("references.html.j2")
    return Markup(template.render(
        title=attributes.get("title") if isinstance(attributes.get("title"), str) else None,
        entries=entries, show_keys=attributes.get("showCitationKeys") is True))


def _sentence(reasons: tuple[str, ...]) -> str:
    """"It has no title; it has neither ..." as a reader's sentence ("" for a sound entry)."""
    if not reasons:
        return ""
    text = "; ".join(reasons)
    return text[0].upper() + text[1:] + "."

"""Small view models shared by components: links, cards, the page a component is about."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup

from braindiet.content.document import Document
from braindiet.content.markdown import Expression
from braindiet.content.schema import Kind
from braindiet.dependencies import read_card
from braindiet.render.components.registry import Attributes, ComponentError
from braindiet.render.context import RenderContext
from braindiet.render.templating import environment


@dataclass(frozen=True, slots=True)
class Link:
    url: str
    title: str


@dataclass(frozen=True, slots=True)
class Card:
    url: str
    title: str
    kind: str
    description: str = ""
    image: str = ""
    image_alt: str = ""
    structure: bool = False
    note: str = ""
    note_title: str = ""  # e.g. the record a figure in the note comes from
    chips: list[Link] = field(default_factory=list)


def link(ctx: RenderContext, document: Document) -> Link:
    return Link(ctx.page_url(document), document.label)


def links(ctx: RenderContext, documents: Iterable[Document]) -> list[Link]:
    return [link(ctx, d) for d in documents]


def card(ctx: RenderContext, document: Document, note: str = "",
         chips: list[Link] | None = None, note_title: str = "") -> Card:
    read_card(document.permalink)
    image, alt, structure = _card_image(ctx, document)
    return Card(url=ctx.page_url(document), title=document.label, kind=str(document.kind),
                description=document.description, image=image, image_alt=alt,
                structure=structure, note=note, note_title=note_title, chips=chips or [])


def _card_image(ctx: RenderContext, document: Document) -> tuple[str, str, bool]:
    """A substance shows its verified structure; everything else its list image."""
    structure = ctx.structures.get(document.permalink)
    if structure is not None:
        return ctx.url(structure.url), f"Structure of {document.title}", True
    if document.meta.list_image:
        return ctx.url(document.meta.list_image), "", False
    return "", "", False


def macros() -> Any:
    return environment().get_template("components.html.j2").module


def render_macro(name: str, *args: Any) -> Markup:
    return Markup(getattr(macros(), name)(*args))


def text_attribute(attributes: Attributes, name: str, required: bool = True) -> str | None:
    value = attributes.get(name)
    if value is None:
        if required:
            raise ComponentError(f"the {name}= attribute is missing.")
        return None
    if not isinstance(value, str):
        raise ComponentError(f"{name}= must be a quoted text.")
    return value


@dataclass(frozen=True, slots=True)
class Subject:
    """What a chain component is about: a page of the right kind, or only a tag name."""

    page: Document | None
    tag: str

    @property
    def name(self) -> str:
        return self.page.label if self.page is not None else self.tag


def subject(ctx: RenderContext, page: Document, attributes: Attributes, kind: Kind) -> Subject:
    """`details={frontMatter}` (or nothing) means this page; `tag="X"` means the page named X.

    A tag that names no page of the kind still lists what carries the tag, as the original
    site did (e.g. `SubstanceRecipes tag="Essential Amino Acid"`).
    """
    tag = attributes.get("tag")
    details = attributes.get("details")
    if isinstance(details, Expression) or (tag is None and details is None):
        if page.kind is not kind:
            raise ComponentError(f"this page is a {page.kind}, not a {kind}.")
        return Subject(page, page.label)
    if not isinstance(tag, str):
        raise ComponentError("tag= must be a quoted name.")
    return Subject(ctx.graph.page_of_kind(tag, kind), tag)


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    return f"{count} {singular if count == 1 else (plural_form or singular + 's')}"

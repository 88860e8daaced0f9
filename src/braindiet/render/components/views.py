"""Small view models shared by components: links, cards, the page a component is about.

The pieces that need CSS own a stylesheet beside this module; components declare the ones
they show (`styles=(CARDS, COLLECTIONS)`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from markupsafe import Markup, escape

from braindiet.content.document import Document
from braindiet.content.kinds import Kind
from braindiet.content.markdown import Expression
from braindiet.render.components.registry import Attributes, ComponentError, beside
from braindiet.render.context import RenderContext
from braindiet.render.ions import ion_badge

CARDS = beside(__name__, "cards.css")
COLLECTIONS = beside(__name__, "collections.css")  # also <Collapse>'s
MATRIX = beside(__name__, "matrix.css")  # every table's scrolling frame, and the matrix
NUTRITION_PANEL = beside(__name__, "nutrition.css")  # render/nutrition.py's panel
HUB_PANELS = beside(__name__, "hub-panels.css")  # the collapsibles pages write as raw HTML

PAGE_STYLES = (CARDS, MATRIX, NUTRITION_PANEL, HUB_PANELS)
"""What pages show outside components, bundled after the components' own: cards on tag and
folder pages, Markdown tables in MATRIX's frame, the nutrition panel of food and recipe pages
(which sits in that frame and overrides some of its rules, so it comes after it), and the
collapsible hub panels the Aug-2026 mechanism pages write as raw HTML."""


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
    ion: str = ""  # a substance whose page names its ion shows it (HTML) in place of an image


def link(ctx: RenderContext, document: Document) -> Link:
    return Link(ctx.page_url(document), document.label)


def links(ctx: RenderContext, documents: Iterable[Document]) -> list[Link]:
    return [link(ctx, d) for d in documents]


def card(ctx: RenderContext, document: Document, note: str = "",
         chips: list[Link] | None = None, note_title: str = "") -> Card:
    ctx.card_of(document)
    image, alt, structure = _card_image(ctx, document)
    ion = getattr(document.meta, "ion_notation", None) if document.kind is Kind.SUBSTANCE \
        else None
    return Card(url=ctx.page_url(document), title=document.label, kind=str(document.kind),
                description=document.description, image=image, image_alt=alt,
                structure=structure, note=note, note_title=note_title, chips=chips or [],
                ion=str(ion_badge(ion)) if ion else "")


def _card_image(ctx: RenderContext, document: Document) -> tuple[str, str, bool]:
    """A substance shows its verified structure (or its ion, see `card`); everything else
    its list image."""
    structure = ctx.structures.get(document.permalink)
    if structure is not None:
        return ctx.url(structure.url), f"Structure of {document.title}", True
    if document.meta.list_image:
        return ctx.url(document.meta.list_image), "", False
    return "", "", False


Cell = str | list[Link]  # text is escaped; Markup (a str) is kept as it is


def matrix(caption: str, columns: list[str], rows: list[list[Cell]], empty: str) -> Markup:
    """A table whose first column heads each row; cells are text or lists of links.

    Built in Python rather than by template macros: matrices are the largest part of food and
    recipe pages, and macro calls per cell made them the slowest part of a build.
    """
    if not rows:
        return Markup('<p class="empty">{}</p>\n').format(empty)
    head = "".join(f'<th scope="col">{escape(c)}</th>' for c in columns)
    body = []
    for row in rows:
        cells = [_cell(cell) for cell in row]
        body.append(f'<tr><th scope="row">{cells[0]}</th>'
                    + "".join(f"<td>{cell}</td>" for cell in cells[1:]) + "</tr>\n")
    return Markup(f'<div class="table-scroll matrix" data-pagefind-ignore>\n<table>\n'
                  f'<caption>{escape(caption)}</caption>\n<thead><tr>{head}</tr></thead>\n'
                  f'<tbody>\n{"".join(body)}</tbody>\n</table>\n</div>\n')


def _cell(cell: Cell) -> str:
    if isinstance(cell, str):
        return str(escape(cell))
    return ", ".join(f'<a href="{escape(link.url)}">{escape(link.title)}</a>' for link in cell)


def link_list(links: list[Link]) -> str:
    return ", ".join(f'<a href="{escape(link.url)}">{escape(link.title)}</a>' for link in links)


def card_html(c: Card) -> str:
    image = ""
    if c.ion:
        image = f'<span class="card__image card__ion" aria-hidden="true">{c.ion}</span>\n'
    elif c.image:
        kind = " card__image--structure" if c.structure else ""
        image = (f'<img class="card__image{kind}" src="{escape(c.image)}" '
                 f'alt="{escape(c.image_alt)}" loading="lazy" width="56" height="56">\n')
    note = ""
    if c.note:
        title = f' title="{escape(c.note_title)}"' if c.note_title else ""
        note = f' <span class="badge"{title}>{escape(c.note)}</span>\n'
    description = (f'<p class="card__description">{escape(c.description)}</p>\n'
                   if c.description else "")
    chips = f'<p class="card__chips">{link_list(c.chips)}</p>\n' if c.chips else ""
    return (f'<li class="card card--{escape(c.kind)}">\n{image}<div class="card__body">\n'
            f'<a class="card__title" href="{escape(c.url)}">{escape(c.title)}</a>\n'
            f"{note}{description}{chips}</div>\n</li>\n")


def cards(items: list[Card], extra_class: str = "") -> Markup:
    """A list of cards. Like matrices they are built in Python: a large site has pages with
    thousands of them. Search indexes a page's own text, not the lists it shows."""
    return Markup(f'<ul class="cards{extra_class}" data-pagefind-ignore>\n'
                  + "".join(card_html(c) for c in items) + "</ul>\n")


def page_cards(ctx: RenderContext, documents: Iterable[Document], extra_class: str = ""
               ) -> Markup:
    """`cards` of pages with nothing of their context (no note, no chips): a page's card is
    then the same on every listing and tag page, so each is drawn once per build."""
    return Markup(f'<ul class="cards{extra_class}" data-pagefind-ignore>\n'
                  + "".join(_page_card(ctx, d) for d in documents) + "</ul>\n")


def _page_card(ctx: RenderContext, document: Document) -> str:
    return ctx.remember(("page-card", document), lambda: card_html(card(ctx, document)))


def collection(summary: str, items: list[Card], empty: str, kind: str) -> Markup:
    """A collapsible list whose summary counts it ("32 foods containing this substance")."""
    inside = cards(items) if items else Markup('<p class="empty">{}</p>\n').format(empty)
    return Markup('<details class="collection collection--{}" data-pagefind-ignore>\n'
                  "<summary>{}</summary>\n{}</details>\n").format(kind, summary, inside)


def folder_cards(folders: list[dict[str, str]]) -> Markup:
    """Cards for subfolders: title and the landing page's description."""
    if not folders:
        return Markup("")
    return cards([Card(url=f["url"], title=f["title"], kind="folder",
                       description=f.get("description", "")) for f in folders],
                 " cards--folders")


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
    return f"{count:,} {singular if count == 1 else (plural_form or singular + 's')}"

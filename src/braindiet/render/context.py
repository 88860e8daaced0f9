"""Everything a page render may read: the graph, the settings and what science computed."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, TypeVar
from urllib.parse import quote

from braindiet.config import SiteConfig
from braindiet.content.document import Document
from braindiet.content.schema import ContributionLevel
from braindiet.dependencies import family, remembered
from braindiet.graph.knowledge import LABEL, KnowledgeGraph
from braindiet.science.bibliography import Bibliography
from braindiet.science.nutrition.site import SiteNutrition

T = TypeVar("T")


@lru_cache(maxsize=262144)
def site_url(base_url: str, path: str) -> str:
    """Pages (everything under /docs) are folders with an index.html: link them with a
    trailing slash, so no click costs a redirect. Files keep their names."""
    if not path.startswith("/"):
        return path
    page, hash_mark, fragment = path.partition("#")
    if page == "/docs" or page.startswith("/docs/"):
        page = page.rstrip("/") + "/"
    return base_url.rstrip("/") + quote(page + hash_mark + fragment, safe="/#:%'()&=?+,;@!$*~")


@dataclass(frozen=True, slots=True)
class StructureView:
    """A substance's structure as published: a drawing (or its image) and what RDKit computed."""

    url: str  # site path of the SVG (or of the page's own image when nothing was drawn)
    svg: str | None = None  # inline SVG, drawn in the page's text colour
    formula: str | None = None
    weight: str | None = None
    inchikey: str | None = None
    source: str = ""


@dataclass(frozen=True, slots=True)
class RenderContext:
    graph: KnowledgeGraph
    config: SiteConfig
    bibliography: Bibliography
    references: dict[str, str] = field(default_factory=dict)  # citation key -> entry HTML
    structures: dict[str, StructureView] = field(default_factory=dict)  # permalink -> view
    nutrition: SiteNutrition | None = None
    cited_by: dict[str, list[Document]] = field(default_factory=dict)  # key -> citing pages
    # Parts many files show, made once per build (and per render worker): see `remember`.
    kept: dict[Any, tuple[Any, frozenset[str]]] = field(default_factory=dict, compare=False,
                                                         repr=False)

    def remember(self, key: tuple[object, ...], compute: Callable[[], T]) -> T:
        """`compute()` once per key for the whole build; every file using it records what
        it read (`dependencies.remembered`). The key names the part and its arguments."""
        return remembered(self.kept, key, compute)

    def url(self, path: str) -> str:
        """A site-absolute path as a link: base URL prefixed, spaces and the like escaped."""
        return site_url(self.config.base_url, path)

    def page_url(self, document: Document, fragment: str = "") -> str:
        LABEL.read(document.permalink)  # whoever links a page shows its title
        return self.url(document.permalink + (f"#{fragment}" if fragment else ""))

    def reference(self, key: str) -> str | None:
        """The formatted entry (HTML) of a citation key, None when it is not in the .bib."""
        REFERENCE.read(key)
        return self.references.get(key)

    def card_of(self, document: Document) -> None:
        """Record that a card of the page is shown: its name, URL, description, image."""
        LABEL.read(document.permalink)
        CARD.read(document.permalink)

    def all_references(self) -> Bibliography:
        """The whole bibliography, with who cites what (the references page shows it all)."""
        REFERENCES.read()
        return self.bibliography

    def level(self, food: Document, substance: Document) -> ContributionLevel | None:
        """The contribution level shown for a substance in a food: declared, else computed."""
        if self.nutrition is None:
            return self.graph.contribution_level(food, substance)
        return self.nutrition.level(food, substance)

    def citation_url(self, key: str) -> str:
        return self.url(f"{self.config.references_page}#{key}")


def _cards(ctx: RenderContext) -> dict[str, object]:
    return {d.permalink: (d.description, d.meta.list_image, ctx.structures.get(d.permalink),
                          getattr(d.meta, "ion_notation", None))
            for d in ctx.graph.documents}


CARD = family("card", RenderContext, _cards,
              doc="a page's description, image, structure or ion (what a card of it shows)")
REFERENCE = family("bib", RenderContext, lambda ctx: dict(ctx.references), sparse=True,
                   doc="one formatted reference, by citation key")
REFERENCES = family("bibliography", RenderContext, lambda ctx: {"": (
    sorted(ctx.references.items()), ctx.bibliography.fingerprint(),
    sorted((key, [d.permalink for d in pages]) for key, pages in ctx.cited_by.items()))},
    doc="the whole bibliography, formatted, and which pages cite each entry")

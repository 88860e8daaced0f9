"""Everything a page render may read: the graph, the settings and what science computed."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from urllib.parse import quote

from braindiet.config import SiteConfig
from braindiet.content.document import Document
from braindiet.content.schema import ContributionLevel
from braindiet.dependencies import read, read_label
from braindiet.graph.knowledge import KnowledgeGraph
from braindiet.science.bibliography import Bibliography
from braindiet.science.nutrition.site import SiteNutrition


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

    def url(self, path: str) -> str:
        """A site-absolute path as a link: base URL prefixed, spaces and the like escaped."""
        return site_url(self.config.base_url, path)

    def page_url(self, document: Document, fragment: str = "") -> str:
        read_label(document.permalink)  # whoever links a page shows its title
        return self.url(document.permalink + (f"#{fragment}" if fragment else ""))

    def reference(self, key: str) -> str | None:
        """The formatted entry (HTML) of a citation key, None when it is not in the .bib."""
        read(f"bib:{key}")
        return self.references.get(key)

    def level(self, food: Document, substance: Document) -> ContributionLevel | None:
        """The contribution level shown for a substance in a food: declared, else computed."""
        if self.nutrition is None:
            return self.graph.contribution_level(food, substance)
        return self.nutrition.level(food, substance)

    def citation_url(self, key: str) -> str:
        return self.url(f"{self.config.references_page}#{key}")

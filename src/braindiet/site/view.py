"""What every file of the site is made from, and the file type itself.

A `SiteView` is prepared once per build (the render context, the navigation, the problems,
the tag pages); a `Producer` is one output path with the pure function that makes its bytes
from the view. Everything a producer reads is recorded (`braindiet.dependencies`): reads of
the view's own tables go through the families declared at the bottom of this module.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from braindiet.checks.redirects import ServedRedirect
from braindiet.content.document import Document
from braindiet.content.kinds import Kind
from braindiet.content.tags import Tag
from braindiet.dependencies import family
from braindiet.diagnostics import Diagnostic
from braindiet.render.context import RenderContext
from braindiet.site.nav import Navigation
from braindiet.site.sidebar import SidebarHtml


@dataclass(slots=True)
class SiteView:
    """What every emitted file may use, prepared once per build."""

    ctx: RenderContext
    nav: Navigation
    problems: dict[str, list[Diagnostic]] = field(default_factory=dict)  # site_path -> list
    dev: bool = False  # the dev server shows each page's problems in the page
    tag_carriers: dict[str, tuple[Tag, list[Document]]] = field(default_factory=dict)
    sidebars: SidebarHtml = field(init=False)  # drawn as pages need them, kept for others
    footer: str | None = None  # the footer's sentence, once computed (a cache)
    kinds_present: set[Kind] = field(default_factory=set)
    redirects: list[ServedRedirect] = field(default_factory=list)  # by old URL
    _redirect_at: dict[str, ServedRedirect] = field(default_factory=dict)

    def __post_init__(self) -> None:
        graph = self.ctx.graph
        self.sidebars = SidebarHtml(self.nav, self.ctx.url)
        self.kinds_present = {d.kind for d in graph.documents}
        carriers: dict[str, tuple[Tag, dict[Document, None]]] = {}
        for document in graph.documents:
            for use in graph.tag_uses(document):
                carriers.setdefault(use.tag.permalink, (use.tag, {}))[1][document] = None
        self.tag_carriers = {p: (tag, list(pages)) for p, (tag, pages) in carriers.items()}

    def tag_page(self, permalink: str) -> tuple[Tag, list[Document]]:
        """A tag and the pages carrying it (what its tag page lists)."""
        TAG_PAGE.read(permalink)
        return self.tag_carriers[permalink]

    def tag_pages(self) -> list[tuple[Tag, list[Document]]]:
        TAG_PAGES.read()
        return list(self.tag_carriers.values())

    def redirect(self, source: str) -> ServedRedirect:
        """The redirect published at an old URL."""
        REDIRECT.read(source)
        if len(self._redirect_at) != len(self.redirects):
            self._redirect_at = {r.source: r for r in self.redirects}
        return self._redirect_at[source]

    def all_redirects(self) -> list[ServedRedirect]:
        REDIRECTS.read()
        return list(self.redirects)

    def problems_of(self, document: Document) -> list[Diagnostic]:
        """The problems the dev server shows at the top of a page."""
        if not self.dev:
            return []
        PROBLEMS.read(document.site_path)
        return self.problems.get(document.site_path, [])


def output_path(permalink: str) -> str:
    """Pages are folders with an index.html: `/docs/foods/spinach` -> `docs/foods/spinach/…`."""
    path = permalink.strip("/")
    return f"{path}/index.html" if path else "index.html"


@dataclass(frozen=True, slots=True)
class Producer:
    """One file of the site and the function that makes it (recording what it reads)."""

    path: str
    make: Callable[[SiteView], bytes]


def _tag_pages(site: SiteView) -> dict[str, object]:
    return {permalink: (repr(tag), sorted(d.permalink for d in pages))
            for permalink, (tag, pages) in site.tag_carriers.items()}


TAG_PAGE = family("tagpage", SiteView, _tag_pages,
                  doc="a tag page: the tag and the pages carrying it")
TAG_PAGES = family("tagpages", SiteView, lambda site: {"": sorted(_tag_pages(site).items())},
                   doc="every tag page (the tag index and the sitemap list them)")
PROBLEMS = family("problems", SiteView, lambda site: dict(site.problems), sparse=True,
                  doc="the diagnostics the dev server shows on a page")


def _redirect_rows(site: SiteView) -> dict[str, object]:
    return {r.source: (r.target, r.page.permalink if r.page else None, r.declared.location)
            for r in site.redirects}


REDIRECT = family("redirect", SiteView, _redirect_rows,
                  doc="a redirect page: the old URL, where it leads, where it is declared")
REDIRECTS = family("redirects", SiteView, lambda site: {"": sorted(_redirect_rows(site).items())},
                   doc="every redirect the site serves (the JSON API lists them)")

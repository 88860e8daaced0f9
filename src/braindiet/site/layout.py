"""The chrome around every page: header links, sidebar, the values every template shares."""

from __future__ import annotations

from typing import Any

from markupsafe import Markup, escape

from braindiet.content.kinds import KINDS, Kind
from braindiet.graph.knowledge import FOLDER, KINDS_PRESENT
from braindiet.render.footer import FOOTER, footer_sentence
from braindiet.render.templating import environment
from braindiet.site.assets import asset_urls
from braindiet.site.view import SiteView


def common(site: SiteView, current_folder: str = "") -> dict[str, Any]:
    """What every template is given: settings, header links, navigation, assets."""
    ctx = site.ctx
    KINDS_PRESENT.read()
    for folder in ("", *sorted(site.nav.open_folders(current_folder))):
        FOLDER.read(folder)  # the sidebar and breadcrumbs show these folders
    top = current_folder.split("/", 1)[0]
    top_links = [{"label": k.plural, "url": ctx.url(f"/docs/{k.folder}"),
                  "current": k.folder == top}
                 for k in KINDS if k.folder and k.kind in site.kinds_present
                 and k.kind is not Kind.PAPER]
    FOOTER.read()  # every page shows it; it is computed once per build
    if site.footer is None:
        site.footer = footer_sentence(ctx)
    return {"site": ctx.config, "url": ctx.url, "assets": asset_urls(ctx.url),
            "top_links": top_links, "nav": site.nav, "dev": site.dev,
            "footer_statement": site.footer}


def sidebar(site: SiteView, folder: str, current: str) -> Markup:
    """The sidebar opened down to `folder`, with the page at `current` marked."""
    return Markup(mark_current(site.sidebars.opened_to(folder), current))


def mark_current(sidebar: str, permalink: str) -> str:
    """Mark the current page's entry (`data-nav` names each entry's permalink)."""
    marker = f'data-nav="{escape(permalink)}"'
    at = sidebar.find(marker)
    if at < 0:
        return sidebar
    item_start = sidebar.rfind("<li class=\"", 0, at)
    link_end = sidebar.find(">", sidebar.find("<a ", at))
    if item_start < 0 or link_end < 0:
        return sidebar
    return (sidebar[:item_start] + '<li class="nav__item--current ' +
            sidebar[item_start + len('<li class="'):link_end] + ' aria-current="page"' +
            sidebar[link_end:])


def render(template: str, **values: Any) -> bytes:
    return environment().get_template(template).render(**values).encode("utf-8")

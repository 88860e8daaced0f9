"""The sidebar's HTML, drawn from the navigation once per shape and reused.

A page's sidebar opens the folders on the way to it (and categories that start open); every
other category looks the same on every page: closed, or open as it starts. So each category is
drawn once in that look and reused, and only the categories on the way to a page are drawn for
it; a whole sidebar is kept by the folder it is opened to. The page's own entry is marked
afterwards (`site.layout.mark_current`).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable

from markupsafe import escape

from braindiet.site.nav import Navigation, NavNode


class SidebarHtml:
    def __init__(self, nav: Navigation, url: Callable[[str], str]) -> None:
        self.nav, self.url = nav, url
        self._resting: dict[str, str] = {}  # folder -> the category off the way to any page
        self._opened_to: dict[str, str] = {}  # folder -> the whole sidebar opened to it

    def opened_to(self, folder: str) -> str:
        """The sidebar with the folders down to `folder` open."""
        html = self._opened_to.get(folder)
        if html is None:
            parts = folder.split("/") if folder else []
            way = {"/".join(parts[:depth]) for depth in range(1, len(parts) + 1)}
            html = ('<nav class="sidebar" id="sidebar" aria-label="Documentation">\n'
                    f"{self._list(self.nav.root.children, way)}\n</nav>\n")
            self._opened_to[folder] = html
        return html

    def _list(self, nodes: Iterable[NavNode], way: Collection[str]) -> str:
        return '<ul class="nav__list">\n' + "".join(self._entry(n, way) for n in nodes) + "</ul>"

    def _entry(self, node: NavNode, way: Collection[str]) -> str:
        if node.folder is None:
            return (f'<li class="nav__item" data-nav="{escape(node.permalink)}"><a href="'
                    f'{escape(self.url(node.permalink))}">{escape(node.label)}</a>'
                    f"{_mark(node)}</li>\n")
        if node.folder in way:
            return self._category(node, way, open_=True)
        resting = self._resting.get(node.folder)
        if resting is None:  # nothing below it is on the way: it looks the same everywhere
            resting = self._category(node, (), open_=node.starts_open)
            self._resting[node.folder] = resting
        return resting

    def _category(self, node: NavNode, way: Collection[str], open_: bool) -> str:
        class_name = f" {escape(node.class_name)}" if node.class_name else ""
        start = f'<li class="nav__category{class_name}" data-nav="{escape(node.permalink)}">'
        link = escape(self.url(node.permalink))
        if not open_:
            return (f'{start}<a class="nav__closed" href="{link}">{escape(node.label)}</a>'
                    f"{_mark(node)}</li>\n")
        return (f'{start}\n<details open>\n<summary><a href="{link}">{escape(node.label)}</a>'
                f"{_mark(node)}</summary>\n{self._list(node.children, way)}\n</details>\n</li>\n")


def _mark(node: NavNode) -> str:
    """What a dev build writes beside a page production leaves out."""
    if not node.mark:
        return ""
    return (f' <span class="nav__mark" title="{escape(node.unpublished)}">'
            f"{escape(node.mark)}</span>")

"""The site's stylesheets and scripts, published under content-hashed names.

Most ship in the package (`site/assets/`), one file per feature so that a page links only
what it uses: every page the global stylesheet, the kinds stylesheet and the scripts for the
theme, menu, search and citation previews; chain pages the local graph; pages with hub panels
(collapsibles written as raw HTML) the script that opens them; the graph view and the
recipe finder their own stylesheet and scripts (and d3-force, the graph view only). The kinds
stylesheet is made here from the kinds table, which pages also carry as JSON for the scripts,
so no script or stylesheet keeps a list of kinds of its own.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources

from markupsafe import Markup

from braindiet.content import kinds
from braindiet.render.components import script, stylesheet

PACKAGED_FILES = (
    "style.css", "explore.css",
    "core.js", "search.js", "citations.js", "local-graph.js", "hub-panels.js",
    "graph-paths.js", "graph-zoom.js", "graph-view.js", "finder.js", "vendor/d3-force.min.js",
)
KINDS_STYLESHEET = "kinds.css"


@dataclass(frozen=True, slots=True)
class Asset:
    name: str  # e.g. style.css
    published: str  # e.g. assets/style.3f9a1c2e.css (deterministic: hash of the content)
    data: bytes


@dataclass(frozen=True, slots=True)
class PageAssets:
    """What a page template links and embeds: `assets["core.js"]` is a published URL,
    `assets.kinds_json` the kinds table for `<script type="application/json">`."""

    urls: Mapping[str, str]
    kinds_json: Markup

    def __getitem__(self, name: str) -> str:
        return self.urls[name]

    def __contains__(self, name: object) -> bool:
        return name in self.urls


def kinds_stylesheet() -> str:
    """Each kind's colour for both themes (`--kind-<kind>`), and `--kind-color` for anything
    marked with its `data-kind`, which the feature stylesheets draw with."""
    rules = [f'[data-kind="{info.kind}"] {{\n  --kind-color: var(--kind-{info.kind});\n}}\n'
             for info in kinds.KINDS if info.light]
    header = "/* made by braindiet from its kinds table (content/kinds.py) */\n"
    return "\n".join([header, kinds.colour_css(), *rules])


@cache
def packaged_assets() -> tuple[Asset, ...]:
    folder = resources.files("braindiet") / "site" / "assets"
    files = [(name, (folder / name).read_bytes()) for name in PACKAGED_FILES]
    files.append((KINDS_STYLESHEET, kinds_stylesheet().encode("utf-8")))
    files += [(name, text.encode("utf-8")) for name, text in _component_bundles() if text]
    return tuple(_published(name, data) for name, data in files)


def _component_bundles() -> list[tuple[str, str]]:
    """The CSS (and JS) of every registered component, each bundled into one file."""
    return [("components.css", stylesheet()), ("components.js", script())]


def _published(name: str, data: bytes) -> Asset:
    stem, suffix = name.rsplit(".", 1)
    digest = hashlib.sha256(data).hexdigest()[:10]
    return Asset(name, f"assets/{stem}.{digest}.{suffix}", data)


@cache
def kinds_json() -> Markup:
    """The kinds table as JSON that cannot end the `<script>` element holding it."""
    text = json.dumps(kinds.browser_table(), ensure_ascii=False, separators=(",", ":"))
    for character, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026")):
        text = text.replace(character, escaped)
    return Markup(text)


def asset_urls(url: Callable[[str], str]) -> PageAssets:
    """The assets a template may name, at the URLs the site's `url` function gives them."""
    return PageAssets({a.name: url(f"/{a.published}") for a in packaged_assets()},
                      kinds_json())

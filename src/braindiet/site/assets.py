"""The stylesheet and script shipped in the package, published under content-hashed names."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cache
from importlib import resources

from braindiet.render.components import script, stylesheet

ASSET_FILES = ("style.css", "app.js", "explore.js", "vendor/d3-force.min.js")


@dataclass(frozen=True, slots=True)
class Asset:
    name: str  # e.g. style.css
    published: str  # e.g. assets/style.3f9a1c2e.css (deterministic: hash of the content)
    data: bytes


@cache
def packaged_assets() -> tuple[Asset, ...]:
    folder = resources.files("braindiet") / "site" / "assets"
    files = [(name, (folder / name).read_bytes()) for name in ASSET_FILES]
    files += [(name, text.encode()) for name, text in _component_bundles() if text]
    assets = []
    for name, data in files:
        stem, suffix = name.rsplit(".", 1)
        digest = hashlib.sha256(data).hexdigest()[:10]
        assets.append(Asset(name, f"assets/{stem}.{digest}.{suffix}", data))
    return tuple(assets)


def _component_bundles() -> list[tuple[str, str]]:
    """The CSS (and JS) of every registered component, each bundled into one file."""
    return [("components.css", stylesheet()), ("components.js", script())]


def asset_urls(url: object) -> dict[str, str]:
    """Template names (`css`, `js`, `components_css`, `components_js` if any) -> published
    URLs, through the site's `url` function."""
    by_name = {a.name: a.published for a in packaged_assets()}
    names = {"css": "style.css", "js": "app.js", "components_css": "components.css",
             "components_js": "components.js"}
    return {key: url(f"/{by_name[name]}") for key, name in names.items()  # type: ignore[operator]
            if name in by_name}

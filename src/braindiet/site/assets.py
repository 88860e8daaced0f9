"""The stylesheet and script shipped in the package, published under content-hashed names."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cache
from importlib import resources

ASSET_FILES = ("style.css", "app.js", "explore.js", "vendor/d3-force.min.js")


@dataclass(frozen=True, slots=True)
class Asset:
    name: str  # e.g. style.css
    published: str  # e.g. assets/style.3f9a1c2e.css (deterministic: hash of the content)
    data: bytes


@cache
def packaged_assets() -> tuple[Asset, ...]:
    folder = resources.files("braindiet") / "site" / "assets"
    assets = []
    for name in ASSET_FILES:
        data = (folder / name).read_bytes()
        stem, suffix = name.rsplit(".", 1)
        digest = hashlib.sha256(data).hexdigest()[:10]
        assets.append(Asset(name, f"assets/{stem}.{digest}.{suffix}", data))
    return tuple(assets)


def asset_urls(url: object) -> dict[str, str]:
    """Template names (`css`, `js`) -> published URLs, through the site's `url` function."""
    by_name = {a.name: a.published for a in packaged_assets()}
    return {"css": url(f"/{by_name['style.css']}"), "js": url(f"/{by_name['app.js']}")}  # type: ignore[operator]

"""Every file the site consists of, by feature: the one list a new kind of output joins.

Each feature module has `producers(site)`, yielding the files it makes. Where two features
would make the same path, the earlier one in this list wins (a page an author wrote at
`/docs/graph` keeps its URL; `check` warns about it).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import partial

from braindiet.site import api, explore, redirects, structures
from braindiet.site.assets import packaged_assets
from braindiet.site.pages import documents, home, listings
from braindiet.site.view import Producer, SiteView


def _assets(site: SiteView) -> Iterable[Producer]:
    for asset in packaged_assets():
        yield Producer(asset.published, partial(_asset_bytes, data=asset.data))


def _asset_bytes(site: SiteView, data: bytes) -> bytes:
    return data


FEATURES: tuple[Callable[[SiteView], Iterable[Producer]], ...] = (
    documents.producers,
    listings.producers,
    home.producers,
    structures.producers,
    api.producers,
    _assets,
    explore.producers,
    redirects.producers,  # last: an old URL never takes the place of a page
)


def producers(site: SiteView) -> list[Producer]:
    """Every file of the site (static/ aside), each with the function making it, by path."""
    made: dict[str, Producer] = {}
    for feature in FEATURES:
        for producer in feature(site):
            made.setdefault(producer.path, producer)
    return sorted(made.values(), key=lambda p: p.path)

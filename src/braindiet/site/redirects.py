"""Redirect pages at old URLs, and `api/redirects.json` listing them.

Each served redirect (see `checks/redirects.py`) becomes a small page at its old URL: a meta
refresh, a canonical link to the new URL, a script that keeps the reader's `#fragment`, and a
visible link for readers whose browser follows neither. Search engines are asked not to index
it; the sitemap and the search index leave it out.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from functools import partial

from braindiet.content.redirects import is_external
from braindiet.site.api import API_ROOT
from braindiet.site.layout import render
from braindiet.site.view import Producer, SiteView, output_path

REDIRECTS_PATH = f"{API_ROOT}/redirects.json"


def producers(site: SiteView) -> Iterable[Producer]:
    for served in site.redirects:
        yield Producer(redirect_path(served.source),
                       partial(redirect_page, source=served.source))
    yield Producer(REDIRECTS_PATH, redirects_json)


def redirect_path(source: str) -> str:
    """`/docs/foods/duckweed` is served from `docs/foods/duckweed/index.html`; an old URL
    naming a file (`/about.html`) from that file."""
    return source.strip("/") if source.endswith(".html") else output_path(source)


def target_url(site: SiteView, target: str) -> str:
    if is_external(target):
        return target
    path, hash_mark, fragment = target.partition("#")
    return site.ctx.url(path) + hash_mark + fragment


def redirect_page(site: SiteView, source: str) -> bytes:
    served = site.redirect(source)
    if served.page is not None:
        site.ctx.page_url(served.page)  # the link shows the page's title
    url = target_url(site, served.target)
    base = (site.ctx.config.url or "").rstrip("/")
    canonical = url if is_external(url) else base + url
    return render("redirect.html.j2", site=site.ctx.config, target=url, canonical=canonical,
                  title=served.page.title if served.page else served.target,
                  keep_hash="#" not in served.target)


def redirects_json(site: SiteView) -> bytes:
    rows = [{"from": r.source, "to": r.target, "url": site.ctx.url(r.source),
             "target_url": target_url(site, r.target),
             "declared_in": r.declared.location} for r in site.all_redirects()]
    text = json.dumps({"redirects": rows}, ensure_ascii=False, sort_keys=True,
                      separators=(",", ":"))
    return (text + "\n").encode("utf-8")

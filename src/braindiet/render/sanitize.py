"""`sanitize = true`: page bodies cleaned by nh3 (the Rust `ammonia` sanitizer) before publishing.

For sites that take outside contributions. Scripts, event handlers, `javascript:` links,
frames and forms go; everything the BRAIN Diet corpora and braindiet's own components use
stays (tests check both corpora: sanitizing removes nothing they use). Off by default: bodies
come from the site's own authors, and `check` warns about active HTML either way.
"""

from __future__ import annotations

import nh3

# Beyond nh3's safe default tags: what components and the corpora's pages use.
TAGS = frozenset(nh3.ALLOWED_TAGS | {"button", "section", "caption", "figure", "figcaption",
                                      "picture", "source", "main", "article", "tfoot"})
GLOBAL_ATTRIBUTES = frozenset({"class", "classname", "id", "title", "lang", "dir", "role",
                               "hidden", "style", "tabindex"})
ATTRIBUTES: dict[str, set[str]] = {
    **{tag: set(names) for tag, names in nh3.ALLOWED_ATTRIBUTES.items()},
    "*": set(GLOBAL_ATTRIBUTES),
}
for _tag, _names in {"a": {"rel", "target", "name"},
                     "img": {"loading", "decoding", "srcset", "sizes"},
                     "source": {"srcset", "type", "media", "sizes"},
                     "button": {"type"}, "details": {"open"}, "li": {"value"},
                     "ol": {"reversed", "type"}, "td": {"scope"}, "time": {"datetime"}}.items():
    ATTRIBUTES.setdefault(_tag, set()).update(_names)
URL_SCHEMES = frozenset({"http", "https", "mailto", "tel"})  # relative URLs are always kept


def sanitize(html: str) -> str:
    """`html` without anything that runs code; comments and legitimate markup kept."""
    return nh3.clean(html, tags=set(TAGS), clean_content_tags={"script", "style"},
                     attributes=ATTRIBUTES, generic_attribute_prefixes={"data-", "aria-"},
                     url_schemes=set(URL_SCHEMES), strip_comments=False, link_rel=None)

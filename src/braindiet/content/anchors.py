"""Heading ids as GitHub and Docusaurus make them, so `#deep-links` keep working."""

from __future__ import annotations

import re
import unicodedata

_REMOVE = re.compile(r"[^\w\- ]", re.UNICODE)


def slugify(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).strip().lower()
    return _REMOVE.sub("", text).replace(" ", "-")


class Slugger:
    """Unique ids within one page: a repeated heading gets `-1`, `-2`, ..."""

    def __init__(self) -> None:
        self._seen: dict[str, int] = {}

    def slug(self, text: str) -> str:
        base = slugify(text) or "section"
        count = self._seen.get(base)
        self._seen[base] = 0 if count is None else count + 1
        return base if count is None else f"{base}-{count + 1}"

"""DOIs: read from the forms people write them in, and the URL they resolve at."""

from __future__ import annotations

import re
from urllib.parse import unquote

DOI_RESOLVER = "https://doi.org/"

_DOI = re.compile(r"10\.\d+(?:\.\d+)*/\S+")
_DOI_PREFIX = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi\.org/|doi:\s*)", re.IGNORECASE)


def normalize_doi(raw: str) -> str | None:
    """`10.<digits>/<suffix>` from a DOI, a `doi:` form or a doi.org URL; None if malformed."""
    text = raw.strip()
    prefix = _DOI_PREFIX.match(text)
    if prefix:
        text = unquote(text[prefix.end():])
    return text if _DOI.fullmatch(text) else None


def doi_url(doi: str) -> str:
    return f"{DOI_RESOLVER}{doi}"

"""References as CSL-JSON, the data citeproc-py formats."""

from __future__ import annotations

import re
from typing import Any

from braindiet.science.bibliography.model import Name, Reference

_CSL_TYPES = {
    "article": "article-journal",
    "book": "book",
    "booklet": "pamphlet",
    "conference": "paper-conference",
    "inbook": "chapter",
    "incollection": "chapter",
    "inproceedings": "paper-conference",
    "manual": "report",
    "mastersthesis": "thesis",
    "online": "webpage",
    "phdthesis": "thesis",
    "proceedings": "book",
    "report": "report",
    "techreport": "report",
    "thesis": "thesis",
    "unpublished": "manuscript",
}


def csl_type(reference: Reference) -> str:
    if reference.entry_type in _CSL_TYPES:
        return _CSL_TYPES[reference.entry_type]
    # @misc: a web page when all we have is a URL, otherwise a generic work
    return "webpage" if reference.url and not reference.doi else "article"


def csl_item(reference: Reference, title: str | None, container: str | None
              ) -> dict[str, Any]:
    """CSL-JSON for one reference (without its id)."""
    item: dict[str, Any] = {"type": csl_type(reference)}
    optional: dict[str, str | None] = {
        "title": title,
        "container-title": container,
        "publisher": reference.publisher,
        "publisher-place": reference.address,
        "collection-title": reference.series,
        "volume": reference.volume,
        "issue": reference.issue,
        # citeproc formats the range itself; it splits on a hyphen
        "page": _csl_pages(reference.pages),
        "DOI": reference.doi,
        "URL": reference.url,
        "ISBN": reference.isbn,
    }
    item.update({key: value for key, value in optional.items() if value})
    # A work with editors and no authors is listed under its editors, "(Eds.)" added later:
    # citeproc-py would print the editors twice.
    authors = reference.authors or reference.editors
    if authors:
        item["author"] = [_csl_name(n) for n in authors]
    if reference.editors and reference.authors:
        item["editor"] = [_csl_name(n) for n in reference.editors]
    if reference.year is not None:
        date = [reference.year, reference.month] if reference.month else [reference.year]
        item["issued"] = {"date-parts": [date]}
    if reference.accessed and reference.year is None:
        year, month, day = (int(part) for part in reference.accessed.split("-"))
        item["accessed"] = {"date-parts": [[year, month, day]]}
    return item


def _csl_pages(pages: str | None) -> str | None:
    """Pages as citeproc reads them (hyphen ranges); `e549–e549` is one page."""
    if not pages:
        return None
    first, dash, last = pages.partition("–")
    return first if dash and first.strip() == last.strip() else pages.replace("–", "-")


def _csl_name(name: Name) -> dict[str, str]:
    if name.is_literal:
        return {"literal": name.family}
    csl = {"family": name.family, "given": _initialisable(name.given),
           "non-dropping-particle": name.particle, "suffix": name.suffix}
    return {key: value for key, value in csl.items() if value}


_HYPHENS = re.compile(r"[\u2010\u2011]")


def _initialisable(given: str) -> str:
    """A given name citeproc-py can initialise: it takes a lower-case part after a hyphen
    for a particle ("Si-di" became "S.-. di ."); APA writes "S.-D."."""
    given = _HYPHENS.sub("-", given)
    return re.sub(r"-([^\W\d_])", lambda m: "-" + m.group(1).upper(), given)


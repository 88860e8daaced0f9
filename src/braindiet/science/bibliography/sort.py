"""The order of the references page (the BibTexReferences component's sortBy / sortDirection)."""

from __future__ import annotations

import re
import unicodedata
from typing import Any, Literal

from braindiet.science.bibliography.model import Bibliography, Reference

SortField = Literal["year", "author", "title", "key"]
SortDirection = Literal["asc", "desc"]


def sort_keys(bibliography: Bibliography, by: SortField = "year",
              direction: SortDirection = "asc") -> list[str]:
    """Keys ordered by one field; ties go by author, year, title, then key, always ascending.

    A work without author or editor sorts by its title, as in an APA list. Entries lacking
    the field (no year, no title) come last in either direction.
    """
    if by not in ("year", "author", "title", "key"):
        raise ValueError(f"cannot sort references by {by!r}")
    if direction not in ("asc", "desc"):
        raise ValueError(f"sort direction must be 'asc' or 'desc', not {direction!r}")
    tie_broken = sorted(bibliography, key=_tie_break)
    present = [r for r in tie_broken if _primary(r, by) is not None]
    absent = [r for r in tie_broken if _primary(r, by) is None]
    # sorted() is stable, also with reverse=True: ties keep the tie-break order
    ordered = sorted(present, key=lambda r: _primary(r, by), reverse=direction == "desc")
    return [r.key for r in ordered + absent]


def _primary(reference: Reference, by: SortField) -> Any:
    if by == "year":
        return reference.year
    if by == "author":
        return _author_key(reference) or None
    if by == "title":
        return _fold(reference.title) if reference.title else None
    return reference.key.casefold()


def _tie_break(reference: Reference) -> tuple[str, int, str, str]:
    return (_author_key(reference), reference.year or 0, _fold(reference.title or ""),
            reference.key)


def _author_key(reference: Reference) -> str:
    """As APA orders a reference list: by the names, or by the title standing in for them."""
    names = reference.authors or reference.editors
    if not names:
        return _fold(reference.title or "")
    return " ".join(_fold(f"{n.particle} {n.family} {n.given}") for n in names)


def _fold(text: str) -> str:
    """Case- and accent-insensitive sort text: Ö sorts with O."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^\w\s]", "", bare).casefold().split())


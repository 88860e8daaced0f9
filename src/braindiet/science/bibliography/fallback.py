"""APA 7 written without citeproc-py, for the references it cannot format."""

from __future__ import annotations

import re

from braindiet.science.bibliography.doi import doi_url
from braindiet.science.bibliography.markup import MARKERS, unmarked
from braindiet.science.bibliography.model import Name, Reference


def simple_apa(reference: Reference, title: str | None, container: str | None) -> str:
    """APA 7 for what citeproc-py cannot do: works without author, and entries it rejects.

    Without an author the title takes the author's place (APA 9.12); works that stand alone
    (no container) have their title in italics.
    """
    italic_open, italic_close = MARKERS["i"]
    date = f"({reference.year})." if reference.year else "(n.d.)."
    shown_title = _with_period(title or "[Untitled]")
    if not container and title:
        shown_title = f"{italic_open}{shown_title[:-1]}{italic_close}{shown_title[-1]}"
    authors = _simple_authors(reference.authors or reference.editors)
    if authors:
        if not reference.authors:
            authors += " (Ed.)." if len(reference.editors) == 1 else " (Eds.)."
        parts = [_with_period(authors), date, shown_title]
    else:
        parts = [shown_title, date]
    if container:
        source = f"{italic_open}{container}{italic_close}"
        if reference.volume:
            source += f", {italic_open}{reference.volume}{italic_close}"
        if reference.issue:
            source += f"({reference.issue})"
        if reference.pages:
            source += f", {reference.pages}"
        parts.append(f"{source}.")
    elif reference.publisher:
        parts.append(_with_period(reference.publisher))
    if reference.doi:
        parts.append(doi_url(reference.doi))
    elif reference.url and reference.accessed and reference.year is None:
        parts.append(f"Retrieved {_long_date(reference.accessed)}, from {reference.url}")
    elif reference.url:
        parts.append(reference.url)
    return " ".join(parts)


_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")


def _long_date(iso: str) -> str:
    year, month, day = (int(part) for part in iso.split("-"))
    return f"{_MONTHS[month - 1]} {day}, {year}"


def _with_period(text: str) -> str:
    return text if unmarked(text).endswith((".", "?", "!")) else f"{text}."


def _simple_authors(names: tuple[Name, ...]) -> str:
    shown = []
    for name in names:
        if name.is_literal:
            shown.append(name.family)
            continue
        initials = " ".join(f"{part[0]}." for part in re.split(r"[\s.]+", name.given) if part)
        family = " ".join(part for part in (name.particle, name.family) if part)
        shown.append(f"{family}, {initials}" if initials else family)
    if len(shown) <= 1:
        return "".join(shown)
    return f"{', '.join(shown[:-1])}, & {shown[-1]}"


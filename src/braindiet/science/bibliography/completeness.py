"""Entries too incomplete to be published as references as they stand.

Reference managers leave such entries behind when an import half fails: a PubMed number
(`22214254`) or an identifier (`pmc_5620801`, `citation_ris`) where the title should be, no
title at all ("[Untitled]"), or neither an author nor a year to cite it by. They stay in the
bibliography, so the pages citing them still resolve, but `check` and `refs` name them and
the references page marks them as incomplete.
"""

from __future__ import annotations

import re

from braindiet.science.bibliography.model import Reference

_PUBMED_NUMBER = re.compile(r"(?:PMID\s*:?\s*)?\d{5,9}", re.IGNORECASE)
_IDENTIFIER = re.compile(r"[a-z]+_[a-z0-9_]+|PMC\s*\d{5,9}", re.IGNORECASE)
_UNTITLED = re.compile(r"\[?\s*(?:untitled|no title)\s*\]?", re.IGNORECASE)

NO_TITLE = "it has no title"


def incomplete_reasons(reference: Reference) -> tuple[str, ...]:
    """Why the entry cannot stand as a reference ((): it can)."""
    reasons: list[str] = []
    title = " ".join((reference.title or "").split())
    if not title or _UNTITLED.fullmatch(title):
        reasons.append(NO_TITLE)
    elif _PUBMED_NUMBER.fullmatch(title):
        reasons.append(f"its title is a PubMed number ({title})")
    elif _IDENTIFIER.fullmatch(title):
        reasons.append(f"its title is an identifier ({title}), not the work's title")
    if not (reference.authors or reference.editors) and reference.year is None:
        reasons.append("it has neither an author nor a year")
    return tuple(reasons)

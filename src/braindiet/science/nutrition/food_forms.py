"""What a food page's own words say about the food's form, and whether its record agrees.

A record describes one form of a food: "Seaweed, spirulina, raw" has a tenth of the iron of
"Seaweed, spirulina, dried". A page that talks only of the powder while naming the raw record
publishes the wrong food's figures, so `check` reports it (`nutrition-form-mismatch`), and the
matcher reads the same words to choose among forms (`PageContext`).

The prose is the page's title, description and body text, without component and import lines
and without its reference list (paper titles say "dried" about other things).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from braindiet.content.document import Document
from braindiet.science.nutrition.matching import FORM_GROUPS, PageContext, tokens

_CODE_LINE = re.compile(r"^\s*(<|import\s|export\s)")
_REFERENCES = re.compile(r"^#{1,6}\s*(references|bibliography|sources)\b", re.IGNORECASE)
# "dry" is left out of what a page claims: "dry skin", "a dry climate" say nothing of the food
_CLAIMS = {"raw": FORM_GROUPS["raw"], "dried": FORM_GROUPS["dried"] - {"dry"}}
# what a record's description says of its form; "uncooked" is not raw ("Figs, dried, uncooked")
_PULSES = {"mature", "lentil", "bean", "chickpea", "pea", "lupin", "soybean"}
_RECORDED = {"raw": frozenset({"raw", "fresh"}), "dried": FORM_GROUPS["dried"]}


def prose_lines(page: Document) -> Iterator[tuple[int | None, str]]:
    """(file line, text) of the page's own words about the food."""
    yield page.line_of("title"), page.title
    if page.description:
        yield page.line_of("description"), page.description
    for offset, line in enumerate(page.body.splitlines()):
        if _REFERENCES.match(line):
            return
        if not _CODE_LINE.match(line):
            yield page.body_start_line + offset, line


def page_context(page: Document) -> PageContext:
    """The words and forms of the page's prose, for the matcher."""
    return PageContext.of("\n".join(text for _line, text in prose_lines(page)))


@dataclass(frozen=True, slots=True)
class FormClaim:
    form: str  # "raw" | "dried"
    word: str  # the word the page uses: "powder"
    line: int | None  # where it first says it


def form_claims(page: Document) -> dict[str, FormClaim]:
    """The forms the page's prose names (raw/fresh, dried/powder), each with its first mention."""
    claims: dict[str, FormClaim] = {}
    for line, text in prose_lines(page):
        for word in tokens(text):
            for form, names in _CLAIMS.items():
                if word in names and form not in claims:
                    claims[form] = FormClaim(form, word, line)
    return claims


def form_mismatch(page: Document, record_description: str) -> tuple[str, FormClaim] | None:
    """(the record's form, the page's claim) when the page speaks only of a form its record is
    not in: the powder against a raw record, or fresh produce against a dried one."""
    claims = form_claims(page)
    if len(claims) != 1:  # silent, or both forms named ("fresh or powdered"): nothing to say
        return None
    claim = next(iter(claims.values()))
    words = set(tokens(record_description))
    recorded = {form for form, names in _RECORDED.items() if names & words}
    if "dried" in recorded and words & {"seed", "spice", "nut"}:
        recorded.discard("dried")  # a dried seed or spice is the ordinary one, not a product
        if claim.form == "raw":
            return None
    if "raw" in recorded and words & _PULSES:
        recorded.add("dried")  # USDA's raw pulses are the dry ones: "Lentils, raw"
    if claim.form in recorded or not recorded:
        return None
    return ("/".join(sorted(recorded)), claim)

"""APA sentence case for titles written in title case.

APA writes titles of works in sentence case. Zotero's BibTeX export braces every capitalised
word, so braces say nothing about proper nouns and are ignored. Only titles clearly in title
case are converted; inside them a word keeps its capital when it is an acronym or has inner
capitals, starts the title or a subtitle, is possessive (Alzheimer's), is in italics, is a
genus before a species name (Oxalobacter formigenes), is a known proper noun, or is written
with a capital inside sentence-case titles of the same bibliography and never without.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from braindiet.science.bibliography.markup import MARKERS, unmarked

_LETTERS = re.compile(r"[^\W\d_]+")


def _word_set(words: str) -> frozenset[str]:
    return frozenset(words.split())


# Proper nouns likely in nutrition titles. Extend as titles need.
_PROPER_NOUNS = _word_set("""
    Africa African America American Asia Asian Australia Australian Brazil Brazilian
    Britain British Canada Canadian China Chinese Denmark Danish England English Europe European
    Finland Finnish France French Germany German Greece Greek India Indian Iran Iranian Italy
    Italian Japan Japanese Korea Korean Malawi Malawian Mediterranean Nordic Norway Norwegian
    Spain Spanish Sweden Swedish Taiwan Taiwanese Western Eastern Adventist Christian
    Alzheimer Parkinson Huntington Crohn Asperger Hashimoto Wernicke Korsakoff Maillard
    Akkermansia Bacteroides Bifidobacterium Clostridium Escherichia Faecalibacterium
    Lactobacillus Lactiplantibacillus Lacticaseibacillus Limosilactobacillus Levilactobacillus
    Prevotella Ruminococcus Saccharomyces Streptococcus Oxalobacter Roseburia Helicobacter
    January February March April June July August September October November December
    Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec
""")
_FUNCTION_WORDS = _word_set("""
    a an and as at but by for from in into nor of on onto or over per so than that the then
    to up upon via vs versus with within without among between during through toward towards
""")
_SUBTITLE_BREAK = re.compile(r"(?:[:?!.]|\s[—–-])[\s\"'“‘(\[]*$")


def _is_capitalised(word: str) -> bool:
    return len(word) > 1 and word[0].isupper() and word[1:].islower()


def _capital_ratio(title: str) -> float:
    found: list[str] = _LETTERS.findall(unmarked(title))
    words = [w for w in found[1:] if len(w) > 3 and not w.isupper()]
    if not words:
        return 0.0
    return sum(w[0].isupper() for w in words) / len(words)


def is_title_case(title: str) -> bool:
    """Most content words capitalised: the title was written in title case."""
    return _capital_ratio(title) > 0.5


def learn_proper_nouns(titles: Iterable[str]) -> frozenset[str]:
    """Words capitalised inside sentence-case titles and never written in lower case."""
    capitalised: set[str] = set()
    lowered: set[str] = set()
    for title in titles:
        plain = unmarked(title)
        sentence_like = _capital_ratio(plain) <= 0.25
        for match in _LETTERS.finditer(plain):
            word = match.group()
            if word.islower():
                lowered.add(word)
            elif sentence_like and _is_capitalised(word) and not _starts_sentence(
                    plain, match.start()):
                capitalised.add(word)
    return frozenset(w for w in capitalised if w.lower() not in lowered)


def sentence_case(title: str, proper_nouns: Iterable[str] = ()) -> str:
    """APA sentence case for a title-case title; any other title is returned unchanged."""
    if not is_title_case(title):
        return title
    keep = _PROPER_NOUNS | frozenset(proper_nouns)
    italic_open, italic_close = MARKERS["i"]
    matches = list(_LETTERS.finditer(title))
    pieces: list[str] = []
    position = 0
    for index, match in enumerate(matches):
        word = match.group()
        following = matches[index + 1] if index + 1 < len(matches) else None
        in_italics = title.rfind(italic_open, 0, match.start()) > title.rfind(
            italic_close, 0, match.start())
        pieces.append(title[position:match.start()])
        if in_italics or _keeps_capital(title, match, following, keep):
            pieces.append(word)
        else:
            pieces.append(word.lower())
        position = match.end()
    pieces.append(title[position:])
    return "".join(pieces)


def _keeps_capital(title: str, match: re.Match[str], following: re.Match[str] | None,
                   keep: frozenset[str]) -> bool:
    word = match.group()
    if not _is_capitalised(word) or word in keep:
        return True
    if _starts_sentence(title, match.start()):
        return True
    if unmarked(title[match.end():match.end() + 3])[:2] in ("'s", "’s"):
        return True  # possessive eponym: Alzheimer's disease
    if following is None or title[match.end():following.start()] != " ":
        return False
    species = following.group()
    return species.islower() and len(species) > 3 and species not in _FUNCTION_WORDS


def _starts_sentence(title: str, start: int) -> bool:
    before = unmarked(title[:start])
    if not before.strip(" \"'“‘(["):
        return True
    return bool(_SUBTITLE_BREAK.search(before)) and before[-1:] in " \"'“‘(["


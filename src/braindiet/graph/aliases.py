"""One index from every name a page goes by to the page, so no component matches strings itself.

Names drift: `Coenzyme Q10 (CoQ10)` is tagged `CoQ10`, `Vitamin B9 (Folate; 5-MTHF)` is tagged
`Vitamin B9`, tags.yml maps `Beta-Carotene` to the label `β-Carotene`. Each name is indexed with
a strength: a page's full title or label beats the part before a parenthesis, which beats a
synonym inside it. A name is resolved at its strongest level only; if two pages share that
level the name is ambiguous and is reported, never guessed.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from enum import IntEnum
from functools import lru_cache

from braindiet.content.document import Document, name_variants
from braindiet.content.tags import TagRegistry


class Strength(IntEnum):
    FULL_NAME = 0  # title, sidebar label, first heading; a declared tag key/label of the page
    BEFORE_PARENTHESIS = 1
    SYNONYM = 2  # a `;`-separated part inside a parenthesis


# Every page's names and tags pass through here many times; a 100,000-page site has a few
# hundred thousand of them, and a smaller cache would keep evicting what it is asked next.
@lru_cache(maxsize=1 << 19)
def normalize(name: str) -> str:
    """Case, accents, Greek beta, dashes and spacing do not make a different name."""
    text = unicodedata.normalize("NFKC", name).replace("β", "beta").replace("’", "'")
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    text = re.sub(r"[\s\-_/‐‑–—]+", " ", text)
    return text.strip()


@dataclass(frozen=True, slots=True)
class Resolution:
    """What a name means: one page, several (ambiguous), or none."""

    name: str
    pages: tuple[Document, ...]

    @property
    def page(self) -> Document | None:
        return self.pages[0] if len(self.pages) == 1 else None

    @property
    def ambiguous(self) -> bool:
        return len(self.pages) > 1


ExtraNames = dict[Document, list[tuple[str, Strength]]]


class AliasIndex:
    """`extra` adds names a page answers to beyond its own title and tags: the ontology's ids
    and hub names, a registry entry's name (graph/ontology.py, graph/registry.py)."""

    def __init__(self, documents: list[Document], tags: TagRegistry,
                 extra: ExtraNames | None = None) -> None:
        self._tags = tags
        self._entries: dict[str, dict[Strength, list[Document]]] = defaultdict(
            lambda: defaultdict(list))
        for document in documents:
            if document.is_section:
                continue  # a folder's landing page is not a thing pages can contain or support
            for name, strength in [*_page_names(document), *(extra or {}).get(document, [])]:
                bucket = self._entries[normalize(name)][strength]
                if document not in bucket:
                    bucket.append(document)
        self._declare_tag_aliases(documents)

    def _declare_tag_aliases(self, documents: list[Document]) -> None:
        """A declared tag whose key or label names a page also names it by the other."""
        for tag in self._tags.declared:
            owners = self._lookup(tag.label) or self._lookup(tag.key)
            if len(owners) != 1:
                continue
            for name in (tag.key, tag.label):
                bucket = self._entries[normalize(name)][Strength.FULL_NAME]
                if owners[0] not in bucket:
                    bucket.append(owners[0])

    def _lookup(self, name: str) -> list[Document]:
        levels = self._entries.get(normalize(name))
        if not levels:
            return []
        return list(levels[min(levels)])

    def resolve(self, name: str) -> Resolution:
        """The page(s) a name means, trying the name itself and then its tags.yml twin."""
        candidates = self._lookup(name)
        if not candidates:
            declared = self._tags.get(name)
            if declared is not None:
                other = declared.label if declared.key == name else declared.key
                candidates = self._lookup(other)
        if len(candidates) > 1:
            candidates = _prefer_self_tagged(name, candidates)
        return Resolution(name, tuple(sorted(candidates, key=lambda d: d.permalink)))

    def names(self) -> list[str]:
        return sorted(self._entries)


def _page_names(document: Document) -> list[tuple[str, Strength]]:
    names: list[tuple[str, Strength]] = []
    for full in (document.meta.title, document.meta.sidebar_label, document.first_heading):
        if not full:
            continue
        variants = name_variants(full)
        names.append((variants[0], Strength.FULL_NAME))
        outside = _before_parenthesis(full)
        for variant in variants[1:]:
            strength = Strength.BEFORE_PARENTHESIS if variant == outside else Strength.SYNONYM
            names.append((variant, strength))
    return names


def _before_parenthesis(name: str) -> str:
    return re.sub(r"\s*\([^()]*\)\s*", " ", name).strip()


def _prefer_self_tagged(name: str, candidates: list[Document]) -> list[Document]:
    """Among equally named pages, the one that carries the name as its own tag wins."""
    wanted = normalize(name)
    tagged = [d for d in candidates if any(normalize(t) == wanted for t in d.tags)]
    return tagged if len(tagged) == 1 else candidates

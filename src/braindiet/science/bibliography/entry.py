"""One BibTeX entry read into a `Reference`: fields cleaned, checked, and normalised."""

from __future__ import annotations

import html
import re
from typing import Any

from bibtexparser.middlewares.names import NameParts
from bibtexparser.model import Entry

from braindiet.diagnostics import Diagnostic, warning
from braindiet.science.bibliography.completeness import NO_TITLE, incomplete_reasons
from braindiet.science.bibliography.doi import normalize_doi
from braindiet.science.bibliography.markup import MARKERS, marked_to_html, unmarked
from braindiet.science.bibliography.model import Name, Reference


def reference_of(entry: Entry, file: str) -> tuple[Reference, list[Diagnostic]]:
    """The reference an entry stands for, and what is wrong with its fields."""
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
        title=unmarked(marked_title) if marked_title else None,
        title_html=marked_to_html(marked_title) if marked_title else None,
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
    problems.extend(_incomplete(reference, reported_untitled=marked_title is None))
    return reference, problems


def _incomplete(reference: Reference, reported_untitled: bool) -> list[Diagnostic]:
    reasons = [reason for reason in incomplete_reasons(reference)
               if not (reported_untitled and reason == NO_TITLE)]  # bib-missing-title says it
    if not reasons:
        return []
    return [warning("bib-incomplete-entry", f"'{reference.key}' is too incomplete to stand as a "
                    f"reference: {'; '.join(reasons)}; the references page marks it",
                    reference.file, reference.line,
                    hint="complete it from its source (title, authors, year), or remove it "
                         "if no page cites it")]


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
    opening, closing = MARKERS[tag]
    return closing if match.group(0).startswith("</") else opening


def _plain(value: object) -> str | None:
    text = _rich_text(value)
    return unmarked(text) if text else None


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


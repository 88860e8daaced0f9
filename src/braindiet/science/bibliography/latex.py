"""LaTeX in BibTeX field values decoded to text, inline formatting kept as markers.

The decoding is bibtexparser's middleware with pylatexenc, adjusted where its output is not
what a reader should see (`DecodeLatex` says how and why).
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from typing import Any

from bibtexparser import middlewares as bm
from bibtexparser.exceptions import PartialMiddlewareException
from bibtexparser.library import Library
from bibtexparser.middlewares.names import NameParts
from bibtexparser.model import Block, Entry, MiddlewareErrorBlock
from pylatexenc import latexwalker
from pylatexenc.latex2text import LatexNodes2Text, MacroTextSpec
from pylatexenc.latex2text import get_default_latex_context_db as latex2text_context
from pylatexenc.macrospec import MacroSpec

from braindiet.science.bibliography.markup import MARKERS, unmarked

NAME_FIELDS = ("author", "editor")
# The fields a reference shows. The rest (abstracts, keywords, file paths) is never decoded:
# decoding is slow, and in URLs `%` would start a LaTeX comment and `~` become a space.
DECODED_FIELDS = frozenset({
    "title", "journal", "journaltitle", "booktitle", "publisher", "institution", "school",
    "organization", "address", "location", "series", "volume", "number", "issue", "pages",
    "year", "date", "isbn",
})
_LATEX_SYNTAX = re.compile(r"[\\{}$~%&#^_]|--|``|''|!`|\?`")
# `$_{6}$` (how Zotero writes B6) becomes \textsubscript{6}; likewise superscripts.
_MATH_SCRIPT = re.compile(
    r"\s*\$\s*([_^])\s*(\{(?:[^{}]|\{(?:[^{}]|\{[^{}]*\})*\})*\}|\w)\s*\$")
# pylatexenc turns ``double'' quotes into “double” but leaves `single' ones alone. The ' that
# closes a ` is the first one not followed by a letter or digit (so "`it's here'" keeps its
# apostrophe); other apostrophes stay as written, like everywhere else in the bibliography.
_SINGLE_QUOTED = re.compile(r"`([^`]*?)'(?![^\W_])")
# Most values that hold LaTeX hold only what Zotero writes: capitals kept in braces ("{ADHD}"),
# page ranges ("12--34") and an escaped ampersand. Those are decoded without the parser.
_BRACES_DASHES_AMPERSANDS = re.compile(r"(?:[^\\$~%&#^_`']|\\&|'(?!'))*")
_DASHES = re.compile(r"---?")


class DecodeLatex(bm.LatexDecodingMiddleware):
    """The library's LaTeX decoding, restricted and extended.

    - Only the fields a reference shows are decoded (see `DECODED_FIELDS`).
    - Split names are decoded too: the library leaves lists of NameParts alone.
    - Italics, sub- and superscripts survive as markers (`MARKERS`) instead of vanishing:
      species names, `in vitro`, B<sub>12</sub>.
    - `single quotes' become ‘single quotes’, as LaTeX typesets them.
    - Plain strings skip the decoder, which costs ~0.2 ms a call; so do strings holding only
      braces, dashes and `\\&` (`decode_latex`), and each distinct string is decoded once.
    """

    def __init__(self) -> None:
        super().__init__(decoder=_latex_decoder())

    def transform_entry(self, entry: Entry, library: Library) -> Block:
        errors: list[str] = []
        for entry_field in entry.fields:
            value = entry_field.value
            if entry_field.key in DECODED_FIELDS and isinstance(value, str):
                enclosing = entry_field.enclosing
                entry_field.value = self._decode(value, errors)
                entry_field.enclosing = enclosing
            elif entry_field.key in NAME_FIELDS and isinstance(value, list):
                for parts in value:
                    if isinstance(parts, NameParts):
                        self._decode_name(parts, errors)
        if errors:
            return MiddlewareErrorBlock(entry, PartialMiddlewareException(errors))
        return entry

    def _decode(self, value: str, errors: list[str]) -> str:
        text = unmarked(value)
        if _LATEX_SYNTAX.search(text):
            text, problem = decode_latex(text)
            if problem:
                errors.append(problem)
        # after decoding, so that the grave accent of \`a is gone and a ` is always a quote
        return _typographic_quotes(text) if "`" in text else text

    def _decode_name(self, parts: NameParts, errors: list[str]) -> None:
        parts.first = [unmarked(self._decode(word, errors)) for word in parts.first]
        parts.von = [unmarked(self._decode(word, errors)) for word in parts.von]
        parts.last = [unmarked(self._decode(word, errors)) for word in parts.last]
        parts.jr = [unmarked(self._decode(word, errors)) for word in parts.jr]


# Titles, journals and name parts repeat across entries: each distinct value is decoded once.
@lru_cache(maxsize=8192)
def decode_latex(text: str) -> tuple[str, str]:
    """`text` (holding LaTeX syntax) as plain text with markers, and an error message or ""."""
    if _BRACES_DASHES_AMPERSANDS.fullmatch(text):
        return _decode_braces_dashes_ampersands(text), ""
    return decode_latex_with_parser(text)


def decode_latex_with_parser(text: str) -> tuple[str, str]:
    scripted = _MATH_SCRIPT.sub(_math_script_to_macro, text)
    try:
        return _latex_decoder().latex_to_text(scripted), ""
    except Exception as exc:  # as bibtexparser's middleware: the value stays as written
        return scripted, str(exc)


def _decode_braces_dashes_ampersands(text: str) -> str:
    """What pylatexenc makes of such text: braces dropped (a brace also ends a dash: `-{-}` is
    two hyphens), `---` an em dash, `--` an en dash, `\\&` an ampersand."""
    return "".join(_DASHES.sub(_dash, part).replace("\\&", "&")
                   for part in re.split(r"[{}]", text))


def _dash(match: re.Match[str]) -> str:
    return "\u2014" if len(match.group(0)) == 3 else "\u2013"


def _typographic_quotes(text: str) -> str:
    return _SINGLE_QUOTED.sub("‘\\1’", text).replace("`", "‘")


def _math_script_to_macro(match: re.Match[str]) -> str:
    macro = "textsubscript" if match.group(1) == "_" else "textsuperscript"
    argument = match.group(2)
    return f"\\{macro}{argument if argument.startswith('{') else '{' + argument + '}'}"


class _LatexToText(LatexNodes2Text):  # type: ignore[misc]  # pylatexenc has no types
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


@cache
def _latex_decoder() -> LatexNodes2Text:
    italic_open, italic_close = MARKERS["i"]
    sup_open, sup_close = MARKERS["sup"]
    sub_open, sub_close = MARKERS["sub"]
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

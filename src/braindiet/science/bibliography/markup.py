"""Inline formatting markers: italics, bold, sub- and superscripts, small caps inside text.

Styled runs (from \\textit, <em>, citeproc's italics) travel as private-use characters so
that text can be escaped once at the end and the markers then turned into tags (or dropped
for plain text). Field values are stripped of these characters on the way in.
"""

from __future__ import annotations

import html

MARKERS = {
    "i": ("\ue000", "\ue001"),
    "b": ("\ue002", "\ue003"),
    "sup": ("\ue004", "\ue005"),
    "sub": ("\ue006", "\ue007"),
    "span": ("\ue008", "\ue009"),  # small caps
}
_MARKER_TABLE = str.maketrans("", "", "".join(o + c for o, c in MARKERS.values()))
_TAG_OPENINGS = {"span": '<span style="font-variant:small-caps">'}


def unmarked(text: str) -> str:
    """The text without its markers: plain text."""
    return text.translate(_MARKER_TABLE)


def marked_to_html(marked: str) -> str:
    """Escaped HTML with the markers turned into tags."""
    escaped = html.escape(marked, quote=False)
    for tag, (opening, closing) in MARKERS.items():
        escaped = escaped.replace(opening, _TAG_OPENINGS.get(tag, f"<{tag}>"))
        escaped = escaped.replace(closing, f"</{tag}>")
    return escaped


def html_to_marked(markup: str) -> str:
    """`marked_to_html` undone."""
    for tag, (opening, closing) in MARKERS.items():
        markup = markup.replace(_TAG_OPENINGS.get(tag, f"<{tag}>"), opening)
        markup = markup.replace(f"</{tag}>", closing)
    return html.unescape(markup)

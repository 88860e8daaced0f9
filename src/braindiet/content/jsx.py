"""Raw HTML written the JSX way, as MDX pages do, turned into the HTML a browser understands.

In an MDX page `<div className="note" style={{marginTop: 8}}>` is JSX: the browser would ignore
`className` and choke on the braces. React would have written `class="note"` and
`style="margin-top: 8px"`; so does this module, tag by tag. A tag with nothing JSX-only in it is
returned exactly as written.
"""

from __future__ import annotations

import re

from braindiet.content import jsdata
from braindiet.content.attributes import (
    ComponentSyntaxError,
    Expression,
    find_tag_end,
    parse_attributes,
)

_TAG = re.compile(r"<([a-z][a-z0-9]*(?:-[a-z0-9]+)*)(?=[\s/>])")
_JSX_ONLY = re.compile(r"\bclassName\s*=|\bhtmlFor\s*=|=\s*\{")
RENAMED = {"className": "class", "htmlFor": "for", "xlinkHref": "xlink:href"}
# React writes these numbers as they are; any other number in a style is a length in px.
UNITLESS = frozenset({
    "animationIterationCount", "aspectRatio", "borderImageOutset", "borderImageSlice",
    "borderImageWidth", "columnCount", "columns", "flex", "flexGrow", "flexShrink",
    "flexOrder", "flexPositive", "flexNegative", "gridArea", "gridRow", "gridRowEnd",
    "gridRowSpan", "gridRowStart", "gridColumn", "gridColumnEnd", "gridColumnSpan",
    "gridColumnStart", "fontWeight", "lineClamp", "lineHeight", "opacity", "order", "orphans",
    "scale", "tabSize", "widows", "zIndex", "zoom", "fillOpacity", "floodOpacity",
    "stopOpacity", "strokeDasharray", "strokeDashoffset", "strokeMiterlimit", "strokeOpacity",
    "strokeWidth"})


def has_jsx(html: str) -> bool:
    return _JSX_ONLY.search(html) is not None


def jsx_to_html(html: str) -> str:
    """Every start tag in `html` with JSX attributes, rewritten as HTML."""
    if not has_jsx(html):
        return html
    out: list[str] = []
    position = 0
    for match in _TAG.finditer(html):
        if match.start() < position:
            continue  # inside a tag already rewritten
        end = find_tag_end(html, match.end())
        if end < 0:
            break
        rewritten = html_tag(match.group(1), html[match.end() : end - 1])
        if rewritten is not None:
            out.append(html[position : match.start()])
            out.append(rewritten)
            position = end
    out.append(html[position:])
    return "".join(out)


def html_tag(name: str, attribute_text: str) -> str | None:
    """`<name ...>` with its attributes in HTML syntax; None when nothing needs changing or the
    attributes cannot be read (the tag is then left as written)."""
    if not has_jsx(attribute_text):
        return None
    text = attribute_text.rstrip()
    closing = "/" if text.endswith("/") else ""
    try:
        attributes = parse_attributes(text[:-1] if closing else text)
    except ComponentSyntaxError:
        return None
    written = []
    for key, value in attributes.items():
        rendered = _attribute(key, value)
        if rendered:
            written.append(rendered)
    inside = " ".join([name, *written])
    return f"<{inside} {closing}>" if closing else f"<{inside}>"


def _attribute(key: str, value: object) -> str:
    name = RENAMED.get(key, key)
    if value is True:
        return name
    if value is False or value is None:
        return ""
    if isinstance(value, Expression):
        if key != "style":
            return ""  # a JavaScript expression: nothing to show without running it
        css = style_text(value.source)
        return f'style="{_quoted(css)}"' if css else ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return f'{name}="{_quoted(str(value))}"'


def _quoted(value: str) -> str:
    """The value inside double quotes; entities written in it stay as written, as in JSX."""
    return value.replace('"', "&quot;").replace("<", "&lt;")


def style_text(source: str) -> str:
    """`{ marginTop: 8, color: 'red' }` -> `margin-top: 8px; color: red` (as React writes it)."""
    try:
        tokens = jsdata.tokenize(source)
        value, end = jsdata.parse_value(tokens, 0) if tokens else (None, 0)
    except jsdata.JsSyntaxError:
        return ""
    if not isinstance(value, jsdata.Object) or end != len(tokens):
        return ""
    declarations = []
    for key, item in value.entries.items():
        if not isinstance(item, jsdata.Literal) or item.value is None or \
                isinstance(item.value, bool):
            continue
        text = item.value
        if isinstance(text, float):
            number = str(int(text)) if text.is_integer() else repr(text)
            unitless = key in UNITLESS or key.startswith("--") or text == 0
            text = number if unitless else f"{number}px"
        declarations.append(f"{css_property(key)}: {text}")
    return "; ".join(declarations)


def css_property(key: str) -> str:
    """`fontSize` -> `font-size`, `WebkitTransition` -> `-webkit-transition`, `msFlex` ->
    `-ms-flex`; custom properties (`--accent`) stay as they are."""
    if key.startswith("--") or "-" in key:
        return key
    if key.startswith("ms") and key[2:3].isupper():
        key = "Ms" + key[2:]
    return re.sub(r"[A-Z]", lambda m: "-" + m.group(0).lower(), key)

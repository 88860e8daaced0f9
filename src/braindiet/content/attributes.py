"""JSX attribute syntax, shared by MDX components and by raw HTML written the JSX way.

`a="x"`, `a='x'`, `a={expr}` and a bare `a` (true); a `{...}` value that is a plain literal
(`{3}`, `{"x"}`, `{true}`) is read as that literal, anything else is kept as an `Expression`.
An expression that is an array or object literal (`items={[{"href": "/x", "label": "X"}]}`)
is data a component may read: `literal_data` reads it, never running anything.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from braindiet.content import jsdata


@dataclass(frozen=True, slots=True)
class Expression:
    """A JSX `{...}` attribute value that is not a plain literal, e.g. `{frontMatter}`."""

    source: str


AttributeValue = str | bool | int | float | Expression
Data = str | float | bool | None | list["Data"] | dict[str, "Data"]


# `check`, the page's reference list and the component itself each read a value: it is parsed
# once (the checks run before rendering forks, so the workers inherit what they read).
@lru_cache(maxsize=16384, typed=True)
def literal_data(value: AttributeValue) -> list[Data] | dict[str, Data] | None:
    """The array or object an `{...}` attribute value writes out literally (JSON or a
    JavaScript literal), or None when it is anything else (`{frontMatter}`, a call). The
    result is shared by every caller: read it, never change it."""
    if not isinstance(value, Expression) or value.source[:1] not in ("[", "{"):
        return None
    try:
        tokens = jsdata.tokenize(value.source)
        parsed, end = jsdata.parse_value(tokens, 0)
        data = _plain(parsed) if end == len(tokens) else None
    except (jsdata.JsSyntaxError, _NotLiteral):
        return None
    return data if isinstance(data, list | dict) else None


class _NotLiteral(Exception):
    """Part of the value is an expression (`{a: f(x)}`): not data."""


def _plain(value: jsdata.Value) -> Data:
    if isinstance(value, jsdata.Literal):
        return value.value
    if isinstance(value, jsdata.Array):
        return [_plain(item) for item in value.items]
    if isinstance(value, jsdata.Object):
        return {key: _plain(item) for key, item in value.entries.items()}
    raise _NotLiteral


class ComponentSyntaxError(ValueError):
    pass


def parse_attributes(text: str) -> dict[str, AttributeValue]:
    """Attributes of a JSX tag: `a="x"`, `a='x'`, `a={expr}` and bare `a` (true)."""
    attributes: dict[str, AttributeValue] = {}
    pos, end = 0, len(text)
    while pos < end:
        while pos < end and text[pos].isspace():
            pos += 1
        if pos >= end:
            break
        match = re.compile(r"[A-Za-z_:][\w:.-]*").match(text, pos)
        if not match:
            raise ComponentSyntaxError(f"unexpected {text[pos]!r} in attributes")
        name, pos = match.group(0), match.end()
        while pos < end and text[pos].isspace():
            pos += 1
        if pos >= end or text[pos] != "=":
            attributes[name] = True
            continue
        pos += 1
        while pos < end and text[pos].isspace():
            pos += 1
        if pos >= end:
            raise ComponentSyntaxError(f"attribute {name!r} has no value")
        quote = text[pos]
        if quote in "\"'":
            close = text.find(quote, pos + 1)
            if close < 0:
                raise ComponentSyntaxError(f"attribute {name!r}: unclosed quote")
            attributes[name], pos = text[pos + 1 : close], close + 1
        elif quote == "{":
            close = _matching_brace(text, pos)
            attributes[name], pos = _literal(text[pos + 1 : close].strip()), close + 1
        else:
            raise ComponentSyntaxError(f"attribute {name!r}: value must be quoted or in braces")
    return attributes


def _matching_brace(text: str, start: int) -> int:
    end = _outside_quotes_and_braces(text, start, "\"'`", "}")
    if end < 0:
        raise ComponentSyntaxError("unclosed '{' in attributes")
    return end


def _literal(source: str) -> AttributeValue:
    if source in ("true", "false"):
        return source == "true"
    if len(source) >= 2 and source[0] == source[-1] and source[0] in "\"'`":
        return source[1:-1]
    try:
        return int(source)
    except ValueError:
        pass
    try:
        return float(source)
    except ValueError:
        return Expression(source)


def find_tag_end(src: str, pos: int) -> int:
    """Index just past the `>` closing the tag opened before `pos`, skipping quotes and braces."""
    end = _outside_quotes_and_braces(src, pos, "\"'", ">")
    return end + 1 if end >= 0 else -1


def _outside_quotes_and_braces(text: str, start: int, quotes: str, wanted: str) -> int:
    """The index of the first `wanted` outside quotes and at brace depth 0 (a `}` counts once
    its brace is closed), or -1. It jumps from one quote, brace or `wanted` to the next: a
    page's tags are scanned tens of thousands of times per load."""
    stops = _stops(quotes, wanted)
    depth, index = 0, start
    while (found := stops.search(text, index)) is not None:
        index = found.start()
        char = text[index]
        if char in quotes:
            index = text.find(char, index + 1)
            if index < 0:
                return -1
        elif char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0 and wanted == "}":
                return index
        elif depth == 0:
            return index
        index += 1
    return -1


@cache
def _stops(quotes: str, wanted: str) -> re.Pattern[str]:
    return re.compile(f"[{re.escape(quotes + wanted)}{{}}]")

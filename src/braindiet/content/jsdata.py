"""JavaScript and TypeScript literals read as data, never run: what a Docusaurus config declares.

A site's `docusaurus.config.ts` is a program, but the parts braindiet needs (a plugin's list of
redirects, the docs plugin's `exclude` patterns) and a JSX `style={{...}}` are written as object
and array literals. `tokenize` splits the source into tokens with their lines; `parse_value`
reads one value from a token position. Anything that is not a literal (a call, a condition on
the environment, a function) becomes an `Opaque` value that still lists the string literals
inside it, so a caller can decide what such an expression means, and reading goes on past it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

_NAME = re.compile(r"[A-Za-z_$][\w$]*")
_NUMBER = re.compile(r"0[xX][0-9a-fA-F_]+|0[bB][01_]+|0[oO][0-7_]+|"
                     r"(?:\d[\d_]*(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?n?")
_PUNCTUATION = ("...", "===", "!==", "**=", "=>", "==", "!=", "<=", ">=", "&&", "||", "??",
                "?.", "++", "--", "+=", "-=", "*=", "/=", "**")
# After these, a `/` starts a regular expression rather than a division.
_BEFORE_REGEX_PUNCT = set("(,=:[!&|?{};+-*%<>~^")
_BEFORE_REGEX_WORDS = {"return", "typeof", "case", "do", "else", "in", "of", "new", "delete",
                       "void", "throw", "instanceof", "yield", "await"}
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f", "v": "\v", "0": "\0"}
_CLOSERS = {"(": ")", "[": "]", "{": "}"}
_SEPARATORS = {",", ")", "]", "}", ";"}


class JsSyntaxError(ValueError):
    def __init__(self, message: str, line: int) -> None:
        super().__init__(f"line {line}: {message}")
        self.line = line


@dataclass(frozen=True, slots=True)
class Token:
    kind: str  # string, template, number, name, punct, regex
    value: str
    line: int  # 1-based
    literal: bool = True  # False for a template literal with `${...}` in it


@dataclass(frozen=True, slots=True)
class Literal:
    value: str | float | bool | None
    line: int


@dataclass(frozen=True, slots=True)
class Array:
    items: list[Value]
    line: int


@dataclass(frozen=True, slots=True)
class Object:
    entries: dict[str, Value]
    line: int
    key_lines: dict[str, int] = field(default_factory=dict)

    def get(self, key: str) -> Value | None:
        return self.entries.get(key)


@dataclass(frozen=True, slots=True)
class Opaque:
    """An expression that is not a literal; `strings` are the string literals written in it."""

    strings: tuple[str, ...]
    line: int


Value = Literal | Array | Object | Opaque


def strings_in(value: Value | None) -> list[str]:
    """Every string a value names: itself, its items, or the literals inside an expression."""
    if isinstance(value, Literal):
        return [value.value] if isinstance(value.value, str) else []
    if isinstance(value, Array):
        return [s for item in value.items for s in strings_in(item)]
    if isinstance(value, Opaque):
        return list(value.strings)
    if isinstance(value, Object):
        return [s for item in value.entries.values() for s in strings_in(item)]
    return []


# ---- tokens ------------------------------------------------------------------------------


def tokenize(source: str) -> list[Token]:
    """The tokens of a JavaScript/TypeScript source, comments and whitespace left out."""
    return list(_Lexer(source).tokens())


class _Lexer:
    def __init__(self, source: str) -> None:
        self.src, self.pos, self.line = source, 0, 1
        self.previous: Token | None = None

    def tokens(self) -> Iterator[Token]:
        src = self.src
        while self.pos < len(src):
            char = src[self.pos]
            if char == "\n":
                self.line += 1
                self.pos += 1
            elif char.isspace():
                self.pos += 1
            elif src.startswith("//", self.pos):
                end = src.find("\n", self.pos)
                self.pos = len(src) if end < 0 else end
            elif src.startswith("/*", self.pos):
                end = src.find("*/", self.pos + 2)
                end = len(src) if end < 0 else end + 2
                self.line += src.count("\n", self.pos, end)
                self.pos = end
            else:
                token = self._token(char)
                self.previous = token
                yield token

    def _token(self, char: str) -> Token:
        line, src, start = self.line, self.src, self.pos
        if char in "'\"":
            return Token("string", self._string(char), line)
        if char == "`":
            end, plain = _template_end(src, start)
            self.line += src.count("\n", start, end)
            self.pos = end
            return Token("template", src[start + 1 : end - 1], line, plain)
        if char == "/" and self._regex_allowed():
            self.pos = _regex_end(src, start, line)
            return Token("regex", src[start : self.pos], line)
        if (match := _NUMBER.match(src, start)) and (char.isdigit() or (char == "."
                                                       and match.end() > start + 1)):
            self.pos = match.end()
            return Token("number", match.group(0), line)
        if match := _NAME.match(src, start):
            self.pos = match.end()
            return Token("name", match.group(0), line)
        for punct in _PUNCTUATION:
            if src.startswith(punct, start):
                self.pos += len(punct)
                return Token("punct", punct, line)
        self.pos += 1
        return Token("punct", char, line)

    def _regex_allowed(self) -> bool:
        before = self.previous
        if before is None:
            return True
        if before.kind == "punct":
            return before.value[-1] in _BEFORE_REGEX_PUNCT and before.value not in (")", "]", "}")
        return before.kind == "name" and before.value in _BEFORE_REGEX_WORDS

    def _string(self, quote: str) -> str:
        src, index = self.src, self.pos + 1
        out: list[str] = []
        while index < len(src):
            char = src[index]
            if char == quote:
                self.pos = index + 1
                return "".join(out)
            if char == "\n":
                break
            if char == "\\" and index + 1 < len(src):
                index, text = _escape(src, index + 1)
                if text == "\n":
                    self.line += 1
                    text = ""  # a line continuation
                out.append(text)
                continue
            out.append(char)
            index += 1
        raise JsSyntaxError("unterminated string", self.line)


def _escape(src: str, index: int) -> tuple[int, str]:
    char = src[index]
    if char == "u" and src.startswith("{", index + 1):
        end = src.find("}", index)
        return end + 1, chr(int(src[index + 2 : end], 16))
    if char in "ux":
        width = 4 if char == "u" else 2
        digits = src[index + 1 : index + 1 + width]
        if re.fullmatch(r"[0-9a-fA-F]+", digits) and len(digits) == width:
            return index + 1 + width, chr(int(digits, 16))
    return index + 1, _ESCAPES.get(char, char)


def _template_end(src: str, start: int) -> tuple[int, bool]:
    """Index just past a template literal's closing backtick, and whether it is plain text."""
    index, plain = start + 1, True
    while index < len(src):
        char = src[index]
        if char == "\\":
            index += 2
        elif char == "`":
            return index + 1, plain
        elif src.startswith("${", index):
            plain = False
            index = _expression_end(src, index + 2)
        else:
            index += 1
    raise JsSyntaxError("unterminated template literal", src.count("\n", 0, start) + 1)


def _expression_end(src: str, index: int) -> int:
    """Just past the `}` closing a template substitution, skipping nested strings and braces."""
    depth = 1
    while index < len(src):
        char = src[index]
        if char in "'\"":
            close = index + 1
            while close < len(src) and src[close] != char:
                close += 2 if src[close] == "\\" else 1
            index = close + 1
        elif char == "`":
            index, _ = _template_end(src, index)
        elif char == "{":
            depth, index = depth + 1, index + 1
        elif char == "}":
            depth, index = depth - 1, index + 1
            if depth == 0:
                return index
        else:
            index += 1
    raise JsSyntaxError("unterminated ${...} in a template literal",
                        src.count("\n", 0, index) + 1)


def _regex_end(src: str, start: int, line: int) -> int:
    index, in_class = start + 1, False
    while index < len(src) and src[index] != "\n":
        char = src[index]
        if char == "\\":
            index += 2
            continue
        if char == "[":
            in_class = True
        elif char == "]":
            in_class = False
        elif char == "/" and not in_class:
            index += 1
            while index < len(src) and (src[index].isalnum() or src[index] == "_"):
                index += 1
            return index
        index += 1
    raise JsSyntaxError("unterminated regular expression", line)


# ---- values ------------------------------------------------------------------------------


def parse_value(tokens: list[Token], index: int) -> tuple[Value, int]:
    """The value starting at `tokens[index]`, and the index of the token after it."""
    if index >= len(tokens):
        raise JsSyntaxError("a value was expected", tokens[-1].line if tokens else 1)
    start, token = index, tokens[index]
    value: Value | None = None
    if token.kind == "punct" and token.value == "{":
        value, index = _object(tokens, index)
    elif token.kind == "punct" and token.value == "[":
        value, index = _array(tokens, index)
    elif token.kind in ("string", "template") and token.literal:
        value, index = Literal(token.value, token.line), index + 1
    elif token.kind == "number":
        value, index = Literal(_number(token.value), token.line), index + 1
    elif token.kind == "name" and token.value in ("true", "false", "null", "undefined"):
        constants = {"true": True, "false": False}
        value, index = Literal(constants.get(token.value), token.line), index + 1
    elif token.kind == "punct" and token.value == "-" and index + 1 < len(tokens) and \
            tokens[index + 1].kind == "number":
        value, index = Literal(-_number(tokens[index + 1].value), token.line), index + 2
    index = _skip_type_annotation(tokens, index)
    if value is not None and _at_separator(tokens, index):
        return value, index
    return _opaque(tokens, start, token.line)  # more follows (`'a' + b`): not a literal


def _number(text: str) -> float:
    text = text.replace("_", "").rstrip("n")
    try:
        return float(int(text, 0)) if text[:2].lower() in ("0x", "0b", "0o") else float(text)
    except ValueError:
        return float("nan")


def _at_separator(tokens: list[Token], index: int) -> bool:
    return index >= len(tokens) or (tokens[index].kind == "punct"
                                    and tokens[index].value in _SEPARATORS)


def _skip_type_annotation(tokens: list[Token], index: int) -> int:
    """`{...} satisfies Preset.Options` and `x as T`: TypeScript adds nothing to the value."""
    while index < len(tokens) and tokens[index].kind == "name" and \
            tokens[index].value in ("satisfies", "as"):
        index += 1
        while index < len(tokens) and not _at_separator(tokens, index):
            index += 1
    return index


def _opaque(tokens: list[Token], index: int, line: int) -> tuple[Opaque, int]:
    strings: list[str] = []
    depth: list[str] = []
    while index < len(tokens):
        token = tokens[index]
        if token.kind == "punct":
            if token.value in _CLOSERS:
                depth.append(_CLOSERS[token.value])
            elif depth and token.value == depth[-1]:
                depth.pop()
            elif not depth and token.value in _SEPARATORS:
                break
        elif token.kind in ("string", "template") and token.literal:
            strings.append(token.value)
        index += 1
    return Opaque(tuple(strings), line), index


def _object(tokens: list[Token], index: int) -> tuple[Object, int]:
    line = tokens[index].line
    entries: dict[str, Value] = {}
    key_lines: dict[str, int] = {}
    index += 1
    while index < len(tokens) and not _is(tokens[index], "}"):
        index = _entry(tokens, index, entries, key_lines)
        if index < len(tokens) and _is(tokens[index], ","):
            index += 1
    if index >= len(tokens):
        raise JsSyntaxError("object literal is never closed", line)
    return Object(entries, line, key_lines), index + 1


def _entry(tokens: list[Token], index: int, entries: dict[str, Value],
           key_lines: dict[str, int]) -> int:
    """One `key: value`; spreads, shorthands and methods are stepped over."""
    token = tokens[index]
    if _is(token, "..."):
        return _opaque(tokens, index + 1, token.line)[1]
    while token.kind == "name" and token.value in ("async", "get", "set", "static") and \
            index + 1 < len(tokens) and not _is(tokens[index + 1], ":", "(", ",", "}"):
        index += 1
        token = tokens[index]
    if _is(token, "*"):
        index += 1
        token = tokens[index]
    if _is(token, "["):
        key, index = None, _skip_group(tokens, index)
    elif token.kind in ("name", "string", "number"):
        key, index = token.value, index + 1
    else:
        return _opaque(tokens, index, token.line)[1]
    if index < len(tokens) and _is(tokens[index], ":"):
        value, index = parse_value(tokens, index + 1)
        if key is not None:
            entries[key], key_lines[key] = value, token.line
        return index
    if index < len(tokens) and _is(tokens[index], "("):  # a method: opaque, body skipped
        index = _skip_group(tokens, index)
        while index < len(tokens) and not _is(tokens[index], "{"):
            index += 1
        if key is not None:
            entries[key], key_lines[key] = Opaque((), token.line), token.line
        return _skip_group(tokens, index)
    return index  # shorthand `{ name }`


def _array(tokens: list[Token], index: int) -> tuple[Array, int]:
    line = tokens[index].line
    items: list[Value] = []
    index += 1
    while index < len(tokens) and not _is(tokens[index], "]"):
        if _is(tokens[index], ","):
            index += 1
            continue
        item: Value
        if _is(tokens[index], "..."):
            item, index = _opaque(tokens, index + 1, tokens[index].line)
        else:
            item, index = parse_value(tokens, index)
        items.append(item)
    if index >= len(tokens):
        raise JsSyntaxError("array literal is never closed", line)
    return Array(items, line), index + 1


def _skip_group(tokens: list[Token], index: int) -> int:
    """Just past the bracket closing the one at `index`."""
    closing = [_CLOSERS[tokens[index].value]]
    index += 1
    while index < len(tokens) and closing:
        token = tokens[index]
        if token.kind == "punct":
            if token.value in _CLOSERS:
                closing.append(_CLOSERS[token.value])
            elif token.value == closing[-1]:
                closing.pop()
        index += 1
    return index


def _is(token: Token, *values: str) -> bool:
    return token.kind == "punct" and token.value in values

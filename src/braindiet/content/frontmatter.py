"""YAML front matter: split it from the body, parse it with key positions, edit it line by line.

Parsing goes through libyaml's node tree so every key keeps the line it was written on; errors
in `check` point there. Edits never re-serialise the whole block: a scientist's formatting,
comments and key order survive, and exactly the lines we mean to change are changed.
"""

from __future__ import annotations

import difflib
import math
import re
from dataclasses import dataclass, field
from typing import Any

import yaml

try:  # libyaml is ~10x faster; the pure-Python loader gives the same nodes
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

FENCE = "---"
BOM = "\ufeff"  # kept on rewrite, ignored on read: editors on Windows add it

# Bounds that keep a hostile page from hanging or crashing a build; real pages stay far below.
MAX_DEPTH = 64  # nesting levels
MAX_VALUES = 100_000  # values once every alias is expanded (a "billion laughs" bomb is more)
MAX_ALIASES = 1_000  # alias uses
MAX_DIGITS = 100  # digits of an integer (longer ones cannot even be converted by Python)
_NON_FINITE = re.compile(r"[-+]?\.(inf|nan)", re.IGNORECASE)
_FLOAT_TAG = "tag:yaml.org,2002:float"
_INT_TAG = "tag:yaml.org,2002:int"
_NULL_TAG = "tag:yaml.org,2002:null"


@dataclass(slots=True)
class FrontMatter:
    """Parsed front matter plus where each part was written (1-based file lines)."""

    data: dict[str, Any] = field(default_factory=dict)
    key_lines: dict[str, int] = field(default_factory=dict)
    item_lines: dict[str, list[int]] = field(default_factory=dict)  # list items, e.g. tags
    subkey_lines: dict[str, dict[str, int]] = field(default_factory=dict)  # mapping keys
    # Deeper values by dotted path, `phenome_relationships.2.confidence` (lists by index).
    node_lines: dict[str, int] = field(default_factory=dict)
    duplicate_keys: list[tuple[str, int]] = field(default_factory=list)
    problems: list[tuple[int, str]] = field(default_factory=list)  # (line, message), value nulled
    start_line: int = 1  # line of the opening fence, 0 when there is no front matter
    end_line: int = 0  # line of the closing fence

    def line_of(self, key: str, default: int | None = None) -> int | None:
        return self.key_lines.get(key, default if default is not None else self.start_line or None)


class FrontMatterError(ValueError):
    """The front matter cannot be read; `line` is the 1-based file line of the problem."""

    def __init__(self, message: str, line: int | None) -> None:
        super().__init__(message)
        self.line = line


@dataclass(frozen=True, slots=True)
class SplitSource:
    yaml_text: str | None  # None: the file has no front matter
    body: str
    body_start_line: int  # 1-based file line where the body begins


def split(source: str) -> SplitSource:
    """Separate `---`-fenced front matter from the Markdown body (a leading BOM is ignored)."""
    source = source.removeprefix(BOM)
    lines = source.splitlines(keepends=True)
    if not lines or lines[0].rstrip("\r\n").rstrip() != FENCE:
        return SplitSource(None, source, 1)
    for index in range(1, len(lines)):
        if lines[index].rstrip("\r\n").rstrip() == FENCE:
            return SplitSource("".join(lines[1:index]), "".join(lines[index + 1 :]), index + 2)
    raise FrontMatterError("front matter opened with '---' is never closed", 1)


def parse(yaml_text: str, first_line: int = 2) -> FrontMatter:
    """Parse a front-matter block; `first_line` is the file line its first line sits on.

    The node tree is checked before anything is built from it: recursive aliases, alias bombs
    and absurd nesting are errors, values that are not finite numbers or hold NUL bytes are
    reported (in `problems`) and read as empty.
    """
    loader = _Loader(yaml_text)
    try:
        node = loader.get_single_node()
        problems = _vetted(node, first_line) if node is not None else []
        data = loader.construct_document(node) if node is not None else {}
    except FrontMatterError:
        raise
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = first_line + mark.line if mark is not None else first_line
        problem = exc.problem or str(exc)
        raise FrontMatterError(f"invalid YAML: {problem}", line) from None
    except yaml.reader.ReaderError as exc:  # a NUL or other control character
        line = first_line + yaml_text.count("\n", 0, exc.position)
        raise FrontMatterError(f"invalid YAML: character {exc.character!r} is not allowed",
                               line) from None
    except yaml.YAMLError as exc:
        raise FrontMatterError(f"invalid YAML: {exc}", first_line) from None
    except Exception as exc:  # PyYAML's constructors fail in many ways (2026-13-45, ...)
        raise FrontMatterError(f"invalid value: {exc or type(exc).__name__}", first_line) \
            from None
    finally:
        loader.dispose()
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise FrontMatterError("front matter must be a mapping of keys to values", first_line)
    front = FrontMatter(data={str(k): v for k, v in data.items()},
                        start_line=first_line - 1, problems=problems)
    if node is not None:
        _record_positions(front, node, first_line)
    return front


def _vetted(root: yaml.Node, first_line: int) -> list[tuple[int, str]]:
    """Refuse node trees that would hang or crash whatever walks them; neutralise bad values."""
    expanded: dict[int, int] = {}  # node id -> values below it, aliases expanded
    on_path: set[int] = set()
    aliases = 0
    problems: list[tuple[int, str]] = []

    def fail(node: yaml.Node, message: str) -> FrontMatterError:
        return FrontMatterError(message, first_line + node.start_mark.line)

    def visit(node: yaml.Node, depth: int) -> int:
        nonlocal aliases
        if id(node) in expanded:  # seen before: this is an alias
            aliases += 1
            if aliases > MAX_ALIASES:
                raise fail(node, f"more than {MAX_ALIASES} alias uses")
            return expanded[id(node)]
        if id(node) in on_path:
            raise fail(node, "recursive alias: a value contains itself")
        if depth > MAX_DEPTH:
            raise fail(node, f"values nested more than {MAX_DEPTH} levels deep")
        if isinstance(node, yaml.ScalarNode):
            problem = _scalar_problem(node)
            if problem is not None:
                problems.append((first_line + node.start_mark.line, problem))
            expanded[id(node)] = 1
            return 1
        on_path.add(id(node))
        children = [part for pair in node.value for part in pair] \
            if isinstance(node, yaml.MappingNode) else list(node.value)
        total = 1 + sum(visit(child, depth + 1) for child in children)
        if total > MAX_VALUES:
            raise fail(node, f"expands to more than {MAX_VALUES:,} values (an alias bomb?)")
        on_path.discard(id(node))
        expanded[id(node)] = total
        return total

    visit(root, 0)
    return problems


def _scalar_problem(node: yaml.ScalarNode) -> str | None:
    """What is wrong with one scalar; the node is rewritten to read as empty (null) then."""
    value = str(node.value)
    problem = None
    if "\0" in value:
        node.value = value.replace("\0", "")
        return "a value holds a NUL byte (removed)"
    if node.tag == _FLOAT_TAG and not _finite(value):
        problem = f"{value[:40]!r} is not a finite number"
    elif node.tag == _INT_TAG and len(value) > MAX_DIGITS:
        problem = f"a number of {len(value)} digits is not a usable value"
    if problem is not None:
        node.tag, node.value = _NULL_TAG, ""
    return problem


def _finite(text: str) -> bool:
    text = text.replace("_", "")
    if _NON_FINITE.fullmatch(text):
        return False
    try:
        return math.isfinite(float(text))
    except ValueError:  # sexagesimal (1:30.5) and other YAML 1.1 forms: finite by construction
        return True


def _record_positions(front: FrontMatter, node: yaml.Node, first_line: int) -> None:
    seen: set[str] = set()
    for key_node, value_node in node.value:
        key = str(key_node.value)
        line = first_line + key_node.start_mark.line
        if key in seen:
            front.duplicate_keys.append((key, line))
        seen.add(key)
        front.key_lines[key] = line
        if isinstance(value_node, yaml.SequenceNode):
            front.item_lines[key] = [first_line + item.start_mark.line for item in value_node.value]
        elif isinstance(value_node, yaml.MappingNode):
            front.subkey_lines[key] = {
                str(sub.value): first_line + sub.start_mark.line for sub, _ in value_node.value
            }
        if isinstance(value_node, yaml.SequenceNode | yaml.MappingNode):
            _record_nested(front.node_lines, key, value_node, first_line, 1)


def _record_nested(lines: dict[str, int], path: str, node: yaml.Node, first_line: int,
                   depth: int) -> None:
    """Where each value inside a top-level one sits, so a bad score in the third row of a
    list is reported on its own line (depth is bounded: the tree was vetted)."""
    if isinstance(node, yaml.SequenceNode):
        children = [(str(index), item, item) for index, item in enumerate(node.value)]
    elif isinstance(node, yaml.MappingNode):
        children = [(str(key.value), key, value) for key, value in node.value]
    else:
        return
    for name, marker, value in children:
        child = f"{path}.{name}"
        lines.setdefault(child, first_line + marker.start_mark.line)
        if depth < MAX_DEPTH and isinstance(value, yaml.SequenceNode | yaml.MappingNode):
            _record_nested(lines, child, value, first_line, depth + 1)


def read(source: str) -> tuple[FrontMatter, str, int]:
    """Front matter, body and the body's first file line, for a whole Markdown file."""
    parts = split(source)
    if parts.yaml_text is None:
        return FrontMatter(start_line=0), parts.body, parts.body_start_line
    front = parse(parts.yaml_text, first_line=2)
    front.end_line = parts.body_start_line - 1
    return front, parts.body, parts.body_start_line


def set_key(source: str, key: str, value: Any) -> str:
    """Return `source` with top-level `key` set to `value`, touching only that key's lines.

    An existing key (with its indented continuation lines) is replaced in place; a new key is
    appended just before the closing fence. Everything else is kept byte for byte.
    """
    bom = BOM if source.startswith(BOM) else ""
    source = source[len(bom):]
    parts = split(source)
    rendered = yaml.safe_dump({key: value}, allow_unicode=True, sort_keys=False,
                              default_flow_style=False, width=10_000)
    lines = source.splitlines(keepends=True)
    newline = "\r\n" if lines and lines[0].endswith("\r\n") else "\n"
    rendered = rendered.replace("\n", newline)
    if parts.yaml_text is None:
        return f"{bom}{FENCE}{newline}{rendered}{FENCE}{newline}{source}"
    closing = parts.body_start_line - 2  # 0-based index of the closing fence
    start = _top_level_key_index(lines, 1, closing, key)
    if start is None:
        return bom + "".join(lines[:closing]) + rendered + "".join(lines[closing:])
    end = start + 1
    while end < closing and (lines[end][:1] in (" ", "\t", "-") or not lines[end].strip()):
        if not lines[end].strip() and _next_content_is_top_level(lines, end, closing):
            break
        end += 1
    return bom + "".join(lines[:start]) + rendered + "".join(lines[end:])


def _top_level_key_index(lines: list[str], start: int, stop: int, key: str) -> int | None:
    for index in range(start, stop):
        line = lines[index]
        if line[:1] in (" ", "\t", "#", "-") or ":" not in line:
            continue
        name = line.split(":", 1)[0].strip().strip("'\"")
        if name == key:
            return index
    return None


def _next_content_is_top_level(lines: list[str], index: int, stop: int) -> bool:
    for line in lines[index:stop]:
        if line.strip():
            return line[:1] not in (" ", "\t", "-")
    return True


def unified_diff(before: str, after: str, path: str) -> str:
    """The change a rewrite makes, as a unified diff for the user to read."""
    return "".join(difflib.unified_diff(before.splitlines(keepends=True),
                                        after.splitlines(keepends=True),
                                        fromfile=f"a/{path}", tofile=f"b/{path}"))

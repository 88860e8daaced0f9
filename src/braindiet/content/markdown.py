"""The one Markdown parser: CommonMark + tables + raw HTML + the pages' MDX components.

(MDX's other rules, hidden `import`/`export` lines and JSX attributes in raw HTML, are in
`content.mdx`.)

Pages embed React-style components on lines of their own, e.g. `<SubstanceFoods tag="Mg" />`,
a multi-line `<BibTexReferences ... />`, or a container `<Collapse title="..."> ... </Collapse>`
whose inside is Markdown. A block rule turns each into a `component` token (or a
`component_open` / `component_close` pair around parsed children) carrying its attributes and
line, so `check` and the renderer read the same tree and nothing re-scans text with regexes.
"""

from __future__ import annotations

import re
from functools import cache

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token

from braindiet.content.attributes import AttributeValue as AttributeValue
from braindiet.content.attributes import ComponentSyntaxError as ComponentSyntaxError
from braindiet.content.attributes import Expression as Expression
from braindiet.content.attributes import find_tag_end
from braindiet.content.attributes import parse_attributes as parse_attributes
from braindiet.content.html_flow import html_flow_plugin
from braindiet.content.mdx import mdx_plugin

# An MDX component starts with an upper-case letter; lower-case tags are plain HTML.
_OPENING = re.compile(r"<([A-Z][A-Za-z0-9_.]*)")


def _line_of(state: StateBlock, offset: int, start_line: int) -> int:
    line = start_line
    while line + 1 < state.lineMax and state.bMarks[line + 1] <= offset:
        line += 1
    return line


def component_block(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
    if state.sCount[start_line] - state.blkIndent >= 4:
        return False
    begin = state.bMarks[start_line] + state.tShift[start_line]
    match = _OPENING.match(state.src, begin)
    if not match:
        return False
    name = match.group(1)
    tag_end = find_tag_end(state.src, match.end())
    if tag_end < 0:
        return False  # not a complete tag: let the HTML / paragraph rules have it
    raw_attributes = state.src[match.end() : tag_end - 1]
    self_closing = raw_attributes.rstrip().endswith("/")
    if self_closing:
        raw_attributes = raw_attributes.rstrip()[:-1]
    last_line = _line_of(state, tag_end - 1, start_line)
    if last_line >= end_line or state.src[tag_end : state.eMarks[last_line]].strip():
        return False  # text after the tag on its line: an inline use, not a block component
    if silent:
        return True
    try:
        attributes: dict[str, AttributeValue] = parse_attributes(raw_attributes)
        problem = ""
    except ComponentSyntaxError as exc:
        attributes, problem = {}, str(exc)
    closing_line = None if self_closing else _find_closing(state, name, last_line + 1, end_line)
    container = closing_line is not None
    token = state.push("component_open" if container else "component", "", 1 if container else 0)
    token.meta = {"name": name, "attributes": attributes, "problem": problem,
                  "unclosed": not self_closing and closing_line is None}
    token.map = [start_line, last_line + 1]
    token.block = True
    if closing_line is None:
        state.line = last_line + 1
        return True
    old_parent, old_limit = state.parentType, state.lineMax
    state.parentType = "component"
    state.lineMax = closing_line
    state.md.block.tokenize(state, last_line + 1, closing_line)
    state.parentType, state.lineMax = old_parent, old_limit
    close = state.push("component_close", "", -1)
    close.meta = {"name": name}
    close.block = True
    state.line = closing_line + 1
    return True


def _find_closing(state: StateBlock, name: str, start: int, end: int) -> int | None:
    closing, opening = f"</{name}>", re.compile(rf"<{re.escape(name)}[\s>/]")
    depth = 0
    for line in range(start, end):
        text = state.src[state.bMarks[line] + state.tShift[line] : state.eMarks[line]].strip()
        if opening.match(text) and not text.endswith("/>"):
            depth += 1
        elif text == closing:
            if depth == 0:
                return line
            depth -= 1
    return None


def component_inline(state: StateInline, silent: bool) -> bool:
    """A component inside a line of text: `<FoodEffect direction="increase">Sulforaphane
    formation</FoodEffect>`, or `<FoodEffectIcon direction="preserve" />`. Its children are
    parsed as inline Markdown and kept on the token."""
    match = _OPENING.match(state.src, state.pos)
    if match is None:
        return False
    tag_end = find_tag_end(state.src, match.end())
    if tag_end < 0 or tag_end > state.posMax:
        return False
    name, raw = match.group(1), state.src[match.end() : tag_end - 1]
    self_closing = raw.rstrip().endswith("/")
    raw = raw.rstrip()[:-1] if self_closing else raw
    closing = -1 if self_closing else _inline_closing(state, name, tag_end)
    if silent:
        return True
    try:
        attributes: dict[str, AttributeValue] = parse_attributes(raw)
        problem = ""
    except ComponentSyntaxError as exc:
        attributes, problem = {}, str(exc)
    token = state.push("component_inline", "", 0)
    token.meta = {"name": name, "attributes": attributes, "problem": problem,
                  "unclosed": not self_closing and closing < 0}
    token.children = []
    if closing >= 0:
        state.md.inline.parse(state.src[tag_end:closing], state.md, state.env, token.children)
        state.pos = closing + len(f"</{name}>")
    else:
        state.pos = tag_end
    return True


def _inline_closing(state: StateInline, name: str, start: int) -> int:
    """The offset of the `</name>` closing a tag that ends at `start`, on the same text, or -1."""
    opening = re.compile(rf"<{re.escape(name)}(?=[\s/>])|</{re.escape(name)}>")
    depth = 0
    for found in opening.finditer(state.src, start, state.posMax):
        if found.group(0).startswith("</"):
            if depth == 0:
                return found.start()
            depth -= 1
        else:
            end = find_tag_end(state.src, found.end())
            if end > 0 and not state.src[found.end() : end - 1].rstrip().endswith("/"):
                depth += 1
    return -1


def components_plugin(md: MarkdownIt) -> None:
    md.block.ruler.before("html_block", "component", component_block,
                          {"alt": ["paragraph", "reference", "blockquote", "list"]})
    md.inline.ruler.before("html_inline", "component_inline", component_inline)


@cache
def parser() -> MarkdownIt:
    """The shared parser; rendering adds its own rules on a copy, never here."""
    md = MarkdownIt("commonmark", {"html": True, "typographer": False})
    md.enable(["table", "strikethrough"])
    md.use(components_plugin)
    md.use(html_flow_plugin)
    md.use(mdx_plugin)
    return md


def parse(body: str) -> list[Token]:
    return parser().parse(body)

"""What MDX adds to Markdown that a page's reader must not see: ESM lines and JSX attributes.

Docusaurus reads `.md` and `.mdx` pages as MDX. Two of its rules matter here:

- a top-level paragraph starting with `import` or `export` is JavaScript (`import Head from
  '@docusaurus/Head';`), not text: it becomes a hidden `mdx_esm` token;
- raw HTML in the page is JSX, so `className=` and `style={{...}}` are turned into HTML
  (`jsx.jsx_to_html`), in HTML blocks and inline alike. A tag with a `{...}` value is not valid
  HTML, so an inline rule recognises it before markdown-it's own would escape it as text.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from markdown_it.rules_core import StateCore
from markdown_it.rules_inline import StateInline

from braindiet.content.attributes import find_tag_end
from braindiet.content.jsx import has_jsx, jsx_to_html

_ESM = re.compile(r"(?:import|export)(?=[\s{*]|$)")
_INLINE_TAG = re.compile(r"<[a-z][a-z0-9]*(?:-[a-z0-9]+)*(?=[\s/>])")


def esm_block(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
    if state.parentType != "root" or state.sCount[start_line] != 0 or state.blkIndent != 0:
        return False
    begin = state.bMarks[start_line] + state.tShift[start_line]
    if not _ESM.match(state.src, begin):
        return False
    if silent:
        return True
    line = start_line + 1
    while line < end_line and not state.isEmpty(line):
        line += 1
    token = state.push("mdx_esm", "", 0)
    token.content = state.getLines(start_line, line, 0, False)
    token.map = [start_line, line]
    token.hidden = True
    token.block = True
    state.line = line
    return True


def jsx_inline(state: StateInline, silent: bool) -> bool:
    """An inline start tag with a `{...}` attribute value, which is JSX rather than HTML."""
    if not state.md.options.get("html") or state.src[state.pos] != "<":
        return False
    match = _INLINE_TAG.match(state.src, state.pos)
    if match is None:
        return False
    end = find_tag_end(state.src, match.end())
    if end < 0 or end > state.posMax or "{" not in state.src[match.end() : end]:
        return False
    if not silent:
        token = state.push("html_inline", "", 0)
        token.content = state.src[state.pos : end]
    state.pos = end
    return True


def jsx_html(state: StateCore) -> None:
    """Rewrite the JSX attributes of every raw HTML token as HTML."""
    for token in state.tokens:
        if token.type == "html_block" and has_jsx(token.content):
            token.content = jsx_to_html(token.content)
        elif token.type == "inline":
            for child in token.children or []:
                if child.type == "html_inline" and has_jsx(child.content):
                    child.content = jsx_to_html(child.content)


def mdx_plugin(md: MarkdownIt) -> None:
    md.block.ruler.before("reference", "mdx_esm", esm_block,
                          {"alt": ["paragraph", "reference", "blockquote", "list"]})
    md.inline.ruler.before("html_inline", "jsx_inline", jsx_inline)
    md.core.ruler.after("inline", "jsx_html", jsx_html)

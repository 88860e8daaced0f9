"""Markdown inside raw HTML, read as MDX reads it.

CommonMark ends an HTML block (`<div>`, or any tag alone on its line) only at a blank line, and
everything up to it is raw HTML, shown as written. MDX instead reads HTML tags as JSX: a line
holding tags is markup, and the lines between such lines are Markdown. Pages written for MDX
rely on that, e.g.

    <div class="panel" hidden>
    - **Confidence:** Low
    <PhenomeBibLinks items={[...]} />
    </div>

is a list and a component inside a `<div>`, not the text "- **Confidence:** Low".

This block rule takes over an HTML block only when it holds such Markdown lines (a block made
of tag lines alone is left to markdown-it, byte for byte as before). It splits the block at
its tag lines: runs of tag lines stay `html_block` tokens, and each run of other lines is
tokenized as Markdown in place, so lists, headings, links and components inside it become
ordinary tokens. Inside an element that may hold only phrasing content (a `<p>`, a heading, a
`<span>`), a Markdown paragraph would be a `<p>` inside a `<p>`, which HTML does not allow:
there the text keeps its inline Markdown and loses the paragraph wrapper.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from markdown_it.rules_block.html_block import HTML_SEQUENCES

from braindiet.content.attributes import find_tag_end

# The two kinds of HTML block CommonMark ends at a blank line: a block-level tag (type 6),
# any complete tag alone on its line (type 7). The others (comments, <pre>, <script>...) end
# at their own closing sequence and hold no Markdown.
_ENDS_AT_BLANK_LINE = tuple(opening for opening, closing, _ in HTML_SEQUENCES
                            if closing.search(""))
# A line of markup starts with an HTML tag (lower-case: an upper-case one is a component,
# which is Markdown's business), a closing tag or a comment.
_TAG_LINE = re.compile(r"</?[a-z][a-z0-9-]*(?=[\s/>]|$)|<!--")
_ANY_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?=[\s/>]|$)|<!--")
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
                   "source", "track", "wbr"})
# Elements whose content model is phrasing content only.
_PHRASING_ONLY = frozenset({
    "p", "h1", "h2", "h3", "h4", "h5", "h6", "span", "strong", "em", "b", "i", "u", "s",
    "small", "mark", "abbr", "cite", "q", "code", "kbd", "samp", "var", "sub", "sup", "time",
    "a", "button", "label", "legend", "summary", "dt", "caption", "th", "option"})


@dataclass(frozen=True, slots=True)
class _Run:
    markup: bool  # tag lines (raw HTML) or Markdown lines
    start: int
    end: int  # exclusive


class _OpenElements(HTMLParser):
    """Which elements are open after the markup read so far."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.stack: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in _VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in self.stack:
            del self.stack[len(self.stack) - 1 - self.stack[::-1].index(tag):]

    def phrasing_only(self) -> bool:
        return bool(self.stack) and self.stack[-1] in _PHRASING_ONLY


def _text(state: StateBlock, line: int) -> str:
    return state.src[state.bMarks[line] + state.tShift[line] : state.eMarks[line]]


def _block_end(state: StateBlock, start: int, end: int) -> int:
    """Where CommonMark would end the HTML block starting at `start`: the first blank line
    (or a line outdented out of the enclosing list item)."""
    line = start + 1
    while line < end and not state.isEmpty(line) and state.sCount[line] >= state.blkIndent:
        line += 1
    return line


def _markup_end(state: StateBlock, line: int, end: int) -> int | None:
    """The line after the tag line starting at `line`, or None when it is a line of text.

    A tag line starts with a tag and ends with one (`</div>`, `<strong>Title</strong>`); a tag
    whose attributes run over several lines (`<img` / `src=...` / `/>`) makes one tag line of
    all of them. A line that starts with a tag and goes on with text (`<em>this</em> matters`)
    is text, as in MDX: it belongs to the paragraph around it.
    """
    begin = state.bMarks[line] + state.tShift[line]
    if _TAG_LINE.match(state.src, begin) is None:
        return None
    last, position = line, begin
    while (found := _ANY_TAG.search(state.src, position, state.eMarks[last])) is not None:
        tag_end = (state.src.find("-->", found.end()) + 3 if found.group(0) == "<!--"
                   else find_tag_end(state.src, found.end()))
        if tag_end <= 2:  # never closed: the rest is not markup we can read
            break
        while last + 1 < end and tag_end > state.eMarks[last]:
            last += 1
        position = tag_end
    return last + 1 if _text(state, last).rstrip().endswith(">") else None


def _runs(state: StateBlock, start: int, end: int) -> list[_Run]:
    runs: list[_Run] = []
    line = start
    while line < end:
        after = _markup_end(state, line, end)
        markup = after is not None
        after = after if after is not None else line + 1
        if runs and runs[-1].markup == markup:
            runs[-1] = _Run(markup, runs[-1].start, after)
        else:
            runs.append(_Run(markup, line, after))
        line = after
    return runs


def html_flow(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
    if silent or state.is_code_block(start_line) or not state.md.options.get("html"):
        return False
    first = _text(state, start_line)
    if not first.startswith("<") or not any(o.search(first) for o in _ENDS_AT_BLANK_LINE):
        return False
    block_end = _block_end(state, start_line, end_line)
    runs = _runs(state, start_line, block_end)
    if not runs[0].markup or all(run.markup for run in runs):
        # markup only (or a first line that is not a tag line of its own): markdown-it's own
        # html_block, exactly as CommonMark reads it
        return False
    open_elements = _OpenElements()
    for run in runs:
        if run.markup:
            _push_markup(state, run, open_elements)
        else:
            _tokenize_markdown(state, run, open_elements.phrasing_only())
    state.line = block_end
    return True


def _push_markup(state: StateBlock, run: _Run, open_elements: _OpenElements) -> None:
    token = state.push("html_block", "", 0)
    token.map = [run.start, run.end]
    token.content = state.getLines(run.start, run.end, state.blkIndent, True)
    open_elements.feed(token.content)


def _tokenize_markdown(state: StateBlock, run: _Run, phrasing_only: bool) -> None:
    first_token = len(state.tokens)
    old_parent, old_limit = state.parentType, state.lineMax
    state.parentType = "html"
    state.lineMax = run.end
    state.md.block.tokenize(state, run.start, run.end)
    state.parentType, state.lineMax = old_parent, old_limit
    if phrasing_only:
        for token in state.tokens[first_token:]:
            if token.type in ("paragraph_open", "paragraph_close"):
                token.hidden = True


def html_flow_plugin(md: MarkdownIt) -> None:
    md.block.ruler.before("html_block", "html_flow", html_flow)

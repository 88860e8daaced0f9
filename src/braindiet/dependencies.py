"""What an output read while it was made, so a rebuild can redo exactly what an edit touches.

Reading code calls `read(key)` at the few places data enters a page (the graph's queries, a
page's URL and card, a formatted reference, a nutrition figure); the build wraps each output in
`recording()`. When nothing records, `read` costs one context-variable lookup.

Keys name what was read:
    doc:<permalink>     a page's whole source (what its own page and JSON show)
    label:<permalink>   its title, label, kind and URL (what a link to it shows)
    card:<permalink>    its description, image and structure (what a card of it shows)
    figures:<permalink> a food's composition record, serving, portions and declared levels
    out:<permalink>     the edges leaving a page (what it contains, supports, ...)
    in:<permalink>      the edges reaching a page (what contains, supports, ... it)
    name:<name>         which page a name resolves to
    tag:<concept>       which pages carry a tag
    folder:<path>       which pages a folder holds, in which order, under which labels
    bib:<key>           one formatted reference;  bib:*  the whole list
    citations           which pages cite which keys
    inventory           which pages exist, and their kinds
    nutrition:foods     the composition of every food (recipe totals look foods up by name)
    problems:<file>     the diagnostics shown on a page in the dev server
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

_current: ContextVar[set[str] | None] = ContextVar("braindiet_reads", default=None)


def read(key: str) -> None:
    reads = _current.get()
    if reads is not None:
        reads.add(key)


def read_doc(permalink: str) -> None:
    read(f"doc:{permalink}")


def read_label(permalink: str) -> None:
    read(f"label:{permalink}")


def read_card(permalink: str) -> None:
    read(f"label:{permalink}")
    read(f"card:{permalink}")


def read_figures(permalink: str) -> None:
    read(f"figures:{permalink}")


@contextmanager
def recording() -> Iterator[set[str]]:
    reads: set[str] = set()
    token = _current.set(reads)
    try:
        yield reads
    finally:
        _current.reset(token)

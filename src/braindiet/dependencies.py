"""What an output read while it was made, so a rebuild can redo exactly what an edit touches.

Data enters a page at a few places (the graph's queries, a page's URL and card, a formatted
reference, a nutrition figure). Each of those records a read through a `Family` of keys:
`LABEL.read(permalink)` records `label:<permalink>`. A family is declared once, beside the
data it covers, together with the function that fingerprints that data; so a read always has
a fingerprint, and the dev server's `Snapshot` is derived from the registry, not kept by hand.

The build wraps each output in `recording()`; when nothing records, a read costs one
context-variable lookup. `strict()` (on in the tests and in `braindiet serve`) turns a read
that no fingerprint covers into an error instead of a file that is never rebuilt.
"""

from __future__ import annotations

import hashlib
import os
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

Source = TypeVar("Source")
_current: ContextVar[set[str] | None] = ContextVar("braindiet_reads", default=None)
_STRICT = [os.environ.get("BRAINDIET_STRICT_READS") == "1"]


class UnfingerprintedRead(RuntimeError):
    """A file read data that no family fingerprints: an edit to it would go unnoticed."""


@dataclass(frozen=True, slots=True, eq=False)
class Family(Generic[Source]):
    """A kind of thing an output can read, e.g. `label` (a page's title and URL).

    `fingerprint(source)` gives, for every argument the family can be read with, a value that
    changes whenever what a reader sees changes; `source` is the object the data lives in (the
    graph, the render context, the site view). A `sparse` family may be read with arguments
    that have no data, and that absence is itself the answer (a name no page answers to yet).
    """

    name: str
    source: type[Source]
    fingerprint: Callable[[Source], Mapping[str, object]]
    sparse: bool = False
    doc: str = ""

    def key(self, argument: str = "") -> str:
        return f"{self.name}:{argument}" if argument else self.name

    def read(self, argument: str = "") -> None:
        reads = _current.get()
        if reads is not None:  # `key` written out: pages make some 300 reads each, most
            # the same as another page's, and the remembered values keep theirs to the end
            reads.add(sys.intern(f"{self.name}:{argument}") if argument else self.name)


_FAMILIES: dict[str, Family[Any]] = {}


def family(name: str, source: type[Source], fingerprint: Callable[[Source], Mapping[str, object]],
           *, sparse: bool = False, doc: str = "") -> Family[Source]:
    """Declare (and register) a family of keys with the function that fingerprints it."""
    if name in _FAMILIES:
        raise ValueError(f"dependency family {name!r} is declared twice")
    declared = Family(name, source, fingerprint, sparse, doc)
    _FAMILIES[name] = declared
    return declared


def families() -> list[Family[Any]]:
    return sorted(_FAMILIES.values(), key=lambda f: f.name)


def family_of(key: str) -> Family[Any] | None:
    return _FAMILIES.get(key.split(":", 1)[0])


@contextmanager
def recording() -> Iterator[set[str]]:
    reads: set[str] = set()
    token = _current.set(reads)
    try:
        yield reads
    finally:
        _current.reset(token)


T = TypeVar("T")


def remembered(store: dict[Any, tuple[Any, frozenset[str]]], key: object,
               compute: Callable[[], T]) -> T:
    """`compute()`, made once per `key` and kept in `store` for every later file that asks
    (a matrix section many pages show, say). Each asker records the reads the first
    computation made, so a kept value still rebuilds every file that used it when any of
    them change. `key` must name everything the value depends on besides those reads."""
    found = store.get(key)
    if found is None:
        with recording() as reads:
            value = compute()
        found = store[key] = (value, frozenset(reads))
    outer = _current.get()
    if outer is not None:
        outer.update(found[1])
    kept: T = found[0]
    return kept


def strict(on: bool = True) -> None:
    """Fail loudly on reads no fingerprint covers (the tests and the dev server turn it on)."""
    _STRICT[0] = on


def is_strict() -> bool:
    return _STRICT[0]


def _digest(value: object) -> str:
    return hashlib.blake2b(repr(value).encode("utf-8"), digest_size=12).hexdigest()


@dataclass(slots=True)
class Snapshot:
    """A fingerprint of everything a file may read, by key, from every registered family."""

    keys: dict[str, str] = field(default_factory=dict)

    @classmethod
    def of(cls, *sources: object) -> Snapshot:
        keys: dict[str, str] = {}
        for declared in families():
            source = next((s for s in sources if isinstance(s, declared.source)), None)
            if source is None:
                raise TypeError(f"no {declared.source.__name__} given to fingerprint "
                                f"{declared.name!r}")
            for argument, value in declared.fingerprint(source).items():
                keys[declared.key(argument)] = _digest(value)
        return cls(keys)

    def dirty(self, newer: Snapshot) -> set[str]:
        """Keys whose data changed, appeared or disappeared."""
        names = self.keys.keys() | newer.keys.keys()
        return {k for k in names if self.keys.get(k) != newer.keys.get(k)}

    def verify(self, reads: Iterable[str], what: str) -> None:
        """In strict mode, raise when `what` read a key that nothing fingerprints."""
        if not is_strict():
            return
        for key in reads:
            declared = family_of(key)
            if declared is None:
                raise UnfingerprintedRead(f"{what} read {key!r}, of no registered family")
            if key not in self.keys and not declared.sparse:
                raise UnfingerprintedRead(
                    f"{what} read {key!r}, which {declared.name!r}'s fingerprint does not cover")

"""What each produced file read, held compactly: a build keeps this for every file it made.

A page reads some 200 dependency keys (`braindiet.dependencies`), and a site's files share a
few thousand distinct keys among them. As a set of strings, each file's keys took about 6 KB
(10,000 pages, 41,000 files: 450 MB of a build's 1.4 GB); numbered once in a `KeyTable` and
packed as 4-byte numbers, they take a tenth of that, and the build record unpickles faster.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left
from collections.abc import Iterable, Iterator
from typing import Final

_CODE: Final = "I"  # unsigned 32-bit: a site has far fewer than 4 billion distinct keys
_FEW = 8  # dirty keys up to which each is looked up in a file's keys (else one pass over them)


class KeyTable:
    """Numbers for dependency keys, shared by every `Reads` of a build and the builds after
    it (a record pickles the table once, with the files that use it)."""

    __slots__ = ("names", "numbers")

    def __init__(self) -> None:
        self.names: list[str] = []
        self.numbers: dict[str, int] = {}

    def __len__(self) -> int:
        return len(self.names)

    def __getstate__(self) -> list[str]:
        return self.names

    def __setstate__(self, names: list[str]) -> None:
        self.names = names
        self.numbers = {name: number for number, name in enumerate(names)}

    def pack(self, keys: Iterable[str]) -> Reads:
        numbers = self.numbers
        found: set[int] = set()
        for key in keys:
            number = numbers.get(key)
            if number is None:
                number = numbers[key] = len(self.names)
                self.names.append(key)
            found.add(number)
        return Reads(self, array(_CODE, sorted(found)).tobytes())

    def known(self, keys: Iterable[str]) -> frozenset[int]:
        """The numbers of those of `keys` the table has (a key it lacks no file read)."""
        return frozenset(n for key in keys if (n := self.numbers.get(key)) is not None)


class Reads:
    """The keys one file read: their numbers in `table`, sorted, packed."""

    __slots__ = ("packed", "table")

    def __init__(self, table: KeyTable, packed: bytes) -> None:
        self.table = table
        self.packed = packed

    def __getstate__(self) -> tuple[KeyTable, bytes]:
        return self.table, self.packed

    def __setstate__(self, state: tuple[KeyTable, bytes]) -> None:
        self.table, self.packed = state

    def _numbers(self) -> memoryview[int]:
        return memoryview(self.packed).cast("I")  # _CODE, spelled out for the type checker

    def __iter__(self) -> Iterator[str]:
        names = self.table.names
        return (names[number] for number in self._numbers())

    def __len__(self) -> int:
        return len(self.packed) // array(_CODE).itemsize

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Reads) and frozenset(self) == frozenset(other)

    def __hash__(self) -> int:
        return hash(frozenset(self))

    def __repr__(self) -> str:
        return f"Reads({sorted(self)!r})"

    def touches(self, dirty: frozenset[int]) -> bool:
        """Whether this file read any of `dirty` (numbers from `KeyTable.known`)."""
        if not dirty:
            return False
        numbers = self._numbers()
        if len(dirty) > _FEW:
            return not dirty.isdisjoint(numbers)
        size = len(numbers)
        for number in dirty:
            at = bisect_left(numbers, number)
            if at < size and numbers[at] == number:
                return True
        return False

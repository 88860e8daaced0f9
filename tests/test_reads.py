"""What a build keeps of each file's reads answers as the set of keys it stands for would."""

from __future__ import annotations

import pickle

from hypothesis import given
from hypothesis import strategies as st

from braindiet.site.reads import KeyTable

keys = st.text(alphabet="abc:/-", min_size=1, max_size=6)
files = st.lists(st.frozensets(keys, max_size=30), min_size=1, max_size=8)


@given(files, st.frozensets(keys, max_size=20))
def test_packed_reads_answer_as_their_keys(read: list[frozenset[str]],
                                           changed: frozenset[str]) -> None:
    table = KeyTable()
    packed = [table.pack(keys) for keys in read]
    dirty = table.known(changed)
    for keys, reads in zip(read, packed, strict=True):
        assert frozenset(reads) == keys
        assert len(reads) == len(keys)
        # a file is rebuilt exactly when it read a key that changed, however many changed
        assert reads.touches(dirty) == bool(keys & changed)


@given(files)
def test_a_record_pickles_the_table_once_and_reads_back_the_same_keys(
        read: list[frozenset[str]]) -> None:
    table = KeyTable()
    packed = [table.pack(keys) for keys in read]
    back = pickle.loads(pickle.dumps(packed))
    assert [frozenset(reads) for reads in back] == read
    assert all(reads.table is back[0].table for reads in back)
    # a later build numbers its new keys in the table it read back, without clashes
    later = back[0].table.pack({"new:key", *read[0]})
    assert frozenset(later) == {"new:key", *read[0]}
    assert [frozenset(reads) for reads in back] == read


def test_packed_reads_are_a_fraction_of_a_set_of_strings() -> None:
    table = KeyTable()
    names = [f"label:/substances/minerals/substance-{n}" for n in range(200)]
    reads = table.pack(names)
    as_set = len(pickle.dumps(frozenset(names)))
    assert len(reads.packed) * 10 < as_set

"""The rule that splits the searchable pages into search shards: stable, so an edit re-indexes
little; deterministic, so an edit-sized build writes what a clean build writes."""

from __future__ import annotations

import string

from hypothesis import assume, given
from hypothesis import strategies as st

from braindiet.site.search import Shard, plan_shards, shard_count

paths = st.text(string.ascii_lowercase + "-", min_size=1, max_size=12).map(
    lambda name: f"docs/{name}/index.html")
digests = st.text("0123456789abcdef", min_size=4, max_size=4)
sites = st.dictionaries(paths, digests, max_size=300)


def shard_holding(shards: dict[str, Shard], path: str) -> str:
    (name,) = [name for name, shard in shards.items() if path in shard.pages]
    return name


@given(sites)
def test_every_page_is_in_exactly_one_shard(pages: dict[str, str]) -> None:
    shards = plan_shards(pages)
    held = [path for shard in shards.values() for path in shard.pages]
    assert sorted(held) == sorted(pages)
    assert all(shard.pages for shard in shards.values())  # no empty shard is listed
    assert len(shards) <= shard_count(len(pages))


@given(sites)
def test_the_shards_depend_on_the_pages_not_on_the_order_they_come_in(pages: dict[str, str]
                                                                        ) -> None:
    backwards = dict(reversed(list(pages.items())))
    assert plan_shards(backwards) == plan_shards(pages)
    assert plan_shards(dict(pages)) == plan_shards(pages)


@given(sites, st.data())
def test_editing_a_page_changes_only_its_own_shard(pages: dict[str, str], data: st.DataObject
                                                   ) -> None:
    assume(pages)
    edited = data.draw(st.sampled_from(sorted(pages)))
    after = {**pages, edited: pages[edited] + "!"}
    before_shards, after_shards = plan_shards(pages), plan_shards(after)
    assert before_shards.keys() == after_shards.keys()
    changed = {name for name in before_shards if before_shards[name] != after_shards[name]}
    assert changed == {shard_holding(before_shards, edited)}


@given(sites, sites)
def test_adding_or_removing_pages_changes_only_their_shards(pages: dict[str, str],
                                                            added: dict[str, str]) -> None:
    """While the page count stays between the same powers of four (the shard count is the
    same), the shards no added page lands in are exactly as they were; the same read
    backwards is removing pages."""
    grown = {**pages, **{path: digest for path, digest in added.items() if path not in pages}}
    assume(shard_count(len(grown)) == shard_count(len(pages)))
    before, after = plan_shards(pages), plan_shards(grown)
    new = grown.keys() - pages.keys()
    touched = {shard_holding(after, path) for path in new}
    for name, shard in after.items():
        if name not in touched:
            assert before[name] == shard
    for name in touched:
        assert before.get(name) != after[name]
    assert before.keys() <= after.keys()  # no shard disappears when pages are added


@given(st.integers(min_value=1, max_value=200_000))
def test_the_shard_count_changes_only_where_the_page_count_crosses_a_power_of_four(pages: int
                                                                                   ) -> None:
    powers_of_four = {4 ** k for k in range(1, 10)}
    assert (shard_count(pages + 1) != shard_count(pages)) == (pages + 1 in powers_of_four)


@given(st.integers(min_value=0, max_value=200_000))
def test_the_shard_count_balances_an_edit_against_the_whole_index(pages: int) -> None:
    """About the square root of the pages: an edit re-indexes one shard of about that many
    pages, and a whole build pays Pagefind's start that many times, neither growing fast."""
    count = shard_count(pages)
    assert count & (count - 1) == 0  # a power of two
    assert count * count <= max(pages, 1) and pages < 16 * count * count

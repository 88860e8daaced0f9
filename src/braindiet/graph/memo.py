"""Queries answered once per graph: a built graph never changes, and a large site asks the same
question of its popular pages thousands of times (every food page lists the areas of each of
its substances' targets), so re-sorting the same edges for each page made rendering grow
faster than the site.

An answer is remembered with the reads its first computation recorded
(`braindiet.dependencies`), and every later answer records them again: a page that gets the
remembered answer depends on exactly what it would have read itself.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, Concatenate, ParamSpec, Protocol, TypeVar

from braindiet.dependencies import remembered as remembered_with_reads

# (query name, its arguments) -> (the answer, the keys computing it read)
Memo = dict[tuple[object, ...], tuple[tuple[Any, ...], frozenset[str]]]

P = ParamSpec("P")
T = TypeVar("T")


class Remembering(Protocol):
    """A graph remembers answers once it is built (`_memo` is None while it is built: a query
    made then may see edges that are still missing)."""

    _memo: Memo | None


G = TypeVar("G", bound=Remembering)


def remembered(query: Callable[Concatenate[G, P], list[T]]
               ) -> Callable[Concatenate[G, P], list[T]]:
    """A list-valued graph query, computed once per arguments; each caller gets its own list."""
    name = query.__name__

    @wraps(query)
    def answer(graph: G, /, *args: P.args, **kwargs: P.kwargs) -> list[T]:
        memo = graph._memo
        if memo is None:
            return query(graph, *args, **kwargs)
        key = (name, *args, *sorted(kwargs.items()))
        return list(remembered_with_reads(
            memo, key, lambda: tuple(query(graph, *args, **kwargs))))

    return answer

"""Questions asked across the causal chain, answered from the knowledge graph alone.

    Recipe --contains--> Food --contains--> Substance --supports--> Target --disrupted in--> Area
    Recipe -> Food -> Substance --supports / cofactor of--> System or mechanism
           --modulates--> Phenome --in area--> Area

Every relation comes from a `KnowledgeGraph` method; this module only combines them: which
recipes reach the targets of an area, and which chains link two pages. Results are plain,
frozen data in a deterministic order, so the command line, the JSON API and tests agree.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from braindiet.content.document import Document
from braindiet.content.kinds import TARGET_KINDS, Kind
from braindiet.graph.edges import CHAIN_RELATIONS as CHAIN_RELATIONS
from braindiet.graph.edges import chain_ends
from braindiet.graph.knowledge import Edge, KnowledgeGraph, Relation

# Only the chain's relations (graph/edges.py) make up the causal chain; a recipe tagged with a
# target directly is a `tagged` edge and explains nothing, so neither ranking nor paths follow
# it. `part of` is walked from the whole to its part: a system leads to its mechanisms.


def _title_key(document: Document) -> tuple[str, str]:
    return (document.title.casefold(), document.permalink)


# ---- ranking recipes ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Chain:
    """One explanation of why a recipe supports a target: recipe → food → substance → target
    (→ phenome, when the target is a mechanism chosen for an area's phenomes)."""

    recipe: Document
    food: Document
    substance: Document
    target: Document
    mechanism: str | None  # the substance's own sentence on how it acts at the target
    relation: Relation = Relation.SUPPORTS  # or `cofactor_of`: the PM names the substance
    phenomes: tuple[Document, ...] = ()  # the target's phenomes in the chosen area, by id


@dataclass(frozen=True, slots=True)
class TargetSupport:
    """A chosen target a recipe reaches, and every chain by which it reaches it."""

    target: Document
    chains: tuple[Chain, ...]


@dataclass(frozen=True, slots=True)
class RecipeRank:
    """A recipe's standing against the chosen targets.

    `score` is the number of distinct chosen targets the recipe reaches through
    recipe → food → substance → target; `chain_count` the number of distinct such chains
    (food, substance, target) ending at a chosen target.
    """

    recipe: Document
    supports: tuple[TargetSupport, ...]  # one per chosen target reached, by target title

    @property
    def score(self) -> int:
        return len(self.supports)

    @property
    def chain_count(self) -> int:
        return sum(len(support.chains) for support in self.supports)

    @property
    def targets(self) -> list[Document]:
        return [support.target for support in self.supports]

    @property
    def chains(self) -> list[Chain]:
        return [chain for support in self.supports for chain in support.chains]


def chosen_targets(graph: KnowledgeGraph, area: Document | None = None,
                   targets: Iterable[Document] = ()) -> list[Document]:
    """The union of the area's targets and the explicit ones, by title."""
    explicit = list(targets)
    for target in explicit:
        if target.kind not in TARGET_KINDS:
            raise ValueError(f"{target.title!r} is a {target.kind}, not a biological target")
    if area is not None and area.kind is not Kind.AREA:
        raise ValueError(f"{area.title!r} is a {area.kind}, not a therapeutic area")
    from_area = graph.area_targets(area) if area is not None else []
    return sorted({*from_area, *explicit}, key=_title_key)


def recipe_chains(graph: KnowledgeGraph, recipe: Document, targets: Iterable[Document],
                  area: Document | None = None) -> list[Chain]:
    """Every recipe → food → substance → target chain ending at one of the targets; with an
    area, each chain names the target's phenomes that lie in it."""
    wanted = set(targets)
    in_area = set(graph.area_phenomes(area)) if area is not None else set()
    phenomes: dict[Document, tuple[Document, ...]] = {}
    chains = []
    for food in graph.recipe_foods(recipe):
        for substance in graph.substances(food):
            for link in graph.target_links(substance):
                if link.target not in wanted:
                    continue
                if in_area and link.target not in phenomes:
                    phenomes[link.target] = tuple(
                        p for p in graph.phenomes_of(link.target) if p in in_area)
                chains.append(Chain(recipe, food, substance, link.target, link.mechanism,
                                    link.relation, phenomes.get(link.target, ())))
    return chains


def rank_recipes(graph: KnowledgeGraph, area: Document | None = None,
                 targets: Iterable[Document] = ()) -> list[RecipeRank]:
    """Recipes ranked by how many of the chosen targets they support, with the chains why.

    The chosen targets are the area's biological targets (those disrupted in it) together with
    any explicit `targets`. A recipe supports a target when one of its foods contains a
    substance that supports the target. Ranking, highest first:

    1. `score`: distinct chosen targets reached;
    2. `chain_count`: distinct (food, substance, target) chains reaching them — more
       independent routes to the same targets rank higher;
    3. title (case-insensitive), then permalink, so ties are stable.

    Recipes reaching none of the chosen targets are left out. Choosing nothing (no area, no
    targets) is a `ValueError`: there would be nothing to rank by.
    """
    chosen = chosen_targets(graph, area, targets)
    if area is None and not chosen:
        raise ValueError("choose a therapeutic area or at least one biological target")
    ranks = []
    for recipe in (d for d in graph.documents if d.kind is Kind.RECIPE):
        chains = recipe_chains(graph, recipe, chosen, area)
        supports = tuple(TargetSupport(t, tuple(c for c in chains if c.target is t))
                         for t in chosen if any(c.target is t for c in chains))
        if supports:
            ranks.append(RecipeRank(recipe, supports))
    return sorted(ranks, key=lambda r: (-r.score, -r.chain_count, *_title_key(r.recipe)))


# ---- paths between two pages ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Step:
    """One edge of a path, walked with the chain (`reverse` False) or against it."""

    edge: Edge
    reverse: bool = False

    @property
    def start(self) -> Document:
        return self.edge.target if self.reverse else self.edge.source

    @property
    def end(self) -> Document:
        return self.edge.source if self.reverse else self.edge.target

    @property
    def relation(self) -> Relation:
        return self.edge.relation


def paths(graph: KnowledgeGraph, start: Document, end: Document,
          max_length: int = 6) -> list[list[Step]]:
    """Every chain of causal edges linking `start` to `end`, shortest first.

    Edges are followed in the chain's direction (recipe towards area; a system towards its
    parts, so a `part of` edge is walked backwards and its step says so). When `start` lies
    downstream of `end` (an area and a food, say), the whole walk goes up the chain instead.
    Only the chain's edges count (contains, supports, cofactor of, part of, modulates, in
    area, disrupted in); a path
    visits a page at most once and has at most `max_length` steps. Two pages no causal chain
    joins (two foods, a food and a paper) give no paths. Paths of equal length are ordered by
    the titles of the pages they pass through.
    """
    if start is end or max_length < 1:
        return []
    found = list(_walk(graph, [start], end, max_length, reverse=False))
    if not found:
        found = list(_walk(graph, [start], end, max_length, reverse=True))
    return sorted(found, key=lambda path: (len(path), [_title_key(s.end) for s in path]))


def _walk(graph: KnowledgeGraph, trail: list[Document], end: Document, max_length: int,
          reverse: bool, steps: tuple[Step, ...] = ()) -> Iterator[list[Step]]:
    here = trail[-1]
    for step in _chain_steps(graph, here, reverse):
        if step.end in trail:
            continue
        if step.end is end:
            yield [*steps, step]
        elif len(steps) + 1 < max_length:
            yield from _walk(graph, [*trail, step.end], end, max_length, reverse,
                             (*steps, step))


def _chain_steps(graph: KnowledgeGraph, document: Document, reverse: bool) -> list[Step]:
    """The steps leading away from `document`, down the chain (or up it, when `reverse`)."""
    steps = []
    for edge in graph.neighbours(document):
        ends = chain_ends(edge)
        if ends is None or (ends[1] if reverse else ends[0]) is not document:
            continue
        against_edge = (ends[0] is edge.target) != reverse  # walked target -> source
        steps.append(Step(edge, against_edge))
    return sorted(steps, key=lambda s: _title_key(s.end))

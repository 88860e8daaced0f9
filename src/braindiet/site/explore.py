"""Find and explore: the whole-site graph view, the recipe finder and each page's local graph.

Every view is a static page plus a compact JSON file that a small script in the page reads;
nothing needs a server. The data comes from the knowledge graph's own queries, so the views
say what the pages say:

    docs/graph/index.html                  the whole causal chain, drawn (assets/graph-view.js)
    docs/finder/index.html                 recipes ranked for a therapeutic area or targets
                                           (assets/finder.js)
    api/explore/graph.json                 every page on the chain and the chain's edges
    api/explore/finder.json                every recipe's chains, ranked in the browser by
                                           the rule of `braindiet.graph.query.rank_recipes`
    api/explore/local/<permalink>.json     one page's neighbourhood along the chain
                                           (assets/local-graph.js)

Like every producer, each records what it reads (`braindiet.dependencies`), so the dev
server remakes exactly the files an edit can change.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from functools import partial
from typing import Any

from braindiet.content import kinds
from braindiet.content.document import Document
from braindiet.content.kinds import CHAIN_INDEX, CHAIN_KINDS, MECHANISM_KINDS, TARGET_KINDS, Kind
from braindiet.content.permalinks import FINDER_PERMALINK, GRAPH_PERMALINK
from braindiet.graph.edges import chain_ends
from braindiet.graph.knowledge import GRAPH, KnowledgeGraph, Relation
from braindiet.graph.query import recipe_chains
from braindiet.render.context import RenderContext
from braindiet.render.templating import environment
from braindiet.site.layout import common
from braindiet.site.view import Producer, SiteView, output_path

EXPLORE_API = "api/explore"
GRAPH_DATA_PATH = f"{EXPLORE_API}/graph.json"
FINDER_DATA_PATH = f"{EXPLORE_API}/finder.json"


# The whole-site view draws at most this many nodes at once; larger sites start with the
# kinds that fit (the reader may add others while the total stays under the limit).
GRAPH_NODE_LIMIT = 3000
# A local graph shows everything downstream of a page (what it leads to, up to the areas)
# but only this many steps upstream (its sources): an area's full ancestry is the whole site.
UPSTREAM_STEPS = 2
# and at most this many pages of each kind, the best connected first (on a large site a
# target's foods run into thousands); the file counts the others.
LOCAL_KIND_LIMIT = 40

Neighbours = Callable[[KnowledgeGraph, Document], list[Document]]


def _both(*steps: Neighbours) -> Neighbours:
    def step(graph: KnowledgeGraph, document: Document) -> list[Document]:
        return [other for one in steps for other in one(graph, document)]
    return step


def _disrupted_areas(graph: KnowledgeGraph, target: Document) -> list[Document]:
    return [e.target for e in graph.neighbours(target)
            if e.source is target and e.relation is Relation.DISRUPTED_IN]


def _disrupted_targets(graph: KnowledgeGraph, area: Document) -> list[Document]:
    return [e.source for e in graph.neighbours(area)
            if e.target is area and e.relation is Relation.DISRUPTED_IN]


def _parent(graph: KnowledgeGraph, part: Document) -> list[Document]:
    parent = graph.parent(part)
    return [parent] if parent is not None else []


# One step along the chain from each kind, as the graph's own queries (each records its read):
# the edges themselves, never a roll-up (a system's phenomes are reached through its parts).
_ONTOLOGY_DOWN = _both(KnowledgeGraph.parts, KnowledgeGraph.direct_phenomes, _disrupted_areas)
DOWNSTREAM: dict[Kind, Neighbours] = {
    Kind.RECIPE: KnowledgeGraph.recipe_foods, Kind.FOOD: KnowledgeGraph.substances,
    Kind.SUBSTANCE: KnowledgeGraph.targets, Kind.TARGET: KnowledgeGraph.areas,
    **dict.fromkeys((Kind.SYSTEM, *MECHANISM_KINDS), _ONTOLOGY_DOWN),
    Kind.PHENOME: KnowledgeGraph.areas_of_phenome,
}
_ONTOLOGY_UP = _both(KnowledgeGraph.target_substances, _parent)
UPSTREAM: dict[Kind, Neighbours] = {
    Kind.FOOD: KnowledgeGraph.recipes, Kind.SUBSTANCE: KnowledgeGraph.foods,
    Kind.TARGET: KnowledgeGraph.target_substances,
    **dict.fromkeys((Kind.SYSTEM, *MECHANISM_KINDS), _ONTOLOGY_UP),
    Kind.PHENOME: KnowledgeGraph.modulators,
    Kind.AREA: _both(_disrupted_targets, KnowledgeGraph.area_phenomes),
}


def local_graph_path(permalink: str) -> str:
    """`/docs/foods/spinach` -> `api/explore/local/docs/foods/spinach.json` (local-graph.js
    finds a page's file the same way, from the address it is served at)."""
    return f"{EXPLORE_API}/local/{permalink.strip('/') or 'index'}.json"


def producers(site: SiteView) -> list[Producer]:
    """The explore pages and the data behind them."""
    made = [
        Producer(output_path(GRAPH_PERMALINK), graph_page),
        Producer(output_path(FINDER_PERMALINK), finder_page),
        Producer(GRAPH_DATA_PATH, lambda s: encode(graph_json(s.ctx))),
        Producer(FINDER_DATA_PATH, lambda s: encode(finder_json(s.ctx))),
    ]
    for document in _chain_documents(site.ctx.graph.documents):
        made.append(Producer(local_graph_path(document.permalink),
                             partial(_local_graph_file, document=document)))
    return made


# ---- pages -------------------------------------------------------------------------------


def _kind_rows(site: SiteView) -> list[dict[str, Any]]:
    """The chain's kinds present on the site, in chain order, with their counts."""
    counts = {kind: 0 for kind in CHAIN_KINDS}
    for document in site.ctx.graph.documents:
        if document.kind in counts:
            counts[document.kind] += 1
    return [{"kind": str(kind), "label": kinds.label(kind), "plural": kinds.plural(kind),
             "count": counts[kind]} for kind in CHAIN_KINDS if counts[kind]]


def _render_explore(site: SiteView, template: str, **values: Any) -> bytes:
    html = environment().get_template(template).render(**common(site), **values)
    return html.encode("utf-8")


def graph_page(site: SiteView) -> bytes:
    kinds = _kind_rows(site)
    return _render_explore(
        site, "graph.html.j2", page_title="Graph", explore_current="graph",
        description="Every recipe, food, substance, biological target and therapeutic area, "
                    "and the causal chain that links them.",
        kinds=kinds, node_limit=GRAPH_NODE_LIMIT, total=sum(k["count"] for k in kinds),
        data_url=site.ctx.url(f"/{GRAPH_DATA_PATH}"))


def finder_page(site: SiteView) -> bytes:
    documents = site.ctx.graph.documents
    areas = _choices(site.ctx, [d for d in documents if d.kind is Kind.AREA])
    targets = _choices(site.ctx, [d for d in documents if d.kind in TARGET_KINDS])
    recipes = sum(1 for d in documents if d.kind is Kind.RECIPE)
    return _render_explore(
        site, "finder.html.j2", page_title="Recipe finder", explore_current="finder",
        description="Pick a therapeutic area or biological targets; see the recipes that "
                    "support the most of them, and the chain that explains why.",
        areas=areas, targets=targets, recipe_count=recipes,
        data_url=site.ctx.url(f"/{FINDER_DATA_PATH}"))


def _choices(ctx: RenderContext, documents: list[Document]) -> list[dict[str, str]]:
    ordered = _by_title(documents)
    slugs = slugs_for(ordered)
    return [{"id": slugs[d], "label": d.label, "title": d.title, "url": ctx.page_url(d)}
            for d in ordered]


# ---- whole-site graph --------------------------------------------------------------------


def graph_json(ctx: RenderContext) -> dict[str, Any]:
    """Every page on the chain and the chain's edges (contains, supports, cofactor of,
    part of, modulates, in area, disrupted in).

    `nodes` are `[kind index, label, url]` (with the title fourth when it differs from the
    label), in chain order then by title; `edges` are `[source, target]` node indices,
    pointing down the chain (recipe towards area; a system towards its parts).
    """
    GRAPH.read()
    graph = ctx.graph
    nodes = _chain_documents(graph.documents)
    index = {document: position for position, document in enumerate(nodes)}
    ends = (chain_ends(e) for e in graph.edges())
    edges = sorted({(index[up], index[down]) for up, down in (e for e in ends if e)
                    if up in index and down in index})
    return {
        "kinds": [str(kind) for kind in CHAIN_KINDS],
        "nodes": [_node_row(ctx, d) for d in nodes],
        "edges": [list(edge) for edge in edges],
    }


def _node_row(ctx: RenderContext, document: Document) -> list[Any]:
    row: list[Any] = [CHAIN_INDEX[document.kind], document.label, ctx.page_url(document)]
    if document.title != document.label:
        row.append(document.title)
    return row


# ---- one page's neighbourhood ------------------------------------------------------------


def _local_graph_file(site: SiteView, document: Document) -> bytes:
    return encode(local_graph_json(site.ctx, document))


def local_graph_json(ctx: RenderContext, page: Document) -> dict[str, Any]:
    """The page, everything downstream of it and its sources up to `UPSTREAM_STEPS` away.

    `nodes[0]` is the page; nodes are `{kind, label, url[, title]}`; `edges` are
    `[source, target]` indices pointing down the chain; `more` counts, by kind, the pages
    left out beyond `LOCAL_KIND_LIMIT`. Only the edges walked and the labels shown are read,
    so an edit elsewhere leaves the file alone.
    """
    edges: set[tuple[Document, Document]] = set()
    downstream = _walk(ctx.graph, page, DOWNSTREAM, edges, steps=len(CHAIN_KINDS))
    upstream = _walk(ctx.graph, page, UPSTREAM, edges, steps=UPSTREAM_STEPS, reverse=True)
    kept, more = _best_connected((downstream | upstream) - {page}, edges)
    nodes = [page, *kept]
    index = {document: position for position, document in enumerate(nodes)}
    return {
        "nodes": [_local_node(ctx, d) for d in nodes],
        "edges": sorted([index[s], index[t]] for s, t in edges if s in index and t in index),
        "more": more,
    }


def _best_connected(documents: set[Document], edges: set[tuple[Document, Document]]
                    ) -> tuple[list[Document], dict[str, int]]:
    """At most `LOCAL_KIND_LIMIT` pages of each kind, most linked within the graph first; the
    kept ones in chain order, and how many of each kind were left out."""
    degree = dict.fromkeys(documents, 0)
    for source, target in edges:
        for end in (source, target):
            if end in degree:
                degree[end] += 1
    kept: list[Document] = []
    more: dict[str, int] = {}
    for kind in CHAIN_KINDS:
        of_kind = sorted((d for d in documents if d.kind is kind),
                         key=lambda d: (-degree[d], *_chain_key(d)))
        kept.extend(sorted(of_kind[:LOCAL_KIND_LIMIT], key=_chain_key))
        if len(of_kind) > LOCAL_KIND_LIMIT:
            more[str(kind)] = len(of_kind) - LOCAL_KIND_LIMIT
    return kept, more


def _walk(graph: KnowledgeGraph, start: Document, step: dict[Kind, Neighbours],
          edges: set[tuple[Document, Document]], steps: int, reverse: bool = False,
          ) -> set[Document]:
    """Pages reached from `start` in at most `steps` steps, adding the edges walked."""
    reached = {start}
    frontier = [start]
    for _ in range(steps):
        following = []
        for document in frontier:
            neighbours = step.get(document.kind)
            for other in neighbours(graph, document) if neighbours else []:
                edges.add((other, document) if reverse else (document, other))
                if other not in reached:
                    reached.add(other)
                    following.append(other)
        frontier = following
    return reached


def _local_node(ctx: RenderContext, document: Document) -> dict[str, str]:
    node = {"kind": str(document.kind), "label": document.label, "url": ctx.page_url(document)}
    if document.title != document.label:
        node["title"] = document.title
    return node


# ---- the recipe finder -------------------------------------------------------------------


def finder_json(ctx: RenderContext) -> dict[str, Any]:
    """What the finder ranks: every recipe's recipe → food → substance → target chains.

    The page applies `rank_recipes`' rule to the reader's choice: the chosen targets are the
    area's targets together with the ones picked; a recipe's score is the number of chosen
    targets its chains reach, then the number of chains reaching them; ties go by the order
    of `recipes` (title, then permalink). `targets` come in that same order, so the chosen
    ones are listed as `rank_recipes` lists them; each chain is `[food, substance, target,
    mechanism]` as indices into `foods`, `substances`, `targets` and `mechanisms` (the last
    null when the substance gives no sentence), in `recipe_chains`' order. A target that is a
    regulatory system or mechanism also gives its `kind`, and its `phenomes` (indices into
    `phenomes`); an area lists its `phenomes` too.
    """
    GRAPH.read()
    graph = ctx.graph
    documents = graph.documents
    targets = _by_title(d for d in documents if d.kind in TARGET_KINDS)
    areas = _by_title(d for d in documents if d.kind is Kind.AREA)
    recipes = _by_title(d for d in documents if d.kind is Kind.RECIPE)
    target_index = {t: i for i, t in enumerate(targets)}
    foods: dict[Document, int] = {}
    substances: dict[Document, int] = {}
    mechanisms: dict[str, int] = {}

    def position(table: dict[Any, int], item: Any) -> int:
        return table.setdefault(item, len(table))

    recipe_rows = []
    for recipe in recipes:
        chains = [[position(foods, c.food), position(substances, c.substance),
                   target_index[c.target],
                   position(mechanisms, c.mechanism) if c.mechanism else None]
                  for c in recipe_chains(graph, recipe, targets)]
        recipe_rows.append({**_choice(ctx, recipe), "chains": chains})
    target_slugs, area_slugs = slugs_for(targets), slugs_for(areas)
    phenomes: dict[Document, int] = {}
    target_rows = []
    for target in targets:
        row: dict[str, Any] = {**_choice(ctx, target), "id": target_slugs[target]}
        if target.kind is not Kind.TARGET:
            row["kind"] = str(target.kind)
            row["phenomes"] = [position(phenomes, p) for p in graph.phenomes_of(target)]
        target_rows.append(row)
    area_rows = []
    for area in areas:
        row = {**_choice(ctx, area), "id": area_slugs[area],
               "targets": sorted(target_index[t] for t in graph.area_targets(area))}
        if in_area := graph.area_phenomes(area):
            row["phenomes"] = [position(phenomes, p) for p in in_area]
        area_rows.append(row)
    data: dict[str, Any] = {
        "areas": area_rows, "targets": target_rows, "recipes": recipe_rows,
        "foods": [_choice(ctx, d) for d in foods],
        "substances": [_choice(ctx, d) for d in substances],
        "mechanisms": list(mechanisms),
    }
    if phenomes:
        data["phenomes"] = [_choice(ctx, d) for d in phenomes]
    return data


def _choice(ctx: RenderContext, document: Document) -> dict[str, str]:
    return {"label": document.label, "title": document.title, "url": ctx.page_url(document)}


def slugs_for(documents: Iterable[Document]) -> dict[Document, str]:
    """Short, stable names for addresses (`?area=adhd`): the permalink's last part in lower
    case, numbered from the second page that shares it (in the order given)."""
    slugs: dict[Document, str] = {}
    taken: set[str] = set()
    for document in documents:
        base = document.permalink.rstrip("/").rsplit("/", 1)[-1].casefold() or "index"
        slug, number = base, 1
        while slug in taken:
            number += 1
            slug = f"{base}-{number}"
        taken.add(slug)
        slugs[document] = slug
    return slugs


# ---- helpers -----------------------------------------------------------------------------


def _title_key(document: Document) -> tuple[str, str]:
    return (document.title.casefold(), document.permalink)  # as braindiet.graph.query ranks


def _by_title(documents: Iterable[Document]) -> list[Document]:
    return sorted(documents, key=_title_key)


def _chain_key(document: Document) -> tuple[int, str, str]:
    return (CHAIN_INDEX[document.kind], document.label.casefold(), document.permalink)


def _chain_documents(documents: Iterable[Document]) -> list[Document]:
    return sorted((d for d in documents if d.kind in CHAIN_INDEX), key=_chain_key)


def encode(value: Any) -> bytes:
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return (text + "\n").encode("utf-8")

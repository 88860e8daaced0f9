"""The data behind the explore views: the recipe finder must rank as `braindiet query` does, the
graph view must draw the causal chain and nothing else, and a page's local graph must hold its
neighbours along the chain."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterable
from itertools import combinations
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup

from braindiet.content.document import Document
from braindiet.content.kinds import Kind
from braindiet.graph.knowledge import KnowledgeGraph
from braindiet.graph.query import CHAIN_RELATIONS, rank_recipes
from braindiet.project import Project, example_site, load_project
from braindiet.render.context import RenderContext
from braindiet.site.assets import packaged_assets
from braindiet.site.explore import (
    CHAIN_KINDS,
    FINDER_DATA_PATH,
    GRAPH_DATA_PATH,
    finder_json,
    graph_json,
    local_graph_json,
    local_graph_path,
    slugs_for,
)
from braindiet.site.incremental import LiveSite

MAGNESIUM = "/docs/substances/nutrients/micronutrients/minerals/macro/magnesium"


@pytest.fixture(scope="module")
def project() -> Project:
    return load_project(None)


@pytest.fixture(scope="module")
def ctx(project: Project) -> RenderContext:
    return RenderContext(graph=project.graph, config=project.config,
                         bibliography=project.bibliography)


@pytest.fixture(scope="module")
def finder(ctx: RenderContext) -> dict[str, Any]:
    return json.loads(json.dumps(finder_json(ctx)))  # exactly what the page reads


def of_kind(graph: KnowledgeGraph, kind: Kind) -> list[Document]:
    return [d for d in graph.documents if d.kind is kind]


# ---- the recipe finder ranks as rank_recipes does ------------------------------------------


def rank_like_the_page(data: dict[str, Any], area: str = "", targets: Iterable[str] = ()
                       ) -> list[dict[str, Any]]:
    """The finder page's ranking (explore.js `rankRecipes`), step for step, in Python; the
    page explains each reached target with its chains in the order given."""
    chosen_ids = set(targets)
    for item in data["areas"]:
        if item["id"] == area:
            chosen_ids |= {data["targets"][i]["id"] for i in item["targets"]}
    chosen = sorted(i for i, t in enumerate(data["targets"]) if t["id"] in chosen_ids)
    ranked = []
    for order, recipe in enumerate(data["recipes"]):
        chains = [c for c in recipe["chains"] if c[2] in chosen]
        reached = [t for t in chosen if any(c[2] == t for c in chains)]
        if chains:
            ranked.append({"recipe": recipe, "order": order, "chains": chains,
                           "reached": reached})
    ranked.sort(key=lambda r: (-len(r["reached"]), -len(r["chains"]), r["order"]))
    return ranked


def explained(data: dict[str, Any], chain: list[Any]) -> tuple[str, str, str, str | None]:
    food, substance, target, mechanism = chain
    return (data["foods"][food]["url"], data["substances"][substance]["url"],
            data["targets"][target]["url"],
            data["mechanisms"][mechanism] if mechanism is not None else None)


def assert_same_ranking(data: dict[str, Any], ctx: RenderContext, page_ranking: list[Any],
                        expected: list[Any]) -> None:
    assert [r["recipe"]["url"] for r in page_ranking] == \
        [ctx.page_url(r.recipe) for r in expected]
    for mine, theirs in zip(page_ranking, expected, strict=True):
        assert len(mine["reached"]) == theirs.score
        assert len(mine["chains"]) == theirs.chain_count
        assert [data["targets"][t]["url"] for t in mine["reached"]] == \
            [ctx.page_url(t) for t in theirs.targets]
        by_target = [c for t in mine["reached"] for c in mine["chains"] if c[2] == t]
        assert [explained(data, c) for c in by_target] == [
            (ctx.page_url(c.food), ctx.page_url(c.substance), ctx.page_url(c.target),
             c.mechanism) for c in theirs.chains]


def test_finder_ranks_every_area_as_rank_recipes_does(finder: dict[str, Any],
                                                      ctx: RenderContext) -> None:
    areas = sorted(of_kind(ctx.graph, Kind.AREA), key=lambda d: d.title.casefold())
    assert [a["url"] for a in finder["areas"]] == [ctx.page_url(a) for a in areas]
    for area, item in zip(areas, finder["areas"], strict=True):
        ranking = rank_like_the_page(finder, area=item["id"])
        assert ranking, f"no recipe for {area.title}"
        assert_same_ranking(finder, ctx, ranking, rank_recipes(ctx.graph, area=area))


def test_finder_ranks_chosen_targets_as_rank_recipes_does(finder: dict[str, Any],
                                                          ctx: RenderContext) -> None:
    targets = {ctx.page_url(t): t for t in of_kind(ctx.graph, Kind.TARGET)}
    ids = {t["id"]: targets[t["url"]] for t in finder["targets"]}
    area = next(a for a in of_kind(ctx.graph, Kind.AREA) if a.title == "ADHD")
    area_id = next(a["id"] for a in finder["areas"] if a["title"] == "ADHD")
    for size in (1, 2):
        for chosen in combinations(sorted(ids), size):
            expected = rank_recipes(ctx.graph, targets=[ids[i] for i in chosen])
            assert_same_ranking(finder, ctx, rank_like_the_page(finder, targets=chosen),
                                expected)
            with_area = rank_recipes(ctx.graph, area=area, targets=[ids[i] for i in chosen])
            assert_same_ranking(finder, ctx, rank_like_the_page(finder, area_id, chosen),
                                with_area)


def test_finder_addresses_use_short_names(finder: dict[str, Any]) -> None:
    assert "adhd" in [a["id"] for a in finder["areas"]]
    assert "stress-response" in [t["id"] for t in finder["targets"]]


def test_slugs_stay_unique(project: Project) -> None:
    spinach = project.graph.page_at("/docs/foods/spinach")
    almonds = project.graph.page_at("/docs/foods/almonds")
    twin = Document.__new__(Document)  # a second page whose permalink ends the same way
    object.__setattr__(twin, "permalink", "/docs/recipes/spinach")
    slugs = slugs_for([spinach, almonds, twin])
    assert [slugs[spinach], slugs[almonds], slugs[twin]] == ["spinach", "almonds", "spinach-2"]


# ---- the whole-site graph ------------------------------------------------------------------


def test_graph_holds_the_chain_pages_and_only_chain_edges(ctx: RenderContext) -> None:
    data = graph_json(ctx)
    chain_pages = [d for d in ctx.graph.documents if d.kind in CHAIN_KINDS]
    assert sorted(row[2] for row in data["nodes"]) == sorted(ctx.page_url(d) for d in chain_pages)
    assert data["kinds"] == [str(k) for k in CHAIN_KINDS]
    url_of = [row[2] for row in data["nodes"]]
    drawn = {(url_of[s], url_of[t]) for s, t in data["edges"]}
    expected = {(ctx.page_url(e.source), ctx.page_url(e.target)) for e in ctx.graph.edges()
                if e.relation in CHAIN_RELATIONS}
    assert drawn == expected
    for source, target in data["edges"]:  # every edge steps down the chain
        assert data["nodes"][target][0] > data["nodes"][source][0]


# ---- a page's local graph ------------------------------------------------------------------


def test_local_graph_of_magnesium(ctx: RenderContext) -> None:
    graph = ctx.graph
    magnesium = graph.page_at(MAGNESIUM)
    data = local_graph_json(ctx, magnesium)
    urls = [n["url"] for n in data["nodes"]]
    assert data["nodes"][0]["label"] == "Magnesium"
    targets = graph.targets(magnesium)
    foods = graph.foods(magnesium)
    areas = {a for t in targets for a in graph.areas(t)}
    recipes = graph.recipes_of_substance(magnesium)
    expected = {magnesium, *targets, *foods, *areas, *recipes}
    assert sorted(urls) == sorted(ctx.page_url(d) for d in expected)
    edges = {(urls[s], urls[t]) for s, t in data["edges"]}
    for target in targets:
        assert (urls[0], ctx.page_url(target)) in edges
    for food in foods:
        assert (ctx.page_url(food), urls[0]) in edges
    kinds = [n["kind"] for n in data["nodes"]]
    order = [str(k) for k in CHAIN_KINDS]
    for source, target in data["edges"]:  # down the chain
        assert order.index(kinds[target]) > order.index(kinds[source])


def test_a_recipe_reaches_down_to_the_areas(ctx: RenderContext) -> None:
    recipe = next(d for d in of_kind(ctx.graph, Kind.RECIPE) if ctx.graph.recipe_foods(d))
    kinds = {n["kind"] for n in local_graph_json(ctx, recipe)["nodes"]}
    assert kinds == {"recipe", "food", "substance", "biological-target", "therapeutic-area"}


def test_an_area_shows_two_steps_of_sources(ctx: RenderContext) -> None:
    area = next(d for d in of_kind(ctx.graph, Kind.AREA) if d.title == "ADHD")
    kinds = {n["kind"] for n in local_graph_json(ctx, area)["nodes"]}
    assert kinds == {"therapeutic-area", "biological-target", "substance"}


# ---- in the built site ---------------------------------------------------------------------


def soup(site: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((site / path).read_text(encoding="utf-8"), "html.parser")


def test_the_site_has_the_explore_pages_and_their_data(example_site: Path,
                                                       project: Project) -> None:
    for path in ("docs/graph/index.html", "docs/finder/index.html", GRAPH_DATA_PATH,
                 FINDER_DATA_PATH):
        assert (example_site / path).is_file(), path
    for document in project.documents:
        local = example_site / local_graph_path(document.permalink)
        assert local.is_file() == (document.kind in CHAIN_KINDS), document.permalink
    graph_page = soup(example_site, "docs/graph/index.html")
    scripts = [str(s["src"]) for s in graph_page.select("script[src]")]
    published = {a.name: f"/{a.published}" for a in packaged_assets()}
    assert published["vendor/d3-force.min.js"] in scripts
    assert published["graph-view.js"] in scripts
    for src in scripts:
        assert (example_site / src.lstrip("/")).is_file(), src
    assert graph_page.select_one("[data-graph-view]")["data-src"] == f"/{GRAPH_DATA_PATH}"
    finder_page = soup(example_site, "docs/finder/index.html")
    assert [i["value"] for i in finder_page.select('input[name="area"]')][1:] == \
        ["adhd", "anxiety-gad", "depression-mdd"]


def test_pages_carry_their_kind_and_tags_for_search(example_site: Path) -> None:
    page = soup(example_site, MAGNESIUM.strip("/") + "/index.html")
    body = page.select_one("[data-pagefind-body]")
    assert body.select_one('[data-pagefind-meta="kind"]').get_text() == "Substance"
    tags = body.select_one('[data-pagefind-meta="tags"]').get_text().split(", ")
    assert "Magnesium" in tags and "Stress Response" in tags
    assert page.select_one("[data-pagefind-filter]") is None  # not byte-identical: see search.py
    assert page.select_one("section.local-graph[data-local-graph]") is not None
    assert page.select_one("[data-search] input[role=combobox]") is not None


def test_an_edit_remakes_the_local_graphs_that_show_it(tmp_path: Path) -> None:
    root = tmp_path / "site"
    shutil.copytree(example_site(), root)
    live = LiveSite(root, tmp_path / "live")
    magnesium = local_graph_path(MAGNESIUM)
    quercetin = local_graph_path(
        "/docs/substances/bioactive-compounds/polyphenols/flavonols/quercetin")
    before = dict(live.files)

    almonds = root / "docs/foods/almonds.md"
    text = almonds.read_text(encoding="utf-8")
    almonds.write_text(text.replace("Tree nut providing", "A nut providing"), encoding="utf-8")
    live.rebuild()
    assert live.files[magnesium] is before[magnesium]  # a description is not in the graph

    almonds.write_text(text.replace("sidebar_label: Almonds", "sidebar_label: Almond nuts"),
                       encoding="utf-8")
    live.rebuild()
    assert b"Almond nuts" in (live.output / magnesium).read_bytes()
    assert b"Almond nuts" in (live.output / FINDER_DATA_PATH).read_bytes()
    assert live.files[quercetin] is before[quercetin]  # almonds are not a quercetin source

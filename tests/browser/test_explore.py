"""Find and explore in a real browser: search, the graph view, a page's local graph and the
recipe finder, on the real corpus and on the embedded example.

Screenshots for people go to test-artifacts/screenshots/explore-*.png.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote

import pytest
from playwright.sync_api import Locator, Page, expect

from braindiet.content.kinds import Kind
from braindiet.graph.query import rank_recipes
from braindiet.project import load_project

if TYPE_CHECKING:
    from tests.browser.conftest import Served

pytestmark = pytest.mark.browser

MAGNESIUM = "/docs/substances/nutrients/micronutrients/minerals/macro/magnesium"
CHAIN_KINDS = ("recipe", "food", "substance", "biological-target", "therapeutic-area")


def search_for(page: Page, text: str) -> Locator:
    """Type into the header's search box; the results once they are there."""
    page.keyboard.press("/")
    box = page.locator(".search__input")
    expect(box).to_be_focused()
    box.fill(text)
    results = page.locator(".search__results [role=option]")
    expect(results.first).to_be_visible()
    return results


def settled(page: Page) -> None:
    """Wait until a filter has loaded the further matches it asked for."""
    expect(page.locator(".search__results")).to_have_attribute("aria-busy", "false")


def dark(page: Page) -> None:
    page.locator("[data-theme-toggle]").click()
    expect(page.locator("html")).to_have_attribute("data-theme", "dark")


# ---- search --------------------------------------------------------------------------------


@pytest.mark.corpus
def test_search_finds_magnesium_first(page: Page, corpus_server: Served,
                                      screenshots: Path) -> None:
    page.goto(corpus_server.url("/docs/foods/"))
    results = search_for(page, "magnesium")
    expect(results.first.locator(".search-result__title")).to_have_text("Magnesium")
    expect(results.first.locator(".search-result__kind")).to_have_text("Substance")
    expect(results.first.locator(".search-result__excerpt mark").first).to_be_visible()
    box = page.locator(".search__input")
    expect(box).to_have_attribute("aria-expanded", "true")
    page.screenshot(path=screenshots / "explore-search.png")

    page.keyboard.press("ArrowDown")
    expect(results.first).to_have_attribute("aria-selected", "true")
    expect(box).to_have_attribute("aria-activedescendant", results.first.get_attribute("id"))
    page.keyboard.press("Escape")
    expect(page.locator(".search__panel")).to_be_hidden()
    expect(box).to_have_attribute("aria-expanded", "false")

    page.keyboard.press("ArrowDown")  # opens again on the first result
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(re.escape(MAGNESIUM) + "/?$"))
    expect(page.locator("h1")).to_have_text("Magnesium")


@pytest.mark.corpus
def test_search_filters_by_kind_and_tag(page: Page, corpus_server: Served,
                                        screenshots: Path) -> None:
    page.goto(corpus_server.url("/"))
    results = search_for(page, "magnesium")
    expect(results).not_to_have_count(0)
    before = results.count()
    kinds = set(results.locator(".search-result__kind").all_text_contents())
    assert {"Substance", "Food", "Recipe"} <= kinds

    page.locator(".search__chip[data-kind='Recipe']").click()
    expect(page.locator(".search__chip[data-kind='Recipe']")).to_have_attribute(
        "aria-pressed", "true")
    settled(page)
    expect(results).not_to_have_count(before)
    assert 0 < results.count() < before
    assert set(results.locator(".search-result__kind").all_text_contents()) == {"Recipe"}
    expect(page.locator(".search__status")).to_contain_text("of")

    page.locator(".search__chip[data-kind='']").click()  # all kinds again
    expect(page.locator(".search__chip[data-kind='']")).to_have_attribute("aria-pressed", "true")
    everything = results.count()  # the filter may have loaded further matches
    assert everything >= before
    page.locator("[data-search-tag]").select_option("Vegan")
    settled(page)
    expect(results).not_to_have_count(everything)
    vegan = results.count()
    assert 0 < vegan < everything
    dark(page)
    page.locator(".search__input").focus()
    expect(results.first).to_be_visible()
    page.screenshot(path=screenshots / "explore-search-dark-filtered.png")


@pytest.mark.corpus
def test_kind_filter_reaches_past_the_first_results(page: Page, corpus_server: Served) -> None:
    """"brain" matches most of the corpus, so most recipes rank below the best 40 matches;
    the Recipe filter still lists every indexed recipe page that uses the word."""
    recipe_marker = '<p class="doc__kind" data-pagefind-meta="kind" data-pagefind-ignore>Recipe<'
    recipes = [html for html in (p.read_text() for p in corpus_server.root.rglob("index.html"))
               if recipe_marker in html and re.search(r"\bbrain\b", html.split(
                   "data-pagefind-body", 1)[-1], re.IGNORECASE)]
    assert len(recipes) >= 5
    page.goto(corpus_server.url("/"))
    results = search_for(page, "brain")
    expect(page.locator(".search__status")).to_contain_text("The best 40 of")
    first_batch = results.locator(".search-result__kind").all_text_contents().count("Recipe")
    assert first_batch < len(recipes)  # else this test would prove nothing

    page.locator(".search__chip[data-kind='Recipe']").click()
    settled(page)
    expect(results).to_have_count(len(recipes))
    assert set(results.locator(".search-result__kind").all_text_contents()) == {"Recipe"}
    expect(page.locator(".search__chip[data-kind='Recipe']")).to_be_focused()


def test_example_search_box_is_keyboard_first(page: Page, example_server: Served) -> None:
    page.goto(example_server.url("/docs/foods/almonds/"))
    box = page.locator(".search__input")
    expect(box).to_have_attribute("role", "combobox")
    expect(page.locator(".search__key")).to_be_visible()  # the "/" hint
    results = search_for(page, "spinach")
    expect(results.first.locator(".search-result__title")).to_have_text("Spinach")
    results.first.click()
    expect(page).to_have_url(re.compile(r"/docs/foods/spinach/?$"))


# ---- the graph view ------------------------------------------------------------------------


@pytest.mark.corpus
def test_graph_page_draws_the_chain_and_a_click_opens_a_page(page: Page, corpus_server: Served,
                                                             screenshots: Path) -> None:
    page.goto(corpus_server.url("/docs/graph/"))
    view = page.locator("[data-graph-view].is-ready")
    expect(view).to_be_visible()
    nodes = page.locator(".gv-node")
    assert nodes.count() > 200
    expect(page.locator(".gv-edge").first).to_be_attached()
    for kind in CHAIN_KINDS:
        expect(page.locator(f".gv-node--{kind}").first).to_be_attached()
    page.locator(".graph-view__stage").scroll_into_view_if_needed()
    page.screenshot(path=screenshots / "explore-graph.png")

    magnesium = page.locator('.gv-node[aria-label="Magnesium (Substance)"]')
    magnesium.hover()
    expect(page.locator(".graph-svg")).to_have_class(re.compile(r"\bis-lit\b"))
    expect(page.locator('.gv-node.is-on[aria-label^="Spinach"]')).to_have_count(1)
    expect(page.locator("[data-graph-info]")).to_contain_text("Magnesium")
    dark(page)
    magnesium.hover()
    page.screenshot(path=screenshots / "explore-graph-dark-highlight.png")

    adhd = page.locator('.gv-node[aria-label="ADHD (Therapeutic area)"]')
    adhd.click()
    expect(page).to_have_url(re.compile(r"/docs/therapeutic-areas/[^/]+/?$"))
    expect(page.locator("h1")).to_contain_text("ADHD")


@pytest.mark.corpus
def test_graph_filters_kinds_and_finds_a_chain(page: Page, corpus_server: Served) -> None:
    page.goto(corpus_server.url("/docs/graph/"))
    expect(page.locator("[data-graph-view].is-ready")).to_be_visible()
    all_nodes = page.locator(".gv-node").count()
    foods = page.locator(".gv-node--food").count()
    page.locator(".kind-toggle[data-kind='food']").click()
    expect(page.locator(".gv-node--food")).to_have_count(0)
    expect(page.locator(".gv-node")).to_have_count(all_nodes - foods)
    page.locator(".kind-toggle[data-kind='food']").click()
    expect(page.locator(".gv-node")).to_have_count(all_nodes)

    page.locator("[data-path-form] input[name=from]").fill("Spinach")
    page.locator("[data-path-form] input[name=to]").fill("ADHD")
    page.locator("[data-path-form] button[type=submit]").click()
    status = page.locator("[data-graph-status]")
    expect(status).to_contain_text(re.compile(r"Chain: Spinach → .+ → .+ → ADHD\."))
    expect(page.locator('.gv-node.is-on[aria-label^="Spinach"]')).to_have_count(1)
    assert page.locator(".gv-edge.is-on").count() >= 3
    expect(page).to_have_url(re.compile(r"\?from=Spinach&to=ADHD$"))


def test_example_graph_page_works_without_the_corpus(page: Page, example_server: Served) -> None:
    project = load_project(None)
    chain = [d for d in project.documents if str(d.kind) in CHAIN_KINDS]
    page.goto(example_server.url("/docs/graph/"))
    expect(page.locator("[data-graph-view].is-ready")).to_be_visible()
    expect(page.locator(".gv-node")).to_have_count(len(chain))
    page.locator('.gv-node[aria-label="Spinach (Food)"]').click()
    expect(page).to_have_url(re.compile(r"/docs/foods/spinach/?$"))


# ---- a page's local graph ------------------------------------------------------------------


@pytest.mark.corpus
def test_magnesium_local_graph_shows_its_targets(page: Page, corpus_server: Served,
                                                 screenshots: Path) -> None:
    api = page.request.get(corpus_server.url(f"/api/pages{MAGNESIUM}.json")).json()
    targets = sorted(t["title"] for t in api["relations"]["targets"])
    assert len(targets) == 5
    page.goto(corpus_server.url(MAGNESIUM))
    local = page.locator("section.local-graph")
    expect(local).to_be_visible()
    expect(local.locator(".lg-node--page")).to_contain_text("Magnesium")
    shown = local.locator(".lg-node--biological-target")
    expect(shown).to_have_count(len(targets))
    titles = sorted(t.text_content() or "" for t in shown.locator("title").all())
    assert titles == targets
    expect(local.locator(".lg-node--food").first).to_be_visible()
    expect(local.locator(".lg-node--therapeutic-area").first).to_be_visible()
    local.scroll_into_view_if_needed()
    shown.first.hover()
    expect(local.locator("svg")).to_have_class(re.compile(r"\bis-lit\b"))
    page.screenshot(path=screenshots / "explore-local-graph.png")

    more = local.locator(".lg-more")  # 32 foods: most are folded away
    expect(more).to_have_count(1)
    more.click()
    expect(local.locator(".lg-node--food")).to_have_count(len(api["relations"]["foods"]))
    dark(page)
    local.scroll_into_view_if_needed()
    page.screenshot(path=screenshots / "explore-local-graph-dark.png")

    shown.first.click()
    expect(page).to_have_url(re.compile(r"/docs/biological-targets/[^/]+/?$"))
    expect(page.locator("section.local-graph .lg-node--page")).to_be_visible()


# ---- the recipe finder ---------------------------------------------------------------------


@pytest.mark.corpus
def test_finder_for_adhd_ranks_recipes_with_their_chains(page: Page, corpus_server: Served,
                                                         corpus_root: Path,
                                                         screenshots: Path) -> None:
    graph = load_project(corpus_root).graph
    area = next(d for d in graph.documents if d.kind is Kind.AREA and d.title == "ADHD")
    expected = [r.recipe.label for r in rank_recipes(graph, area=area)]
    assert expected[0] == "Mitochondrial Power Bowl"

    page.goto(corpus_server.url("/docs/finder/?area=adhd"))
    expect(page.locator('input[name=area][value="adhd"]')).to_be_checked()
    results = page.locator(".finder-result")
    expect(results).to_have_count(len(expected))
    assert results.locator(".finder-result__title").all_inner_texts() == expected
    top = results.first
    expect(top.locator(".finder-result__title")).to_have_text("Mitochondrial Power Bowl")
    why = top.locator("details.finder-why")
    expect(why).to_have_attribute("open", "")
    chain = why.locator("li.chain").first
    expect(chain.locator(".chain__foods a").first).to_be_visible()
    expect(chain.locator("a.chain__substance")).to_be_visible()
    expect(chain.locator(".chain__target")).not_to_be_empty()
    page.screenshot(path=screenshots / "explore-finder.png")

    # choosing a target keeps the address shareable, and the ranking follows
    page.locator('input[name=area][value=""]').check(force=True)
    page.locator(".choice", has_text="Stress Response").click()
    expect(page).to_have_url(re.compile(r"\?target=stress-response$"))
    stress = next(d for d in graph.documents if d.title == "Stress Response")
    by_target = [r.recipe.label for r in rank_recipes(graph, targets=[stress])]
    expect(results).to_have_count(len(by_target))
    assert results.locator(".finder-result__title").all_inner_texts() == by_target
    dark(page)
    page.screenshot(path=screenshots / "explore-finder-dark.png")


def test_example_finder_agrees_with_rank_recipes(page: Page, example_server: Served) -> None:
    graph = load_project(None).graph
    for area in sorted((d for d in graph.documents if d.kind is Kind.AREA),
                       key=lambda d: d.title):
        ranks = rank_recipes(graph, area=area)
        page.goto(example_server.url(f"/docs/finder/?area={quote(area.title)}"))  # titles work
        rows = page.locator(".finder-result")
        expect(rows).to_have_count(len(ranks))
        assert rows.locator(".finder-result__title").all_inner_texts() == \
            [r.recipe.label for r in ranks]
        scores = rows.locator(".finder-result__score").all_inner_texts()
        for text, rank in zip(scores, ranks, strict=True):
            assert text.startswith(f"{rank.score} of ")
            plural = "" if rank.chain_count == 1 else "s"
            assert text.endswith(f"· {rank.chain_count} chain{plural}")

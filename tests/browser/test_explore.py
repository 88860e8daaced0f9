"""Find and explore in a real browser: search, the graph view, a page's local graph and the
recipe finder, on the real corpus and on the embedded example.

Screenshots for people go to test-artifacts/screenshots/explore-*.png.
"""

from __future__ import annotations

import itertools
import re
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote

import pytest
from playwright.sync_api import Locator, Page, expect

from braindiet.content import kinds
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


def rgb(colour: str) -> str:
    """#3a8a35 as the browser reports a computed colour."""
    red, green, blue = (int(colour[at:at + 2], 16) for at in (1, 3, 5))
    return f"rgb({red}, {green}, {blue})"


def coloured_kinds(site: Path | None = None) -> list[kinds.KindInfo]:
    """The kinds with colours of their own, among those the site's pages have (the example:
    the chain of biological targets; the 2026 corpus adds systems, mechanisms, phenomes)."""
    present = {d.kind for d in load_project(site).graph.documents}
    return [info for info in kinds.KINDS if info.light and info.dark and info.kind in present]


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


# ---- the explore pages on the example: colours from the kinds table, zoom, pan, choices ----


@pytest.mark.corpus
def test_2026_graph_colours_the_ontologys_kinds_from_the_kinds_table(
        page: Page, corpus_2026_root: Path, corpus_2026_server: Served) -> None:
    page.goto(corpus_2026_server.url("/docs/graph/"))
    expect(page.locator("[data-graph-view].is-ready")).to_be_visible()
    coloured = coloured_kinds(corpus_2026_root)
    assert {Kind.SYSTEM, Kind.PROCESS, Kind.PHENOME} <= {info.kind for info in coloured}
    for info in coloured:
        toggle = page.locator(f".kind-toggle[data-kind='{info.kind}']")
        expect(toggle).to_contain_text(info.plural)
        expect(toggle.locator(".kind-dot")).to_have_css("background-color", rgb(str(info.light)))
    for kind in (Kind.SYSTEM, Kind.PROCESS, Kind.PHENOME):
        node = page.locator(f".gv-node--{kind} circle").first
        expect(node).to_have_css("fill", rgb(str(kinds.info(kind).light)))


def test_example_graph_colours_each_kind_from_the_kinds_table(page: Page,
                                                              example_server: Served) -> None:
    page.goto(example_server.url("/docs/graph/"))
    expect(page.locator("[data-graph-view].is-ready")).to_be_visible()
    for info in coloured_kinds():
        node = page.locator(f".gv-node--{info.kind} circle").first
        expect(node).to_have_css("fill", rgb(str(info.light)))
        toggle = page.locator(f".kind-toggle[data-kind='{info.kind}']")
        expect(toggle).to_contain_text(info.plural)
        expect(toggle.locator(".kind-dot")).to_have_css("background-color", rgb(str(info.light)))
    dark(page)
    for info in coloured_kinds():
        node = page.locator(f".gv-node--{info.kind} circle").first
        expect(node).to_have_css("fill", rgb(str(info.dark)))
    spinach = page.locator('.gv-node[aria-label="Spinach (Food)"]')
    spinach.hover()
    expect(page.locator("[data-graph-info]")).to_contain_text(kinds.label(Kind.FOOD))


def test_example_graph_zooms_and_pans(page: Page, example_server: Served) -> None:
    page.goto(example_server.url("/docs/graph/"))
    expect(page.locator("[data-graph-view].is-ready")).to_be_visible()
    node = page.locator('.gv-node[aria-label="Spinach (Food)"] circle')

    def box() -> dict[str, float]:
        found = node.bounding_box()
        assert found is not None
        return dict(found)

    fitted = box()
    page.locator("[data-zoom=in]").click()
    assert box()["width"] > fitted["width"] * 1.2
    page.locator("[data-zoom=fit]").click()
    assert abs(box()["width"] - fitted["width"]) < 0.5
    page.locator("[data-zoom=out]").click()
    assert box()["width"] < fitted["width"] * 0.9

    page.locator("[data-zoom=fit]").click()
    page.locator("[data-graph-stage]").scroll_into_view_if_needed()
    fitted = box()
    stage = page.locator("[data-graph-stage]").bounding_box()
    assert stage is not None
    start_x, start_y = stage["x"] + stage["width"] - 40, stage["y"] + stage["height"] - 40
    page.mouse.move(start_x, start_y)
    page.mouse.down()
    page.mouse.move(start_x - 60, start_y - 30, steps=6)
    page.mouse.up()
    moved = box()
    assert abs(moved["x"] - (fitted["x"] - 60)) < 2 and abs(moved["y"] - (fitted["y"] - 30)) < 2
    expect(page).to_have_url(re.compile(r"/docs/graph/$"))  # a drag is no click on a page


def test_example_graph_shows_the_chain_its_address_asks_for(page: Page,
                                                            example_server: Served) -> None:
    page.goto(example_server.url("/docs/graph/?from=Spinach&to=ADHD"))
    expect(page.locator("[data-graph-view].is-ready")).to_be_visible()
    expect(page.locator("[data-path-form] input[name=from]")).to_have_value("Spinach")
    expect(page.locator("[data-graph-status]")).to_contain_text(
        re.compile(r"Chain: Spinach → .+ → .+ → ADHD\."))
    expect(page.locator(".gv-node.is-on")).not_to_have_count(0)
    page.locator("[data-path-clear]").click()
    expect(page.locator(".gv-node.is-on")).to_have_count(0)
    expect(page).to_have_url(re.compile(r"/docs/graph/$"))


def test_example_finder_follows_the_readers_choice(page: Page, example_server: Served) -> None:
    graph = load_project(None).graph
    adhd = next(d for d in graph.documents if d.kind is Kind.AREA and d.title == "ADHD")
    page.goto(example_server.url("/docs/finder/"))
    expect(page.locator("[data-finder].is-ready")).to_be_attached()
    summary = page.locator("[data-finder-summary]")
    expect(summary).to_contain_text("Choose a therapeutic area")
    results = page.locator(".finder-result")
    expect(results).to_have_count(0)

    page.locator(".choice", has_text="ADHD").click()
    expect(page).to_have_url(re.compile(r"\?area=adhd$"))
    expected = [r.recipe.label for r in rank_recipes(graph, area=adhd)]
    expect(results).to_have_count(len(expected))
    assert results.locator(".finder-result__title").all_inner_texts() == expected
    expect(page.locator(".choice--implied")).to_have_count(len(graph.area_targets(adhd)))
    expect(results.first.locator("details.finder-why")).to_have_attribute("open", "")
    target_colour = rgb(str(kinds.info(Kind.TARGET).light))
    expect(results.first.locator(".target-pill").first).to_have_css("border-top-color",
                                                                    target_colour)

    page.locator(".choice", has_text="None").click()
    expect(results).to_have_count(0)
    expect(summary).to_contain_text("Choose a therapeutic area")
    expect(page).to_have_url(re.compile(r"/docs/finder/$"))


def test_example_local_graph_names_and_colours_kinds_from_the_table(
        page: Page, example_server: Served) -> None:
    page.goto(example_server.url("/docs/biological-targets/stress-response/"))
    local = page.locator("section.local-graph")
    expect(local).to_be_visible()
    target = kinds.info(Kind.TARGET)
    expect(local.locator(".lg-node--page rect")).to_have_css("fill", rgb(str(target.light)))
    headings = local.locator(".lg-heading")
    texts = headings.all_text_contents()
    assert target.label in texts  # the page's own column names its kind
    others = [kinds.info(k).short for k in (Kind.SUBSTANCE, Kind.AREA)]
    assert all(any(text.startswith(short + " ") for text in texts) for short in others)
    boxes = [headings.nth(at).bounding_box() for at in range(headings.count())]
    for left, right in itertools.pairwise(boxes):  # no heading runs into the next column's
        assert left is not None and right is not None
        assert left["x"] + left["width"] < right["x"]
    substance = str(kinds.info(Kind.SUBSTANCE).light)
    expect(local.locator(".lg-node--substance circle").first).to_have_css("fill", rgb(substance))

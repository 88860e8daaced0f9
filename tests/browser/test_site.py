"""The built site in a real browser: what a reader sees, clicks and keeps.

Corpus tests read the real knowledge base (../shared/corpus); the example and problem-site tests
need nothing but the package. Every test also fails on a console error or a request that leaves
the local server (see the `page` fixture in conftest.py).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import Locator, Page, expect

if TYPE_CHECKING:
    from tests.browser.conftest import BrowserLog, Served

pytestmark = pytest.mark.browser

MAGNESIUM = "/docs/substances/nutrients/micronutrients/minerals/macro/magnesium"
PROBLEM_PAGE = "/docs/foods/kale"  # the page of conftest.write_problem_site
DESKTOP = {"width": 1366, "height": 900}
MOBILE = {"width": 390, "height": 844}
WHITE = "rgb(255, 255, 255)"


def body_background(page: Page) -> str:
    return page.evaluate("getComputedStyle(document.body).backgroundColor")


def in_viewport(locator: Locator, page: Page) -> bool:
    """Whether any part of the element is on screen (an off-canvas menu is not)."""
    box = locator.bounding_box()
    width = page.viewport_size["width"] if page.viewport_size else 0
    return box is not None and box["x"] + box["width"] > 0 and box["x"] < width


def open_collection(page: Page, kind: str) -> Locator:
    collection = page.locator(f"details.collection--{kind}")
    if collection.get_attribute("open") is None:
        collection.locator("> summary").click()
    expect(collection).to_have_attribute("open", "")
    return collection


# ---- the Magnesium page of the real corpus -------------------------------------------------


@pytest.mark.corpus
def test_magnesium_shows_its_foods_recipes_and_target_matrix(page: Page,
                                                             corpus_server: Served) -> None:
    page.goto(corpus_server.url(MAGNESIUM))
    expect(page.locator("h1")).to_have_text("Magnesium")

    foods = page.locator("details.collection--foods")
    expect(foods.locator("> summary")).to_have_text(re.compile(r"^32 foods"))
    expect(foods.locator("li.card")).to_have_count(32)
    recipes = page.locator("details.collection--recipes")
    expect(recipes.locator("> summary")).to_have_text(re.compile(r"^8 recipes"))
    expect(recipes.locator("li.card")).to_have_count(8)

    matrix = page.locator(".matrix table")
    expect(matrix.locator("caption")).to_contain_text("Magnesium")
    headers = matrix.locator("thead th").all_inner_texts()
    mechanism_column = [h.strip().lower() for h in headers].index("mechanism")
    rows = matrix.locator("tbody tr")
    expect(rows).to_have_count(5)
    for row in rows.all():
        expect(row.locator("th[scope=row] a")).to_have_count(1)
        sentence = row.locator("th, td").nth(mechanism_column).inner_text().strip()
        assert len(sentence.split()) >= 4, f"no mechanism sentence in row {row.inner_text()!r}"
        expect(row.locator("td").first.locator("a").first).to_be_visible()


@pytest.mark.corpus
def test_a_collapsed_list_opens_when_its_summary_is_clicked(page: Page,
                                                            corpus_server: Served) -> None:
    page.goto(corpus_server.url(MAGNESIUM))
    foods = page.locator("details.collection--foods")
    first_card = foods.locator("li.card").first
    expect(first_card).to_be_hidden()

    foods.locator("> summary").click()
    expect(first_card).to_be_visible()
    expect(foods.locator("li.card").last).to_be_attached()
    first_card.locator("a.card__title").click()
    expect(page).to_have_url(re.compile(r"/docs/foods/[^/]+/?$"))
    expect(page.locator("h1")).to_be_visible()


@pytest.mark.corpus
def test_the_sidebar_leads_from_a_substance_to_a_food(page: Page, corpus_server: Served) -> None:
    page.goto(corpus_server.url(MAGNESIUM))
    sidebar = page.locator("nav.sidebar")
    expect(sidebar.locator('[aria-current="page"]')).to_have_text("Magnesium")

    sidebar.locator("a.nav__closed", has_text=re.compile(r"^\s*Foods\s*$")).click()
    expect(page).to_have_url(re.compile(r"/docs/foods/?$"))
    foods = page.locator("nav.sidebar details[open] > summary", has_text="Foods")
    expect(foods).to_be_visible()

    page.locator("nav.sidebar a", has_text=re.compile(r"^\s*Almonds\s*$")).click()
    expect(page).to_have_url(re.compile(r"/docs/foods/almonds/?$"))
    expect(page.locator("h1")).to_have_text("Almonds")
    expect(page.locator('nav.sidebar [aria-current="page"]')).to_have_text("Almonds")
    expect(page.locator(".breadcrumbs")).to_contain_text("Foods")


@pytest.mark.corpus
def test_dark_mode_switches_the_colours_and_is_remembered(page: Page,
                                                          corpus_server: Served) -> None:
    page.goto(corpus_server.url(MAGNESIUM))
    html = page.locator("html")
    toggle = page.locator("[data-theme-toggle]")
    expect(html).to_have_attribute("data-theme", "light")
    expect(toggle.locator(".theme-toggle__moon")).to_be_visible()
    light = body_background(page)

    toggle.click()
    expect(html).to_have_attribute("data-theme", "dark")
    expect(toggle.locator(".theme-toggle__sun")).to_be_visible()
    expect(toggle.locator(".theme-toggle__moon")).to_be_hidden()
    dark = body_background(page)
    assert dark != light
    assert page.evaluate("localStorage.getItem('braindiet-theme')") == "dark"

    page.reload()
    expect(html).to_have_attribute("data-theme", "dark")
    assert body_background(page) == dark
    page.goto(corpus_server.url("/docs/foods/almonds"))
    expect(html).to_have_attribute("data-theme", "dark")

    page.locator("[data-theme-toggle]").click()
    expect(html).to_have_attribute("data-theme", "light")
    assert body_background(page) == light


@pytest.mark.corpus
def test_pages_load_without_errors_or_outside_requests(page: Page, corpus_server: Served,
                                                       browser_log: BrowserLog) -> None:
    """The `page` fixture fails on console errors and outside requests; this visits enough."""
    for path in ["/", MAGNESIUM, "/docs/foods", "/docs/foods/almonds", "/docs/recipes",
                 "/docs/biological-targets/inflammation", "/docs/therapeutic-areas/adhd",
                 "/docs/papers/BRAIN-Diet-References", "/docs/tags", "/404.html"]:
        response = page.goto(corpus_server.url(path))
        assert response is not None and response.ok, path
        for details in page.locator("details.collection").all():
            details.locator("> summary").click()
        page.evaluate("document.querySelectorAll('img').forEach(img => { img.loading = 'eager'; })")
        # polled from here: wait_for_function evaluates a string in the page, which the dev
        # server's Content-Security-Policy (no 'unsafe-eval') rightly refuses
        for _ in range(200):
            if page.evaluate("[...document.images].every(img => img.complete)"):
                break
            page.wait_for_timeout(25)
        broken = page.evaluate("""[...document.images]
            .filter(img => img.naturalWidth === 0).map(img => img.src)""")
        assert broken == [], f"images that did not load on {path}: {broken}"
    assert browser_log.requests, "the request log is empty: is the recorder attached?"
    assert all(url.startswith((corpus_server.base_url, "data:")) for url in browser_log.requests)


@pytest.mark.corpus
def test_on_a_phone_the_menu_button_opens_the_sidebar(page: Page, corpus_server: Served) -> None:
    page.set_viewport_size(MOBILE)
    page.goto(corpus_server.url(MAGNESIUM))
    menu = page.locator("[data-menu-toggle]")
    sidebar = page.locator("#sidebar")
    expect(menu).to_be_visible()
    expect(menu).to_have_attribute("aria-expanded", "false")
    expect(sidebar).to_be_hidden()
    expect(page.locator(".toc")).to_be_hidden()

    menu.click()
    expect(menu).to_have_attribute("aria-expanded", "true")
    expect(sidebar).to_be_visible()
    expect(sidebar.locator('[aria-current="page"]')).to_be_in_viewport()

    page.keyboard.press("Escape")
    expect(menu).to_have_attribute("aria-expanded", "false")
    expect(sidebar).to_be_hidden()

    menu.click()
    expect(sidebar).to_be_visible()
    page.mouse.click(MOBILE["width"] - 20, MOBILE["height"] // 2)  # the dimmed page beside it
    expect(menu).to_have_attribute("aria-expanded", "false")
    expect(sidebar).to_be_hidden()

    menu.click()
    sidebar.locator("a.nav__closed", has_text=re.compile(r"^\s*Foods\s*$")).click()
    expect(page).to_have_url(re.compile(r"/docs/foods/?$"))


@pytest.mark.corpus
def test_on_a_phone_wide_tables_scroll_inside_the_page(page: Page,
                                                       corpus_server: Served) -> None:
    page.set_viewport_size(MOBILE)
    page.goto(corpus_server.url(MAGNESIUM))
    scroller = page.locator(".matrix.table-scroll")
    expect(scroller).to_be_visible()
    widths = scroller.evaluate("e => [e.scrollWidth, e.clientWidth]")
    assert widths[0] > widths[1], "the matrix should scroll sideways on a phone"
    page_width = page.evaluate("document.documentElement.scrollWidth")
    assert page_width <= MOBILE["width"], "the page itself must not scroll sideways"


@pytest.mark.corpus
def test_unresolved_citations_look_broken(page: Page, corpus_server: Served) -> None:
    page.goto(corpus_server.url("/docs/biological-targets/inflammation"))
    broken = page.locator("span.citation.unresolved").first  # not a link
    good = page.locator("a.citation:not(.unresolved)").first
    expect(broken).to_be_visible()
    assert broken.get_attribute("href") is None
    style = "e => { const s = getComputedStyle(e); return [s.color, s.textDecorationStyle]; }"
    broken_color, broken_line = broken.evaluate(style)
    good_color, _ = good.evaluate(style)
    assert broken_line == "dashed"
    assert broken_color != good_color


@pytest.mark.corpus
def test_a_cited_reference_is_highlighted(page: Page, corpus_server: Served) -> None:
    page.goto(corpus_server.url(MAGNESIUM))
    citation = page.locator("a.citation", has_text="Clerc").first
    key = citation.get_attribute("data-cite")
    citation.click()
    expect(page).to_have_url(re.compile(f"#{key}$"))
    target = page.locator(f"li.reference#{key}")
    expect(target).to_be_in_viewport()
    background = target.evaluate("e => getComputedStyle(e).backgroundColor")
    neighbour = page.locator("li.reference:not(:target)").first
    assert background != neighbour.evaluate("e => getComputedStyle(e).backgroundColor")


@pytest.mark.corpus
def test_screenshots_of_the_magnesium_page(page: Page, corpus_server: Served,
                                           screenshots: Path) -> None:
    """For people: test-artifacts/screenshots/magnesium-*.png (light, dark, phone, menu)."""
    page.goto(corpus_server.url(MAGNESIUM))
    page.screenshot(path=screenshots / "magnesium-desktop.png")
    open_collection(page, "foods")
    page.evaluate("window.scrollTo(0, document.getElementById('foods').offsetTop - 70)")
    page.screenshot(path=screenshots / "magnesium-desktop-foods.png")
    page.locator("[data-theme-toggle]").click()
    page.locator(".matrix").scroll_into_view_if_needed()
    page.screenshot(path=screenshots / "magnesium-desktop-dark-matrix.png")
    page.locator("[data-theme-toggle]").click()

    page.set_viewport_size(MOBILE)
    page.goto(corpus_server.url(MAGNESIUM))
    page.screenshot(path=screenshots / "magnesium-mobile.png")
    page.locator("[data-menu-toggle]").click()
    expect(page.locator("#sidebar")).to_be_visible()
    page.screenshot(path=screenshots / "magnesium-mobile-menu.png")
    page.set_viewport_size(DESKTOP)

    for name in ("desktop", "desktop-foods", "desktop-dark-matrix", "mobile", "mobile-menu"):
        shot = screenshots / f"magnesium-{name}.png"
        assert shot.stat().st_size > 10_000, f"{shot} looks empty"


# ---- the embedded example site (no corpus needed) ------------------------------------------


def test_example_home_leads_along_the_causal_chain(page: Page, example_server: Served) -> None:
    page.goto(example_server.url("/"))
    expect(page.locator(".hero__title")).to_be_visible()
    chain = page.locator(".hero__chain a")
    expect(chain).to_have_count(5)

    chain.filter(has_text="Foods").click()
    expect(page).to_have_url(re.compile(r"/docs/foods/?$"))
    expect(page.locator("main li.card").first).to_be_visible()
    expect(page.locator('nav.sidebar [aria-current="page"]')).to_have_count(1)


def test_example_magnesium_page_works_in_both_themes(page: Page, example_server: Served) -> None:
    page.goto(example_server.url(MAGNESIUM))
    expect(page.locator("h1")).to_have_text("Magnesium")
    expect(page.locator(".toc")).to_be_visible()
    expect(page.locator(".matrix tbody tr").first).to_be_visible()
    foods = open_collection(page, "foods")
    expect(foods.locator("li.card").first).to_be_visible()

    toc_foods = page.locator(".toc a", has_text="Foods")
    toc_foods.click()
    expect(page).to_have_url(re.compile(r"#foods$"))
    expect(toc_foods).to_have_class(re.compile(r"\bis-active\b"))
    expect(page.locator(".toc a.is-active")).to_have_count(1)

    tags = page.locator(".doc__tags a.tag")
    expect(tags.first).to_be_visible()
    light = body_background(page)
    page.locator("[data-theme-toggle]").click()
    expect(page.locator("html")).to_have_attribute("data-theme", "dark")
    assert body_background(page) != light
    # the page's own RDKit drawing is drawn in currentColor: light ink on the dark page
    drawing = page.locator(".structure__drawing")
    if drawing.count():
        ink = drawing.evaluate("e => getComputedStyle(e).color")
        assert ink == page.evaluate("getComputedStyle(document.body).color")

    tags.first.click()
    expect(page).to_have_url(re.compile(r"/docs/tags/"))
    expect(page.locator("main li.card").first).to_be_visible()


def test_example_structures_stay_on_a_white_tile_in_dark_mode(page: Page,
                                                              example_server: Served) -> None:
    page.goto(example_server.url("/docs/biological-targets/stress-response"))
    page.locator("[data-theme-toggle]").click()
    expect(page.locator("html")).to_have_attribute("data-theme", "dark")
    structures = page.locator("img.card__image--structure")
    expect(structures.first).to_be_visible()
    for image in structures.all():
        assert image.evaluate("e => getComputedStyle(e).backgroundColor") == WHITE
        assert image.evaluate("e => e.complete && e.naturalWidth > 0"), image.get_attribute("src")


def test_example_pages_without_a_sidebar_keep_their_links_on_a_phone(
        page: Page, example_server: Served) -> None:
    page.set_viewport_size(MOBILE)
    page.goto(example_server.url("/"))
    expect(page.locator("[data-menu-toggle]")).to_be_hidden()  # nothing to open
    links = page.locator(".topbar__links a")
    expect(links.first).to_be_visible()
    links.filter(has_text="Recipes").click()
    expect(page).to_have_url(re.compile(r"/docs/recipes/?$"))
    expect(page.locator("[data-menu-toggle]")).to_be_visible()


def test_example_menu_on_a_phone(page: Page, example_server: Served) -> None:
    page.set_viewport_size(MOBILE)
    page.goto(example_server.url("/docs/foods/almonds"))
    menu = page.locator("[data-menu-toggle]")
    sidebar = page.locator("#sidebar")
    assert not in_viewport(sidebar, page)
    menu.click()
    expect(menu).to_have_attribute("aria-expanded", "true")
    expect(sidebar).to_be_visible()
    assert in_viewport(sidebar, page)
    menu.click()
    expect(menu).to_have_attribute("aria-expanded", "false")
    expect(sidebar).to_be_hidden()
    assert page.evaluate("document.documentElement.scrollWidth") <= MOBILE["width"]


def test_example_keyboard_users_see_where_they_are(page: Page, example_server: Served) -> None:
    page.goto(example_server.url("/docs/foods/almonds"))
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    outline = skip.evaluate("e => getComputedStyle(e).outlineStyle")
    assert outline != "none"
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#content$"))


# ---- mistakes are shown, not hidden --------------------------------------------------------


def test_problems_are_visible_to_the_author(page: Page, problem_server: Served) -> None:
    page.goto(problem_server.url(PROBLEM_PAGE))
    expect(page.locator("aside.diagnostics")).to_be_visible()
    expect(page.locator("aside.diagnostics")).to_contain_text("nobody_missing_1999")
    expect(page.locator(".component-warning")).to_be_visible()
    expect(page.locator(".component-warning")).to_contain_text("NoSuchComponent")

    style = "e => { const s = getComputedStyle(e); return [s.color, s.textDecorationStyle]; }"
    missing = page.locator("span.citation.unresolved")
    known = page.locator("a.citation:not(.unresolved)")
    expect(missing).to_be_visible()
    assert missing.evaluate(style)[1] == "dashed"
    assert missing.evaluate(style)[0] != known.evaluate(style)[0]
    dead = page.locator("a.broken-link")
    expect(dead).to_be_visible()
    assert dead.evaluate(style)[1] == "wavy"

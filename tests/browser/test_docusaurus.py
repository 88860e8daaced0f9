"""A Docusaurus tree in the browser: category labels in the sidebar, redirects that land, drafts
marked in the preview."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import Page, expect
from tests.test_docusaurus import docusaurus_site
from tests.test_redirects import moves_site

if TYPE_CHECKING:
    from tests.browser.conftest import Served

pytestmark = pytest.mark.browser

FM1_PAGE = "/docs/biological-targets/brs1/fm1/pm1-supply"
Serve = Callable[[str, Path, bool], "Served"]


@pytest.fixture
def docusaurus_server(serve_built: Serve, tmp_path_factory: pytest.TempPathFactory) -> Served:
    source = docusaurus_site(tmp_path_factory.mktemp("docusaurus-src") / "site")
    return serve_built("docusaurus", source, False)


@pytest.fixture
def docusaurus_preview(serve_built: Serve, tmp_path_factory: pytest.TempPathFactory) -> Served:
    source = docusaurus_site(tmp_path_factory.mktemp("docusaurus-preview-src") / "site")
    return serve_built("docusaurus-preview", source, True)


@pytest.fixture
def moves_server(serve_built: Serve, tmp_path_factory: pytest.TempPathFactory) -> Served:
    source = moves_site(tmp_path_factory.mktemp("moves-src") / "site")
    return serve_built("moves", source, False)


def test_the_sidebar_names_folders_by_their_category_labels(
        page: Page, docusaurus_server: Served, screenshots: Path) -> None:
    page.goto(docusaurus_server.url(FM1_PAGE))
    sidebar = page.locator("nav.sidebar")
    brs1 = sidebar.get_by_role("link", name="BRS1 - Neurotransmitter Regulation")
    expect(brs1).to_be_visible()
    expect(sidebar.get_by_role("link", name="BRS1(FM1) - Monoamines")).to_be_visible()
    expect(sidebar.locator("a[aria-current=page]")).to_have_text("Precursor supply")
    expect(sidebar).not_to_contain_text("Brs1")
    crumbs = page.locator("nav.breadcrumbs li")
    expect(crumbs).to_have_text(["Home", "Biological Regulatory Systems",
                                 "BRS1 - Neurotransmitter Regulation",
                                 "BRS1(FM1) - Monoamines", "Precursor supply"])
    page.screenshot(path=screenshots / "docusaurus-category-sidebar.png")

    brs1.click()  # the category leads to the page it links to, shown as the category
    expect(page).to_have_url(re.compile(r"/docs/biological-targets/neurotransmitters/$"))
    expect(page.locator("nav.sidebar a[aria-current=page]")).to_have_text(
        "BRS1 - Neurotransmitter Regulation")


def test_a_category_declared_open_is_open_everywhere(page: Page,
                                                     docusaurus_server: Served) -> None:
    page.goto(docusaurus_server.url("/docs/foods/kale"))
    expect(page.locator("nav.sidebar").get_by_role("link", name="Focus stability")
           ).to_be_visible()


def test_a_redirect_lands_on_its_target(page: Page, moves_server: Served) -> None:
    page.goto(moves_server.url("/docs/foods/old-spinach"))
    expect(page).to_have_url(moves_server.url("/docs/foods/spinach/"))
    expect(page.locator("h1")).to_have_text("Spinach")


def test_a_redirect_keeps_the_readers_fragment(page: Page, moves_server: Served) -> None:
    page.goto(moves_server.url("/docs/foods/spinach-2020/#iron"))
    expect(page).to_have_url(moves_server.url("/docs/foods/spinach/#iron"))
    expect(page.locator("h2#iron")).to_be_visible()


def test_the_preview_marks_drafts(page: Page, docusaurus_preview: Served) -> None:
    page.goto(docusaurus_preview.url("/docs/foods/secret"))
    expect(page.locator(".doc__unpublished")).to_contain_text("Draft")
    entry = page.locator("nav.sidebar li", has=page.locator("a[aria-current=page]"))
    expect(entry.locator(".nav__mark")).to_have_text("draft")


@pytest.mark.corpus
def test_corpus_2026_sidebar_and_redirect(page: Page, corpus_2026_server: Served) -> None:
    page.goto(corpus_2026_server.url(
        "/docs/biological-targets/brs1/fm1/brs1-fm1-monoaminergic-function"))
    sidebar = page.locator("nav.sidebar")
    expect(sidebar.get_by_role("link", name="BRS1 - Neurotransmitter Regulation")
           ).to_be_visible()
    expect(sidebar.locator("a[aria-current=page]")).to_have_text(
        "BRS1(FM1) - Monoaminergic Function")
    expect(page.locator("nav.breadcrumbs")).to_contain_text("BRS1 - Neurotransmitter Regulation")

    page.goto(corpus_2026_server.url("/docs/foods/duckweed"))
    expect(page).to_have_url(corpus_2026_server.url("/docs/foods/mankai/"))
    expect(page.locator("h1").first).to_contain_text("Mankai")


@pytest.mark.corpus
def test_corpus_2026_a_phenome_page_leads_to_the_mechanisms_that_modulate_it(
        page: Page, corpus_2026_server: Served, corpus_2026_root: Path) -> None:
    registry = json.loads((corpus_2026_root / "src/data/phenome-registry.json")
                          .read_text("utf-8"))
    ph001 = next(p for p in registry["phenomes"] if p["id"] == "PH001")
    page.goto(corpus_2026_server.url("/docs/phenomes/details/ph001-focus-attention-stability"))
    detail = page.locator(".phenome[data-phenome=PH001]")
    expect(detail).to_contain_text(ph001["description"][:60])
    mechanisms = detail.locator(".phenome__system a")
    expect(mechanisms.first).to_be_visible()
    href = mechanisms.first.get_attribute("href")
    assert href
    mechanisms.first.click()
    # the mechanism's own page, whose phenome table names the phenome we came from
    expect(page).to_have_url(re.compile(re.escape(href.rstrip("/")) + "/?$"))
    table = page.locator("section.phenome-relationships table").first
    expect(table).to_contain_text(ph001["name"].split(" / ")[0])

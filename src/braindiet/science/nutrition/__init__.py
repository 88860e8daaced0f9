"""Quantitative nutrition: USDA composition, matching, daily values, food and recipe figures.

Pure computations on plain data; nothing here reads the site or the graph (except `site.py`,
which applies them to one). The caller gives food pages' typed front matter (`FoodMeta`, as
`content/schema.py` checked it) and, for recipes, a `food_lookup(name) -> FoodComposition | None`.

    index = load_index()                                   # cached USDA records (~35 ms)
    propose_records(["Almonds"], index=index)[0]           # Candidate("Nuts, almonds", ...)
    food, problems = food_composition("Almonds", document.meta, index)
    substance_contribution(food, "Magnesium")              # level + the figures behind it
    compute_recipe(ingredients, servings, food_lookup)     # totals, per serving, audit rows
"""

from braindiet.science.nutrition.daily_values import (
    DEFAULT_TABLE,
    DailyValue,
    DailyValueTable,
    citation_markdown,
    daily_values,
    level_for_percent,
    level_thresholds,
    percent_of,
)
from braindiet.science.nutrition.fdc import (
    DATASETS,
    FoodIndex,
    FoodRecord,
    IndexTiming,
    Portion,
    Provenance,
    default_cache_dir,
    load_index,
    load_index_timed,
)
from braindiet.science.nutrition.foods import (
    Contribution,
    FoodComposition,
    Serving,
    contribution,
    food_composition,
    nutrient_contribution,
    substance_contribution,
)
from braindiet.science.nutrition.ingredients import (
    Ingredient,
    food_name_candidates,
    ingredients_from_markdown,
    parse_ingredient_line,
    structured_ingredient,
)
from braindiet.science.nutrition.matching import (
    Candidate,
    Confidence,
    best_match,
    propose_records,
)
from braindiet.science.nutrition.nutrients import (
    NUTRIENTS,
    NutrientSpec,
    Qualitative,
    nutrient_for_substance,
)
from braindiet.science.nutrition.recipes import (
    AuditRow,
    FoodLookup,
    NutrientTotal,
    RecipeNutrition,
    compute_recipe,
    form_conflict,
)
from braindiet.science.nutrition.units import Grams, NoGrams, canonical_unit, to_grams

__all__ = [
    "DATASETS", "DEFAULT_TABLE", "NUTRIENTS", "AuditRow", "Candidate", "Confidence",
    "Contribution", "DailyValue", "DailyValueTable", "FoodComposition", "FoodIndex",
    "FoodLookup", "FoodRecord", "Grams", "IndexTiming", "Ingredient", "NoGrams",
    "NutrientSpec", "NutrientTotal", "Portion", "Provenance", "Qualitative", "RecipeNutrition",
    "Serving", "best_match", "canonical_unit", "citation_markdown", "compute_recipe",
    "contribution", "daily_values", "default_cache_dir", "food_composition",
    "food_name_candidates", "form_conflict", "ingredients_from_markdown", "level_for_percent",
    "level_thresholds", "load_index", "load_index_timed", "nutrient_contribution",
    "nutrient_for_substance", "parse_ingredient_line", "percent_of", "propose_records",
    "structured_ingredient", "substance_contribution", "to_grams",
]

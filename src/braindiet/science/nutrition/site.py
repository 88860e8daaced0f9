"""The nutrition of a whole site: each food page's record, each recipe's totals, each level.

This is where the pure nutrition layer meets the graph: ingredient names and substance names
resolve through the alias index (never by string matching here), and every result keeps the
page it belongs to, so components and `check` read the same figures.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, replace

from braindiet.content.document import Document
from braindiet.content.kinds import Kind
from braindiet.content.schema import ContributionLevel, FoodMeta, RecipeMeta
from braindiet.content.sitedata import SiteNutritionData
from braindiet.dependencies import family
from braindiet.diagnostics import Diagnostic, warning
from braindiet.graph.knowledge import LABEL, KnowledgeGraph
from braindiet.science.nutrition.cards import layer_diagnostics
from braindiet.science.nutrition.daily_values import whole_percent
from braindiet.science.nutrition.fdc import FoodIndex
from braindiet.science.nutrition.food_forms import form_mismatch
from braindiet.science.nutrition.food_tables import FoodTable, build_food_table
from braindiet.science.nutrition.foods import (
    Contribution,
    FoodComposition,
    food_composition,
    substance_contribution,
)
from braindiet.science.nutrition.ingredients import (
    Ingredient,
    ingredients_from_markdown,
    structured_ingredient,
)
from braindiet.science.nutrition.nutrients import (
    NutrientSpec,
    format_amount,
    nutrient_for_substance,
)
from braindiet.science.nutrition.panel_checks import table_diagnostics
from braindiet.science.nutrition.recipes import RecipeNutrition, compute_recipe
from braindiet.science.nutrition.site_recipes import RecipeSources, weighed_recipes
from braindiet.science.nutrition.weighed import WeighedRecipe


@dataclass(slots=True)
class SiteNutrition:
    graph: KnowledgeGraph
    table: str  # "us" (FDA Daily Values), "eu" (NRVs) or "dri" (US DRIs)
    data: SiteNutritionData = field(default_factory=SiteNutritionData)
    foods: dict[Document, FoodComposition] = field(default_factory=dict)
    tables: dict[Document, FoodTable] = field(default_factory=dict)  # stored panels
    weighed: dict[Document, WeighedRecipe] = field(default_factory=dict)  # recipe_ingredients
    recipes: dict[Document, RecipeNutrition] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    _contributions: dict[tuple[Document, Document], Contribution] = field(default_factory=dict)

    def table_of(self, food: Document) -> FoodTable | None:
        """A food page's stored panel as published (None: the page stores none)."""
        TABLE.read(food.permalink)
        return self.tables.get(food)

    def weighed_of(self, recipe: Document) -> WeighedRecipe | None:
        """A weighed recipe's per-serving figures, or why it is pending (None: not weighed)."""
        WEIGHED.read(recipe.permalink)
        return self.weighed.get(recipe)

    def food(self, name: str) -> FoodComposition | None:
        """The composition of the food page a name means (the recipes' lookup)."""
        ALL_FIGURES.read()
        page = self.graph.page_of_kind(name, Kind.FOOD)
        return self.foods.get(page) if page is not None else None

    def contribution(self, food: Document, substance: Document) -> Contribution:
        """What a serving of the food supplies of the substance, with the figures behind it."""
        FIGURES.read(food.permalink)
        LABEL.read(substance.permalink)  # its names choose the nutrient
        key = (food, substance)
        if key not in self._contributions:
            self._contributions[key] = _contribution(self.foods[food], substance, self.table)
        return self._contributions[key]

    def level(self, food: Document, substance: Document) -> ContributionLevel | None:
        """The level shown: the page's declared one, else the computed one, else none."""
        declared = self.graph.contribution_level(food, substance)
        if declared is not None:
            return declared
        return self.contribution(food, substance).level


def _contribution(food: FoodComposition, substance: Document, table: str) -> Contribution:
    """Try the substance's names in turn (title, label, before the parenthesis, synonyms)."""
    names = substance.names() or [substance.title]
    measured = next((n for n in names if isinstance(nutrient_for_substance(n), NutrientSpec)),
                    names[0])
    return substance_contribution(food, measured, table)


def site_nutrition(graph: KnowledgeGraph, index: FoodIndex, table: str,
                   data: SiteNutritionData | None = None) -> SiteNutrition:
    result = SiteNutrition(graph, table, data or SiteNutritionData())
    for document in graph.documents:
        if document.kind is not Kind.FOOD:
            continue
        meta = document.meta if isinstance(document.meta, FoodMeta) else FoodMeta()
        composition, problems = food_composition(document.title, meta, index,
                                                 document.site_path, document.front.key_lines)
        result.diagnostics.extend(problems)
        if _stores_composition(meta):
            serving = (composition.serving.grams, composition.serving.label) \
                if composition.serving is not None else None
            food_table = build_food_table(graph, document, index, result.data, table, serving)
            result.tables[document] = food_table
            result.diagnostics.extend(table_diagnostics(document, food_table))
            result.diagnostics.extend(layer_diagnostics(graph, document, food_table))
            composition = _from_table(composition, food_table)
        result.foods[document] = composition
        result.diagnostics.extend(_form_mismatches(document, meta))
    sources = RecipeSources(graph, result.tables, result.foods, result.data, index)
    result.weighed, problems = weighed_recipes(sources, table)
    result.diagnostics.extend(problems)
    for document in graph.documents:
        if document.kind is Kind.RECIPE and document not in result.weighed:
            result.recipes[document] = _recipe(result, document)
    result.diagnostics.extend(_level_disagreements(result))
    return result


def _form_mismatches(page: Document, meta: FoodMeta) -> list[Diagnostic]:
    """A page that speaks only of the powder while its record is raw (or the reverse)."""
    source = meta.nutrition_source
    if source is None:
        return []
    field_name = "record" if source.names_record else "food_name"
    description = source.record if source.names_record else source.food_name
    if not description:
        return []
    found = form_mismatch(page, description)
    if found is None:
        return []
    recorded, claim = found
    line = page.front.subkey_lines.get("nutrition_source", {}).get(
        field_name, page.line_of("nutrition_source"))
    where = f" (line {claim.line})" if claim.line is not None else ""
    return [warning(
        "nutrition-form-mismatch",
        f"the page says \u201c{claim.word}\u201d{where} but its record "
        f"\u201c{description}\u201d is {recorded}: the figures are another form's",
        page.site_path, line,
        hint="choose the record in the form the page describes (`braindiet nutrition match "
             "--food NAME` lists them), or say on the page which form the figures are for")]


def _stores_composition(meta: FoodMeta) -> bool:
    """The page writes its composition itself (the authors' 2026 schema), in any of its forms."""
    source = meta.nutrition_source
    return bool(meta.nutrition_per_100g or meta.nutrition_supplementary_sources
                or meta.nutrition_authorised_specifications or meta.withdrawn
                or meta.nutrition_functional_metrics
                or (source is not None and not source.names_record))


def _from_table(composition: FoodComposition, table: FoodTable) -> FoodComposition:
    """A stored panel's record, once resolved, gives the food its figures everywhere else
    (substance pages, levels, queries); a withdrawn or refused one gives none."""
    if composition.record is not None:
        return composition
    record = table.panel.record if table.usable and table.panel is not None else None
    if record is None:
        reason = "its composition panel is withdrawn" if table.withdrawn is not None else \
            table.refused or (table.panel.unresolved if table.panel else
                              "the page stores no quantitative panel")
        return replace(composition, problem=reason)
    return replace(composition, record=record, problem=None)


def _recipe(nutrition: SiteNutrition, recipe: Document) -> RecipeNutrition:
    meta = recipe.meta if isinstance(recipe.meta, RecipeMeta) else RecipeMeta()
    if "ingredients" in recipe.front.data:  # even when invalid: never guess from the body then
        ingredients = _front_matter_ingredients(nutrition, recipe, meta)
    else:
        ingredients = ingredients_from_markdown(recipe.body, recipe.body_start_line)
    result = compute_recipe(ingredients, meta.servings, nutrition.food, nutrition.table)
    nutrition.diagnostics.extend(_alternatives_warnings(recipe, result))
    return result


def _alternatives_warnings(recipe: Document, result: RecipeNutrition) -> Iterator[Diagnostic]:
    """A line offering alternatives is one recipe with several sets of figures: say which."""
    for row in result.rows:
        if row.choice is not None:
            yield warning("recipe-ingredient-alternatives",
                          f"\u201c{row.ingredient.text}\u201d offers alternatives: "
                          f"{row.choice}", recipe.site_path,
                          row.ingredient.line or recipe.line_of("title"),
                          hint="put first the one the figures should count, and write the other "
                               "as a note if it is only a suggestion (e.g. \u201c2 cups water "
                               "(milk also works)\u201d)")


def _front_matter_ingredients(nutrition: SiteNutrition, recipe: Document,
                              meta: RecipeMeta) -> list[Ingredient]:
    lines = recipe.front.item_lines.get("ingredients", [])
    ingredients: list[Ingredient] = []
    for position, entry in enumerate(meta.ingredients or []):
        line = lines[position] if position < len(lines) else recipe.line_of("ingredients")
        nutrition.diagnostics.extend(warning(
            "recipe-ingredient-unknown-key", f"unknown ingredient key `{key}` (known: "
            f"{', '.join(sorted(type(entry).model_fields))})", recipe.site_path, line)
            for key in entry.unknown_keys)
        ingredients.append(structured_ingredient(entry, line))
    return ingredients


def _level_disagreements(nutrition: SiteNutrition) -> list[Diagnostic]:
    """Each declared `contribution_levels` entry the data contradicts, with its figures."""
    problems: list[Diagnostic] = []
    graph = nutrition.graph
    for food in nutrition.foods:
        meta = food.meta
        declared_levels = meta.contribution_levels if isinstance(meta, FoodMeta) else None
        lines = food.front.subkey_lines.get("contribution_levels", {})
        for name, declared in (declared_levels or {}).items():
            substance = graph.page_of_kind(name, Kind.SUBSTANCE)
            if substance is None:
                continue
            found = nutrition.contribution(food, substance)
            if found.level is None or found.level is declared or found.amount is None:
                continue
            problems.append(warning(
                "contribution-level-disagrees",
                f"{name}: declared {declared.label!r}, but "
                f"{format_amount(found.amount, found.unit or '')} {found.basis_label} is "
                f"{whole_percent(found.percent or 0.0)}% of the daily value "
                f"-> {found.level.label!r} ({found.provenance.cite() if found.provenance else ''})",
                food.site_path, lines.get(name, food.line_of("contribution_levels"))))
    return problems


def _figures(nutrition: SiteNutrition) -> dict[str, object]:
    return {food.permalink: repr(composition) for food, composition in nutrition.foods.items()}


def _tables(nutrition: SiteNutrition) -> dict[str, object]:
    return {food.permalink: repr(table) for food, table in nutrition.tables.items()}


TABLE = family("foodtable", SiteNutrition, _tables, sparse=True,
               doc="a food page's stored panel as published: rows, checks, withdrawal")
WEIGHED = family("weighed", SiteNutrition, lambda n: {
    recipe.permalink: repr(result) for recipe, result in n.weighed.items()}, sparse=True,
    doc="a weighed recipe's figures: its lines, their records and weights, the totals")
FIGURES = family("figures", SiteNutrition, _figures,
                 doc="a food's composition: record, serving, portions and figures")
ALL_FIGURES = family("nutrition", SiteNutrition, lambda n: {"": sorted(
    (food.permalink, food.title, food.label, repr(composition))
    for food, composition in n.foods.items())},
    doc="the composition of every food (recipe totals look foods up by name)")

"""Components of the authors' nutrition pages: a food's stored panel, its substances, a recipe.

`<NutritionTable details={frontMatter} />` shows a food page's stored panel with each figure's
evidence; `<FoodSubstancesFromTable details={frontMatter} />` the substances the table backs;
`<RecipeNutrition details={frontMatter} />` a weighed recipe's per-serving figures, and
`<RecipeCalculationDefault details={frontMatter} />` which version of it they describe. What
they show was computed once per build (`science/nutrition/site.py`); they only lay it out.
"""

from __future__ import annotations

from dataclasses import replace

from markupsafe import Markup

from braindiet.content.document import Document
from braindiet.content.kinds import Kind
from braindiet.content.schema import RecipeMeta
from braindiet.render.components.registry import Attributes, ComponentError, component
from braindiet.render.components.views import (
    CARDS,
    COLLECTIONS,
    Card,
    card,
    collection,
    plural,
    subject,
)
from braindiet.render.context import RenderContext
from braindiet.render.nutrition_tables import food_table_html
from braindiet.render.recipe_nutrition import default_combination_html, recipe_nutrition_html
from braindiet.science.nutrition.cards import table_cards
from braindiet.science.nutrition.site import SiteNutrition

STYLES = (CARDS, COLLECTIONS, "nutrient_tables.css")


def _nutrition(ctx: RenderContext) -> SiteNutrition:
    if ctx.nutrition is None:
        raise ComponentError("nutrition figures are not available in this build.")
    return ctx.nutrition


def _page(ctx: RenderContext, page: Document, attributes: Attributes, kind: Kind) -> Document:
    found = subject(ctx, page, attributes, kind)
    if found.page is None:
        raise ComponentError(f"no {kind} page is named {found.tag!r}.")
    return found.page


@component("NutritionTable", subject=Kind.FOOD, styles=STYLES,
           summary="the food's stored nutrient panel per 100 g, each figure verified against "
                   "the USDA record it names or marked as stated")
def nutrition_table(ctx: RenderContext, page: Document, attributes: Attributes,
                    children: Markup) -> Markup:
    food = _page(ctx, page, attributes, Kind.FOOD)
    table = _nutrition(ctx).table_of(food)
    if table is None:
        return Markup('<p class="empty">This food page stores no nutrient panel.</p>\n')
    return food_table_html(ctx, table)


@component("FoodSubstancesFromTable", subject=Kind.FOOD, styles=STYLES,
           summary="the substances of the food that a row of its nutrient table backs")
def food_substances_from_table(ctx: RenderContext, page: Document, attributes: Attributes,
                               children: Markup) -> Markup:
    food = _page(ctx, page, attributes, Kind.FOOD)
    nutrition = _nutrition(ctx)
    table = nutrition.table_of(food)
    if table is None:
        return Markup('<p class="empty">This food page stores no nutrient table.</p>\n')
    entries = table_cards(ctx.graph, food, table)
    cards: list[Card] = []
    plain: list[Markup] = []
    for entry in entries:
        caption = table.captions.get(entry.substance or "", "")
        document = ctx.graph.page_at(entry.substance) if entry.substance else None
        if document is None:
            plain.append(Markup('<li class="nt-plain"><strong>{}</strong>{}</li>').format(
                entry.label, Markup(" — {}").format(caption) if caption else ""))
            continue
        made = card(ctx, document, note=entry.level or "")
        cards.append(replace(made, description=caption) if caption else made)
    intro = Markup('<p class="nt-caption">Substances admitted through a row of the nutrient '
                   "table above; not every row has one.</p>\n")
    listed = Markup('<ul class="nt-plain-list">{}</ul>\n').format(Markup("").join(plain)) \
        if plain else Markup("")
    return intro + collection(f"{plural(len(entries), 'substance')} in this food", cards,
                              "No substance of this food has a row in its table.",
                              "substances") + listed


@component("RecipeNutrition", subject=Kind.RECIPE, styles=STYLES,
           summary="per-serving nutrients computed from the weighed ingredients, with the "
                   "records, weights, assumptions and exclusions behind them")
def recipe_nutrition(ctx: RenderContext, page: Document, attributes: Attributes,
                     children: Markup) -> Markup:
    recipe = _page(ctx, page, attributes, Kind.RECIPE)
    result = _nutrition(ctx).weighed_of(recipe)
    if result is None:
        return Markup('<p class="empty">{}</p>\n').format(
            "This recipe weighs no ingredients (`recipe_ingredients`); its nutrition is "
            "shown with the page when its ingredient list can be traced.")
    meta = recipe.meta
    promoted = {row.key: row.reason or "" for row in meta.nutrition_key_micronutrients} \
        if isinstance(meta, RecipeMeta) else {}
    return recipe_nutrition_html(result, promoted)


@component("RecipeCalculationDefault", subject=Kind.RECIPE, styles=STYLES,
           summary="which combination of a recipe's alternatives the nutrition figures describe")
def recipe_calculation_default(ctx: RenderContext, page: Document, attributes: Attributes,
                               children: Markup) -> Markup:
    recipe = _page(ctx, page, attributes, Kind.RECIPE)
    return default_combination_html(_nutrition(ctx).weighed_of(recipe))


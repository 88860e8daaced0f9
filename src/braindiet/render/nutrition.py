"""Nutrition as readers see it: panels for foods and recipes, amounts on food cards.

Every figure shown here comes from a USDA record named on the page, and the panel says which;
a figure that cannot be traced is shown as pending with its reason, never as a number.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from braindiet.content.document import Document
from braindiet.science.nutrition import Contribution, daily_values, nutrient_contribution
from braindiet.science.nutrition.daily_values import whole_percent
from braindiet.science.nutrition.nutrients import NUTRIENTS, PANEL_NUTRIENTS, format_amount
from braindiet.science.nutrition.recipes import NutrientTotal, RecipeNutrition
from braindiet.science.nutrition.site import ALL_FIGURES, FIGURES, SiteNutrition


@dataclass(frozen=True, slots=True)
class NutrientRow:
    label: str
    amount: str  # "134 mg"
    per_100g: str = ""  # food panels only
    percent: str = ""  # "32%"
    bar: float = 0.0  # 0..100, width of the bar (shares above 100% are capped)
    level: str = ""
    note: str = ""


@dataclass(frozen=True, slots=True)
class Panel:
    title: str
    basis: str  # "per serving: 1 oz (28.35 g)" / "per 100 g"
    source: str  # the record(s) behind the figures
    reference: str  # "US FDA Daily Values (...)"
    reference_url: str
    percent_heading: str  # "% DV" or "% NRV"
    rows: list[NutrientRow] = field(default_factory=list)
    not_analysed: list[str] = field(default_factory=list)
    pending: list[str] = field(default_factory=list)  # reasons; no rows are shown then
    per_100g_column: bool = False
    unconfirmed: str = ""  # why the record is the matcher's guess, not yet a traced fact
    choices: list[str] = field(default_factory=list)  # which alternative each figure counts


def _row(found: Contribution, per_100g: str = "") -> NutrientRow:
    assert found.nutrient is not None and found.amount is not None
    percent = found.percent
    return NutrientRow(found.nutrient.label, format_amount(found.amount, found.nutrient.unit),
                       per_100g, f"{whole_percent(percent)}%" if percent is not None else "",
                       min(percent or 0.0, 100.0), found.level_label or "", found.note or "")


def food_panel(nutrition: SiteNutrition, food: Document) -> Panel | None:
    FIGURES.read(food.permalink)
    composition = nutrition.foods.get(food)
    if composition is None or composition.record is None:
        return None
    reference = daily_values(nutrition.table)
    rows: list[NutrientRow] = []
    not_analysed: list[str] = []
    basis = ""
    for key in PANEL_NUTRIENTS:
        found = nutrient_contribution(composition, key, nutrition.table)
        if found.status != "quantified" or found.amount is None:
            not_analysed.append(NUTRIENTS[key].label)
            continue
        basis = found.basis_label or basis
        per_100g = format_amount(found.per_100g, NUTRIENTS[key].unit) \
            if found.per_100g is not None else ""
        rows.append(_row(found, per_100g))
    provenance = composition.provenance
    return Panel(f"Nutrition of {food.label}", basis,
                 provenance.cite() if provenance else "", reference.name, reference.url,
                 reference.short, rows, not_analysed,
                 per_100g_column=composition.serving is not None,
                 unconfirmed=composition.unconfirmed or "")


def recipe_panel(nutrition: SiteNutrition, recipe: Document) -> Panel | None:
    ALL_FIGURES.read()  # its ingredients are looked up among all foods by name
    result = nutrition.recipes.get(recipe)
    if result is None:
        return None
    reference = daily_values(nutrition.table)
    title = f"Nutrition of {recipe.label}"
    sources = _recipe_sources(result)
    if result.status == "pending":
        return Panel(title, "", sources, reference.name, reference.url, reference.short,
                     pending=list(result.reasons), choices=result.choices)
    figures, basis = _recipe_figures(result)
    rows: list[NutrientRow] = []
    not_analysed: list[str] = []
    for key in PANEL_NUTRIENTS:
        total = figures.get(key)
        if total is None or total.amount is None:
            missing = "; ".join(total.missing) if total is not None else ""
            not_analysed.append(NUTRIENTS[key].label + (f" (not analysed for {missing})"
                                                        if missing else ""))
            continue
        rows.append(_total_row(total))
    return Panel(title, basis, sources, reference.name, reference.url, reference.short, rows,
                 not_analysed, choices=result.choices)


def _recipe_figures(result: RecipeNutrition) -> tuple[dict[str, NutrientTotal], str]:
    if result.per_serving is not None and result.servings:
        grams = (result.total_grams or 0.0) / result.servings
        return dict(result.per_serving), f"per serving (1 of {result.servings}, about " \
                                         f"{grams:.0f} g)"
    return dict(result.total or {}), "whole recipe (the page declares no servings)"


def _total_row(total: NutrientTotal) -> NutrientRow:
    assert total.amount is not None
    percent = total.percent
    return NutrientRow(total.nutrient.label, format_amount(total.amount, total.nutrient.unit),
                       percent=f"{whole_percent(percent)}%" if percent is not None else "",
                       bar=min(percent or 0.0, 100.0),
                       level=total.level.label if total.level is not None else "",
                       note=total.nutrient.note or "")


def _recipe_sources(result: RecipeNutrition) -> str:
    cited = sorted({row.provenance.cite() for row in result.rows if row.provenance is not None})
    return "; ".join(cited)


def food_amount_note(nutrition: SiteNutrition, food: Document, substance: Document
                     ) -> tuple[float | None, str, str]:
    """(amount for sorting, the note on the card, its provenance) for a food in a substance's
    list: "134 mg · 32% DV per 1 oz (28.35 g)", or why there is no figure."""
    if food not in nutrition.foods:
        return None, "", ""
    found = nutrition.contribution(food, substance)
    if found.status == "qualitative":
        return None, "", ""
    if found.status != "quantified" or found.amount is None or found.nutrient is None:
        return None, "no figure yet", found.reason or ""
    short = daily_values(nutrition.table).short.strip("% ")
    percent = f" · {whole_percent(found.percent)}% {short}" if found.percent is not None else ""
    basis = (found.basis_label or "").removeprefix("per serving: ")
    note = f"{format_amount(found.amount, found.nutrient.unit)}{percent} per {basis}" \
        if not basis.startswith("per ") else \
        f"{format_amount(found.amount, found.nutrient.unit)}{percent} {basis}"
    provenance = found.provenance.cite() if found.provenance else ""
    if nutrition.foods[food].unconfirmed:  # the matcher's guess is not stated as fact
        note, provenance = f"{note} (unconfirmed record)", f"{provenance}; unconfirmed match"
    return found.amount, note, provenance

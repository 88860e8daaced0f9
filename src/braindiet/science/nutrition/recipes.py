"""Recipe nutrition: weigh every counted ingredient, sum its record's nutrients, per serving.

All or nothing: if any counted ingredient cannot be weighed or traced to a USDA record, the
recipe is *pending* and carries the reasons, never a partial number. A nutrient one record
does not analyse leaves that nutrient's total pending while the others are computed. The
audit rows (`RecipeNutrition.rows`) say, per ingredient, which food page and record it became,
how its grams were obtained and what it adds.

The graph is not imported: the caller passes `food_lookup(name) -> FoodComposition | None`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any, Literal

from braindiet.content.schema import ContributionLevel
from braindiet.science.nutrition.daily_values import (
    DEFAULT_TABLE,
    daily_values,
    percent_of,
    shown_level,
)
from braindiet.science.nutrition.fdc import Provenance
from braindiet.science.nutrition.foods import FoodComposition
from braindiet.science.nutrition.ingredients import Ingredient, food_name_candidates
from braindiet.science.nutrition.matching import FORM_GROUPS
from braindiet.science.nutrition.nutrients import NUTRIENTS, NutrientSpec
from braindiet.science.nutrition.units import Grams, to_grams

FoodLookup = Callable[[str], FoodComposition | None]
RowStatus = Literal["counted", "excluded", "pending"]

# Listed but not counted when no food page claims them: they carry no nutrients worth a figure.
_WATER = {"water", "ice", "ice cube", "ice cubes", "boiling water", "hot water", "cold water",
          "warm water", "filtered water", "sparkling water"}


@dataclass(frozen=True, slots=True)
class AuditRow:
    ingredient: Ingredient
    status: RowStatus
    food: str | None = None  # the food page the ingredient resolved to
    grams: float | None = None
    method: str | None = None  # how the grams were obtained
    provenance: Provenance | None = None
    amounts: Mapping[str, float] | None = None  # nutrient key -> amount added (nutrient unit)
    not_analysed: tuple[str, ...] = ()  # nutrient keys its record does not report
    reason: str | None = None  # why excluded or pending
    choice: str | None = None  # which of the line's alternatives the figures describe

    def to_dict(self) -> dict[str, Any]:
        return {
            "ingredient": self.ingredient.text, "line": self.ingredient.line,
            "status": self.status, "food": self.food, "grams": self.grams,
            "method": self.method,
            "record": self.provenance.to_dict() if self.provenance else None,
            "amounts": dict(self.amounts or {}), "not_analysed": list(self.not_analysed),
            "reason": self.reason, "choice": self.choice,
        }


@dataclass(frozen=True, slots=True)
class NutrientTotal:
    nutrient: NutrientSpec
    amount: float | None  # None: some counted ingredient's record does not analyse it
    percent: float | None = None  # of the reference value (None: none exists, or no amount)
    level: ContributionLevel | None = None
    missing: tuple[str, ...] = ()  # ingredient texts whose record lacks this nutrient


@dataclass(frozen=True, slots=True)
class RecipeNutrition:
    status: Literal["computed", "pending"]
    reasons: tuple[str, ...]  # why pending: one per unresolved ingredient
    rows: tuple[AuditRow, ...]
    servings: int | None
    table: str
    total: Mapping[str, NutrientTotal] | None  # None while pending
    per_serving: Mapping[str, NutrientTotal] | None  # None while pending or without servings
    per_serving_reason: str | None = None

    @property
    def total_grams(self) -> float | None:
        if self.status != "computed":
            return None
        return sum(row.grams or 0.0 for row in self.rows if row.status == "counted")

    @property
    def choices(self) -> list[str]:
        """For each line offering alternatives, which one the figures count (as readers see)."""
        return [f"{row.ingredient.text}: {row.choice}" for row in self.rows if row.choice]

    def explain(self) -> list[dict[str, Any]]:
        """The audit trail as plain rows (JSON-ready)."""
        return [row.to_dict() for row in self.rows]


def compute_recipe(ingredients: Sequence[Ingredient], servings: int | None,
                   food_lookup: FoodLookup, table: str = DEFAULT_TABLE,
                   nutrients: Iterable[str] | None = None) -> RecipeNutrition:
    """Totals per recipe and per serving, with shares of the `table` reference values."""
    specs = [NUTRIENTS[key] for key in (nutrients or NUTRIENTS)]
    rows = tuple(_with_choice(_audit(ingredient, food_lookup, specs)) for ingredient in ingredients)
    reasons = [f"{row.ingredient.text}: {row.reason}" for row in rows if row.status == "pending"]
    if not any(row.status == "counted" for row in rows) and not reasons:
        reasons.append("no counted ingredient (all optional, to taste, or none listed)")
    if reasons:
        return RecipeNutrition("pending", tuple(reasons), rows, servings, table, None, None,
                               "recipe is pending")
    total = _totals(rows, specs, table, divisor=1)
    if servings is None:
        return RecipeNutrition("computed", (), rows, None, table, total, None,
                               "the recipe page declares no `servings:`")
    per_serving = _totals(rows, specs, table, divisor=servings)
    return RecipeNutrition("computed", (), rows, servings, table, total, per_serving)


def _audit(ingredient: Ingredient, food_lookup: FoodLookup,
           specs: Sequence[NutrientSpec]) -> AuditRow:
    if not ingredient.counted:
        return AuditRow(ingredient, "excluded", reason=ingredient.excluded_reason)
    if not ingredient.food:
        return AuditRow(ingredient, "pending", reason="no food named")
    food = _resolve(ingredient, food_lookup)
    if food is None:
        if ingredient.food.casefold().strip() in _WATER:
            return AuditRow(ingredient, "excluded", reason="water (no nutrients counted)")
        return AuditRow(ingredient, "pending", reason=f"no food page named "
                                                      f"\u201c{ingredient.food}\u201d")
    if food.record is None:
        return AuditRow(ingredient, "pending", food.name,
                        reason=f"food page \u201c{food.name}\u201d has no USDA record "
                               f"({food.problem or 'no nutrition_source'})")
    conflict = form_conflict(f"{ingredient.food} {ingredient.note or ''}",
                             food.record.description)
    if conflict:
        return AuditRow(ingredient, "pending", food.name, provenance=food.provenance,
                        reason=conflict)
    weighed = _weigh(ingredient, food)
    if not isinstance(weighed, Grams):
        return AuditRow(ingredient, "pending", food.name, provenance=food.provenance,
                        reason=weighed)
    amounts: dict[str, float] = {}
    missing: list[str] = []
    for spec in specs:
        found = food.record.amount(spec.columns)
        if found is None:
            missing.append(spec.key)
        else:
            amounts[spec.key] = found[1] * weighed.grams / 100.0
    return AuditRow(ingredient, "counted", food.name, weighed.grams, weighed.method,
                    food.provenance, amounts, tuple(missing))


def alternatives_choice(ingredient: Ingredient) -> str | None:
    """What counting a line with alternatives means: "2 cups water or milk" counts water.

    Only a counted line has a choice that changes the figures; an optional or to-taste one
    is left out whichever alternative a cook takes."""
    if not ingredient.alternatives or not ingredient.counted:
        return None
    others = " or ".join(f"\u201c{a}\u201d" for a in ingredient.alternatives)
    return f"the figures count \u201c{ingredient.food}\u201d, the first alternative; " \
           f"not {others}"


def _with_choice(row: AuditRow) -> AuditRow:
    choice = alternatives_choice(row.ingredient)
    return row if choice is None else replace(row, choice=choice)


def _resolve(ingredient: Ingredient, food_lookup: FoodLookup) -> FoodComposition | None:
    assert ingredient.food is not None
    names = [ingredient.food] if ingredient.exact_food else food_name_candidates(ingredient.food)
    for name in names:
        found = food_lookup(name)
        if found is not None:
            return found
    return None


def _weigh(ingredient: Ingredient, food: FoodComposition) -> Grams | str:
    if ingredient.grams is not None:
        return Grams(ingredient.grams, "grams written in the recipe")
    if ingredient.quantity is None:
        return "no amount given; write one (e.g. \u201c1 tbsp\u201d or \u201c15 g\u201d)"
    nouns = [*food_name_candidates(ingredient.food or ""), food.name.casefold()]
    weighed = to_grams(ingredient.quantity, ingredient.unit, food.portions, food.name, nouns)
    return weighed if isinstance(weighed, Grams) else weighed.reason


def _totals(rows: Sequence[AuditRow], specs: Sequence[NutrientSpec], table: str,
            divisor: int) -> dict[str, NutrientTotal]:
    reference = daily_values(table)
    counted = [row for row in rows if row.status == "counted"]
    totals: dict[str, NutrientTotal] = {}
    for spec in specs:
        missing = tuple(row.ingredient.text for row in counted if spec.key in row.not_analysed)
        if missing:
            totals[spec.key] = NutrientTotal(spec, None, missing=missing)
            continue
        amount = sum((row.amounts or {})[spec.key] for row in counted) / divisor
        daily_value = reference.get(spec.daily_value_key)
        if daily_value is None:
            totals[spec.key] = NutrientTotal(spec, amount)
            continue
        percent = percent_of(amount, spec.unit, daily_value)
        totals[spec.key] = NutrientTotal(spec, amount, percent, shown_level(percent, amount))
    return totals


# ---------------------------------------------------------------------------- form check

# A record describes one form of a food; weighing "cooked quinoa" against "Quinoa, uncooked"
# would triple its nutrients. When an ingredient line and its record name contradictory forms,
# the ingredient stays pending until a record in the right form is chosen for it. Record names
# use "ground" and "dry" for forms ("Spices, turmeric, ground"); in a recipe line they are
# ambiguous ("ground beef", "dry lentils" = USDA's "raw"), so lines do not use them as markers.
# Roasting and toasting are forms of their own: "toasted sesame seeds" weighed against
# "Seeds, sesame seeds, whole, dried" would count the raw seed's water and vitamins. A roasted
# record is also a cooked one, so "cooked chicken" may use "Chicken, ..., roasted".
_COOKED, _ROASTED, _RAW = FORM_GROUPS["cooked"], FORM_GROUPS["roasted"], FORM_GROUPS["raw"]
_DRIED = FORM_GROUPS["dried"] - {"dry"}
_LINE_STATES = {"cooked": _COOKED, "roasted or toasted": _ROASTED,
                "raw": _RAW | {"grated"}, "dried": _DRIED}  # grated: a root
_RECORD_STATES = {"cooked": _COOKED | _ROASTED, "roasted or toasted": _ROASTED, "raw": _RAW,
                  "dried": _DRIED | {"ground", "dry"}}


def _states(text: str, markers: Mapping[str, frozenset[str]]) -> set[str]:
    words = set(re.findall(r"[a-zé]+", text.casefold()))
    return {state for state, names in markers.items() if words & names}


def form_conflict(ingredient_text: str, record_description: str) -> str | None:
    """Why an ingredient's stated form contradicts its record's, or None."""
    said = _states(ingredient_text, _LINE_STATES)
    recorded = _states(record_description, _RECORD_STATES)
    if not said or not recorded or said & recorded:
        return None
    return (f"the line says {'/'.join(sorted(said))} but the food's record "
            f"\u201c{record_description}\u201d is {'/'.join(sorted(recorded))}; choose a record "
            f"in that form (a food page of its own) or write the line in the recorded form")

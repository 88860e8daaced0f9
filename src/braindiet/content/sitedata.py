"""The nutrition data files of a Docusaurus tree, read as data: nothing of their code is run.

The BRAIN Diet authors keep, beside their pages (paths relative to the site folder):

- `src/data/fcir-register.json`: the Food Composition Interpretation Register, one case per
  documented interpretation (`FCIR-003` Flax seeds: USDA's unqualified 18:3 read as ALA), with
  the foods it concerns, the public row it explains and its GSRS/UNII substance identities;
- `src/data/recipeCompositionSnapshots.mjs`: named USDA records for recipe ingredients that have
  no food page (`composition_ref: honey`), each a per-100 g panel with its FDC id;
- `src/data/nutritionTableMapping.ts`: which table rows a food shows; the per-food lists of
  substances that are cards only (`SUBSTANCE_ONLY_BY_SLUG`) or excluded as errors;
- `scripts/lib/composition-provenance.mjs`: the records proven to describe a different food
  than the page that cited them (`SUBSTITUTED_RECORDS`), which may never be cited again;
- `src/utils/nutrientReference.mjs`: the reference intakes their percentages use (the US DRIs).

Each is optional. A file that cannot be read as data is reported with its line, never guessed.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError

from braindiet.content import files, jsdata
from braindiet.content.nutrition_schema import Omega3Component, Panel, RecordId, Text
from braindiet.diagnostics import Diagnostic, warning

FCIR_FILE = "src/data/fcir-register.json"
SNAPSHOTS_FILE = "src/data/recipeCompositionSnapshots.mjs"
MAPPING_FILE = "src/data/nutritionTableMapping.ts"
PROVENANCE_FILE = "scripts/lib/composition-provenance.mjs"
REFERENCE_FILE = "src/utils/nutrientReference.mjs"
# How the authors' reference module names its standard (its leading comment and the values).
_DECLARES_DRI = re.compile(r"Dietary Reference Intakes|\bDRIs?\b")


@dataclass(frozen=True, slots=True)
class SubstanceIdentity:
    """A GSRS substance a register case names: the molecule, not the food or the record."""

    name: str
    unii: str | None
    url: str | None
    role: str  # "Accepted identity", "Rejected identity", ...


@dataclass(frozen=True, slots=True)
class FcirCase:
    id: str  # FCIR-003
    anchor: str  # fcir-003, on the register page
    title: str
    status: str
    food_slugs: tuple[str, ...]
    public_row: str | None  # the panel row it explains on those foods (`ala_interpreted`)
    identities: tuple[SubstanceIdentity, ...] = ()


@dataclass(frozen=True, slots=True)
class FcirRegister:
    public_path: str  # the register page: /docs/dietary-foundations/.../register
    note_template: str  # "This value uses a documented composition interpretation. See {id}."
    cases: dict[str, FcirCase] = field(default_factory=dict)

    def note(self, case: str) -> str:
        return self.note_template.replace("{id}", case)

    def link(self, case: str) -> str:
        found = self.cases.get(case)
        return f"{self.public_path}#{found.anchor if found else case.lower()}"


class _SnapshotModel(BaseModel):
    model_config = ConfigDict(defer_build=True, extra="allow")

    fdc_id: RecordId
    description: Text
    database: Text | None = None
    basis: Text | None = None
    note: Text | None = None
    nutrition_per_100g: Panel
    omega3_components: list[Omega3Component] | None = None


@dataclass(frozen=True, slots=True)
class Snapshot:
    """A named USDA record for a recipe ingredient without a food page of its own."""

    key: str
    fdc_id: int
    description: str
    database: str
    basis: str
    note: str | None
    panel: dict[str, float | None]
    omega3_components: tuple[Omega3Component, ...]
    line: int | None  # where the snapshot is written in SNAPSHOTS_FILE


@dataclass(frozen=True, slots=True)
class SubstitutedRecord:
    """A record proven to describe another food than the page that cited it."""

    slug: str  # the food page
    fdc_id: int
    describes: str  # what the record really is ("Oil, canola")
    identity_failure: str  # the axis that failed: food, species, edible material...
    line: int | None


@dataclass(slots=True)
class SiteNutritionData:
    fcir: FcirRegister | None = None
    snapshots: dict[str, Snapshot] = field(default_factory=dict)
    substance_only: dict[str, tuple[str, ...]] = field(default_factory=dict)  # slug -> names
    excluded: dict[str, tuple[str, ...]] = field(default_factory=dict)  # slug -> names
    substituted: dict[str, SubstitutedRecord] = field(default_factory=dict)  # slug -> record
    declared_references: dict[str, float | None] = field(default_factory=dict)  # key -> target
    declares_dri: bool = False
    problems: list[Diagnostic] = field(default_factory=list)


def _readable(root: Path, relative: str, problems: list[Diagnostic]) -> str | None:
    path = root / relative
    if not path.exists() and not path.is_symlink():
        return None
    reason = files.refusal(path, root)
    if reason is not None:
        problems.append(warning("site-data-refused", f"{relative} is not read: {reason}",
                                relative))
        return None
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        problems.append(warning("site-data-unreadable", f"cannot read {relative}: {exc}",
                                relative))
        return None


def declares_dri(root: Path) -> bool:
    """The site's own reference module says its percentages are US DRIs (the 2026 tree's)."""
    text = _readable(root, REFERENCE_FILE, [])
    return text is not None and bool(_DECLARES_DRI.search(text))


DATA_FILES = (FCIR_FILE, SNAPSHOTS_FILE, MAPPING_FILE, PROVENANCE_FILE, REFERENCE_FILE)


def site_data_inputs(root: Path) -> list[str]:
    """All `read_site_nutrition_data` depends on: each file's text, or why it is not read."""
    refused: list[Diagnostic] = []
    texts = [repr((relative, _readable(root, relative, refused))) for relative in DATA_FILES]
    return [*texts, repr(refused)]


def read_site_nutrition_data(root: Path) -> SiteNutritionData:
    data = SiteNutritionData()
    _read_fcir(root, data)
    for relative, reader in ((SNAPSHOTS_FILE, _read_snapshots), (MAPPING_FILE, _read_mapping),
                             (PROVENANCE_FILE, _read_substituted),
                             (REFERENCE_FILE, _read_references)):
        text = _readable(root, relative, data.problems)
        if text is None:
            continue
        try:
            reader(jsdata.tokenize(text), data)
        except jsdata.JsSyntaxError as exc:
            data.problems.append(warning("site-data-unreadable", f"cannot read {relative} as "
                                         f"data: {exc}", relative, exc.line))
        if relative == REFERENCE_FILE:
            data.declares_dri = bool(_DECLARES_DRI.search(text))
    return data


# ---------------------------------------------------------------------------- JS literals

def _exported(tokens: list[jsdata.Token], name: str) -> jsdata.Value | None:
    """The literal `const NAME = ...` (`export`ed or not, with a type annotation) gives."""
    for index, token in enumerate(tokens[:-1]):
        following = tokens[index + 1]
        if token.kind == "name" and token.value in ("const", "let", "var") and \
                following.kind == "name" and following.value == name:
            for after in range(index + 2, len(tokens)):
                if tokens[after].kind == "punct" and tokens[after].value == "=":
                    # a statement without `;` runs into the next one: read up to its end
                    value = tokens[after + 1:_statement_end(tokens, after + 1)]
                    return jsdata.parse_value(value, 0)[0] if value else None
    return None


def _statement_end(tokens: list[jsdata.Token], start: int) -> int:
    """Just past the bracketed literal starting at `start` (or the token itself)."""
    pairs = {"{": "}", "[": "]", "(": ")"}
    closing: list[str] = []
    for index in range(start, len(tokens)):
        token = tokens[index]
        if token.kind == "punct" and token.value in pairs:
            closing.append(pairs[token.value])
        elif token.kind == "punct" and closing and token.value == closing[-1]:
            closing.pop()
        if not closing:
            return index + 1
    return len(tokens)


def plain(value: jsdata.Value | None) -> Any:
    """A literal as Python data; an expression (a call, a spread) becomes None."""
    if isinstance(value, jsdata.Literal):
        return value.value
    if isinstance(value, jsdata.Array):
        return [plain(item) for item in value.items]
    if isinstance(value, jsdata.Object):
        return {key: plain(item) for key, item in value.entries.items()}
    return None


def _entries(value: jsdata.Value | None) -> Iterator[tuple[str, jsdata.Value, int]]:
    if isinstance(value, jsdata.Object):
        for key, item in value.entries.items():
            yield key, item, value.key_lines.get(key, value.line)


def _read_snapshots(tokens: list[jsdata.Token], data: SiteNutritionData) -> None:
    for key, item, line in _entries(_exported(tokens, "RECIPE_COMPOSITION_SNAPSHOTS")):
        raw = plain(item)
        if isinstance(raw, dict) and isinstance(raw.get("nutrition_per_100g"), dict):
            panel = dict(raw["nutrition_per_100g"])
            components = panel.pop("omega3_components", None)  # written inside the panel too
            raw = {**raw, "nutrition_per_100g": panel}
            raw.setdefault("omega3_components", components)
        try:
            model = _SnapshotModel.model_validate(raw)
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(part) for part in first["loc"])
            data.problems.append(warning("snapshot-invalid", f"composition snapshot {key!r}: "
                                         f"{where}: {first['msg']}", SNAPSHOTS_FILE, line))
            continue
        data.snapshots[key] = Snapshot(
            key, model.fdc_id, model.description, model.database or "USDA FoodData Central",
            model.basis or "per 100 g edible portion", model.note,
            dict(model.nutrition_per_100g), tuple(model.omega3_components or ()), line)


def _read_mapping(tokens: list[jsdata.Token], data: SiteNutritionData) -> None:
    for name, target in (("SUBSTANCE_ONLY_BY_SLUG", data.substance_only),
                         ("EXCLUDED_ERROR_BY_SLUG", data.excluded)):
        for slug, item, _line in _entries(_exported(tokens, name)):
            names = plain(item)
            if isinstance(names, list):
                target[slug] = tuple(str(n) for n in names if isinstance(n, str))


def _read_substituted(tokens: list[jsdata.Token], data: SiteNutritionData) -> None:
    for slug, item, line in _entries(_exported(tokens, "SUBSTITUTED_RECORDS")):
        raw = plain(item)
        record = raw.get("fdc_id") if isinstance(raw, dict) else None
        if isinstance(record, float) and record.is_integer() and record > 0:
            data.substituted[slug] = SubstitutedRecord(
                slug, int(record), str(raw.get("describes") or "another food"),
                str(raw.get("identity_failure") or "food"), line)
        else:
            data.problems.append(warning("site-data-unreadable", f"substituted record {slug!r} "
                                         "names no FDC id", PROVENANCE_FILE, line))


def _read_references(tokens: list[jsdata.Token], data: SiteNutritionData) -> None:
    for key, item, _line in _entries(_exported(tokens, "NUTRIENT_REFERENCES")):
        raw = plain(item)
        if isinstance(raw, dict):
            target = raw.get("target")
            data.declared_references[key] = float(target) if isinstance(target, float) else None


# ---------------------------------------------------------------------------- the register

def _read_fcir(root: Path, data: SiteNutritionData) -> None:
    text = _readable(root, FCIR_FILE, data.problems)
    if text is None:
        return
    try:
        raw = json.loads(text)
    except ValueError as exc:
        data.problems.append(warning("site-data-unreadable", f"cannot read {FCIR_FILE}: {exc}",
                                     FCIR_FILE, getattr(exc, "lineno", None)))
        return
    if not isinstance(raw, dict) or not isinstance(raw.get("cases"), list):
        data.problems.append(warning("site-data-unreadable", f"{FCIR_FILE} lists no `cases`",
                                     FCIR_FILE))
        return
    cases = {case.id: case for case in map(_fcir_case, raw["cases"]) if case is not None}
    data.fcir = FcirRegister(str(raw.get("public_path") or ""),
                             str(raw.get("food_page_note_template") or "See {id}."), cases)


def _fcir_case(raw: object) -> FcirCase | None:
    if not isinstance(raw, dict) or not isinstance(raw.get("id"), str):
        return None
    identity = raw.get("identity") if isinstance(raw.get("identity"), dict) else {}
    mappings = identity.get("gsrs_mappings") if isinstance(identity, dict) else None
    identities = tuple(
        SubstanceIdentity(str(m.get("display_name") or m.get("preferred_name") or ""),
                          m.get("unii") if isinstance(m.get("unii"), str) else None,
                          m.get("href") if isinstance(m.get("href"), str) else None,
                          str(m.get("role") or ""))
        for m in (mappings if isinstance(mappings, list) else []) if isinstance(m, dict))
    slugs = raw.get("food_slugs")
    slugs = slugs if isinstance(slugs, list) else []
    return FcirCase(raw["id"], str(raw.get("anchor") or raw["id"].lower()),
                    str(raw.get("title") or raw["id"]), str(raw.get("status") or ""),
                    tuple(str(s) for s in slugs), raw.get("public_row") or None, identities)

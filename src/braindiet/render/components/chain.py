"""Components that walk the causal chain: recipe -> food -> substance -> target -> area."""

from __future__ import annotations

from functools import partial

from markupsafe import Markup

from braindiet.content.document import Document
from braindiet.content.kinds import Kind
from braindiet.content.schema import ContributionLevel
from braindiet.graph.edges import Relation
from braindiet.graph.knowledge import TargetLink
from braindiet.render.components.registry import Attributes, ComponentError, component
from braindiet.render.components.views import (
    CARDS,
    COLLECTIONS,
    MATRIX,
    Cell,
    Link,
    Subject,
    card,
    collection,
    link,
    link_list,
    links,
    matrix,
    plural,
    subject,
)
from braindiet.render.context import RenderContext
from braindiet.render.nutrition import food_amount_note

NO_MECHANISM = "No mechanism given on the substance page."


def _require_page(found: Subject, kind: Kind) -> Document:
    if found.page is None:
        raise ComponentError(f"no {kind} page is named {found.tag!r}.")
    return found.page


def _tagged_of_kind(ctx: RenderContext, tag: str, kind: Kind) -> list[Document]:
    return [d for d in ctx.graph.tagged(tag) if d.kind is kind]


def _foods_of(ctx: RenderContext, found: Subject) -> list[Document]:
    if found.page is not None:
        return ctx.graph.foods(found.page)
    return _tagged_of_kind(ctx, found.tag, Kind.FOOD)


# ---- substance pages ---------------------------------------------------------------------


@component("SubstanceFoods", subject=Kind.SUBSTANCE, styles=(CARDS, COLLECTIONS),
           summary="foods containing the substance, richest per serving first")
def substance_foods(ctx: RenderContext, page: Document, attributes: Attributes,
                    children: Markup) -> Markup:
    """Foods richest in the substance first (amount per serving, from their USDA records);
    foods without a figure follow in alphabetical order, marked as such."""
    found = subject(ctx, page, attributes, Kind.SUBSTANCE)
    foods = _foods_of(ctx, found)
    if found.page is not None and ctx.nutrition is not None:
        ranked = []
        for food in foods:
            amount, note, source = food_amount_note(ctx.nutrition, food, found.page)
            entry = card(ctx, food, note, note_title=source)
            ranked.append((amount is None, -(amount or 0.0), entry))
        cards = [entry[2] for entry in sorted(ranked, key=lambda e: (e[0], e[1]))]
    else:
        cards = [card(ctx, f) for f in foods]
    return collection(f"{plural(len(foods), 'food')} containing this substance",
                        cards, "No food page is tagged with it yet.", "foods")


@component("SubstanceRecipes", subject=Kind.SUBSTANCE, styles=(CARDS, COLLECTIONS),
           summary="recipes using those foods")
def substance_recipes(ctx: RenderContext, page: Document, attributes: Attributes,
                      children: Markup) -> Markup:
    found = subject(ctx, page, attributes, Kind.SUBSTANCE)
    foods = _foods_of(ctx, found)
    recipes = sorted({r for food in foods for r in ctx.graph.recipes(food)},
                     key=lambda d: (d.label.casefold(), d.permalink))
    cards = [card(ctx, r, chips=links(ctx, [f for f in ctx.graph.recipe_foods(r) if f in foods]))
             for r in recipes]
    return collection(f"{plural(len(recipes), 'recipe')} using these foods",
                        cards, "No recipe uses these foods yet.", "recipes")


@component("SubstanceMatrix", subject=Kind.SUBSTANCE, styles=(MATRIX,),
           summary="targets of the substance with their areas, the phenomes between and why")
def substance_matrix(ctx: RenderContext, page: Document, attributes: Attributes,
                     children: Markup) -> Markup:
    substance = _require_page(subject(ctx, page, attributes, Kind.SUBSTANCE), Kind.SUBSTANCE)
    target_links = ctx.graph.target_links(substance)
    # On a tree with the mechanism ontology a target reaches its areas through phenomes.
    phenomes = {t.target: ctx.graph.phenomes_of(t.target) for t in target_links}
    with_phenomes = any(phenomes.values())
    rows: list[list[Cell]] = []
    for item in target_links:
        row: list[Cell] = [[link(ctx, item.target)]]
        if with_phenomes:
            row.append(links(ctx, phenomes[item.target]) or "—")
        row += [_area_links(ctx, item.target) or "—", why(item)]
        rows.append(row)
    columns = ["Biological target", *(["Phenomes"] if with_phenomes else []),
               "Therapeutic areas", "Mechanism"]
    return matrix(f"How {substance.label} acts on biological targets", columns, rows,
                  "No biological target is tagged on this substance.")


def _area_links(ctx: RenderContext, target: Document) -> Markup:
    """The therapeutic areas of a target, as a matrix cell of links: every matrix row naming
    the target shows them, so they are made once per build (as HTML, which `matrix` keeps)."""
    return ctx.remember(("area-links", target),
                        lambda: Markup(link_list(links(ctx, ctx.graph.areas(target)))))


def why(item: TargetLink) -> str:
    """What the content says of a substance at a target: its own sentence, else the target
    page naming it as a cofactor."""
    if item.mechanism:
        return item.mechanism
    if item.relation is Relation.COFACTOR_OF:
        return f"A cofactor of {item.target.label}, as its page names it."
    return NO_MECHANISM


# ---- food pages --------------------------------------------------------------------------


def _counted_substances(ctx: RenderContext, food: Document) -> list[Document]:
    """A food's substances, leaving out those present only in traces (declared or computed):
    a recipe is not said to reach a target through a trace of something."""
    return [s for s in ctx.graph.substances(food)
            if ctx.level(food, s) is not ContributionLevel.TRACE]


def _listed_substances(ctx: RenderContext, food: Document) -> list[Document]:
    """A food's substances as its own page lists them: only those the page itself declares
    trace are left out (as the original site does). One the author tagged but the data puts
    at a trace stays, labelled trace, so the tag is never silently dropped."""
    return [s for s in ctx.graph.substances(food)
            if ctx.graph.contribution_level(food, s) is not ContributionLevel.TRACE]


@component("FoodSubstances", subject=Kind.FOOD, styles=(CARDS, COLLECTIONS),
           summary="substances in the food, with their contribution levels")
def food_substances(ctx: RenderContext, page: Document, attributes: Attributes,
                    children: Markup) -> Markup:
    food = _require_page(subject(ctx, page, attributes, Kind.FOOD), Kind.FOOD)
    substances = _listed_substances(ctx, food)
    cards = [card(ctx, s, note=ctx.level(food, s) or "") for s in substances]
    return collection(f"{plural(len(substances), 'substance')} in this food",
                        cards, "No substance page is tagged on this food.", "substances")


@component("FoodRecipes", subject=Kind.FOOD, styles=(CARDS, COLLECTIONS),
           summary="recipes using the food")
def food_recipes(ctx: RenderContext, page: Document, attributes: Attributes,
                 children: Markup) -> Markup:
    found = subject(ctx, page, attributes, Kind.FOOD)
    recipes = (ctx.graph.recipes(found.page) if found.page is not None
               else _tagged_of_kind(ctx, found.tag, Kind.RECIPE))
    return collection(f"{plural(len(recipes), 'recipe')} using this food",
                        [card(ctx, r) for r in recipes], "No recipe uses this food yet.",
                        "recipes")


@component("FoodMatrix", subject=Kind.FOOD, styles=(MATRIX,),
           summary="target x substance rows of the food")
def food_matrix(ctx: RenderContext, page: Document, attributes: Attributes,
                children: Markup) -> Markup:
    food = _require_page(subject(ctx, page, attributes, Kind.FOOD), Kind.FOOD)
    rows: list[list[Cell]] = []
    for item in _sorted_links(ctx.graph.food_targets(food)):
        if ctx.graph.contribution_level(food, item.substance) is ContributionLevel.TRACE:
            continue  # declared trace, as FoodSubstances; a computed one is shown as such
        level = ctx.level(food, item.substance)
        rows.append([[link(ctx, item.target)], [link(ctx, item.substance)],
                     _area_links(ctx, item.target), item.mechanism or NO_MECHANISM,
                     level or "Not quantified"])
    columns = ["Biological target", "Substance", "Therapeutic areas", "Mechanism",
               "Contribution level"]
    return matrix(f"Biological targets reached through {food.label}", columns,
                        rows, "None of this food's substances has a biological target.")


def _sorted_links(items: list[TargetLink]) -> list[TargetLink]:
    return sorted(items, key=lambda t: (t.target.label.casefold(), t.substance.label.casefold()))


# ---- recipe pages ------------------------------------------------------------------------


@component("RecipeFoods", subject=Kind.RECIPE, styles=(CARDS, COLLECTIONS),
           summary="foods of the recipe and their substances")
def recipe_foods(ctx: RenderContext, page: Document, attributes: Attributes,
                 children: Markup) -> Markup:
    recipe = _require_page(subject(ctx, page, attributes, Kind.RECIPE), Kind.RECIPE)
    foods = ctx.graph.recipe_foods(recipe)
    cards = [card(ctx, f, chips=links(ctx, _counted_substances(ctx, f))) for f in foods]
    return collection(f"{plural(len(foods), 'food')} in this recipe", cards,
                        "No food page is tagged on this recipe.", "foods")


@component("RecipeMatrix", subject=Kind.RECIPE, styles=(MATRIX,),
           summary="target matrix through the recipe's foods")
def recipe_matrix(ctx: RenderContext, page: Document, attributes: Attributes,
                  children: Markup) -> Markup:
    recipe = _require_page(subject(ctx, page, attributes, Kind.RECIPE), Kind.RECIPE)
    foods = ctx.graph.recipe_foods(recipe)
    counted = {food: set(_counted_substances(ctx, food)) for food in foods}
    by_target: dict[Document, set[Document]] = {}
    for food in foods:
        for substance in counted[food]:
            for target in ctx.graph.targets(substance):
                by_target.setdefault(target, set()).add(substance)
    rows: list[list[Cell]] = []
    for target in sorted(by_target, key=lambda d: d.label.casefold()):
        substances = sorted(by_target[target], key=lambda d: d.label.casefold())
        via = [f for f in foods if counted[f] & by_target[target]]
        rows.append([[link(ctx, target)], _area_links(ctx, target),
                     links(ctx, substances), links(ctx, via)])
    return matrix(f"Biological targets reached through {recipe.label}",
                        ["Biological target", "Therapeutic areas", "Substances", "From foods"],
                        rows, "None of this recipe's foods reaches a biological target.")


# ---- therapeutic areas -------------------------------------------------------------------


@component("TherapeuticAreaMatrix", subject=Kind.AREA, styles=(MATRIX, COLLECTIONS),
           summary="per target of the area: the substances acting on it, their foods and why")
def therapeutic_area_matrix(ctx: RenderContext, page: Document, attributes: Attributes,
                            children: Markup) -> Markup:
    area = _require_page(subject(ctx, page, attributes, Kind.AREA), Kind.AREA)
    targets = ctx.graph.area_targets(area)
    if not targets:
        return Markup('<p class="empty">No biological target is linked to this area.</p>\n')
    area_phenomes = set(ctx.graph.area_phenomes(area))
    sections, untouched = [], []
    for target in targets:
        substances = ctx.graph.target_substances(target)
        if not substances:
            untouched.append(target)
            continue
        via = [p for p in ctx.graph.phenomes_of(target) if p in area_phenomes]
        sections.append(_area_target(ctx, target, substances, via))
    if untouched:
        sections.append(Markup('<p class="matrix-note">No substance page acts on {} of '
                               "this area's targets yet: {}.</p>\n").format(
            len(untouched), Markup(link_list(links(ctx, untouched)))))
    return Markup('<div class="area-matrix" data-pagefind-ignore>\n{}</div>\n').format(
        Markup("").join(sections))


def _area_target(ctx: RenderContext, target: Document, substances: list[Document],
                 via: list[Document]) -> Markup:
    """One target of an area, collapsed: why it belongs to the area (the area's phenomes it
    reaches, on a tree with the mechanism ontology), then substance, foods and mechanism."""
    reached = (Markup('<p class="matrix-note">In this area through {}.</p>\n').format(
        Markup(link_list(links(ctx, via)))) if via else Markup(""))
    # the same in every area the target belongs to: made once
    table = ctx.remember(("area-target-table", target),
                         lambda: _target_substances_table(ctx, target, substances))
    return Markup('<details class="collection collection--targets">\n<summary>{} <small>{}'
                  '</small></summary>\n<p><a href="{}">{}</a></p>\n{}{}</details>\n').format(
        target.label, plural(len(substances), "substance"), ctx.page_url(target),
        f"Open {target.label}", reached, table)


def _target_substances_table(ctx: RenderContext, target: Document,
                             substances: list[Document]) -> Markup:
    """The substances acting on a target (`graph.target_substances`), their foods and how."""
    rows: list[list[Cell]] = []
    for substance in substances:
        item = next(t for t in ctx.graph.target_links(substance) if t.target is target)
        foods = ctx.remember(("foods-by-level", substance),
                             partial(_foods_by_level, ctx, substance))
        rows.append([[link(ctx, substance)], foods or "—", why(item)])
    return matrix(f"Substances acting on {target.label}", ["Substance", "Foods", "Mechanism"],
                  rows, "")


_LEVEL_ORDER = {level: rank for rank, level in enumerate(ContributionLevel)}


def _foods_by_level(ctx: RenderContext, substance: Document) -> list[Link]:
    """The foods containing a substance, richest first (by the level shown on the food's
    page), trace sources last and marked as such."""
    ranked = []
    for food in ctx.graph.foods(substance):
        level = ctx.level(food, substance)
        # an unquantified food goes before the trace sources
        rank = _LEVEL_ORDER.get(level, 2.5) if level is not None else 2.5
        ranked.append((rank, food.label.casefold(), food, level))
    ranked.sort(key=lambda r: r[:2])
    return [Link(ctx.page_url(food), f"{food.label} (trace)"
                 if level is ContributionLevel.TRACE else food.label)
            for _, _, food, level in ranked]

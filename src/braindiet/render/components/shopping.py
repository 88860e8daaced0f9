"""Shopping lists: foods grouped by aisle (`render/food_groups.py`), alphabetical within.

`<FoodShoppingList />` lists every food page; `<TherapeuticAreaFoodSpreadsheet tag="ADHD" />`
the foods reaching an area along the chain (area -> targets -> substances -> foods).
"""

from __future__ import annotations

from collections.abc import Iterable

from markupsafe import Markup

from braindiet.content.document import Document
from braindiet.content.kinds import Kind
from braindiet.render.components.registry import Attributes, ComponentError, component
from braindiet.render.components.views import link, subject
from braindiet.render.context import RenderContext
from braindiet.render.food_groups import GROUPS, group_of


def _grouped(ctx: RenderContext, foods: Iterable[Document]) -> list[tuple[str, list[Document]]]:
    groups: dict[str, list[Document]] = {}
    for food in foods:
        tags = [name for use in ctx.graph.tag_uses(food) for name in (use.name, use.tag.label)]
        groups.setdefault(group_of(food.title, tags), []).append(food)
    return [(name, sorted(groups[name], key=lambda d: (d.label.casefold(), d.permalink)))
            for name in GROUPS if name in groups]


def shopping_list(ctx: RenderContext, foods: Iterable[Document], heading: str,
                  empty: str) -> Markup:
    groups = _grouped(ctx, foods)
    if not groups:
        return Markup('<p class="empty">{}</p>\n').format(empty)
    sections = []
    for name, members in groups:
        items = Markup("").join(Markup('<li><a href="{}">{}</a></li>\n').format(
            food.url, food.title) for food in (link(ctx, d) for d in members))
        sections.append(Markup('<section class="shopping-list__group">\n<{} class='
                               '"shopping-list__name">{}</{}>\n<ul class="shopping-list__foods">'
                               '\n{}</ul>\n</section>\n').format(
            Markup(heading), name, Markup(heading), items))
    return Markup('<div class="shopping-list" data-pagefind-ignore>\n{}</div>\n').format(
        Markup("").join(sections))


@component("FoodShoppingList", styles=("shopping.css",),
           summary="every food, grouped by aisle and alphabetical within")
def food_shopping_list(ctx: RenderContext, page: Document, attributes: Attributes,
                       children: Markup) -> Markup:
    # a food page without tags (the list itself, in the original) is not a food to buy
    foods = [d for d in ctx.graph.documents if d.kind is Kind.FOOD and ctx.graph.tag_uses(d)]
    return shopping_list(ctx, foods, "h2", "No food page yet.")


@component("TherapeuticAreaFoodSpreadsheet", subject=Kind.AREA, styles=("shopping.css",),
           summary="the foods reaching the area along the chain, grouped by aisle")
def therapeutic_area_food_spreadsheet(ctx: RenderContext, page: Document,
                                      attributes: Attributes, children: Markup) -> Markup:
    area = subject(ctx, page, attributes, Kind.AREA).page
    if area is None:
        raise ComponentError(f"no therapeutic area page is named {attributes.get('tag')!r}.")
    foods = {f for s in ctx.graph.area_substances(area) for f in ctx.graph.foods(s)}
    reason = ("none of its biological targets has a substance a food page is tagged with"
              if ctx.graph.area_targets(area) else "no biological target is linked to it")
    return shopping_list(ctx, foods, "h3", f"No food reaches {area.label} yet: {reason}.")

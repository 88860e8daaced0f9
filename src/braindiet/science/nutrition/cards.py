"""The authors' "three sources of truth": a food's Substances list mirrors its nutrient table.

Their rule (`system/food-page-model.md`): every rendered substance card resolves to a rendered
row of the page's table (quantitative, qualitative or an authorised specification), and a
hidden, internal figure does not count. So the list shows the substances the page is tagged
with that a row backs, then the table's supplementary compounds not listed yet; `check`
reports each tagged substance with no row (its card is left out) and each quantified row whose
substance has a page but no card.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from braindiet.content.document import Document
from braindiet.content.schema import ContributionLevel
from braindiet.diagnostics import Diagnostic, info, warning
from braindiet.graph.aliases import normalize
from braindiet.graph.knowledge import KnowledgeGraph
from braindiet.science.nutrition.food_tables import (
    CARD_EXCLUDED_GROUPS,
    UMBRELLA_SUBSTANCES,
    FoodTable,
    TableRow,
    substance_page,
)


@dataclass(frozen=True, slots=True)
class CardEntry:
    label: str
    substance: str | None  # permalink of its substance page, if it has one
    level: str | None = None


def _backing(graph: KnowledgeGraph, table: FoodTable) -> tuple[set[str], set[str]]:
    """Substance pages and names a rendered row backs (core rows are no cards)."""
    pages: set[str] = set()
    names: set[str] = set()
    for row in table.rows:
        if row.group in CARD_EXCLUDED_GROUPS or not (row.amount or row.display):
            continue
        names.add(normalize(row.label))
        pages.update(row.also)
        if row.substance:
            pages.add(row.substance)
    for spec in table.specifications.rows if table.specifications else []:
        for label in spec.supports:
            names.add(normalize(label))
            found = substance_page(graph, [label])
            if found is not None:
                pages.add(found.permalink)
    return pages, names


def _umbrella(substance: Document) -> bool:
    return normalize(substance.title.split("(", 1)[0]) in UMBRELLA_SUBSTANCES


def table_cards(graph: KnowledgeGraph, food: Document, table: FoodTable) -> list[CardEntry]:
    pages, names = _backing(graph, table)
    levels = {row.substance: row.level for row in table.rows if row.substance}
    entries: list[CardEntry] = []
    seen: set[str] = set()
    for substance in graph.substances(food):
        if _umbrella(substance) or substance.permalink in seen:
            continue
        if graph.contribution_level(food, substance) is ContributionLevel.TRACE:
            continue  # declared trace: a presence, not a constituent worth a card
        if substance.permalink in pages or {normalize(n) for n in substance.names()} & names:
            seen.add(substance.permalink)
            level = levels.get(substance.permalink)
            entries.append(CardEntry(substance.label, substance.permalink,
                                     level.label if level else None))
    for row in table.rows:
        if row.group != "supplementary":
            continue
        key = row.substance or normalize(row.label)
        if key in seen:
            continue
        seen.add(key)
        entries.append(CardEntry(row.label, row.substance))
    return entries


def layer_diagnostics(graph: KnowledgeGraph, food: Document, table: FoodTable
                      ) -> Iterator[Diagnostic]:
    """Each difference between the Substances list and the table, at the line to edit."""
    if table.withdrawn is not None and not table.rows:
        return
    pages, names = _backing(graph, table)
    carded = {entry.substance for entry in table_cards(graph, food, table)}
    for substance in graph.substances(food):
        if _umbrella(substance) or substance.permalink in pages or \
                {normalize(n) for n in substance.names()} & names:
            continue
        if graph.contribution_level(food, substance) is ContributionLevel.TRACE:
            continue
        yield warning("nutrition-card-without-row", f"tagged {substance.label!r}, but no row "
                      "of the page's nutrient table backs it, so its Substances card is left "
                      "out", food.site_path, _tag_line(food, substance),
                      hint="add a sourced row (`nutrition_supplementary_sources` with a "
                           "`source_note`), or drop the tag")
    for row in _quantified(table):
        if row.substance is not None and row.substance not in carded:
            found = graph.page_at(row.substance)
            label = found.label if found else row.label
            yield info("nutrition-row-without-card", f"the table publishes {row.label} but the "
                       f"Substances list has no card for {label!r}", food.site_path,
                       food.front.subkey_lines.get("nutrition_per_100g", {}).get(row.key))


def _quantified(table: FoodTable) -> list[TableRow]:
    return [row for row in table.rows if row.group not in CARD_EXCLUDED_GROUPS
            and row.amount and row.group != "supplementary"]


def _tag_line(food: Document, substance: Document) -> int | None:
    names = {normalize(n) for n in substance.names()}
    for position, tag in enumerate(food.tags):
        if normalize(tag) in names:
            return food.tag_line(position)
    return food.line_of("tags")

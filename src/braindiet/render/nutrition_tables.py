"""A food page's stored panel as HTML: grouped tables, each row with the evidence behind it.

A row says where its figure comes from: *USDA-verified* (it equals the record the page names,
within that record's published rounding), *as stated* (the shipped data cannot check it: the
source the page names is given), or *differs from record* (both figures shown, no share or level
derived from the disputed one). Ids match the ones other pages link to: `nutrition-tables`,
`nutrition-row-<key>`, `nutrition-authorised-specifications`.
"""

from __future__ import annotations

import re

from markupsafe import Markup, escape

from braindiet.render.context import RenderContext
from braindiet.science.nutrition.daily_values import daily_values, whole_percent
from braindiet.science.nutrition.food_tables import FoodTable, TableRow
from braindiet.science.nutrition.identity import GROUP_LABELS
from braindiet.science.nutrition.nutrients import format_amount
from braindiet.science.nutrition.panels import FigureStatus

_FCIR = re.compile(r"FCIR-\d{3}")
_CAPTION = ("Individually identified compounds with a defensible quantity, or an explicit "
            "qualitative status. An asterisk (*) marks a supplementary source, named below.")


def percent_text(percent: float | None) -> str:
    if percent is None:
        return ""
    return "<1%" if 0 < percent < 0.5 else f"{whole_percent(percent)}%"


def bar(percent: float | None, label: str) -> Markup:
    if percent is None:
        return Markup("")
    width = min(max(percent, 0.0), 100.0)
    return Markup('<span class="nt-bar" role="img" aria-label="{} {}"><span class="nt-bar__fill" '
                  'style="width: {:.1f}%"></span></span> ').format(percent_text(percent), label,
                                                                 width)


def _provenance(table: FoodTable, row: TableRow) -> Markup:
    record = table.panel.record if table.panel is not None else None
    source = table.source.cite() if table.source is not None else "no source named"
    if row.status is FigureStatus.VERIFIED and record is not None:
        return Markup('<span class="nt-source nt-source--verified" title="Equals {} within its '
                      'published rounding">USDA-verified</span>').format(
            record.provenance.cite())
    if row.status is FigureStatus.MISMATCH and row.record_value is not None and row.unit:
        return Markup('<span class="nt-source nt-source--differs" title="{}">differs from '
                      'record: {}</span>').format(record.provenance.cite() if record else "",
                                                  format_amount(row.record_value, row.unit))
    if row.group == "supplementary":
        return Markup('<span class="nt-source nt-source--stated" title="{}">supplementary *'
                      '</span>').format(row.source_note or "")
    return Markup('<span class="nt-source nt-source--stated" title="{}">as stated</span>').format(
        f"{row.reason.capitalize()}. Source named by the page: {source}.")


def _amount(row: TableRow) -> str:
    if row.display and row.amount is None:
        return row.display + (" *" if row.group == "supplementary" else "")
    if row.amount is None or row.unit is None:
        return "—"
    shown = format_amount(row.amount, row.unit)
    return shown + (" *" if row.group == "supplementary" else "")


def _per_serving(table: FoodTable, row: TableRow) -> str:
    if table.serving is None:
        return ""
    if row.amount is None or row.unit is None:
        return '<td class="nt-amount">—</td>'
    shown = format_amount(row.amount * table.serving[0] / 100.0, row.unit)
    share = f" · {percent_text(row.serving_percent)}" if row.serving_percent is not None else ""
    return f'<td class="nt-amount">{escape(shown + share)}</td>'


def _quantified_row(table: FoodTable, row: TableRow, shares: bool) -> str:
    label = escape(row.label)
    if row.note:
        label = Markup('{} <span class="nt-note" title="{}">†</span>').format(label, row.note)
    share = bar(row.percent, row.share_label) + Markup(escape(
        f"{percent_text(row.percent)} {row.share_label.removeprefix('% ')}".strip()))
    level = escape(row.level.label) if row.level is not None else ""
    cells = f'<td class="nt-share">{share}</td><td>{level}</td>' if shares else ""
    return (f'<tr id="nutrition-row-{escape(row.key)}" class="nt-row nt-row--{row.status}">'
            f'<th scope="row">{label}</th><td class="nt-amount">{escape(_amount(row))}</td>'
            f"{_per_serving(table, row)}{cells}<td>{_provenance(table, row)}</td></tr>\n")


def _compound_row(table: FoodTable, row: TableRow) -> str:
    return (f'<tr id="nutrition-row-{escape(row.key)}" class="nt-row nt-row--{row.status}">'
            f'<th scope="row">{escape(row.label)}</th>'
            f'<td class="nt-amount">{escape(_amount(row))}</td>'
            f"<td>{escape(row.notes or '')}</td><td>{_provenance(table, row)}</td></tr>\n")


def _table(caption: str, head: list[str], body: list[str], note: str = "") -> str:
    heading = "".join(f'<th scope="col">{escape(h)}</th>' for h in head)
    intro = f'<p class="nt-caption">{escape(note)}</p>\n' if note else ""
    return (f"<h3>{escape(caption)}</h3>\n{intro}<div class=\"table-scroll\">"
            f'<table class="nt-table"><thead><tr>{heading}</tr></thead>\n'
            f"<tbody>\n{''.join(body)}</tbody></table></div>\n")


def _share_heading(table: FoodTable, rows: list[TableRow]) -> str:
    reference = daily_values(table.table_key)
    labels = {row.share_label for row in rows if row.share_label}
    if len(labels) == 1:
        return f"{labels.pop()} per 100 g"
    return "% of reference per 100 g" if labels else f"{reference.short} per 100 g"


def food_table_html(ctx: RenderContext, table: FoodTable) -> Markup:
    parts: list[str] = ['<section class="nutrient-tables" data-pagefind-ignore>\n']
    if table.withdrawn is not None or table.refused is not None:
        parts.append(_withdrawn(table))
    quantified = [(g, table.group(g)) for g in ("core", "vitamins_minerals")]
    compounds = table.group("bioactive") + table.group("supplementary")
    if any(rows for _, rows in quantified) or compounds or table.functional:
        parts.append('<h2 id="nutrition-tables">Nutrient tables (per 100 g)</h2>\n')
    for group, rows in quantified:
        if rows:
            shares = any(r.percent is not None or r.level is not None for r in rows)
            serving = [f"Per serving ({table.serving[1]})"] if table.serving else []
            head = ["Nutrient", "Per 100 g", *serving, *([_share_heading(table, rows), "Level"]
                                                          if shares else []), "Source"]
            parts.append(_table(GROUP_LABELS[group], head,
                                [_quantified_row(table, r, shares) for r in rows]))
    if compounds:
        parts.append(_table(GROUP_LABELS["bioactive"], ["Compound / class", "Per 100 g",
                                                          "Notes", "Source"],
                            [_compound_row(table, r) for r in compounds], _CAPTION))
        parts.append(_source_notes(ctx, table, compounds))
    if table.functional:
        parts.append(_functional(table))
    if table.specifications is not None:
        parts.append(_specifications(table))
    parts.append(_footer(ctx, table))
    parts.append("</section>\n")
    return Markup("".join(parts))


def _linked(ctx: RenderContext, table: FoodTable, text: str) -> Markup:
    """Text with each register case it names linked to its row on the register page."""
    pieces, last = [], 0
    for match in _FCIR.finditer(text):
        pieces.append(escape(text[last:match.start()]))
        found = table.fcir_links.get(match.group(0))
        pieces.append(Markup('<a href="{}">{}</a>').format(ctx.url(found[0]), match.group(0))
                      if found else escape(match.group(0)))
        last = match.end()
    pieces.append(escape(text[last:]))
    return Markup("").join(pieces)


def _source_notes(ctx: RenderContext, table: FoodTable, rows: list[TableRow]) -> str:
    notes = [Markup('<li id="nutrition-note-{}">* <strong>{}:</strong> {}</li>').format(
        row.key, row.label, _linked(ctx, table, row.source_note or ""))
        for row in rows if row.group == "supplementary" and row.source_note]
    if not notes:
        return ""
    return ('<div class="nt-notes"><p><strong>Source notes (supplementary)</strong></p><ul>'
            + "".join(notes) + "</ul></div>\n")


def _functional(table: FoodTable) -> str:
    rows = []
    for metric in table.functional:
        amount = metric.score or metric.amount_display or (
            f"{metric.value:g} {metric.unit or ''}".strip() if metric.value is not None else "—")
        rows.append(f'<tr id="nutrition-row-{escape(metric.key)}"><th scope="row">'
                    f"{escape(metric.label)}</th><td>{escape(amount)}</td>"
                    f"<td>{escape(metric.notes or '')}</td></tr>\n")
    return ('<details class="nt-functional"><summary>Functional metrics</summary>\n'
            '<div class="table-scroll"><table class="nt-table"><thead><tr><th scope="col">'
            'Metric</th><th scope="col">Score</th><th scope="col">Notes</th></tr></thead>'
            f"<tbody>{''.join(rows)}</tbody></table></div>\n<p class=\"nt-caption\">These depend "
            "on the assay, the processing and the product: context, not a nutrient amount.</p>"
            "</details>\n")


def _specifications(table: FoodTable) -> str:
    spec = table.specifications
    assert spec is not None
    rows = "".join(
        f"<tr><th scope=\"row\">{escape(r.formulation)}</th><td>{escape(r.dha)}</td>"
        f"<td>{escape(r.epa)}</td><td>{escape(r.interpretation)}</td></tr>\n" for r in spec.rows)
    source = " · ".join(str(escape(p)) for p in (spec.source_name, spec.source_url,
                                                   f"accessed {spec.accessed}" if spec.accessed
                                                   else None) if p)
    caption = f'<p class="nt-caption">{escape(spec.caption)}</p>\n' if spec.caption else ""
    return (f'<h2 id="nutrition-authorised-specifications">'
            f"{escape(spec.title or 'Representative authorised specifications')}</h2>\n"
            '<div class="table-scroll"><table class="nt-table"><thead><tr><th scope="col">'
            'Formulation</th><th scope="col">DHA</th><th scope="col">EPA</th><th scope="col">'
            f"Interpretation</th></tr></thead><tbody>{rows}</tbody></table></div>\n{caption}"
            f'<p class="nt-caption">Regulatory product specifications (minimum values), not '
            f"food-composition measurements{': ' + source if source else ''}.</p>\n")


def _withdrawn(table: FoodTable) -> str:
    if table.refused is not None:
        return (f'<p class="nt-withdrawn"><strong>Composition panel not shown.</strong> '
                f"{escape(table.refused)}.</p>\n")
    withdrawn = table.withdrawn
    assert withdrawn is not None
    record = f" ({escape(withdrawn.withdrawn_record)})" if withdrawn.withdrawn_record else ""
    reason = f" {escape(withdrawn.reason)}" if withdrawn.reason else ""
    return (f'<p class="nt-withdrawn"><strong>Composition panel withdrawn{record}.</strong>'
            f"{reason} No quantity derived from that record is shown or used in recipes.</p>\n")


def _footer(ctx: RenderContext, table: FoodTable) -> str:
    reference = daily_values(table.table_key)
    lines = [f'<p class="nt-footer"><strong>Reference intakes:</strong> <a href="'
             f'{escape(reference.url)}" rel="noopener">{escape(reference.name)}</a> '
             f"({escape(reference.population)}).</p>"]
    if table.source is not None and table.panel is not None:
        source = table.source
        detail = ", ".join(escape(p) for p in (source.retrieval, source.basis,
                                                 f"last checked {source.checked}"
                                                 if source.checked else None) if p)
        lines.append(f'<p class="nt-footer"><strong>Source named by the page:</strong> '
                     f"{escape(source.cite())}{', ' + detail if detail else ''}.</p>")
        lines.append(f'<p class="nt-footer">{_verification(table)}</p>')
    in_notes = {case for row in table.rows for case in _FCIR.findall(row.source_note or "")}
    for case, (_url, note) in table.fcir_links.items():
        if case in table.fcir_cases and case not in in_notes:
            lines.append(f'<p class="nt-footer nt-fcir">{_linked(ctx, table, note)}</p>')
    return "\n".join(lines) + "\n"


def _verification(table: FoodTable) -> str:
    panel = table.panel
    assert panel is not None
    verified, stated = panel.count(FigureStatus.VERIFIED), panel.count(FigureStatus.STATED)
    differs = panel.count(FigureStatus.MISMATCH)
    if panel.record is None:
        return (f"<strong>Not verified:</strong> {escape(panel.unresolved)}; every figure is "
                "shown as the page states it.")
    text = (f"<strong>Checked at build:</strong> {verified} figure{'s' * (verified != 1)} equal "
            f"{escape(panel.record.provenance.cite())}")
    if stated:
        text += f"; {stated} cannot be checked against it and are shown as stated"
    if differs:
        text += f"; {differs} differ{'s' * (differs == 1)} from it (both figures shown)"
    return text + "."


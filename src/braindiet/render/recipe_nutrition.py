"""A weighed recipe's per-serving figures as HTML, in the order the authors lay them out.

A visible meal summary (energy, protein, carbohydrate, sugars, fibre, fat, saturated fat,
sodium), then collapsed: the vitamins and minerals whose share *as printed* reaches 15 % (eight
at most, promotions first), the individual omega-3 acids from 50 mg, and the calculation: each
line's weight and record, the assumptions and exclusions. Figures are rounded once, here, by
unit and magnitude (the authors' public rule); a total some line does not report is printed as
"at least" with the lines that lack it, never as if it were complete.
"""

from __future__ import annotations

from markupsafe import Markup, escape

from braindiet.science.nutrition.daily_values import whole_percent
from braindiet.science.nutrition.identity import panel_keys
from braindiet.science.nutrition.nutrients import unit_symbol
from braindiet.science.nutrition.weighed import WeighedRecipe, WeighedTotal

SUMMARY_KEYS = ("kcal", "protein_g", "carbs_g", "sugar_g", "fibre_g", "fat_g", "sat_fat_g",
                "sodium_mg")
OMEGA3_KEYS = ("ala_mg", "epa_mg", "dha_mg")
KEY_PERCENT = 15  # a vitamin or mineral is a headline of the meal from this printed share
MAX_KEY_NUTRIENTS = 8
MATERIAL_OMEGA3_MG = 50.0
VITAMINS_NOTE = ("Vitamins and minerals supplying at least 15% of an adult reference intake in "
                 "one serving, up to eight; RDA is a recommended dietary allowance, AI an "
                 "adequate intake. Smaller amounts are still calculated.")
NO_VITAMINS = "No vitamin or mineral reaches 15% of its adult reference intake in one serving."
BIOACTIVES_NOTE = "No recognised intake target: amounts without a share."
NO_BIOACTIVES = "No bioactive compound reaches a defensible quantity in one serving."
PENDING = "Nutrition pending: no figures until every counted ingredient has a composition " \
          "record and an edible weight."


def public_amount(amount: float, unit: str) -> str:
    """Rounded for readers by unit and magnitude (never before summing)."""
    size = abs(amount)
    if unit == "kilocalorie":
        return f"{round(amount, -1 if size >= 100 else 0):.0f} kcal"
    steps = {"gram": [(10, 0), (1, 1), (0, 2)],
             "milligram": [(100, -1), (10, 0), (1, 1), (0, 2)],
             "microgram": [(100, -1), (10, 0), (0, 1)]}.get(unit, [(0, 2)])
    decimals = next(d for bound, d in steps if size >= bound)
    value = round(amount, decimals)
    whole = decimals <= 0 or value == int(value)  # "3 g", not "3.0 g"
    text = f"{value:.0f}" if whole else f"{value:.{decimals}f}"
    return f"{text} {unit_symbol(unit)}"


def _percent(total: WeighedTotal) -> str:
    if total.percent is None:
        return ""
    return "<1%" if 0 < total.percent < 0.5 else f"{whole_percent(total.percent)}%"


def _figure(total: WeighedTotal) -> str:
    if total.amount is None:
        return "Not established"
    unit = panel_keys()[total.key].unit
    return ("at least " if total.lower_bound else "") + public_amount(total.amount, unit)


def _row(total: WeighedTotal, share: bool = False) -> str:
    row = panel_keys()[total.key]
    mark = ' <span class="rn-stated" title="includes figures the food pages state but no ' \
           'shipped USDA record verifies">†</span>' if total.stated else ""
    cells = f'<td class="rn-amount">{escape(_figure(total))}</td>'
    if share:
        label = total.share_label.removeprefix("% ")
        cells += f'<td class="rn-amount">{escape(_percent(total))} {escape(label)}</td>'
    return (f'<tr id="nutrition-row-{escape(total.key)}"><th scope="row">{escape(row.label)}'
            f"{mark}</th>{cells}</tr>\n")


def key_nutrients(result: WeighedRecipe, promoted: dict[str, str]) -> list[WeighedTotal]:
    """Vitamins and minerals printed at 15 % or more, ranked by share, promotions first."""
    chosen = []
    for key, row in panel_keys().items():
        total = result.per_serving.get(key)
        if row.group != "vitamins_minerals" or key == "sodium_mg" or total is None:
            continue
        if total.amount is None or total.amount <= 0 or total.percent is None:
            continue
        if key in promoted or whole_percent(total.percent) >= KEY_PERCENT:
            chosen.append(total)
    chosen.sort(key=lambda t: (t.key not in promoted, -(t.percent or 0.0)))
    return chosen[:MAX_KEY_NUTRIENTS]


def bioactives(result: WeighedRecipe) -> list[WeighedTotal]:
    acids = [t for key in OMEGA3_KEYS if (t := result.per_serving.get(key)) is not None
             and t.amount is not None and t.amount >= MATERIAL_OMEGA3_MG]
    named = any(result.per_serving.get(key) is not None for key in OMEGA3_KEYS)
    total = result.per_serving.get("omega3_mg")
    if not named and total is not None and total.amount is not None and \
            total.amount >= MATERIAL_OMEGA3_MG:
        acids.append(total)  # a total only where its component acids are not listed
    return acids


def _table(head: list[str], rows: list[str]) -> str:
    heading = "".join(f'<th scope="col">{escape(h)}</th>' for h in head)
    return (f'<div class="table-scroll"><table class="rn-table"><thead><tr>{heading}</tr>'
            f"</thead>\n<tbody>\n{''.join(rows)}</tbody></table></div>\n")


def _details(summary: str, inner: str) -> str:
    return f'<details class="rn-details"><summary>{escape(summary)}</summary>\n{inner}</details>\n'


def recipe_nutrition_html(result: WeighedRecipe, promoted: dict[str, str]) -> Markup:
    if result.status != "computed":
        reasons = "".join(f"<li>{escape(r)}</li>" for r in result.reasons)
        return Markup('<section class="recipe-nutrition recipe-nutrition--pending" '
                      f'id="recipe-nutrition" data-pagefind-ignore>\n<p class="rn-pending">'
                      f"{escape(PENDING)}</p>\n<ul>{reasons}</ul>\n</section>\n")
    parts = ['<section class="recipe-nutrition" id="recipe-nutrition" data-pagefind-ignore>\n',
             _basis(result)]
    summary = [t for key in SUMMARY_KEYS if (t := result.per_serving.get(key)) is not None]
    parts.append(_table(["Nutrient", "Per serving"], [_row(t) for t in summary]))
    parts.append(_summary_notes(result, summary))
    vitamins = key_nutrients(result, promoted)
    parts.append(_details("Key vitamins and minerals", _table(
        ["Nutrient", "Per serving", "Reference intake"], [_row(t, share=True) for t in vitamins])
        + _notes(vitamins) + _note(VITAMINS_NOTE) if vitamins else _note(NO_VITAMINS)))
    acids = bioactives(result)
    parts.append(_details("Bioactive compounds", _table(
        ["Compound", "Per serving"], [_row(t) for t in acids]) + _notes(acids)
        + _note(BIOACTIVES_NOTE) if acids else _note(NO_BIOACTIVES)))
    parts.append(_details("Calculation details", _calculation(result)))
    parts.append("</section>\n")
    return Markup("".join(parts))


def _basis(result: WeighedRecipe) -> str:
    grams = result.grams_per_serving or 0.0
    serves = f", recipe serves {result.servings}" if result.servings and result.servings > 1 \
        else ""
    return (f'<p class="rn-basis">Per serving{serves} (about {grams:.0f} g). Each counted '
            "ingredient is scaled from its named per-100 g record by edible grams; optional "
            "ingredients are left out; a value a record does not report is never taken as "
            "zero.</p>\n")


def _summary_notes(result: WeighedRecipe, summary: list[WeighedTotal]) -> str:
    notes = [a for a in result.assumptions if a.casefold().startswith("sodium")]
    notes += [f"{panel_keys()[t.key].label}: {t.unresolved}" for t in summary if t.unresolved]
    notes += lower_bound_notes(summary)
    if any(t.stated for t in summary):
        notes.append("† includes figures a food page states that no USDA record shipped with "
                     "braindiet verifies.")
    return "".join(f'<p class="rn-note">{escape(n)}</p>\n' for n in notes)


def lower_bound_notes(rows: list[WeighedTotal]) -> list[str]:
    short = [t for t in rows if t.lower_bound]
    if not short:
        return []
    return ["“At least”: not reported by the records of "
            + "; ".join(f"{panel_keys()[t.key].label} — {', '.join(t.missing)}" for t in short)
            + "."]


def _note(text: str) -> str:
    return f'<p class="rn-note">{escape(text)}</p>\n'


def _notes(rows: list[WeighedTotal]) -> str:
    return "".join(f'<p class="rn-note">{escape(n)}</p>\n' for n in lower_bound_notes(rows))


def _calculation(result: WeighedRecipe) -> str:
    rows = []
    for line in result.counted:
        record = line.composition.record if line.composition else ""
        verified = line.composition is not None and line.composition.verified
        mark = '<span class="nt-source nt-source--verified">USDA-verified</span>' if verified \
            else '<span class="nt-source nt-source--stated">as stated</span>'
        rows.append(f"<tr><th scope=\"row\">{escape(line.display)}</th><td class=\"rn-amount\">"
                    f"{escape(public_amount(line.grams or 0.0, 'gram'))}</td><td>{escape(record)}"
                    f" {mark}</td></tr>\n")
    notes = [f"{line.display}: {line.conversion}" for line in result.counted
             if line.conversion and not line.conversion.casefold().startswith("recipe")]
    notes += [f"{display} — {reason}" for display, reason in result.exclusions]
    notes += [a for a in result.assumptions if not a.casefold().startswith("sodium")]
    if result.default_combination:
        notes.insert(0, result.default_combination)
    listing = "".join(f"<li>{escape(n)}</li>" for n in notes)
    return (_table(["Ingredient", "Weight used", "Composition record"], rows)
            + (f'<p class="rn-note"><strong>Assumptions and exclusions</strong></p><ul '
               f'class="rn-assumptions">{listing}</ul>\n' if notes else ""))


def default_combination_html(result: WeighedRecipe | None) -> Markup:
    if result is None or not result.default_combination:
        return Markup("")
    return Markup('<p class="recipe-default">{}</p>\n').format(result.default_combination)

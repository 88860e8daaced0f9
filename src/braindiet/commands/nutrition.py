"""`braindiet nutrition`: USDA composition records for food pages, recipe nutrition audits.

`match` ranks USDA FoodData Central records for every food page and, with `--write`, records
the top one as the page's `nutrition_source:` with its confidence and `confirmed: false` —
printing the change, touching no other line. `evaluate` measures the matcher against the
record choices the authors made themselves.
`recipe` computes a recipe's nutrients per serving; `--explain` shows every ingredient's grams,
record and contribution, or why the recipe is pending.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from braindiet import progress
from braindiet.commands import Format, FormatOption, QuietOption, SiteArgument, print_json
from braindiet.content import frontmatter, rewrite
from braindiet.content.document import Document
from braindiet.content.kinds import Kind
from braindiet.science.nutrition import (
    Candidate,
    Confidence,
    FoodIndex,
    RecipeNutrition,
    daily_values,
    load_index_timed,
    propose_records,
)
from braindiet.science.nutrition.food_forms import page_context
from braindiet.science.nutrition.nutrients import (
    NUTRIENTS,
    PANEL_NUTRIENTS,
    format_amount,
    unit_symbol,
)
from braindiet.science.nutrition.recipes import NutrientTotal
from braindiet.science.nutrition.site import site_nutrition

if TYPE_CHECKING:
    from braindiet.project import Project

app = typer.Typer(help="USDA composition data for food pages and recipes.",
                  no_args_is_help=True, add_completion=False)
console = Console(highlight=False)
errors = Console(stderr=True, highlight=False)

_RANK = {Confidence.HIGH: 0, Confidence.MEDIUM: 1, Confidence.LOW: 2}


class Table_(StrEnum):
    US = "us"
    EU = "eu"
    DRI = "dri"


@app.callback()
def nutrition() -> None:
    """Composition data: match food pages to USDA records, audit recipe nutrition."""


# ---------------------------------------------------------------------------- reading the site


def load(site: Path | None) -> Project:
    from braindiet.project import load_project

    return load_project(site)


def names_of(document: Document) -> list[str]:
    """Every name a food page answers to, title first (the matcher tries them all)."""
    names = (document.title, *document.names(), document.rel_path.stem.replace("-", " "))
    return list(dict.fromkeys(n for n in names if n))


def _index(cache_dir: Path | None) -> FoodIndex:
    index, timing = load_index_timed(cache_dir)
    if timing.built:
        errors.print(f"[dim]built the USDA index once in {timing.build_seconds:.2f}s "
                     f"({len(index)} records) -> {timing.path}[/]")
    return index


CacheOption = Annotated[Path | None, typer.Option(
    "--cache-dir", help="Where the USDA index is kept (default: $BRAINDIET_DATA_DIR, else "
    "~/.cache/braindiet-data).")]


# ---------------------------------------------------------------------------- match


@app.command()
def match(
    site: SiteArgument = None,
    limit: Annotated[int, typer.Option(help="Candidates shown per food.")] = 5,
    write: Annotated[bool, typer.Option(
        "--write", help="Record the top candidate as the page's `nutrition_source`.")] = False,
    min_confidence: Annotated[Confidence, typer.Option(
        help="Only write when the top candidate is at least this confident.")]
    = Confidence.HIGH,
    overwrite: Annotated[bool, typer.Option(
        help="Also replace a `nutrition_source` the page already has.")] = False,
    food: Annotated[str | None, typer.Option(help="Only the food page with this name.")]
    = None,
    cache_dir: CacheOption = None,
    output_format: FormatOption = Format.TEXT,
    quiet: QuietOption = False,
) -> None:
    """Rank USDA records for each food page; --write records the top one."""
    project = load(site)
    foods = [d for d in project.documents if d.kind is Kind.FOOD]
    index = _index(cache_dir)
    if food is not None:
        foods = [d for d in foods if food.casefold() in (n.casefold() for n in names_of(d))]
    counts = {level: 0 for level in Confidence}
    changed = 0
    found: list[dict[str, object]] = []
    for page in progress.tracked_loop(foods, "match", quiet):
        candidates = _propose(page, limit, index)
        if output_format is Format.JSON:
            found.append(_candidates_json(page, candidates))
        else:
            _print_candidates(page, candidates)
        if candidates:
            counts[candidates[0].confidence] += 1
        if write and _should_write(page, candidates, min_confidence, overwrite):
            changed += _write_source(page.source_file(project.root), page, candidates[0])
    none = len(foods) - sum(counts.values())
    if output_format is Format.JSON:
        print_json(found)
        return
    console.print(f"{len(foods)} food pages: " + ", ".join(
        f"{counts[level]} {level.value}" for level in Confidence) + f", {none} without candidates"
        + (f"; {changed} pages changed" if write else ""))


def _candidates_json(page: Document, candidates: list[Candidate]) -> dict[str, object]:
    return {"page": page.site_path, "title": page.title, "candidates": [
        {"dataset": c.dataset, "record": c.record.description, "score": round(c.score, 4),
         "confidence": c.confidence.value} for c in candidates]}


def _print_candidates(page: Document, candidates: list[Candidate]) -> None:
    current = page.front.data.get("nutrition_source")
    note = ""
    if isinstance(current, dict):
        note = escape(f" (now: {current.get('dataset')} \u201c{current.get('record')}\u201d)")
        note = f"[dim]{note}[/]"
    console.print(f"[bold]{escape(page.title)}[/] [dim]{escape(page.site_path)}[/]{note}")
    if not candidates:
        console.print("   [dim]no candidate record[/]")
    for rank, candidate in enumerate(candidates, 1):
        style = {"high": "green", "medium": "yellow", "low": "red"}[candidate.confidence.value]
        console.print(f"  {rank}. {candidate.score:.3f} [{style}]{candidate.confidence:6}[/] "
                      f"{candidate.dataset:20} {escape(candidate.record.description)}")


def _should_write(page: Document, candidates: list[Candidate], minimum: Confidence,
                  overwrite: bool) -> bool:
    if not candidates or _RANK[candidates[0].confidence] > _RANK[minimum]:
        return False
    return overwrite or "nutrition_source" not in page.front.data


def _write_source(file: Path, page: Document, candidate: Candidate) -> int:
    provenance = candidate.record.provenance
    # the confidence goes with the record, and it stays unconfirmed until an author says
    # otherwise: a matcher's guess is never published as a traced fact
    value: dict[str, object] = {
        "dataset": provenance.dataset, "record": provenance.record,
        "version": provenance.version, "match_confidence": candidate.confidence.value,
        "match_score": round(candidate.score, 3), "confirmed": False}
    before = rewrite.read_exact(file)  # BOM and CRLF kept: only the key's lines change
    after = frontmatter.set_key(before, "nutrition_source", value)
    if after == before:
        return 0
    console.print(frontmatter.unified_diff(before, after, page.site_path), markup=False)
    try:
        rewrite.replace_text(file, before, after)
    except (rewrite.PageChanged, OSError) as exc:  # the page is as it was: say so, go on
        errors.print(f"{page.site_path}: not written: {exc}", markup=False, soft_wrap=True)
        return 0
    return 1


# ---------------------------------------------------------------------------- evaluate


@app.command()
def evaluate(
    labelled: Annotated[Path, typer.Argument(
        help="Site whose food pages name the record their authors chose "
             "(`nutrition_source.food_name`), e.g. the Aug-2026 tree.",
        exists=True, file_okay=False, resolve_path=True)],
    site: Annotated[Path, typer.Argument(
        help="Site to run the matcher on: the same foods' pages, without the choice.",
        exists=True, file_okay=False, resolve_path=True)],
    limit: Annotated[int, typer.Option(help="Candidates considered per food.")] = 5,
    cache_dir: CacheOption = None,
    output_format: FormatOption = Format.TEXT,
) -> None:
    """Top-1 agreement of the matcher with the authors' own record choices."""
    from braindiet.science.nutrition.match_evaluation import evaluate as run
    from braindiet.science.nutrition.match_evaluation import labelled_choices

    choices = labelled_choices(d for d in load(labelled).documents if d.kind is Kind.FOOD)
    pages = [d for d in load(site).documents if d.kind is Kind.FOOD]
    index = _index(cache_dir)
    result = run(choices, pages, index, lambda page: _propose(page, limit, index))
    if output_format is Format.JSON:
        print_json({"summary": result.summary(), "trials": [{
            "labelled": t.choice.page.site_path, "chosen": t.choice.food_name,
            "page": t.page.site_path if t.page else None, "in_index": t.in_index,
            "top": t.top.record.description if t.top else None,
            "confidence": t.top.confidence.value if t.top else None,
            "agrees": t.agrees, "rank": t.rank} for t in result.trials]})
        return
    for trial in result.trials:
        top = trial.top
        mark = "=" if trial.agrees else ("?" if not trial.in_index else "x")
        console.print(f"{mark} {escape(trial.choice.page.title):28} chosen "
                      f"\u201c{escape(trial.choice.food_name)}\u201d; top "
                      f"\u201c{escape(top.record.description) if top else '-'}\u201d"
                      + (f" ({top.confidence.value})" if top else ""))
    summary = result.summary()
    console.print(f"{summary['labelled']} labelled food pages, {summary['paired']} paired, "
                  f"{summary['choice_in_index']} with the chosen record in the index: "
                  f"top-1 agreement {summary['top1_agree']}/{summary['choice_in_index']} = "
                  f"{result.agreement:.1%}; chosen record among the top {limit}: "
                  f"{summary['choice_among_candidates']}")


def _propose(page: Document, limit: int, index: FoodIndex) -> list[Candidate]:
    """Candidates for a food page, its own text choosing among forms."""
    return propose_records(names_of(page), limit, index, page_context(page))


# ---------------------------------------------------------------------------- recipe


@app.command()
def recipe(
    page: Annotated[Path, typer.Argument(help="The recipe page (a Markdown file).",
                                         exists=True, dir_okay=False, resolve_path=True)],
    site: Annotated[Path | None, typer.Option(
        help="Site folder (default: the nearest folder above PAGE holding docs/).")] = None,
    explain: Annotated[bool, typer.Option(
        "--explain", help="Show every ingredient's grams, record and contribution.")] = False,
    table: Annotated[Table_, typer.Option(help="Reference values: us (FDA DV) or eu (NRV).")]
    = Table_.US,
    nutrient: Annotated[list[str] | None, typer.Option(
        help="Nutrient keys to show (repeatable; default: a brain-health selection).")] = None,
    cache_dir: CacheOption = None,
    output_format: FormatOption = Format.TEXT,
) -> None:
    """Nutrients of one recipe per serving, or why they are pending."""
    project = load(site or _site_of(page))
    document = project.document_at(page)
    if document is None or document.kind is not Kind.RECIPE:
        errors.print(f"{page} is not a recipe page of the site {project.root}")
        raise typer.Exit(2)
    keys = _nutrient_keys(nutrient)
    nutrition = site_nutrition(project.graph, _index(cache_dir), table.value,
                               project.nutrition_data)
    for problem in (*document.load_problems, *nutrition.diagnostics):
        if problem.file == document.site_path:
            errors.print(f"{problem.location}: {problem.severity} {problem.code} "
                         f"{problem.message}")
    if document in nutrition.weighed:  # the authors' weighed form: see commands/panels.py
        from braindiet.commands.panels import print_weighed

        print_weighed(document, nutrition.weighed[document], output_format)
        return
    result = nutrition.recipes[document]
    if output_format is Format.JSON:
        print_json(_recipe_json(document, result, keys))
    else:
        _print_recipe(document, result, keys, explain)


def _recipe_json(page: Document, result: RecipeNutrition, keys: list[str]) -> dict[str, object]:
    totals = result.per_serving or result.total or {}
    return {
        "page": page.site_path, "title": page.title, "status": result.status,
        "reasons": list(result.reasons), "servings": result.servings,
        "per_serving": bool(result.per_serving), "reference_values": result.table,
        "nutrients": [_total_json(key, totals[key]) for key in keys if key in totals]
        if result.status != "pending" else [],
    }


def _total_json(key: str, total: NutrientTotal) -> dict[str, object]:
    level = total.level
    return {"key": key, "label": total.nutrient.label, "unit": unit_symbol(total.nutrient.unit),
            "amount": total.amount, "percent": total.percent,
            "level": level.label if level is not None else None}


def _site_of(page: Path) -> Path:
    for folder in page.parents:
        if (folder / "docs").is_dir():
            return folder
    errors.print(f"no docs/ folder above {page}; pass --site")
    raise typer.Exit(2)


def _nutrient_keys(requested: list[str] | None) -> list[str]:
    keys = list(requested or PANEL_NUTRIENTS)
    unknown = [k for k in keys if k not in NUTRIENTS]
    if unknown:
        errors.print(f"unknown nutrient key(s): {', '.join(unknown)}; known: "
                     f"{', '.join(NUTRIENTS)}")
        raise typer.Exit(2)
    return keys


def _print_recipe(page: Document, result: RecipeNutrition, keys: list[str],
                  explain: bool) -> None:
    console.print(f"[bold]{escape(page.title)}[/] [dim]{escape(page.site_path)}[/]")
    if result.status == "pending":
        console.print("[yellow]pending[/]: no figures are published until every counted "
                      "ingredient is traced to a record:")
        for reason in result.reasons:
            console.print(f"  - {reason}", markup=False)
    else:
        _print_totals(result, keys)
    if explain:
        _print_audit(result, keys)


def _print_totals(result: RecipeNutrition, keys: list[str]) -> None:
    reference = daily_values(result.table)
    totals = result.per_serving or result.total or {}
    basis = (f"per serving (1 of {result.servings})" if result.per_serving
             else f"whole recipe — {result.per_serving_reason}")
    grid = Table(title=f"{basis}; {reference.name}", title_justify="left")
    for heading in ("nutrient", "amount", reference.short, "level"):
        grid.add_column(heading)
    for key in keys:
        total = totals[key]
        if total.amount is None:
            grid.add_row(total.nutrient.label, "pending", "",
                         "not analysed for " + "; ".join(total.missing))
            continue
        percent = "" if total.percent is None else f"{total.percent:.0f} %"
        level = "" if total.level is None else total.level.label
        amount = format_amount(total.amount, total.nutrient.unit)
        grid.add_row(total.nutrient.label, amount, percent, level)
    console.print(grid)


def _print_audit(result: RecipeNutrition, keys: list[str]) -> None:
    grid = Table(title="audit", title_justify="left")
    for heading in ("line", "ingredient", "status", "food → record", "grams", "adds"):
        grid.add_column(heading, overflow="fold")
    for row in result.rows:
        record = f"{row.food or ''}" + (f" → {row.provenance.record} ({row.provenance.dataset})"
                                        if row.provenance else "")
        method = escape(row.method or "")
        grams = "" if row.grams is None else f"{row.grams:.4g} g\n[dim]{method}[/]"
        if row.status == "counted":
            amounts = row.amounts or {}
            adds = ", ".join(f"{NUTRIENTS[k].label} {format_amount(amounts[k], NUTRIENTS[k].unit)}"
                             for k in keys if k in amounts)
        else:
            adds = row.reason or ""
        grid.add_row(str(row.ingredient.line or ""), escape(row.ingredient.text), row.status,
                     escape(record), grams, escape(adds))
    console.print(grid)

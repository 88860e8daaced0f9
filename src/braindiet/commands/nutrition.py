"""`braindiet nutrition`: USDA composition records for food pages, recipe nutrition audits.

`match` ranks USDA FoodData Central records for every food page and, with `--write`, records
the top one as the page's `nutrition_source:` — printing the change, touching no other line.
`recipe` computes a recipe's nutrients per serving; `--explain` shows every ingredient's grams,
record and contribution, or why the recipe is pending.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from braindiet.content import frontmatter
from braindiet.content.frontmatter import FrontMatter
from braindiet.diagnostics import Diagnostic
from braindiet.science.nutrition import (
    Candidate,
    Confidence,
    FoodComposition,
    FoodIndex,
    RecipeNutrition,
    compute_recipe,
    daily_values,
    food_composition,
    ingredients_from_markdown,
    load_index_timed,
    parse_food_front_matter,
    parse_recipe_front_matter,
    propose_records,
)
from braindiet.science.nutrition.nutrients import NUTRIENTS, PANEL_NUTRIENTS

app = typer.Typer(help="USDA composition data for food pages and recipes.",
                  no_args_is_help=True, add_completion=False)
console = Console(highlight=False)
errors = Console(stderr=True, highlight=False)

_RANK = {Confidence.HIGH: 0, Confidence.MEDIUM: 1, Confidence.LOW: 2}


class Table_(StrEnum):
    US = "us"
    EU = "eu"


@app.callback()
def nutrition() -> None:
    """Composition data: match food pages to USDA records, audit recipe nutrition."""


# ---------------------------------------------------------------------------- reading the site


@dataclass(frozen=True, slots=True)
class Page:
    """What these commands need of one page (food or recipe)."""

    file: Path
    site_path: str
    name: str
    names: tuple[str, ...]  # every name the page answers to, title first
    front: FrontMatter
    body: str
    body_start_line: int


def read_pages(site: Path | None) -> tuple[Path, list[Page], list[Page]]:
    """The site folder, its food pages and its recipe pages (the one place that loads)."""
    from braindiet.content.schema import Kind
    from braindiet.project import load_project

    project = load_project(site)
    foods: list[Page] = []
    recipes: list[Page] = []
    for document in project.documents:
        if document.kind not in (Kind.FOOD, Kind.RECIPE):
            continue
        names = (document.title, *document.names(), document.rel_path.stem.replace("-", " "))
        page = Page(document.source_file(project.root), document.site_path, document.title,
                    tuple(dict.fromkeys(n for n in names if n)), document.front, document.body,
                    document.body_start_line)
        (foods if document.kind is Kind.FOOD else recipes).append(page)
    return project.root, foods, recipes


def food_lookup_for(foods: list[Page], index: FoodIndex,
                    diagnostics: list[Diagnostic]) -> dict[str, FoodComposition]:
    """Every name of every food page (case-insensitive) -> its composition."""
    lookup: dict[str, FoodComposition] = {}
    for page in foods:
        declared = parse_food_front_matter(page.front.data, page.site_path, page.front.key_lines)
        composition, problems = food_composition(page.name, declared, index, page.site_path,
                                                 page.front.key_lines)
        diagnostics.extend([*declared.diagnostics, *problems])
        for name in page.names:
            lookup.setdefault(name.casefold(), composition)
    return lookup


def _index(cache_dir: Path | None) -> FoodIndex:
    index, timing = load_index_timed(cache_dir)
    if timing.built:
        errors.print(f"[dim]built the USDA index once in {timing.build_seconds:.2f}s "
                     f"({len(index)} records) -> {timing.path}[/]")
    return index


SiteArgument = Annotated[Path | None, typer.Argument(
    help="Site folder holding docs/ (default: the embedded example knowledge base).",
    exists=True, file_okay=False, resolve_path=True)]
CacheOption = Annotated[Path | None, typer.Option(
    "--cache-dir", help="Where the USDA index is cached (default ~/.cache/braindiet).")]


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
) -> None:
    """Rank USDA records for each food page; --write records the top one."""
    _root, foods, _recipes = read_pages(site)
    index = _index(cache_dir)
    if food is not None:
        foods = [p for p in foods if food.casefold() in (n.casefold() for n in p.names)]
    counts = {level: 0 for level in Confidence}
    changed = 0
    for page in foods:
        candidates = propose_records(list(page.names), limit, index)
        _print_candidates(page, candidates)
        if candidates:
            counts[candidates[0].confidence] += 1
        if write and _should_write(page, candidates, min_confidence, overwrite):
            changed += _write_source(page, candidates[0])
    none = len(foods) - sum(counts.values())
    console.print(f"{len(foods)} food pages: " + ", ".join(
        f"{counts[level]} {level.value}" for level in Confidence) + f", {none} without candidates"
        + (f"; {changed} pages changed" if write else ""))


def _print_candidates(page: Page, candidates: list[Candidate]) -> None:
    current = page.front.data.get("nutrition_source")
    note = ""
    if isinstance(current, dict):
        note = escape(f" (now: {current.get('dataset')} \u201c{current.get('record')}\u201d)")
        note = f"[dim]{note}[/]"
    console.print(f"[bold]{escape(page.name)}[/] [dim]{escape(page.site_path)}[/]{note}")
    if not candidates:
        console.print("   [dim]no candidate record[/]")
    for rank, candidate in enumerate(candidates, 1):
        style = {"high": "green", "medium": "yellow", "low": "red"}[candidate.confidence.value]
        console.print(f"  {rank}. {candidate.score:.3f} [{style}]{candidate.confidence:6}[/] "
                      f"{candidate.dataset:20} {escape(candidate.record.description)}")


def _should_write(page: Page, candidates: list[Candidate], minimum: Confidence,
                  overwrite: bool) -> bool:
    if not candidates or _RANK[candidates[0].confidence] > _RANK[minimum]:
        return False
    return overwrite or "nutrition_source" not in page.front.data


def _write_source(page: Page, candidate: Candidate) -> int:
    provenance = candidate.record.provenance
    value = {"dataset": provenance.dataset, "record": provenance.record,
             "version": provenance.version}
    with page.file.open(encoding="utf-8", newline="") as stream:  # keep CRLF files CRLF
        before = stream.read()
    after = frontmatter.set_key(before, "nutrition_source", value)
    if after == before:
        return 0
    console.print(frontmatter.unified_diff(before, after, page.site_path), markup=False)
    with page.file.open("w", encoding="utf-8", newline="") as stream:
        stream.write(after)
    return 1


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
) -> None:
    """Nutrients of one recipe per serving, or why they are pending."""
    root = site or _site_of(page)
    _root, foods, recipes = read_pages(root)
    recipe_page = next((p for p in recipes if p.file.resolve() == page), None)
    if recipe_page is None:
        errors.print(f"{page} is not a recipe page of the site {root}")
        raise typer.Exit(2)
    keys = _nutrient_keys(nutrient)
    index = _index(cache_dir)
    diagnostics: list[Diagnostic] = []
    lookup = food_lookup_for(foods, index, diagnostics)
    result = recipe_nutrition(recipe_page, lookup, table.value, diagnostics)
    for problem in diagnostics:
        if problem.file == recipe_page.site_path:
            errors.print(f"{problem.location}: {problem.severity} {problem.code} "
                         f"{problem.message}")
    _print_recipe(recipe_page, result, keys, explain)


def recipe_nutrition(page: Page, lookup: dict[str, FoodComposition], table: str,
                     diagnostics: list[Diagnostic]) -> RecipeNutrition:
    spec = parse_recipe_front_matter(page.front.data, page.site_path, page.front.key_lines,
                                     page.front.item_lines)
    diagnostics.extend(spec.diagnostics)
    ingredients = spec.ingredients
    if ingredients is None:
        ingredients = ingredients_from_markdown(page.body, page.body_start_line)
    return compute_recipe(ingredients, spec.servings, lambda name: lookup.get(name.casefold()),
                          table)


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


def _print_recipe(page: Page, result: RecipeNutrition, keys: list[str], explain: bool) -> None:
    console.print(f"[bold]{escape(page.name)}[/] [dim]{escape(page.site_path)}[/]")
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
        grid.add_row(total.nutrient.label, _amount(total.amount, total.nutrient.unit), percent,
                     level)
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
            adds = ", ".join(f"{NUTRIENTS[k].label} {_amount(row.amounts[k], NUTRIENTS[k].unit)}"
                             for k in keys if row.amounts and k in row.amounts)
        else:
            adds = row.reason or ""
        grid.add_row(str(row.ingredient.line or ""), escape(row.ingredient.text), row.status,
                     escape(record), grams, escape(adds))
    console.print(grid)


_SHORT_UNITS = {"gram": "g", "milligram": "mg", "microgram": "µg", "kilocalorie": "kcal"}


def _amount(value: float, unit: str) -> str:
    return f"{value:.3g} {_SHORT_UNITS.get(unit, unit)}"

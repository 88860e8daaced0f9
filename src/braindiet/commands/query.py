"""`braindiet query`: ask the knowledge graph from the command line.

    braindiet query foods --substance Magnesium
    braindiet query substances --food Spinach        (or --target X, or --area X)
    braindiet query targets --substance Magnesium    (or --area X)
    braindiet query recipes --area ADHD [--target "Stress Response" ...] [--explain]
    braindiet query path Spinach ADHD

Names are resolved through the graph's alias index (title, label, tag, permalink). A name
that means no page, or several, is reported with the candidates and exits with code 2. Every
command prints a rich table, or JSON with `--format json`.
"""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from braindiet.commands import Format, FormatOption, SiteArgument, print_json
from braindiet.content import kinds
from braindiet.content.document import Document
from braindiet.content.kinds import TARGET_KINDS, Kind
from braindiet.content.schema import ContributionLevel
from braindiet.graph.knowledge import KnowledgeGraph, Relation, TargetLink
from braindiet.graph.query import Chain, RecipeRank, Step, chosen_targets, paths, rank_recipes

app = typer.Typer(help="Ask the knowledge graph: foods, substances, targets, recipes, paths.",
                  no_args_is_help=True, add_completion=False)
console = Console(highlight=False)
errors = Console(stderr=True, highlight=False)


LimitOption = Annotated[int, typer.Option("--limit", "-n", min=0,
                                          help="Show at most this many (0: all).")]

KIND_JSON_KEY = {Kind.FOOD: "food", Kind.AREA: "area", Kind.SUBSTANCE: "substance",
                 Kind.RECIPE: "recipe", **dict.fromkeys(TARGET_KINDS, "target")}


# ---- loading and naming -----------------------------------------------------------------


def load_graph(site: Path | None) -> KnowledgeGraph:
    from braindiet.project import load_project

    return load_project(site).graph


def fail(message: str, hint: str = "") -> typer.Exit:
    errors.print(f"[bold red]error[/] {message}", soft_wrap=True)
    if hint:
        errors.print(f"    [dim]hint: {hint}[/]", soft_wrap=True)
    return typer.Exit(2)


def _describe(document: Document) -> str:
    return f"{document.title} ({kinds.label(document.kind).lower()}, " \
           f"{document.permalink})"


def _unknown(graph: KnowledgeGraph, name: str, what: str) -> typer.Exit:
    close = difflib.get_close_matches(name.casefold(), graph.names(), n=3, cutoff=0.75)
    hint = (f"did you mean: {', '.join(close)}?" if close
            else "check the spelling or pass a permalink")
    return fail(f"no {what} is named {name!r}", hint)


def _ambiguous(name: str, candidates: list[Document]) -> typer.Exit:
    listed = "; ".join(_describe(d) for d in candidates)
    return fail(f"{name!r} is ambiguous: it could mean {listed}",
                "pass the permalink of the page you mean")


def resolve(graph: KnowledgeGraph, name: str, kind: Kind) -> Document:
    """The page of that kind the name means; exits with code 2 if none or several."""
    page = graph.page_of_kind(name, kind)
    if page is not None:
        return page
    what = kinds.label(kind).lower()
    candidates = list(graph.resolve(name).pages)
    if (by_permalink := graph.page_at(name)) is not None:
        candidates = [by_permalink]
    of_kind = [d for d in candidates if d.kind is kind]
    if len(of_kind) > 1:
        raise _ambiguous(name, of_kind)
    if candidates:
        others = ", ".join(_describe(d) for d in candidates)
        raise fail(f"{name!r} is not a {what}: it names {others}")
    raise _unknown(graph, name, what)


def resolve_target(graph: KnowledgeGraph, name: str) -> Document:
    """The biological target, regulatory system or mechanism the name means (`BRS3`,
    `BRS1-FM1-PM3`, a title); exits with code 2 if none or several."""
    page = graph.page_at(name)
    candidates = [page] if page is not None else list(graph.resolve(name).pages)
    targets = [d for d in candidates if d.kind in TARGET_KINDS]
    if len(targets) == 1:
        return targets[0]
    if len(targets) > 1:
        raise _ambiguous(name, targets)
    return resolve(graph, name, Kind.TARGET)  # reports what the name means instead


def target_ref(graph: KnowledgeGraph, target: Document) -> dict[str, Any]:
    """A target as JSON; a system or mechanism also says its kind and ontology id."""
    row: dict[str, Any] = ref(target)
    if target.kind is not Kind.TARGET:
        row["kind"] = str(target.kind)
        if (found := graph.ontology_id(target)) is not None:
            row["id"] = found
    return row


def resolve_any(graph: KnowledgeGraph, name: str) -> Document:
    """The one page the name means, whatever its kind; exits with code 2 if none or several."""
    page = graph.page(name)
    if page is not None:
        return page
    candidates = list(graph.resolve(name).pages)
    if len(candidates) > 1:
        raise _ambiguous(name, candidates)
    raise _unknown(graph, name, "page")


# ---- output -------------------------------------------------------------------------------


def ref(document: Document) -> dict[str, str]:
    return {"title": document.title, "permalink": document.permalink}


def level_label(level: ContributionLevel | None) -> str | None:
    return None if level is None else level.label


def table(title: str, *columns: str) -> Table:
    grid = Table(title=title, title_justify="left", show_lines=False)
    for column in columns:
        grid.add_column(column, overflow="fold")
    return grid


def _limited(items: list[Any], limit: int) -> list[Any]:
    return items[:limit] if limit else items


# ---- commands -----------------------------------------------------------------------------


@app.callback()
def query() -> None:
    """Ask the knowledge graph: which foods, substances, targets, recipes, and why."""


@app.command()
def foods(
    substance: Annotated[str, typer.Option("--substance", "-s", help="A substance name.")],
    site: SiteArgument = None,
    output_format: FormatOption = Format.TEXT,
) -> None:
    """Foods containing a substance, richest per serving first, with amount and level.

    Amounts come from each food's USDA record; the level is the one the food page declares,
    else the computed one.
    """
    from braindiet.project import load_project
    from braindiet.render.nutrition import food_amount_note

    project = load_project(site)
    graph, nutrition = project.graph, project.nutrition
    page = resolve(graph, substance, Kind.SUBSTANCE)
    rows: list[dict[str, Any]] = []
    for food in graph.foods(page):
        amount, note, source = food_amount_note(nutrition, food, page)
        rows.append({**ref(food), "amount": note or None, "record": source or None,
                     "contribution_level": level_label(nutrition.level(food, page)),
                     "_sort": amount})
    rows.sort(key=lambda r: (r["_sort"] is None, -(r["_sort"] or 0.0)))
    for row in rows:
        del row["_sort"]
    if output_format is Format.JSON:
        print_json({"substance": ref(page), "foods": rows})
        return
    grid = table(f"Foods containing {page.title} ({len(rows)})", "Food", "Amount",
                 "Contribution", "Page")
    for row in rows:
        grid.add_row(row["title"], row["amount"] or "", row["contribution_level"] or "",
                     row["permalink"])
    console.print(grid)


@app.command()
def substances(
    food: Annotated[str | None, typer.Option("--food", help="Substances this food contains.")]
    = None,
    target: Annotated[str | None, typer.Option(
        "--target", "-t", help="Substances supporting this biological target.")] = None,
    area: Annotated[str | None, typer.Option(
        "--area", "-a", help="Substances acting on any target of this therapeutic area.")] = None,
    site: SiteArgument = None,
    output_format: FormatOption = Format.TEXT,
) -> None:
    """Substances of a food, of a biological target, or of a therapeutic area (choose one)."""
    chosen = [(n, k) for n, k in ((food, Kind.FOOD), (target, Kind.TARGET), (area, Kind.AREA))
              if n is not None]
    if len(chosen) != 1:
        raise fail("give exactly one of --food, --target, --area")
    graph = load_graph(site)
    name, kind = chosen[0]
    page = resolve_target(graph, name) if kind is Kind.TARGET else resolve(graph, name, kind)
    if kind is Kind.FOOD:
        rows: list[dict[str, Any]] = [
            {**ref(s), "contribution_level": level_label(graph.contribution_level(page, s))}
                for s in graph.substances(page)]
        detail, detail_key = "Contribution", "contribution_level"
    elif kind is Kind.TARGET:
        rows = [{**ref(s), "mechanism": graph.mechanism(s, page)}
                for s in graph.target_substances(page)]
        detail, detail_key = "Mechanism", "mechanism"
    else:
        in_area = set(graph.area_targets(page))
        rows = [{**ref(s), "targets": [target_ref(graph, t) for t in graph.targets(s)
                                       if t in in_area]}
                for s in graph.area_substances(page)]
        detail, detail_key = "Targets in the area", "targets"
    if output_format is Format.JSON:
        print_json({KIND_JSON_KEY[kind]: ref(page), "substances": rows})
        return
    grid = table(f"Substances of {page.title} ({len(rows)})", "Substance", detail)
    for row in rows:
        value = row[detail_key]
        text = ", ".join(t["title"] for t in value) if isinstance(value, list) else value or ""
        grid.add_row(row["title"], text)
    console.print(grid)



@app.command()
def targets(
    substance: Annotated[str | None, typer.Option(
        "--substance", "-s", help="Targets this substance supports.")] = None,
    area: Annotated[str | None, typer.Option(
        "--area", "-a", help="Targets disrupted in this therapeutic area.")] = None,
    site: SiteArgument = None,
    output_format: FormatOption = Format.TEXT,
) -> None:
    """Biological targets of a substance (with mechanisms) or of a therapeutic area."""
    if (substance is None) == (area is None):
        raise fail("give exactly one of --substance, --area")
    graph = load_graph(site)
    if substance is not None:
        page = resolve(graph, substance, Kind.SUBSTANCE)
        rows: list[dict[str, Any]] = [_substance_target(graph, link)
                                      for link in graph.target_links(page)]
        columns: tuple[str, ...] = ("Target", "Areas", "Mechanism")
    else:
        assert area is not None
        page = resolve(graph, area, Kind.AREA)
        in_area = set(graph.area_phenomes(page))
        rows = []
        for target in graph.area_targets(page):
            row = {**target_ref(graph, target),
                   "substances": [ref(s) for s in graph.target_substances(target)]}
            if phenomes := [ref(p) for p in graph.phenomes_of(target) if p in in_area]:
                row["phenomes"] = phenomes
            rows.append(row)
        columns = ("Target", "Substances")
    if output_format is Format.JSON:
        print_json({KIND_JSON_KEY[page.kind]: ref(page), "targets": rows})
        return
    grid = table(f"Biological targets of {page.title} ({len(rows)})", *columns)
    for row in rows:
        if "mechanism" in row:
            cofactor = "(named among its cofactors)" if "relation" in row else ""
            grid.add_row(row["title"], ", ".join(a["title"] for a in row["areas"]),
                         row["mechanism"] or cofactor)
        else:
            grid.add_row(row["title"], ", ".join(s["title"] for s in row["substances"]))
    console.print(grid)


def _substance_target(graph: KnowledgeGraph, link: TargetLink) -> dict[str, Any]:
    row = {**target_ref(graph, link.target), "mechanism": link.mechanism,
           "areas": [ref(a) for a in graph.areas(link.target)]}
    if link.relation is not Relation.SUPPORTS:
        row["relation"] = str(link.relation)
    return row


def chain_json(chain: Chain) -> dict[str, Any]:
    row: dict[str, Any] = {"food": ref(chain.food), "substance": ref(chain.substance),
                           "mechanism": chain.mechanism}
    if chain.relation is not Relation.SUPPORTS:
        row["relation"] = str(chain.relation)
    if chain.phenomes:
        row["phenomes"] = [ref(p) for p in chain.phenomes]
    return row


def rank_json(position: int, rank: RecipeRank, graph: KnowledgeGraph) -> dict[str, Any]:
    return {
        "rank": position, **ref(rank.recipe), "score": rank.score,
        "chains": rank.chain_count,
        "targets": [{**target_ref(graph, support.target),
                     "chains": [chain_json(c) for c in support.chains]}
                    for support in rank.supports],
    }


@app.command()
def recipes(
    area: Annotated[str | None, typer.Option(
        "--area", "-a", help="Rank by the biological targets of this therapeutic area.")] = None,
    target: Annotated[list[str] | None, typer.Option(
        "--target", "-t", help="A biological target to rank by (repeatable).")] = None,
    site: SiteArgument = None,
    output_format: FormatOption = Format.TEXT,
    limit: LimitOption = 0,
    explain: Annotated[bool, typer.Option(
        "--explain", "-e", help="Show the food → substance chains behind each target.")]
    = False,
) -> None:
    """Recipes ranked by how many chosen targets they support through food and substance.

    Score: distinct chosen targets reached; ties go to the recipe with more distinct
    food → substance → target chains, then by title.
    """
    if area is None and not target:
        raise fail("give --area, --target, or both")
    graph = load_graph(site)
    area_page = resolve(graph, area, Kind.AREA) if area is not None else None
    target_pages = [resolve_target(graph, name) for name in target or []]
    chosen = chosen_targets(graph, area_page, target_pages)
    ranked = _limited(rank_recipes(graph, area_page, target_pages), limit)
    if output_format is Format.JSON:
        print_json({"area": ref(area_page) if area_page else None,
                   "targets": [target_ref(graph, t) for t in chosen],
                   "recipes": [rank_json(i, r, graph) for i, r in enumerate(ranked, 1)]})
        return
    subject = area_page.title if area_page else ", ".join(t.title for t in chosen)
    grid = table(f"Recipes for {subject}: {len(chosen)} targets", "#", "Recipe", "Targets",
                 "Chains", "Not reached")
    for position, rank in enumerate(ranked, 1):
        missing = [t.title for t in chosen if t not in rank.targets]
        grid.add_row(str(position), rank.recipe.title, f"{rank.score}/{len(chosen)}",
                     str(rank.chain_count), _listed(missing))
    console.print(grid)
    if explain:
        for position, rank in enumerate(ranked, 1):
            console.print(f"\n[bold]{position}. {rank.recipe.title}[/]", soft_wrap=True)
            for support in rank.supports:
                via = "; ".join(_chain_text(c) for c in support.chains)
                console.print(f"  {support.target.title}: {via}", soft_wrap=True)


def _listed(titles: list[str], most: int = 5) -> str:
    """A short list in full; a long one (an area's mechanisms) as its first few and a count."""
    if len(titles) <= most:
        return ", ".join(titles) or "—"
    return ", ".join(titles[:3]) + f" and {len(titles) - 3} more"


def _chain_text(chain: Chain) -> str:
    """`Spinach → Magnesium` (→ the phenomes it reaches in the area)."""
    text = f"{chain.food.title} → {chain.substance.title}"
    if chain.relation is Relation.COFACTOR_OF:
        text += " (cofactor)"
    if chain.phenomes:
        text += " → " + ", ".join(p.title for p in chain.phenomes)
    return text


ARROWS = {False: "—{relation}→", True: "←{relation}—"}


def path_text(path: list[Step]) -> str:
    parts = [path[0].start.title]
    for step in path:
        parts.append(ARROWS[step.reverse].format(relation=step.relation))
        parts.append(step.end.title)
    return " ".join(parts)


@app.command()
def path(
    start: Annotated[str, typer.Argument(help="The page to start from (name or permalink).")],
    end: Annotated[str, typer.Argument(help="The page to reach (name or permalink).")],
    site: SiteArgument = None,
    output_format: FormatOption = Format.TEXT,
    limit: LimitOption = 0,
    max_length: Annotated[int, typer.Option("--max-length", min=1,
                                            help="Longest chain, in edges.")] = 6,
) -> None:
    """The causal chains linking two pages (Spinach → Magnesium → … → ADHD), shortest first."""
    graph = load_graph(site)
    first, last = resolve_any(graph, start), resolve_any(graph, end)
    found = _limited(paths(graph, first, last, max_length=max_length), limit)
    if output_format is Format.JSON:
        print_json({"start": ref(first), "end": ref(last), "paths": [
            [{"source": ref(s.edge.source), "relation": str(s.relation),
              "target": ref(s.edge.target), "reverse": s.reverse} for s in p] for p in found]})
        return
    if not found:
        console.print(f"No causal chain links {first.title} and {last.title}.")
        return
    grid = table(f"Chains linking {first.title} and {last.title} ({len(found)})", "#", "Chain")
    for number, steps in enumerate(found, 1):
        grid.add_row(str(number), path_text(steps))
    console.print(grid)

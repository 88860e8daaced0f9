"""`braindiet refs`: the bibliography as the pages use it: counts, unused entries, missing keys,
incomplete entries."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from braindiet.commands import Format, FormatOption, SiteArgument, print_json
from braindiet.graph.links import Citation, citations
from braindiet.science.bibliography.completeness import incomplete_reasons

console = Console(highlight=False)


def refs(
    site: SiteArgument = None,
    unused: Annotated[bool, typer.Option("--unused", help="Only entries no page cites.")]
    = False,
    missing: Annotated[bool, typer.Option(
        "--missing", help="Only cited keys absent from the bibliography, with file:line.")]
    = False,
    incomplete: Annotated[bool, typer.Option(
        "--incomplete", help="Only entries too incomplete to stand as references, and why.")]
    = False,
    output_format: FormatOption = Format.TEXT,
) -> None:
    """List bibliography entries with how often pages cite them."""
    from braindiet.project import load_project

    project = load_project(site)
    uses: dict[str, list[tuple[str, Citation]]] = {}
    for document in [*project.documents, *project.generated]:
        for citation in citations(project.graph, document, project.config.references_page):
            where = citation.file or document.site_path
            uses.setdefault(citation.key, []).append((where, citation))
    if missing:
        rows: list[dict[str, object]] = [
            {"key": key, "file": path, "line": c.line, "text": c.text}
                for key, found in sorted(uses.items()) if key not in project.bibliography
                for path, c in found]
        _print(rows, ("key", "file", "line", "text"), output_format is Format.JSON,
               f"{len({r['key'] for r in rows})} missing keys cited in {len(rows)} places")
        return
    rows = []
    for reference in project.bibliography:
        count = len(uses.get(reference.key, []))
        reasons = "; ".join(incomplete_reasons(reference))
        if (unused and count) or (incomplete and not reasons):
            continue
        first = reference.authors[0].family if reference.authors else ""
        rows.append({"key": reference.key, "year": reference.year or "", "author": first,
                     "citations": count, "pages": len({p for p, _ in uses.get(reference.key, [])}),
                     "location": reference.location, "incomplete": reasons})
    if incomplete:
        _print(rows, ("key", "location", "citations", "incomplete"),
               output_format is Format.JSON, f"{len(rows)} incomplete entries (marked on the "
               "references page)")
        return
    if not unused:
        rows.sort(key=lambda r: (-len(uses.get(str(r["key"]), [])), str(r["key"])))
    cited = sum(len(uses.get(str(r["key"]), [])) for r in rows)
    title = (f"{len(rows)} entries no page cites" if unused
             else f"{len(rows)} entries, {cited} citations")
    _print(rows, ("key", "year", "author", "citations", "pages", "location"),
           output_format is Format.JSON, title)


def _print(rows: list[dict[str, object]], columns: tuple[str, ...], as_json: bool,
           title: str) -> None:
    if as_json:
        print_json(rows)
        return
    table = Table(title=title, title_justify="left")
    for column in columns:
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(*(str(row[c]) for c in columns))
    console.print(table)

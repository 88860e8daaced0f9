"""The `braindiet` command. Thin: each command loads the site and hands over to a module."""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.markup import escape
from typer.core import TyperCommand, TyperGroup

from braindiet import progress
from braindiet.commands import QuietOption, SiteArgument, print_json
from braindiet.diagnostics import Diagnostic, Severity
from braindiet.site.output import OutputRefused, UnsafeOutputPath
from braindiet.site.search import SearchIndexError

if TYPE_CHECKING:
    # typer carries its own copy of click, whose types the overrides below must name
    from typer._click import Command, Context, HelpFormatter

    from braindiet.content.publishing import LeftOut


def _cache_commands() -> typer.Typer:
    from braindiet.commands import cache

    return cache.app


def _chem_commands() -> typer.Typer:
    from braindiet.commands import chem

    return chem.app


def _refs_command() -> typer.Typer:
    from braindiet.commands import refs

    single = typer.Typer(add_completion=False)
    single.command(name="refs")(refs.refs)
    return single


def _query_commands() -> typer.Typer:
    from braindiet.commands import query

    return query.app


def _nutrition_commands() -> typer.Typer:
    from braindiet.commands import nutrition, panels

    assert panels.verify is not None  # importing it adds `nutrition verify` to nutrition.app
    return nutrition.app


# The feature commands, by name: the help `braindiet --help` shows, and how to load them.
# A feature's module is imported only when its command runs (or shows its own help):
# `nutrition` alone costs 0.4 s of imports (Pint, the USDA tables), which `build` never needs.
FEATURES: dict[str, tuple[str, Callable[[], typer.Typer]]] = {
    "cache": ("The cache of expensive results: path, clear.", _cache_commands),
    "chem": ("Chemical structures: resolve missing ones.", _chem_commands),
    "refs": ("List bibliography entries with how often pages cite them.", _refs_command),
    "query": ("Ask the graph: foods, recipes, paths.", _query_commands),
    "nutrition": ("USDA composition: match food pages to records, audit recipes.",
                  _nutrition_commands),
}


class _LazyFeatures(TyperGroup):
    """The root command, which imports a feature's commands the first time they are asked for.

    Listing them in `braindiet --help` needs only their names and help, so while the root's
    help is written a feature not yet loaded stands in as a placeholder.
    """

    _writing_help = False

    def list_commands(self, ctx: Context) -> list[str]:
        own = super().list_commands(ctx)
        return [*own, *(name for name in FEATURES if name not in own)]

    def get_command(self, ctx: Context, cmd_name: str) -> Command | None:
        command = super().get_command(ctx, cmd_name)
        if command is not None or cmd_name not in FEATURES:
            return command
        help_text, load = FEATURES[cmd_name]
        if self._writing_help:
            return TyperCommand(cmd_name, help=help_text)
        command = typer.main.get_command(load())
        command.name, command.help = cmd_name, help_text
        self.add_command(command, cmd_name)
        return command

    def format_help(self, ctx: Context, formatter: HelpFormatter) -> None:
        self._writing_help = True
        try:
            super().format_help(ctx, formatter)
        finally:
            self._writing_help = False


app = typer.Typer(help="The BRAIN Diet knowledge base: check it, build it, serve it, query it.",
                  no_args_is_help=True, add_completion=False, cls=_LazyFeatures)
console = Console(highlight=False)
errors = Console(stderr=True, highlight=False)


class CheckFormat(StrEnum):
    """`check` prints for people, programs, GitHub workflows and code-scanning tools."""

    TEXT = "text"
    JSON = "json"
    GITHUB = "github"  # workflow annotations
    SARIF = "sarif"  # SARIF 2.1.0, for code scanning


class ExportFormat(StrEnum):
    JSON = "json"
    CSV = "csv"
    GRAPHML = "graphml"


SEVERITY_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}


# What stops a build without a bug: the output folder refused, a path that would leave it, the
# search index incomplete, the disk full. Each leaves the previous site as it was.
BUILD_FAILURES = (OSError, OutputRefused, UnsafeOutputPath, SearchIndexError)


def print_diagnostics(diagnostics: list[Diagnostic], out: Console = errors) -> None:
    for d in diagnostics:
        style = SEVERITY_STYLE[d.severity]
        out.print(f"{escape(d.location)}: [{style}]{d.severity}[/] [dim]{d.code}[/] "
                  f"{escape(d.message)}", soft_wrap=True)
        if d.hint:
            out.print(f"    [dim]hint: {escape(d.hint)}[/]", soft_wrap=True)


def summary(diagnostics: list[Diagnostic]) -> str:
    counts = Counter(d.severity for d in diagnostics)
    return ", ".join(f"{counts.get(s, 0)} {s}{'s' if counts.get(s, 0) != 1 else ''}"
                     for s in Severity)


def fails(diagnostics: list[Diagnostic]) -> bool:
    """What `--strict` refuses: any error or warning. Info is advice and never fails."""
    return any(d.severity is not Severity.INFO for d in diagnostics)


@app.command()
def check(
    site: SiteArgument = None,
    output_format: Annotated[CheckFormat, typer.Option(
        "--format", "-f", help="text, json, github (workflow annotations) or sarif.")]
    = CheckFormat.TEXT,
    strict: Annotated[bool, typer.Option(help="Exit non-zero on any error or warning.")] = False,
    since: Annotated[Path, typer.Option(
        help="A folder `build` wrote: report pages whose URL changed since, without a "
             "redirect (its api/permalinks.json).")] = Path("site"),
    dev: Annotated[bool, typer.Option(
        "--dev", help="Check the site as `serve` shows it: drafts and excluded pages too.")]
    = False,
    quiet: QuietOption = False,
) -> None:
    """Report every problem in the site, with file and line."""
    from braindiet import reports
    from braindiet.checks import run_checks
    from braindiet.project import load_project

    with progress.shown(quiet):
        project = load_project(site, dev=dev)
        diagnostics = run_checks(project, since=since)
    if output_format is CheckFormat.JSON:
        print_json([d.to_dict() for d in diagnostics])
    elif output_format is CheckFormat.GITHUB:
        sys.stdout.write(reports.github_annotations(diagnostics, project.root))
        errors.print(f"{len(project.documents)} pages checked: {summary(diagnostics)}")
    elif output_format is CheckFormat.SARIF:
        sys.stdout.write(reports.sarif(diagnostics, project.root))
    elif quiet:
        print_diagnostics([d for d in diagnostics if d.severity is Severity.ERROR], console)
    else:
        print_diagnostics(diagnostics, console)
        pages = pages_summary(len(project.documents), len(project.standalone),
                              project.left_out)
        console.print(f"{pages} checked: {summary(diagnostics)}")
    if strict and fails(diagnostics):
        raise typer.Exit(1)


def pages_summary(pages: int, standalone: int, left_out: list[LeftOut]) -> str:
    """`496 pages (+5 standalone; left out: 2 drafts, 1 excluded)`."""
    drafts = sum(1 for page in left_out if page.is_draft)
    excluded = len(left_out) - drafts
    extras = [f"+{standalone} standalone"] if standalone else []
    if left_out:
        extras.append(f"left out: {drafts} draft{'s' if drafts != 1 else ''}, "
                      f"{excluded} excluded")
    return f"{pages} pages" + (f" ({'; '.join(extras)})" if extras else "")


@app.command()
def export(
    site: SiteArgument = None,
    output_format: Annotated[ExportFormat, typer.Option("--format", "-f")] = ExportFormat.JSON,
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", help="File to write (a folder for csv: nodes.csv, edges.csv).")] = None,
    quiet: QuietOption = False,
) -> None:
    """Write the knowledge graph's nodes and edges as JSON, CSV or GraphML."""
    from braindiet.graph.export import graph_data, write_export
    from braindiet.project import load_project

    with progress.shown(quiet):
        data = graph_data(load_project(site).graph)
    text = write_export(data, output_format.value, output)
    if text is not None:
        sys.stdout.write(text)
    elif not quiet:
        errors.print(f"wrote {output}")


@app.command()
def build(
    site: SiteArgument = None,
    output: Annotated[Path, typer.Option("--output", "-o", help="Folder to write the site to.")]
    = Path("site"),
    strict: Annotated[bool, typer.Option(help="Exit non-zero on any error or warning.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Only print the summary.")]
    = False,
) -> None:
    """Build the static website (pages, tags, search index, sitemap) into a folder."""
    from braindiet.site.record import up_to_date

    try:
        result = up_to_date(site, output)  # checked before the (slow) site modules load
        if result is None:
            from braindiet import example_site, references

            references.start_for_build((site or example_site()).resolve())
            from braindiet.site.build import build as build_site

            with progress.shown(quiet):
                result = build_site(site, output, incremental=True)
    except BUILD_FAILURES as exc:  # the previous site, if any, is untouched
        errors.print(f"[bold red]build failed[/]: {exc}", soft_wrap=True)
        raise typer.Exit(1) from None
    if not quiet:
        print_diagnostics(result.diagnostics)
    timing = ", ".join(f"{name} {seconds:.2f}s" for name, seconds in result.seconds.items())
    pages = pages_summary(result.pages, result.standalone, result.left_out)
    redirects = f", {result.redirects} redirect{'s' if result.redirects != 1 else ''}" \
        if result.redirects else ""
    errors.print(f"built {pages}{redirects} ({result.files} files: {result.work}) into "
                 f"{result.output} ({timing}); {summary(result.diagnostics)}")
    if strict and fails(result.diagnostics):
        raise typer.Exit(1)


@app.command()
def serve(
    site: SiteArgument = None,
    port: Annotated[int, typer.Option("--port", "-p")] = 8000,
    host: Annotated[str, typer.Option(help="Address to bind; 127.0.0.1 keeps it private.")]
    = "127.0.0.1",
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", help="Folder for the served build (default: a temporary folder).")]
    = None,
) -> None:
    """Build the site, serve it, and rebuild and reload the browser on every change."""
    import tempfile

    from braindiet.dependencies import strict
    from braindiet.project import example_site
    from braindiet.site.incremental import LiveSite
    from braindiet.site.serve import serve as run_server

    root = site or example_site()
    target = output or Path(tempfile.mkdtemp(prefix="braindiet-serve-")) / "site"
    strict()  # a read no fingerprint covers would leave a stale page: fail loudly instead
    try:
        live = LiveSite(root, target)
    except BUILD_FAILURES as exc:
        errors.print(f"[bold red]build failed[/]: {exc}", soft_wrap=True)
        raise typer.Exit(1) from None
    report = live.last
    print_diagnostics([d for d in report.diagnostics if d.severity is not Severity.INFO])
    errors.print(f"built {live.pages} pages in {report.seconds:.2f}s; "
                 f"{summary(report.diagnostics)}")

    def rebuild(changed: set[Path]) -> None:
        result = live.rebuild(changed)
        problems = [d for d in result.diagnostics if d.severity is not Severity.INFO]
        print_diagnostics(problems)
        errors.print(f"rebuilt {result.written} of {result.made} files remade in "
                     f"{result.seconds * 1000:.0f} ms; {summary(result.diagnostics)}")

    errors.print(f"serving {root} at [bold]http://{host}:{port}/[/] (Ctrl+C to stop)")
    run_server(target, [root], rebuild, host=host, port=port,
               problems=lambda: [d.to_dict() for d in live.last.diagnostics
                                 if d.severity is not Severity.INFO],
               after_reload=live.reindex)


def main() -> None:
    app()


if __name__ == "__main__":  # python -m braindiet.cli, as the tests run it
    main()

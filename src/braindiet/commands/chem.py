"""`braindiet chem`: chemical structures of substance pages.

`resolve` fills in structures the build cannot draw: for a substance with an InChIKey and no
`smiles`/`inchi` (and none in braindiet's compound table) it asks PubChem for the InChI,
checks that the InChI reproduces the key, and writes `inchi:` into the page's front matter —
only with `--write`, always showing the change, never touching another line of the file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

from braindiet import progress
from braindiet.commands import Format, FormatOption, QuietOption, SiteArgument, print_json
from braindiet.content import frontmatter, rewrite
from braindiet.diagnostics import Diagnostic, Severity, error, warning
from braindiet.science.chemistry.compounds import misassigned_keys
from braindiet.science.chemistry.model import StructureSource, is_inchikey

if TYPE_CHECKING:  # the client (httpx) and RDKit load only when `resolve` runs
    from braindiet.science.chemistry.pubchem import PubChemAnswer, PubChemClient

DEFAULT_BASE_URL = "https://pubchem.ncbi.nlm.nih.gov/rest/pug"

CACHE_FOLDER = Path(".braindiet-cache") / "pubchem"

app = typer.Typer(help="Chemical structures of substance pages.", no_args_is_help=True,
                  add_completion=False)
console = Console(highlight=False)


@app.callback()
def chem() -> None:
    """Chemical structures: check them, and fetch missing ones from PubChem."""


@dataclass(frozen=True, slots=True)
class SubstancePage:
    """What resolving needs to know about one substance page."""

    file: Path
    site_path: str  # relative to the site folder, for messages
    name: str
    inchikey: object
    smiles: object
    inchi: object
    image_path: Path | None
    inchikey_line: int | None


@dataclass(slots=True)
class Resolution:
    page: SubstancePage
    answer: PubChemAnswer
    before: str = ""
    after: str = ""  # the page with `inchi:` set; empty when nothing is to be written
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def changes(self) -> bool:
        return bool(self.after) and self.after != self.before

    def diff(self) -> str:
        return frontmatter.unified_diff(self.before, self.after, self.page.site_path)


def substance_pages(site: Path | None) -> tuple[Path, list[SubstancePage]]:
    """The site's folder and its substance pages (the only place that knows how to load)."""
    from braindiet.content.kinds import Kind
    from braindiet.project import load_project

    project = load_project(site)
    pages = []
    for document in project.documents:
        if document.kind is not Kind.SUBSTANCE:
            continue
        data = document.front.data
        image = data.get("inchi_image")
        image_path = (project.static_dir / image.lstrip("/")
                      if isinstance(image, str) and image.startswith("/") else None)
        pages.append(SubstancePage(
            document.source_file(project.root), document.site_path, document.title,
            data.get("inchikey"), data.get("smiles"), data.get("inchi"), image_path,
            document.front.key_lines.get("inchikey")))
    return project.root, pages


def needs_lookup(page: SubstancePage) -> bool:
    """A well-formed key, no structure on the page, none braindiet can draw otherwise."""
    if not is_inchikey(page.inchikey) or page.smiles is not None or page.inchi is not None:
        return False
    if page.inchikey in misassigned_keys():
        return False  # PubChem would answer with the compound the key really encodes
    from braindiet.science.chemistry.structures import resolve_structure

    structure = resolve_structure(page.name, page.inchikey, image_path=page.image_path,
                                  draw=False)
    return structure.source in (None, StructureSource.IMAGE)


def resolve_page(page: SubstancePage, client: PubChemClient) -> Resolution:
    from braindiet.science.chemistry.pubchem import LookupStatus

    """Ask PubChem for the page's key; prepare the edit when a verified InChI comes back."""
    key = str(page.inchikey)
    answer = client.lookup(key)
    resolution = Resolution(page, answer)
    where = (page.site_path, page.inchikey_line)
    if answer.status is LookupStatus.NOT_FOUND:
        resolution.diagnostics.append(warning(
            "pubchem-not-found", f"PubChem knows no compound with InChIKey {key}"
            + (f" ({answer.message})" if answer.message else ""), *where,
            hint="check the key against the compound's PubChem or ChEBI record"))
        return resolution
    if answer.status is LookupStatus.FAILED:
        resolution.diagnostics.append(warning(
            "pubchem-failed", f"PubChem look-up of {key} failed: {answer.message}", *where,
            hint="try again later; answers already received are cached"))
        return resolution
    inchi = _verified_inchi(answer, key)
    if inchi is None:
        resolution.diagnostics.append(error(
            "pubchem-mismatch", f"PubChem's InChI for {key} does not reproduce the key, or "
            "RDKit cannot read it; nothing written", *where))
        return resolution
    resolution.before = rewrite.read_exact(page.file)  # BOM and CRLF kept
    resolution.after = frontmatter.set_key(resolution.before, "inchi", inchi)
    return resolution


def write_resolution(resolution: Resolution) -> None:
    rewrite.replace_text(resolution.page.file, resolution.before, resolution.after)


def _verified_inchi(answer: PubChemAnswer, key: str) -> str | None:
    from braindiet.science.chemistry.structures import inchikey_of_inchi, molecule_from_inchi

    for record in answer.records:
        if record.inchi and inchikey_of_inchi(record.inchi) == key \
                and molecule_from_inchi(record.inchi) is not None:
            return record.inchi
    return None


@app.command()
def resolve(
    site: SiteArgument = None,
    write: Annotated[bool, typer.Option(
        "--write", help="Write `inchi:` into the pages (default: only show the changes).")]
        = False,
    base_url: Annotated[str, typer.Option(
        envvar="BRAINDIET_PUBCHEM_URL", help="PubChem PUG REST base URL.")] = DEFAULT_BASE_URL,
    cache_dir: Annotated[Path | None, typer.Option(
        help="Answer cache (default: SITE/.braindiet-cache/pubchem).")] = None,
    refresh: Annotated[bool, typer.Option(help="Ask again even for cached keys.")] = False,
    timeout: Annotated[float, typer.Option(min=0.01, help="Seconds per request.")] = 10.0,
    retries: Annotated[int, typer.Option(min=0, help="Retries on 429/5xx/timeouts.")] = 3,
    backoff: Annotated[float, typer.Option(min=0.0, hidden=True)] = 1.0,
    output_format: FormatOption = Format.TEXT,
    quiet: QuietOption = False,
) -> None:
    """Fetch InChIs from PubChem for substances that have an InChIKey but no structure."""
    from braindiet.science.chemistry.pubchem import PubChemClient

    root, pages = substance_pages(site)
    todo = [page for page in progress.tracked_loop(pages, "structures", quiet)
            if needs_lookup(page)]
    if not todo and output_format is Format.JSON:
        print_json([])
        return
    if not todo:
        console.print(f"{len(pages)} substance pages: every one with an InChIKey has a "
                      "structure braindiet can draw; nothing to ask PubChem.")
        return
    cache = cache_dir if cache_dir is not None else root / CACHE_FOLDER
    with PubChemClient(cache, base_url, timeout=timeout, retries=retries,
                       backoff=backoff, refresh=refresh) as client:
        resolutions = [resolve_page(page, client)
                       for page in progress.tracked_loop(todo, "resolve", quiet)]
    if output_format is Format.JSON:
        print_json([_resolution_json(r) for r in resolutions])
        if write:
            for resolution in resolutions:
                if resolution.changes:
                    write_resolution(resolution)
    else:
        for resolution in resolutions:
            _report(resolution, write)
        console.print(_summary(resolutions, write), soft_wrap=True)
    if any(d.severity is Severity.ERROR or d.code == "pubchem-failed"
           for r in resolutions for d in r.diagnostics):
        raise typer.Exit(1)


def _resolution_json(resolution: Resolution) -> dict[str, object]:
    return {"page": resolution.page.site_path, "status": str(resolution.answer.status),
            "from_cache": resolution.answer.from_cache, "changes": resolution.changes,
            "problems": [d.to_dict() for d in resolution.diagnostics]}


def _report(resolution: Resolution, write: bool) -> None:
    for d in resolution.diagnostics:
        console.print(f"{d.location}: {d.severity} {d.code} {d.message}", markup=False,
                      soft_wrap=True)
        if d.hint:
            console.print(f"    hint: {d.hint}", markup=False, soft_wrap=True)
    if not resolution.changes:
        return
    cached = " (cached)" if resolution.answer.from_cache else ""
    verb = "wrote" if write else "would write"
    console.print(f"{resolution.page.site_path}: {verb} inchi from PubChem{cached}",
                  markup=False, soft_wrap=True)
    console.print(resolution.diff(), markup=False, soft_wrap=True, end="")
    if write:
        try:
            write_resolution(resolution)
        except (rewrite.PageChanged, OSError) as exc:  # the page is as it was: say so, go on
            console.print(f"{resolution.page.site_path}: not written: {exc}", markup=False,
                          soft_wrap=True)


def _summary(resolutions: list[Resolution], write: bool) -> str:
    from braindiet.science.chemistry.pubchem import LookupStatus

    found = sum(r.changes for r in resolutions)
    missing = sum(r.answer.status is LookupStatus.NOT_FOUND for r in resolutions)
    failed = sum(r.answer.status is LookupStatus.FAILED for r in resolutions)
    other = len(resolutions) - found - missing - failed
    action = "written" if write else "to write (use --write)"
    parts = [f"{found} {action}", f"{missing} not on PubChem", f"{failed} failed"]
    if other:
        parts.append(f"{other} not verified")
    return f"{len(resolutions)} substances without a drawable structure: " + ", ".join(parts)

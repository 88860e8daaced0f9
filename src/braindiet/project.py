"""A site loaded whole: settings, pages, the knowledge graph and the bibliography.

Every command starts here. Loading never raises on bad content: what is broken is reported in
`diagnostics` and the rest is loaded.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import cached_property, lru_cache
from pathlib import Path

from braindiet import example_site as example_site  # where the commands look for it
from braindiet import references
from braindiet.cache import cached, latest, store_latest, stored
from braindiet.config import CONFIG_FILE, SiteConfig, TableEntry, load_config
from braindiet.content import files
from braindiet.content.document import Document
from braindiet.content.docusaurus import (
    DocusaurusConfig,
    config_inputs,
    read_docusaurus_config,
)
from braindiet.content.kinds import Kind
from braindiet.content.loader import Content, load_content
from braindiet.content.publishing import Exclusion, LeftOut, Publication
from braindiet.content.redirects import Redirect
from braindiet.content.registry import read_registry, registry_lines
from braindiet.content.schema import SubstanceMeta
from braindiet.content.sitedata import (
    SiteNutritionData,
    read_site_nutrition_data,
    site_data_inputs,
)
from braindiet.diagnostics import Diagnostic, error
from braindiet.graph.knowledge import KnowledgeGraph
from braindiet.graph.registry import RegistrySettings, Setting
from braindiet.parallel import Beside, in_background
from braindiet.science.bibliography import Bibliography, FormattedReferences
from braindiet.science.chemistry.model import Structure
from braindiet.science.nutrition import load_index
from braindiet.science.nutrition.site import SiteNutrition, site_nutrition


@dataclass
class Project:
    root: Path
    config: SiteConfig
    content: Content
    graph: KnowledgeGraph
    bibliography: Bibliography
    diagnostics: list[Diagnostic] = field(default_factory=list)
    static_files: dict[str, Path] = field(default_factory=dict)  # what static/ may publish
    bibliography_files: list[Path] = field(default_factory=list)  # the .bib files inside the site
    docusaurus: DocusaurusConfig = field(default_factory=DocusaurusConfig)
    dev: bool = False  # drafts and excluded pages are shown (marked), as `serve` shows them
    nutrition_data: SiteNutritionData = field(default_factory=SiteNutritionData)

    @property
    def documents(self) -> list[Document]:
        """The pages under docs/ this load publishes."""
        return self.content.documents

    @property
    def generated(self) -> list[Document]:
        """The pages braindiet writes from the phenome registry (areas and phenomes with no
        page of their own); they are published beside `documents`."""
        return self.graph._generated

    @property
    def sources(self) -> list[Path]:
        """Everything the site is read from: a build must never write over any of it."""
        return [self.root, self.content.docs_dir, self.static_dir, *self.bibliography_files]

    @property
    def standalone(self) -> list[Document]:
        """Standalone pages (src/pages/), served at their own paths."""
        return self.content.standalone

    @property
    def left_out(self) -> list[LeftOut]:
        """Pages a production build does not publish (drafts, excluded), and why."""
        return self.content.left_out_pages()

    @property
    def redirects(self) -> list[Redirect]:
        """Every redirect the site declares: braindiet.toml's, then the Docusaurus config's."""
        return [*self.config.redirects, *self.docusaurus.redirects]


    @property
    def static_dir(self) -> Path:
        return self.root / self.config.static_dir

    @cached_property
    def structures(self) -> dict[Document, Structure]:
        """Each substance page's verified (and drawn) structure, or why there is none.

        Drawing is the slow part (RDKit), so all structures of a site are cached on disk by
        their inputs, and each one in memory for the dev server's rebuilds.
        """
        requests = self._structure_requests()
        drawn = self._drawn(requests)
        return {document: drawn[request] for document, request in requests.items()}

    def science(self) -> None:
        """Compute the structures and the nutrition (kept, for the build and its checks), the
        structures in a forked child beside the nutrition when they must be drawn."""
        if "structures" not in self.__dict__:
            requests = self._structure_requests()
            cold = not stored(DRAWINGS, _drawing_inputs(requests), DRAWING_PACKAGES)
            with Beside(lambda: self._drawn(requests), fork=cold) as drawing:
                _ = self.nutrition
                drawn = drawing.result()
            self.structures = {document: drawn[request] for document, request in requests.items()}
        _ = self.nutrition

    def _structure_requests(self) -> dict[Document, StructureRequest]:
        requests: dict[Document, StructureRequest] = {}
        for document in self.documents:
            meta = document.meta
            if document.kind is not Kind.SUBSTANCE or not isinstance(meta, SubstanceMeta):
                continue
            image = files.file_under(self.static_dir, meta.inchi_image) \
                if meta.inchi_image else None
            requests[document] = StructureRequest(
                document.title, meta.inchikey, meta.smiles, meta.inchi,
                str(image) if image else None, image is not None)
        return requests

    @staticmethod
    def _drawn(requests: dict[Document, StructureRequest]) -> dict[StructureRequest, Structure]:
        return cached(DRAWINGS, _drawing_inputs(requests),
                      lambda: {r: draw_structure(r) for r in set(requests.values())},
                      packages=DRAWING_PACKAGES)

    @cached_property
    def nutrition(self) -> SiteNutrition:
        """USDA figures for every food page and recipe (the index loads in ~30 ms, cached)."""
        return site_nutrition(self.graph, load_index(), self.config.daily_values,
                              self.nutrition_data)

    def formatted_references(self) -> FormattedReferences:
        """Each reference in APA 7 (cached by the .bib files' content)."""
        return references.formatted(self.root, self.bibliography_files, self.bibliography)

    def document_at(self, path: Path) -> Document | None:
        """The page read from a file path (absolute, or relative to the site or docs folder)."""
        path = path if path.is_absolute() else (self.root / path)
        for document in self.documents:
            if document.source_file(self.root).resolve() == path.resolve():
                return document
        return None


@dataclass(frozen=True, slots=True)
class StructureRequest:
    """Everything a substance's structure depends on: the page's claims and its image file."""

    name: str
    inchikey: str | None
    smiles: str | None
    inchi: str | None
    image: str | None
    image_exists: bool


DRAWINGS, DRAWING_PACKAGES = "structures", ("rdkit",)  # the cache's namespace, what it depends on


def _drawing_inputs(requests: dict[Document, StructureRequest]) -> list[str]:
    return [repr(r) for r in sorted(set(requests.values()), key=repr)]


@lru_cache(maxsize=4096)
def draw_structure(request: StructureRequest) -> Structure:
    from braindiet.science.chemistry.structures import resolve_structure  # RDKit: ~0.2 s

    image = Path(request.image) if request.image else None
    return resolve_structure(request.name, request.inchikey, request.smiles, request.inchi,
                             image if request.image_exists else None)


def read_bibliography(root: Path, paths: list[Path]) -> Bibliography:
    return references.parsed(root, paths)


def _stored_content(root: Path) -> Content | None:
    """The pages parsed by the last build of this site, if the cache holds them."""
    stored = latest("pages", str(root))
    return stored if isinstance(stored, Content) else None


def _changed(content: Content, earlier: Content | None) -> bool:
    pages = [*content.documents, *content.standalone, *content.left_out]
    before = [*earlier.documents, *earlier.standalone, *earlier.left_out] if earlier else []
    if earlier is None or len(pages) != len(before):
        return True
    return any(a is not b for a, b in zip(pages, before, strict=True)) \
        or content.tags is not earlier.tags


def publication(config: SiteConfig, docusaurus: DocusaurusConfig, dev: bool) -> Publication:
    """What a production build leaves out: drafts, and the pages both configs exclude."""
    exclusions = [Exclusion(p, CONFIG_FILE, config.exclude_line) for p in config.exclude]
    exclusions += [Exclusion(d.value, d.file, d.line) for d in docusaurus.exclude]
    return Publication(tuple(exclusions), include_unpublished=dev)


def load_project(root: Path | None = None, reuse: Project | None = None,
                 dev: bool = False, formatting: bool = False) -> Project:
    """Load a site; `reuse` is an earlier load whose unchanged pages are kept, not re-parsed.
    `dev` keeps what a production build leaves out (drafts, excluded pages), marked.
    `formatting`: the caller will format the references (a build), so on a cold cache that
    starts now, beside the loading."""
    root = (root or example_site()).resolve()
    config, problems = load_config(root)
    bib_files, bib_problems = references.bibliography_paths(root, config.bibliography)
    references.start(root, bib_files, formatting)
    docusaurus = _docusaurus_config(root, config.docs_dir)
    earlier = reuse.content if reuse else _stored_content(root)
    content = load_content(root, config.docs_dir, earlier, publication(config, docusaurus, dev))
    if reuse is None and _changed(content, earlier):  # pickling it: 0.1 s per 500 pages
        in_background(lambda: store_latest("pages", str(root), content))
    registry, registry_problems = read_registry(root, config.phenome_registry, _registry_lines)
    graph = KnowledgeGraph.build(content, registry, registry_settings(config))
    bibliography = read_bibliography(root, bib_files)
    static, static_problems = static_files(root, root / config.static_dir)
    nutrition_data = _site_data(root)
    diagnostics = [*problems, *docusaurus.problems, *content.diagnostics, *registry_problems,
                   *graph.diagnostics, *bib_problems, *bibliography.diagnostics,
                   *static_problems, *nutrition_data.problems]
    return Project(root, config, content, graph, bibliography, diagnostics, static, bib_files,
                   docusaurus, dev, nutrition_data)


def _docusaurus_config(root: Path, docs_dir: str) -> DocusaurusConfig:
    """The Docusaurus config as read before (reading it as data is a twentieth of an
    Aug-2026 edit build), a copy: a caller may add to its problems."""
    found = cached("docusaurus-config", config_inputs(root, docs_dir),
                   lambda: read_docusaurus_config(root, docs_dir))
    return replace(found, problems=list(found.problems))


def _registry_lines(text: str) -> dict[str, int]:
    return cached("registry-lines", [text], lambda: registry_lines(text))


def _site_data(root: Path) -> SiteNutritionData:
    """The site's data files as read before (their parse costs a twentieth of an edit build),
    a copy: a caller may add to its problems."""
    data = cached("site-data", site_data_inputs(root), lambda: read_site_nutrition_data(root))
    return replace(data, problems=list(data.problems))


def registry_settings(config: SiteConfig) -> RegistrySettings:
    """What braindiet.toml says about the registry's areas and the retired target names."""
    def settings(entries: tuple[TableEntry, ...]) -> tuple[Setting, ...]:
        return tuple(Setting(e.key, e.value, e.line) for e in entries)
    return RegistrySettings(settings(config.areas), settings(config.retired_targets),
                            CONFIG_FILE)


def static_files(root: Path, static_dir: Path) -> tuple[dict[str, Path], list[Diagnostic]]:
    """What `static/` publishes: its regular files, never a symlink out of the site."""
    if not static_dir.is_dir():
        return {}, []
    if not files.inside(static_dir.resolve(), root):
        return {}, [error("static-outside", f"{static_dir.name}/ leads outside the site folder "
                          f"(to {static_dir.resolve()}); nothing copied", CONFIG_FILE)]
    return files.walk(static_dir, root)

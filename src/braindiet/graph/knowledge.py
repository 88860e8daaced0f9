"""The knowledge graph: pages as nodes, their tags read as typed edges of one causal chain.

    Recipe --contains--> Food --contains--> Substance --supports--> Target --disrupted in--> Area
    ... Substance --supports / cofactor of--> System or mechanism --modulates--> Phenome
                                                                  --in area--> Area

A tag on a page names another page through the alias index. Which edge it makes follows from
the two pages' kinds; a therapeutic area that tags a target states the same fact as the target
tagging the area, so both become one `disrupted_in` edge. Other page-to-page tags are kept as
plain `tagged` edges, and tags that name no page (categories such as `Vegan`) as tag nodes.
Every query a component needs is a method here, so the renderer never re-derives a relation;
the mechanism ontology's own queries (parts, phenomes, the registry) are listed in
graph/mechanisms.py. The chain's queries take any target: a biological target, a regulatory
system or one of its mechanisms (`TARGET_KINDS`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from braindiet.content.document import Document
from braindiet.content.kinds import TARGET_KINDS, Kind
from braindiet.content.loader import Content
from braindiet.content.registry import PhenomeRegistry
from braindiet.content.schema import ContributionLevel, FoodMeta
from braindiet.content.tags import Tag, TagRegistry
from braindiet.dependencies import family
from braindiet.diagnostics import Diagnostic
from braindiet.graph.aliases import AliasIndex, Resolution, normalize
from braindiet.graph.edges import Edge as Edge  # re-exported: the graph's edges live here too
from braindiet.graph.edges import PhenomeRelationship
from braindiet.graph.edges import Relation as Relation
from braindiet.graph.folders import FolderTree, FolderView
from braindiet.graph.mechanisms import IN as IN
from braindiet.graph.mechanisms import OUT as OUT
from braindiet.graph.mechanisms import OntologyQueries, RegistryEntry, edge_row
from braindiet.graph.memo import Memo, remembered
from braindiet.graph.registry import RegistrySettings

_TARGETS = sorted(TARGET_KINDS)
# (kind of the tagging page, kind of the tagged page) -> relation, and whether the edge points
# back at the tagging page (an area tagging its targets). A regulatory system or mechanism
# stands where a biological target stands.
CHAIN: dict[tuple[Kind, Kind], tuple[Relation, bool]] = {
    (Kind.RECIPE, Kind.FOOD): (Relation.CONTAINS, False),
    (Kind.FOOD, Kind.SUBSTANCE): (Relation.CONTAINS, False),
    **{(Kind.SUBSTANCE, target): (Relation.SUPPORTS, False) for target in _TARGETS},
    **{(target, Kind.AREA): (Relation.DISRUPTED_IN, False) for target in _TARGETS},
    **{(Kind.AREA, target): (Relation.DISRUPTED_IN, True) for target in _TARGETS},
}


@dataclass(frozen=True, slots=True)
class TagUse:
    """One front-matter tag of a page and what it means."""

    name: str
    tag: Tag
    page: Document | None  # the page the tag names, if any
    line: int | None
    concept: str  # tags naming the same page are one concept, whatever their spelling


def concept_key(tag: Tag, page: Document | None) -> str:
    return page.permalink if page is not None else f"tag:{normalize(tag.key)}"


@dataclass(frozen=True, slots=True)
class TargetLink:
    """A target reached from a page, with the substance and sentence explaining it.

    `relation` says how the substance reaches it: it supports the target (tags,
    `mechanisms:`), or a process mechanism names it among its cofactors.
    """

    target: Document
    substance: Document
    mechanism: str | None
    relation: Relation = Relation.SUPPORTS


@dataclass(slots=True)
class KnowledgeGraph(OntologyQueries):
    """Every lookup table is private: what a page render reads goes through a method that
    records the read (`braindiet.dependencies`), so the dev server knows what to redo.
    The ontology's queries (systems, mechanisms, phenomes, the registry) come from
    `OntologyQueries` (graph/mechanisms.py); construction is graph/build.py's."""

    _documents: list[Document]
    _tags: TagRegistry
    _aliases: AliasIndex
    _by_permalink: dict[str, Document] = field(default_factory=dict)
    _by_file: dict[str, Document] = field(default_factory=dict)  # path under docs/ -> page
    _tag_uses: dict[Document, list[TagUse]] = field(default_factory=dict)
    _mechanisms: dict[Document, dict[Document, str]] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    _carriers: dict[str, dict[Document, None]] = field(default_factory=dict)  # concept -> pages
    folders: FolderTree = field(default_factory=lambda: FolderTree([], {}))
    _standalone: list[Document] = field(default_factory=list)  # src/pages: no place on the chain
    _out: dict[Document, list[Edge]] = field(default_factory=lambda: defaultdict(list))
    _in: dict[Document, list[Edge]] = field(default_factory=lambda: defaultdict(list))
    # the ontology (filled by graph/ontology.py and graph/registry.py)
    _ontology_ids: dict[Document, str] = field(default_factory=dict)
    _by_ontology_id: dict[str, Document] = field(default_factory=dict)
    _relationships: dict[Document, list[PhenomeRelationship]] = field(default_factory=dict)
    _registry: PhenomeRegistry | None = None
    _registry_entries: dict[Document, RegistryEntry] = field(default_factory=dict)
    _registry_pages: dict[str, Document] = field(default_factory=dict)
    _generated: list[Document] = field(default_factory=list)  # pages made from the registry
    _memo: Memo | None = None  # answers to queries, once the graph is built (graph/memo.py)

    @classmethod
    def build(cls, content: Content, registry: PhenomeRegistry | None = None,
              settings: RegistrySettings | None = None) -> KnowledgeGraph:
        """The graph of a site's pages (and its phenome registry, if it keeps one)."""
        from braindiet.graph.build import build_graph  # it builds on this module

        return build_graph(content, registry, settings)

    def _add(self, edge: Edge) -> None:
        existing = self._out[edge.source]
        if any(e.target is edge.target and e.relation is edge.relation for e in existing):
            return
        existing.append(edge)
        self._in[edge.target].append(edge)

    # ---- edges ----------------------------------------------------------------------------

    def edges(self) -> Iterable[Edge]:
        """Every edge (reading them all is reading the whole graph)."""
        GRAPH.read()
        for document in self._documents:
            yield from self._out.get(document, ())

    @remembered
    def _targets_of(self, document: Document, relation: Relation, kind: Kind) -> list[Document]:
        OUT.read(document.permalink)
        return _by_title(e.target for e in self._out.get(document, ())
                         if e.relation is relation and e.target.kind is kind)

    @remembered
    def _sources_of(self, document: Document, relation: Relation, kind: Kind) -> list[Document]:
        IN.read(document.permalink)
        return _by_title(e.source for e in self._in.get(document, ())
                         if e.relation is relation and e.source.kind is kind)

    def neighbours(self, document: Document) -> list[Edge]:
        """Every edge touching the page, outgoing first."""
        OUT.read(document.permalink)
        IN.read(document.permalink)
        return [*self._out.get(document, ()), *self._in.get(document, ())]

    # ---- pages and names -------------------------------------------------------------------

    @property
    def documents(self) -> list[Document]:
        """Every page (reading the list is reading which pages exist)."""
        INVENTORY.read()
        return self._documents

    def standalone_pages(self) -> list[Document]:
        """Standalone pages (src/pages/): served at their own paths, outside the docs tree."""
        INVENTORY.read()
        return self._standalone

    def page_at(self, permalink: str) -> Document | None:
        """The page served at a permalink."""
        AT.read(permalink)
        return self._by_permalink.get(permalink)

    def page_in_file(self, path: str) -> Document | None:
        """The page read from a file under docs/ (`foods/almonds.md`)."""
        FILE.read(path)
        return self._by_file.get(path)

    def resolve(self, name: str) -> Resolution:
        """What a name means through the alias index: one page, several, or none."""
        NAME.read(normalize(name))
        return self._aliases.resolve(name)

    def names(self) -> list[str]:
        """Every name some page answers to (normalised)."""
        INVENTORY.read()
        return self._aliases.names()

    def declared_tags(self) -> list[Tag]:
        """The tags tags.yml declares."""
        TAGS.read()
        return list(self._tags.declared)

    def tag_uses(self, document: Document) -> list[TagUse]:
        """The page's tags, each with the page it names (if any) and its tags.yml entry."""
        DOC.read(document.permalink)
        TAGS.read()
        for use in self._tag_uses.get(document, []):
            NAME.read(normalize(use.name))
        return self._tag_uses.get(document, [])

    def page(self, name: str) -> Document | None:
        """The page a name (title, label, tag, alias) or permalink means, if exactly one."""
        return self.page_at(name) or self.resolve(name).page

    def page_of_kind(self, name: str, kind: Kind) -> Document | None:
        """The page of that kind a name means: `Saffron` is a food and a substance."""
        if (page := self.page_at(name)) is not None:
            return page if page.kind is kind else None
        matches = [p for p in self.resolve(name).pages if p.kind is kind]
        return matches[0] if len(matches) == 1 else None

    # ---- the causal chain -----------------------------------------------------------------

    def foods(self, substance: Document) -> list[Document]:
        """Foods that contain the substance (foods tagged with it)."""
        return self._sources_of(substance, Relation.CONTAINS, Kind.FOOD)

    @remembered
    def recipes_of_substance(self, substance: Document) -> list[Document]:
        """Recipes that contain at least one food containing the substance."""
        return _by_title({r for food in self.foods(substance) for r in self.recipes(food)})

    @remembered
    def targets(self, substance: Document) -> list[Document]:
        """What the substance acts on, by title: the biological targets, regulatory systems
        and mechanisms it supports, and the process mechanisms naming it as a cofactor."""
        OUT.read(substance.permalink)
        return _by_title(e.target for e in self._out.get(substance, ())
                         if e.relation in _ACTS_ON and e.target.kind in TARGET_KINDS)

    def mechanism(self, substance: Document, target: Document) -> str | None:
        """The substance's own sentence on how it acts at the target, if it gives one."""
        OUT.read(substance.permalink)
        return self._mechanisms.get(substance, {}).get(target)

    @remembered
    def target_links(self, substance: Document) -> list[TargetLink]:
        """One row per target of the substance (as `targets` orders them), with its sentence
        and whether it supports the target or is a cofactor of it."""
        OUT.read(substance.permalink)
        supported = {e.target for e in self._out.get(substance, ())
                     if e.relation is Relation.SUPPORTS}
        return [TargetLink(t, substance, self.mechanism(substance, t),
                           Relation.SUPPORTS if t in supported else Relation.COFACTOR_OF)
                for t in self.targets(substance)]

    @remembered
    def areas(self, target: Document) -> list[Document]:
        """Therapeutic areas of a target, by title: those it is disrupted in (tags), and
        those of its phenomes and its parts' phenomes (the registry)."""
        found = set(self._targets_of(target, Relation.DISRUPTED_IN, Kind.AREA))
        for phenome in self.phenomes_of(target):
            found.update(self.areas_of_phenome(phenome))
        return _by_title(found)

    def substances(self, food: Document) -> list[Document]:
        """Substances the food contains."""
        return self._targets_of(food, Relation.CONTAINS, Kind.SUBSTANCE)

    def recipes(self, food: Document) -> list[Document]:
        """Recipes that contain the food."""
        return self._sources_of(food, Relation.CONTAINS, Kind.RECIPE)

    @remembered
    def food_targets(self, food: Document) -> list[TargetLink]:
        """Target x substance rows reached through the food's substances."""
        return [link for s in self.substances(food) for link in self.target_links(s)]

    def recipe_foods(self, recipe: Document) -> list[Document]:
        """Foods the recipe contains."""
        return self._targets_of(recipe, Relation.CONTAINS, Kind.FOOD)

    @remembered
    def recipe_substances(self, recipe: Document) -> list[Document]:
        """Substances reached through the recipe's foods."""
        return _by_title({s for food in self.recipe_foods(recipe) for s in self.substances(food)})

    @remembered
    def recipe_targets(self, recipe: Document) -> list[TargetLink]:
        """Target x substance rows reached through the recipe's foods and their substances."""
        return [link for s in self.recipe_substances(recipe) for link in self.target_links(s)]

    @remembered
    def area_targets(self, area: Document) -> list[Document]:
        """The area's targets, by title: those disrupted in it (tags), and the mechanisms
        whose phenomes, or whose parts' phenomes, lie in it (so their FMs and systems too)."""
        IN.read(area.permalink)
        found = {e.source for e in self._in.get(area, ())
                 if e.relation is Relation.DISRUPTED_IN and e.source.kind in TARGET_KINDS}
        for phenome in self.area_phenomes(area):
            for mechanism in self.modulators(phenome):
                found.add(mechanism)
                found.update(self._ancestors(mechanism))
        return _by_title(found)

    @remembered
    def _ancestors(self, part: Document) -> list[Document]:
        found: list[Document] = []
        current = self.parent(part)
        while current is not None and current not in found and current is not part:
            found.append(current)
            current = self.parent(current)
        return found

    @remembered
    def target_substances(self, target: Document) -> list[Document]:
        """Substances acting on the target (supporting it, or a cofactor of it), by title."""
        IN.read(target.permalink)
        return _by_title(e.source for e in self._in.get(target, ())
                         if e.relation in _ACTS_ON and e.source.kind is Kind.SUBSTANCE)

    @remembered
    def area_substances(self, area: Document) -> list[Document]:
        """Substances acting on any target of the area."""
        return _by_title({s for t in self.area_targets(area) for s in self.target_substances(t)})

    @remembered
    def area_foods(self, area: Document) -> list[Document]:
        """Foods containing a substance that acts on any target of the area, by title."""
        return _by_title({f for s in self.area_substances(area) for f in self.foods(s)})

    def generated_pages(self) -> list[Document]:
        """The pages braindiet made from the registry (areas and phenomes with no page)."""
        INVENTORY.read()
        return list(self._generated)

    # ---- tags and folders -----------------------------------------------------------------

    def tag_concepts(self) -> dict[str, list[Document]]:
        """Every tag concept in use and the pages carrying it."""
        return {concept: list(pages) for concept, pages in self._carriers.items()}

    def concept_of(self, name: str) -> str:
        """Pages and tags are identified by the page a name means, else the tag's key."""
        TAGS.read()
        return concept_key(self._tags.resolve(name), self.resolve(name).page)

    @remembered
    def tagged(self, name: str, folder: str | None = None) -> list[Document]:
        """Pages carrying the tag (any spelling of it), optionally only those under a folder."""
        concept = self.concept_of(name)
        TAG.read(concept)
        carriers = self._carriers.get(concept, {})
        prefix = folder.strip("/") + "/" if folder else ""
        return _by_title(d for d in carriers
                         if not prefix or f"{d.folder}/".startswith(prefix))

    def children(self, folder: str) -> tuple[list[str], list[Document]]:
        """Immediate subfolders (paths) and the pages a listing of the folder shows."""
        folder = folder.strip("/")
        FOLDER.read(folder)
        return self.folders.subfolders(folder), self.folders.listed(folder)

    def folder(self, folder: str) -> FolderView:
        """How a folder is named, placed and linked (its category, else its landing page)."""
        folder = folder.strip("/")
        FOLDER.read(folder)
        return self.folders.view(folder)

    def section(self, folder: str) -> Document | None:
        """The page that stands for a folder, if it has one."""
        return self.folder(folder).page

    def unpublished(self, document: Document) -> str | None:
        """Why a production build leaves the page out (a dev build shows it, marked)."""
        DOC.read(document.permalink)
        return self.folders.unpublished.get(document.site_path)

    def contribution_level(self, food: Document,
                           substance: Document) -> ContributionLevel | None:
        """The level the food page declares for the substance, matched through the aliases."""
        LEVELS.read(food.permalink)
        meta = food.meta
        if not isinstance(meta, FoodMeta) or not meta.contribution_levels:
            return None
        for name, level in meta.contribution_levels.items():
            if self.resolve(name).page is substance:
                return level
        return None


_ACTS_ON = frozenset({Relation.SUPPORTS, Relation.COFACTOR_OF})


def in_context(document: Document, candidates: tuple[Document, ...]) -> tuple[Document, ...]:
    """Read an ambiguous tag as the page it tags would: a food tagged `Saffron`, where a food
    and a substance share that name, is itself the food and contains the substance."""
    if len(candidates) < 2:
        return candidates
    chained = tuple(c for c in candidates if (document.kind, c.kind) in CHAIN)
    if len(chained) == 1:
        return chained
    if document in candidates:
        return (document,)  # the page's own name: no edge, nothing ambiguous
    return candidates


def _by_title(documents: Iterable[Document]) -> list[Document]:
    return sorted(set(documents), key=lambda d: (d.label.casefold(), d.permalink))


# ---- what a page render can read of the graph, and how each is fingerprinted --------------


def _each(graph: KnowledgeGraph, value: Callable[[Document], object]) -> dict[str, object]:
    return {d.permalink: value(d) for d in [*graph._standalone, *graph._documents]}


def _names(graph: KnowledgeGraph) -> dict[str, object]:
    names = set(graph._aliases.names())
    for tag in graph._tags.declared:  # a tag resolves through its tags.yml twin too
        names.update((normalize(tag.key), normalize(tag.label)))
    return {name: [d.permalink for d in graph._aliases.resolve(name).pages]
            for name in sorted(names)}


def _inventory(graph: KnowledgeGraph) -> list[tuple[str, ...]]:
    return sorted([(d.permalink, str(d.kind), d.title, d.label) for d in graph._documents] +
                  [(d.permalink, "standalone", d.title, d.label) for d in graph._standalone])


DOC = family("doc", KnowledgeGraph, lambda g: _each(g, lambda d: (
    d.source_hash, d.site_path, g.folders.unpublished.get(d.site_path))),
    doc="a page's whole source (what its own page and JSON show), and whether it is a draft")
LABEL = family("label", KnowledgeGraph,
               lambda g: _each(g, lambda d: (d.title, d.label, str(d.kind), d.site_path)),
               doc="its title, label, kind and URL (what a link to it shows)")
LEVELS = family("levels", KnowledgeGraph,
                lambda g: _each(g, lambda d: getattr(d.meta, "contribution_levels", None)),
                doc="the contribution levels a food page declares")
NAME = family("name", KnowledgeGraph, _names, sparse=True,
              doc="which pages a (normalised) name means")
AT = family("at", KnowledgeGraph, lambda g: {p: d.site_path for p, d in g._by_permalink.items()},
            sparse=True, doc="which page is served at a permalink")
FILE = family("file", KnowledgeGraph, lambda g: {f: d.permalink for f, d in g._by_file.items()},
              sparse=True, doc="which page is read from a file under docs/")
TAG = family("tag", KnowledgeGraph,
             lambda g: {c: sorted(d.permalink for d in pages) for c, pages in g._carriers.items()},
             sparse=True, doc="which pages carry a tag concept")
FOLDER = family("folder", KnowledgeGraph, lambda g: g.folders.rows(), sparse=True,
                doc="which pages and subfolders a folder holds, named, placed and linked")
FOLDERS = family("folders", KnowledgeGraph, lambda g: {"": [
    (f, g.folders.view_row(f)) for f in g.folders.folders()]},
    doc="every folder and how it presents itself (which ones get a generated index)")
TAGS = family("tags", KnowledgeGraph, lambda g: {"": repr(g._tags.declared)},
              doc="the tags tags.yml declares")
INVENTORY = family("inventory", KnowledgeGraph, lambda g: {"": _inventory(g)},
                   doc="which pages exist, with their kinds and names")
GRAPH = family("graph", KnowledgeGraph, lambda g: {"": (
    _inventory(g), sorted((d.permalink, repr(d.front.data)) for d in g._documents),
    sorted((d.permalink, [edge_row(e) for e in g._out.get(d, ())]) for d in g._documents),
    g._registry.digest if g._registry else None)},
    doc="the whole graph: every page's front matter and every edge")
KINDS_PRESENT = family("kinds", KnowledgeGraph,
               lambda g: {"": sorted({str(d.kind) for d in g._documents})},
               doc="which kinds of page the site has (the header links them)")

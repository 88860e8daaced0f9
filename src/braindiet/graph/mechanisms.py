"""The mechanism ontology as the graph answers it: systems, their parts, phenomes and areas.

These are `KnowledgeGraph` methods (this class is one of its bases); each records what it
reads (`braindiet.dependencies`), like every query a page render makes. Lists come in a fixed
order, documented on each method: mechanisms in ontology order (system BRS1..BRS6, BRS-X and
its systems; then FM, PM, SM, KC; numbers compared as numbers), phenomes and registry areas
by registry id (`PH001`, `TA001`), anything else by title.

    ontology_id(page) -> str | None                     BRS3, BRS1(FM1), BRS1-FM1-PM3, ...
    page_of_id(ontology_id) -> Document | None
    parts(whole) -> list[Document]                      direct parts of a system or an FM
    descendants(whole) -> list[Document]                parts, and their parts
    parent(part) -> Document | None                     the FM or system it is part of
    system_of(page) -> Document | None                  the regulatory system holding it
    constraints(mechanism) / constrained(kc) -> list[Document]
    connections(sm) / connected_from(mechanism) -> list[Document]
    dependencies(system) / dependants(system) -> list[Edge]   (edge.declared_in: the page)
    cofactors(mechanism) -> list[Document]              substances a PM names as cofactors
    relationships(mechanism) -> list[PhenomeRelationship]     its own rows, as written
    relationships_to(phenome) -> list[PhenomeRelationship]    rows naming the phenome
    rollup(mechanism) -> list[RolledUpRelationship]      its parts' rows, per phenome
    direct_phenomes(mechanism) -> list[Document]        the phenomes its own rows name
    phenomes_of(mechanism) -> list[Document]            its phenomes and its parts'
    modulators(phenome) -> list[Document]               mechanisms with a row for it
    areas_of_phenome(phenome) -> list[Document]         therapeutic areas (registry)
    area_phenomes(area) -> list[Document]
    registry() -> PhenomeRegistry | None
    registry_phenome(page) -> RegistryPhenome | None    the registry entry of a phenome page
    registry_area(page) -> RegistryArea | None          the registry entry of an area page
    registry_page(registry_id) -> Document | None       the page of PH001 or TA001

The chain's own queries (graph/knowledge.py) take these pages as targets: `targets(substance)`
and `target_links(substance)` (each link says `supports` or `cofactor_of`),
`target_substances(target)`, `areas(target)` (tags, and the registry areas of its phenomes),
`area_targets(area)` (tags, and the mechanisms of its phenomes with their FMs and systems),
`area_substances(area)`, `area_foods(area)`, `generated_pages()`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from braindiet.content.document import Document
from braindiet.content.kinds import Kind
from braindiet.content.ontology import sort_key
from braindiet.content.registry import PhenomeRegistry, RegistryArea, RegistryPhenome
from braindiet.dependencies import family
from braindiet.graph.edges import Edge, PhenomeRelationship, Relation, RolledUpRelationship, roll_up
from braindiet.graph.memo import Memo, remembered

RegistryEntry = RegistryPhenome | RegistryArea


class OntologyQueries:
    """The ontology's queries; `KnowledgeGraph` holds the data they read."""

    __slots__ = ()

    _documents: list[Document]
    _out: dict[Document, list[Edge]]
    _mechanisms: dict[Document, dict[Document, str]]  # substance -> target -> sentence
    _in: dict[Document, list[Edge]]
    _ontology_ids: dict[Document, str]
    _by_ontology_id: dict[str, Document]
    _relationships: dict[Document, list[PhenomeRelationship]]
    _registry: PhenomeRegistry | None
    _registry_entries: dict[Document, RegistryEntry]
    _registry_pages: dict[str, Document]
    _memo: Memo | None

    # ---- walking the edges (each records the page whose edges it reads) ----------------

    @remembered
    def _outgoing(self, document: Document, relation: Relation) -> list[Edge]:
        OUT.read(document.permalink)
        return [e for e in self._out.get(document, ()) if e.relation is relation]

    @remembered
    def _incoming(self, document: Document, relation: Relation) -> list[Edge]:
        IN.read(document.permalink)
        return [e for e in self._in.get(document, ()) if e.relation is relation]

    def _ordered(self, documents: Iterable[Document]) -> list[Document]:
        return sorted(set(documents), key=self._ontology_key)

    def _ontology_key(self, document: Document) -> tuple[Any, ...]:
        ONTOLOGY_ID.read(document.permalink)
        found = self._ontology_ids.get(document)
        if found is None:
            return (9, document.title.casefold(), document.permalink)
        return (0, sort_key(document.kind, found), document.permalink)

    def _by_registry_id(self, documents: Iterable[Document]) -> list[Document]:
        def key(document: Document) -> tuple[int, str, str]:
            REGISTRY_ENTRY.read(document.permalink)
            entry = self._registry_entries.get(document)
            if entry is None:
                return (1, document.title.casefold(), document.permalink)
            return (0, entry.id, document.permalink)
        return sorted(set(documents), key=key)

    # ---- ids --------------------------------------------------------------------------

    def ontology_id(self, page: Document) -> str | None:
        """The page's id in the ontology (`BRS3`, `BRS1(FM1)`, `BRS1-FM1-PM3`), if it has one."""
        ONTOLOGY_ID.read(page.permalink)
        return self._ontology_ids.get(page)

    def page_of_id(self, ontology_id: str) -> Document | None:
        """The page that declares an ontology id (the first, if two pages claim it)."""
        ONTOLOGY_PAGE.read(ontology_id)
        return self._by_ontology_id.get(ontology_id)

    # ---- the hierarchy ----------------------------------------------------------------

    @remembered
    def parts(self, whole: Document) -> list[Document]:
        """What is directly part of a system (its FMs, SMs, KCs and, for BRS-X, its systems)
        or of an FM (its PMs), in ontology order."""
        return self._ordered(e.source for e in self._incoming(whole, Relation.PART_OF))

    def parent(self, part: Document) -> Document | None:
        """The FM a PM belongs to, or the system an FM, SM, KC or BRS-X system belongs to."""
        edges = self._outgoing(part, Relation.PART_OF)
        return edges[0].target if edges else None

    def system_of(self, page: Document) -> Document | None:
        """The regulatory system a mechanism belongs to (the page itself for a system)."""
        seen: set[Document] = set()
        current: Document | None = page
        while current is not None and current not in seen:
            if current.kind is Kind.SYSTEM:
                return current
            seen.add(current)
            current = self.parent(current)
        return None

    @remembered
    def descendants(self, whole: Document) -> list[Document]:
        """Every part, and every part of a part, in ontology order."""
        found: set[Document] = set()
        frontier = [whole]
        while frontier:
            following = []
            for document in frontier:
                for part in self.parts(document):
                    if part not in found and part is not whole:
                        found.add(part)
                        following.append(part)
            frontier = following
        return self._ordered(found)

    def constraints(self, mechanism: Document) -> list[Document]:
        """The key constraints a PM or FM names, in ontology order."""
        return self._ordered(e.target for e in self._outgoing(mechanism,
                                                              Relation.CONSTRAINED_BY))

    def constrained(self, constraint: Document) -> list[Document]:
        """The PMs and FMs that name this key constraint, in ontology order."""
        return self._ordered(e.source for e in self._incoming(constraint,
                                                              Relation.CONSTRAINED_BY))

    def connections(self, mechanism: Document) -> list[Document]:
        """The PMs, FMs and KCs a specific mechanism is connected to, in ontology order."""
        return self._ordered(e.target for e in self._outgoing(mechanism, Relation.CONNECTED_TO))

    def connected_from(self, mechanism: Document) -> list[Document]:
        """The specific mechanisms connected to this one, in ontology order."""
        return self._ordered(e.source for e in self._incoming(mechanism, Relation.CONNECTED_TO))

    def dependencies(self, system: Document) -> list[Edge]:
        """The systems this one depends on, one edge each (`declared_in`: the dependency
        page), ordered by the other system."""
        return sorted(self._outgoing(system, Relation.DEPENDS_ON),
                      key=lambda e: self._ontology_key(e.target))

    def dependants(self, system: Document) -> list[Edge]:
        """The systems that depend on this one, ordered by the other system."""
        return sorted(self._incoming(system, Relation.DEPENDS_ON),
                      key=lambda e: self._ontology_key(e.source))

    def cofactors(self, mechanism: Document) -> list[Document]:
        """The substances a PM names among its cofactors (those naming a substance page),
        by title."""
        return sorted({e.source for e in self._incoming(mechanism, Relation.COFACTOR_OF)},
                      key=lambda d: (d.label.casefold(), d.permalink))

    # ---- phenomes ---------------------------------------------------------------------

    def relationships(self, mechanism: Document) -> list[PhenomeRelationship]:
        """The mechanism's own phenome rows in the order its page writes them (PM and SM:
        `phenome_relationships`; FM: `functional_outcome_context`), matched or not."""
        RELATIONSHIPS.read(mechanism.permalink)
        return list(self._relationships.get(mechanism, ()))

    def relationships_to(self, phenome: Document) -> list[PhenomeRelationship]:
        """Every row naming the phenome, by mechanism in ontology order, then row order."""
        rows = [e.detail for e in self._incoming(phenome, Relation.MODULATES)
                if isinstance(e.detail, PhenomeRelationship)]
        for row in rows:
            RELATIONSHIPS.read(row.mechanism.permalink)
        return sorted(rows, key=lambda r: (self._ontology_key(r.mechanism), r.index))

    @remembered
    def rollup(self, mechanism: Document) -> list[RolledUpRelationship]:
        """What the mechanism's parts say per phenome (an FM: its PMs; a system: every PM
        and SM in it), by the FM roll-up rule (graph/edges.py `roll_up`); by phenome id."""
        rows: dict[Document, list[PhenomeRelationship]] = {}
        for part in self.descendants(mechanism):
            if part.kind not in (Kind.PROCESS, Kind.SPECIFIC):
                continue
            for row in self.relationships(part):
                if row.phenome is not None:
                    rows.setdefault(row.phenome, []).append(row)
        return [roll_up(phenome, rows[phenome]) for phenome in self._by_registry_id(rows)]

    @remembered
    def direct_phenomes(self, mechanism: Document) -> list[Document]:
        """The phenomes the mechanism's own rows name, by phenome id."""
        return self._by_registry_id(e.target for e in self._outgoing(mechanism,
                                                                     Relation.MODULATES))

    @remembered
    def phenomes_of(self, mechanism: Document) -> list[Document]:
        """The phenomes of a mechanism and of all its parts (a system: of everything in it;
        an FM: its own outcomes and its PMs'), by phenome id."""
        found = set(self.direct_phenomes(mechanism))
        for part in self.descendants(mechanism):
            found.update(self.direct_phenomes(part))
        return self._by_registry_id(found)

    @remembered
    def modulators(self, phenome: Document) -> list[Document]:
        """The mechanisms with a row naming the phenome (PMs, SMs and FMs), in ontology
        order."""
        return self._ordered(e.source for e in self._incoming(phenome, Relation.MODULATES))

    @remembered
    def areas_of_phenome(self, phenome: Document) -> list[Document]:
        """The therapeutic areas the registry lists for the phenome, by area id."""
        return self._by_registry_id(e.target for e in self._outgoing(phenome, Relation.IN_AREA))

    @remembered
    def area_phenomes(self, area: Document) -> list[Document]:
        """The phenomes the registry lists under the area, by phenome id."""
        return self._by_registry_id(e.source for e in self._incoming(area, Relation.IN_AREA))

    # ---- the registry -----------------------------------------------------------------

    def registry(self) -> PhenomeRegistry | None:
        """The phenome registry the site keeps, if any (meta, areas, phenomes, review flags)."""
        REGISTRY.read()
        return self._registry

    def registry_phenome(self, page: Document) -> RegistryPhenome | None:
        """The registry's entry for a phenome page (found by its `PhenomeDetail phenomeId`,
        its title's id or its name)."""
        REGISTRY_ENTRY.read(page.permalink)
        entry = self._registry_entries.get(page)
        return entry if isinstance(entry, RegistryPhenome) else None

    def registry_area(self, page: Document) -> RegistryArea | None:
        """The registry's therapeutic area a page stands for (matched by name, by
        braindiet.toml's `[areas]`, or generated from the registry)."""
        REGISTRY_ENTRY.read(page.permalink)
        entry = self._registry_entries.get(page)
        return entry if isinstance(entry, RegistryArea) else None

    def registry_page(self, registry_id: str) -> Document | None:
        """The page of a registry phenome or area (`PH001`, `TA001`), if it has one."""
        key = registry_id.strip().upper()
        REGISTRY_PAGE.read(key)
        return self._registry_pages.get(key)


# ---- how each read is fingerprinted ---------------------------------------------------------


def _pages(graph: OntologyQueries, value: Callable[[Document], object]) -> dict[str, object]:
    return {d.permalink: value(d) for d in graph._documents}


def edge_row(edge: Edge) -> tuple[object, ...]:
    """What a reader of an edge can see of it (pages by permalink, details as values)."""
    detail = edge.detail
    shown: object = None
    if isinstance(detail, PhenomeRelationship):
        shown = relationship_row(detail)
    elif detail is not None:
        shown = (detail.written, detail.constraint_type)
    return (edge.source.permalink, str(edge.relation), edge.target.permalink,
            edge.declared_in.permalink, edge.line, edge.file, shown)


def _edge_rows(graph: OntologyQueries, edges: Iterable[Edge]) -> list[tuple[object, ...]]:
    """Each edge with the substance's mechanism sentence, where it gives one."""
    return sorted((*edge_row(e), graph._mechanisms.get(e.source, {}).get(e.target, ""))
                  for e in edges)


def relationship_row(row: PhenomeRelationship) -> tuple[object, ...]:
    return (row.mechanism.permalink, row.phenome_name,
            row.phenome.permalink if row.phenome else None, row.origin, row.relationship_type,
            row.confidence, row.evidence_level, row.evidence_confidence, row.rationale,
            tuple(r.model_dump_json() for r in row.references), row.line, row.index)


def _edges(graph: OntologyQueries, incoming: bool) -> dict[str, object]:
    table = graph._in if incoming else graph._out
    return _pages(graph, lambda d: _edge_rows(graph, table.get(d, ())))


OUT = family("out", OntologyQueries, lambda g: _edges(g, incoming=False),
             doc="the edges leaving a page (what it contains, supports, ...), with details")
IN = family("in", OntologyQueries, lambda g: _edges(g, incoming=True),
            doc="the edges reaching a page, with their details")
ONTOLOGY_ID = family("ontology-id", OntologyQueries,
                     lambda g: _pages(g, lambda d: g._ontology_ids.get(d)),
                     doc="a page's id in the mechanism ontology")
ONTOLOGY_PAGE = family("ontology-page", OntologyQueries,
                       lambda g: {i: d.permalink for i, d in g._by_ontology_id.items()},
                       sparse=True, doc="which page declares an ontology id")
RELATIONSHIPS = family("relationships", OntologyQueries, lambda g: _pages(g, lambda d: [
    relationship_row(r) for r in g._relationships.get(d, ())]),
    doc="a mechanism's phenome rows (type, confidences, evidence, rationale, references)")
REGISTRY = family("registry", OntologyQueries,
                  lambda g: {"": g._registry.digest if g._registry else None},
                  doc="the phenome registry as a whole")
REGISTRY_ENTRY = family("registry-entry", OntologyQueries, lambda g: _pages(g, lambda d: (
    g._registry_entries[d].model_dump_json() if d in g._registry_entries else None)),
    doc="the registry entry a phenome or area page stands for")
REGISTRY_PAGE = family("registry-page", OntologyQueries,
                       lambda g: {i: d.permalink for i, d in g._registry_pages.items()},
                       sparse=True, doc="which page stands for a registry phenome or area")

"""The mechanism ontology's own fields, read as typed edges of the graph.

    FM --part of--> system            (parent_brs)         PM --part of--> FM   (parent_fm)
    KC, SM --part of--> system        (parent_brs)         BRS-X(ECS) --part of--> BRS-X
    PM, FM --constrained by--> KC     (key_constraints)    SM --connected to--> PM/FM/KC
    PM, SM --modulates--> phenome     (phenome_relationships, with the row's details)
    FM --modulates--> phenome         (functional_outcome_context)
    system --depends on--> system     (a dependency page: integration_id)
    substance --cofactor of--> PM     (a PM's `cofactors` naming a substance page)
    phenome --in area--> area         (the registry's therapeuticAreaIds)

Everything is linked by id, never by the names written beside the ids (they drift from the
titles); whatever does not resolve is left for `check` (checks/mechanisms.py) to report.
"""

from __future__ import annotations

import re
from collections import Counter

from pydantic import ValidationError

from braindiet.content.document import Document
from braindiet.content.kinds import MECHANISM_KINDS, Kind
from braindiet.content.mechanisms import (
    DependencyMeta,
    FunctionalMechanismMeta,
    OntologyMeta,
    OutcomeContextRow,
    PhenomeRelationshipRow,
    ProcessMechanismMeta,
    SpecificMechanismMeta,
)
from braindiet.content.ontology import (
    DEPENDENCY_KEY,
    ID_KEYS,
    hub_title,
    parent_system,
    split_constraint,
)
from braindiet.content.registry import RegistryPhenome
from braindiet.graph.aliases import ExtraNames, Strength
from braindiet.graph.edges import Edge, LinkDetail, PhenomeRelationship, Relation
from braindiet.graph.knowledge import KnowledgeGraph
from braindiet.graph.registry import Attachment


def declared_id(document: Document) -> str | None:
    """The ontology id a page declares: its id key, or a hub's title prefix."""
    if document.kind is Kind.SYSTEM:
        hub = hub_title(document.title)
        return hub[0] if hub else None
    key = ID_KEYS.get(document.kind)
    value = getattr(document.meta, key, None) if key else None
    return value.strip() if isinstance(value, str) and value.strip() else None


def ontology_names(documents: list[Document]) -> ExtraNames:
    """Names the ontology's pages answer to besides their titles: their ids (`BRS3`,
    `BRS1-FM1-PM3`), a hub's name after its id, and a tag only that hub carries
    (`Hormonal Response` on the BRS-X(Hormones) hub); a phenome page its id and name."""
    hubs = [d for d in documents if d.kind is Kind.SYSTEM]
    carriers = Counter(tag for hub in hubs for tag in set(hub.tags))
    names: ExtraNames = {}
    for document in documents:
        found = declared_id(document)
        extra = [(found, Strength.FULL_NAME)] if found else []
        if document.kind is Kind.PHENOME:
            extra += phenome_title_names(document.title)
        hub = hub_title(document.title) if document.kind is Kind.SYSTEM else None
        if hub is not None:
            extra.append((hub[1], Strength.FULL_NAME))
            extra += [(tag, Strength.FULL_NAME) for tag in document.tags if carriers[tag] == 1]
        if extra:
            names[document] = extra
    return names


_PHENOME_TITLE = re.compile(r"^\s*(PH\d+)\s*[-\u2013\u2014:]\s*(.+?)\s*$", re.IGNORECASE)


def phenome_title_names(title: str) -> list[tuple[str, Strength]]:
    """`PH001 — Focus / Attention Stability` answers to `PH001` and to its name."""
    found = _PHENOME_TITLE.match(title)
    if found is None:
        return []
    return [(found.group(1).upper(), Strength.FULL_NAME),
            (found.group(2), Strength.BEFORE_PARENTHESIS)]


def read_ontology(graph: KnowledgeGraph, attached: Attachment) -> None:
    documents = graph._documents
    for document in documents:
        found = declared_id(document)
        if found is not None:
            graph._ontology_ids[document] = found
            graph._by_ontology_id.setdefault(found, document)
    for document in documents:
        if document.kind in MECHANISM_KINDS or document.kind is Kind.SYSTEM:
            _read_parts(graph, document)
            _read_links(graph, document)
            _read_phenomes(graph, document, attached)
        elif document.kind is Kind.PAGE and DEPENDENCY_KEY in document.front.data:
            _read_dependency(graph, document)
    _read_areas(graph, attached)


def _by_id(graph: KnowledgeGraph, text: object) -> Document | None:
    return graph._by_ontology_id.get(text.strip()) if isinstance(text, str) else None


def _read_parts(graph: KnowledgeGraph, document: Document) -> None:
    meta = document.meta
    if document.kind is Kind.SYSTEM:
        whole = parent_system(graph._ontology_ids.get(document, ""))
        parent, key = (_by_id(graph, whole) if whole else None), "title"
    elif isinstance(meta, ProcessMechanismMeta):
        parent, key = _by_id(graph, meta.parent_fm), "parent_fm"
    elif isinstance(meta, OntologyMeta):
        parent, key = _by_id(graph, meta.parent_brs), "parent_brs"
    else:
        return
    if parent is not None and parent is not document:
        graph._add(Edge(document, parent, Relation.PART_OF, document, document.line_of(key)))


def _read_links(graph: KnowledgeGraph, document: Document) -> None:
    """Key constraints, a specific mechanism's connections, a PM's cofactors."""
    meta = document.meta
    if isinstance(meta, ProcessMechanismMeta):
        for position, written in enumerate(meta.key_constraints):
            kc_id, _ = split_constraint(written)
            _link(graph, document, _by_id(graph, kc_id), Relation.CONSTRAINED_BY,
                  _row_line(document, "key_constraints", position), LinkDetail(written))
        for position, name in enumerate(meta.cofactors):
            substance = _substance(graph, name)
            if substance is not None:
                graph._add(Edge(substance, document, Relation.COFACTOR_OF, document,
                                _row_line(document, "cofactors", position), LinkDetail(name)))
    elif isinstance(meta, FunctionalMechanismMeta):
        for position, item in enumerate(meta.key_constraints):
            _link(graph, document, _by_id(graph, item.id), Relation.CONSTRAINED_BY,
                  _row_line(document, "key_constraints", position),
                  LinkDetail(item.name or item.id, item.type))
    elif isinstance(meta, SpecificMechanismMeta):
        for key in ("connected_pms", "connected_fms", "connected_kcs"):
            for position, item in enumerate(getattr(meta, key)):
                _link(graph, document, _by_id(graph, item.id), Relation.CONNECTED_TO,
                      _row_line(document, key, position), LinkDetail(item.name or item.id))


def _link(graph: KnowledgeGraph, source: Document, target: Document | None, relation: Relation,
          line: int | None, detail: LinkDetail) -> None:
    if target is not None and target is not source:
        graph._add(Edge(source, target, relation, source, line, detail))


def _substance(graph: KnowledgeGraph, name: str) -> Document | None:
    """The substance page a cofactor names, if exactly one (`magnesium`, `zinc`); concepts
    such as `meal-level protein distribution` name none."""
    pages = [p for p in graph._aliases.resolve(name).pages if p.kind is Kind.SUBSTANCE]
    return pages[0] if len(pages) == 1 else None


def _row_line(document: Document, key: str, position: int) -> int | None:
    meta = document.meta
    index = meta.source_index(key, position) if isinstance(meta, OntologyMeta) else position
    lines = document.front.item_lines.get(key, [])
    return lines[index] if index < len(lines) else document.line_of(key)


def _read_phenomes(graph: KnowledgeGraph, document: Document, attached: Attachment) -> None:
    meta = document.meta
    rows: list[PhenomeRelationshipRow | OutcomeContextRow]
    if isinstance(meta, ProcessMechanismMeta | SpecificMechanismMeta):
        key, rows = "phenome_relationships", list(meta.phenome_relationships)
    elif isinstance(meta, FunctionalMechanismMeta):
        key, rows = "functional_outcome_context", list(meta.functional_outcome_context)
    else:
        return
    found = []
    for position, row in enumerate(rows):
        relationship = _relationship(graph, document, key, position, row, attached)
        found.append(relationship)
        if relationship.phenome is not None:
            graph._add(Edge(document, relationship.phenome, Relation.MODULATES, document,
                            relationship.line, relationship))
    if found:
        graph._relationships[document] = found


def _relationship(graph: KnowledgeGraph, document: Document, key: str, position: int,
                  row: PhenomeRelationshipRow | OutcomeContextRow,
                  attached: Attachment) -> PhenomeRelationship:
    line = _row_line(document, key, position)
    if isinstance(row, PhenomeRelationshipRow):
        return PhenomeRelationship(
            document, row.target_phenome, phenome_page(graph, attached, row.target_phenome), key,
            row.relationship_type, row.confidence, row.evidence_level, row.evidence_confidence,
            row.rationale, row.references, line, position)
    return PhenomeRelationship(
        document, row.outcome_name, phenome_page(graph, attached, row.outcome_name), key, None,
        row.confidence, None, row.evidence_confidence, row.synthesis, row.references, line,
        position)


def phenome_page(graph: KnowledgeGraph, attached: Attachment, name: str) -> Document | None:
    """The page of the phenome a row names: through the registry (its name exactly, else
    ignoring case), else a phenome page the name means. A retired phenome has no page."""
    entry: RegistryPhenome | None = attached.phenome_named(name)
    if entry is not None:
        return attached.pages.get(entry.id)
    if attached.registry is not None:
        return None
    pages = [p for p in graph._aliases.resolve(name).pages if p.kind is Kind.PHENOME]
    return pages[0] if len(pages) == 1 else None


def _read_dependency(graph: KnowledgeGraph, document: Document) -> None:
    try:
        meta = DependencyMeta.model_validate(document.front.data)
    except ValidationError:
        return  # check reports the page (checks/mechanisms.py)
    source, target = _by_id(graph, meta.source_brs), _by_id(graph, meta.destination_brs)
    if source is not None and target is not None and source is not target:
        graph._add(Edge(source, target, Relation.DEPENDS_ON, document,
                        document.line_of(DEPENDENCY_KEY)))


def _read_areas(graph: KnowledgeGraph, attached: Attachment) -> None:
    registry = attached.registry
    if registry is None:
        return
    for page, entry in attached.entries.items():
        if not isinstance(entry, RegistryPhenome):
            continue
        line = registry.entry_line(entry)
        for area_id in entry.area_ids:
            area = attached.pages.get(area_id.strip().upper())
            if area is not None and area.kind is Kind.AREA:
                graph._add(Edge(page, area, Relation.IN_AREA, page, line, file=registry.path))

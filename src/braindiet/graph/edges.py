"""The typed edges of the knowledge graph, and the details some of them carry.

    Recipe --contains--> Food --contains--> Substance --supports / cofactor of--> Target
    Target --disrupted in--> Area                     (the December 2025 tree)
    Mechanism --part of--> FM / System;  Mechanism --modulates--> Phenome --in area--> Area

A `modulates` edge carries its `PhenomeRelationship` (relationship type, the two confidences,
evidence level, rationale and the cited references); the ontology's link edges (`constrained
by`, `connected to`, `cofactor of`) carry the name as the page wrote it (`LinkDetail`), which
may have drifted from the linked page's title.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from braindiet.content.document import Document
from braindiet.content.mechanisms import (
    ConstraintType,
    EvidenceLevel,
    ReferenceItem,
    RelationshipType,
    Score,
)


class Relation(StrEnum):
    CONTAINS = "contains"
    SUPPORTS = "supports"
    DISRUPTED_IN = "disrupted_in"
    TAGGED = "tagged"
    PART_OF = "part_of"  # FM -> system, PM -> FM, KC / SM -> system, BRS-X(ECS) -> BRS-X
    CONSTRAINED_BY = "constrained_by"  # PM / FM -> key constraint
    CONNECTED_TO = "connected_to"  # SM -> PM / FM / KC
    MODULATES = "modulates"  # PM / SM / FM -> phenome
    DEPENDS_ON = "depends_on"  # system -> system (a dependency page says so)
    COFACTOR_OF = "cofactor_of"  # substance -> PM (the PM names it among its cofactors)
    IN_AREA = "in_area"  # phenome -> therapeutic area (the registry's therapeuticAreaIds)


# The causal chain runs recipe towards area. These edges point down it...
DOWNSTREAM = frozenset({Relation.CONTAINS, Relation.SUPPORTS, Relation.DISRUPTED_IN,
                        Relation.COFACTOR_OF, Relation.MODULATES, Relation.IN_AREA})
# ... and `part of` points up it: a system leads to its mechanisms, which lead to phenomes.
UPSTREAM = frozenset({Relation.PART_OF})
CHAIN_RELATIONS = DOWNSTREAM | UPSTREAM


@dataclass(frozen=True, slots=True)
class PhenomeRelationship:
    """One row tying a mechanism to a phenome, as its page writes it.

    `origin` is `phenome_relationships` (PM, SM) or `functional_outcome_context` (FM, whose
    rows have no relationship type or evidence level, and a synthesis for a rationale).
    `phenome` is None when the name matches no phenome (the row is still shown).
    """

    mechanism: Document
    phenome_name: str  # as written
    phenome: Document | None
    origin: str
    relationship_type: RelationshipType | None
    confidence: Score | None
    evidence_level: EvidenceLevel | None
    evidence_confidence: Score | None
    rationale: str
    references: tuple[ReferenceItem, ...]
    line: int | None
    index: int  # position among the page's rows


@dataclass(frozen=True, slots=True)
class LinkDetail:
    """How a page names what it links to (`BRS2(KC1) - One-Carbon Donor Pool`)."""

    written: str
    constraint_type: ConstraintType | None = None  # FM key constraints: substrate, ...


EdgeDetail = PhenomeRelationship | LinkDetail


@dataclass(frozen=True, slots=True)
class Edge:
    source: Document
    target: Document
    relation: Relation
    declared_in: Document
    line: int | None
    detail: EdgeDetail | None = field(default=None, compare=False)
    file: str | None = None  # where the fact is written, when not in `declared_in`'s file

    @property
    def written_in(self) -> str:
        return self.file or self.declared_in.site_path


def chain_ends(edge: Edge) -> tuple[Document, Document] | None:
    """(upstream, downstream) page of an edge on the causal chain, else None."""
    if edge.relation in DOWNSTREAM:
        return edge.source, edge.target
    if edge.relation in UPSTREAM:
        return edge.target, edge.source
    return None


@dataclass(frozen=True, slots=True)
class RolledUpRelationship:
    """What a mechanism's parts say about one phenome, taken together (the FM roll-up):
    the strongest relationship type, the highest evidence level, and the highest
    confidence, raised one step when two or more rows support or modulate it."""

    phenome: Document
    relationship_type: RelationshipType | None
    evidence_level: EvidenceLevel | None
    confidence: Score | None
    rows: tuple[PhenomeRelationship, ...]


_RAISED = {Score.LOW: Score.LOW_MEDIUM, Score.LOW_MEDIUM: Score.MEDIUM, Score.MEDIUM: Score.HIGH,
           Score.HIGH: Score.HIGH}


def roll_up(phenome: Document, rows: list[PhenomeRelationship]) -> RolledUpRelationship:
    types = [r.relationship_type for r in rows if r.relationship_type is not None]
    levels = [r.evidence_level for r in rows if r.evidence_level is not None]
    scores = [r.confidence for r in rows if r.confidence is not None]
    confidence = max(scores, key=lambda s: s.rank) if scores else None
    backing = sum(1 for t in types if t in (RelationshipType.SUPPORTS, RelationshipType.MODULATES))
    if confidence is not None and backing >= 2:
        confidence = _RAISED[confidence]
    return RolledUpRelationship(
        phenome, max(types, key=lambda t: t.rank) if types else None,
        max(levels, key=lambda level: level.rank) if levels else None, confidence,
        tuple(rows))

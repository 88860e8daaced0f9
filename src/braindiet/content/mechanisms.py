"""What the pages of the mechanism ontology declare: one model per kind, vocabularies as enums.

The fields are those the August 2026 pages actually carry (not the authors' older schema
documents, whose keys no page uses). Every field is optional here: which ones a kind requires
is a `check` rule (checks/mechanisms.py), so a page missing one still joins the graph. Lists
of rows (`phenome_relationships`, `functional_outcome_context`, link lists) are validated row
by row: a bad row is reported at its line and left out, the others stay.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any, ClassVar

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, PrivateAttr, field_validator

from braindiet.content.kinds import Kind
from braindiet.content.schema import Name, PageMeta, Text


class Score(StrEnum):
    """The four-level scale of both Biology → Phenome Confidence and Evidence Confidence."""

    LOW = "low"
    LOW_MEDIUM = "low-medium"
    MEDIUM = "medium"
    HIGH = "high"

    @property
    def label(self) -> str:
        return _SCORE_LABELS[self]

    @property
    def rank(self) -> float:
        """low 1, low-medium 1.5, medium 2, high 3 (the roll-up compares these)."""
        return _SCORE_RANKS[self]


_SCORE_LABELS = {Score.LOW: "Low", Score.LOW_MEDIUM: "Low\u2013Medium", Score.MEDIUM: "Medium",
                 Score.HIGH: "High"}
_SCORE_RANKS = {Score.LOW: 1.0, Score.LOW_MEDIUM: 1.5, Score.MEDIUM: 2.0, Score.HIGH: 3.0}
NOT_SCORED = "Not scored"


def score_label(score: Score | None) -> str:
    """How a score reads everywhere: `Low–Medium`, or `Not scored`."""
    return score.label if score is not None else NOT_SCORED


class RelationshipType(StrEnum):
    SUPPORTS = "supports"
    DISRUPTS = "disrupts"
    MODULATES = "modulates"
    INDIRECT = "indirect"

    @property
    def rank(self) -> int:
        """Strength in a roll-up: supports 4 > modulates 3 > indirect 2 > disrupts 1."""
        return {"supports": 4, "modulates": 3, "indirect": 2, "disrupts": 1}[self.value]


class EvidenceLevel(StrEnum):
    MECHANISTIC = "mechanistic"
    OBSERVATIONAL = "observational"
    INTERVENTION = "intervention"
    CLINICAL = "clinical"

    @property
    def rank(self) -> int:
        return {"mechanistic": 1, "observational": 2, "intervention": 3, "clinical": 4}[self.value]


class DataLevel(StrEnum):
    HUMAN_OUTCOME = "Human Outcome"
    HUMAN_STUDY = "Human Study"
    HUMAN_MECHANISTIC = "Human Mechanistic"
    ANIMAL_DATA = "Animal Data"
    PRECLINICAL = "Preclinical"
    MECHANISTIC = "Mechanistic"
    THEORETICAL = "Theoretical"
    CELLULAR = "Cellular / Molecular"
    MIXED = "Mixed"


class InterventionDominance(StrEnum):
    DIET_DOMINANT = "Diet-Dominant"
    COMBINED = "Diet/Lifestyle-Combined"
    LIFESTYLE_DOMINANT = "Lifestyle-Dominant"
    DIET_SUPPORTED = "Diet-Supported"  # legacy
    LIFESTYLE_SUPPORTED = "Lifestyle-Supported"  # legacy
    MIXED = "Mixed"  # legacy

    @property
    def legacy(self) -> bool:
        return self in (InterventionDominance.DIET_SUPPORTED,
                        InterventionDominance.LIFESTYLE_SUPPORTED, InterventionDominance.MIXED)


class InterventionBreakdown(StrEnum):
    FOOD_STATE_DOMINANT = "Food-State Dominant"
    FOOD_STATE_LEANING = "Food-State Leaning"
    MIXED = "Mixed Modulation"
    BEHAVIOURAL_LEANING = "Behavioural/Lifestyle Leaning"
    BEHAVIOURAL_DOMINANT = "Behavioural/Lifestyle Dominant"


class YesNo(StrEnum):
    YES = "Yes"
    NO = "No"


class SpecificCategory(StrEnum):
    SNP = "SM-SNP"
    CROSS = "SM-CROSS"


class ConstraintType(StrEnum):
    """How an FM draws on a key constraint (`cofactor` is used though the schema lists two)."""

    SUBSTRATE = "substrate"
    PRECURSOR = "precursor"
    COFACTOR = "cofactor"


def _yes_no(value: Any) -> Any:
    """`timing_specific: Yes` unquoted is a YAML 1.1 boolean; the authors' YAML 1.2 reader
    keeps it text. Read it back as they meant it (check warns that it is unquoted)."""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    return value.strip() if isinstance(value, str) else value


def _stripped(value: Any) -> Any:
    """Vocabulary values compare after trimming, case-sensitively."""
    return value.strip() if isinstance(value, str) else value


TimingSpecific = Annotated[YesNo, BeforeValidator(_yes_no)]


Trimmed = BeforeValidator(_stripped)
ScoreValue = Annotated[Score, Trimmed]
RelationshipTypeValue = Annotated[RelationshipType, Trimmed]
EvidenceLevelValue = Annotated[EvidenceLevel, Trimmed]
DataLevelValue = Annotated[DataLevel, Trimmed]
DominanceValue = Annotated[InterventionDominance, Trimmed]
BreakdownValue = Annotated[InterventionBreakdown, Trimmed]
CategoryValue = Annotated[SpecificCategory, Trimmed]
ConstraintTypeValue = Annotated[ConstraintType, Trimmed]


class _Item(BaseModel):
    model_config = ConfigDict(defer_build=True, extra="allow", frozen=True)


class ReferenceItem(_Item):
    """One cited paper of a row: `label`, `citation_key` (a bibliography key), and more."""

    label: Name
    citation_key: Name
    href: Text | None = None
    data_level: DataLevelValue | None = None
    index: int | None = None


class PhenomeRelationshipRow(_Item):
    """A PM's or SM's tie to a phenome, with its three scores and the references behind it."""

    target_phenome: Name
    relationship_type: RelationshipTypeValue
    confidence: ScoreValue
    evidence_level: EvidenceLevelValue
    evidence_confidence: ScoreValue
    rationale: Name
    references: tuple[ReferenceItem, ...] = ()
    source_node: Text | None = None
    confidence_disparity_note: Text | None = None


class OutcomeContextRow(_Item):
    """An FM's functional outcome: the phenome it bears on, with the synthesis why."""

    outcome_name: Name
    confidence: ScoreValue
    evidence_confidence: ScoreValue
    synthesis: Name
    references: tuple[ReferenceItem, ...] = ()


class LinkItem(_Item):
    """A link to another part of the ontology by id (`{id, name, href}`); the name drifts."""

    id: Name
    name: Text | None = None
    href: Text | None = None
    type: ConstraintTypeValue | None = None


class OntologyMeta(PageMeta):
    """Fields every page of the ontology may carry."""

    # Lists whose bad rows are dropped one by one (content/schema.py `validate`).
    row_lists: ClassVar[frozenset[str]] = frozenset()
    problem_code: ClassVar[str] = "mechanism-field"

    _dropped: dict[str, tuple[int, ...]] = PrivateAttr(default_factory=dict)

    parent_brs: Name | None = None
    summary: Text | None = None
    mission: Text | None = None
    references: list[Text] = Field(default_factory=list)  # Markdown links, one per paper


    def drop_rows(self, dropped: dict[str, set[int]]) -> None:
        """Remember which rows validation left out, so the others keep their own lines."""
        self._dropped = {key: tuple(sorted(rows)) for key, rows in dropped.items()}

    def source_index(self, key: str, position: int) -> int:
        """Where the `position`-th row kept in `key` stands among the rows as written."""
        index = position
        for dropped in self._dropped.get(key, ()):
            if dropped <= index:
                index += 1
        return index


class MechanismMeta(OntologyMeta):
    intervention_dominance: DominanceValue | None = None
    intervention_breakdown: BreakdownValue | None = None
    timing_specific: TimingSpecific | None = None


class FunctionalMechanismMeta(MechanismMeta):
    row_lists: ClassVar[frozenset[str]] = frozenset(
        {"mechanisms_covered", "key_constraints", "functional_outcome_context"})

    fm_id: Name | None = None
    mechanisms_covered: list[LinkItem] = Field(default_factory=list)
    key_constraints: list[LinkItem] = Field(default_factory=list)
    functional_outcome_context: list[OutcomeContextRow] = Field(default_factory=list)
    coverage_timing: Text | None = None  # free text (the ontology's list is not enforced)


class ProcessMechanismMeta(MechanismMeta):
    row_lists: ClassVar[frozenset[str]] = frozenset(
        {"key_constraints", "cofactors", "phenome_relationships"})

    pm_id: Name | None = None
    parent_fm: Name | None = None
    key_constraints: list[Name] = Field(default_factory=list)  # "<KC id> - <name>"
    cofactors: list[Name] = Field(default_factory=list)  # free text; some name substances
    dose_sensitivity: Text | None = None
    phenome_relationships: list[PhenomeRelationshipRow] = Field(default_factory=list)


class SpecificMechanismMeta(MechanismMeta):
    row_lists: ClassVar[frozenset[str]] = frozenset(
        {"connected_pms", "connected_fms", "connected_kcs", "phenome_relationships"})

    sm_id: Name | None = None
    sm_category: CategoryValue | None = None
    use_case: Text | None = None
    connected_pms: list[LinkItem] = Field(default_factory=list)
    connected_fms: list[LinkItem] = Field(default_factory=list)
    connected_kcs: list[LinkItem] = Field(default_factory=list)
    phenome_relationships: list[PhenomeRelationshipRow] = Field(default_factory=list)


class KeyConstraintMeta(OntologyMeta):
    kc_id: Name | None = None


class DependencyMeta(OntologyMeta):
    """A page stating that one regulatory system depends on another."""

    integration_id: Name | None = None
    source_brs: Name | None = None
    destination_brs: Name | None = None


class SystemMeta(PageMeta):
    """A regulatory system's hub: Docusaurus fields only (its id is its title's prefix)."""


class PhenomeMeta(PageMeta):
    """A phenome's page: Docusaurus fields only (the registry holds the phenome itself)."""

    @field_validator("title", mode="before")
    @classmethod
    def _title(cls, value: Any) -> Any:
        return value.strip() if isinstance(value, str) else value


ONTOLOGY_SCHEMAS: dict[Kind, type[PageMeta]] = {
    Kind.SYSTEM: SystemMeta,
    Kind.FUNCTIONAL: FunctionalMechanismMeta,
    Kind.PROCESS: ProcessMechanismMeta,
    Kind.SPECIFIC: SpecificMechanismMeta,
    Kind.CONSTRAINT: KeyConstraintMeta,
    Kind.PHENOME: PhenomeMeta,
}

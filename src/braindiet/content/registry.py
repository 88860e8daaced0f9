"""The phenome registry: the phenomes and therapeutic areas a site's mechanisms point at.

A site may keep it as data (`src/data/phenome-registry.json` by default; `phenome_registry`
in braindiet.toml names another file, `""` none). Each phenome and area is validated on its
own: a bad entry is reported at its line in the file and left out, the rest is read. Field
names follow Python (`public_summary`); the file's own (`publicSummary`) are their aliases.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from braindiet.content import files, frontmatter
from braindiet.content.mechanisms import ScoreValue
from braindiet.content.schema import Name, Text
from braindiet.diagnostics import Diagnostic, error

DEFAULT_REGISTRY = "src/data/phenome-registry.json"
ACTIVE = "active"
CROSS_REFERENCE_LABELS = {"rdoc_domains": "RDoC domains", "icf_domains": "ICF domains",
                          "promis_measures": "PROMIS measures", "hpo_terms": "HPO terms",
                          "dsm_icd_context": "DSM / ICD context"}
EVIDENCE_LAYERS = {"construct_landmark_papers": "Construct landmark papers",
                   "biology_to_phenome_landmark_papers": "Biology \u2192 phenome landmark papers",
                   "nutrition_to_biology_landmark_papers":
                       "Nutrition \u2192 biology landmark papers"}


class _Entry(BaseModel):
    model_config = ConfigDict(defer_build=True, extra="allow", populate_by_name=True, frozen=True)


class RegistryArea(_Entry):
    """A therapeutic area as the registry names it (`TA001 ADHD`)."""

    id: Name
    name: Name
    slug: Text | None = None
    description: Text | None = None
    status: Text | None = None
    primary_worked_example: bool = Field(default=False, alias="primaryWorkedExample")

    @property
    def active(self) -> bool:
        return self.status is None or self.status.strip() == ACTIVE


class RegistryPaper(_Entry):
    label: Text | None = None
    citation_key: Text | None = None
    href: Text | None = None
    note: Text | None = None


class Provenance(_Entry):
    framework_origin: Text | None = Field(default=None, alias="frameworkOrigin")
    development_note: Text | None = Field(default=None, alias="developmentNote")
    related_phenome_ids: tuple[str, ...] = Field(default=(), alias="relatedPhenomeIds")


class RegistryPhenome(_Entry):
    """A phenome: a symptom-level outcome such as `PH001 Focus / Attention Stability`."""

    id: Name
    name: Name
    slug: Text | None = None
    description: Text | None = None
    public_summary: Text | None = Field(default=None, alias="publicSummary")
    primary_domains: tuple[str, ...] = Field(default=(), alias="primaryDomains")
    area_ids: tuple[str, ...] = Field(default=(), alias="therapeuticAreaIds")
    status: Text | None = None
    evidence_confidence: ScoreValue | None = None
    evidence_confidence_note: Text | None = None
    provenance: Provenance | None = None
    cross_references: dict[str, tuple[str, ...]] = Field(default_factory=dict,
                                                          alias="crossReferences")
    evidence: dict[str, tuple[RegistryPaper, ...]] = Field(default_factory=dict)

    @field_validator("id", mode="before")
    @classmethod
    def _upper(cls, value: Any) -> Any:
        return value.strip().upper() if isinstance(value, str) else value

    @property
    def active(self) -> bool:
        return (self.status or "").strip() == ACTIVE

    def papers(self) -> list[RegistryPaper]:
        """Every evidence paper, layer by layer in the registry's order."""
        return [paper for layer in self.evidence.values() for paper in layer]


class Framework(_Entry):
    id: Text | None = None
    name: Text | None = None
    role: Text | None = None
    note: Text | None = None


class RegistryMeta(_Entry):
    version: int | Text | None = None
    primary_area_id: Text | None = Field(default=None, alias="primaryTherapeuticAreaId")
    description: Text | None = None
    phenome_development: Text | None = Field(default=None, alias="phenomeDevelopment")
    frameworks: tuple[Framework, ...] = Field(default=(), alias="benchmarkedFrameworks")


class ReviewFlag(_Entry):
    """Two phenomes kept apart on purpose (`related_distinct`)."""

    id: Text | None = None
    type: Text | None = None
    phenome_ids: tuple[str, ...] = Field(default=(), alias="phenomeIds")
    labels: tuple[str, ...] = ()
    note: Text | None = None


@dataclass(slots=True)
class PhenomeRegistry:
    """The registry as read: entries in file order, and where each was written."""

    path: str  # relative to the site folder, for diagnostics
    meta: RegistryMeta = field(default_factory=RegistryMeta)
    areas: list[RegistryArea] = field(default_factory=list)
    phenomes: list[RegistryPhenome] = field(default_factory=list)
    review_flags: list[ReviewFlag] = field(default_factory=list)
    raw: dict[str, Any] = field(default_factory=dict)  # the file's data, for the checks
    lines: dict[str, int] = field(default_factory=dict)  # dotted path -> line
    digest: str = ""  # what the file held (its fingerprint)
    entries: dict[int, int] = field(default_factory=dict)  # id(entry) -> its line

    def line_of(self, path: str) -> int | None:
        """The line of `phenomes.3.name` or, failing that, of its nearest parent."""
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path.rpartition(".")[0]
        return None

    def phenome(self, phenome_id: str) -> RegistryPhenome | None:
        wanted = phenome_id.strip().upper()
        return next((p for p in self.phenomes if p.id == wanted), None)

    def area(self, area_id: str) -> RegistryArea | None:
        wanted = area_id.strip().upper()
        return next((a for a in self.areas if a.id.upper() == wanted), None)

    def entry_line(self, entry: RegistryPhenome | RegistryArea | ReviewFlag) -> int | None:
        """The line an entry of the file starts on."""
        return self.entries.get(id(entry))


def read_registry(site_root: Path, name: str,
                  lines_of: Callable[[str], dict[str, int]] | None = None,
                  ) -> tuple[PhenomeRegistry | None, list[Diagnostic]]:
    """The registry a site keeps at `name`, or None when it has none (or it cannot be read).
    `lines_of` (default `registry_lines`) gives the line of each entry of the file's text."""
    if not name:
        return None, []
    path = site_root / name
    if not path.exists() and not path.is_symlink():
        return None, []
    refused = files.refusal(path, site_root)
    if refused is not None:
        return None, [error("registry-refused", f"not read: {refused}", name)]
    try:
        text = path.read_text(encoding="utf-8-sig")
        data = json.loads(text)
    except (OSError, UnicodeDecodeError) as exc:
        return None, [error("registry-unreadable", f"cannot read the phenome registry: {exc}",
                            name)]
    except json.JSONDecodeError as exc:
        return None, [error("registry-unreadable", f"invalid JSON: {exc.msg}", name,
                            exc.lineno, hint="the file must hold one JSON object")]
    if not isinstance(data, dict):
        return None, [error("registry-invalid", "the registry must be one JSON object with "
                            "`phenomes` and `therapeuticAreas`", name, 1)]
    registry = PhenomeRegistry(name, raw=data, lines=(lines_of or registry_lines)(text),
                               digest=json.dumps(data, sort_keys=True))
    return registry, _fill(registry, data)


def registry_lines(text: str) -> dict[str, int]:
    """Dotted paths to lines (JSON is YAML, whose reader keeps positions: slow, a tenth of a
    second for the Aug-2026 registry)."""
    try:
        front = frontmatter.parse(text, first_line=1)
    except frontmatter.FrontMatterError:
        return {}
    lines = dict(front.key_lines)
    lines.update(front.node_lines)
    return lines


def _fill(registry: PhenomeRegistry, data: dict[str, Any]) -> list[Diagnostic]:
    problems: list[Diagnostic] = []
    meta, found = _entry(registry, RegistryMeta, data.get("meta") or {}, "meta")
    registry.meta = meta or RegistryMeta()
    problems += found
    targets: tuple[tuple[str, type[_Entry], list[Any]], ...] = (
        ("therapeuticAreas", RegistryArea, registry.areas),
        ("phenomes", RegistryPhenome, registry.phenomes),
        ("reviewFlags", ReviewFlag, registry.review_flags))
    for group, model, target in targets:
        items = data.get(group, [])
        if not isinstance(items, list):
            problems.append(error("registry-invalid", f"`{group}` must be a list",
                                  registry.path, registry.line_of(group)))
            continue
        for index, item in enumerate(items):
            entry, found = _entry(registry, model, item, f"{group}.{index}")
            problems += found
            if entry is not None:
                target.append(entry)
                line = registry.line_of(f"{group}.{index}")
                if line is not None:
                    registry.entries[id(entry)] = line
    return problems


def _entry(registry: PhenomeRegistry, model: type[_Entry], item: Any, where: str
           ) -> tuple[Any, list[Diagnostic]]:
    try:
        return model.model_validate(item), []
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            path = ".".join([where, *(str(p) for p in err["loc"])])
            problems.append(error("registry-invalid", f"{path}: {err['msg']}", registry.path,
                                  registry.line_of(_raw_path(path)),
                                  hint="this entry is left out until it is fixed"))
        return None, problems


_ALIASES = {"public_summary": "publicSummary", "area_ids": "therapeuticAreaIds"}


def _raw_path(path: str) -> str:
    return ".".join(_ALIASES.get(part, part) for part in path.split("."))

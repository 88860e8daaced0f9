"""The phenome registry's rules, and the mechanisms' rows that point into it.

Over the registry file: every phenome and area complete, ids well formed and unique, names
unique (ignoring case), every area and related phenome a phenome names known, the evidence
and cross-reference layers known, the primary area an area. Over the rows: a row's phenome is
in the registry and active; an active phenome no PM row reaches is reported. Between the
registry and the pages: a `<PhenomeDetail phenomeId=…/>` names a phenome of the registry; an
area braindiet had to generate a page for, where the site
probably has one under another name, is pointed out with the line that would map it.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator

from braindiet.content.document import Document
from braindiet.content.kinds import Kind
from braindiet.content.registry import (
    CROSS_REFERENCE_LABELS,
    EVIDENCE_LAYERS,
    PhenomeRegistry,
    RegistryArea,
    RegistryPhenome,
)
from braindiet.diagnostics import Diagnostic, error, info, warning
from braindiet.graph.aliases import normalize
from braindiet.project import Project

_PHENOME_ID = re.compile(r"^PH\d{3}$")
_AREA_ID = re.compile(r"^TA\d{3}$")
_PHENOME_FIELDS = ("name", "slug", "description", "public_summary", "status")
_AREA_FIELDS = ("name", "slug", "description", "status")
# Words too common in area names to say two names mean one area.
_GENERIC_WORDS = frozenset({"disorder", "disorders", "syndrome", "spectrum", "and", "the",
                            "health", "healthy"})


def check_registry(project: Project) -> Iterator[Diagnostic]:
    registry = project.graph.registry()
    if registry is None:
        return
    yield from _entries(registry)
    yield from _phenome_links(registry)
    yield from _papers(project, registry)
    primary = registry.meta.primary_area_id
    if primary and registry.area(primary) is None:
        yield error("registry-area-unknown", f"meta.primaryTherapeuticAreaId {primary!r} is "
                    "not a therapeutic area of the registry", registry.path,
                    registry.line_of("meta.primaryTherapeuticAreaId"))


def check_phenome_details(project: Project) -> Iterator[Diagnostic]:
    """Each `<PhenomeDetail phenomeId="PHnnn" />` names an active phenome of the registry."""
    registry = project.graph.registry()
    for document in project.graph.documents:
        for use in document.outline.components:
            wanted = use.attributes.get("phenomeId")
            if use.name != "PhenomeDetail" or not isinstance(wanted, str):
                continue
            if registry is None:
                yield error("phenome-detail-unknown", f"<PhenomeDetail phenomeId={wanted!r}>: "
                            "this site has no phenome registry", document.site_path, use.line,
                            hint="keep the registry at src/data/phenome-registry.json or name "
                                 "it with phenome_registry in braindiet.toml")
            elif (entry := registry.phenome(wanted)) is None or not entry.active:
                known = "is not active" if entry is not None else "is not"
                yield error("phenome-detail-unknown", f"<PhenomeDetail phenomeId={wanted!r}>: "
                            f"{wanted} {known} a phenome of {registry.path}",
                            document.site_path, use.line,
                            hint="use an id from the registry (PH001, PH002, …)")


def _entries(registry: PhenomeRegistry) -> Iterator[Diagnostic]:
    groups: tuple[tuple[str, list[RegistryPhenome] | list[RegistryArea], re.Pattern[str],
                        tuple[str, ...]], ...] = (
        ("phenome", registry.phenomes, _PHENOME_ID, _PHENOME_FIELDS),
        ("therapeutic area", registry.areas, _AREA_ID, _AREA_FIELDS))
    for what, entries, form, fields in groups:
        ids: dict[str, int] = defaultdict(int)
        names: dict[str, str] = {}
        for entry in entries:
            line = registry.entry_line(entry)
            ids[entry.id] += 1
            if not form.match(entry.id):
                yield error("registry-id-invalid", f"{what} id {entry.id!r} is not of the form "
                            f"{form.pattern.strip('^$')}", registry.path, line)
            if ids[entry.id] == 2:
                yield error("registry-id-duplicate", f"{what} {entry.id} is given twice",
                            registry.path, line)
            for field in fields:
                if not str(getattr(entry, field) or "").strip():
                    yield error("registry-field-missing", f"{what} {entry.id} has no "
                                f"{field}", registry.path, line, hint="give it a value")
            key = entry.name.strip().casefold()
            if key in names and names[key] != entry.id:
                yield error("registry-name-duplicate", f"{what} {entry.id} has the name of "
                            f"{names[key]} ({entry.name!r})", registry.path, line)
            names.setdefault(key, entry.id)


def _phenome_links(registry: PhenomeRegistry) -> Iterator[Diagnostic]:
    known = {p.id for p in registry.phenomes}
    for phenome in registry.phenomes:
        line = registry.entry_line(phenome)
        if not phenome.primary_domains:
            yield error("registry-field-missing", f"phenome {phenome.id} has no primaryDomains",
                        registry.path, line)
        if not phenome.area_ids:
            yield error("registry-field-missing", f"phenome {phenome.id} lists no "
                        "therapeuticAreaIds", registry.path, line)
        for area_id in phenome.area_ids:
            if registry.area(area_id) is None:
                yield error("registry-area-unknown", f"phenome {phenome.id} lists area "
                            f"{area_id!r}, which the registry does not define",
                            registry.path, line)
        related = phenome.provenance.related_phenome_ids if phenome.provenance else ()
        for other in related:
            itself = other.strip().upper() == phenome.id
            if itself or other.strip().upper() not in known:
                yield error("registry-related-unknown", f"phenome {phenome.id} is related to "
                            f"{other!r}, which is {'itself' if itself else 'no phenome'}",
                            registry.path, line)
        for key, values in phenome.cross_references.items():
            if key not in CROSS_REFERENCE_LABELS:
                yield warning("registry-cross-reference-unknown", f"phenome {phenome.id}: "
                              f"unknown crossReferences key {key!r}", registry.path, line,
                              hint="known: " + ", ".join(CROSS_REFERENCE_LABELS))
            if any(not str(v).strip() for v in values):
                yield error("registry-invalid", f"phenome {phenome.id}: {key} holds an empty "
                            "entry", registry.path, line)
    for flag in registry.review_flags:
        for other in flag.phenome_ids:
            if other.strip().upper() not in known:
                yield warning("registry-flag-unknown", f"review flag {flag.id} names "
                              f"{other!r}, which is no phenome", registry.path,
                              registry.entry_line(flag))


def _papers(project: Project, registry: PhenomeRegistry) -> Iterator[Diagnostic]:
    graph = project.graph
    for phenome in registry.phenomes:
        line = registry.entry_line(phenome)
        for layer, papers in phenome.evidence.items():
            if layer not in EVIDENCE_LAYERS:
                yield warning("registry-evidence-layer-unknown", f"phenome {phenome.id}: "
                              f"unknown evidence layer {layer!r}", registry.path, line,
                              hint="known: " + ", ".join(EVIDENCE_LAYERS))
            for paper in papers:
                if not (paper.label or "").strip():
                    yield error("registry-paper-invalid", f"phenome {phenome.id}: a paper in "
                                f"{layer} has no label", registry.path, line)
                if not (paper.citation_key or "").strip():
                    yield warning("registry-paper-invalid", f"phenome {phenome.id}: paper "
                                  f"{paper.label!r} has no citation_key", registry.path, line)
                elif graph.registry_page(phenome.id) is None \
                        and paper.citation_key not in project.bibliography:
                    # a phenome with a page cites its papers there (checks/references.py)
                    yield error("citation-missing", f"citation key {paper.citation_key!r} is "
                                "not in the bibliography", registry.path, line,
                                hint="add the entry to the .bib file or fix the key")


def check_phenome_rows(project: Project) -> Iterator[Diagnostic]:
    """Each mechanism row names a phenome of the registry (or a phenome page), an active one;
    every active phenome is reached by some PM."""
    graph = project.graph
    registry = graph.registry()
    reached: set[str] = set()
    for document in project.documents:
        for row in graph.relationships(document):
            fm_row = row.origin == "functional_outcome_context"
            entry = _named(registry, row.phenome_name) if registry is not None else None
            if entry is not None and not fm_row and document.kind is Kind.PROCESS:
                reached.add(entry.id)
            if entry is not None and not entry.active:
                yield error("phenome-inactive", f"{row.phenome_name!r} is a "
                            f"{entry.status or 'non-active'} phenome ({entry.id})",
                            document.site_path, row.line,
                            hint="map the row to an active phenome or drop it")
            elif row.phenome is None and entry is None:
                where = registry.path if registry is not None else "any phenome page"
                problem = warning if fm_row else error
                yield problem("phenome-unknown", f"{row.phenome_name!r} is not a phenome of "
                              f"{where}", document.site_path, row.line,
                              hint="write the phenome's name exactly as the registry gives it")
    if registry is None:
        return
    for phenome in registry.phenomes:
        if phenome.active and phenome.id not in reached:
            yield warning("phenome-unmapped", f"active phenome {phenome.id} ({phenome.name}) "
                          "is reached by no process mechanism", registry.path,
                          registry.entry_line(phenome),
                          hint="map it from a PM's phenome_relationships, or retire it")


def _named(registry: PhenomeRegistry, name: str) -> RegistryPhenome | None:
    wanted = name.strip()
    exact = next((p for p in registry.phenomes if p.name.strip() == wanted), None)
    return exact or next((p for p in registry.phenomes
                          if normalize(p.name) == normalize(wanted)), None)


def check_generated_areas(project: Project) -> Iterator[Diagnostic]:
    """A registry area or phenome given a generated page, and the existing page it probably
    is (sharing a word of its name), with the line mapping the two."""
    graph = project.graph
    registry = graph.registry()
    if registry is None:
        return
    areas = [d for d in project.documents if d.kind is Kind.AREA]
    for page in project.generated:
        area = graph.registry_area(page)
        entry = area or graph.registry_phenome(page)
        if entry is None:
            continue
        line = registry.entry_line(entry)
        what = "therapeutic area" if area is not None else "phenome"
        yield info("page-generated", f"{what} {entry.id} ({entry.name}) has no page; "
                   f"braindiet publishes one at {page.permalink}", registry.path, line)
        if area is None:
            continue
        for existing in _probably(area, areas):
            yield info("area-probably-page", f"{area.id} {area.name!r} is probably the page "
                       f"{existing.title!r} ({existing.site_path})", registry.path, line,
                       hint=f'if so, add to braindiet.toml: [areas] {area.id} = '
                       f'"{existing.title}"')


def _stems(name: str) -> set[str]:
    words = re.findall(r"[a-z]+", normalize(name))
    return {w[:6] for w in words if len(w) >= 4 and w not in _GENERIC_WORDS}


def _probably(area: RegistryArea, pages: list[Document]) -> list[Document]:
    wanted = _stems(area.name)
    return sorted((p for p in pages if wanted & _stems(p.title) and p.tags),
                  key=lambda p: p.permalink)

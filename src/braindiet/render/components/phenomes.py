"""Phenomes and the mechanisms that reach them.

`<PhenomeDetail phenomeId="PH001" />` shows a phenome's registry entry (definition, areas,
provenance, cross-references, the foundational evidence) and the mechanisms whose rows name
it, grouped by regulatory system. `<PhenomeRegistry />` is the whole registry as a table.
`relationship_table` is what a mechanism page shows of its own phenome rows (or, for an FM
or a system, its parts' rows rolled up), drawn by the document producer below the body.
"""

from __future__ import annotations

from collections.abc import Iterable

from markupsafe import Markup

from braindiet.content.document import Document
from braindiet.content.mechanisms import ReferenceItem, Score
from braindiet.content.registry import (
    CROSS_REFERENCE_LABELS,
    EVIDENCE_LAYERS,
    PhenomeRegistry,
    RegistryArea,
    RegistryPaper,
    RegistryPhenome,
)
from braindiet.graph.edges import PhenomeRelationship, RolledUpRelationship
from braindiet.render.components.evidence import scoring_key_panel
from braindiet.render.components.registry import Attributes, ComponentError, beside, component
from braindiet.render.components.signature import Attribute, Type
from braindiet.render.components.views import HUB_PANELS, MATRIX
from braindiet.render.context import RenderContext
from braindiet.render.hrefs import citation_attributes, link_html

PHENOMES = beside(__name__, "phenomes.css")
NOT_SCORED = "Not scored"


def _registry(ctx: RenderContext) -> PhenomeRegistry:
    registry = ctx.graph.registry()
    if registry is None:
        raise ComponentError("this site has no phenome registry (src/data/phenome-registry.json"
                             " or `phenome_registry` in braindiet.toml).")
    return registry


def _score(score: Score | None) -> str:
    return score.label if score is not None else NOT_SCORED


def _page_link(ctx: RenderContext, page: Document | None, text: str) -> Markup:
    if page is None:
        return Markup("{}").format(text)
    return Markup('<a href="{}">{}</a>').format(ctx.page_url(page), text)


def _mechanism_name(ctx: RenderContext, mechanism: Document) -> str:
    ontology_id = ctx.graph.ontology_id(mechanism)
    title = mechanism.label
    return title if ontology_id is None or ontology_id in title else f"{ontology_id} — {title}"


def _citation(ctx: RenderContext, key: str, label: str) -> Markup:
    """A paper the registry or a row cites, drawn as every citation is (`check` reports a
    key the bibliography lacks)."""
    return link_html(citation_attributes(ctx, key), label)


# ---- one phenome ----------------------------------------------------------------------------


@component("PhenomeDetail", styles=(PHENOMES, HUB_PANELS, "evidence.css"),
           attributes=(Attribute("phenomeId", Type.TEXT, required=True),),
           summary="a phenome's registry entry and the mechanisms that modulate it")
def phenome_detail(ctx: RenderContext, page: Document, attributes: Attributes,
                   children: Markup) -> Markup:
    registry = _registry(ctx)
    wanted = str(attributes.get("phenomeId", ""))
    entry = registry.phenome(wanted)
    if entry is None or not entry.active:
        raise ComponentError(f"the registry ({registry.path}) has no active phenome {wanted!r}.")
    phenome = ctx.graph.registry_page(entry.id)
    parts = []
    if page.meta.hide_title:  # the page leaves its heading to the component, as the original
        parts.append(Markup('<h1 class="phenome__title">{} — {}</h1>\n').format(entry.id,
                                                                               entry.name))
    if entry.description:
        parts.append(Markup('<p class="phenome__description">{}</p>\n').format(entry.description))
    if entry.public_summary:
        parts.append(Markup('<p class="phenome__summary"><em>{}</em></p>\n').format(
            entry.public_summary))
    parts.append(_areas(ctx, registry, entry.area_ids))
    parts.append(_provenance(ctx, registry, entry))
    parts.append(_cross_references(entry))
    parts.append(_foundational_evidence(ctx, entry))
    parts.append(_modulators(ctx, phenome))
    return Markup('<div class="phenome" data-phenome="{}">\n{}</div>\n').format(
        entry.id, Markup("").join(parts))


def _area_badge(ctx: RenderContext, area: RegistryArea, primary: bool) -> Markup:
    text = f"{area.id} {area.name}" + (" ★" if primary else "")
    badge = _page_link(ctx, ctx.graph.registry_page(area.id), text)
    kind = " phenome__area--primary" if primary else ""
    return Markup('<li class="phenome__area{}" title="{}">{}</li>').format(
        kind, area.description or area.name, badge)


def _areas(ctx: RenderContext, registry: PhenomeRegistry, area_ids: Iterable[str]) -> Markup:
    areas = [a for a in (registry.area(i) for i in area_ids) if a is not None and a.active]
    if not areas:
        return Markup("")
    primary = (registry.meta.primary_area_id or "").upper()
    badges = Markup("").join(_area_badge(ctx, a, a.id.upper() == primary) for a in areas)
    return Markup('<p class="phenome__areas-label"><strong>Therapeutic areas</strong></p>\n'
                  '<ul class="phenome__areas">{}</ul>\n').format(badges)


def _provenance(ctx: RenderContext, registry: PhenomeRegistry, entry: RegistryPhenome) -> Markup:
    provenance = entry.provenance
    if provenance is None:
        return Markup("")
    out = []
    if provenance.development_note:
        origin = (Markup(' <span class="phenome__origin">(origin: {})</span>').format(
            provenance.framework_origin) if provenance.framework_origin else "")
        out.append(Markup("<p><strong>Provenance:</strong> {}{}</p>\n").format(
            provenance.development_note, origin))
    related = [p for p in (registry.phenome(i) for i in provenance.related_phenome_ids)
               if p is not None and p.active]
    if related:
        names = Markup(", ").join(_page_link(ctx, ctx.graph.registry_page(p.id),
                                             f"{p.id} — {p.name}") for p in related)
        out.append(Markup("<p><strong>Related phenomes:</strong> {}</p>\n").format(names))
    return Markup("").join(out)


def _cross_references(entry: RegistryPhenome) -> Markup:
    rows = [(CROSS_REFERENCE_LABELS.get(key, key.replace("_", " ")), values)
            for key, values in entry.cross_references.items() if values]
    if not rows:
        return Markup("")
    items = Markup("").join(Markup("<dt>{}</dt><dd>{}</dd>\n").format(label, "; ".join(values))
                            for label, values in rows)
    return Markup('<h2>Cross-references</h2>\n<dl class="phenome__cross-references">\n{}</dl>\n'
                  ).format(items)


def _paper(ctx: RenderContext, paper: RegistryPaper) -> Markup:
    label = paper.label or paper.citation_key or paper.href or "paper"
    if paper.citation_key:
        shown = _citation(ctx, paper.citation_key, label)
    elif paper.href:
        shown = Markup('<a href="{}">{}</a>').format(paper.href, label)
    else:
        shown = Markup("{}").format(label)
    note = Markup('<span class="phenome__note"> — {}</span>').format(paper.note) \
        if paper.note else ""
    return Markup("<li>{}{}</li>\n").format(shown, note)


def _foundational_evidence(ctx: RenderContext, entry: RegistryPhenome) -> Markup:
    confidence = Markup("")
    if entry.evidence_confidence is not None:
        note = Markup(" — {}").format(entry.evidence_confidence_note) \
            if entry.evidence_confidence_note else ""
        confidence = Markup('<p class="phenome__confidence"><strong>Phenome evidence '
                            'confidence:</strong> <span class="score score--{}">{}</span>{}</p>\n'
                            ).format(entry.evidence_confidence.value,
                                     entry.evidence_confidence.label, note)
    layers = []
    for key, papers in entry.evidence.items():
        if papers:
            layers.append(Markup('<p class="phenome__layer">{}</p>\n<ul class="phenome__papers">'
                                 '\n{}</ul>\n').format(EVIDENCE_LAYERS.get(key, key),
                                                        Markup("").join(_paper(ctx, p)
                                                                        for p in papers)))
    if not layers and not confidence:
        return Markup("")
    return Markup("<h2>Foundational evidence</h2>\n{}{}{}").format(
        scoring_key_panel(open_=False), confidence, Markup("").join(layers))


def _modulators(ctx: RenderContext, phenome: Document | None) -> Markup:
    rows = ctx.graph.relationships_to(phenome) if phenome is not None else []
    heading = Markup('<h2 id="connected-mechanisms">Connected mechanisms</h2>\n')
    if not rows:
        return heading + Markup('<p class="empty">No mechanism page names this phenome yet.'
                                "</p>\n")
    groups: dict[str, list[PhenomeRelationship]] = {}
    for row in rows:  # relationships_to gives them in ontology order, systems first
        system = ctx.graph.system_of(row.mechanism)
        groups.setdefault(system.label if system is not None else "No regulatory system",
                          []).append(row)
    out = [heading]
    for system_name, members in groups.items():
        items = Markup("").join(Markup(
            '<li><a href="{}">{}</a> <span class="phenome__meta">({} · Biology → Phenome: {}'
            " · Evidence: {})</span></li>\n").format(
                ctx.page_url(r.mechanism), _mechanism_name(ctx, r.mechanism),
                r.relationship_type or "context", _score(r.confidence),
                _score(r.evidence_confidence)) for r in members)
        out.append(Markup('<section class="phenome__system">\n<h3>{}</h3>\n<ul>\n{}</ul>\n'
                          "</section>\n").format(system_name, items))
    return Markup("").join(out)


# ---- the registry ---------------------------------------------------------------------------


@component("PhenomeRegistry", styles=(PHENOMES, MATRIX),
           summary="every phenome of the registry with its areas and connected mechanisms")
def phenome_registry(ctx: RenderContext, page: Document, attributes: Attributes,
                     children: Markup) -> Markup:
    registry = _registry(ctx)
    areas = [a for a in registry.areas if a.active]
    phenomes = [p for p in registry.phenomes if p.active]
    out = []
    if registry.meta.description:
        out.append(Markup('<p class="phenome-registry__intro">{}</p>\n').format(
            registry.meta.description))
    area_rows = Markup("").join(Markup("<tr><th scope=\"row\">{}</th><td>{}</td><td>{}</td>"
                                       "</tr>\n").format(
        a.id, _page_link(ctx, ctx.graph.registry_page(a.id), a.name), a.description or "")
        for a in areas)
    out.append(_table("Therapeutic areas", ["ID", "Therapeutic area", "Description"], area_rows))
    phenome_rows = []
    for entry in phenomes:
        phenome = ctx.graph.registry_page(entry.id)
        mechanisms = {r.mechanism for r in ctx.graph.relationships_to(phenome)} \
            if phenome is not None else set()
        area_names = ", ".join(a.id for a in (registry.area(i) for i in entry.area_ids)
                               if a is not None and a.active)
        confidence = entry.evidence_confidence.label if entry.evidence_confidence else NOT_SCORED
        phenome_rows.append(Markup(
            '<tr data-areas="{}"><th scope="row">{}</th><td>{}</td><td>{}</td><td>{}</td>'
            "<td>{}</td><td>{}</td></tr>\n").format(
                " ".join(entry.area_ids), entry.id,
                _page_link(ctx, phenome, entry.name), entry.public_summary or
                entry.description or "", area_names, confidence,
                _mechanism_count(ctx, phenome, len(mechanisms))))
    out.append(_table(f"{len(phenomes)} phenomes",
                      ["ID", "Phenome", "Description", "Therapeutic areas",
                       "Phenome evidence confidence", "Connected mechanisms"],
                      Markup("").join(phenome_rows)))
    flags = [f for f in registry.review_flags if f.note]
    if flags:
        items = Markup("").join(Markup("<li><strong>{}</strong>{}: {}</li>\n").format(
            " / ".join(f.phenome_ids), Markup(" — {}").format(" / ".join(f.labels))
            if f.labels else "", f.note) for f in flags)
        out.append(Markup('<h2>Kept apart on review</h2>\n<ul class="phenome-registry__flags">'
                          "\n{}</ul>\n").format(items))
    return Markup('<div class="phenome-registry">\n{}</div>\n').format(Markup("").join(out))


def _mechanism_count(ctx: RenderContext, phenome: Document | None, count: int) -> Markup:
    text = "1 mechanism" if count == 1 else f"{count} mechanisms"
    if phenome is None or count == 0:
        return Markup("{}").format(text)
    return Markup('<a href="{}#connected-mechanisms">{}</a>').format(ctx.page_url(phenome), text)


def _table(caption: str, columns: list[str], rows: Markup) -> Markup:
    head = Markup("").join(Markup('<th scope="col">{}</th>').format(c) for c in columns)
    return Markup('<div class="table-scroll matrix" data-pagefind-ignore>\n<table>\n'
                  "<caption>{}</caption>\n<thead><tr>{}</tr></thead>\n<tbody>\n{}</tbody>\n"
                  "</table>\n</div>\n").format(caption, head, rows)


# ---- a mechanism's own rows -----------------------------------------------------------------


def relationship_table(ctx: RenderContext, mechanism: Document) -> Markup:
    """The phenomes a mechanism page relates to: its own rows (a PM, an SM) with their scores,
    rationale and cited papers, else its parts' rows rolled up per phenome (an FM, a system).
    Empty for a page with neither."""
    own = ctx.graph.relationships(mechanism)
    if own:
        rows = Markup("").join(_own_row(ctx, r) for r in own)
        return _table(f"Phenomes {mechanism.label} relates to",
                      ["Phenome", "Relationship", "Biology → Phenome", "Evidence level",
                       "Evidence", "Rationale", "References"], rows)
    rolled = ctx.graph.rollup(mechanism)
    if not rolled:
        return Markup("")
    rows = Markup("").join(_rolled_row(ctx, r) for r in rolled)
    return _table(f"Phenomes reached through the parts of {mechanism.label}",
                  ["Phenome", "Strongest relationship", "Biology → Phenome", "Evidence level",
                   "From"], rows)


def _own_row(ctx: RenderContext, row: PhenomeRelationship) -> Markup:
    return Markup("<tr><th scope=\"row\">{}</th><td>{}</td><td>{}</td><td>{}</td><td>{}</td>"
                  "<td>{}</td><td>{}</td></tr>\n").format(
        _page_link(ctx, row.phenome, row.phenome_name), row.relationship_type or "—",
        _score(row.confidence), row.evidence_level or "—", _score(row.evidence_confidence),
        row.rationale or "—", _references(ctx, row.references))


def _references(ctx: RenderContext, references: Iterable[ReferenceItem]) -> Markup:
    cited = [_citation(ctx, r.citation_key, r.label) for r in references]
    return Markup("; ").join(cited) if cited else Markup("—")


def _rolled_row(ctx: RenderContext, rolled: RolledUpRelationship) -> Markup:
    sources = {r.mechanism: None for r in rolled.rows}
    via = Markup(", ").join(_page_link(ctx, m, _mechanism_name(ctx, m)) for m in sources)
    return Markup("<tr><th scope=\"row\">{}</th><td>{}</td><td>{}</td><td>{}</td><td>{}</td>"
                  "</tr>\n").format(_page_link(ctx, rolled.phenome, rolled.phenome.label),
                                    rolled.relationship_type or "—", _score(rolled.confidence),
                                    rolled.evidence_level or "—", via)

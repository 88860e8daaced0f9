"""A static JSON "API" beside the website, for apps that want the data rather than the pages.

    api/index.json                       every page: kind, title, permalink, its HTML and JSON URLs
    api/graph.json                       the whole graph: nodes and typed edges (as `export`)
    api/pages/<permalink path>.json      one page and its relations along the causal chain

Each file is documented by a JSON Schema in `schemas/api/`. Relations come from the graph's
own queries, so the API says exactly what the rendered pages say. Output is deterministic:
keys sorted, lists in the graph's order, no timestamps.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from functools import partial
from typing import Any

from braindiet.content.document import Document
from braindiet.content.kinds import MECHANISM_KINDS, Kind
from braindiet.graph.edges import Edge, PhenomeRelationship
from braindiet.graph.export import graph_data, relationship_json
from braindiet.graph.knowledge import DOC, GRAPH, LABEL, KnowledgeGraph, Relation, TargetLink
from braindiet.site.output import Output
from braindiet.site.view import Producer, SiteView

API_ROOT = "api"
INDEX_PATH = f"{API_ROOT}/index.json"
GRAPH_PATH = f"{API_ROOT}/graph.json"

Url = Callable[[str], str]


def page_api_path(permalink: str) -> str:
    """Where a page's JSON goes: `/docs/foods/spinach` -> `api/pages/docs/foods/spinach.json`."""
    return f"{API_ROOT}/pages/{permalink.strip('/') or 'index'}.json"


def api_outputs(graph: KnowledgeGraph, url: Url) -> list[Output]:
    """Every file of the JSON API; `url` turns a site path into a link (base URL applied)."""
    return [graph_file(graph), index_file(graph, url),
            *(page_file(graph, d, url) for d in _by_permalink(graph.documents))]


def graph_file(graph: KnowledgeGraph) -> Output:
    GRAPH.read()
    data = graph_data(graph)
    return Output(GRAPH_PATH, _encode({"nodes": data.nodes, "edges": data.edges}))


def index_file(graph: KnowledgeGraph, url: Url) -> Output:
    return Output(INDEX_PATH, _encode(index_json(graph, url)))


def page_file(graph: KnowledgeGraph, document: Document, url: Url) -> Output:
    return Output(page_api_path(document.permalink), _encode(page_json(graph, document, url)))


def index_json(graph: KnowledgeGraph, url: Url) -> dict[str, Any]:
    return {
        "graph": url(f"/{GRAPH_PATH}"),
        "pages": [{"kind": str(d.kind), "title": d.title, "label": d.label,
                   "permalink": d.permalink, "url": url(d.permalink),
                   "api": url(f"/{page_api_path(d.permalink)}")}
                  for d in _by_permalink(graph.documents)],
    }


def page_json(graph: KnowledgeGraph, document: Document, url: Url) -> dict[str, Any]:
    relations = RELATIONS.get(document.kind)
    DOC.read(document.permalink)
    return {
        "kind": str(document.kind), "title": document.title, "label": document.label,
        "permalink": document.permalink, "url": url(document.permalink),
        "description": document.description,
        "tags": [{"label": use.tag.label, "permalink": use.tag.permalink,
                  "page": use.page.permalink if use.page is not None else None}
                 for use in graph.tag_uses(document)],
        "relations": relations(graph, document) if relations else {},
    }


# ---- relations, one function per kind of page -------------------------------------------------


def ref(document: Document) -> dict[str, str]:
    LABEL.read(document.permalink)
    return {"title": document.title, "permalink": document.permalink}


def _refs(documents: list[Document]) -> list[dict[str, str]]:
    return [ref(d) for d in documents]


def _targets_via(links: list[TargetLink]) -> list[dict[str, Any]]:
    """Target x substance rows folded into one entry per target, listing the substances."""
    via: dict[Document, list[Document]] = {}
    for link in links:
        via.setdefault(link.target, []).append(link.substance)
    ordered = sorted(via, key=lambda t: (t.label.casefold(), t.permalink))
    return [{**ref(t), "substances": _refs(via[t])} for t in ordered]


def _target_link(link: TargetLink) -> dict[str, Any]:
    row = {**ref(link.target), "mechanism": link.mechanism}
    if link.relation is not Relation.SUPPORTS:  # a PM naming the substance as its cofactor
        row["relation"] = str(link.relation)
    return row


def substance_relations(graph: KnowledgeGraph, substance: Document) -> dict[str, Any]:
    return {
        "foods": _refs(graph.foods(substance)),
        "recipes": _refs(graph.recipes_of_substance(substance)),
        "targets": [_target_link(link) for link in graph.target_links(substance)],
    }


def food_relations(graph: KnowledgeGraph, food: Document) -> dict[str, Any]:
    return {
        "substances": _refs(graph.substances(food)),
        "recipes": _refs(graph.recipes(food)),
        "targets": _targets_via(graph.food_targets(food)),
    }


def recipe_relations(graph: KnowledgeGraph, recipe: Document) -> dict[str, Any]:
    return {
        "foods": _refs(graph.recipe_foods(recipe)),
        "substances": _refs(graph.recipe_substances(recipe)),
        "targets": _targets_via(graph.recipe_targets(recipe)),
    }


def target_relations(graph: KnowledgeGraph, target: Document) -> dict[str, Any]:
    return {
        "substances": [{**ref(s), "mechanism": graph.mechanism(s, target)}
                       for s in graph.target_substances(target)],
        "areas": _refs(graph.areas(target)),
    }


def area_relations(graph: KnowledgeGraph, area: Document) -> dict[str, Any]:
    relations: dict[str, Any] = {
        "targets": _refs(graph.area_targets(area)),
        "substances": _refs(graph.area_substances(area)),
    }
    if phenomes := graph.area_phenomes(area):
        relations["phenomes"] = _refs(phenomes)
    return relations


def _relationship(row: PhenomeRelationship) -> dict[str, Any]:
    return {**relationship_json(row), "mechanism": ref(row.mechanism),
            "phenome": ref(row.phenome) if row.phenome is not None else None}


def _dependency(edge: Edge, other: Document) -> dict[str, Any]:
    return {**ref(other), "page": ref(edge.declared_in)}


def ontology_relations(graph: KnowledgeGraph, page: Document) -> dict[str, Any]:
    """A regulatory system's or mechanism's place in the ontology and on the chain."""
    relations: dict[str, Any] = {
        "id": graph.ontology_id(page),
        "system": _ref_or_none(graph.system_of(page)),
        "parent": _ref_or_none(graph.parent(page)),
        "parts": _refs(graph.parts(page)),
        "substances": [{**ref(s), "mechanism": graph.mechanism(s, page)}
                       for s in graph.target_substances(page)],
        "phenomes": _refs(graph.phenomes_of(page)),
        "relationships": [_relationship(r) for r in graph.relationships(page)],
        "areas": _refs(graph.areas(page)),
    }
    if page.kind is Kind.SYSTEM:
        relations["dependencies"] = [_dependency(e, e.target) for e in graph.dependencies(page)]
        relations["dependants"] = [_dependency(e, e.source) for e in graph.dependants(page)]
    if page.kind in (Kind.PROCESS, Kind.FUNCTIONAL):
        relations["constraints"] = _refs(graph.constraints(page))
    if page.kind is Kind.PROCESS:
        relations["cofactors"] = _refs(graph.cofactors(page))
    if page.kind is Kind.SPECIFIC:
        relations["connections"] = _refs(graph.connections(page))
    if page.kind is Kind.CONSTRAINT:
        relations["constrained"] = _refs(graph.constrained(page))
    return relations


def phenome_relations(graph: KnowledgeGraph, phenome: Document) -> dict[str, Any]:
    entry = graph.registry_phenome(phenome)
    return {
        "id": entry.id if entry is not None else None,
        "mechanisms": [_relationship(r) for r in graph.relationships_to(phenome)],
        "areas": _refs(graph.areas_of_phenome(phenome)),
    }


def _ref_or_none(document: Document | None) -> dict[str, str] | None:
    return ref(document) if document is not None else None


RELATIONS: dict[Kind, Callable[[KnowledgeGraph, Document], dict[str, Any]]] = {
    Kind.SUBSTANCE: substance_relations,
    Kind.FOOD: food_relations,
    Kind.RECIPE: recipe_relations,
    Kind.TARGET: target_relations,
    Kind.AREA: area_relations,
    **dict.fromkeys((Kind.SYSTEM, *MECHANISM_KINDS), ontology_relations),
    Kind.PHENOME: phenome_relations,
}


def _by_permalink(documents: list[Document]) -> list[Document]:
    return sorted(documents, key=lambda d: d.permalink)


def _encode(value: Any) -> bytes:
    # Compact: the files are for programs, and graph.json on the real corpus is large.
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return (text + "\n").encode("utf-8")


# ---- the files -------------------------------------------------------------------------------


def producers(site: SiteView) -> Iterable[Producer]:
    yield Producer(GRAPH_PATH, lambda s: graph_file(s.ctx.graph).data)
    yield Producer(INDEX_PATH, lambda s: index_file(s.ctx.graph, s.ctx.url).data)
    for document in site.ctx.graph.documents:
        yield Producer(page_api_path(document.permalink), partial(_page_bytes, document=document))


def _page_bytes(site: SiteView, document: Document) -> bytes:
    return page_file(site.ctx.graph, document, site.ctx.url).data

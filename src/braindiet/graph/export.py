"""The graph as data: nodes and typed edges in JSON, CSV or GraphML.

Pages are nodes keyed by permalink; tags that name no page (categories such as `Vegan`) are
nodes keyed `tag:<key>`. A `supports` edge carries the substance's mechanism sentence; a
`modulates` edge its row's `details` (relationship type, both confidences, evidence level,
rationale, references); the ontology's link edges (`constrained_by`, `connected_to`,
`cofactor_of`) the name as the page wrote it. `declared_in` is the file stating the edge (the
registry, for `in_area`).
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import networkx as nx

from braindiet import progress
from braindiet.content.document import Document
from braindiet.graph.edges import Edge, PhenomeRelationship
from braindiet.graph.knowledge import KnowledgeGraph, Relation


@dataclass(frozen=True, slots=True)
class GraphData:
    nodes: list[dict[str, Any]]
    edges: list[dict[str, Any]]


def graph_data(graph: KnowledgeGraph) -> GraphData:
    nodes = [_page_node(d) for d in sorted(graph.documents, key=lambda d: d.permalink)]
    edges: list[dict[str, Any]] = []
    for edge in progress.track(list(graph.edges()), "export"):
        row: dict[str, Any] = {
            "source": edge.source.permalink, "target": edge.target.permalink,
            "relation": str(edge.relation), "declared_in": edge.written_in,
            "line": edge.line,
        }
        if edge.relation is Relation.SUPPORTS:
            row["mechanism"] = graph.mechanism(edge.source, edge.target)
        if (details := edge_details(edge)) is not None:
            row["details"] = details
        edges.append(row)
    tag_nodes: dict[str, dict[str, Any]] = {}
    for document in graph.documents:
        uses = graph.tag_uses(document)
        for use in uses:
            if use.page is not None:
                continue
            tag_nodes.setdefault(use.concept, {
                "id": use.concept, "kind": "tag", "title": use.tag.label, "label": use.tag.label,
                "permalink": use.tag.permalink, "source": None,
                "front_matter": {"description": use.tag.description},
            })
            edges.append({"source": document.permalink, "target": use.concept,
                          "relation": str(Relation.TAGGED), "declared_in": document.site_path,
                          "line": use.line})
    nodes.extend(tag_nodes[k] for k in sorted(tag_nodes))
    edges.sort(key=lambda e: (e["source"], e["relation"], e["target"]))
    return GraphData(nodes, edges)


def edge_details(edge: Edge) -> dict[str, Any] | None:
    """What an edge says beyond its ends: a phenome row's scores and references, or the name
    a link was written with."""
    detail = edge.detail
    if isinstance(detail, PhenomeRelationship):
        return relationship_json(detail)
    if detail is None:
        return None
    found: dict[str, Any] = {"written": detail.written}
    if detail.constraint_type is not None:
        found["constraint_type"] = str(detail.constraint_type)
    return found


def relationship_json(row: PhenomeRelationship) -> dict[str, Any]:
    """A mechanism's phenome row as data (absent scores are null)."""
    def value(enum: object) -> str | None:
        return None if enum is None else str(enum)
    return {
        "origin": row.origin, "phenome_name": row.phenome_name,
        "relationship_type": value(row.relationship_type), "confidence": value(row.confidence),
        "evidence_level": value(row.evidence_level),
        "evidence_confidence": value(row.evidence_confidence), "rationale": row.rationale,
        "references": [{"label": r.label, "citation_key": r.citation_key, "href": r.href,
                        "data_level": value(r.data_level), "index": r.index}
                       for r in row.references],
    }


def _page_node(document: Document) -> dict[str, Any]:
    return {
        "id": document.permalink, "kind": str(document.kind), "title": document.title,
        "label": document.label, "permalink": document.permalink, "source": document.site_path,
        "front_matter": _plain(document.front.data),
    }


def _plain(value: Any) -> Any:
    """Front matter as JSON-safe values (YAML dates become ISO strings)."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, date | datetime):
        return value.isoformat()
    return value


def to_json(data: GraphData) -> str:
    return json.dumps({"nodes": data.nodes, "edges": data.edges}, ensure_ascii=False,
                      indent=2, sort_keys=False) + "\n"


NODE_COLUMNS = ("id", "kind", "title", "label", "permalink", "source", "front_matter")
EDGE_COLUMNS = ("source", "target", "relation", "declared_in", "line", "mechanism")
DETAIL_COLUMN = "details"


def to_csv(data: GraphData) -> tuple[str, str]:
    """(nodes.csv, edges.csv); front matter is one JSON column, and so are an edge's details
    (a column present when some edge has details: a site with the mechanism ontology)."""
    columns: tuple[str, ...] = EDGE_COLUMNS
    if any(DETAIL_COLUMN in edge for edge in data.edges):
        columns = (*EDGE_COLUMNS, DETAIL_COLUMN)
    return (_table(data.nodes, NODE_COLUMNS), _table(data.edges, columns))


def _table(rows: list[dict[str, Any]], columns: tuple[str, ...]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({c: _cell(row.get(c)) for c in columns})
    return buffer.getvalue()


def _cell(value: Any) -> Any:
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return "" if value is None else value


def to_networkx(data: GraphData) -> nx.MultiDiGraph[str]:
    import networkx as nx  # only exports need it

    graph: nx.MultiDiGraph[str] = nx.MultiDiGraph()
    for node in data.nodes:
        graph.add_node(node["id"], **{k: _cell(v) for k, v in node.items() if k != "id"})
    for edge in data.edges:
        attributes = {k: _cell(v) for k, v in edge.items() if k not in ("source", "target")}
        graph.add_edge(edge["source"], edge["target"], key=edge["relation"], **attributes)
    return graph


def to_graphml(data: GraphData) -> str:
    import networkx as nx

    return "\n".join(nx.generate_graphml(to_networkx(data))) + "\n"


def write_export(data: GraphData, fmt: str, output: Path | None) -> str | None:
    """Write the export; returns the text instead when there is no output path (stdout)."""
    if fmt == "csv":
        nodes, edges = to_csv(data)
        if output is None:
            return edges
        output.mkdir(parents=True, exist_ok=True)
        (output / "nodes.csv").write_text(nodes, encoding="utf-8")
        (output / "edges.csv").write_text(edges, encoding="utf-8")
        return None
    text = to_json(data) if fmt == "json" else to_graphml(data)
    if output is None:
        return text
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(text, encoding="utf-8")
    return None

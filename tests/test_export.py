"""`braindiet export`: the graph as JSON, CSV and GraphML that other tools read back."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import networkx as nx
import pytest
from typer.testing import CliRunner

from braindiet.cli import app

MAGNESIUM = "/docs/substances/nutrients/micronutrients/minerals/macro/magnesium"
NEURO = "/docs/biological-targets/neurochemical-balance"


def test_json_export_has_nodes_and_typed_edges(tmp_path: Path) -> None:
    out = tmp_path / "graph.json"
    result = CliRunner().invoke(app, ["export", "--format", "json", "-o", str(out)])
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text())
    nodes = {n["id"]: n for n in data["nodes"]}
    magnesium = nodes[MAGNESIUM]
    assert magnesium["kind"] == "substance" and magnesium["title"] == "Magnesium"
    assert magnesium["front_matter"]["inchikey"] == "FYYHWMGAXLPEAU-UHFFFAOYSA-N"
    supports = [e for e in data["edges"] if e["source"] == MAGNESIUM and e["target"] == NEURO]
    assert supports and supports[0]["relation"] == "supports"
    assert supports[0]["mechanism"].startswith("Broad cofactor")
    spinach = "/docs/foods/spinach"
    assert {"source": spinach, "target": MAGNESIUM, "relation": "contains"}.items() <= next(
        e for e in data["edges"] if e["source"] == spinach and e["target"] == MAGNESIUM).items()
    assert nodes["tag:vegan"]["kind"] == "tag"


def test_graphml_reads_back_with_networkx(tmp_path: Path) -> None:
    out = tmp_path / "graph.graphml"
    assert CliRunner().invoke(app, ["export", "-f", "graphml", "-o", str(out)]).exit_code == 0
    graph = nx.read_graphml(out)
    assert graph.nodes[MAGNESIUM]["kind"] == "substance"
    assert json.loads(graph.nodes[MAGNESIUM]["front_matter"])["title"] == "Magnesium"
    relations = {data["relation"] for _, _, data in graph.edges(data=True)}
    assert {"contains", "supports", "disrupted_in", "tagged"} <= relations
    assert graph.has_edge("/docs/foods/spinach", MAGNESIUM)


def test_csv_export_writes_nodes_and_edges(tmp_path: Path) -> None:
    out = tmp_path / "csv"
    assert CliRunner().invoke(app, ["export", "-f", "csv", "-o", str(out)]).exit_code == 0
    with (out / "nodes.csv").open() as f:
        nodes = list(csv.DictReader(f))
    with (out / "edges.csv").open() as f:
        edges = list(csv.DictReader(f))
    assert any(n["id"] == MAGNESIUM and n["kind"] == "substance" for n in nodes)
    assert any(e["source"] == MAGNESIUM and e["relation"] == "supports" and e["mechanism"]
               for e in edges)


def test_json_export_to_stdout_is_deterministic() -> None:
    runner = CliRunner()
    first = runner.invoke(app, ["export"]).stdout
    assert first == runner.invoke(app, ["export"]).stdout
    assert json.loads(first)["nodes"]


@pytest.mark.corpus
def test_corpus_2026_export_carries_the_ontology(corpus_2026_root: Path, tmp_path: Path) -> None:
    out = tmp_path / "graph.json"
    result = CliRunner().invoke(app, ["export", str(corpus_2026_root), "-o", str(out)])
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text(encoding="utf-8"))
    relations = {e["relation"] for e in data["edges"]}
    assert {"supports", "part_of", "constrained_by", "connected_to", "modulates",
            "depends_on", "cofactor_of", "in_area"} <= relations
    modulates = [e for e in data["edges"] if e["relation"] == "modulates"]
    assert all(e["details"]["references"] for e in modulates
               if e["details"]["origin"] == "phenome_relationships")
    assert sum(e["relation"] == "depends_on" for e in data["edges"]) == 11  # dependency pages

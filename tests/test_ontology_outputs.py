"""What the ontology publishes: the export, the JSON API, the explore data, and incremental
rebuilds that stay equal to full builds after ontology edits."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from jsonschema import Draft202012Validator
from tests.conftest import PROJECT_ROOT
from tests.ontology_site import HUB_URL, PM, PM_URL, REGISTRY, ontology_site
from tests.test_incremental import assert_same_as_full_build, replace

from braindiet.graph.export import graph_data, to_csv, to_graphml, to_json
from braindiet.project import Project, load_project
from braindiet.render.context import RenderContext
from braindiet.site.api import api_outputs, page_api_path
from braindiet.site.explore import finder_json, graph_json, local_graph_json
from braindiet.site.incremental import LiveSite

SCHEMAS = PROJECT_ROOT / "schemas" / "api"


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Project:
    return load_project(ontology_site(tmp_path_factory.mktemp("outputs")))


@pytest.fixture(scope="module")
def exported(project: Project) -> dict[str, Any]:
    data = graph_data(project.graph)
    return {"nodes": data.nodes, "edges": data.edges}


def edge(exported: dict[str, Any], relation: str, source: str) -> dict[str, Any]:
    return next(e for e in exported["edges"]
                if e["relation"] == relation and e["source"] == source)


def test_export_carries_a_rows_details(exported: dict[str, Any]) -> None:
    modulates = edge(exported, "modulates", PM_URL)
    details = modulates["details"]
    assert (details["relationship_type"], details["confidence"], details["evidence_level"],
            details["evidence_confidence"]) == ("modulates", "low-medium", "mechanistic", "low")
    assert details["references"][0]["citation_key"] == "smith_gaba_2020"
    assert modulates["declared_in"] == PM
    assert edge(exported, "constrained_by", PM_URL)["details"]["written"] == \
        "BRS1(KC1) - Amino Acid Supply"
    in_area = next(e for e in exported["edges"] if e["relation"] == "in_area")
    assert in_area["declared_in"] == REGISTRY
    kinds = {n["kind"] for n in exported["nodes"]}
    assert {"regulatory-system", "functional-mechanism", "process-mechanism",
            "specific-mechanism", "key-constraint", "phenome"} <= kinds


def test_csv_and_graphml_carry_the_details(project: Project) -> None:
    data = graph_data(project.graph)
    _, edges = to_csv(data)
    rows = list(csv.DictReader(io.StringIO(edges)))
    modulates = next(r for r in rows if r["relation"] == "modulates" and r["source"] == PM_URL)
    assert json.loads(modulates["details"])["confidence"] == "low-medium"
    graph = nx.parse_graphml(to_graphml(data))
    relations = {attributes["relation"] for _, _, attributes in graph.edges(data=True)}
    assert {"part_of", "modulates", "cofactor_of", "in_area", "depends_on"} <= relations
    assert json.loads(to_json(data))["edges"] == data.edges


def test_the_api_describes_mechanisms_and_phenomes(project: Project) -> None:
    validators = {name: Draft202012Validator(json.loads(
        (SCHEMAS / f"{name}.schema.json").read_text(encoding="utf-8")))
        for name in ("graph", "page", "index")}
    outputs = api_outputs(project.graph, lambda path: path)
    for output in outputs:
        name = {"api/graph.json": "graph", "api/index.json": "index"}.get(output.path, "page")
        errors = [e.message for e in validators[name].iter_errors(json.loads(output.data))]
        assert not errors, (output.path, errors[:3])
    files = {o.path: json.loads(o.data) for o in outputs}
    pm = files[page_api_path(PM_URL)]["relations"]
    assert pm["id"] == "BRS1-FM1-PM1" and pm["parent"]["title"] == "Inhibitory Tone"
    assert [c["title"] for c in pm["cofactors"]] == ["Magnesium"]
    assert [r["phenome_name"] for r in pm["relationships"]] == ["Focus Stability", "Calm Tone"]
    hub = files[page_api_path(HUB_URL)]["relations"]
    assert [d["title"] for d in hub["dependants"]] == ["BRS2 - Energy Supply & Inflammation"]
    focus = files[page_api_path("/docs/phenomes/details/ph001-focus-stability")]["relations"]
    assert focus["id"] == "PH001" and len(focus["mechanisms"]) == 2
    adhd = files[page_api_path("/docs/therapeutic-areas/adhd")]["relations"]
    assert [p["title"] for p in adhd["phenomes"]] == ["PH001 — Focus Stability",
                                                     "PH002 — Calm Tone"]
    magnesium = files[page_api_path("/docs/substances/magnesium")]["relations"]
    assert {t["title"]: t.get("relation") for t in magnesium["targets"]} == {
        "BRS1 - Calm Signalling": None, "GABA Synthesis": "cofactor_of"}


def test_the_explore_data_draws_systems_towards_their_parts(project: Project) -> None:
    ctx = RenderContext(graph=project.graph, config=project.config,
                        bibliography=project.bibliography)
    data = graph_json(ctx)
    urls = [row[2] for row in data["nodes"]]
    drawn = {(urls[s], urls[t]) for s, t in data["edges"]}
    fm = "/docs/biological-targets/brs1/fm1/brs1-fm1-inhibitory-tone/"
    assert (HUB_URL + "/", fm) in drawn and (fm, PM_URL + "/") in drawn
    finder = finder_json(ctx)
    adhd = next(a for a in finder["areas"] if a["label"] == "ADHD")
    assert {finder["targets"][i]["label"] for i in adhd["targets"]} == {
        "BRS1 - Calm Signalling", "Inhibitory Tone", "GABA Synthesis"}
    assert [finder["phenomes"][i]["label"] for i in adhd["phenomes"]] == [
        "PH001 — Focus Stability", "PH002 — Calm Tone"]
    magnesium = project.graph.page_at("/docs/substances/magnesium")
    assert magnesium is not None
    local = {n["label"] for n in local_graph_json(ctx, magnesium)["nodes"]}
    assert {"GABA Synthesis", "PH001 — Focus Stability", "ADHD"} <= local


EDITS = [
    ("rescore a phenome row", replace(PM, "confidence: low-medium", "confidence: high")),
    ("rename a mechanism", replace(PM, "title: GABA Synthesis", "title: GABA Production")),
    ("drop a cofactor", replace(PM, "- magnesium\n", "")),
    ("rename a registry phenome", replace(REGISTRY, '"Calm Tone"', '"Calm Baseline"')),
    ("map a registry area to a page",
     lambda root: (root / "braindiet.toml").write_text(
         '[areas]\nTA002 = "Anxiety & GAD"\n', encoding="utf-8")),
]


def test_ontology_edits_rebuild_to_what_a_full_build_writes(tmp_path: Path) -> None:
    root = ontology_site(tmp_path / "site")
    live = LiveSite(root, tmp_path / "live", search=False)
    for name, edit in EDITS:
        edit(root)
        live.rebuild()
        assert_same_as_full_build(live, tmp_path / name.replace(" ", "-"))

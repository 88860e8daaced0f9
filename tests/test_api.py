"""The static JSON API: every file validates against its schema and says what the graph says."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from tests.conftest import PROJECT_ROOT

from braindiet.content.kinds import Kind
from braindiet.graph.export import graph_data
from braindiet.graph.knowledge import KnowledgeGraph
from braindiet.project import load_project
from braindiet.site.api import api_outputs, page_api_path
from braindiet.site.output import Output

SCHEMAS = PROJECT_ROOT / "schemas" / "api"


def base(path: str) -> str:
    return "/brain" + path


@pytest.fixture(scope="module")
def validators() -> dict[str, Draft202012Validator]:
    found = {}
    for name in ("graph", "page", "index"):
        schema = json.loads((SCHEMAS / f"{name}.schema.json").read_text(encoding="utf-8"))
        Draft202012Validator.check_schema(schema)
        found[name] = Draft202012Validator(schema)
    return found


@pytest.fixture(scope="module")
def example() -> KnowledgeGraph:
    return load_project(None).graph


@pytest.fixture(scope="module")
def files(example: KnowledgeGraph) -> dict[str, Any]:
    return {o.path: json.loads(o.data) for o in api_outputs(example, base)}


def schema_for(path: str) -> str:
    return {"api/graph.json": "graph", "api/index.json": "index"}.get(path, "page")


def assert_all_valid(outputs: list[Output], validators: dict[str, Draft202012Validator]) -> None:
    for output in outputs:
        validator = validators[schema_for(output.path)]
        errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
                  for e in validator.iter_errors(json.loads(output.data))]
        assert not errors, (output.path, errors[:5])


def titles(refs: list[dict[str, Any]]) -> list[str]:
    return [r["title"] for r in refs]


def test_every_file_validates_against_its_schema(
        example: KnowledgeGraph, validators: dict[str, Draft202012Validator]) -> None:
    outputs = api_outputs(example, base)
    assert_all_valid(outputs, validators)
    paths = [o.path for o in outputs]
    assert len(paths) == len(set(paths)) == len(example.documents) + 2
    assert "api/pages/docs/foods/spinach.json" in paths


def test_output_is_deterministic_and_sorted(example: KnowledgeGraph) -> None:
    first, second = api_outputs(example, base), api_outputs(example, base)
    assert [(o.path, o.data) for o in first] == [(o.path, o.data) for o in second]
    for output in first:
        text = output.data.decode("utf-8")
        assert text.endswith("\n")
        again = json.dumps(json.loads(text), ensure_ascii=False, sort_keys=True,
                           separators=(",", ":"))
        assert again + "\n" == text, output.path


def test_graph_json_is_the_export_data(example: KnowledgeGraph, files: dict[str, Any]) -> None:
    data = graph_data(example)
    expected = json.loads(json.dumps({"nodes": data.nodes, "edges": data.edges}))
    assert files["api/graph.json"] == expected


def test_index_links_every_page_to_its_json(example: KnowledgeGraph,
                                            files: dict[str, Any]) -> None:
    index = files["api/index.json"]
    assert index["graph"] == "/brain/api/graph.json"
    pages = index["pages"]
    assert [p["permalink"] for p in pages] == sorted(d.permalink for d in example.documents)
    for entry in pages:
        assert entry["url"] == base(entry["permalink"])
        assert entry["api"].removeprefix("/brain/") in files
    spinach = next(p for p in pages if p["title"] == "Spinach")
    assert spinach == {"kind": "food", "title": "Spinach", "label": "Spinach",
                       "permalink": "/docs/foods/spinach", "url": "/brain/docs/foods/spinach",
                       "api": "/brain/api/pages/docs/foods/spinach.json"}


def test_food_page_lists_substances_recipes_and_targets(files: dict[str, Any]) -> None:
    spinach = files[page_api_path("/docs/foods/spinach")]
    assert spinach["kind"] == "food" and spinach["description"]
    assert {"label": "Magnesium", "page": spinach["relations"]["substances"][1]["permalink"],
            "permalink": "/docs/tags/magnesium"} in spinach["tags"]
    relations = spinach["relations"]
    assert titles(relations["substances"]) == ["Iron", "Magnesium", "Vitamin B9 (Folate)"]
    assert titles(relations["recipes"]) == ["Black Bean Quinoa Salad",
                                            "Salmon with Lentils and Spinach"]
    # Magnesium supports all five targets; Iron adds Mito and Neuro, Vitamin B9 Neuro.
    targets = {t["title"]: titles(t["substances"]) for t in relations["targets"]}
    assert targets == {
        "Hormonal Response": ["Magnesium"], "Insulin Response": ["Magnesium"],
        "Mitochondrial Support": ["Iron", "Magnesium"],
        "Neurochemical Balance": ["Iron", "Magnesium", "Vitamin B9 (Folate)"],
        "Stress Response": ["Magnesium"],
    }


def test_substance_page_carries_mechanisms(example: KnowledgeGraph,
                                           files: dict[str, Any]) -> None:
    magnesium = example.page_of_kind("Magnesium", Kind.SUBSTANCE)
    assert magnesium is not None
    data = files[page_api_path(magnesium.permalink)]
    relations = data["relations"]
    assert len(relations["foods"]) == 8 and len(relations["recipes"]) == 4
    for target in relations["targets"]:
        page = example.page(target["permalink"])
        assert page is not None
        assert target["mechanism"] == example.mechanism(magnesium, page)
        assert target["mechanism"]
    assert relations["targets"][0]["mechanism"].startswith("Supports calcium modulation")


def test_target_area_and_recipe_pages(files: dict[str, Any]) -> None:
    stress = files[page_api_path("/docs/biological-targets/stress-response")]["relations"]
    assert titles(stress["substances"]) == ["DHA (Docosahexaenoic Acid)", "Magnesium"]
    assert all(s["mechanism"] for s in stress["substances"])
    assert titles(stress["areas"]) == ["ADHD", "Anxiety & GAD", "Depression & MDD"]
    depression = files[page_api_path("/docs/therapeutic-areas/depression-mdd")]["relations"]
    assert "Hormonal Response" not in titles(depression["targets"])
    assert len(depression["targets"]) == 4 and "Quercetin" in titles(depression["substances"])
    recipe = next(v for v in files.values()
                  if isinstance(v, dict) and v.get("title") == "Salmon with Lentils and Spinach")
    assert titles(recipe["relations"]["foods"]) == ["Lemons", "Lentils", "Olive Oil", "Onions",
                                                    "Salmon", "Spinach"]
    stress_row = next(t for t in recipe["relations"]["targets"]
                      if t["title"] == "Stress Response")
    assert titles(stress_row["substances"]) == ["DHA (Docosahexaenoic Acid)", "Magnesium"]
    paper = next(v for k, v in files.items() if k.startswith("api/pages/docs/papers/"))
    assert paper["relations"] == {}


def test_the_schema_rejects_a_page_missing_its_relations(
        files: dict[str, Any], validators: dict[str, Draft202012Validator]) -> None:
    spinach = json.loads(json.dumps(files[page_api_path("/docs/foods/spinach")]))
    del spinach["relations"]["targets"]
    assert not validators["page"].is_valid(spinach)
    spinach = json.loads(json.dumps(files[page_api_path("/docs/foods/spinach")]))
    spinach["relations"]["areas"] = []  # foods have no areas of their own
    assert not validators["page"].is_valid(spinach)


@pytest.mark.corpus
def test_corpus_api_validates(corpus_root: Path,
                              validators: dict[str, Draft202012Validator]) -> None:
    graph = load_project(corpus_root).graph
    outputs = api_outputs(graph, base)
    assert_all_valid(outputs, validators)
    files = {o.path: json.loads(o.data) for o in outputs}
    spinach = files[page_api_path("/docs/foods/spinach")]["relations"]
    assert "Magnesium" in titles(spinach["substances"])
    neuro = next(t for t in spinach["targets"] if t["title"] == "Neurochemical Balance")
    assert "Magnesium" in titles(neuro["substances"])
    magnesium = graph.page_of_kind("Magnesium", Kind.SUBSTANCE)
    assert magnesium is not None
    mg = files[page_api_path(magnesium.permalink)]["relations"]
    assert len(mg["foods"]) == 32 and len(mg["recipes"]) == 8
    assert all(t["mechanism"] for t in mg["targets"])


@pytest.mark.corpus
def test_corpus_2026_api_validates(corpus_2026_root: Path,
                                   validators: dict[str, Draft202012Validator]) -> None:
    graph = load_project(corpus_2026_root).graph
    outputs = api_outputs(graph, base)
    assert_all_valid(outputs, validators)
    files = {o.path: json.loads(o.data) for o in outputs}
    pm = graph.page_of_id("BRS1-FM1-PM1")
    assert pm is not None
    relations = files[page_api_path(pm.permalink)]["relations"]
    fm = graph.page_of_id("BRS1(FM1)")
    assert fm is not None and relations["parent"]["title"] == fm.title
    assert all(r["phenome"] for r in relations["relationships"])

"""A built graph answers each query once and remembers it (graph/memo.py): the remembered
answers must be the answers, and a page given one must depend on what it would have read."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.ontology_site import ontology_site

from braindiet.content.document import Document
from braindiet.dependencies import recording
from braindiet.graph.knowledge import KnowledgeGraph
from braindiet.project import Project, load_project

# Every remembered query that takes one page, as a page render calls it.
QUERIES: dict[str, Callable[[KnowledgeGraph, Document], list[Any]]] = {
    "foods": KnowledgeGraph.foods, "recipes_of_substance": KnowledgeGraph.recipes_of_substance,
    "targets": KnowledgeGraph.targets, "target_links": KnowledgeGraph.target_links,
    "areas": KnowledgeGraph.areas, "substances": KnowledgeGraph.substances,
    "recipes": KnowledgeGraph.recipes, "food_targets": KnowledgeGraph.food_targets,
    "recipe_foods": KnowledgeGraph.recipe_foods,
    "recipe_substances": KnowledgeGraph.recipe_substances,
    "recipe_targets": KnowledgeGraph.recipe_targets, "area_targets": KnowledgeGraph.area_targets,
    "target_substances": KnowledgeGraph.target_substances,
    "area_substances": KnowledgeGraph.area_substances, "area_foods": KnowledgeGraph.area_foods,
    "parts": KnowledgeGraph.parts, "descendants": KnowledgeGraph.descendants,
    "direct_phenomes": KnowledgeGraph.direct_phenomes, "phenomes_of": KnowledgeGraph.phenomes_of,
    "modulators": KnowledgeGraph.modulators, "areas_of_phenome": KnowledgeGraph.areas_of_phenome,
    "area_phenomes": KnowledgeGraph.area_phenomes, "rollup": KnowledgeGraph.rollup,
    "tagged": lambda graph, page: graph.tagged(page.title),
}


@pytest.fixture(scope="module")
def sites(example_root: Path, tmp_path_factory: pytest.TempPathFactory
          ) -> list[tuple[Project, KnowledgeGraph]]:
    """Each site loaded with the graph it remembers in, beside a twin graph that never
    remembers (built from the same pages, so its answers are computed every time)."""
    loaded = []
    for root in (example_root, ontology_site(tmp_path_factory.mktemp("memo"))):
        project, fresh = load_project(root), load_project(root).graph
        fresh._memo = None
        loaded.append((project, fresh))
    return loaded


def answer(graph: KnowledgeGraph, query: str, page: Document) -> tuple[list[str], set[str]]:
    """What a page sees (each item by its permalink or repr) and what it recorded reading."""
    with recording() as reads:
        items = QUERIES[query](graph, page)
    return [getattr(i, "permalink", None) or repr(i) for i in items], reads


def twin(page: Document, fresh: KnowledgeGraph) -> Document:
    found = fresh._by_permalink.get(page.permalink)
    assert found is not None, page.permalink
    return found


def test_every_remembered_answer_is_the_computed_one(
        sites: list[tuple[Project, KnowledgeGraph]]) -> None:
    asked = 0
    for project, fresh in sites:
        for page in project.graph._documents:
            for query in QUERIES:
                first = answer(project.graph, query, page)
                again = answer(project.graph, query, page)
                computed = answer(fresh, query, twin(page, fresh))
                assert first == again == computed, (query, page.permalink)
                asked += 1
    assert asked > 1000  # both sites, every page, every query


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_answers_do_not_depend_on_what_was_asked_before(
        sites: list[tuple[Project, KnowledgeGraph]], data: st.DataObject) -> None:
    """Queries remember answers inside answers (areas asks phenomes_of): whatever order a
    build asks them in, each gives the computed answer and records the computed reads."""
    project, fresh = data.draw(st.sampled_from(sites))
    project.graph._memo = {}  # forget what earlier examples asked
    pages = project.graph._documents
    asks = data.draw(st.lists(st.tuples(st.sampled_from(sorted(QUERIES)), st.sampled_from(pages)),
                              min_size=1, max_size=30))
    for query, page in asks:
        assert answer(project.graph, query, page) == answer(fresh, query, twin(page, fresh))


def test_a_caller_changing_its_list_does_not_change_the_next_answer(
        sites: list[tuple[Project, KnowledgeGraph]]) -> None:
    project, _ = sites[0]
    substance = next(d for d in project.graph._documents if project.graph.foods(d))
    foods = project.graph.foods(substance)
    expected = list(foods)
    foods.clear()
    assert project.graph.foods(substance) == expected

"""The knowledge graph: the alias index and every query the components use."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.conftest import page, write_site

from braindiet.content.kinds import Kind
from braindiet.content.loader import load_content
from braindiet.graph.knowledge import KnowledgeGraph, Relation
from braindiet.project import Project, load_project


@pytest.fixture(scope="module")
def example(example_root: Path) -> Project:
    return load_project(example_root)


@pytest.fixture(scope="module")
def corpus(corpus_root: Path) -> Project:
    return load_project(corpus_root)


def titles(documents: list) -> list[str]:
    return [d.title for d in documents]


def test_names_resolve_through_one_alias_index(tmp_path: Path) -> None:
    root = write_site(tmp_path, {
        "docs/tags.yml": "Beta-Carotene:\n  label: β-Carotene\n",
        "docs/substances/coq10.md": page("Coenzyme Q10 (CoQ10)", "Substance"),
        "docs/substances/b9.md": page("Vitamin B9 (Folate; 5-MTHF)", "Substance"),
        "docs/substances/carotene.md": page("β-Carotene", "Substance", "Beta-Carotene"),
        "docs/foods/masala.md": page("Masala/Chai", "Food"),
    })
    graph = KnowledgeGraph.build(load_content(root))
    for name, title in [("CoQ10", "Coenzyme Q10 (CoQ10)"), ("coenzyme q10", "Coenzyme Q10 (CoQ10)"),
                        ("Vitamin B9", "Vitamin B9 (Folate; 5-MTHF)"),
                        ("Folate", "Vitamin B9 (Folate; 5-MTHF)"),
                        ("Beta-Carotene", "β-Carotene"), ("Masala Chai", "Masala/Chai")]:
        found = graph.page(name)
        assert found is not None and found.title == title, name


def test_ambiguous_names_are_reported_not_guessed(tmp_path: Path) -> None:
    root = write_site(tmp_path, {
        "docs/substances/a.md": page("Omega (Alpha)", "Substance"),
        "docs/substances/b.md": page("Omega (Beta)", "Substance"),
        "docs/foods/fish.md": page("Fish", "Food", "Omega"),
    })
    graph = KnowledgeGraph.build(load_content(root))
    assert graph.resolve("Omega").ambiguous
    assert graph.page("Omega") is None
    [problem] = [d for d in graph.diagnostics if d.code == "tag-ambiguous"]
    assert (problem.file, problem.line) == ("docs/foods/fish.md", 5)
    fish = graph.page("Fish")
    assert fish is not None and graph.substances(fish) == []


def test_a_food_and_a_substance_may_share_a_name(tmp_path: Path) -> None:
    root = write_site(tmp_path, {
        "docs/foods/saffron.md": page("Saffron", "Food", "Saffron"),
        "docs/substances/saffron.md": page("Saffron", "Substance", "Saffron"),
    })
    graph = KnowledgeGraph.build(load_content(root))
    food = graph.page_of_kind("Saffron", Kind.FOOD)
    substance = graph.page_of_kind("Saffron", Kind.SUBSTANCE)
    assert food is not None and substance is not None
    assert graph.substances(food) == [substance] and graph.foods(substance) == [food]
    assert not [d for d in graph.diagnostics if d.code == "tag-ambiguous"]


def test_example_chain_queries(example: Project) -> None:
    graph = example.graph
    magnesium = graph.page_of_kind("Magnesium", Kind.SUBSTANCE)
    assert magnesium is not None
    foods = graph.foods(magnesium)
    assert len(foods) >= 6 and "Spinach" in titles(foods)
    recipes = graph.recipes_of_substance(magnesium)
    assert recipes and all(set(graph.recipe_foods(r)) & set(foods) for r in recipes)
    links = graph.target_links(magnesium)
    assert [t.target.title for t in links] == ["Hormonal Response", "Insulin Response",
                                               "Mitochondrial Support", "Neurochemical Balance",
                                               "Stress Response"]
    assert all(t.mechanism for t in links)
    neuro = graph.page("Neurochemical Balance")
    assert neuro is not None
    assert {"ADHD", "Anxiety & GAD", "Depression & MDD"} <= {a.label for a in graph.areas(neuro)}
    adhd = graph.page("ADHD")
    assert adhd is not None and neuro in graph.area_targets(adhd)
    assert magnesium in graph.area_substances(adhd)
    assert magnesium in graph.target_substances(neuro)
    spinach = graph.page("Spinach")
    assert spinach is not None and magnesium in graph.substances(spinach)
    assert {r.permalink for r in graph.recipes(spinach)} <= {r.permalink for r in recipes}
    assert any(t.substance is magnesium for t in graph.food_targets(spinach))
    recipe = graph.recipes(spinach)[0]
    assert spinach in graph.recipe_foods(recipe)
    assert magnesium in graph.recipe_substances(recipe)
    assert any(t.target is neuro for t in graph.recipe_targets(recipe))


def test_tag_and_folder_queries(example: Project) -> None:
    graph = example.graph
    foods = graph.tagged("Magnesium", "foods")
    assert foods and all(d.kind is Kind.FOOD for d in foods)
    assert set(graph.tagged("Magnesium")) > set(foods)
    subfolders, pages = graph.children("substances/nutrients/micronutrients/minerals")
    assert subfolders == ["substances/nutrients/micronutrients/minerals/macro",
                          "substances/nutrients/micronutrients/minerals/trace"]
    assert pages == []
    _, macro = graph.children("substances/nutrients/micronutrients/minerals/macro")
    assert titles(macro) == ["Magnesium"]


def test_structured_ingredients_link_recipe_to_food(example: Project) -> None:
    graph = example.graph
    recipe = next(d for d in example.documents
                  if d.kind is Kind.RECIPE and getattr(d.meta, "ingredients", None))
    named = {i.food for i in recipe.meta.ingredients if not i.to_taste}  # type: ignore[attr-defined]
    assert named <= {f.label for f in graph.recipe_foods(recipe)}


@pytest.mark.corpus
def test_corpus_magnesium_has_32_foods_and_8_recipes(corpus: Project) -> None:
    graph = corpus.graph
    magnesium = graph.page_of_kind("Magnesium", Kind.SUBSTANCE)
    assert magnesium is not None
    foods = graph.foods(magnesium)
    assert len(foods) == 32
    assert {"Almonds", "Spinach", "Pumpkin Seeds", "Dark Chocolate"} <= set(titles(foods))
    recipes = graph.recipes_of_substance(magnesium)
    assert len(recipes) == 8
    assert "Turmeric Lentil Dahl" in titles(recipes)
    links = graph.target_links(magnesium)
    assert len(links) == 5 and all(t.mechanism for t in links)


@pytest.mark.corpus
def test_corpus_chain_queries(corpus: Project) -> None:
    graph = corpus.graph
    spinach = graph.page_of_kind("Spinach", Kind.FOOD)
    assert spinach is not None
    substances = titles(graph.substances(spinach))
    assert "Magnesium" in substances and "Coenzyme Q10 (CoQ10)" in substances
    assert "Vitamin B9 (Folate; 5-MTHF)" in substances
    dahl = graph.page("Turmeric Lentil Dahl")
    assert dahl is not None
    assert {"Lentils", "Spinach", "Turmeric"} <= {f.label for f in graph.recipe_foods(dahl)}
    adhd = graph.page_of_kind("ADHD", Kind.AREA)
    assert adhd is not None
    assert len(graph.area_targets(adhd)) == 10
    ecs = graph.page("Endocannabinoid System")
    assert ecs is not None and adhd in graph.areas(ecs)
    saffron_food = graph.page_of_kind("Saffron", Kind.FOOD)
    saffron = graph.page_of_kind("Saffron", Kind.SUBSTANCE)
    assert saffron in graph.substances(saffron_food)  # type: ignore[arg-type]
    counts = {r: sum(1 for e in graph.edges() if e.relation is r) for r in Relation}
    assert counts[Relation.CONTAINS] > 700 and counts[Relation.SUPPORTS] > 150

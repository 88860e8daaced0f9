"""Ranking recipes for an area, chains between two pages, and the `braindiet query` commands.

Expected rankings are worked out by hand from the example's front matter (see the comments),
not read back from the code under test.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from tests.conftest import page, write_site
from typer.testing import CliRunner

from braindiet.commands import query
from braindiet.content.document import Document
from braindiet.content.kinds import Kind
from braindiet.graph.knowledge import KnowledgeGraph, Relation
from braindiet.graph.query import RecipeRank, Step, paths, rank_recipes
from braindiet.project import load_project

cli = typer.Typer()
cli.add_typer(query.app, name="query")


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["query", *args])
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def example() -> KnowledgeGraph:
    return load_project(None).graph


@pytest.fixture(scope="module")
def corpus(corpus_root: Path) -> KnowledgeGraph:
    return load_project(corpus_root).graph


def named(graph: KnowledgeGraph, name: str, kind: Kind) -> Document:
    found = graph.page_of_kind(name, kind)
    assert found is not None, name
    return found


# ---- rank_recipes on the embedded example -------------------------------------------------
#
# Targets each substance supports (its tags):        Magnesium 5 (all), Iron 2 (Neuro, Mito),
#   Zinc 2 (Neuro, Insulin), DHA 2 (Neuro, Stress), Vitamin B6 1, Vitamin B9 1 (Neuro),
#   Quercetin 1 (Mito).
# ADHD is disrupted in all five targets, so a food's chains = sum over its substances:
#   Cashews, Dark Chocolate, Oats, Pumpkin Seeds (Mg Fe Zn) 9; Quinoa (Mg Fe B9 B6) 9;
#   Black Beans, Spinach (Mg Fe B9) 8; Almonds (Mg Fe) 7; Lentils (B9 Fe Zn) 5;
#   Salmon (DHA B6) 3; Bananas, Onions 1; Lemons, Dates, Olive Oil 0 (no substance tags).
# Every recipe has a magnesium food, so all reach 5/5 and the chain count decides:
#   Dark Chocolate Cashew Bites      Cashews, Dark Chocolate, Oats, Pumpkin Seeds, Dates
#                                    = 9+9+9+9+0     = 36
#   Black Bean Quinoa Salad          Quinoa, Black Beans, Spinach, Onions, Pumpkin Seeds,
#                                    Lemons = 9+8+8+1+9+0 = 35
#   Pumpkin Seed and Banana Oat Bowl Oats, Bananas, Pumpkin Seeds, Almonds = 9+1+9+7 = 26
#   Salmon with Lentils and Spinach  Salmon, Lentils, Spinach, Onions, Lemons, Olive Oil
#                                    = 3+5+8+1+0+0   = 17

ADHD_RANKING = [
    ("Dark Chocolate Cashew Bites", 5, 36),
    ("Black Bean Quinoa Salad", 5, 35),
    ("Pumpkin Seed and Banana Oat Bowl", 5, 26),
    ("Salmon with Lentils and Spinach", 5, 17),
]


def summary(ranks: list[RecipeRank]) -> list[tuple[str, int, int]]:
    return [(r.recipe.title, r.score, r.chain_count) for r in ranks]


def test_recipes_for_adhd_rank_by_targets_then_chains(example: KnowledgeGraph) -> None:
    adhd = named(example, "ADHD", Kind.AREA)
    assert summary(rank_recipes(example, adhd)) == ADHD_RANKING


def test_explicit_targets_join_the_area_targets(example: KnowledgeGraph) -> None:
    # Depression & MDD lacks Hormonal Response; adding it back gives ADHD's five targets.
    depression = named(example, "Depression & MDD", Kind.AREA)
    hormonal = named(example, "Hormonal Response", Kind.TARGET)
    alone = rank_recipes(example, depression)
    assert [(r.score, r.chain_count) for r in alone] == [(4, 32), (4, 31), (4, 23), (4, 16)]
    assert summary(rank_recipes(example, depression, [hormonal])) == ADHD_RANKING


def test_ties_are_broken_by_title(example: KnowledgeGraph) -> None:
    # Only Magnesium and DHA support Stress Response. Bites: Cashews, Dark Chocolate, Oats,
    # Pumpkin Seeds (Mg) = 4; Salad: Quinoa, Black Beans, Spinach, Pumpkin Seeds (Mg) = 4;
    # Bowl: Oats, Pumpkin Seeds, Almonds = 3; Salmon dish: Salmon (DHA), Spinach (Mg) = 2.
    stress = named(example, "Stress Response", Kind.TARGET)
    assert summary(rank_recipes(example, targets=[stress])) == [
        ("Black Bean Quinoa Salad", 1, 4),
        ("Dark Chocolate Cashew Bites", 1, 4),
        ("Pumpkin Seed and Banana Oat Bowl", 1, 3),
        ("Salmon with Lentils and Spinach", 1, 2),
    ]


def test_each_target_carries_the_chains_that_explain_it(example: KnowledgeGraph) -> None:
    stress = named(example, "Stress Response", Kind.TARGET)
    salmon_dish = rank_recipes(example, targets=[stress])[-1]
    assert salmon_dish.targets == [stress]
    chains = [(c.recipe.title, c.food.title, c.substance.label, c.target.title)
              for c in salmon_dish.supports[0].chains]
    assert chains == [
        ("Salmon with Lentils and Spinach", "Salmon", "DHA", "Stress Response"),
        ("Salmon with Lentils and Spinach", "Spinach", "Magnesium", "Stress Response"),
    ]
    magnesium = named(example, "Magnesium", Kind.SUBSTANCE)
    assert salmon_dish.chains[1].mechanism == example.mechanism(magnesium, stress)


def test_choosing_nothing_or_the_wrong_kind_is_refused(example: KnowledgeGraph) -> None:
    with pytest.raises(ValueError, match="choose"):
        rank_recipes(example)
    spinach = named(example, "Spinach", Kind.FOOD)
    with pytest.raises(ValueError, match="not a biological target"):
        rank_recipes(example, targets=[spinach])
    with pytest.raises(ValueError, match="not a therapeutic area"):
        rank_recipes(example, area=spinach)


def small_site(root: Path) -> Path:
    """Breadth beats depth: two targets by one chain each outrank one target by four."""
    return write_site(root, {
        "docs/biological-targets/focus.md": page("Focus", "Focus"),
        "docs/biological-targets/calm.md": page("Calm", "Calm"),
        "docs/therapeutic-areas/worry.md": page("Worry", "Worry", "Focus", "Calm"),
        "docs/substances/alpha.md": page("Alpha", "Alpha", "Focus", "Calm"),
        "docs/substances/beta.md": page("Beta", "Beta", "Calm"),
        "docs/substances/gamma.md": page("Gamma", "Gamma", "Calm"),
        "docs/foods/apple.md": page("Apple", "Apple", "Alpha"),
        "docs/foods/bean.md": page("Bean", "Bean", "Beta", "Gamma"),
        "docs/foods/corn.md": page("Corn", "Corn", "Beta", "Gamma"),
        "docs/foods/date.md": page("Date", "Date"),
        "docs/foods/kale.md": page("Kale", "Food"),
        "docs/foods/kale-curly.md": page("Kale", "Food"),
        "docs/foods/saffron.md": page("Saffron", "Saffron"),
        "docs/substances/saffron.md": page("Saffron", "Saffron", "Calm"),
        "docs/recipes/broad-bowl.md": page("Broad Bowl", "Apple"),
        "docs/recipes/deep-dish.md": page("Deep Dish", "Bean", "Corn"),
        # a target tagged on the recipe itself explains nothing: it does not count
        "docs/recipes/tagged-only.md": page("Tagged Only", "Date", "Focus"),
    })


@pytest.fixture
def small(tmp_path: Path) -> Path:
    return small_site(tmp_path / "small")


def test_more_targets_beat_more_chains(small: Path) -> None:
    graph = load_project(small).graph
    worry = named(graph, "Worry", Kind.AREA)
    assert summary(rank_recipes(graph, worry)) == [("Broad Bowl", 2, 2), ("Deep Dish", 1, 4)]


# ---- paths ----------------------------------------------------------------------------------


def path_names(path: list[Step]) -> list[str]:
    return [path[0].start.label, *(f"{s.relation}:{s.end.label}" for s in path)]


def test_spinach_reaches_adhd_through_its_substances(example: KnowledgeGraph) -> None:
    spinach, adhd = named(example, "Spinach", Kind.FOOD), named(example, "ADHD", Kind.AREA)
    found = paths(example, spinach, adhd)
    # Spinach: Magnesium (5 targets, all in ADHD) + Iron (2) + Vitamin B9 (1) = 8 chains.
    assert len(found) == 8 and all(len(p) == 3 for p in found)
    assert ["Spinach", "contains:Magnesium", "supports:Neurochemical Balance",
            "disrupted_in:ADHD"] in [path_names(p) for p in found]
    assert [s.relation for s in found[0]] == [
        Relation.CONTAINS, Relation.SUPPORTS, Relation.DISRUPTED_IN]
    assert found == paths(example, spinach, adhd)  # deterministic


def test_paths_walk_backwards_from_downstream(example: KnowledgeGraph) -> None:
    spinach, adhd = named(example, "Spinach", Kind.FOOD), named(example, "ADHD", Kind.AREA)
    back = paths(example, adhd, spinach)
    assert len(back) == 8 and all(step.reverse for p in back for step in p)
    assert {tuple(path_names(p)) for p in back} >= {
        ("ADHD", "disrupted_in:Neurochemical Balance", "supports:Magnesium", "contains:Spinach")}
    assert back[0][0].start is adhd and back[0][-1].end is spinach


def test_paths_shortest_first_and_bounded(example: KnowledgeGraph) -> None:
    bowl = named(example, "Pumpkin Seed and Banana Oat Bowl", Kind.RECIPE)
    magnesium = named(example, "Magnesium", Kind.SUBSTANCE)
    adhd = named(example, "ADHD", Kind.AREA)
    # Oats, Pumpkin Seeds and Almonds all contain magnesium: three two-step chains.
    assert [path_names(p) for p in paths(example, bowl, magnesium)] == [
        ["Pumpkin Seed Oat Bowl", "contains:Almonds", "contains:Magnesium"],
        ["Pumpkin Seed Oat Bowl", "contains:Oats", "contains:Magnesium"],
        ["Pumpkin Seed Oat Bowl", "contains:Pumpkin Seeds", "contains:Magnesium"],
    ]
    assert len(paths(example, magnesium, adhd)) == 5
    assert all(len(p) == 4 for p in paths(example, bowl, adhd))
    spinach = named(example, "Spinach", Kind.FOOD)
    assert paths(example, spinach, adhd, max_length=2) == []
    almonds = named(example, "Almonds", Kind.FOOD)
    assert paths(example, spinach, almonds) == []  # siblings: no causal chain joins them
    assert paths(example, spinach, spinach) == []


# ---- the command line -----------------------------------------------------------------------


def test_query_foods_lists_the_foods_of_a_substance() -> None:
    code, out, _ = run("foods", "--substance", "Magnesium", "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["substance"]["title"] == "Magnesium"
    # richest per serving first: 1 oz pumpkin seeds holds 142 mg, a cup of spinach 24 mg
    assert [f["title"] for f in data["foods"]] == [
        "Pumpkin Seeds", "Quinoa", "Black Beans", "Cashews", "Almonds", "Dark Chocolate",
        "Oats", "Spinach"]
    first = data["foods"][0]
    assert first["amount"] == "142 mg · 34% DV per 1 oz (28.35 g)"
    assert first["contribution_level"] == "Primary contributor"
    assert first["record"].startswith("USDA FDC Foundation: “Seeds, pumpkin seeds (pepitas), raw”")
    code, out, _ = run("foods", "--substance", "Magnesium")
    assert code == 0 and "Pumpkin Seeds" in out and "Foods containing Magnesium (8)" in out


def test_query_substances_and_targets() -> None:
    code, out, _ = run("substances", "--food", "Spinach", "-f", "json")
    assert code == 0
    assert [s["title"] for s in json.loads(out)["substances"]] == [
        "Iron", "Magnesium", "Vitamin B9 (Folate)"]
    code, out, _ = run("substances", "--target", "Stress Response", "-f", "json")
    rows = json.loads(out)["substances"]
    assert [s["title"] for s in rows] == ["DHA (Docosahexaenoic Acid)", "Magnesium"]
    assert all(s["mechanism"] for s in rows)
    code, out, _ = run("targets", "--substance", "Folate", "-f", "json")  # a synonym
    data = json.loads(out)
    assert code == 0 and data["substance"]["title"] == "Vitamin B9 (Folate)"
    assert [(t["title"], [a["title"] for a in t["areas"]]) for t in data["targets"]] == [
        ("Neurochemical Balance", ["ADHD", "Anxiety & GAD", "Depression & MDD"])]
    code, out, _ = run("targets", "--area", "Depression & MDD")
    assert code == 0 and "Hormonal Response" not in out and "Stress Response" in out


def test_query_recipes_ranks_with_chains() -> None:
    code, out, _ = run("recipes", "--area", "ADHD", "-f", "json")
    assert code == 0
    data = json.loads(out)
    assert len(data["targets"]) == 5
    assert [(r["rank"], r["title"], r["score"], r["chains"]) for r in data["recipes"]] == [
        (i, title, score, chains) for i, (title, score, chains) in enumerate(ADHD_RANKING, 1)]
    first = data["recipes"][0]["targets"][0]
    assert first["title"] == "Hormonal Response"
    assert {c["food"]["title"] for c in first["chains"]} == {
        "Cashews", "Dark Chocolate", "Oats", "Pumpkin Seeds"}
    code, out, _ = run("recipes", "--target", "Stress Response", "--limit", "1", "--explain")
    assert code == 0 and "Black Bean Quinoa Salad" in out and "Salmon with" not in out
    assert "Spinach → Magnesium" in out


def test_query_path_prints_the_chain() -> None:
    code, out, _ = run("path", "Spinach", "ADHD", "-f", "json")
    assert code == 0
    data = json.loads(out)
    steps = [[(s["source"]["title"], s["relation"], s["target"]["title"]) for s in p]
             for p in data["paths"]]
    assert [("Spinach", "contains", "Magnesium"),
            ("Magnesium", "supports", "Neurochemical Balance"),
            ("Neurochemical Balance", "disrupted_in", "ADHD")] in steps
    code, out, _ = run("path", "Spinach", "ADHD")
    assert code == 0 and "Spinach —contains→ Magnesium" in out
    code, out, _ = run("path", "Spinach", "Almonds")
    assert code == 0 and "No causal chain links Spinach and Almonds" in out


def test_unknown_names_exit_2_with_a_clear_message() -> None:
    code, _, err = run("foods", "--substance", "Unobtainium")
    assert code == 2 and "no substance is named 'Unobtainium'" in err
    code, _, err = run("foods", "--substance", "Magnesum")
    assert code == 2 and "did you mean: magnesium" in err
    code, _, err = run("foods", "--substance", "Spinach")
    assert code == 2 and "'Spinach' is not a substance" in err and "/docs/foods/spinach" in err
    code, _, err = run("path", "Spinach", "Nowhere")
    assert code == 2 and "no page is named 'Nowhere'" in err
    code, _, err = run("recipes")
    assert code == 2 and "--area" in err
    code, _, err = run("substances", "--food", "Spinach", "--area", "ADHD")
    assert code == 2 and "exactly one" in err


def test_ambiguous_names_exit_2_and_list_the_candidates(small: Path) -> None:
    code, _, err = run("substances", "--food", "Kale", str(small))
    assert code == 2 and "ambiguous" in err
    assert "/docs/foods/kale " in err.replace(")", " ") and "/docs/foods/kale-curly" in err
    # a food and a substance share "Saffron": the kind settles it where one is asked for …
    code, out, _ = run("foods", "--substance", "Saffron", str(small), "-f", "json")
    assert code == 0 and [f["title"] for f in json.loads(out)["foods"]] == ["Saffron"]
    # … but a path endpoint has no kind, so the permalink must say which
    code, _, err = run("path", "Saffron", "Worry", str(small))
    assert code == 2 and "ambiguous" in err and "/docs/substances/saffron" in err
    code, out, _ = run("path", "/docs/foods/saffron", "Worry", str(small), "-f", "json")
    assert code == 0 and len(json.loads(out)["paths"]) == 1


# ---- the reference corpus -------------------------------------------------------------------


@pytest.mark.corpus
def test_corpus_recipes_for_adhd(corpus: KnowledgeGraph) -> None:
    adhd = named(corpus, "ADHD", Kind.AREA)
    ecs = named(corpus, "Endocannabinoid System", Kind.TARGET)
    ranks = rank_recipes(corpus, adhd)
    # ADHD has ten targets. The Endocannabinoid System is the rare one: only Choline, DHA,
    # EPA, Genistein, Omega-3 Fatty Acids and PE support it. Four recipes reach it —
    # the Salmon Bowl through salmon (DHA, EPA, omega-3), the Power Bowl, the Rocket salad
    # and the Quinoa Clusters through quinoa (choline) — and so reach all ten; among them
    # the chain count orders. The smoothie's foods (bananas, chia, green tea, kefir, pumpkin
    # seeds, spinach, yogurt) carry none of those six, so it stops at nine.
    assert [(r.recipe.title, r.score) for r in ranks[:5]] == [
        ("Mitochondrial Power Bowl", 10),
        ("Rocket Lentil Avocado Midday Salad (Gut-Supporting)", 10),
        ("Chocolate Quinoa Crisp Clusters", 10),
        ("Salmon Bowl-pistachio-cacao-nibs", 10),
        ("Matcha Mitochondria Smoothie", 9),
    ]
    counts = [r.chain_count for r in ranks[:4]]
    assert counts == sorted(counts, reverse=True)
    assert ranks[4].chain_count > counts[-1]  # more chains, yet one target fewer: ranked below
    via = {r.recipe.title: {(c.food.title, c.substance.title) for s in r.supports
                            if s.target is ecs for c in s.chains} for r in ranks}
    assert ("Salmon", "DHA (Docosahexaenoic Acid)") in via["Salmon Bowl-pistachio-cacao-nibs"]
    assert ("Quinoa", "Choline") in via["Mitochondrial Power Bowl"]
    assert via["Matcha Mitochondria Smoothie"] == set()
    # Sourdough Soda names no food page, so nothing explains it: it is not ranked.
    assert "Sourdough Soda (Fermented Cinnamon & Raisin Drink)" not in [
        r.recipe.title for r in ranks]


@pytest.mark.corpus
def test_corpus_path_spinach_adhd(corpus_root: Path, corpus: KnowledgeGraph) -> None:
    spinach, adhd = named(corpus, "Spinach", Kind.FOOD), named(corpus, "ADHD", Kind.AREA)
    found = [path_names(p) for p in paths(corpus, spinach, adhd)]
    assert ["Spinach", "contains:Magnesium", "supports:Neurochemical Balance",
            "disrupted_in:ADHD"] in found
    code, out, _ = run("path", "Spinach", "ADHD", str(corpus_root), "-f", "json")
    assert code == 0 and len(json.loads(out)["paths"]) == len(found)
    code, _, err = run("path", "Saffron", "ADHD", str(corpus_root))
    assert code == 2 and "ambiguous" in err

"""An ingredient line offering alternatives ("2 cups water or milk") is reported, and the
recipe's nutrition says which alternative its figures count (issue 14, item 7)."""

from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup
from hypothesis import given
from hypothesis import strategies as st
from tests.conftest import page, write_site

from braindiet.checks import run_checks
from braindiet.project import load_project
from braindiet.science.nutrition import parse_ingredient_line
from braindiet.science.nutrition.recipes import alternatives_choice
from braindiet.site.build import build

RECIPE = """\
---
title: Porridge
servings: 1
---

## Ingredients

- 2 cups spinach
- 2 cups water or milk
- salt or pepper to taste
"""
ALTERNATIVES_LINE = 9  # "- 2 cups water or milk", counting the front matter


def _site(root: Path) -> Path:
    return write_site(root, {
        "docs/foods/spinach.md": page("Spinach", "Food", nutrition_source={
            "dataset": "USDA FDC SR Legacy", "record": "Spinach, raw"}, portions={"cup": 30}),
        "docs/recipes/porridge.md": RECIPE,
    })


def test_check_reports_the_alternatives_at_their_line(tmp_path: Path) -> None:
    problems = run_checks(load_project(_site(tmp_path)))
    found = [d for d in problems if d.code == "recipe-ingredient-alternatives"]
    assert [(d.file, d.line, d.severity) for d in found] == [
        ("docs/recipes/porridge.md", ALTERNATIVES_LINE, "warning")]
    assert "water" in found[0].message and "milk" in found[0].message


def test_the_recipe_page_states_which_alternative_is_counted(tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(_site(tmp_path / "src"), out)
    html = BeautifulSoup((out / "docs/recipes/porridge/index.html").read_text("utf-8"),
                         "html.parser")
    panel = html.select_one("section.nutrition")
    assert panel is not None
    choices = [li.get_text() for li in panel.select("ul.nutrition__choices li")]
    assert len(choices) == 1, panel
    assert "2 cups water or milk" in choices[0]
    assert "count \u201cwater\u201d" in choices[0] and "not \u201cmilk\u201d" in choices[0]


def test_the_audit_row_carries_the_choice(tmp_path: Path) -> None:
    project = load_project(_site(tmp_path))
    recipe = project.graph.page("Porridge")
    assert recipe is not None
    rows = {row["ingredient"]: row for row in project.nutrition.recipes[recipe].explain()}
    assert rows["2 cups water or milk"]["choice"] is not None
    assert rows["2 cups spinach"]["choice"] is None
    assert rows["salt or pepper to taste"]["choice"] is None  # counted either way: no choice


_WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=3, max_size=10).filter(
    lambda w: w not in {"cup", "cups", "or", "and", "tbsp", "tsp", "can", "large", "small"})


@given(_WORD, _WORD)
def test_a_counted_line_with_two_foods_names_both(first: str, second: str) -> None:
    ingredient = parse_ingredient_line(f"- 1 cup {first} or {second}")
    choice = alternatives_choice(ingredient)
    assert choice is not None
    counted, _, rest = choice.partition(";")
    assert f"\u201c{ingredient.food}\u201d" in counted and second in rest


@given(_WORD, _WORD)
def test_an_uncounted_line_has_no_choice(first: str, second: str) -> None:
    assert alternatives_choice(parse_ingredient_line(f"- {first} or {second} to taste")) is None
    assert alternatives_choice(parse_ingredient_line(f"- Optional: 1 cup {first} or {second}")
                               ) is None

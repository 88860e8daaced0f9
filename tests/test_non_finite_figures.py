"""A weight written as `.nan` or `.inf` is an error at its line and never reaches a page as
"nan kcal" (issue 14, item 7)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from tests.conftest import page, write_site

from braindiet.checks import run_checks
from braindiet.project import load_project
from braindiet.site.build import build

SPINACH = page("Spinach", "Food", nutrition_source={
    "dataset": "USDA FDC SR Legacy", "record": "Spinach, raw"}, portions={"cup": 30})
NOT_A_NUMBER = re.compile(r"\b(?:nan|inf|infinity)\b", re.I)


def _structured(value: str) -> str:
    return ("---\ntitle: Bowl\nservings: 1\ningredients:\n  - food: Spinach\n"
            f"    grams: {value}\n---\n\nA bowl.\n")  # the weight is on line 6


def _weighed(value: str) -> str:
    return ("---\ntitle: Bowl\nservings: 1\nrecipe_ingredients:\n  - display: 2 cups spinach\n"
            f"    food_slug: spinach\n    calculation_weight_g: {value}\n---\n\n"
            "<RecipeNutrition />\n")  # the weight is on line 7


@pytest.mark.parametrize("value", [".nan", ".NaN", ".inf", "-.inf", "1.0e+999"])
@pytest.mark.parametrize(("recipe", "line"), [(_structured, 6), (_weighed, 7)])
def test_a_non_finite_weight_is_an_error_and_no_figure_is_printed(
        tmp_path: Path, value: str, recipe: object, line: int) -> None:
    assert callable(recipe)
    root = write_site(tmp_path / "src", {"docs/foods/spinach.md": SPINACH,
                                         "docs/recipes/bowl.md": recipe(value)})
    problems = [d for d in run_checks(load_project(root)) if d.file == "docs/recipes/bowl.md"]
    assert any(d.severity == "error" and d.line == line for d in problems), problems
    out = tmp_path / "out"
    build(root, out)
    html = BeautifulSoup((out / "docs/recipes/bowl/index.html").read_text("utf-8"),
                         "html.parser")
    main = html.select_one("main") or html
    assert not NOT_A_NUMBER.search(main.get_text(" ")), main.get_text(" ")[:2000]

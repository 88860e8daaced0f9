"""The Aug-2026 tree's own components, each on a small site: evidence links, the scoring key,
food effects, shopping lists, and the ion a mineral page names."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from tests.conftest import page, write_site

from braindiet.checks import run_checks
from braindiet.diagnostics import Diagnostic
from braindiet.project import load_project
from braindiet.site.build import build

REFS = "/docs/papers/BRAIN-Diet-References"
BIB = "".join(
    f"@article{{{key},\n  title = {{{title}}},\n  author = {{{author}}},\n"
    f"  journal = {{Journal}},\n  year = {{{year}}},\n}}\n"
    for key, title, author, year in (
        ("doe_magnesium_2020", "Magnesium and Focus", "Doe, Jane", 2020),
        ("roe_sleep_2019", "Sleep and Minerals", "Roe, Richard", 2019)))
BIB_LINKS = ('<PhenomeBibLinks items={[{"href":"' + REFS + '#doe_magnesium_2020",'
             '"label":"Doe (2020)","dataLevel":"Human Study"},{"href":"' + REFS +
             '#nobody_missing_1999","label":"Nobody (1999)"}]} />')
FRONT = 5  # `page` writes a one-line front matter, a blank line, then the body


def site_files() -> dict[str, str]:
    return {
        "static/bibtex/BRAIN-diet.bib": BIB,
        "docs/papers/BRAIN-Diet-References.md": page("References", body="<BibTexReferences />"),
        "docs/therapeutic-areas/adhd.md": page("ADHD", "Therapeutic Area"),
        "docs/therapeutic-areas/sleep.md": page("Sleep problems", "Therapeutic Area"),
        "docs/biological-targets/focus.md": page("Focus", "Biological Target", "ADHD"),
        "docs/substances/mg.md": page("Magnesium", "Substance", "Focus", ion_notation="Mg2+",
                                      inchikey="FYYHWMGAXLPEAU-UHFFFAOYSA-N",
                                      mechanisms={"Focus": "Calms."}),
        "docs/substances/cr.md": page("Chromium", "Substance", ion_notation="Cr³⁺"),
        "docs/substances/zn.md": page("Zinc", "Substance", inchikey="HCHKCACWOHOZIP-UHFFFAOYSA-N",
                                      show_inchi=False),
        "docs/substances/se.md": page("Selenium", "Substance",
                                      inchikey="BUGBHKTXTAQXES-UHFFFAOYSA-N"),
        "docs/foods/kale.md": page("Kale", "Food", "Magnesium"),
        "docs/foods/kidney-beans.md": page("Kidney Beans", "Food", "Magnesium"),
        "docs/foods/kidney.md": page("Kidney", "Food"),
        "docs/foods/turkey-tail.md": page("Turkey Tail Mushroom", "Food"),
        "docs/foods/avocado-oil.md": page("Avocado Oil", "Food"),
        "docs/foods/almonds.md": page("Almonds", "Food", "Magnesium"),
        "docs/foods/mystery.md": page("Mystery Root", "Food", "Seafood"),
        "docs/foods/list.md": page("Shopping", body="<FoodShoppingList />"),
        "docs/pages/evidence.mdx": page("Evidence", body=f"Intro.\n\n{BIB_LINKS}\n"),
        "docs/pages/key.md": page("Key", body="<PhenomeScoringKey />\n\n"
                                             "<PhenomeScoringKey defaultExpanded={true} />"),
        "docs/pages/effects.md": page("Effects", body=(
            'Steaming <FoodEffect direction="preserve">vitamin C</FoodEffect>.\n\n'
            '<FoodEffectIcon direction="decrease" />\n\n'
            '<FoodEffectIcon direction="interaction" aria-label="Interacts with iron" />\n\n'
            '<FoodEffectIcon direction="sideways" />\n\n'
            '<FoodEffect direction="increase">\nSulforaphane formation\n</FoodEffect>')),
        "docs/pages/adhd-foods.md": page("ADHD foods", body=(
            '<TherapeuticAreaFoodSpreadsheet tag="ADHD" />\n\n'
            '<TherapeuticAreaFoodSpreadsheet tag="Sleep problems" />')),
    }


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = write_site(tmp_path_factory.mktemp("ontology-components"), site_files())
    out = root.parent / "out"
    build(root, out, search=False)
    return root, out


@pytest.fixture(scope="module")
def problems(site: tuple[Path, Path]) -> list[Diagnostic]:
    return run_checks(load_project(site[0]))


def html(site: tuple[Path, Path], permalink: str) -> BeautifulSoup:
    path = site[1] / permalink.strip("/") / "index.html"
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def body(site: tuple[Path, Path], permalink: str) -> BeautifulSoup:
    found = html(site, permalink).select_one(".doc__body")
    assert found is not None
    return found


# ---- PhenomeBibLinks -----------------------------------------------------------------------


def test_evidence_links_are_citations_opening_beside_the_page(site: tuple[Path, Path]) -> None:
    links = body(site, "/docs/pages/evidence").select("ul.phenome-bib-links > li > *")
    assert [a.get_text() for a in links] == ["Doe (2020) — Human Study", "Nobody (1999)"]
    known, missing = links
    assert known["data-cite"] == "doe_magnesium_2020" and known["class"] == ["citation"]
    assert known["target"] == "_blank" and "noopener" in known["rel"]
    assert missing["class"] == ["citation", "unresolved"]
    assert "not in the bibliography" in missing["title"]
    assert missing.name == "span" and not missing.has_attr("href")  # nothing to open


def test_evidence_links_join_the_pages_sources(site: tuple[Path, Path]) -> None:
    sources = html(site, "/docs/pages/evidence").select(".page-references__list > li")
    assert [li["data-cite"] for li in sources] == ["doe_magnesium_2020", "nobody_missing_1999"]
    cited_by = html(site, REFS).select_one('[id="doe_magnesium_2020"]')
    assert cited_by is not None and "Evidence" in cited_by.get_text()


def test_check_reports_an_evidence_link_to_a_missing_key_at_its_line(
        problems: list[Diagnostic]) -> None:
    missing = [d for d in problems if d.code == "citation-missing"]
    assert [(d.file, d.line) for d in missing] == [("docs/pages/evidence.mdx", FRONT + 2)]


def test_check_reports_items_that_are_not_a_list_of_links(tmp_path: Path) -> None:
    root = write_site(tmp_path, {"docs/pages/bad.md": page("Bad", body=(
        '<PhenomeBibLinks items={[{"href": "/docs/papers/x#k"}]} />\n\n'
        '<PhenomeBibLinks items="Doe 2020" />\n\n<PhenomeBibLinks />'))})
    found = [(d.line, d.message) for d in run_checks(load_project(root))
             if d.code == "component-attribute"]
    assert [line for line, _ in found] == [FRONT, FRONT + 2, FRONT + 4]
    assert "item 1 needs a text 'label'" in found[0][1]
    assert "list of objects" in found[1][1]
    assert "needs a items= attribute" in found[2][1]


# ---- PhenomeScoringKey ---------------------------------------------------------------------


def test_the_scoring_key_explains_three_scores_closed_unless_asked(
        site: tuple[Path, Path]) -> None:
    closed, opened = body(site, "/docs/pages/key").select(".scoring-key-panel")
    for key in (closed, opened):
        names = [p.get_text(" ", strip=True) for p in key.select(".scoring-key__name")]
        assert [n.split(" (")[0] for n in names] == [
            "Phenome evidence confidence", "Biology → Phenome confidence", "Evidence confidence"]
        levels = [li.strong.get_text() for li in key.select(".scoring-key__levels > li")]
        assert levels == ["High", "Medium", "Low–Medium", "Low"] * 2
    assert closed.select_one("button")["aria-expanded"] == "false"
    assert closed.select_one(".brs-fm-hub-panel").has_attr("hidden")
    assert opened.select_one("button")["aria-expanded"] == "true"
    assert not opened.select_one(".brs-fm-hub-panel").has_attr("hidden")
    assert html(site, "/docs/pages/key").select('script[src*="hub-panels"]')


# ---- FoodEffect and FoodEffectIcon ---------------------------------------------------------


def test_food_effects_show_a_glyph_a_word_and_the_property(site: tuple[Path, Path]) -> None:
    shown = body(site, "/docs/pages/effects")
    effect = shown.select_one("p .food-effect.food-effect--preserve")
    assert effect is not None
    assert effect.select_one(".food-effect__label").get_text() == "PRESERVES"
    assert effect.select_one(".food-effect__property").get_text() == "vitamin C"
    assert effect.select_one(".food-effect-icon")["aria-hidden"] == "true"  # the word says it
    icons = shown.select(".food-effect-icon[role=img]")
    assert [i["aria-label"] for i in icons] == ["Decreases", "Interacts with iron"]
    warning = shown.select_one(".component-warning")
    assert warning is not None and "sideways" in warning.get_text()
    block = shown.select(".food-effect--increase .food-effect__property")
    assert [str(b) for b in block] == [
        '<span class="food-effect__property">Sulforaphane formation</span>']


def test_check_reports_an_unknown_direction(problems: list[Diagnostic]) -> None:
    found = [d for d in problems if d.code == "component-attribute"
             and d.file == "docs/pages/effects.md"]
    assert len(found) == 1 and found[0].line == FRONT + 6
    assert "increase, decrease, preserve, interaction" in found[0].message


# ---- shopping lists ------------------------------------------------------------------------


def groups(shown: BeautifulSoup, heading: str = "h2") -> list[tuple[str, list[str]]]:
    return [(g.select_one(heading).get_text(), [a.get_text() for a in g.select("li a")])
            for g in shown.select(".shopping-list__group")]


def test_the_shopping_list_groups_every_food_by_aisle(site: tuple[Path, Path]) -> None:
    assert groups(body(site, "/docs/foods/list")) == [
        ("Vegetables", ["Kale", "Turkey Tail Mushroom"]),  # a mushroom, not a turkey
        ("Legumes & Pulses", ["Kidney Beans"]),  # beans, not offal
        ("Nuts & Seeds", ["Almonds"]),
        ("Seafood", ["Mystery Root"]),  # its tag names the aisle
        ("Meat & Organ Meats", ["Kidney"]),
        ("Fats & Oils", ["Avocado Oil"]),  # an oil, not a fruit
    ]  # the list page itself has no tags: not a food to buy


def test_an_areas_shopping_list_has_the_foods_reaching_it(site: tuple[Path, Path]) -> None:
    shown = body(site, "/docs/pages/adhd-foods")
    assert groups(shown, "h3") == [("Vegetables", ["Kale"]), ("Legumes & Pulses",
                                    ["Kidney Beans"]), ("Nuts & Seeds", ["Almonds"])]
    empty = shown.select("p.empty")
    assert len(empty) == 1 and "Sleep problems" in empty[0].get_text()
    assert shown.select("table") == []


# ---- ion notation and show_inchi -----------------------------------------------------------


def test_a_page_naming_its_ion_shows_the_ion_instead_of_a_structure(
        site: tuple[Path, Path]) -> None:
    magnesium = html(site, "/docs/substances/mg")
    badge = magnesium.select_one("figure.ion-notation .ion-badge")
    assert badge is not None and str(badge) == '<span class="ion-badge">Mg<sup>2+</sup></span>'
    assert magnesium.select_one("figure.structure") is None
    chromium = html(site, "/docs/substances/cr").select_one(".ion-badge")
    assert chromium is not None and chromium.get_text() == "Cr³⁺" and chromium.sup is None


def test_show_inchi_false_hides_a_structure_that_is_shown_otherwise(
        site: tuple[Path, Path]) -> None:
    assert html(site, "/docs/substances/zn").select_one("figure.structure") is None
    selenium = html(site, "/docs/substances/se").select_one("figure.structure svg")
    assert selenium is not None


def test_cards_show_the_ion(site: tuple[Path, Path]) -> None:
    cards = html(site, "/docs/substances").select(".card")
    by_title = {c.select_one(".card__title").get_text(): c for c in cards}
    assert by_title["Magnesium"].select_one(".card__ion").get_text() == "Mg2+"
    assert by_title["Selenium"].select_one(".card__ion") is None


def test_show_inchi_must_be_true_or_false(tmp_path: Path) -> None:
    root = write_site(tmp_path, {"docs/substances/k.md": page("Potassium", show_inchi="yes")})
    found = [d for d in run_checks(load_project(root)) if d.code == "schema"]
    assert len(found) == 1 and "show_inchi" in found[0].message


# ---- the Aug-2026 tree ---------------------------------------------------------------------

OURS = ("PhenomeBibLinks", "PhenomeScoringKey", "FoodEffect", "FoodEffectIcon",
        "FoodShoppingList", "TherapeuticAreaFoodSpreadsheet")


@pytest.mark.corpus
def test_corpus_2026_knows_these_components_and_their_citations(corpus_2026_root: Path) -> None:
    project = load_project(corpus_2026_root)
    found = run_checks(project)
    unknown = [d.message for d in found if d.code == "component-unknown"
               and any(f"<{name}>" in d.message for name in OURS)]
    assert unknown == []
    assert not [d for d in found if d.code in ("citation-missing", "link-broken")
                and d.file.startswith("docs/biological-targets/")]
    uses = [u for d in project.documents for u in d.outline.components
            if u.name == "PhenomeBibLinks"]
    assert len(uses) == 490


@pytest.mark.corpus
def test_corpus_2026_shopping_list_and_mineral_ions(corpus_2026_root: Path) -> None:
    from braindiet.site.build import prepare
    from braindiet.site.pages.documents import document_page

    project = load_project(corpus_2026_root)
    site = prepare(project, [])
    by_permalink = {d.permalink: d for d in project.documents}

    def shown(permalink: str) -> BeautifulSoup:
        return BeautifulSoup(document_page(site, by_permalink[permalink]), "html.parser")

    aisles = groups(shown("/docs/foods/shopping-list"))
    assert len(aisles) == 15 and aisles[-1][0] == "Other / Misc"
    assert sum(len(foods) for _, foods in aisles) == 168
    minerals = [d for d in project.documents
                if d.folder.startswith("substances/nutrients/micronutrients/minerals/")
                and not d.is_section]
    assert len(minerals) == 13
    for mineral in minerals:
        page_html = shown(mineral.permalink)
        assert page_html.select_one("figure.ion-notation .ion-badge") is not None
        assert page_html.select_one("figure.structure") is None
    magnesium = shown("/docs/substances/nutrients/micronutrients/minerals/macro/magnesium")
    assert str(magnesium.select_one(".ion-badge")) == \
        '<span class="ion-badge">Mg<sup>2+</sup></span>'

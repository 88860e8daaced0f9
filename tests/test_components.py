"""Every registered component: documented in the README, rendered on a small site, styled.

A new component fails these tests until it has a use in `USES` below that renders it without a
warning box, and until `scripts/component_table.py` has written its row into the README.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag
from markupsafe import Markup
from tests.conftest import PROJECT_ROOT, page, write_site

from braindiet.checks import run_checks
from braindiet.content.document import Document
from braindiet.project import load_project
from braindiet.render.components import REGISTRY, stylesheet
from braindiet.render.components.registry import (
    AssetFile,
    Attributes,
    Component,
    bundle,
    component,
)
from braindiet.render.components.signature import Signature
from braindiet.render.context import RenderContext
from braindiet.site.build import build

# One valid use of each registered component, shown on a page of its own in the site below.
USES = {
    "SubstanceFoods": '<SubstanceFoods tag="Magnesium" />',
    "SubstanceRecipes": '<SubstanceRecipes tag="Magnesium" />',
    "SubstanceMatrix": '<SubstanceMatrix tag="Magnesium" />',
    "FoodSubstances": '<FoodSubstances tag="Kale" />',
    "FoodRecipes": '<FoodRecipes tag="Kale" />',
    "FoodMatrix": '<FoodMatrix tag="Kale" />',
    "RecipeFoods": '<RecipeFoods tag="Soup" />',
    "RecipeMatrix": '<RecipeMatrix tag="Soup" />',
    "TherapeuticAreaMatrix": '<TherapeuticAreaMatrix tag="ADHD" />',
    "TagList": '<TagList tag="Mineral" filter="substances" />',
    "DocList": '<DocList tag="Mineral" />',
    "FolderList": '<FolderList folder="foods" />',
    "SubstanceList": '<SubstanceList tag="Mineral" filter="substances" />',
    "Collapse": '<Collapse title="How it works" open>\n\nMagnesium **matters**.\n\n</Collapse>',
    "BibTexReferences": '<BibTexReferences title="All references" sortBy="year" '
                        'sortDirection="desc" showCitationKeys={false} />',
    "FoodEffectIcon": '<FoodEffectIcon direction="preserve" />',
    "FoodEffect": '<FoodEffect direction="increase">Magnesium uptake</FoodEffect>',
    "PhenomeBibLinks": '<PhenomeBibLinks items={[{"href":"/docs/papers/BRAIN-Diet-References'
                       '#doe_magnesium_2020","label":"Doe (2020)","dataLevel":"Human Study"}]} />',
    "PhenomeScoringKey": "<PhenomeScoringKey defaultExpanded />",
    "FoodShoppingList": "<FoodShoppingList />",
    "TherapeuticAreaFoodSpreadsheet": '<TherapeuticAreaFoodSpreadsheet tag="ADHD" />',
    "NutritionTable": '<NutritionTable tag="Almonds" />',
    "FoodSubstancesFromTable": '<FoodSubstancesFromTable tag="Almonds" />',
    "RecipeNutrition": '<RecipeNutrition tag="Porridge" />',
    "RecipeCalculationDefault": '<RecipeCalculationDefault tag="Porridge" />',
    "PhenomeDetail": '<PhenomeDetail phenomeId="PH001" />',
    "PhenomeRegistry": "<PhenomeRegistry />",
}

# A registry of one area and one phenome, as a 2026 site keeps it in src/data.
REGISTRY_JSON = """{
  "meta": {"version": 1, "primaryTherapeuticAreaId": "TA001"},
  "therapeuticAreas": [{"id": "TA001", "name": "ADHD", "status": "active"}],
  "phenomes": [{"id": "PH001", "name": "Focus", "status": "active",
                "description": "Holding attention on a task.",
                "therapeuticAreaIds": ["TA001"]}]
}
"""

BIB = "@article{doe_magnesium_2020,\n  title = {Magnesium and Focus},\n" \
      "  author = {Doe, Jane},\n  journal = {Journal},\n  year = {2020},\n}\n"


def uses_site() -> dict[str, str]:
    """A substance on the chain from a recipe to an area, and a page for each use."""
    files = {
        "static/bibtex/BRAIN-diet.bib": BIB,
        "src/data/phenome-registry.json": REGISTRY_JSON,
        "docs/phenomes/details/ph001-focus.md": page("PH001 — Focus", body="Focus."),
        # a process mechanism that names the phenome, so PhenomeDetail has a mechanism to list
        "docs/biological-targets/brs1/brs1-fm1-pm1-gaba-synthesis.md": page(
            "GABA Synthesis", pm_id="BRS1-FM1-PM1", parent_brs="BRS1",
            phenome_relationships=[{"target_phenome": "Focus", "relationship_type": "modulates",
                                    "evidence_level": "mechanistic",
                                    "confidence": "medium", "evidence_confidence": "low",
                                    "rationale": "Inhibitory tone steadies attention."}]),
        "docs/papers/BRAIN-Diet-References.md": page("References", body="<BibTexReferences />"),
        "docs/therapeutic-areas/adhd.md": page("ADHD", "Therapeutic Area"),
        "docs/biological-targets/focus.md": page("Focus", "Biological Target", "ADHD"),
        "docs/substances/mg.md": page("Magnesium", "Substance", "Mineral", "Focus",
                                      mechanisms={"Focus": "Calms excitable neurons."}),
        "docs/foods/kale.md": page("Kale", "Food", "Magnesium"),
        "docs/recipes/soup.md": page("Soup", "Recipe", "Kale"),
        # the authors' 2026 shapes: a stored panel naming its record, a weighed recipe
        "docs/foods/almonds.md": page(
            "Almonds", "Food", "Magnesium",
            nutrition_per_100g={"kcal": 579, "protein_g": 21.15, "magnesium_mg": 270},
            nutrition_source={"database": "USDA FoodData Central",
                              "food_name": "Nuts, almonds", "fdc_id": 170567}),
        "docs/recipes/porridge.md": page(
            "Porridge", "Recipe", "Almonds", servings=1,
            nutrition_default_combination="Calculated with water, not milk.",
            recipe_ingredients=[{"display": "40 g almonds", "food_slug": "almonds",
                                 "quantity": 40,
                                 "unit": "g", "calculation_weight_g": 40,
                                 "conversion_source": "recipe-stated grams"}]),
    }
    for name, use in USES.items():
        files[f"docs/uses/{name.lower()}.md"] = page(f"Using {name}",
                                                     body=f"Before.\n\n{use}\n\nAfter.")
    return files


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = write_site(tmp_path_factory.mktemp("uses"), uses_site())
    out = root.parent / "out"
    build(root, out, search=False)
    return root, out


def component_output(out: Path, name: str) -> Tag:
    """What the component put between the page's "Before." and "After." paragraphs."""
    html = (out / f"docs/uses/{name.lower()}/index.html").read_text(encoding="utf-8")
    body = BeautifulSoup(html, "html.parser").select_one(".doc__body")
    assert body is not None
    inner = str(body)
    start, end = inner.index("<p>Before.</p>") + len("<p>Before.</p>"), inner.index("<p>After.</p>")
    return BeautifulSoup(inner[start:end], "html.parser")


def test_every_registered_component_has_a_use() -> None:
    assert set(USES) == set(REGISTRY), "add a use of each new component to USES"


@pytest.mark.parametrize("name", list(REGISTRY))
def test_each_component_renders_its_use_without_a_warning(site: tuple[Path, Path],
                                                          name: str) -> None:
    shown = component_output(site[1], name)
    assert shown.select(".component-warning") == []
    assert shown.select(".empty") == [], "the use shows nothing: is the site missing a page?"
    assert shown.find(True) is not None, f"<{name}> gave no HTML"


def test_the_uses_pass_check(site: tuple[Path, Path]) -> None:
    found = [d for d in run_checks(load_project(site[0])) if d.code.startswith("component")]
    assert found == []


def test_the_readme_documents_every_component() -> None:
    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    table = re.search(r"<!-- components:.*?-->\n(.*?)<!-- /components -->", readme, re.S)
    assert table is not None, "README.md has lost its component table"
    expected = "| component | about | attributes | shows |\n|---|---|---|---|\n" + "".join(
        f"{c.signature.table_row()}\n" for c in REGISTRY.values())
    assert table.group(1) == expected, "README's component table is out of date: run " \
        ".venv/bin/python scripts/component_table.py"


def test_every_page_links_the_components_stylesheet_with_each_components_css(
        site: tuple[Path, Path]) -> None:
    out = site[1]
    published = set()
    for path in (out / "index.html", out / "docs/uses/collapse/index.html",
                 out / "docs/tags/index.html", out / "404.html"):
        links = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").select(
            'link[rel="stylesheet"][href*="/assets/components."]')
        assert len(links) == 1, path
        published.add(str(links[0]["href"]))
    assert len(published) == 1
    css = (out / published.pop().lstrip("/")).read_text(encoding="utf-8")
    for registered in REGISTRY.values():
        for file in registered.styles:
            assert file.read() in css, (registered.signature.name, file.name)


def test_the_nutrition_panel_is_styled_after_the_table_frame_it_sits_in() -> None:
    css = stylesheet()
    assert css.index(".nutrition__table th") > css.index(".table-scroll th")


def test_a_components_script_is_bundled_once_in_registry_order(tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch
                                                               ) -> None:
    package = write_site(tmp_path / "made_up_components", {
        "__init__.py": "", "one.js": "window.one = 1;\n", "two.js": "window.two = 2;\n"})
    monkeypatch.syspath_prepend(str(package.parent))

    def made(name: str, *scripts: str) -> Component:
        files = tuple(AssetFile("made_up_components", s) for s in scripts)
        return Component(Signature(name, "made up"), _render_nothing, scripts=files)

    script = bundle([made("A", "two.js"), made("B", "one.js", "two.js")], ".js")
    assert script.index("window.two") < script.index("window.one")
    assert script.count("window.two") == 1
    assert bundle([made("A")], ".js") == ""


def _render_nothing(ctx: RenderContext, page: Document, attributes: Attributes,
                    children: Markup) -> Markup:
    return Markup("")


def test_a_component_is_registered_once_and_its_files_must_exist() -> None:
    with pytest.raises(ValueError, match="registered twice"):
        component("Collapse", summary="again")(_render_nothing)
    with pytest.raises(ValueError, match=r"no \.css file missing\.css"):
        component("Unstyled", summary="no css", styles=("missing.css",))(_render_nothing)
    assert "Unstyled" not in REGISTRY

"""Reading pages: permalinks as Docusaurus computes them, front matter with lines, tags.yml."""

from __future__ import annotations

from pathlib import Path, PurePosixPath

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.conftest import page, write_site

from braindiet.content import body, frontmatter
from braindiet.content.attributes import _outside_quotes_and_braces
from braindiet.content.kinds import Kind
from braindiet.content.loader import load_content
from braindiet.content.markdown import Expression, parse_attributes
from braindiet.content.permalinks import doc_id, permalink
from braindiet.content.schema import ContributionLevel, FoodMeta, RecipeMeta, validate


@pytest.mark.parametrize(
    ("path", "front_id", "slug", "expected"),
    [
        ("foods/spinach.md", None, None, "/docs/foods/spinach"),
        ("foods/spinach.md", "leafy-spinach", None, "/docs/foods/leafy-spinach"),
        ("recipes/Dinner/Lentil dahl.md", "turmeric-lentil-dahl", None,
         "/docs/recipes/Dinner/turmeric-lentil-dahl"),
        ("recipes/Dinner/Lentil dahl.md", None, None, "/docs/recipes/Dinner/Lentil dahl"),
        ("recipes/index.md", "recipes", None, "/docs/recipes"),
        ("substances/nutrients/README.md", None, None, "/docs/substances/nutrients"),
        ("substances/scfas/scfas.md", "SCFAs", None, "/docs/substances/scfas"),
        ("foods/spinach.md", "x", "greens", "/docs/foods/greens"),
        ("foods/spinach.md", None, "/leafy/spinach", "/docs/leafy/spinach"),
        ("recipes/index.md", None, "all-recipes", "/docs/recipes/all-recipes"),
        ("intro.md", None, None, "/docs/intro"),
        ("index.md", None, None, "/docs"),
        ("foods/../foods/x.md", None, "../other", "/docs/other"),
    ],
)
def test_permalinks_follow_docusaurus(path: str, front_id: str | None, slug: str | None,
                                      expected: str) -> None:
    assert permalink(PurePosixPath(path), front_id, slug) == expected


def test_doc_id_is_folder_plus_id() -> None:
    assert doc_id(PurePosixPath("foods/spinach.md"), "leafy") == "foods/leafy"
    assert doc_id(PurePosixPath("intro.md"), None) == "intro"


def test_front_matter_keeps_the_line_of_every_key_and_tag() -> None:
    source = "---\nid: mg\ntitle: Magnesium\ntags:\n  - Substance\n  - Magnesium\n---\n# Body\n"
    front, body, body_line = frontmatter.read(source)
    assert front.key_lines == {"id": 2, "title": 3, "tags": 4}
    assert front.item_lines["tags"] == [5, 6]
    assert body == "# Body\n" and body_line == 8


def test_invalid_yaml_reports_the_file_line() -> None:
    with pytest.raises(frontmatter.FrontMatterError) as caught:
        frontmatter.read("---\ntitle: ok\ntags: [a, b\n---\n")
    assert caught.value.line == 4


def test_set_key_changes_only_that_key() -> None:
    source = "---\ntitle: Mg  # keep me\ninchikey: X\ntags:\n  - A\n---\nbody\n"
    added = frontmatter.set_key(source, "inchi", "InChI=1S/Mg")
    assert added == ("---\ntitle: Mg  # keep me\ninchikey: X\ntags:\n  - A\n"
                     "inchi: InChI=1S/Mg\n---\nbody\n")
    replaced = frontmatter.set_key(source, "tags", ["B"])
    assert replaced == "---\ntitle: Mg  # keep me\ninchikey: X\ntags:\n- B\n---\nbody\n"


def test_component_attributes_parse_jsx_values() -> None:
    attributes = parse_attributes(
        ' tag="Magnesium" details={frontMatter} showCitationKeys={false} n={3} open')
    assert attributes == {"tag": "Magnesium", "details": Expression("frontMatter"),
                          "showCitationKeys": False, "n": 3, "open": True}


def test_tags_yml_maps_key_and_label_to_one_tag(tmp_path: Path) -> None:
    root = write_site(tmp_path, {
        "docs/tags.yml": "Beta-Carotene:\n  label: β-Carotene\n  permalink: /docs/tags/beta"
                         "\n  description: Vitamin A precursor\n",
        "docs/foods/carrot.md": page("Carrot", "Food", "β-Carotene"),
    })
    content = load_content(root)
    by_key, by_label = content.tags.get("Beta-Carotene"), content.tags.get("β-Carotene")
    assert by_key is not None and by_key is by_label
    assert (by_key.label, by_key.permalink, by_key.line) == ("β-Carotene", "/docs/tags/beta", 1)
    inline = content.tags.resolve("Crunchy Snack")
    assert not inline.declared and inline.permalink == "/docs/tags/crunchy-snack"


def test_loader_reads_kinds_and_skips_dot_folders(tmp_path: Path) -> None:
    root = write_site(tmp_path, {
        "docs/foods/index.md": page("Foods"),
        "docs/foods/kale.md": page("Kale"),
        "docs/foods/.drafts/secret.md": page("Secret"),
        "docs/recipes/Dinner/soup.mdx": page("Soup"),
        "docs/about.md": "# About us\n\nNo front matter here.\n",
    })
    content = load_content(root)
    kinds = {d.site_path: d.kind for d in content.documents}
    assert kinds == {"docs/about.md": Kind.PAGE, "docs/foods/index.md": Kind.SECTION,
                     "docs/foods/kale.md": Kind.FOOD, "docs/recipes/Dinner/soup.mdx": Kind.RECIPE}
    about = next(d for d in content.documents if d.kind is Kind.PAGE)
    assert about.title == "About us"  # the first heading stands in for a missing title


def test_a_broken_page_is_reported_and_the_rest_still_loads(tmp_path: Path) -> None:
    root = write_site(tmp_path, {
        "docs/foods/kale.md": page("Kale"),
        "docs/foods/broken.md": "---\ntitle: [unclosed\n---\n",
    })
    (root / "docs/foods/latin1.md").write_bytes("---\ntitle: Caf\xe9\n---\n".encode("latin-1"))
    content = load_content(root)
    assert [d.title for d in content.documents] == ["Kale"]
    codes = {(d.code, d.file) for d in content.diagnostics}
    assert ("yaml-invalid", "docs/foods/broken.md") in codes
    assert ("unreadable", "docs/foods/latin1.md") in codes


@pytest.mark.corpus
def test_every_corpus_page_loads(corpus_root: Path) -> None:
    content = load_content(corpus_root)
    assert len(content.documents) == 301
    assert not [d for d in content.diagnostics if d.severity == "error"]
    dahl = next(d for d in content.documents if d.rel_path.name == "Lentil dahl.md")
    assert dahl.permalink == "/docs/recipes/Dinner/turmeric-lentil-dahl"


# ---------------------------------------------------------------------------- front-matter rules

PAGE_START = "---\ntitle: Page\ntags:\n  - Food\n"  # the tested key starts on line 5


@pytest.mark.parametrize(("kind", "written", "key", "line"), [
    (Kind.RECIPE, "servings: two", "servings", 5),
    (Kind.RECIPE, "servings: 0", "servings", 5),
    (Kind.RECIPE, "servings: -2", "servings", 5),
    (Kind.RECIPE, "servings: 2.5", "servings", 5),
    (Kind.FOOD, "serving: 28", "serving", 5),
    (Kind.FOOD, "serving:\n  unit: g", "serving", 5),
    (Kind.FOOD, "serving:\n  quantity: lots\n  unit: g", "serving", 6),
    (Kind.FOOD, "serving:\n  quantity: 0", "serving", 6),
    (Kind.FOOD, "serving:\n  quantity: -28", "serving", 6),
    (Kind.FOOD, "portions:\n  piece: 120\n  cup: -143", "portions", 7),
    (Kind.FOOD, "portions:\n  cup: a handful", "portions", 6),
    (Kind.FOOD, "portions:\n  cup: true", "portions", 6),
    (Kind.RECIPE, "ingredients:\n  - food: Oats\n  - quantity: 2", "ingredients", 7),
    (Kind.FOOD, "contribution_levels:\n  Zinc: Supporting\n  Magnesium: Lots",
     "contribution_levels", 7),
    (Kind.FOOD, "contribution_levels:\n  Zinc: None in record (0)", "contribution_levels", 6),
])
def test_a_bad_value_is_one_problem_and_the_rest_of_the_page_loads(
        kind: Kind, written: str, key: str, line: int) -> None:
    front, _body, _ = frontmatter.read(f"{PAGE_START}{written}\n---\n")
    meta, problems = validate(kind, front)
    assert [(p.message.partition(":")[0].partition(".")[0], p.line)
            for p in problems] == [(key, line)]
    assert key not in meta.model_fields_set  # dropped: nothing reads a value that failed
    assert (meta.title, meta.tags) == ("Page", ["Food"])


@pytest.mark.parametrize(("folder", "written", "line"), [
    ("foods", "serving:\n  quantity: .nan", 6),
    ("foods", "portions:\n  cup: .inf", 6),
    ("recipes", "ingredients:\n  - food: Oats\n    grams: .nan", 7),
    ("recipes", "ingredients:\n  - food: Oats\n    quantity: -.inf", 7),
])
def test_a_number_that_is_not_finite_is_one_problem_at_its_line(
        tmp_path: Path, folder: str, written: str, line: int) -> None:
    write_site(tmp_path, {f"docs/{folder}/page.md": f"{PAGE_START}{written}\n---\n\nBody.\n"})
    content = load_content(tmp_path, "docs")
    (document,) = content.documents
    problems = [d for d in content.diagnostics if d.file == f"docs/{folder}/page.md"]
    assert [p.line for p in problems] == [line], problems
    assert (document.title, document.tags) == ("Page", ["Food"])


def test_valid_nutrition_front_matter_is_typed() -> None:
    food = FoodMeta.model_validate({
        "nutrition_source": {"dataset": " USDA FDC SR Legacy ", "record": "Nuts, almonds",
                             "version": 2018},
        "serving": {"quantity": 1, "label": 100}, "portions": {"cup": 143, "piece": 1.2}})
    assert food.nutrition_source is not None and food.serving is not None
    assert food.nutrition_source.dataset == "USDA FDC SR Legacy"
    assert food.nutrition_source.version == "2018"
    assert (food.serving.quantity, food.serving.unit, food.serving.label) == (1.0, None, "100")
    assert food.portions == {"cup": 143.0, "piece": 1.2}
    recipe = RecipeMeta.model_validate({"servings": 4, "ingredients": [
        {"food": " Oats ", "quantity": 0.5, "unit": "cup", "grams": 40},
        {"food": "Salt", "to_taste": True, "quantiy": 1}]})
    assert recipe.servings == 4 and recipe.ingredients is not None
    oats, salt = recipe.ingredients
    assert (oats.food, oats.quantity, oats.grams) == ("Oats", 0.5, 40.0)
    assert salt.to_taste and salt.unknown_keys == ["quantiy"]


@pytest.mark.parametrize(("written", "level"), [
    ("Primary contributor", ContributionLevel.PRIMARY),
    ("Supporting", ContributionLevel.SUPPORTING),
    ("Supporting contributor", ContributionLevel.SUPPORTING),
    ("Contextual / minor", ContributionLevel.CONTEXTUAL),
    ("Contextual / minor contributor", ContributionLevel.CONTEXTUAL),
    ("Presence only (trace)", ContributionLevel.TRACE),
])
def test_declared_levels_accept_each_label_and_the_2026_spellings(
        written: str, level: ContributionLevel) -> None:
    meta = FoodMeta.model_validate({"contribution_levels": {"Magnesium": written}})
    assert meta.contribution_levels == {"Magnesium": level}


def test_a_level_is_shown_by_its_label_whatever_the_spelling() -> None:
    meta = FoodMeta.model_validate({"contribution_levels": {
        "Magnesium": "Supporting contributor", "Zinc": "Contextual / minor contributor"}})
    assert meta.contribution_levels is not None
    shown = {name: level.label for name, level in meta.contribution_levels.items()}
    assert shown == {"Magnesium": "Supporting", "Zinc": "Contextual / minor"}


_PIECES = st.sampled_from([
    "text ", "\n", "a < b", "</p>", "<br/>", "<br />", "<sup>", "</sup>", "<STRONG>", "<a>",
    "<a href=\"/docs/x\">", "<img src='i.png'/>", "<a onclick>", "<div onmouseover=\"x()\">",
    "<script>", "<SCRIPT src=x>", "<iframe>", "< embed>", "<object data=\"javascript:x\">",
    "<a href=\"javascript:alert(1)\">", "<!-- c -->", "<p\nclass=\"k\">", "&amp;", "<h2>"])


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=12).map("".join))
def test_raw_html_reports_the_same_links_and_active_parts_as_a_full_html_parse(
        fragment: str) -> None:
    """Bare-tag fragments skip the HTML parser, and fragments are remembered: neither may
    change what a page's raw HTML is found to link to or run."""
    reference = body._HtmlCollector()
    reference.feed(fragment)
    reference.close()
    assert body._html_findings(fragment) == (tuple(reference.urls), tuple(reference.active))


def _scan_char_by_char(text: str, start: int, quotes: str, wanted: str) -> int:
    """What a tag's end is, stated plainly: walk each character, skipping quoted runs and
    counting braces; the first `wanted` at depth 0 (a `}` once its own brace closes)."""
    depth, quote = 0, ""
    for index in range(start, len(text)):
        char = text[index]
        if quote:
            quote = "" if char == quote else quote
        elif char in quotes:
            quote = char
        elif char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0 and wanted == "}":
                return index
        elif char == wanted and depth == 0:
            return index
    return -1


_TAG_PIECES = st.sampled_from(["a", " ", "=", "\n", "\"", "'", "`", "{", "}", ">", "<",
                               "x=\"1>2\"", "{a > b}", "{`}`}", "/>", "'{'"])


@settings(max_examples=500, deadline=None)
@given(st.lists(_TAG_PIECES, max_size=16).map("".join), st.integers(0, 4),
       st.sampled_from([("\"'", ">"), ("\"'`", "}")]))
def test_a_tag_or_brace_ends_where_a_character_by_character_scan_ends_it(
        text: str, start: int, rule: tuple[str, str]) -> None:
    """Where a component's tag (`<Card title="a > b">`) or attribute value (`{...}`) ends:
    the scan jumps between quotes and braces, and must stop where reading every character
    would."""
    quotes, wanted = rule
    assert _outside_quotes_and_braces(text, start, quotes, wanted) == \
        _scan_char_by_char(text, start, quotes, wanted)

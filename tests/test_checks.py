"""`braindiet check`: every diagnostic code, triggered by a small site, pointing at file:line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tests.conftest import page, write_site
from typer.testing import CliRunner

from braindiet.checks import run_checks
from braindiet.cli import app
from braindiet.diagnostics import Diagnostic
from braindiet.project import load_project

BIB = """@article{real_key_2020,
  title = {A Real Title},
  author = {Doe, Jane},
  journal = {Journal},
  year = {2020},
}
"""
REFS = "/docs/papers/BRAIN-Diet-References"


def base_site() -> dict[str, str]:
    """A tiny consistent site: one substance, one target, one area, one food, one recipe."""
    return {
        "static/bibtex/BRAIN-diet.bib": BIB,
        "static/img/icon.svg": "<svg xmlns='http://www.w3.org/2000/svg'/>",
        "docs/tags.yml": "Substance:\n  label: Substance\nFood:\n  label: Food\n"
                         "Recipe:\n  label: Recipe\n"
                         "Biological Target:\n  label: Biological Target\n"
                         "Therapeutic Area:\n  label: Therapeutic Area\n",
        "docs/papers/BRAIN-Diet-References.md": "---\ntitle: References\n---\n\n"
                                                "<BibTexReferences />\n",
        "docs/therapeutic-areas/adhd.md": page("ADHD", "Therapeutic Area"),
        "docs/biological-targets/focus.md": page("Focus", "Biological Target", "ADHD"),
        "docs/substances/mg.md": page("Magnesium", "Substance", "Focus",
                                      mechanisms={"Focus": "Helps."},
                                      inchikey="FYYHWMGAXLPEAU-UHFFFAOYSA-N"),
        "docs/foods/kale.md": page("Kale", "Food", "Magnesium", list_image="/img/icon.svg",
                                   body=f"Cited [Doe 2020]({REFS}#real_key_2020).\n\n"
                                        '<FoodSubstances details={frontMatter} />\n'),
        "docs/recipes/soup.md": page("Soup", "Recipe", "Kale",
                                     body='<RecipeFoods details={frontMatter} />\n'),
    }


def only(found: list[Diagnostic], code: str) -> list[tuple[str | None, int | None]]:
    return [(d.file, d.line) for d in found if d.code == code]


def check_with(tmp_path: Path, files: dict[str, str]) -> list[Diagnostic]:
    site = base_site()
    site.update(files)
    return run_checks(load_project(write_site(tmp_path, site)))


def test_the_base_site_is_clean(tmp_path: Path) -> None:
    assert check_with(tmp_path, {}) == []


@pytest.mark.parametrize(("files", "code", "where"), [
    ({"docs/foods/bad.md": "---\ntitle: Bad\ntags: [Food\n---\n"},
     "yaml-invalid", [("docs/foods/bad.md", 4)]),
    ({"docs/foods/dup.md": "---\ntitle: A\ntitle: B\n---\n"},
     "yaml-duplicate-key", [("docs/foods/dup.md", 3)]),
    ({"docs/foods/schema.md": "---\ntitle: S\ntags: Food\nsidebar_position: first\n---\n"},
     "schema", [("docs/foods/schema.md", 3), ("docs/foods/schema.md", 4)]),
    ({"docs/foods/kale2.md": "---\ntitle: Kale Two\nid: kale\n---\n"},
     "duplicate-permalink", [("docs/foods/kale.md", 1), ("docs/foods/kale2.md", 1)]),
    ({"docs/foods/kale2.md": "---\ntitle: Kale Two\nid: kale\n---\n"},
     "duplicate-id", [("docs/foods/kale.md", 1), ("docs/foods/kale2.md", 3)]),
    ({"docs/foods/nut.md": page("Nut", "Food", "Mysterium")},
     "tag-unknown", [("docs/foods/nut.md", 5)]),
    ({"docs/substances/a.md": page("Omega (One)", "Substance"),
      "docs/substances/b.md": page("Omega (Two)", "Substance"),
      "docs/foods/fish.md": page("Fish", "Food", "Omega")},
     "tag-ambiguous", [("docs/foods/fish.md", 5)]),
    ({"docs/substances/zn.md": page("Zinc", "Substance", mechanisms={"Memory": "x"})},
     "mechanism-unknown-target", [("docs/substances/zn.md", 4)]),
    ({"docs/substances/zn.md": page("Zinc", "Substance", mechanisms={"Focus": "x"})},
     "mechanism-untagged-target", [("docs/substances/zn.md", 4)]),
    ({"docs/substances/zn.md": page("Zinc", "Substance", inchikey="not-a-key")},
     "inchikey-malformed", [("docs/substances/zn.md", 3)]),
    ({"docs/substances/zn.md": page("Zinc", "Substance", inchikey="FYYHWMGAXLPEAU-UHFFFAOYSA-N",
                                    smiles="[Zn]")},
     "inchikey-mismatch", [("docs/substances/zn.md", 3)]),
    ({"docs/foods/cited.md": page("Cited", "Food",
                                  body=f"One [x]({REFS}#real_key_2020)\n"
                                       f"and [y]({REFS}#nope_1999).")},
     "citation-missing", [("docs/foods/cited.md", 8)]),
    ({"docs/foods/links.md": page("Links", "Food",
                                  body="[a](/docs/foods/kale) [b](/docs/foods/nothing) "
                                       "[f](/docs/graph) [g](/docs/finder/)\n\n"
                                       "[c](./kale.md) [d](./gone.md) [e](/bibtex/x.bib)")},
     "link-broken", [("docs/foods/links.md", 7), ("docs/foods/links.md", 9),
                     ("docs/foods/links.md", 9)]),
    ({"docs/graph.md": "---\ntitle: My graph\n---\n",
      "docs/foods/finder.md": "---\ntitle: Finder\nslug: /finder\n---\n",
      "docs/tags/notes.md": "---\ntitle: Notes on tags\n---\n"},
     "permalink-reserved", [("docs/foods/finder.md", 3), ("docs/graph.md", 1),
                            ("docs/tags/notes.md", 1)]),
    ({"docs/foods/pics.md": page("Pics", "Food", list_image="/img/missing.png",
                                 body='<img src="/img/icon.svg" />\n\n<img src="/img/gone.png" />\n'
                                      '\n![alt](/img/also-gone.jpg)')},
     "image-missing", [("docs/foods/pics.md", 3), ("docs/foods/pics.md", 10),
                       ("docs/foods/pics.md", 12)]),
    ({"docs/foods/comp.md": page("Comp", "Food", body="<FoodThings tag=\"Kale\" />")},
     "component-unknown", [("docs/foods/comp.md", 7)]),
    ({"docs/foods/comp.md": page("Comp", "Food",
                                 body="<TagList />\n\n<SubstanceFoods tag=\"Nothing\" />\n\n"
                                      "<FolderList folder=\"nowhere\" />")},
     "component-attribute", [("docs/foods/comp.md", 7), ("docs/foods/comp.md", 9),
                             ("docs/foods/comp.md", 11)]),
    ({"docs/foods/comp.md": page("Comp", "Food",
                                 body="<Collapse title=\"x\">\n\nnever closed\n\n"
                                      "<TagList tag=unquoted />")},
     "component-syntax", [("docs/foods/comp.md", 7), ("docs/foods/comp.md", 11)]),
    ({"docs/foods/comp.md": page("Comp", "Food",
                                 body="<TagList tag=\"Recipe\" filter=\"foods\" />")},
     "component-empty", [("docs/foods/comp.md", 7)]),
    ({"docs/recipes/stew.md": page("Stew", "Recipe",
                                   ingredients=[{"food": "Kale", "quantity": 1, "unit": "cup"},
                                                {"food": "Unicorn", "quantity": 2}])},
     "ingredient-unknown-food", [("docs/recipes/stew.md", 7)]),
    ({"docs/tags.yml": "Food: [not, a, mapping]\n"}, "tags-invalid", [("docs/tags.yml", 1)]),
    ({"braindiet.toml": "title = 3\n"}, "config-invalid", [("braindiet.toml", None)]),
    ({"braindiet.toml": "colour = 'red'\n"}, "config-unknown-key", [("braindiet.toml", None)]),
])
def test_each_check_reports_file_and_line(tmp_path: Path, files: dict[str, str], code: str,
                                          where: list[tuple[str, int | None]]) -> None:
    found = check_with(tmp_path, files)
    assert sorted(only(found, code)) == sorted(where), [d for d in found if d.code == code]


COMPONENT_PROBLEMS = [
    ('<Collapse title="x" open="yes">\n\nInside.\n\n</Collapse>', "error", "open= must be true"),
    ("<TagList tag={5} />", "error", "tag= must be a quoted tag"),
    ("<Collapse title={2024}>\n\nInside.\n\n</Collapse>", "error", "title= must be quoted text"),
    ("<FoodSubstances details={props} />", "error", "details= must be {frontMatter}"),
    ('<BibTexReferences sortBy="date" />', "error", "sortBy= must be one of"),
    ("<FolderList />", "error", "needs a folder= attribute"),
    ('<FolderList folder="foods" colour="red" />', "warning", "no attribute 'colour'"),
    ('<SubstanceList filter="nowhere" />', "error", "names no folder docs/nowhere"),
    ('<SubstanceList tag="Nothing" />', "warning", "lists nothing"),
    ("<Sparkle />", "error", "unknown component <Sparkle>"),
]


@pytest.mark.parametrize(("body", "severity", "says"), COMPONENT_PROBLEMS)
def test_component_uses_are_checked_against_the_registry(tmp_path: Path, body: str,
                                                         severity: str, says: str) -> None:
    found = [d for d in check_with(tmp_path, {"docs/foods/comp.md": page("Comp", "Food",
                                                                         body=body)})
             if d.code.startswith("component")]
    assert [(d.severity, d.file, d.line) for d in found] == [
        (severity, "docs/foods/comp.md", 7)], found
    assert says in found[0].message


@pytest.mark.parametrize("body", [
    '<Collapse title="x" open>\n\nInside.\n\n</Collapse>',
    "<Collapse open={false}>\n\nInside.\n\n</Collapse>",
    '<BibTexReferences sortBy="year" sortDirection="desc" showCitationKeys={false} />',
    '<FoodSubstances details={frontMatter} />\n\n<SubstanceFoods tag="Magnesium" />',
    '<TagList tag="Food" filter="/foods/" />\n\n<SubstanceList />',
])
def test_well_typed_component_uses_pass(tmp_path: Path, body: str) -> None:
    found = check_with(tmp_path, {"docs/foods/comp.md": page("Comp", "Food", body=body)})
    assert [d for d in found if d.code.startswith("component")] == []


def test_unreadable_page_is_skipped_and_reported(tmp_path: Path) -> None:
    write_site(tmp_path, base_site())
    (tmp_path / "docs/foods/latin1.md").write_bytes("---\ntitle: Caf\xe9\n---\n".encode("latin-1"))
    project = load_project(tmp_path)
    assert only(run_checks(project), "unreadable") == [("docs/foods/latin1.md", 2)]
    assert len(project.documents) == 6


def test_check_cli_json_and_strict(tmp_path: Path) -> None:
    write_site(tmp_path, {**base_site(), "docs/foods/nut.md": page("Nut", "Food", "Mysterium")})
    runner = CliRunner()
    relaxed = runner.invoke(app, ["check", str(tmp_path), "--format", "json"])
    assert relaxed.exit_code == 0
    [problem] = json.loads(relaxed.stdout)
    assert problem == {"severity": "warning", "code": "tag-unknown", "file": "docs/foods/nut.md",
                       "line": 5, "hint": "add it to docs/tags.yml or fix the spelling",
                       "message": "tag 'Mysterium' names no page and is not declared in tags.yml"}
    strict = runner.invoke(app, ["check", str(tmp_path), "--strict"])
    assert strict.exit_code == 1
    assert "docs/foods/nut.md:5" in strict.stdout


def test_example_passes_strict_check() -> None:
    result = CliRunner().invoke(app, ["check", "--strict"])
    assert result.exit_code == 0, result.stdout
    assert "0 errors, 0 warnings" in result.stdout


@pytest.mark.corpus
def test_corpus_missing_citations_are_reported_everywhere(corpus_root: Path) -> None:
    found = run_checks(load_project(corpus_root))
    missing = [d for d in found if d.code == "citation-missing"]
    keys = {d.message.split("'")[1] for d in missing}
    assert len(keys) == 56
    assert len(missing) == 90  # every place each missing key is cited
    assert all(d.file and d.file.startswith("docs/") and d.line for d in missing)
    text = "\n".join(f"{d.file}:{d.line}" for d in missing)
    corpus_lines = {}
    for d in missing:  # the reported line really holds the citation
        assert d.file is not None and d.line is not None
        lines = corpus_lines.setdefault(d.file, (corpus_root / d.file).read_text().splitlines())
        key = d.message.split("'")[1]
        assert f"#{key}" in lines[d.line - 1], text

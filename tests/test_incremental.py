"""Incremental rebuilds must equal clean full builds, byte for byte, after every kind of edit."""

from __future__ import annotations

import random
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from tests.conftest import page

from braindiet.project import example_site
from braindiet.site.build import build
from braindiet.site.incremental import LiveSite

Edit = Callable[[Path], None]


def tree(folder: Path) -> dict[str, bytes]:
    """Every file but the search index, which the dev server refreshes after the reload."""
    files = (p for p in folder.rglob("*") if p.is_file())
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in files if p.relative_to(folder).parts[0] != "pagefind"}


def assert_same_as_full_build(live: LiveSite, scratch: Path) -> None:
    reference = scratch / "reference"
    build(live.root, reference, dev=live.dev)
    got, want = tree(live.output), tree(reference)
    assert sorted(got) == sorted(want), (set(got) ^ set(want))
    differing = [path for path in want if got[path] != want[path]]
    assert differing == []


def replace(relative: str, old: str, new: str) -> Edit:
    def edit(root: Path) -> None:
        path = root / relative
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {relative}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return edit


def write(relative: str, text: str) -> Edit:
    def edit(root: Path) -> None:
        (root / relative).parent.mkdir(parents=True, exist_ok=True)
        (root / relative).write_text(text, encoding="utf-8")
    return edit


def delete(relative: str) -> Edit:
    return lambda root: (root / relative).unlink()


def move(relative: str, to: str) -> Edit:
    return lambda root: (root / relative).rename(root / to)


WALNUTS = page("Walnuts", "Food", "Walnuts", "Magnesium", "Vegan",
               body="Walnuts.\n\n<FoodSubstances details={frontMatter} />\n\n"
                    "<FoodMatrix tag=\"Walnuts\" />")
EDITS: list[tuple[str, Edit]] = [
    ("edit a food's description",
     replace("docs/foods/almonds.md", "Tree nut providing", "Crunchy tree nut providing")),
    ("retag a food", replace("docs/foods/almonds.md", "  - Iron\n", "  - Zinc\n")),
    ("rename a food", replace("docs/foods/almonds.md", "title: Almonds", "title: Almond Nuts")),
    ("add a food", write("docs/foods/walnuts.md", WALNUTS)),
    ("delete a food", delete("docs/foods/onions.md")),
    ("move a page to another folder", move("docs/foods/dates.md", "docs/recipes/Snacks/dates.md")),
    ("change a mechanism sentence",
     replace("docs/substances/nutrients/micronutrients/minerals/trace/zinc.md",
             "mechanisms:\n", "mechanisms:\n  Stress Response: Zinc, briefly.\n")),
    ("edit a substance's structure",
     replace("docs/substances/nutrients/micronutrients/minerals/trace/iron.md",
             'smiles: "[Fe]"', 'smiles: "[Zn]"')),
    ("edit a serving weight", replace("docs/foods/spinach.md", "quantity: 1\n", "quantity: 2\n")),
    ("add a citation of a missing key",
     replace("docs/foods/spinach.md", "## Overview\n",
             "## Overview\n\nSee [X](/docs/papers/BRAIN-Diet-References#nobody_2001).\n")),
    ("edit the bibliography",
     replace("static/bibtex/BRAIN-diet.bib", "Magnesium Sulfate Protects",
             "Magnesium Sulphate Protects")),
    ("add the missing key to the bibliography",
     replace("static/bibtex/BRAIN-diet.bib", "@article{clerc_magnesium_2013,",
             "@article{nobody_2001,\n  title = {Nothing},\n  author = {Body, No},\n"
             "  journal = {J},\n  year = {2001},\n}\n\n@article{clerc_magnesium_2013,")),
    ("edit tags.yml", replace("docs/tags.yml", "label: Vegan", "label: Plant-based")),
    ("add a static image", write("static/img/new.svg", "<svg xmlns='http://www.w3.org/2000/svg'/>")),
    ("break a page's front matter", write("docs/foods/broken.md", "---\ntitle: [x\n---\n")),
    ("fix it again", write("docs/foods/broken.md", page("Broken No More", "Food"))),
    ("edit the settings", replace("braindiet.toml", 'title = "BRAIN Diet"', 'title = "Brain"')),
]


@pytest.fixture()
def live(tmp_path: Path) -> LiveSite:
    root = tmp_path / "site"
    shutil.copytree(example_site(), root)
    return LiveSite(root, tmp_path / "live")


def test_a_rebuild_with_no_change_makes_nothing(live: LiveSite) -> None:
    report = live.rebuild()
    assert (report.made, report.written, report.removed) == (0, 0, 0)


def test_every_edit_in_a_series_matches_a_full_build(live: LiveSite, tmp_path: Path) -> None:
    for name, edit in EDITS:
        edit(live.root)
        live.rebuild()
        assert_same_as_full_build(live, tmp_path / name.replace(" ", "-"))


def test_an_edit_rebuilds_only_what_depends_on_it(live: LiveSite) -> None:
    replace("docs/foods/almonds.md", "Tree nut providing", "Crunchy tree nut providing")(live.root)
    report = live.rebuild()
    total = len(live.files)
    assert not report.full and 0 < report.made < total / 3
    magnesium = "docs/substances/nutrients/micronutrients/minerals/macro/magnesium/index.html"
    assert b"Crunchy tree nut" in (live.output / magnesium).read_bytes()


def test_random_edits_match_full_builds(live: LiveSite, tmp_path: Path) -> None:
    """Retag, rename and add pages at random; every state must equal its full build."""
    rng = random.Random(7)
    foods = sorted((live.root / "docs/foods").glob("*.md"))
    for step in range(6):
        path = rng.choice([p for p in foods if p.name != "index.md" and p.exists()])
        text = path.read_text(encoding="utf-8")
        action = rng.choice(["retag", "title", "new"])
        if action == "retag":
            text = text.replace("  - Food\n", f"  - Food\n  - {rng.choice(['Zinc', 'Iron'])}\n", 1)
            path.write_text(text, encoding="utf-8")
        elif action == "title":
            path.write_text(text.replace("title: ", f"title: Step {step} ", 1), encoding="utf-8")
        else:
            (live.root / f"docs/foods/new-{step}.md").write_text(
                page(f"New {step}", "Food", rng.choice(["Magnesium", "DHA", "Quercetin"])),
                encoding="utf-8")
        live.rebuild()
        assert_same_as_full_build(live, tmp_path / f"step-{step}")


@pytest.mark.corpus
def test_corpus_food_edit_matches_full_build(corpus_root: Path, tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    shutil.copytree(corpus_root, root)
    live = LiveSite(root, tmp_path / "live")
    replace("docs/foods/spinach.md", "  - Magnesium\n", "")(root)
    report = live.rebuild()
    assert 0 < report.made < len(live.files) / 4
    assert_same_as_full_build(live, tmp_path / "reference")

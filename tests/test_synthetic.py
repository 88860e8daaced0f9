"""The synthetic knowledge-base generator behind the benchmarks (scripts/synthetic.py).

A benchmark is only worth reading if the site it runs on looks like the real one: these tests
load a generated site with braindiet itself and check its proportions and tag density.
"""

from __future__ import annotations

import importlib.util
import math
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from braindiet.checks import run_checks
from braindiet.content.document import Document
from braindiet.content.kinds import Kind
from braindiet.diagnostics import Severity
from braindiet.project import Project, load_project

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "synthetic.py"
PAGES = 300
Generated = tuple[Path, Any]  # the site folder and the generator's Stats for it


@pytest.fixture(scope="module")
def synthetic() -> ModuleType:
    spec = importlib.util.spec_from_file_location("synthetic", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["synthetic"] = module  # dataclasses look their module up while being built
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module", autouse=True)
def private_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("BRAINDIET_CACHE", str(tmp_path_factory.mktemp("cache")))
        yield


@pytest.fixture(scope="module")
def generated(synthetic: ModuleType,
              tmp_path_factory: pytest.TempPathFactory) -> Generated:
    """A 300-page site (the corpus's size) and the generator's `Stats` for it."""
    root = tmp_path_factory.mktemp("synthetic") / "site"
    return root, synthetic.generate(root, PAGES, seed=3)


@pytest.fixture(scope="module")
def project(generated: Generated) -> Project:
    return load_project(generated[0])


def of_kind(project: Project, kind: Kind) -> list[Document]:
    return [d for d in project.documents if d.kind is kind]


def test_every_page_written_is_loaded(generated: Generated, project: Project) -> None:
    _, stats = generated
    assert stats.pages == PAGES
    assert len(project.documents) == PAGES
    assert len(project.bibliography) == stats.bib_entries


def test_proportions_follow_the_corpus(project: Project) -> None:
    share = {kind: n / PAGES for kind, n in Counter(d.kind for d in project.documents).items()}
    assert 0.50 <= share[Kind.FOOD] <= 0.56
    assert 0.22 <= share[Kind.SUBSTANCE] <= 0.27
    assert 0.025 <= share[Kind.RECIPE] <= 0.035
    assert 0.03 <= share[Kind.TARGET] + share[Kind.AREA] <= 0.06
    assert 0.14 <= share[Kind.SECTION] <= 0.16
    assert share[Kind.PAPER] == 1 / PAGES


def test_every_food_contains_8_to_20_substances(project: Project) -> None:
    counts = [len(project.graph.substances(food)) for food in of_kind(project, Kind.FOOD)]
    assert min(counts) >= 8 and max(counts) <= 20


def test_every_substance_supports_3_to_6_targets_with_a_mechanism_each(project: Project) -> None:
    graph = project.graph
    for substance in of_kind(project, Kind.SUBSTANCE):
        targets = graph.targets(substance)
        assert 3 <= len(targets) <= 6
        assert all(graph.mechanism(substance, target) for target in targets)


def test_recipes_name_5_to_10_foods_and_a_meal(synthetic: ModuleType, project: Project) -> None:
    for recipe in of_kind(project, Kind.RECIPE):
        assert 5 <= len(project.graph.recipe_foods(recipe)) <= 10
        assert set(recipe.tags) & set(synthetic.MEALS)


def test_targets_matter_for_2_to_5_areas_and_every_area_has_targets(project: Project) -> None:
    graph = project.graph
    assert all(2 <= len(graph.areas(t)) <= 5 for t in of_kind(project, Kind.TARGET))
    assert all(graph.area_targets(area) for area in of_kind(project, Kind.AREA))


def test_check_finds_only_the_deliberately_missing_citations(generated: Generated,
                                                             project: Project) -> None:
    _, stats = generated
    errors = [d for d in run_checks(project) if d.severity is Severity.ERROR]
    assert {d.code for d in errors} == {"citation-missing"}
    assert stats.missing_citations > 0


def test_same_seed_gives_byte_identical_output(synthetic: ModuleType, generated: Generated,
                                               tmp_path: Path) -> None:
    root, _ = generated
    synthetic.generate(tmp_path / "again", PAGES, seed=3)
    synthetic.generate(tmp_path / "other", PAGES, seed=4)
    assert snapshot(tmp_path / "again") == snapshot(root)
    assert snapshot(tmp_path / "other") != snapshot(root)


def test_density_stays_flat_and_folders_small_as_the_site_grows(synthetic: ModuleType,
                                                                generated: Generated,
                                                                tmp_path: Path) -> None:
    _, small = generated
    large = synthetic.generate(tmp_path / "large", 3000, seed=3, chemistry=False)
    assert large.pages == 3000
    for name in ("substances per food", "targets per substance", "foods per recipe",
                 "areas per target", "foods per substance"):
        small_mean, large_mean = small.density[name][0], large.density[name][0]
        assert abs(large_mean - small_mean) <= 0.2 * small_mean, name
    assert large.largest_folder <= 200
    growth = large.by_kind["biological-target"] / small.by_kind["biological-target"]
    assert growth <= 1.2 * math.sqrt(large.pages / small.pages)  # far slower than the pages


def test_a_folder_it_did_not_make_is_never_replaced(synthetic: ModuleType,
                                                    tmp_path: Path) -> None:
    (tmp_path / "notes.md").write_text("mine", encoding="utf-8")
    with pytest.raises(FileExistsError):
        synthetic.generate(tmp_path, PAGES)
    assert (tmp_path / "notes.md").read_text(encoding="utf-8") == "mine"


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted(root.rglob("*")) if p.is_file()}

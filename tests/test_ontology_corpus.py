"""The mechanism ontology on the two reference corpora. The facts asserted are the corpus'
own (counted from its files: ids, parents, dependency pages, the registry), not braindiet's
output copied back."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from braindiet.checks import run_checks
from braindiet.commands import query
from braindiet.content.kinds import MECHANISM_KINDS, Kind
from braindiet.diagnostics import Diagnostic
from braindiet.graph.edges import Relation
from braindiet.graph.retired import RETIRED_TARGETS
from braindiet.project import Project, load_project

pytestmark = pytest.mark.corpus

# BRS id -> (FMs, PMs, KCs, SMs) under it, as the tree's folders hold them
SYSTEMS = {"BRS1": (4, 10, 1, 3), "BRS2": (3, 7, 2, 1), "BRS3": (3, 8, 1, 0),
           "BRS4": (4, 9, 2, 0), "BRS5": (3, 8, 3, 0), "BRS6": (4, 9, 2, 0),
           "BRS-X(ECS)": (1, 5, 1, 0), "BRS-X(Hormones)": (1, 6, 0, 0)}
DEPENDENCIES = {("BRS2", "BRS1"), ("BRS2", "BRS3"), ("BRS3", "BRS1"), ("BRS4", "BRS1"),
                ("BRS5", "BRS1"), ("BRS5", "BRS3"), ("BRS5", "BRS4"), ("BRS5", "BRS6"),
                ("BRS6", "BRS1"), ("BRS6", "BRS3"), ("BRS6", "BRS4")}


@pytest.fixture(scope="module")
def project(corpus_2026_root: Path) -> Project:
    return load_project(corpus_2026_root)


@pytest.fixture(scope="module")
def checked(project: Project) -> list[Diagnostic]:
    return run_checks(project)


def counted(diagnostics: list[Diagnostic]) -> Counter[str]:
    return Counter(d.code for d in diagnostics)


def test_every_mechanism_sits_in_its_system(project: Project) -> None:
    graph = project.graph
    kinds = Counter(d.kind for d in project.documents)
    assert (kinds[Kind.SYSTEM], kinds[Kind.FUNCTIONAL], kinds[Kind.PROCESS],
            kinds[Kind.CONSTRAINT], kinds[Kind.SPECIFIC]) == (9, 23, 62, 12, 4)
    for system, expected in SYSTEMS.items():
        hub = graph.page_of_id(system)
        assert hub is not None and hub.kind is Kind.SYSTEM, system
        inside = Counter(d.kind for d in graph.descendants(hub))
        assert tuple(inside[k] for k in (Kind.FUNCTIONAL, Kind.PROCESS, Kind.CONSTRAINT,
                                         Kind.SPECIFIC)) == expected, system
    for document in project.documents:
        if document.kind in MECHANISM_KINDS:
            assert graph.system_of(document) is not None, document.site_path


def test_pm_numbers_sort_as_numbers(project: Project) -> None:
    graph = project.graph
    fm4 = graph.page_of_id("BRS1(FM4)")
    assert fm4 is not None
    assert [graph.ontology_id(p) for p in graph.parts(fm4)] == [
        "BRS1-FM4-PM7", "BRS1-FM4-PM8", "BRS1-FM4-PM9", "BRS1-FM4-PM10"]


def test_the_dependency_pages(project: Project) -> None:
    graph = project.graph
    stated = {(graph.ontology_id(e.source), graph.ontology_id(e.target))
              for d in project.documents for e in graph.dependencies(d)}
    assert stated == DEPENDENCIES


def test_every_pm_and_sm_row_reaches_a_registry_phenome(project: Project) -> None:
    graph = project.graph
    rows = [r for d in project.documents for r in graph.relationships(d)]
    pm_rows = [r for r in rows if r.origin == "phenome_relationships"]
    assert len(pm_rows) == 160 and all(r.phenome is not None for r in pm_rows)
    unmatched = [r for r in rows if r.phenome is None]
    assert {graph.ontology_id(r.mechanism) for r in unmatched} == {"BRS-X(Hormones-FM1)"}
    assert {r.phenome_name for r in unmatched} == {"Motivation & Behavioural Activation",
                                                  "Cognitive Clarity & Stability"}


def test_phenomes_and_registry_areas(project: Project) -> None:
    graph = project.graph
    phenome_pages = [d for d in project.documents if d.kind is Kind.PHENOME]
    assert len(phenome_pages) == 15 and all(graph.registry_phenome(p) for p in phenome_pages)
    focus = graph.registry_page("PH001")
    assert focus is not None and focus in phenome_pages
    areas = [graph.registry_area(a) for a in graph.areas_of_phenome(focus)]
    assert [a.id for a in areas if a] == ["TA001", "TA002", "TA004", "TA005", "TA006", "TA007"]
    # no therapeutic-area page bears a registry area's name: each gets a generated page
    entries = [graph.registry_area(p) for p in project.generated if p.kind is Kind.AREA]
    generated = {entry.id for entry in entries if entry}
    assert generated == {f"TA00{n}" for n in range(1, 8)}
    assert not [p for p in project.generated if p.kind is Kind.PHENOME]


def test_query_recipes_for_adhd_explains_through_mechanisms_and_phenomes(
        corpus_2026_root: Path) -> None:
    cli = typer.Typer()
    cli.add_typer(query.app, name="query")
    result = CliRunner().invoke(cli, ["query", "recipes", "--area", "ADHD",
                                      str(corpus_2026_root), "--format", "json", "-n", "5"])
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert len(data["recipes"]) == 5 and data["area"]["title"] == "ADHD"
    chains = [(t, c) for r in data["recipes"] for t in r["targets"] for c in t["chains"]]
    through_phenome = [(t, c) for t, c in chains if c.get("phenomes")]
    assert through_phenome
    target, chain = through_phenome[0]
    assert target["kind"] in {"process-mechanism", "functional-mechanism",
                              "specific-mechanism", "regulatory-system"}
    assert chain["food"]["permalink"].startswith("/docs/foods/")
    assert chain["substance"]["permalink"].startswith("/docs/substances/")


def test_magnesium_reaches_its_process_mechanisms_as_a_cofactor(project: Project) -> None:
    graph = project.graph
    magnesium = graph.page_of_kind("Magnesium", Kind.SUBSTANCE)
    assert magnesium is not None
    cofactor_of = [link.target for link in graph.target_links(magnesium)
                   if link.relation is Relation.COFACTOR_OF]
    assert cofactor_of and all(t.kind is Kind.PROCESS for t in cofactor_of)
    assert all(magnesium in graph.cofactors(t) for t in cofactor_of)


def test_the_retired_target_names_are_reported_where_written(project: Project,
                                                              checked: list[Diagnostic]
                                                              ) -> None:
    retired = [d for d in checked if d.code == "target-retired"]
    named = {d.message.split("'")[1].casefold() for d in retired}
    assert named <= {n.casefold() for n in RETIRED_TARGETS}
    # these two are a BRS-X hub's own name and tag: they name the hub, not a retired page
    assert not named & {"endocannabinoid system", "hormonal response"}
    magnesium = project.graph.page_of_kind("Magnesium", Kind.SUBSTANCE)
    assert magnesium is not None
    keys = magnesium.front.subkey_lines["mechanisms"]
    on_magnesium = {d.line for d in retired if d.file == magnesium.site_path}
    assert {keys["Neurochemical Balance"], keys["Stress Response"]} <= on_magnesium
    inflammation = next(d for d in retired if "'Inflammation'" in d.message)
    assert "inflammation-oxidative-stress.md" in inflammation.message
    assert "Inflammation & Oxidative Stress" in (inflammation.hint or "")
    targets = {t.title for t in project.graph.targets(magnesium)}
    assert "BRS3 - Inflammation & Oxidative Stress" not in targets


def test_the_validators_rules_on_the_corpus(checked: list[Diagnostic]) -> None:
    codes = counted(checked)
    for clean in ("mechanism-id-invalid", "mechanism-id-duplicate", "mechanism-id-system",
                  "mechanism-parent-missing", "mechanism-parent-mismatch",
                  "mechanism-link-unresolved", "mechanism-link-href", "fm-coverage-mismatch",
                  "fm-single-pm", "phenome-inactive", "phenome-unmapped", "dependency-invalid",
                  "mechanism-field", "mechanism-field-missing", "registry-invalid"):
        assert codes[clean] == 0, clean
    # names written beside ids that drifted from the titles: 41 PM key-constraint strings,
    # 16 FM key-constraint entries, 2 SM connections
    assert codes["mechanism-name-drift"] == 59
    assert codes["dominance-legacy"] == 29 and codes["coverage-timing-unknown"] == 8
    assert codes["fm-constraints-differ"] == 4
    unknown = [d for d in checked if d.code == "phenome-unknown"]
    assert len(unknown) == 2 and {d.severity for d in unknown} == {"warning"}
    front_matter_citations = [d for d in checked if d.code == "citation-missing"
                              and "biological-targets/" in (d.file or "")]
    assert front_matter_citations == []


def test_the_december_tree_has_no_ontology(corpus_root: Path) -> None:
    project = load_project(corpus_root)
    kinds = {d.kind for d in project.documents}
    assert Kind.TARGET in kinds and not kinds & {Kind.SYSTEM, *MECHANISM_KINDS, Kind.PHENOME}
    assert project.generated == [] and project.graph.registry() is None
    codes = counted(run_checks(project))
    assert not [c for c in codes if c.startswith(("mechanism-", "fm-", "phenome-", "registry-",
                                                  "target-retired", "area-"))]

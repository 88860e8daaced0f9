"""The mechanism ontology on a small site: kinds, typed front matter, the registry's pages, the
typed edges and the queries a reader (or a component) asks of them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from tests.ontology_site import FM, HUB_URL, KC, PM, PM_URL, REGISTRY, SM, ontology_site
from typer.testing import CliRunner

from braindiet.checks import run_checks
from braindiet.commands import query
from braindiet.content.document import Document
from braindiet.content.kinds import Kind
from braindiet.content.mechanisms import RelationshipType, Score
from braindiet.diagnostics import Diagnostic
from braindiet.graph.edges import Relation
from braindiet.graph.knowledge import KnowledgeGraph
from braindiet.graph.query import paths, rank_recipes
from braindiet.project import Project, load_project


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return ontology_site(tmp_path_factory.mktemp("ontology"))


@pytest.fixture(scope="module")
def project(site: Path) -> Project:
    return load_project(site)


@pytest.fixture(scope="module")
def graph(project: Project) -> KnowledgeGraph:
    return project.graph


def at(graph: KnowledgeGraph, permalink: str) -> Document:
    found = graph.page_at(permalink)
    assert found is not None, permalink
    return found


def by_id(graph: KnowledgeGraph, ontology_id: str) -> Document:
    found = graph.page_of_id(ontology_id)
    assert found is not None, ontology_id
    return found


def titles(documents: list[Document]) -> list[str]:
    return [d.title for d in documents]


def codes(diagnostics: list[Diagnostic], file: str | None = None) -> list[str]:
    return [d.code for d in diagnostics if file is None or d.file == file]


# ---- kinds and front matter ---------------------------------------------------------------


def test_pages_take_their_kind_from_the_id_they_declare(graph: KnowledgeGraph) -> None:
    kinds = {d.site_path: d.kind for d in graph.documents}
    assert kinds[PM] is Kind.PROCESS and kinds[FM] is Kind.FUNCTIONAL
    assert kinds[KC] is Kind.CONSTRAINT and kinds[SM] is Kind.SPECIFIC
    assert kinds["docs/biological-targets/calm-signalling.md"] is Kind.SYSTEM
    assert kinds["docs/biological-targets/dependencies/brs2-to-brs1.md"] is Kind.PAGE
    assert kinds["docs/phenomes/details/ph001-focus-stability.md"] is Kind.PHENOME
    assert graph.ontology_id(at(graph, HUB_URL)) == "BRS1"


def test_an_old_target_page_keeps_its_kind(tmp_path: Path) -> None:
    root = ontology_site(tmp_path, {"docs/biological-targets/stress-response.md":
                                    "---\ntitle: Stress Response\n---\nHPA axis.\n"})
    stress = load_project(root).graph.page("Stress Response")
    assert stress is not None and stress.kind is Kind.TARGET


def test_a_bad_score_is_one_problem_at_its_line_and_only_its_row_is_lost(tmp_path: Path) -> None:
    text = (Path(ontology_site(tmp_path)) / PM).read_text(encoding="utf-8")
    bad = text.replace("confidence: low-medium", "confidence: very high", 1)
    (tmp_path / PM).write_text(bad, encoding="utf-8")
    project = load_project(tmp_path)
    problems = [d for d in project.diagnostics if d.file == PM and d.code == "mechanism-field"]
    assert len(problems) == 1
    line = bad.splitlines().index("  confidence: very high") + 1
    assert problems[0].line == line
    assert "low-medium" in (problems[0].hint or "")
    pm = by_id(project.graph, "BRS1-FM1-PM1")
    assert [r.phenome_name for r in project.graph.relationships(pm)] == ["Calm Tone"]


def test_an_unquoted_yes_is_read_as_yes_and_reported(tmp_path: Path) -> None:
    root = ontology_site(tmp_path)
    path = root / PM
    path.write_text(path.read_text(encoding="utf-8").replace("timing_specific: 'Yes'",
                                                              "timing_specific: Yes"))
    project = load_project(root)
    assert by_id(project.graph, "BRS1-FM1-PM1").meta.timing_specific == "Yes"
    assert "yaml-boolean" in codes(run_checks(project), PM)


# ---- the registry's pages -----------------------------------------------------------------


def test_a_registry_area_without_a_page_gets_one(graph: KnowledgeGraph) -> None:
    adhd = at(graph, "/docs/therapeutic-areas/adhd")
    assert adhd.kind is Kind.AREA and adhd.site_path == REGISTRY
    entry = graph.registry_area(adhd)
    assert entry is not None and entry.id == "TA001"
    assert graph.page("ADHD") is adhd and graph.page("TA001") is adhd
    assert "<TherapeuticAreaMatrix" in adhd.body and "PH001" in adhd.body


def test_braindiet_toml_maps_a_registry_area_to_an_existing_page(tmp_path: Path) -> None:
    root = ontology_site(tmp_path, {"braindiet.toml": '[areas]\nTA002 = "Anxiety & GAD"\n'})
    graph = load_project(root).graph
    anxiety = at(graph, "/docs/therapeutic-areas/anxiety-gad")
    entry = graph.registry_area(anxiety)
    assert entry is not None and entry.name == "Anxiety Disorders"
    assert graph.page_at("/docs/therapeutic-areas/anxiety-disorders") is None
    assert titles(graph.area_phenomes(anxiety)) == ["PH001 — Focus Stability"]


def test_phenome_pages_are_their_registry_entries(graph: KnowledgeGraph) -> None:
    focus = at(graph, "/docs/phenomes/details/ph001-focus-stability")
    entry = graph.registry_phenome(focus)
    assert entry is not None and entry.id == "PH001"
    calm = graph.registry_page("PH002")  # active, no page of its own: generated
    assert calm is not None and calm.site_path == REGISTRY and calm.kind is Kind.PHENOME
    assert graph.registry_page("PH003") is None  # retired: no page
    assert titles(graph.areas_of_phenome(focus)) == ["ADHD", "Anxiety Disorders"]


# ---- the typed edges ----------------------------------------------------------------------


def test_the_hierarchy(graph: KnowledgeGraph) -> None:
    hub, fm, pm = at(graph, HUB_URL), by_id(graph, "BRS1(FM1)"), by_id(graph, "BRS1-FM1-PM1")
    assert [graph.ontology_id(p) for p in graph.parts(hub)] == [
        "BRS1(FM1)", "BRS1(SM-SNP1)", "BRS1(KC1)"]
    assert graph.parts(fm) == [pm] and graph.parent(pm) is fm
    assert graph.system_of(pm) is hub and graph.system_of(hub) is hub
    assert graph.constraints(pm) == [by_id(graph, "BRS1(KC1)")]
    assert set(graph.constrained(by_id(graph, "BRS1(KC1)"))) == {fm, pm}
    assert graph.connections(by_id(graph, "BRS1(SM-SNP1)")) == [fm, pm]


def test_a_dependency_page_links_two_systems(graph: KnowledgeGraph) -> None:
    (edge,) = graph.dependencies(by_id(graph, "BRS2"))
    assert edge.target is by_id(graph, "BRS1")
    assert edge.declared_in.site_path.endswith("dependencies/brs2-to-brs1.md")
    assert graph.dependants(by_id(graph, "BRS1")) == [edge]


def test_a_phenome_row_carries_its_scores_and_references(graph: KnowledgeGraph) -> None:
    pm = by_id(graph, "BRS1-FM1-PM1")
    first, second = graph.relationships(pm)
    assert first.phenome is graph.registry_page("PH001")
    assert first.relationship_type is RelationshipType.MODULATES
    assert first.confidence is Score.LOW_MEDIUM and first.evidence_confidence is Score.LOW
    assert first.references[0].citation_key == "smith_gaba_2020"
    assert second.relationship_type is RelationshipType.SUPPORTS
    focus = graph.registry_page("PH001")
    assert focus is not None
    assert titles(graph.modulators(focus)) == ["Inhibitory Tone", "GABA Synthesis"]
    assert [r.origin for r in graph.relationships_to(focus)] == [
        "functional_outcome_context", "phenome_relationships"]


def test_phenomes_roll_up_from_parts(graph: KnowledgeGraph) -> None:
    hub = at(graph, HUB_URL)
    assert titles(graph.phenomes_of(hub)) == ["PH001 — Focus Stability", "PH002 — Calm Tone"]
    assert graph.direct_phenomes(hub) == []
    rolled = {r.phenome.title: r for r in graph.rollup(by_id(graph, "BRS1(FM1)"))}
    assert rolled["PH002 — Calm Tone"].relationship_type is RelationshipType.SUPPORTS


def test_two_backing_rows_raise_the_rolled_up_confidence(tmp_path: Path) -> None:
    second_pm = PM.replace("pm1-gaba-synthesis", "pm2-gaba-release")
    text = (ontology_site(tmp_path) / PM).read_text(encoding="utf-8")
    (tmp_path / second_pm).write_text(text.replace("BRS1-FM1-PM1", "BRS1-FM1-PM2")
                                      .replace("GABA Synthesis", "GABA Release"))
    graph = load_project(tmp_path).graph
    rolled = {r.phenome.title: r for r in graph.rollup(by_id(graph, "BRS1(FM1)"))}
    assert rolled["PH001 — Focus Stability"].confidence is Score.MEDIUM  # low-medium, raised
    assert len(rolled["PH001 — Focus Stability"].rows) == 2


def test_cofactors_name_substances(graph: KnowledgeGraph) -> None:
    magnesium = graph.page_of_kind("Magnesium", Kind.SUBSTANCE)
    pm = by_id(graph, "BRS1-FM1-PM1")
    assert graph.cofactors(pm) == [magnesium]  # `meal timing` names no page
    assert magnesium is not None
    links = {link.target.title: link.relation for link in graph.target_links(magnesium)}
    assert links == {"BRS1 - Calm Signalling": Relation.SUPPORTS,
                     "GABA Synthesis": Relation.COFACTOR_OF}


def test_a_retired_target_name_is_reported_and_links_nothing(graph: KnowledgeGraph,
                                                              project: Project) -> None:
    magnesium = graph.page_of_kind("Magnesium", Kind.SUBSTANCE)
    assert magnesium is not None
    assert "BRS2 - Energy Supply & Inflammation" not in titles(graph.targets(magnesium))
    retired = [d for d in project.diagnostics if d.code == "target-retired"]
    assert {d.line for d in retired} == {magnesium.front.subkey_lines["mechanisms"]["Inflammation"],
                                         magnesium.tag_line(2)}
    assert all("energy-supply.md" in d.message for d in retired)
    assert any(d.hint == "write `- Energy Supply & Inflammation` instead" for d in retired)


def test_a_configured_successor_is_followed(tmp_path: Path) -> None:
    root = ontology_site(tmp_path, {"braindiet.toml":
                                    '[retired_targets]\nInflammation = "BRS2"\n'})
    project = load_project(root)
    magnesium = project.graph.page_of_kind("Magnesium", Kind.SUBSTANCE)
    assert magnesium is not None
    assert "BRS2 - Energy Supply & Inflammation" in titles(project.graph.targets(magnesium))
    assert {d.severity for d in project.diagnostics if d.code == "target-retired"} == {"info"}


# ---- the chain's queries ------------------------------------------------------------------


def test_an_areas_targets_are_the_mechanisms_of_its_phenomes(graph: KnowledgeGraph) -> None:
    adhd = at(graph, "/docs/therapeutic-areas/adhd")
    assert set(titles(graph.area_targets(adhd))) == {
        "BRS1 - Calm Signalling", "Inhibitory Tone", "GABA Synthesis"}
    assert titles(graph.area_substances(adhd)) == ["Magnesium"]
    assert titles(graph.area_foods(adhd)) == ["Spinach"]
    assert "ADHD" in titles(graph.areas(at(graph, PM_URL)))


def test_recipes_rank_for_a_registry_area_with_the_phenomes_they_reach(
        graph: KnowledgeGraph) -> None:
    adhd = at(graph, "/docs/therapeutic-areas/adhd")
    (rank,) = rank_recipes(graph, adhd)
    assert rank.recipe.title == "Green Bowl" and rank.score == 2  # the system and its PM
    via_pm = next(c for c in rank.chains if c.target.title == "GABA Synthesis")
    assert via_pm.relation is Relation.COFACTOR_OF
    assert titles(list(via_pm.phenomes)) == ["PH001 — Focus Stability", "PH002 — Calm Tone"]


def test_a_path_runs_from_a_food_to_an_area_through_a_phenome(graph: KnowledgeGraph) -> None:
    spinach = graph.page_of_kind("Spinach", Kind.FOOD)
    adhd = at(graph, "/docs/therapeutic-areas/adhd")
    assert spinach is not None
    found = paths(graph, spinach, adhd)
    assert found and all(p[-1].relation is Relation.IN_AREA for p in found)
    through_system = next(p for p in found if p[1].relation is Relation.SUPPORTS)
    assert [s.relation for s in through_system][2] is Relation.PART_OF
    assert through_system[2].reverse  # walked from the system to its FM


def test_query_recipes_area_explains_each_chain(site: Path) -> None:
    cli = typer.Typer()
    cli.add_typer(query.app, name="query")
    result = CliRunner().invoke(cli, ["query", "recipes", "--area", "ADHD", str(site),
                                      "--format", "json"])
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    target = next(t for t in data["recipes"][0]["targets"] if t["title"] == "GABA Synthesis")
    assert target["kind"] == "process-mechanism" and target["id"] == "BRS1-FM1-PM1"
    chain = target["chains"][0]
    assert (chain["food"]["title"], chain["substance"]["title"], chain["relation"]) == (
        "Spinach", "Magnesium", "cofactor_of")
    assert [p["title"] for p in chain["phenomes"]] == ["PH001 — Focus Stability",
                                                       "PH002 — Calm Tone"]
    text = CliRunner().invoke(cli, ["query", "recipes", "--area", "ADHD", str(site),
                                    "--explain"]).stdout
    assert "Spinach → Magnesium (cofactor) → PH001 — Focus Stability" in text


def test_query_substances_of_a_mechanism_by_its_id(site: Path) -> None:
    cli = typer.Typer()
    cli.add_typer(query.app, name="query")
    result = CliRunner().invoke(cli, ["query", "substances", "--target", "BRS1-FM1-PM1",
                                      str(site), "--format", "json"])
    assert result.exit_code == 0, result.stderr
    assert [s["title"] for s in json.loads(result.stdout)["substances"]] == ["Magnesium"]


def test_front_matter_citations_are_checked_and_counted(tmp_path: Path) -> None:
    root = ontology_site(tmp_path)
    path = root / PM
    path.write_text(path.read_text(encoding="utf-8").replace(
        "citation_key: smith_gaba_2020", "citation_key: nobody_1999", 1))
    problems = [d for d in run_checks(load_project(root))
                if d.code == "citation-missing" and d.file == PM]
    assert [d.message for d in problems] == [
        "citation key 'nobody_1999' is not in the bibliography"]
    assert path.read_text(encoding="utf-8").splitlines()[problems[0].line - 1].strip() == \
        "citation_key: nobody_1999"

"""`check` on the mechanism ontology: each rule reports at the line an author must edit."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from tests.ontology_site import FM, PM, REGISTRY, SM, ontology_site, pages, registry

from braindiet.checks import run_checks
from braindiet.diagnostics import Diagnostic
from braindiet.project import load_project


def problems(root: Path, code: str) -> list[Diagnostic]:
    return [d for d in run_checks(load_project(root)) if d.code == code]


def edited(tmp_path: Path, relative: str, old: str, new: str) -> Path:
    root = ontology_site(tmp_path)
    path = root / relative
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return root


def line_of(root: Path, relative: str, text: str) -> int:
    lines = (root / relative).read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, 1) if text in line)


def with_registry(tmp_path: Path, change: Callable[[dict[str, object]], None]) -> Path:
    data = registry()
    change(data)
    return ontology_site(tmp_path, {REGISTRY: json.dumps(data, indent=2)})


def test_the_fixture_breaks_none_of_the_ontology_rules(tmp_path: Path) -> None:
    found = {d.code for d in run_checks(load_project(ontology_site(tmp_path)))}
    assert not found & {"mechanism-id-invalid", "mechanism-id-duplicate",
                        "mechanism-link-unresolved", "mechanism-parent-missing",
                        "fm-coverage-mismatch", "phenome-unknown", "dependency-invalid",
                        "registry-invalid", "registry-area-unknown"}


def test_a_malformed_id(tmp_path: Path) -> None:
    root = edited(tmp_path, PM, "pm_id: BRS1-FM1-PM1", "pm_id: BRS1-PM1")
    (found,) = problems(root, "mechanism-id-invalid")
    assert found.file == PM and found.line == line_of(root, PM, "pm_id:")
    assert "BRS1-FM1-PM3" in (found.hint or "")


def test_two_pages_with_one_id(tmp_path: Path) -> None:
    root = ontology_site(tmp_path)
    twin = PM.replace("pm1-gaba-synthesis", "pm1-gaba-twin")
    (root / twin).write_text((root / PM).read_text(encoding="utf-8"), encoding="utf-8")
    (found,) = problems(root, "mechanism-id-duplicate")
    assert found.file in (PM, twin) and "BRS1-FM1-PM1" in found.message


def test_a_parent_that_does_not_exist(tmp_path: Path) -> None:
    root = edited(tmp_path, PM, "parent_fm: BRS1(FM1)", "parent_fm: BRS1(FM9)")
    found = problems(root, "mechanism-parent-missing")
    assert [(d.file, d.line) for d in found] == [(PM, line_of(root, PM, "parent_fm:"))]
    assert problems(root, "fm-coverage-mismatch")  # the FM still lists it


def test_a_link_to_no_page_and_a_drifted_name(tmp_path: Path) -> None:
    root = edited(tmp_path, SM, "id: BRS1(FM1)", "id: BRS1(FM7)")
    (unresolved,) = problems(root, "mechanism-link-unresolved")
    assert unresolved.file == SM and "BRS1(FM7)" in unresolved.message
    drift = problems(root, "mechanism-name-drift")
    assert [(d.file, d.line) for d in drift] == [(PM, line_of(root, PM, "BRS1(KC1) - "))]
    assert "'Amino Supply'" in (drift[0].hint or "")


def test_a_required_field(tmp_path: Path) -> None:
    root = edited(tmp_path, SM, "use_case: A GAD1 variant\n", "")
    (found,) = problems(root, "mechanism-field-missing")
    assert found.file == SM and "use_case" in found.message


def test_the_single_pm_rule(tmp_path: Path) -> None:
    root = ontology_site(tmp_path)
    found = problems(root, "fm-single-pm")
    assert [d.file for d in found] == [FM] and "'Calm Tone'" in found[0].message


def test_a_row_naming_an_unknown_and_a_retired_phenome(tmp_path: Path) -> None:
    root = edited(tmp_path, PM, "target_phenome: Calm Tone", "target_phenome: Old Energy")
    (retired,) = problems(root, "phenome-inactive")
    assert retired.file == PM and retired.line == line_of(root, PM, "Old Energy")
    root = edited(tmp_path / "again", PM, "target_phenome: Calm Tone",
                  "target_phenome: Calmness")
    (unknown,) = problems(root, "phenome-unknown")
    assert unknown.severity == "error" and unknown.line == line_of(root, PM, "Calmness")
    (unmapped,) = problems(root, "phenome-unmapped")  # no PM reaches Calm Tone any more
    assert unmapped.file == REGISTRY and "PH002" in unmapped.message


def test_a_dependency_page_naming_an_unknown_system(tmp_path: Path) -> None:
    dependency = "docs/biological-targets/dependencies/brs2-to-brs1.md"
    root = edited(tmp_path, dependency, "source_brs: BRS2", "source_brs: BRS7")
    found = problems(root, "dependency-invalid")
    assert {d.line for d in found} == {line_of(root, dependency, "integration_id"),
                                       line_of(root, dependency, "source_brs")}


def test_registry_rules(tmp_path: Path) -> None:
    def break_it(data: dict[str, object]) -> None:
        phenomes = data["phenomes"]
        assert isinstance(phenomes, list)
        phenomes[0]["therapeuticAreaIds"].append("TA009")
        phenomes[1]["name"] = "focus stability"  # the first one's name, in lower case
        phenomes[1]["provenance"]["relatedPhenomeIds"] = ["PH002"]
        data["meta"] = {"primaryTherapeuticAreaId": "TA010"}
    root = with_registry(tmp_path, break_it)
    assert len(problems(root, "registry-area-unknown")) == 2
    assert len(problems(root, "registry-name-duplicate")) == 1
    assert "itself" in problems(root, "registry-related-unknown")[0].message
    assert all(d.file == REGISTRY and d.line for d in problems(root, "registry-area-unknown"))


def test_a_registry_entry_that_cannot_be_read_is_left_out(tmp_path: Path) -> None:
    def break_it(data: dict[str, object]) -> None:
        phenomes = data["phenomes"]
        assert isinstance(phenomes, list)
        phenomes[1]["evidence_confidence"] = "certain"
    root = with_registry(tmp_path, break_it)
    (found,) = problems(root, "registry-invalid")
    text = (root / REGISTRY).read_text(encoding="utf-8").splitlines()
    assert found.line is not None and '"certain"' in text[found.line - 1]
    assert load_project(root).graph.registry_page("PH002") is None


def test_an_area_that_probably_has_a_page_by_another_name(tmp_path: Path) -> None:
    root = ontology_site(tmp_path)
    (found,) = problems(root, "area-probably-page")
    assert found.file == REGISTRY and found.severity == "info"
    assert found.hint == 'if so, add to braindiet.toml: [areas] TA002 = "Anxiety & GAD"'
    (root / "braindiet.toml").write_text('[areas]\nTA002 = "Anxiety & GAD"\n', encoding="utf-8")
    assert problems(root, "area-probably-page") == []


def test_an_areas_setting_naming_no_page(tmp_path: Path) -> None:
    root = ontology_site(tmp_path, {"braindiet.toml": '[areas]\nTA002 = "Worry"\n'})
    (found,) = problems(root, "area-config-unknown")
    assert (found.file, found.line) == ("braindiet.toml", 2)


def test_no_registry_no_registry_rules(tmp_path: Path) -> None:
    root = ontology_site(tmp_path, {REGISTRY: None})
    found = {d.code for d in run_checks(load_project(root))}
    assert not any(code.startswith(("registry", "page-generated", "area-")) for code in found)
    assert "phenome-unknown" in found
    unknown = [d.message for d in run_checks(load_project(root)) if d.code == "phenome-unknown"]
    assert unknown == ["'Calm Tone' is not a phenome of any phenome page"]  # Focus has a page
    assert set(pages()) - {REGISTRY} <= {p.relative_to(root).as_posix()
                                         for p in root.rglob("*") if p.is_file()}


def test_a_system_folder_whose_category_leads_elsewhere(tmp_path: Path) -> None:
    category = '{"label": "BRS1", "link": {"type": "generated-index"}}'
    root = ontology_site(tmp_path, {"docs/biological-targets/brs1/_category_.json": category})
    (found,) = problems(root, "hub-folder-mismatch")
    assert found.file == "docs/biological-targets/calm-signalling.md"
    assert '"id": "biological-targets/calm-signalling"' in (found.hint or "")
    linked = ('{"label": "BRS1", "link": {"type": "doc", '
              '"id": "biological-targets/calm-signalling"}}')
    root = ontology_site(tmp_path / "fixed", {"docs/biological-targets/brs1/_category_.json":
                                              linked})
    assert problems(root, "hub-folder-mismatch") == []

"""A small site in the August 2026 dialect, written for the tests: two regulatory systems, an
FM with its PM, a key constraint, a specific mechanism, a dependency page, a phenome page, a
therapeutic-area page, a registry and a bibliography. Invented content; facts only."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.conftest import page, write_site

PM = "docs/biological-targets/brs1/fm1/brs1-fm1-pm1-gaba-synthesis.md"
FM = "docs/biological-targets/brs1/fm1/brs1-fm1-inhibitory-tone.md"
KC = "docs/biological-targets/brs1/kc/brs1-kc1-amino-supply.md"
SM = "docs/biological-targets/brs1/sm/brs1-sm-snp1-gad-variant.md"
HUB = "docs/biological-targets/calm-signalling.md"
REGISTRY = "src/data/phenome-registry.json"
HUB_URL = "/docs/biological-targets/calm-signalling"
PM_URL = "/docs/biological-targets/brs1/fm1/brs1-fm1-pm1-gaba-synthesis"


def reference(key: str, label: str) -> dict[str, Any]:
    return {"label": label, "citation_key": key,
            "href": f"/docs/papers/BRAIN-Diet-References#{key}", "data_level": "Mechanistic"}


def row(phenome: str, relationship: str = "modulates", confidence: str = "low-medium",
        key: str = "smith_gaba_2020") -> dict[str, Any]:
    return {"target_phenome": phenome, "relationship_type": relationship,
            "confidence": confidence, "evidence_level": "mechanistic",
            "rationale": "Inhibitory tone steadies attention.",
            "references": [reference(key, "Smith (2020)")], "evidence_confidence": "low"}


def link(kind_path: str, item_id: str, name: str) -> dict[str, str]:
    return {"id": item_id, "name": name, "href": "/docs/biological-targets/" + kind_path}


def registry() -> dict[str, Any]:
    def phenome(pid: str, name: str, areas: list[str], status: str = "active") -> dict[str, Any]:
        return {"id": pid, "name": name, "slug": name.lower().replace(" ", "-"),
                "description": f"{name}, as a capacity.", "publicSummary": f"How {name} holds.",
                "primaryDomains": ["attention"], "therapeuticAreaIds": areas, "status": status,
                "evidence_confidence": "low-medium", "evidence_confidence_note": "Indirect.",
                "provenance": {"frameworkOrigin": "BRAIN", "developmentNote": "Core.",
                               "relatedPhenomeIds": []},
                "crossReferences": {"rdoc_domains": ["Cognitive Systems"]},
                "evidence": {"construct_landmark_papers": [
                    {"label": "Jones (2019)", "citation_key": "jones_attention_2019",
                     "href": "/docs/papers/BRAIN-Diet-References#jones_attention_2019",
                     "note": "Defines the construct."}]}}
    return {
        "meta": {"version": 1, "primaryTherapeuticAreaId": "TA001"},
        "therapeuticAreas": [
            {"id": "TA001", "name": "ADHD", "slug": "adhd", "description": "Attention.",
             "status": "active"},
            {"id": "TA002", "name": "Anxiety Disorders", "slug": "anxiety-disorders",
             "description": "Worry.", "status": "active"}],
        "reviewFlags": [],
        "phenomes": [phenome("PH001", "Focus Stability", ["TA001", "TA002"]),
                     phenome("PH002", "Calm Tone", ["TA001"]),
                     phenome("PH003", "Old Energy", ["TA001"], status="retired")],
    }


def pages() -> dict[str, str]:
    return {
        "docs/tags.yml": "Therapeutic Area:\n  label: Therapeutic Area\n"
                         "Inflammation:\n  label: Inflammation\n",
        HUB: page("BRS1 - Calm Signalling", "Biological Target", "Calm Signalling",
                  body="The inhibitory system."),
        "docs/biological-targets/energy-supply.md": page(
            "BRS2 - Energy Supply & Inflammation", "Biological Target",
            body="The energy system."),
        "docs/biological-targets/dependencies/brs2-to-brs1.md": page(
            "BRS2 → BRS1", integration_id="BRS2->BRS1", source_brs="BRS2",
            destination_brs="BRS1", body="Energy feeds calm."),
        FM: page("Inhibitory Tone", fm_id="BRS1(FM1)", parent_brs="BRS1",
                 mechanisms_covered=[link("brs1/fm1/brs1-fm1-pm1-gaba-synthesis",
                                          "BRS1-FM1-PM1", "GABA Synthesis")],
                 key_constraints=[link("brs1/kc/brs1-kc1-amino-supply", "BRS1(KC1)",
                                       "Amino Supply") | {"type": "precursor"}],
                 functional_outcome_context=[
                     {"outcome_name": "Focus Stability", "confidence": "low-medium",
                      "evidence_confidence": "low", "synthesis": "Tone steadies focus.",
                      "references": [reference("smith_gaba_2020", "Smith (2020)")]}],
                 timing_specific="Yes", body="## BRS1(FM1) - Inhibitory Tone\n"),
        PM: page("GABA Synthesis", pm_id="BRS1-FM1-PM1", parent_fm="BRS1(FM1)",
                 parent_brs="BRS1", key_constraints=["BRS1(KC1) - Amino Acid Supply"],
                 cofactors=["magnesium", "meal timing"], timing_specific="Yes",
                 intervention_breakdown="Food-State Dominant",
                 phenome_relationships=[row("Focus Stability"), row("Calm Tone", "supports")],
                 references=["[Smith (2020) — GABA](/docs/papers/BRAIN-Diet-References"
                             "#smith_gaba_2020)"],
                 body="## BRS1-FM1-PM1 - GABA Synthesis\n\n## 4. Levers\n"),
        KC: page("Amino Supply", kc_id="BRS1(KC1)", parent_brs="BRS1", body="Supply."),
        SM: page("GAD Variant Sensitivity", sm_id="BRS1(SM-SNP1)", parent_brs="BRS1",
                 sm_category="SM-SNP", use_case="A GAD1 variant",
                 connected_pms=[link("brs1/fm1/brs1-fm1-pm1-gaba-synthesis", "BRS1-FM1-PM1",
                                     "GABA Synthesis")],
                 connected_fms=[link("brs1/fm1/brs1-fm1-inhibitory-tone", "BRS1(FM1)",
                                     "Inhibitory Tone")],
                 timing_specific="Yes", body="Variant."),
        "docs/substances/magnesium.md": page(
            "Magnesium", "Substance", "Magnesium", "Inflammation",
            mechanisms={"Calm Signalling": "Magnesium calms NMDA signalling.",
                        "Inflammation": "Magnesium lowers inflammatory tone."},
            body="A mineral."),
        "docs/foods/spinach.md": page("Spinach", "Food", "Spinach", "Magnesium", body="Leaves."),
        "docs/recipes/green-bowl.md": page("Green Bowl", "Recipe", "Spinach", body="A bowl."),
        "docs/phenomes/details/ph001-focus-stability.md": page(
            "PH001 — Focus Stability", body='<PhenomeDetail phenomeId="PH001" />'),
        "docs/therapeutic-areas/anxiety-gad.md": page("Anxiety & GAD", "Therapeutic Area",
                                                      body="Anxiety."),
        "docs/papers/BRAIN-Diet-References.md": page("References", body="<BibTexReferences />"),
        "static/bibtex/BRAIN-diet.bib": "@article{smith_gaba_2020, author = {Smith, A.}, "
                                         "title = {GABA}, journal = {J}, year = {2020}}\n",
        REGISTRY: json.dumps(registry(), indent=2),
    }


def ontology_site(root: Path, changes: dict[str, str | None] | None = None) -> Path:
    """The site on disk, with files replaced (`{path: text}`) or left out (`{path: None}`)."""
    files: dict[str, str | None] = {**pages(), **(changes or {})}
    return write_site(root, {k: v for k, v in files.items() if v is not None})

"""Phenomes as readers see them, and the area and substance matrices along today's chain.

Expectations come from the sources themselves (the registry JSON, the mechanism pages' front
matter, the food pages' tags), read here with json and yaml, not from braindiet's graph.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup, Tag
from tests.conftest import page, write_site

from braindiet.checks import run_checks
from braindiet.project import load_project
from braindiet.site.build import build

REFERENCES = "/docs/papers/BRAIN-Diet-References"


def soup(site: Path, permalink: str) -> BeautifulSoup:
    return BeautifulSoup((site / permalink.strip("/") / "index.html").read_text("utf-8"),
                         "html.parser")


def front_matters(root: Path) -> dict[Path, dict]:
    """Every published page's front matter (drafts left out, as the build leaves them)."""
    found = {}
    for path in sorted((root / "docs").rglob("*.md*")):
        match = re.match(r"---\n(.*?)\n---\n", path.read_text("utf-8"), re.S)
        data = yaml.safe_load(match.group(1)) if match else None
        if isinstance(data, dict) and data.get("draft") is not True:
            found[path] = data
    return found


def rows_naming(root: Path, name: str) -> set[str]:
    """Titles of the mechanism pages with a row for the phenome called `name`."""
    titles = set()
    for data in front_matters(root).values():
        rows = [r.get("target_phenome") for r in data.get("phenome_relationships") or []
                if isinstance(r, dict)]
        rows += [r.get("outcome_name") for r in data.get("functional_outcome_context") or []
                 if isinstance(r, dict)]
        if any(isinstance(r, str) and r.strip().casefold() == name.casefold() for r in rows):
            titles.add(str(data.get("title")))
    return titles


@pytest.fixture(scope="module")
def registry(corpus_2026_root: Path) -> dict:
    return json.loads((corpus_2026_root / "src/data/phenome-registry.json").read_text("utf-8"))


def entry(registry: dict, phenome_id: str) -> dict:
    return next(p for p in registry["phenomes"] if p["id"] == phenome_id)


# ---- PhenomeDetail --------------------------------------------------------------------------


@pytest.mark.corpus
def test_a_phenome_page_shows_its_registry_entry(corpus_2026_site: Path, registry: dict) -> None:
    ph001 = entry(registry, "PH001")
    html = soup(corpus_2026_site, "/docs/phenomes/details/ph001-focus-attention-stability")
    detail = html.select_one(".phenome")
    assert detail is not None
    text = detail.get_text(" ", strip=True)
    assert html.find("h1").get_text(strip=True) == f"PH001 — {ph001['name']}"
    assert ph001["description"] in text and ph001["publicSummary"] in text
    shown_areas = [li.get_text(strip=True).split()[0] for li in detail.select(".phenome__area")]
    active_areas = {a["id"] for a in registry["therapeuticAreas"] if a.get("status") == "active"}
    assert shown_areas == [a for a in ph001["therapeuticAreaIds"] if a in active_areas]
    for related in ph001["provenance"]["relatedPhenomeIds"]:
        assert related in text
    papers = [p for layer in ph001["evidence"].values() for p in layer]
    cited = {a["data-cite"] for a in detail.select("[data-cite]")}
    assert {p["citation_key"] for p in papers} == cited
    # a known paper is a live citation into the bibliography
    live = detail.select_one("a.citation")
    assert live is not None and live["href"].startswith(f"{REFERENCES}/#")


@pytest.mark.corpus
def test_a_phenome_page_lists_every_mechanism_with_a_row_for_it(
        corpus_2026_root: Path, corpus_2026_site: Path, registry: dict) -> None:
    for phenome_id, slug in [("PH001", "ph001-focus-attention-stability"),
                             ("PH003", "ph003-emotional-regulation")]:
        expected = rows_naming(corpus_2026_root, entry(registry, phenome_id)["name"])
        detail = soup(corpus_2026_site, f"/docs/phenomes/details/{slug}").select_one(".phenome")
        assert detail is not None
        links = detail.select(".phenome__system li > a")
        shown = {a.get_text(strip=True) for a in links}
        assert len(links) == len(expected) > 10
        for title in expected:  # shown as "BRS1-FM4-PM8 — GABA Synthesis Capacity" or its title
            assert any(title in s or s.endswith(title.split(" - ")[-1]) for s in shown), title
        for a in links:
            assert (corpus_2026_site / a["href"].strip("/") / "index.html").is_file()
        assert all("Biology → Phenome" in li.get_text() for li in detail.select(
            ".phenome__system li"))


# ---- PhenomeRegistry ------------------------------------------------------------------------


@pytest.mark.corpus
def test_the_registry_page_tables_every_active_phenome(corpus_2026_root: Path,
                                                       corpus_2026_site: Path,
                                                       registry: dict) -> None:
    html = soup(corpus_2026_site, "/docs/phenomes")
    table = html.select(".phenome-registry table")[1]
    rows = {tr.find("th").get_text(strip=True): tr for tr in table.select("tbody tr")}
    active = [p for p in registry["phenomes"] if p.get("status") == "active"]
    assert list(rows) == [p["id"] for p in active]
    for phenome in active[:6]:
        cells = rows[phenome["id"]].find_all("td")
        assert cells[0].get_text(strip=True) == phenome["name"]
        count = len(rows_naming(corpus_2026_root, phenome["name"]))
        assert cells[-1].get_text(strip=True) == (
            "1 mechanism" if count == 1 else f"{count} mechanisms")


def test_an_unknown_phenome_id_is_a_diagnostic_at_its_line(tmp_path: Path) -> None:
    registry = {"therapeuticAreas": [{"id": "TA001", "name": "ADHD", "status": "active"}],
                "phenomes": [{"id": "PH001", "name": "Focus", "status": "active",
                              "therapeuticAreaIds": ["TA001"]}]}
    root = write_site(tmp_path / "site", {
        "src/data/phenome-registry.json": json.dumps(registry),
        "docs/phenomes/focus.mdx": page("PH001 — Focus",
                                        body='<PhenomeDetail phenomeId="PH001" />'),
        "docs/phenomes/lost.mdx": page("Lost",
                                       body='Intro.\n\n<PhenomeDetail phenomeId="PH404" />'),
    })
    found = [d for d in run_checks(load_project(root)) if d.file == "docs/phenomes/lost.mdx"]
    codes = [(d.code, d.line) for d in found if d.code.startswith(("component", "phenome-d"))]
    assert codes == [("phenome-detail-unknown", 7)]
    assert all("PH404" in d.message for d in found if d.code == "phenome-detail-unknown")
    out = tmp_path / "out"
    build(root, out)  # the rest of the site still builds
    focus = soup(out, "/docs/phenomes/focus").select_one(".phenome")
    assert focus is not None and "No mechanism page names this phenome yet" in focus.get_text()


# ---- a mechanism's phenome rows --------------------------------------------------------------

PM8 = ("docs/biological-targets/brs1/fm4/brs1-fm4-pm8-gaba-synthesis-capacity.mdx",
       "/docs/biological-targets/brs1/fm4/brs1-fm4-pm8-gaba-synthesis-capacity")


@pytest.mark.corpus
def test_a_process_mechanism_shows_its_phenome_rows_with_resolved_citations(
        corpus_2026_root: Path, corpus_2026_site: Path) -> None:
    data = front_matters(corpus_2026_root)[corpus_2026_root / PM8[0]]
    rows = data["phenome_relationships"]
    table = soup(corpus_2026_site, PM8[1]).select_one(".phenome-relationships table")
    assert table is not None
    shown = table.select("tbody tr")
    assert [tr.find("th").get_text(strip=True) for tr in shown] == [
        r["target_phenome"] for r in rows]
    for tr, row in zip(shown, rows, strict=True):
        cells = [td.get_text(" ", strip=True) for td in tr.find_all("td")]
        assert cells[0] == row["relationship_type"]
        assert cells[2] == row["evidence_level"]
        keys = [a["data-cite"] for a in tr.select("[data-cite]")]
        assert keys == [ref["citation_key"] for ref in row["references"]]
    # the references page counts this page among the citers of each row's papers
    references = soup(corpus_2026_site, REFERENCES)
    key = rows[0]["references"][0]["citation_key"]
    entry_html = references.find(id=key)
    assert isinstance(entry_html, Tag)
    assert "GABA Synthesis Capacity" in entry_html.get_text()


@pytest.mark.corpus
def test_a_functional_mechanism_rolls_up_its_parts(corpus_2026_site: Path) -> None:
    fm = soup(corpus_2026_site, "/docs/biological-targets/brs1/fm4/"
                                "brs1-fm4-excitatory-inhibitory-balance-gaba-glutamate-regulation")
    table = fm.select_one(".phenome-relationships table")
    assert table is not None
    phenomes = [tr.find("th").get_text(strip=True) for tr in table.select("tbody tr")]
    assert "Focus / Attention Stability" in phenomes


# ---- the matrices -----------------------------------------------------------------------------


def tagged_with(root: Path, folder: str, tag: str) -> list[set[str]]:
    """The names (title, sidebar label) of each page under docs/<folder> whose tags include
    `tag` literally."""
    return [{str(d.get("title")), str(d.get("sidebar_label", d.get("title")))}
            for p, d in front_matters(root).items() if f"/docs/{folder}/" in p.as_posix()
            and tag in [t for t in d.get("tags") or [] if isinstance(t, str)]]


@pytest.mark.corpus
def test_the_december_area_pages_show_their_foods(corpus_root: Path, corpus_site: Path) -> None:
    total = Counter()
    for slug in ["adhd", "anxiety-gad", "bipolar", "depression-mdd", "alzhiemers"]:
        matrix = soup(corpus_site, f"/docs/therapeutic-areas/{slug}").select_one(".area-matrix")
        assert matrix is not None
        for tr in matrix.select("tbody tr"):
            foods = [a.get_text(strip=True) for a in tr.find_all("td")[0].find_all("a")]
            total[slug] += len(foods)
            # richest first: no trace source before a counted one
            marks = [f.endswith("(trace)") for f in foods]
            assert marks == sorted(marks)
        assert total[slug] > 100
    # each food the original's rule finds (tagged with the substance's title) is shown
    adhd = soup(corpus_site, "/docs/therapeutic-areas/adhd").select_one(".area-matrix")
    assert adhd is not None
    for tr in adhd.select("tbody tr"):
        substance = tr.find("th").get_text(strip=True)
        shown = {a.get_text(strip=True).removesuffix(" (trace)")
                 for a in tr.find_all("td")[0].find_all("a")}
        for names in tagged_with(corpus_root, "foods", substance):
            assert names & shown, (substance, names)


@pytest.mark.corpus
def test_the_2026_area_matrix_says_why_a_mechanism_is_in_the_area(corpus_2026_site: Path,
                                                                    registry: dict) -> None:
    matrix = soup(corpus_2026_site, "/docs/therapeutic-areas/adhd").select_one(".area-matrix")
    assert matrix is not None
    adhd_phenomes = {p["id"] for p in registry["phenomes"]
                     if "TA001" in p["therapeuticAreaIds"] and p.get("status") == "active"}
    sections = matrix.select("details")
    assert len(sections) > 10
    for section in sections:
        note = section.select_one(".matrix-note")
        if note is not None:  # reached through phenomes: each one of the area's
            ids = [a.get_text(strip=True).split(" — ", 1)[0] for a in note.find_all("a")]
            assert ids and set(ids) <= adhd_phenomes
        assert all(len(tr.find_all("td")) == 2 for tr in section.select("tbody tr"))
    foods = sum(len(td.find_all("a")) for td in matrix.select("tbody td:first-of-type"))
    assert foods > 100


@pytest.mark.corpus
def test_magnesium_reaches_areas_through_phenomes_on_the_2026_tree(
        corpus_2026_site: Path) -> None:
    html = soup(corpus_2026_site, "/docs/substances/nutrients/micronutrients/minerals/macro/"
                                  "magnesium")
    table = html.select_one(".matrix table")
    assert table is not None
    heads = [th.get_text(strip=True) for th in table.select("thead th")]
    assert heads == ["Biological target", "Phenomes", "Therapeutic areas", "Mechanism"]
    why = [tr.find_all("td")[-1].get_text(strip=True) for tr in table.select("tbody tr")]
    assert any(w.startswith("A cofactor of") for w in why)
    assert "No mechanism given" not in " ".join(why) or len(why) > 1


def test_the_december_substance_matrix_keeps_its_columns(tmp_path: Path) -> None:
    root = write_site(tmp_path / "site", {
        "docs/substances/zinc.md": page("Zinc", "Substance", "Dopamine",
                                        mechanisms={"Dopamine": "Cofactor of synthesis."},
                                        body='<SubstanceMatrix tag="Zinc" />'),
        "docs/biological-targets/dopamine.md": page("Dopamine", "Biological Target", "ADHD"),
        "docs/therapeutic-areas/adhd.md": page("ADHD", "Therapeutic Area"),
    })
    out = tmp_path / "out"
    build(root, out)
    table = soup(out, "/docs/substances/zinc").select_one(".matrix table")
    assert table is not None
    assert [th.get_text(strip=True) for th in table.select("thead th")] == [
        "Biological target", "Therapeutic areas", "Mechanism"]
    assert [td.get_text(strip=True) for td in table.select("tbody td")] == [
        "ADHD", "Cofactor of synthesis."]

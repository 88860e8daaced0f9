"""Junk bibliography entries (a PubMed number as title, no title, neither author nor year)
are reported with their .bib line and marked on the references page, still listed so their
citations resolve (issue 14, item 7)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from hypothesis import given
from hypothesis import strategies as st
from tests.conftest import page, write_site
from typer.testing import CliRunner

from braindiet.checks import run_checks
from braindiet.cli import app
from braindiet.project import load_project
from braindiet.science.bibliography import Name, Reference
from braindiet.science.bibliography.completeness import incomplete_reasons
from braindiet.site.build import build

REFS = "/docs/papers/BRAIN-Diet-References"
BIB = """\
@article{good_2020,
  title = {Magnesium and sleep},
  author = {Doe, Jane},
  journal = {J},
  year = {2020},
}
@misc{noauthor_22214254_nodate,
  title = {22214254},
}
@misc{noauthor_notitle_nodate,
  url = {https://example.org/x},
}
@article{noauthor_gut_nodate,
  title = {Gut microbiome supplementation as therapy},
  journal = {J},
}
"""
LINES = {"noauthor_22214254_nodate": 7, "noauthor_notitle_nodate": 10,
         "noauthor_gut_nodate": 13}


def _site(root: Path) -> Path:
    return write_site(root, {
        "static/bibtex/BRAIN-diet.bib": BIB,
        "docs/papers/BRAIN-Diet-References.md": "---\ntitle: Refs\n---\n<BibTexReferences />\n",
        "docs/foods/kale.md": page("Kale", body=f"[a]({REFS}#good_2020), "
                                                 f"[b]({REFS}#noauthor_gut_nodate)"),
    })


def test_check_names_each_junk_entry_at_its_bib_line(tmp_path: Path) -> None:
    problems = run_checks(load_project(_site(tmp_path)))
    found = {(d.file, d.line) for d in problems if d.code == "bib-incomplete-entry"}
    assert found == {("static/bibtex/BRAIN-diet.bib", LINES["noauthor_22214254_nodate"]),
                     ("static/bibtex/BRAIN-diet.bib", LINES["noauthor_notitle_nodate"]),
                     ("static/bibtex/BRAIN-diet.bib", LINES["noauthor_gut_nodate"])}
    pubmed = next(d for d in problems if d.code == "bib-incomplete-entry"
                  and d.line == LINES["noauthor_22214254_nodate"])
    assert "PubMed number" in pubmed.message


def test_refs_lists_the_incomplete_entries(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["refs", str(_site(tmp_path)), "--incomplete",
                                      "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = {row["key"]: row for row in json.loads(result.stdout)}
    assert set(rows) == set(LINES)
    assert rows["noauthor_gut_nodate"]["citations"] == 1
    assert rows["noauthor_notitle_nodate"]["location"].endswith(
        f":{LINES['noauthor_notitle_nodate']}")


def test_the_references_page_marks_them_and_still_lists_them(tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(_site(tmp_path / "src"), out)
    html = BeautifulSoup((out / "docs/papers/BRAIN-Diet-References/index.html").read_text(
        "utf-8"), "html.parser")
    entries = {li["id"]: li for li in html.select("li.reference")}
    assert set(entries) == {"good_2020", *LINES}  # listed: their citations still resolve
    marked = {key for key, li in entries.items() if "reference--incomplete" in li["class"]}
    assert marked == set(LINES)
    badge = entries["noauthor_22214254_nodate"].select_one(".reference__incomplete")
    assert badge is not None and "Incomplete entry" in badge.get_text()
    assert "PubMed number" in badge.get_text()
    assert entries["good_2020"].select_one(".reference__incomplete") is None
    kale = BeautifulSoup((out / "docs/foods/kale/index.html").read_text("utf-8"), "html.parser")
    assert kale.select_one('a.citation[data-cite="noauthor_gut_nodate"]') is not None


def _reference(title: str | None, authors: tuple[Name, ...] = (), year: int | None = None
               ) -> Reference:
    return Reference("k", "article", title, authors, year)


@given(st.integers(10_000, 999_999_999), st.sampled_from(["", "PMID ", "PMID: "]))
def test_a_pubmed_number_is_never_a_title(number: int, prefix: str) -> None:
    reasons = incomplete_reasons(_reference(f"{prefix}{number}", (Name("Doe", "J"),), 2020))
    assert any("PubMed number" in r for r in reasons)


@given(st.text(alphabet=st.characters(categories=("L",)), min_size=2, max_size=12),
       st.integers(1900, 2030))
def test_a_titled_entry_with_an_author_or_a_year_is_sound(word: str, year: int) -> None:
    title = f"Effects of {word} on sleep"
    assert incomplete_reasons(_reference(title, (Name("Doe", "J"),))) == ()
    assert incomplete_reasons(_reference(title, year=year)) == ()
    assert incomplete_reasons(_reference(title)) == ("it has neither an author nor a year",)


@pytest.mark.parametrize("title", [None, "", "[Untitled]", "untitled"])
def test_no_title_is_incomplete(title: str | None) -> None:
    assert "it has no title" in incomplete_reasons(_reference(title, (Name("Doe", "J"),), 2020))


def test_the_example_bibliography_has_no_incomplete_entry() -> None:
    result = CliRunner().invoke(app, ["refs", "--incomplete", "--format", "json"])
    assert json.loads(result.stdout) == []


@pytest.mark.corpus
def test_the_december_corpus_junk_entries_are_reported(corpus_root: Path) -> None:
    result = CliRunner().invoke(app, ["refs", str(corpus_root), "--incomplete",
                                      "--format", "json"])
    keys = {row["key"] for row in json.loads(result.stdout)}
    # entries the reference manager left with a PubMed number, no title, or no author/year
    assert {"noauthor_22214254_nodate", "noauthor_notitle_nodate", "zeman_23391975_nodate",
            "noauthor_pmc_5620801_nodate", "noauthor_citation_ris_nodate"} <= keys
    assert "clerc_magnesium_2013" not in keys
